"""Bounds on what one input may take, so that memory and time stay bounded.

The library cleans any ``str`` it is given (its callers choose their inputs);
the command line and the JSON Lines stream, which read whatever a file or a
pipe holds, check these bounds first and report what passes one as a clear
error (a bad row, or a file left untouched). HTML pages are screened by
``cleaner.html`` before they are parsed, in the library too. The figures
behind the numbers (peak memory per document at each bound) are in
``benchmarks/README.md`` (``python benchmarks/hostile.py --bounds``).

>>> check_text("one\\ntwo\\n", "a.txt")
>>> line_count("a\\r\\nb\\rc\\u2028d")
4
"""

from __future__ import annotations

from . import errors

#: Longest raw JSON Lines row read (bytes, newline excluded); a longer one stops the run.
MAX_ROW_BYTES = 32 << 20
#: Most characters of plain text cleaned as one document (a row's field, a file).
MAX_TEXT_CHARS = 4_000_000
#: Most lines of plain text cleaned as one document.
MAX_LINES = 200_000
#: Largest input file read by ``clean``, ``explain``, ``check`` and ``learn`` (bytes).
MAX_FILE_BYTES = 32 << 20
#: Largest configuration file read (bytes).
MAX_CONFIG_BYTES = 1 << 20
#: Largest profile file read (bytes).
MAX_PROFILE_BYTES = 64 << 20

_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def line_count(text: str) -> int:
    """How many lines ``text`` has (every line break counts, ``\\r\\n`` once)."""
    return 1 + sum(text.count(c) for c in _BREAKS) - text.count("\r\n")


def check_text(text: str, name: str) -> None:
    """Raise ``InputError`` when ``text`` is more than one document may be."""
    if len(text) > MAX_TEXT_CHARS:
        raise errors.InputError(f"{name}: {errors.DOC_TOO_MANY_CHARS.format(limit=MAX_TEXT_CHARS)}")
    if line_count(text) > MAX_LINES:
        raise errors.InputError(f"{name}: {errors.DOC_TOO_MANY_LINES.format(limit=MAX_LINES)}")


def read_bounded(stream, limit: int, name: str, message: str) -> bytes:
    """Read ``stream`` to its end, but at most ``limit`` bytes: more is an
    ``InputError`` built from ``message`` (``{path}`` and ``{limit}``)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise errors.InputError(message.format(path=name, limit=limit))
    return data
