"""JSON Lines in and out, streamed: every field kept, one field cleaned.

Memory stays flat however large the input: the reader hands out *batches* of
about ``BATCH_BYTES`` raw bytes (whole lines), at most a few batches are in
flight, and each batch's output is written as soon as it is its turn. With
``jobs > 1`` the batches go to worker processes (``cleaner.parallel``), which
decode, parse, clean and serialize; the parent only reads and writes bytes,
and the output keeps the input order.

A row that cannot be cleaned (invalid UTF-8, not JSON, not an object, the
field missing or not a string) is a ``BadRow``: it is reported and skipped,
and the run goes on. Blank lines are not rows and are skipped silently.

``cleaner.fileio.atomic_output`` gives a file that appears only when it is complete: the
data goes to a temporary file in the same folder, renamed over the target at
the end and removed if anything fails.

>>> import io
>>> out = io.BytesIO()
>>> stats = clean_stream([("in.jsonl", io.BytesIO(
...     b'{"id": 1, "text": "Back to top\\\\n\\\\nIt rained all day in Paris."}\\n'
...     b'not json\\n'))], out, on_bad_row=lambda bad: print(bad.error))
line 2: not a JSON object (Expecting value: line 1 column 1 (char 0))
>>> out.getvalue()
b'{"id": 1, "text": "It rained all day in Paris.\\\\n"}\\n'
>>> stats.rows, stats.failed
(2, 1)
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from . import errors
from .config import Config
from .parallel import imap_batches, pickles, resolve_jobs

#: Raw bytes per batch handed to a worker (whole lines; one long line may exceed it).
BATCH_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that could not be cleaned: its line number, raw text and why."""

    line: int
    raw: str
    error: str
    path: str = ""

    def to_record(self) -> dict[str, Any]:
        """The JSON object written to ``--errors FILE``.

        >>> BadRow(3, "{oops", "line 3: not a JSON object (...)", "a.jsonl").to_record()["line"]
        3
        """
        return {"file": self.path, "line": self.line, "error": self.error, "raw": self.raw}


@dataclass(frozen=True)
class Job:
    """What to do with each row; sent once to every worker process.

    ``row_config``, when given, picks each row's ``Config`` (say, by site);
    with ``jobs > 1`` it must pickle (a module-level function or a class
    instance), or the stream runs in one process.
    """

    field: str = "text"
    meta: bool = False
    config: Config = dataclasses.field(default_factory=Config)
    row_config: Callable[[dict[str, Any]], Config] | None = None

    def config_for(self, row: dict[str, Any]) -> Config:
        return self.config if self.row_config is None else self.row_config(row)


@dataclass
class Stats:
    """Running totals of a stream: rows seen, rows failed, raw bytes read."""

    rows: int = 0
    failed: int = 0
    bytes_read: int = 0


@dataclass(frozen=True, slots=True)
class Batch:
    """Whole raw lines of one input, starting at line number ``first_line``."""

    path: str
    first_line: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Done:
    """A cleaned batch: the output bytes, its bad rows, rows and bytes seen."""

    output: bytes
    bad: tuple[BadRow, ...]
    rows: int
    size: int


# -- one row -----------------------------------------------------------------------


def parse_row(raw: str, line: int, field: str) -> dict[str, Any] | BadRow:
    """A JSON object with a string ``field``, or a ``BadRow`` saying what is wrong.

    >>> parse_row('{"text": "x", "id": 1}', 1, "text")
    {'text': 'x', 'id': 1}
    >>> parse_row('{"text": 3}', 7, "text").error
    "line 7: field 'text' is int, not a string"
    """
    try:
        row = json.loads(raw)
    except ValueError as exc:
        return BadRow(line, raw, errors.BAD_JSON_ROW.format(line=line, error=exc))
    if not isinstance(row, dict):
        return BadRow(line, raw, errors.BAD_JSON_ROW.format(line=line, error=type(row).__name__))
    if field not in row:
        return BadRow(line, raw, errors.MISSING_FIELD.format(line=line, field=field))
    if not isinstance(row[field], str):
        kind = "null" if row[field] is None else type(row[field]).__name__
        return BadRow(line, raw, errors.FIELD_NOT_STRING.format(line=line, field=field, kind=kind))
    return row


def clean_row(row: dict[str, Any], field: str, config: Config, meta: bool) -> dict[str, Any]:
    """The row with ``field`` cleaned (and a ``cleaner`` object when ``meta``)."""
    from . import analyze  # the full entry point, so every mode of ``clean`` applies

    result = analyze(row[field], config=config)
    out = dict(row)
    out[field] = result.text
    if meta:
        out["cleaner"] = result.to_meta()
    return out


def dumps(row: dict[str, Any]) -> str:
    """One output line (without the newline); non-ASCII is written as is.

    >>> dumps({"text": "café"})
    '{"text": "café"}'
    """
    return json.dumps(row, ensure_ascii=False)


def _encode_row(row: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from "\\ud800" escapes in the input) cannot be UTF-8:
        # write escapes instead, which round-trips them exactly.
        return (json.dumps(row) + "\n").encode("ascii")


def decode_row(raw: bytes, line: int, path: str, field: str) -> dict[str, Any] | BadRow | None:
    """The JSON object of one raw input line (a BOM on line 1 is allowed), a
    ``BadRow`` saying what is wrong with it, or ``None`` if the line is blank.

    >>> decode_row(b'{"text": "x"}\\n', 1, "-", "text")
    {'text': 'x'}
    >>> decode_row(b'{"text": "caf\\xe9"}', 4, "-", "text").error
    'line 4: not valid UTF-8 (byte 13)'
    >>> decode_row(b"  \\r\\n", 5, "-", "text") is None
    True
    """
    if line == 1 and raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = raw.decode("utf-8", "replace").rstrip("\r\n")
        return BadRow(line, shown, errors.ROW_NOT_UTF8.format(line=line, pos=exc.start), path)
    if not text.strip():
        return None
    row = parse_row(text, line, field)
    if isinstance(row, BadRow):
        return BadRow(line, text.rstrip("\r\n"), row.error, path)
    return row


