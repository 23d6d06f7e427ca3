"""Ordered, bounded parallel work: many texts or rows cleaned on every core.

The unit of work is a *batch* (a list of texts, or of raw JSON lines), so that
pickling and process hand-over cost little per item. ``imap_batches`` keeps at
most ``in_flight`` batches submitted at once and yields their results in
submission order, so memory stays flat however long the input is and the
output keeps the input's order. With ``jobs=1`` everything runs in the calling
process: no pool, no pickling, same results.

Worker state (the ``Config`` and the like) is sent once per process through
the pool initializer, not with every batch; in the calling process it is
passed along, so two runs with different settings can be interleaved.

``clean_many`` and ``analyze_many`` are the library's entry points; they are
re-exported from ``cleaner``.

>>> list(clean_many(["Back to top\\n\\nIt rained in Paris all day, they said."], jobs=1))
['It rained in Paris all day, they said.\\n']
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from types import MappingProxyType
from typing import Any, TypeVar

from . import errors
from .config import Config, from_mapping
from .model import Result

T = TypeVar("T")
R = TypeVar("R")

#: Texts per batch in ``clean_many`` / ``analyze_many`` unless told otherwise.
DEFAULT_BATCH = 64


def resolve_jobs(jobs: int | str | None) -> int:
    """The number of processes for ``jobs``: a positive number, or ``"auto"``
    / ``0`` / ``None`` for every core this process may use.

    >>> resolve_jobs(3)
    3
    >>> resolve_jobs("auto") >= 1
    True
    >>> resolve_jobs(-1)
    Traceback (most recent call last):
    ...
    cleaner.errors.ConfigError: option 'jobs' in options must be a positive number or 'auto', got -1
    """
    if jobs is None or jobs == 0 or (isinstance(jobs, str) and jobs.strip().lower() == "auto"):
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # pragma: no cover - not Linux
            return max(1, os.cpu_count() or 1)
    if isinstance(jobs, str) and jobs.strip().isdigit():
        jobs = int(jobs)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise errors.ConfigError(errors.BAD_JOBS.format(got=jobs))
    return jobs


def pickles(obj: Any) -> bool:
    """Whether ``obj`` can go to a worker process (``imap_batches``'s ``state``).

    >>> pickles(Config()), pickles(lambda row: row)
    (True, False)
    """
    try:
        pickle.dumps(obj)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last may be shorter).

    >>> list(batched(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def imap_batches(
    func: Callable[[Any, T], R],
    batches: Iterable[T],
    *,
    jobs: int = 1,
    state: Any = None,
    in_flight: int | None = None,
) -> Iterator[R]:
    """``func(state, batch)`` for every batch, in order, on ``jobs`` processes.

    ``state`` (the configuration and the like) goes to each worker process
    once. At most ``in_flight`` batches (default ``2 * jobs``) are submitted
    and not yet yielded, so the input is read only as fast as results are
    consumed. ``func`` must be a module-level function (it is pickled by
    name). With ``jobs == 1`` everything runs here, in order.

    >>> list(imap_batches(lambda k, b: k * sum(b), [[1, 2], [3]], state=10))
    [30, 30]
    """
    if jobs <= 1:
        for batch in batches:
            yield func(state, batch)
        return
    limit = max(1, in_flight or 2 * jobs)
    pending: deque[Future[R]] = deque()
    executor = ProcessPoolExecutor(jobs, initializer=_set_state, initargs=(state, os.getpid()))
    try:
        for batch in batches:
            pending.append(executor.submit(_call, func, batch))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        # Stopped (a signal, Ctrl-C, an error, or the caller stopped reading):
        # no result still running is wanted, so the workers end now rather than
        # after their batches (a batch is about a megabyte of text).
        for future in pending:
            future.cancel()
        _end_workers(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _end_workers(executor: ProcessPoolExecutor) -> None:
    """Terminate ``executor``'s worker processes (they hold nothing to clean
    up: SIGTERM ends them, ``_set_state``). Python 3.14 has
    ``ProcessPoolExecutor.terminate_workers``; before it, the processes are
    reached through the executor's own table."""
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:  # pragma: no cover - Python >= 3.14
        terminate()
        return
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()


_STATE: Any = None


