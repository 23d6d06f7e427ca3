"""``cleaner report``: what cleaning takes out of a JSON Lines corpus, as one HTML page.

The corpus is read once, in batches of raw lines (``jsonl.read_batches``), on
``jobs`` processes (``parallel.imap_batches``), so memory stays flat however
large it is. A worker cleans the rows of its batch and sends back counts
(``Digest``) and the HTML of the few documents the page will show; the parent
adds them up. What the parent keeps:

- totals, counts per pass code and per page type: a handful of numbers;
- counts per site: at most ``MAX_SITES`` sites (``BoundedTallies``: lossy
  counting; a site dropped to make room is counted under "other sites" and,
  should it come back, shown as "at least" its count);
- the documents shown: a uniform random sample of ``sample`` rows (those with
  the smallest hash of seed, file and line, so the same rows whatever
  ``jobs``), or with ``every=True`` all of them, spooled to a temporary file
  as they come, in input order.

The page (``write_page``) is self-contained: inline CSS, SVG charts and a
small script for the code filter and the reason tooltips; no network, no
external asset (its Content-Security-Policy forbids both). Page types come
from ``Result.page_type``; a document without one counts as ``"unknown"``.

>>> import io
>>> rows = b'{"text": "Back to top button\\\\n\\\\nIt rained in Paris all day."}\\n'
>>> page = io.BytesIO()
>>> stats = build([("in.jsonl", io.BytesIO(rows))], page)
>>> stats.rows, stats.totals.removed_words, stats.codes["CL103"].lines
(1, 4, 1)
>>> b"Words removed" in page.getvalue()
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import heapq
import html
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from hashlib import blake2b
from importlib import resources
from typing import IO, Any, BinaryIO

from . import __version__, errors, jsonl, limits
from .config import Config
from .jsonl import BadRow, Batch
from .model import Result
from .parallel import imap_batches, pickles, resolve_jobs
from .profile import CORPUS, site_key
from .summary import Summary, summarize

#: Documents shown by default (a random sample of the corpus).
DEFAULT_SAMPLE = 50
#: Sites counted one by one; beyond that the least affected make room (lossy counting).
MAX_SITES = 20_000
#: Sites drawn in the chart (the others are one bar, "other sites").
SHOW_SITES = 25
#: Rows that failed, listed by name on the page (all are counted).
SHOW_BAD = 20
#: What a document without a page type counts as.
UNKNOWN_TYPE = "unknown"
#: What a row without a site counts as.
NO_SITE = "(no site)"
_NEVER = 1 << 64  # larger than any priority: "show every row seen so far"


# -- counting ---------------------------------------------------------------------


@dataclass
class Tally:
    """Documents, words kept and removed, lines removed: of a corpus, a site, a page type."""

    docs: int = 0
    kept_words: int = 0
    removed_words: int = 0
    removed_lines: int = 0

    @property
    def words(self) -> int:
        return self.kept_words + self.removed_words

    def add(self, s: Summary) -> None:
        self.docs += 1
        self.kept_words += s.kept_words
        self.removed_words += s.removed_words
        self.removed_lines += s.removed_lines

    def merge(self, other: Tally) -> None:
        self.docs += other.docs
        self.kept_words += other.kept_words
        self.removed_words += other.removed_words
        self.removed_lines += other.removed_lines


@dataclass
class CodeTally:
    """What one pass removed from a corpus: lines, words, and from how many documents."""

    name: str
    docs: int = 0
    lines: int = 0
    words: int = 0

    def merge(self, other: CodeTally) -> None:
        self.docs += other.docs
        self.lines += other.lines
        self.words += other.words


class BoundedTallies:
    """A ``Tally`` per key (a site) for at most ``limit`` keys at a time.

    When a new key would make ``limit + 1``, the half with the fewest removed
    words is dropped: their counts go to ``other`` (so the keys and ``other``
    always add up to the whole), and ``floor`` remembers the most removed
    words a dropped key had. A key that comes back may have had up to
    ``floor`` words before (``error``): lossy counting, as Manku and Motwani's.
    Keys never dropped are exact.

    >>> t = BoundedTallies(limit=2)
    >>> for key, words in [("a", 5), ("b", 1), ("c", 2)]:
    ...     t.add(key, Tally(1, 0, words, 1))
    >>> sorted(t.entries), t.floor, t.other.removed_words, t.pruned
    (['a', 'c'], 1, 1, 1)
    >>> t.add("b", Tally(1, 0, 3, 1))  # drops "c" (2 words, and up to 1 before it came)
    >>> sorted(t.entries), t.error("b"), t.error("a"), t.other.removed_words
    (['a', 'b'], 3, 0, 3)
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = max(2, MAX_SITES if limit is None else limit)
        self.entries: dict[str, Tally] = {}
        self.errors: dict[str, int] = {}
        self.floor = 0
        self.pruned = 0
        self.other = Tally()

    def add(self, key: str, tally: Tally) -> None:
        entry = self.entries.get(key)
        if entry is None:
            if len(self.entries) >= self.limit:
                self._prune()
            entry = self.entries[key] = Tally()
            if self.floor:
                self.errors[key] = self.floor
        entry.merge(tally)

    def _prune(self) -> None:
        ranked = sorted(self.entries, key=lambda k: (self.entries[k].removed_words, k))
        for key in ranked[: len(ranked) // 2]:
            tally = self.entries.pop(key)
            self.other.merge(tally)
            self.floor = max(self.floor, tally.removed_words + self.errors.pop(key, 0))
            self.pruned += 1

    def error(self, key: str) -> int:
        """How many removed words ``key`` may lack (0: exact)."""
        return self.errors.get(key, 0)

    def top(self, n: int) -> list[tuple[str, Tally]]:
        """The ``n`` keys with the most removed words, most first."""
        return heapq.nlargest(n, self.entries.items(), key=lambda kv: (kv[1].removed_words, kv[0]))


# -- one batch, in a worker ------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What the workers need; sent once to each.

    ``row_config`` picks a row's ``Config`` (its site, for a profile); it must
    pickle when ``jobs > 1`` (``profile.SiteConfigs`` does).
    """

    field: str = "text"
    site_field: str | None = None
    id_field: str | None = "id"
    config: Config = dataclasses.field(default_factory=Config)
    row_config: Callable[[dict[str, Any]], Config] | None = None
    seed: int = 0
    every: bool = False

    def config_for(self, row: dict[str, Any]) -> Config:
        return self.config if self.row_config is None else self.row_config(row)


@dataclass(frozen=True, slots=True)
class Work:
    """A batch to digest: its input's position, its lines, and the sample's
    current threshold (rows with a larger priority cannot be shown)."""

    source: int
    batch: Batch
    threshold: int


@dataclass
class Digest:
    """What one batch adds to the report."""

    rows: int = 0
    size: int = 0
    totals: Tally = field(default_factory=Tally)
    codes: dict[str, CodeTally] = field(default_factory=dict)
    page_types: dict[str, Tally] = field(default_factory=dict)
    sites: dict[str, Tally] = field(default_factory=dict)
    bad: list[BadRow] = field(default_factory=list)
    #: (priority, (source, line), HTML) of the rows that may be shown.
    shown: list[tuple[int, tuple[int, int], str]] = field(default_factory=list)


def priority(seed: int, path: str, line: int) -> int:
    """The row's place in the random order of the sample (64 bits, from its file and line).

    >>> priority(0, "a.jsonl", 3) == priority(0, "a.jsonl", 3) != priority(1, "a.jsonl", 3)
    True
    """
    digest = blake2b(f"{seed}\0{path}\0{line}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def site_label(value: Any) -> str:
    """The site a row counts under: its host (``profile.site_key``) or ``NO_SITE``.

    >>> site_label("https://www.Example.com/a"), site_label(None), site_label(7)
    ('example.com', '(no site)', '(no site)')
    """
    site = site_key(value if isinstance(value, str) else None)
    return NO_SITE if site == CORPUS else site


def digest_batch(job: Job, work: Work) -> Digest:
    """Clean every row of ``work.batch`` and count what went (runs in a worker)."""
    from .api import analyze
    from .sniff import wants_html

    out = Digest(size=work.batch.too_long or len(work.batch.data))
    path = work.batch.path
    for line, row in jsonl.rows_of(work.batch, job.field):
        out.rows += 1
        if isinstance(row, BadRow):
            out.bad.append(row)
            continue
        if row[job.field] is None:
            continue  # no text (null): not a document
        text = row[job.field]
        try:
            config = job.config_for(row)
            if not wants_html(text, config):
                limits.check_text(text, f"field {job.field!r}")
            result = analyze(text, config=config)
        except errors.InputError as exc:  # past a bound, an HTML page that cannot be read
            error = errors.ROW_BAD.format(line=line, error=exc)
            out.bad.append(BadRow(line, jsonl.dumps(row), error, path))
            continue
        except Exception as exc:
            error = errors.ROW_INTERNAL.format(line=line, error=errors.describe(exc))
            out.bad.append(BadRow(line, jsonl.dumps(row), error, path))
            continue
        s = summarize(result)
        out.totals.add(s)
        page_type = result.page_type or UNKNOWN_TYPE
        out.page_types.setdefault(page_type, Tally()).add(s)
        site = site_label(row.get(job.site_field)) if job.site_field else None
        if site is not None:
            out.sites.setdefault(site, Tally()).add(s)
        for c in s.by_code:
            tally = out.codes.setdefault(c.code, CodeTally(c.name))
            tally.docs += 1
            tally.lines += c.lines
            tally.words += c.words
        p = priority(job.seed, path, line)
        if job.every or p < work.threshold:
            doc_id = row.get(job.id_field) if job.id_field else None
            where = f"{path}:{line}"
            fragment = render_document(result, s, where, doc_id, site, page_type)
            out.shown.append((p, (work.source, line), fragment))
    return out


# -- the whole corpus ----------------------------------------------------------------


@dataclass
class ReportStats:
    """The running totals of a report; ``rows``, ``failed`` and ``bytes_read``
    as ``jsonl.Stats`` has them, for progress bars."""

    rows: int = 0
    failed: int = 0
    bytes_read: int = 0
    totals: Tally = field(default_factory=Tally)
    codes: dict[str, CodeTally] = field(default_factory=dict)
    page_types: BoundedTallies = field(default_factory=lambda: BoundedTallies(64))
    sites: BoundedTallies = field(default_factory=BoundedTallies)
    bad: list[BadRow] = field(default_factory=list)
    shown: int = 0


@contextlib.contextmanager
def _spooling() -> Iterator[None]:
    """A failed write to the spool of ``--all`` (a full disk) is an ``OutputError``."""
    try:
        yield
    except OSError as exc:
        raise errors.OutputError(errors.CANNOT_SPOOL.format(error=exc.strerror or exc)) from None


@contextlib.contextmanager
def _spool_file(folder: str | None) -> Iterator[IO[bytes]]:
    """A temporary file in ``folder`` for the documents of ``--all``; it is
    never read after it is closed, so a failure to flush it then is no loss."""
    with _spooling():
        spool = tempfile.TemporaryFile(dir=folder)
    try:
        yield spool
    finally:
        with contextlib.suppress(OSError):
            spool.close()


class _Shown:
    """The documents the page shows: the ``sample`` rows of smallest priority
    (kept in memory) or, with ``spool``, every row (written there at once)."""

    def __init__(self, sample: int, spool: IO[bytes] | None) -> None:
        self.sample = max(0, sample)
        self.spool = spool
        self.count = 0
        self._heap: list[tuple[int, tuple[int, int], str]] = []  # (-priority, where, html)

    def threshold(self) -> int:
        if self.spool is not None:
            return _NEVER
        if len(self._heap) < self.sample:
            return _NEVER
        return -self._heap[0][0] if self._heap else 0

    def add(self, p: int, where: tuple[int, int], fragment: str) -> None:
        if self.spool is not None:
            with _spooling():
                self.spool.write(fragment.encode("utf-8"))
            self.count += 1
            return
        if self.sample == 0:
            return
        item = (-p, where, fragment)
        if len(self._heap) < self.sample:
            heapq.heappush(self._heap, item)
        elif p < -self._heap[0][0]:
            heapq.heapreplace(self._heap, item)
        self.count = len(self._heap)

    def fragments(self) -> Iterator[bytes]:
        """The documents' HTML in input order."""
        if self.spool is not None:
            with _spooling():
                self.spool.seek(0)  # the buffered rest is written now: it may fail too
            while True:
                with _spooling():
                    chunk = self.spool.read(1 << 20)
                if not chunk:
                    return
                yield chunk
        for _, _, fragment in sorted(self._heap, key=lambda item: item[1]):
            yield fragment.encode("utf-8")


def build(
    sources: Iterable[tuple[str, BinaryIO]],
    out: IO[bytes],
    *,
    field: str = "text",
    site_field: str | None = None,
    id_field: str | None = "id",
    config: Config | None = None,
    row_config: Callable[[dict[str, Any]], Config] | None = None,
    jobs: int | str = 1,
    sample: int = DEFAULT_SAMPLE,
    every: bool = False,
    seed: int = 0,
    title: str | None = None,
    on_bad_row: Callable[[BadRow], None] | None = None,
    on_progress: Callable[[ReportStats], None] | None = None,
    batch_bytes: int = jsonl.BATCH_BYTES,
    spool_dir: str | None = None,
) -> ReportStats:
    """Read the JSON Lines of every ``(name, binary stream)``, clean ``field`` of
    each row and write the report page to ``out``; return the totals.

    ``sample`` documents (a random sample, fixed by ``seed``) are shown, or
    every one with ``every`` (spooled to a temporary file in ``spool_dir``
    until the page is written). ``site_field`` names the field with each
    row's URL or host, for the chart by site; ``id_field`` the field shown as
    the document's id. Rows that are not JSON objects with a string ``field``
    are counted and passed to ``on_bad_row``; ``on_progress`` gets the
    running totals after every batch.
    """
    job = Job(field, site_field, id_field, config or Config(), row_config, seed, every)
    n = resolve_jobs(jobs)
    if n > 1 and not pickles(job):
        n = 1
    stats = ReportStats()
    names: list[str] = []
    with _spool_file(spool_dir) if every else contextlib.nullcontext() as spool:
        shown = _Shown(sample, spool)

        def work() -> Iterator[Work]:
            for index, (name, stream) in enumerate(sources):
                names.append(name)
                for batch in jsonl.read_batches(stream, name, batch_bytes):
                    yield Work(index, batch, shown.threshold())

        for digest in imap_batches(digest_batch, work(), jobs=n, state=job):
            _merge(stats, digest)
            for item in digest.shown:
                shown.add(*item)
            stats.shown = shown.count
            for bad in digest.bad:
                if len(stats.bad) < SHOW_BAD:
                    stats.bad.append(bad)
                if on_bad_row is not None:
                    on_bad_row(bad)
            if on_progress is not None:
                on_progress(stats)
        write_page(
            stats,
            shown.fragments(),
            out,
            names=names,
            field=field,
            title=title,
            site_field=site_field,
            every=every,
            seed=seed,
        )
    return stats


def _merge(stats: ReportStats, digest: Digest) -> None:
    stats.rows += digest.rows
    stats.failed += len(digest.bad)
    stats.bytes_read += digest.size
    stats.totals.merge(digest.totals)
    for code, tally in digest.codes.items():
        stats.codes.setdefault(code, CodeTally(tally.name)).merge(tally)
    for key, tally in digest.page_types.items():
        stats.page_types.add(key, tally)
    for key, tally in digest.sites.items():
        stats.sites.add(key, tally)


# -- HTML ---------------------------------------------------------------------------

#: Hue of each family of passes (the code's first digit); codes of one family differ a little.
_FAMILY_HUE = {"1": 350, "2": 30, "3": 280, "4": 215, "5": 165, "6": 320, "7": 110}
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def code_colors(code: str) -> tuple[str, str]:
    """(strong, light) CSS colours of a pass code: one hue per family, shifted per code.

    >>> code_colors("CL101"), code_colors("CL103")
    (('hsl(345 62% 38%)', 'hsl(345 80% 96%)'), ('hsl(359 62% 46%)', 'hsl(359 80% 96%)'))
    """
    hue, light = _FAMILY_HUE.get(code[2:3], 0), 40
    if code[3:].isdigit():
        n = int(code[3:])
        hue += (n * 7) % 25 - 12
        light = 34 + 4 * (n % 4)
    hue %= 360
    return f"hsl({hue} 62% {light}%)", f"hsl({hue} 80% 96%)"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _n(value: int) -> str:
    return f"{value:,}"


def _count(n: int, unit: str) -> str:
    """``n`` and its unit, plural when ``n`` is not 1.

    >>> _count(1, "line"), _count(1200, "word")
    ('1 line', '1,200 words')
    """
    return f"{n:,} {unit}" if n == 1 else f"{n:,} {unit}s"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def _code_class(code: str) -> str:
    return "c-" + "".join(ch for ch in code if ch.isalnum())


def render_document(
    result: Result, s: Summary, where: str, doc_id: Any, site: str | None, page_type: str
) -> str:
    """One document's HTML: every line of its normalized text, the removed ones
    struck through in their code's colour, with the reason for the tooltip."""
    codes = " ".join(c.code for c in s.by_code)
    facts = [_e(where)]
    if doc_id is not None:
        facts.append(f"id {_e(doc_id)}")
    if site is not None:
        facts.append(_e(site))
    facts.append(_e(page_type))
    facts.append(
        f"{_count(s.kept_words, 'word')} kept, {_n(s.removed_words)} removed "
        f"in {_count(s.removed_lines, 'line')}"
    )
    parts = [
        f'<article class="doc" data-codes="{_e(codes)}">',
        f"<h3>{_e(result.title or '(no title)')}</h3>",
        f'<p class="where">{" · ".join(facts)}</p><div class="text">',
    ]
    for seg, v in zip(result.segments, result.verdicts, strict=True):
        gap = " gap" if seg.gap_before else ""
        if v.kept:
            parts.append(f'<p class="k{gap}">{_e(seg.text)}</p>')
            continue
        code = v.code or ""
        reason = f"{code} {v.name}: {v.reason}"
        parts.append(
            f'<p class="rm {_code_class(code)}{gap}" data-code="{_e(code)}" '
            f'data-reason="{_e(reason)}" tabindex="0"><span class="code">{_e(code)}</span>'
            f"<del>{_e(seg.text)}</del></p>"
        )
    if not result.segments:
        parts.append('<p class="note">(empty)</p>')
    parts.append("</div></article>\n")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart: its label, value, colour, the note after it and the tooltip."""

    label: str
    value: int
    color: str
    note: str
    tip: str


def bar_chart(bars: list[Bar], label: str) -> str:
    """A horizontal bar chart as inline SVG (no script, no external asset).

    >>> svg = bar_chart([Bar("CL101 read-also", 30, "red", "30 words", "30 words")], "by code")
    >>> svg.startswith('<svg class="chart"') and "CL101 read-also" in svg
    True
    """
    if not bars:
        return '<p class="note">Nothing was removed.</p>'
    row, left, width, right = 24, 210, 900, 300
    top = max(b.value for b in bars) or 1
    span = width - left - right
    out = [
        f'<svg class="chart" role="img" aria-label="{_e(label)}" '
        f'viewBox="0 0 {width} {row * len(bars) + 4}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, b in enumerate(bars):
        y = i * row + 2
        w = max(1.0, span * b.value / top) if b.value else 0.0
        name = b.label if len(b.label) <= 34 else b.label[:33] + "…"
        out.append(
            f'<g class="bar"><title>{_e(b.tip)}</title>'
            f'<text x="0" y="{y + row / 2 - 1}">{_e(name)}</text>'
            f'<rect class="v" x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
            f'rx="2" style="fill:{b.color}"/>'
            f'<text class="num" x="{left + w + 6:.1f}" y="{y + row / 2 - 1}">{_e(b.note)}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


def _tally_bars(
    items: list[tuple[str, Tally]], color: str, error: Callable[[str], int]
) -> list[Bar]:
    bars = []
    for key, t in items:
        words = _n(t.removed_words)
        if error(key):
            words = f"≥ {words}"
        note = (
            f"{words} words ({_pct(t.removed_words, t.words)} of {_n(t.words)}), {_n(t.docs)} docs"
        )
        tip = (
            f"{key}: {words} of {_n(t.words)} words removed ({_pct(t.removed_words, t.words)}) "
            f"in {_n(t.removed_lines)} lines of {_n(t.docs)} documents"
        )
        bars.append(Bar(key, t.removed_words, color, note, tip))
    return bars


def _asset(name: str) -> str:
    return (resources.files("cleaner") / "data" / name).read_text(encoding="utf-8")


def write_page(
    stats: ReportStats,
    documents: Iterable[bytes],
    out: IO[bytes],
    *,
    names: list[str],
    field: str,
    title: str | None,
    site_field: str | None,
    every: bool,
    seed: int,
) -> None:
    """Write the report page: totals, charts, the shown documents, then the script."""
    t = stats.totals
    inputs = ", ".join(names) or "(no input)"
    heading = title or f"cleaner report: {inputs}"
    colors = "".join(
        f".{_code_class(c)}{{--c:{strong};--bg:{light}}}"
        for c in sorted(stats.codes)
        for strong, light in [code_colors(c)]
    )
    w = out.write

    def s(text: str) -> None:
        w(text.encode("utf-8"))

    s(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(heading)}</title><style>{_asset('report.css')}{colors}</style></head>\n<body>"
        f"<header><h1>{_e(heading)}</h1>"
        f'<p class="sub">{_e(inputs)} · field <code>{_e(field)}</code> · cleaner {_e(__version__)}</p>'
        "</header>\n"
    )
    cards = [
        ("docs", "Documents", _n(t.docs), ""),
        ("kept", "Words kept", _n(t.kept_words), ""),
        (
            "removed",
            "Words removed",
            _n(t.removed_words),
            f"{_pct(t.removed_words, t.words)} of all",
        ),
        ("lines", "Lines removed", _n(t.removed_lines), ""),
    ]
    s('<section id="totals" class="cards" aria-label="Totals">')
    for key, label, value, pct in cards:
        extra = f'<span class="pct">{_e(pct)}</span>' if pct else ""
        s(
            f'<div class="card" id="total-{key}"><span class="label">{label}</span>'
            f'<span class="value">{value}</span>{extra}</div>'
        )
    if stats.failed:
        s(
            '<div class="card bad" id="total-failed"><span class="label">Rows that failed</span>'
            f'<span class="value">{_n(stats.failed)}</span>'
            f'<span class="pct">of {_n(stats.rows)} rows</span></div>'
        )
    s("</section>\n")

    code_bars = [
        Bar(
            f"{code} {c.name}",
            c.words,
            code_colors(code)[0],
            f"{_count(c.words, 'word')}, {_count(c.lines, 'line')}, {_count(c.docs, 'doc')}",
            f"{code} {c.name}: {_count(c.words, 'word')} in {_count(c.lines, 'line')} "
            f"of {_count(c.docs, 'document')}",
        )
        for code, c in sorted(stats.codes.items(), key=lambda kv: (-kv[1].words, kv[0]))
    ]
    s(
        f'<section id="by-code"><h2>Removed words by pass code</h2>{bar_chart(code_bars, "Removed words by pass code")}</section>\n'
    )
    types = stats.page_types.top(len(stats.page_types.entries))
    type_bars = _tally_bars(types, "hsl(212 45% 45%)", stats.page_types.error)
    s(
        f'<section id="by-type"><h2>Removed words by page type</h2>{bar_chart(type_bars, "Removed words by page type")}</section>\n'
    )
    s('<section id="by-site"><h2>Removed words by site</h2>')
    if site_field is None:
        s(
            '<p class="note">No site field given (<code>--site-field url</code> adds this chart).</p>'
        )
    else:
        sites = stats.sites
        top = sites.top(SHOW_SITES)
        bars = _tally_bars(top, "hsl(168 45% 35%)", sites.error)
        rest = Tally()
        for key, tally in sites.entries.items():
            if all(key != k for k, _ in top):
                rest.merge(tally)
        rest.merge(sites.other)
        if rest.docs:
            bars += _tally_bars([("other sites", rest)], "hsl(0 0% 60%)", lambda k: 0)
        s(bar_chart(bars, "Removed words by site"))
        counted = (
            f"{_n(len(sites.entries))} sites"
            if not sites.pruned
            else f"more than {_n(sites.limit)} sites: the least affected were counted "
            f"together as they came, so a figure marked ≥ may be short by up to "
            f"{_n(sites.floor)} words"
        )
        s(f'<p class="note">Field <code>{_e(site_field)}</code>; {counted}.</p>')
    s("</section>\n")

    if stats.failed:
        s(
            f'<section id="bad-rows"><h2>Rows that failed ({_n(stats.failed)})</h2><table class="bad">'
        )
        for bad in stats.bad:
            s(f"<tr><td>{_e(bad.path)}</td><td>{_e(bad.error)}</td></tr>")
        if stats.failed > len(stats.bad):
            s(f"<tr><td></td><td>… and {_n(stats.failed - len(stats.bad))} more</td></tr>")
        s("</table></section>\n")

    if every:
        which = f"All {_n(stats.shown)} documents, in input order."
    elif stats.shown == 0 and t.docs:
        which = "No document is shown (<code>--sample 0</code>)."
    elif stats.shown < t.docs:
        which = (
            f"A random sample of {_n(stats.shown)} of {_n(t.docs)} documents (seed {seed}), "
            "in input order; <code>--all</code> shows every one."
        )
    else:
        which = f"All {_n(stats.shown)} documents, in input order."
    s(
        f'<section id="docs"><h2>Documents</h2><p class="note">{which} '
        "Hover over (or tab to) a removed line for its reason.</p>"
    )
    s(
        '<div id="filter" role="toolbar" aria-label="Filter by pass code">'
        '<button type="button" data-code="" aria-pressed="true">all codes</button>'
    )
    for code, c in sorted(stats.codes.items()):
        s(
            f'<button type="button" class="{_code_class(code)}" data-code="{_e(code)}" '
            f'title="{_e(c.name)}" aria-pressed="false">{_e(code)}</button>'
        )
    s(
        '<label><input type="checkbox" id="only-removed"> removed lines only</label>'
        '<span id="shown-count"></span></div>\n'
    )
    for chunk in documents:
        w(chunk)
    s(
        f'</section>\n<div id="tip" role="tooltip" hidden></div>\n<script>{_asset("report.js")}</script>\n</body></html>\n'
    )
