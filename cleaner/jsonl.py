"""JSON Lines in and out, row by row: every field kept, one field cleaned."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from . import errors
from .config import Config
from .pipeline import run


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that could not be cleaned: its line number, raw text and why."""

    line: int
    raw: str
    error: str


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
    result = run(row[field], config)
    out = dict(row)
    out[field] = result.text
    if meta:
        out["cleaner"] = result.to_meta()
    return out


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False)


def iter_lines(streams: Iterable[IO[str]]) -> Iterator[tuple[int, str]]:
    """(line number, line) of every non-blank line, numbered per stream."""
    for stream in streams:
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                yield number, raw