#: How often (seconds) a worker without ``PR_SET_PDEATHSIG`` looks for its parent.
WATCH_PARENT_EVERY = 0.5
_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` dies, however it dies
    (``kill -9`` too), so no worker lives on holding the caller's pipes.

    On Linux the kernel does it: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``. Elsewhere
    (or if that call fails) a daemon thread checks every ``WATCH_PARENT_EVERY``
    seconds whether the parent is still this process's parent. Either way, a
    parent that died before this ran is noticed at once.
    """
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    if not armed:

        def watch() -> None:
            while True:
                time.sleep(WATCH_PARENT_EVERY)
                if os.getppid() != parent:
                    os._exit(1)

        threading.Thread(target=watch, name="cleaner-parent-watch", daemon=True).start()


def _set_state(state: Any, parent: int | None = None) -> None:
    global _STATE
    _STATE = state
    # Ctrl-C reaches the whole process group: only the parent should act on it.
    # A worker killed by it mid-queue-read could leave the pool hanging; ignoring
    # it lets the parent cancel what is queued and wait for the running batches.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A closed terminal sends SIGHUP to the whole group too: the parent ends the
    # run (and its workers with it).
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    # The parent may have made SIGTERM raise SystemExit (jsonl.exit_on_signals);
    # a worker inherits that handler on fork, which would swallow SIGTERM inside
    # a batch. A worker has nothing to clean up: SIGTERM ends it.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent is not None:
        _die_with_parent(parent)


def _call(func: Callable[[Any, T], R], batch: T) -> R:
    return func(_STATE, batch)


# -- clean_many / analyze_many ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Packed:
    """A ``Result`` in a form that pickles (its ``meta`` is a plain dict)."""

    text: str
    segments: tuple[Any, ...]
    verdicts: tuple[Any, ...]
    meta: dict[str, str]
    overruled: tuple[Any, ...] = ()

    def unpack(self) -> Result:
        return Result(
            self.text, self.segments, self.verdicts, MappingProxyType(self.meta), self.overruled
        )


def _clean_batch(config: Config, texts: list[str]) -> list[str | Exception]:
    from .api import clean_each

    return clean_each(texts, config)


def _analyze_batch(config: Config, texts: list[str]) -> list[_Packed | Exception]:
    from .api import analyze_each

    return [
        r
        if isinstance(r, Exception)
        else _Packed(r.text, r.segments, r.verdicts, dict(r.meta), r.overruled)
        for r in analyze_each(texts, config)
    ]


def _raised(item: T | Exception) -> T:
    """``item``, or raised where a text failed (the texts before it are yielded)."""
    if isinstance(item, Exception):
        raise item
    return item


def _checked(texts: Iterable[Any]) -> Iterator[str]:
    for text in texts:
        if not isinstance(text, (str, bytes)):
            raise TypeError(f"cleaner works on str, got {type(text).__name__}")
        yield text


def _config(config: Config | None, options: dict[str, Any]) -> Config:
    config = config or Config()
    return from_mapping(options, base=config) if options else config


def clean_many(
    texts: Iterable[str],
    *,
    jobs: int | str = 1,
    config: Config | None = None,
    batch_size: int = DEFAULT_BATCH,
    **options: Any,
) -> Iterator[str]:
    """Clean every text of ``texts``; yield the bodies (``str``) in input order.

    Each yielded body is exactly ``cleaner.clean(text, config=config, **options)``.
    ``texts`` is read lazily, a few batches ahead of what has been yielded, so
    a generator over a huge corpus is fine. ``jobs`` processes do the work
    (``"auto"``: every core). A text that ``clean`` does not take raises
    ``TypeError`` when it is reached.

    >>> list(clean_many(["Advertisement\\n\\nOne short line of article text here."]))
    ['One short line of article text here.\\n']
    """
    config = _config(config, options)
    n = resolve_jobs(jobs)
    batches = batched(_checked(texts), max(1, batch_size))
    for bodies in imap_batches(_clean_batch, batches, jobs=n, state=config):
        for body in bodies:
            yield _raised(body)


def analyze_many(
    texts: Iterable[str],
    *,
    jobs: int | str = 1,
    config: Config | None = None,
    batch_size: int = DEFAULT_BATCH,
    **options: Any,
) -> Iterator[Result]:
    """Like ``clean_many`` but yield the full ``Result`` of each text, in order.

    >>> [r.removed[0].code for r in analyze_many(["Back to top\\n\\nText of the story."])]
    ['CL103']
    """
    config = _config(config, options)
    n = resolve_jobs(jobs)
    batches = batched(_checked(texts), max(1, batch_size))
    for packed in imap_batches(_analyze_batch, batches, jobs=n, state=config):
        for p in packed:
            yield _raised(p).unpack()
