"""JSON Lines in and out, streamed: every field kept, one field cleaned.

Memory stays flat however large the input: the reader hands out *batches* of
about ``BATCH_BYTES`` raw bytes (whole lines), at most a few batches are in
flight, and each batch's output is written as soon as it is its turn. With
``jobs > 1`` the batches go to worker processes (``cleaner.parallel``), which
decode, parse, clean and serialize; the parent only reads and writes bytes,
and the output keeps the input order.

A row that cannot be cleaned (invalid UTF-8, not JSON, not an object, nested
too deeply, the field missing or not a string, a text past ``cleaner.limits``)
is a ``BadRow``: it is reported and skipped, and the run goes on. Blank lines
are not rows and are skipped silently. A row longer than
``limits.MAX_ROW_BYTES`` stops the run (``InputError``): it cannot be read
whole, so it could not be kept either.

Only the cleaned field (and the ``cleaner`` object of ``meta``) is written
anew: every other byte of the row is copied as it was, so numbers such as
``1e999`` or ``0.1000000000000000055511`` and the row's own spacing survive.

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
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from . import errors, fileio, limits
from .config import Config
from .model import Result
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
    """Running totals of a stream: rows seen, rows failed, raw bytes read, and
    rows whose ``cleaner`` field ``meta`` replaced."""

    rows: int = 0
    failed: int = 0
    bytes_read: int = 0
    meta_replaced: int = 0


@dataclass(frozen=True, slots=True)
class Batch:
    """Whole raw lines of one input, starting at line number ``first_line``.

    A row longer than ``limits.MAX_ROW_BYTES`` is never read whole: it comes
    alone, as a batch whose ``too_long`` is its size in bytes and whose
    ``data`` holds its first ``ROW_PREVIEW`` bytes (see ``oversize_row``).
    """

    path: str
    first_line: int
    data: bytes
    too_long: int = 0


@dataclass(frozen=True, slots=True)
class Done:
    """A cleaned batch: the output bytes, its bad rows, rows and bytes seen."""

    output: bytes
    bad: tuple[BadRow, ...]
    rows: int
    size: int
    meta_replaced: int = 0


# -- one row -----------------------------------------------------------------------


#: The field ``meta`` adds to each row.
META_FIELD = "cleaner"
#: Bytes of a row past ``limits.MAX_ROW_BYTES`` kept as its ``raw`` in the bad row.
ROW_PREVIEW = 1000
_WS_RE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Repeated(dict):
    """A JSON object in which some key is given more than once (``twice``);
    ``json`` keeps the last value of each, silently."""

    twice: frozenset[str] = frozenset()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    row = dict(pairs)
    if len(row) == len(pairs):
        return row
    seen: set[str] = set()
    repeated = _Repeated(row)
    repeated.twice = frozenset(k for k, _ in pairs if k in seen or seen.add(k))
    return repeated


_ROW_DECODER = json.JSONDecoder(object_pairs_hook=_object)


def parse_row(raw: str, line: int, field: str) -> dict[str, Any] | BadRow:
    """A JSON object whose ``field`` is a string or null, or a ``BadRow`` saying
    what is wrong. A null ``field`` is no text: the row is passed on as it is
    (as ``cleaner.hf`` and ``cleaner.spark`` keep a null). An object that gives
    ``field`` twice is refused: which value is the text would be a guess.

    >>> parse_row('{"text": "x", "id": 1}', 1, "text")
    {'text': 'x', 'id': 1}
    >>> parse_row('{"text": 3}', 7, "text").error
    "line 7: field 'text' is int, not a string"
    >>> parse_row('{"text": "a", "text": "b"}', 3, "text").error
    "line 3: field 'text' is given twice"
    >>> parse_row("[" * 100_000, 2, "text").error
    'line 2: not a JSON object (nested too deeply)'
    """
    try:
        row = _ROW_DECODER.decode(raw)
    except RecursionError:
        return BadRow(line, raw, errors.ROW_TOO_DEEP.format(line=line))
    except ValueError as exc:
        return BadRow(line, raw, errors.BAD_JSON_ROW.format(line=line, error=exc))
    if not isinstance(row, dict):
        return BadRow(line, raw, errors.BAD_JSON_ROW.format(line=line, error=type(row).__name__))
    if field not in row:
        return BadRow(line, raw, errors.MISSING_FIELD.format(line=line, field=field))
    if isinstance(row, _Repeated) and field in row.twice:
        return BadRow(line, raw, errors.FIELD_TWICE.format(line=line, field=field))
    if row[field] is not None and not isinstance(row[field], str):
        kind = "null" if row[field] is None else type(row[field]).__name__
        return BadRow(line, raw, errors.FIELD_NOT_STRING.format(line=line, field=field, kind=kind))
    return row


def member_spans(text: str) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """Where the JSON object in ``text`` starts and ends (``text[start:end]``),
    and for each member the span of its (last) value. ``text`` must hold one
    valid JSON object (``parse_row`` said so).

    >>> raw = ' {"id": 1e999, "text" : "x"} '
    >>> start, end, spans = member_spans(raw)
    >>> raw[start:end], {k: raw[a:b] for k, (a, b) in spans.items()}
    ('{"id": 1e999, "text" : "x"}', {'id': '1e999', 'text': '"x"'})
    """
    start = i = _WS_RE.match(text).end()
    i = _WS_RE.match(text, i + 1).end()
    spans: dict[str, tuple[int, int]] = {}
    while text[i] != "}":
        key, i = _DECODER.raw_decode(text, i)
        i = _WS_RE.match(text, i).end() + 1  # the colon
        i = _WS_RE.match(text, i).end()
        _, end = _DECODER.raw_decode(text, i)
        spans[key] = (i, end)
        i = _WS_RE.match(text, end).end()
        if text[i] == ",":
            i = _WS_RE.match(text, i + 1).end()
    return start, i + 1, spans


def _dumps_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from "\\ud800" escapes in the input) cannot be UTF-8:
        # write escapes instead, which round-trips them exactly.
        text = json.dumps(value)
    return text


def splice_row(raw: str, changes: dict[str, Any]) -> tuple[str, bool]:
    """``raw`` (one JSON object) with the members of ``changes`` given new values,
    every other byte as it was; a member not in ``raw`` is added at the end.
    Returns the new object and whether ``META_FIELD`` was there already.

    >>> splice_row('{"id": 1e999, "text": "a\\\\nb"}', {"text": "b", "cleaner": {}})
    ('{"id": 1e999, "text": "b", "cleaner": {}}', False)
    """
    start, end, spans = member_spans(raw)
    edits = sorted(
        (spans[key], _dumps_value(value)) for key, value in changes.items() if key in spans
    )
    added = "".join(
        f", {_dumps_value(key)}: {_dumps_value(value)}"
        for key, value in changes.items()
        if key not in spans
    )
    pieces, at = [], start
    for (a, b), value in edits:
        pieces += [raw[at:a], value]
        at = b
    tail_at = max(b for _, b in spans.values())
    pieces += [raw[at:tail_at], added, raw[tail_at:end]]
    return "".join(pieces), META_FIELD in spans and META_FIELD in changes


def clean_row(row: dict[str, Any], field: str, config: Config, meta: bool) -> dict[str, Any]:
    """The row with ``field`` cleaned (and a ``cleaner`` object when ``meta``)."""
    return {**row, **_changes(row, field, config, meta)}


def _changes(row: dict[str, Any], field: str, config: Config, meta: bool) -> dict[str, Any]:
    from .api import analyze  # the full entry point, so every mode of ``clean`` applies

    text = _wanted(row, field, config)
    return _changes_of(None if text is None else analyze(text, config=config), field, meta)


def _wanted(row: dict[str, Any], field: str, config: Config) -> Any:
    """The value of ``field`` to clean (``None``: the row passes as it is),
    checked against the bounds of a text."""
    from .sniff import wants_html

    text = row[field]
    if text is not None and not wants_html(text, config):
        limits.check_text(text, f"field {field!r}")
    return text


def _changes_of(result: Result | str | None, field: str, meta: bool) -> dict[str, Any]:
    """What cleaning changes in a row: ``field`` (and the ``cleaner`` object);
    ``result`` is the body alone when ``meta`` is off."""
    if result is None:  # no text: the row is passed on as it is
        return {META_FIELD: None} if meta else {}
    if isinstance(result, str):
        return {field: result}
    changes: dict[str, Any] = {field: result.text}
    if meta:
        changes[META_FIELD] = result.to_meta()
    return changes


def dumps(row: dict[str, Any]) -> str:
    """One output line (without the newline); non-ASCII is written as is.

    >>> dumps({"text": "café"})
    '{"text": "café"}'
    """
    return json.dumps(row, ensure_ascii=False)


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
    got = _decode(raw, line, path, field)
    return got[1] if isinstance(got, tuple) else got


def _decode(
    raw: bytes, line: int, path: str, field: str
) -> tuple[str, dict[str, Any]] | BadRow | None:
    """The text of one raw input line and its JSON object (see ``decode_row``)."""
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
    return text, row


def process_line(raw: bytes, line: int, path: str, job: Job) -> bytes | BadRow | None:
    """The output line for one raw input line, a ``BadRow``, or ``None`` if blank.

    >>> process_line(b'{"text": "Advertisement\\\\nShort text."}\\n', 1, "-", Job())
    b'{"text": "Short text.\\\\n"}\\n'
    >>> process_line(b'{"text": "caf\\xe9"}', 4, "-", Job()).error
    'line 4: not valid UTF-8 (byte 13)'
    >>> process_line(b"  \\r\\n", 5, "-", Job()) is None
    True
    """
    got = _process_line(raw, line, path, job)
    return got[0] if isinstance(got, tuple) else got


def _process_line(raw: bytes, line: int, path: str, job: Job) -> tuple[bytes, bool] | BadRow | None:
    return _process_lines([(raw, line)], path, job)[0]


def _process_lines(
    items: list[tuple[bytes, int]], path: str, job: Job
) -> list[tuple[bytes, bool] | BadRow | None]:
    """``_process_line`` of each ``(raw line, line number)``, in order; the rows
    that share a configuration are cleaned in one batch (``api.analyze_each``:
    the plain texts in one call of the engine), a row that fails is a
    ``BadRow`` and the others go on."""
    from .api import analyze_pairs

    out: list[tuple[bytes, bool] | BadRow | None] = [None] * len(items)
    staged: dict[int, str] = {}  # the line's text, by place
    todo: list[int] = []  # places of the rows with a text to clean
    pairs: list[tuple[Any, Config]] = []
    for k, (raw, line) in enumerate(items):
        got = _decode(raw, line, path, job.field)
        if got is None or isinstance(got, BadRow):
            out[k] = got
            continue
        text, row = got
        try:
            config = job.config_for(row)
            value = _wanted(row, job.field, config)
        except Exception as exc:
            out[k] = _failed(exc, line, text, path)
            continue
        staged[k] = text
        if value is not None:
            todo.append(k)
            pairs.append((value, config))
    answers = analyze_pairs(pairs, bodies=not job.meta)
    results: dict[int, Result | str | Exception] = dict(zip(todo, answers, strict=True))
    for k, text in staged.items():
        try:
            result = results.get(k)
            if isinstance(result, Exception):
                raise result
            changes = _changes_of(result, job.field, job.meta)
            done, replaced = splice_row(text, changes)
            out[k] = ((done + "\n").encode("utf-8"), replaced)
        except Exception as exc:
            out[k] = _failed(exc, items[k][1], text, path)
    return out


def _failed(exc: Exception, line: int, text: str, path: str) -> BadRow:
    """The bad row of a line that could not be cleaned."""
    shown = text.rstrip("\r\n")
    if isinstance(exc, errors.InputError):  # past a bound, an HTML page that cannot be read
        return BadRow(line, shown, errors.ROW_BAD.format(line=line, error=exc), path)
    if isinstance(exc, RecursionError):
        return BadRow(line, shown, errors.ROW_TOO_DEEP.format(line=line), path)
    error = errors.ROW_INTERNAL.format(line=line, error=errors.describe(exc))
    return BadRow(line, shown, error, path)


def process_batch(job: Job, batch: Batch) -> Done:
    """Clean every line of ``batch`` (runs in a worker process when ``jobs > 1``)."""
    if batch.too_long:
        return Done(b"", (oversize_row(batch),), 1, batch.too_long)
    out: list[bytes] = []
    bad: list[BadRow] = []
    rows = replaced = 0
    lines = batch.data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    items = [(raw, batch.first_line + k) for k, raw in enumerate(lines) if raw.strip()]
    for got in _process_lines(items, batch.path, job):
        if got is None:
            continue
        rows += 1
        if isinstance(got, BadRow):
            bad.append(got)
        else:
            out.append(got[0])
            replaced += got[1]
    return Done(b"".join(out), tuple(bad), rows, len(batch.data), replaced)


# -- streams -------------------------------------------------------------------------


def read_batches(
    stream: BinaryIO,
    path: str,
    size: int = BATCH_BYTES,
    max_row: int | None = None,
    *,
    stop_on_long_rows: bool = False,
) -> Iterator[Batch]:
    """Batches of about ``size`` bytes of whole lines from a binary stream.

    A line longer than ``max_row`` bytes (default ``limits.MAX_ROW_BYTES``) is
    never read whole: it is one batch of its own with ``too_long`` set (its
    first bytes as ``data``, the rest read past in bounded pieces), which
    ``oversize_row`` turns into a bad row; or, with ``stop_on_long_rows``, an
    ``InputError`` (a run that replaces its input must not lose that row). A
    row that long with NUL bytes in it is binary data, not JSON Lines (such as
    ``/dev/zero``, which never ends a row): an ``InputError`` too.

    >>> import io
    >>> [(b.first_line, b.data) for b in read_batches(io.BytesIO(b"a\\nb\\nc"), "-", size=2)]
    [(1, b'a\\n'), (2, b'b\\n'), (3, b'c')]
    >>> stream = io.BytesIO(b"ok\\n" + b"x" * 50 + b"\\nok\\n")
    >>> [(b.first_line, b.data[:4], b.too_long) for b in read_batches(stream, "-", 4, 20)]
    [(1, b'ok\\n', 0), (2, b'xxxx', 50), (3, b'ok\\n', 0)]
    >>> list(read_batches(io.BytesIO(b"ok\\n" + b"x" * 50), "in.jsonl", 4, 20, stop_on_long_rows=True))
    Traceback (most recent call last):
    ...
    cleaner.errors.InputError: in.jsonl: line 2: a row of more than 20 bytes; stopped (rows are read whole, see README, Bounds)
    """
    limit = limits.MAX_ROW_BYTES if max_row is None else max_row
    line = 1
    while True:
        data = stream.read(size)
        if not data:
            return
        if not data.endswith(b"\n"):
            tail = len(data) - data.rfind(b"\n") - 1  # bytes of the unfinished last line
            data += stream.readline(max(0, limit - tail) + 1)
            start = data.rfind(b"\n", 0, len(data) - 1) + 1  # where the last line starts
            if len(data) - start - data.endswith(b"\n") > limit:
                where = line + data.count(b"\n", 0, start)
                binary = b"\0" in data[start:]  # /dev/zero, a disk image: no row ever ends
                if stop_on_long_rows or binary:
                    message = errors.ROW_TOO_LARGE_BINARY if binary else errors.ROW_TOO_LARGE
                    raise errors.InputError(
                        message.format(path=fileio.display(path), line=where, limit=limit)
                    )
                if start:
                    yield Batch(path, line, data[:start])
                row_bytes, newline = len(data) - start, data.endswith(b"\n")
                while not newline:  # read past the rest of the row, a piece at a time
                    piece = stream.readline(1 << 20)
                    if not piece:
                        break
                    row_bytes += len(piece)
                    newline = piece.endswith(b"\n")
                row_bytes -= newline  # the size of the row, as the bound counts it
                yield Batch(path, where, data[start : start + ROW_PREVIEW], too_long=row_bytes)
                line = where + 1
                continue
        yield Batch(path, line, data)
        line += data.count(b"\n")


def oversize_row(batch: Batch) -> BadRow:
    """The bad row for a batch that holds a row too long to read (``too_long``):
    its ``raw`` is the row's first ``ROW_PREVIEW`` bytes.

    >>> oversize_row(Batch("in.jsonl", 4, b'{"text": "xx', too_long=40_000_000)).error
    'line 4: a row of 40,000,000 bytes, more than 33,554,432; not read (raw holds its first 1,000 bytes; see README, Bounds)'
    """
    error = errors.ROW_TOO_LONG.format(
        line=batch.first_line,
        size=batch.too_long,
        limit=limits.MAX_ROW_BYTES,
        shown=ROW_PREVIEW,
    )
    raw = batch.data.decode("utf-8", "replace").rstrip("\r\n")
    return BadRow(batch.first_line, raw, error, batch.path)


def rows_of(batch: Batch, field: str) -> Iterator[tuple[int, dict[str, Any] | BadRow]]:
    """``(line, row or BadRow)`` for every line of ``batch`` that is not blank
    (see ``decode_row``); a row too long to read is one ``BadRow``.

    >>> [(n, r) for n, r in rows_of(Batch("-", 7, b'{"text": "a"}\\n\\n{"text": null}\\n'), "text")]
    [(7, {'text': 'a'}), (9, {'text': None})]
    """
    if batch.too_long:
        yield batch.first_line, oversize_row(batch)
        return
    lines = batch.data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    for offset, raw in enumerate(lines):
        line = batch.first_line + offset
        row = decode_row(raw, line, batch.path, field)
        if row is not None:
            yield line, row


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
    stop_on_long_rows: bool = False,
) -> Stats:
    """Clean the JSON Lines of every ``(name, binary stream)`` into ``out``, in order.

    ``jobs`` processes do the work (``"auto"``: every core). Each bad row is
    passed to ``on_bad_row``; ``on_progress`` gets the running ``Stats`` after
    every batch. ``row_config`` picks a row's ``Config`` (see ``Job``). A row
    too long to read is a bad row, or with ``stop_on_long_rows`` (a run whose
    output replaces its input) an ``InputError`` that stops the run.
    Returns the final ``Stats``.
    """
    job = Job(field, meta, config or Config(), row_config)
    n = resolve_jobs(jobs)
    if n > 1 and not pickles(job):
        n = 1
    stats = Stats()

    def batches() -> Iterator[Batch]:
        for name, stream in sources:
            yield from read_batches(stream, name, batch_bytes, stop_on_long_rows=stop_on_long_rows)

    for done in imap_batches(process_batch, batches(), jobs=n, state=job):
        out.write(done.output)
        stats.rows += done.rows
        stats.failed += len(done.bad)
        stats.meta_replaced += done.meta_replaced
        stats.bytes_read += done.size
        if on_bad_row is not None:
            for bad in done.bad:
                on_bad_row(bad)
        if on_progress is not None:
            on_progress(stats)
    return stats


def open_sources(paths: Iterable[str]) -> Iterator[tuple[str, BinaryIO]]:
    """``(name, binary stream)`` for each path, opened one at a time; ``-`` is
    stdin. A compressed file (``.gz``, see ``fileio.COMPRESSED``) is read
    decompressed; a damaged one stops the run with an ``InputError``."""
    for path in paths:
        if path == "-":
            yield "<stdin>", sys.stdin.buffer
            continue
        shown = fileio.display(path)
        try:
            stream = fileio.open_input(path)
        except FileNotFoundError:
            raise errors.InputError(errors.NO_SUCH_FILE.format(path=shown)) from None
        except IsADirectoryError:
            raise errors.InputError(errors.NOT_A_FILE.format(path=shown)) from None
        except OSError as exc:
            raise errors.InputError(
                errors.CANNOT_READ.format(path=shown, error=exc.strerror or exc)
            ) from None
        with stream:
            yield path, stream


def input_size(paths: Iterable[str]) -> int | None:
    """The bytes the inputs hold, for a progress bar; ``None`` when unknown
    (standard input, or a compressed file: its bar counts what it inflates to)."""
    total = 0
    for path in paths:
        if path == "-" or fileio.compression(path):
            return None
        total += os.path.getsize(path)
    return total


def check_paths(paths: Iterable[str]) -> None:
    """Raise ``InputError`` for a path that is missing or not a file, before any work."""
    for path in paths:
        if path == "-":
            continue
        if not os.path.exists(path):
            raise errors.InputError(errors.NO_SUCH_FILE.format(path=fileio.display(path)))
        if os.path.isdir(path):
            raise errors.InputError(errors.NOT_A_FILE.format(path=fileio.display(path)))


def iter_lines(streams: Iterable[IO[str]]) -> Iterator[tuple[int, str]]:
    """(line number, line) of every non-blank line, numbered per stream."""
    for stream in streams:
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                yield number, raw


# -- output files ---------------------------------------------------------------------


#: Signals that end a run cleanly (``exit_on_signals``): ``kill``, and a closed
#: terminal or ``kill -HUP``. SIGINT is Python's own ``KeyboardInterrupt``.
EXIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextmanager
def exit_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise ``SystemExit(128 + signal)``
    instead of killing the process at once, so ``finally`` blocks run and
    ``fileio.atomic_output`` removes its temporary file. Does nothing outside
    the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = {signum: signal.signal(signum, terminate) for signum in EXIT_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


#: The former name of ``exit_on_signals`` (it handled SIGTERM only).
exit_on_sigterm = exit_on_signals
