"""A progress bar for long runs, drawn by tqdm on a terminal: bytes read (MB,
MB/s) and rows for a stream of JSON Lines, files done of all files for a
folder of files.

Used by the command line only: the library reports progress through a
callback and never draws anything itself. By default the bar shows only when
the stream (standard error) is a terminal, so logs and pipes stay clean;
``enabled=True`` or ``False`` forces it either way.

>>> import io
>>> bar = Progress(None, total=None, stream=io.StringIO())
>>> bar.enabled
False
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any


def wanted(enabled: bool | None, stream: IO[str]) -> bool:
    """Whether to draw: as forced, else only when ``stream`` is a terminal.

    >>> import io
    >>> wanted(None, io.StringIO()), wanted(True, io.StringIO())
    (False, True)
    """
    if enabled is not None:
        return enabled
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Bytes read (with MB/s and, for files, a percentage) and rows done so far;
    or, with ``unit="file"``, files done of ``total`` (``step``).

    >>> import io
    >>> out = io.StringIO()
    >>> bar = Progress(True, 2, stream=out, desc="check", unit="file")
    >>> bar.step(); bar.step(failed=1); bar.close()
    >>> "2/2" in out.getvalue() and "1 failed" in out.getvalue()
    True
    """

    def __init__(
        self,
        enabled: bool | None,
        total: int | None,
        stream: IO[str] | None = None,
        desc: str = "cleaning",
        unit: str = "B",
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(enabled, self.stream)
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes fork cleanly
            scaled = unit == "B"
            self._bar = tqdm(
                total=total or None,
                unit=unit,
                unit_scale=scaled,
                unit_divisor=1000,
                desc=desc,
                file=self.stream,
                mininterval=0.25,
                dynamic_ncols=True,
                smoothing=0.1,
            )
        self._done = 0
        self._failed = 0

    def step(self, failed: int = 0) -> None:
        """One more file done (``failed``: it could not be read or cleaned)."""
        if self._bar is None:
            return
        self._failed += failed
        if self._failed:
            self._bar.set_postfix_str(f"{self._failed:,} failed", refresh=False)
        self._bar.update(1)

    @contextmanager
    def aside(self) -> Iterator[None]:
        """Within the block the bar is cleared, so that what is written to the
        terminal (standard output) does not run into it; it is drawn again after."""
        if self._bar is None:
            yield
            return
        from tqdm import tqdm

        with tqdm.external_write_mode(file=self.stream):
            yield

    def update(self, rows: int, failed: int, bytes_read: int) -> None:
        """Move the bar to ``bytes_read`` and show the row counts."""
        if self._bar is None:
            return
        self._bar.update(bytes_read - self._done)
        self._done = bytes_read
        self._bar.set_postfix_str(f"{rows:,} rows, {failed:,} failed", refresh=False)

    def write(self, message: str) -> None:
        """Print a line (a bad row, say) without breaking the bar."""
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            print(message, file=self.stream)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
