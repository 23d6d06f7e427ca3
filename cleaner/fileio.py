"""Reading input files strictly: UTF-8 text or a clear error, never a guess."""

from __future__ import annotations

import sys
from pathlib import Path

from . import errors

#: How many leading bytes are inspected to decide that a file is binary.
SNIFF_BYTES = 8192


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is allowed); binary or invalid data is an ``InputError``.

    >>> decode(b"caf\\xc3\\xa9", "x")
    'café'
    >>> decode(b"caf\\xe9", "x")
    Traceback (most recent call last):
    ...
    cleaner.errors.InputError: x: not valid UTF-8 text (byte 3); left untouched
    """
    if b"\x00" in data[:SNIFF_BYTES]:
        raise errors.InputError(errors.LOOKS_BINARY.format(path=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.InputError(errors.NOT_UTF8.format(path=name, pos=exc.start)) from None


def read_text(path: str | Path) -> str:
    """Read a file (``-`` is standard input) as UTF-8 text."""
    if str(path) == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    p = Path(path)
    if not p.exists():
        raise errors.InputError(errors.NO_SUCH_FILE.format(path=path))
    if not p.is_file():
        raise errors.InputError(errors.NOT_A_FILE.format(path=path))
    return decode(p.read_bytes(), str(path))