def process_line(raw: bytes, line: int, path: str, job: Job) -> bytes | BadRow | None:
    """The output line for one raw input line, a ``BadRow``, or ``None`` if blank.

    >>> process_line(b'{"text": "Advertisement\\\\nShort text."}\\n', 1, "-", Job())
    b'{"text": "Short text.\\\\n"}\\n'
    >>> process_line(b'{"text": "caf\\xe9"}', 4, "-", Job()).error
    'line 4: not valid UTF-8 (byte 13)'
    >>> process_line(b"  \\r\\n", 5, "-", Job()) is None
    True
    """
    row = decode_row(raw, line, path, job.field)
    if row is None or isinstance(row, BadRow):
        return row
    try:
        return _encode_row(clean_row(row, job.field, job.config_for(row), job.meta))
    except Exception as exc:
        error = errors.ROW_INTERNAL.format(line=line, error=repr(exc))
        return BadRow(line, raw.decode("utf-8").removeprefix("\ufeff").rstrip("\r\n"), error, path)


def process_batch(job: Job, batch: Batch) -> Done:
    """Clean every line of ``batch`` (runs in a worker process when ``jobs > 1``)."""
    out: list[bytes] = []
    bad: list[BadRow] = []
    rows = 0
    lines = batch.data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    for offset, raw in enumerate(lines):
        if not raw.strip():
            continue
        got = process_line(raw, batch.first_line + offset, batch.path, job)
        if got is None:
            continue
        rows += 1
        if isinstance(got, BadRow):
            bad.append(got)
        else:
            out.append(got)
    return Done(b"".join(out), tuple(bad), rows, len(batch.data))


# -- streams -------------------------------------------------------------------------


def read_batches(stream: BinaryIO, path: str, size: int = BATCH_BYTES) -> Iterator[Batch]:
    """Batches of about ``size`` bytes of whole lines from a binary stream.

    >>> import io
    >>> [(b.first_line, b.data) for b in read_batches(io.BytesIO(b"a\\nb\\nc"), "-", size=2)]
    [(1, b'a\\n'), (2, b'b\\n'), (3, b'c')]
    """
    line = 1
    while True:
        data = stream.read(size)
        if not data:
            return
        if not data.endswith(b"\n"):
            data += stream.readline()
        yield Batch(path, line, data)
        line += data.count(b"\n")


def clean_stream(
    sources: Iterable[tuple[str, BinaryIO]],
    out: IO[bytes],
    *,
    field: str = "text",
    meta: bool = False,
    config: Config | None = None,
    jobs: int | str = 1,
    on_bad_row: Callable[[BadRow], None] | None = None,
    on_progress: Callable[[Stats], None] | None = None,
    batch_bytes: int = BATCH_BYTES,
    row_config: Callable[[dict[str, Any]], Config] | None = None,
) -> Stats:
    """Clean the JSON Lines of every ``(name, binary stream)`` into ``out``, in order.

    ``jobs`` processes do the work (``"auto"``: every core). Each bad row is
    passed to ``on_bad_row``; ``on_progress`` gets the running ``Stats`` after
    every batch. ``row_config`` picks a row's ``Config`` (see ``Job``).
    Returns the final ``Stats``.
    """
    job = Job(field, meta, config or Config(), row_config)
    n = resolve_jobs(jobs)
    if n > 1 and not pickles(job):
        n = 1
    stats = Stats()

    def batches() -> Iterator[Batch]:
        for name, stream in sources:
            yield from read_batches(stream, name, batch_bytes)

    for done in imap_batches(process_batch, batches(), jobs=n, state=job):
        out.write(done.output)
        stats.rows += done.rows
        stats.failed += len(done.bad)
        stats.bytes_read += done.size
        if on_bad_row is not None:
            for bad in done.bad:
                on_bad_row(bad)
        if on_progress is not None:
            on_progress(stats)
    return stats


def open_sources(paths: Iterable[str]) -> Iterator[tuple[str, BinaryIO]]:
    """``(name, binary stream)`` for each path, opened one at a time; ``-`` is stdin."""
    for path in paths:
        if path == "-":
            yield "<stdin>", sys.stdin.buffer
            continue
        try:
            stream = open(path, "rb")
        except FileNotFoundError:
            raise errors.InputError(errors.NO_SUCH_FILE.format(path=path)) from None
        except IsADirectoryError:
            raise errors.InputError(errors.NOT_A_FILE.format(path=path)) from None
        with stream:
            yield path, stream


def check_paths(paths: Iterable[str]) -> None:
    """Raise ``InputError`` for a path that is missing or not a file, before any work."""
    for path in paths:
        if path == "-":
            continue
        if not os.path.exists(path):
            raise errors.InputError(errors.NO_SUCH_FILE.format(path=path))
        if os.path.isdir(path):
            raise errors.InputError(errors.NOT_A_FILE.format(path=path))


def iter_lines(streams: Iterable[IO[str]]) -> Iterator[tuple[int, str]]:
    """(line number, line) of every non-blank line, numbered per stream."""
    for stream in streams:
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                yield number, raw


# -- output files ---------------------------------------------------------------------


@contextmanager
def exit_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises ``SystemExit(143)`` instead of killing the
    process at once, so ``finally`` blocks run and ``fileio.atomic_output`` removes its
    temporary file. Does nothing outside the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
