"""The native engine's passes against the Python passes they port (#24).

Runs the Python pipeline (``cleaner.analyze``, text mode, default options) over
the seeds (``../shared/seeds``) and every ``page_text`` and ``extracted_text``
of ``../shared/eval/aeb-dev`` and ``wcxb-dev``, and records, as it goes, every
state the pipeline hands each ported pass, with the Python's answer:

* a line pass: every line it is asked about (the lines its screen lets
  through), and the reason it gives or ``None``;
* a page pass: every page state (segments, the removals of the passes before
  it, the known title, the options), and what it returns: the lines to remove
  with their reasons, and its metadata (title, date, author).

Then it asks ``cleaner._engine`` the same questions and counts, per pass, the
answers that differ (a reason is compared as the string it renders to; a
``Repeat`` also by the lines it repeats, their line numbers, ``exact`` and
``need``, which the pipeline reads to settle repeats). Three
more checks go beyond what the pipeline asked:

* the screens (phrase lists, picture-credit marks, breadcrumbs) on every
  distinct line of the texts;
* every line pass's rule on every distinct line (not only those its screen
  lets through);
* CL199 with invented user patterns (the development runs set none), whose
  meaning is the same in Python's ``regex`` and the ``regex`` crate, on every
  page state CL199 was handed.

CL601, the body model, is asked about more of each state (``_diff_fitted``):
the page type the pipeline handed it (which decides its thresholds, the gates
having switched passes off by it) and whether the text is an HTML page's
extracted text; its answer is the lines it removes and the lines it keeps
against earlier passes, each with its reason. Besides the states handed, every
state is asked again as an extracted text (from which it removes nothing,
its guards still on), and with the page type as HTML mode hands it (the type's
confidence for it, the rest shared by the others) and as a user names it (one
type, certain: each state gets one of the seven in turn).

The times printed are not a speed comparison: the Python's is its time inside
the pass during the run (with the caches its passes share, such as the line
features of CL401-CL403), the engine's that of the whole call, which converts
each page from Python and works out its line measures again for every pass.

It is a benchmark, not a test; it goes with the Python passes when the engine
replaces them. Exit status 1 when any answer differs.

    python benchmarks/native_diff_passes.py              # all the dev texts
    python benchmarks/native_diff_passes.py --limit 300  # the first 300 texts
    python benchmarks/native_diff_passes.py --show 5     # and 5 differences per pass
    python benchmarks/native_diff_passes.py --html       # the HTML pages instead, in HTML mode
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import cleaner
from cleaner import _engine, catalogue, pagetype, pipeline
from cleaner.config import PAGE_TYPES, Config
from cleaner.model import Page, PageType, Repeat
from cleaner.passes import fitted, user
from cleaner.registry import all_passes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = (
    (SHARED / "seeds" / "tasks.jsonl", ("page_text",)),
    (SHARED / "eval" / "aeb-dev" / "tasks.jsonl", ("page_text", "extracted_text")),
    (SHARED / "eval" / "wcxb-dev" / "tasks.jsonl", ("page_text", "extracted_text")),
)
#: The line passes' screens, by the engine's name for each.
SCREENS = {"phrases": "CL101", "credit_mark": "CL204", "crumb": "CL205"}
#: User patterns that mean the same in both syntaxes (CL199 on the dev pages).
USER_PATTERNS = (
    r"(?i)advertisement",
    r"\d+ comments?",
    r".*\bcookies?\b.*",
    r"(?i)(?:share|follow)(?: us)? on .+",
    r"[A-Z][a-z]+ [A-Z][a-z]+",
    r".*[|»›].*[|»›].*",
    r"[\W\d_]+",
    r"(?:\w+\s){0,3}\w+:",
)
#: States sent to the engine at once.
CHUNK = 2000
#: The body model, asked with the page type and whether the text is extracted.
FITTED = "CL601"


def removal(index: int, reason: object) -> tuple:
    """A removal as the engine renders it: ``(index, reason, repeat)``, where
    ``repeat`` is ``(of, lines, exact, need)`` for a ``Repeat``, else ``None``."""
    if isinstance(reason, Repeat):
        return index, str(reason), (list(reason.of), list(reason.lines), reason.exact, reason.need)
    return index, str(reason), None


def texts(limit: int | None, html: bool = False) -> list[tuple[str, bool]]:
    """The seeds' page texts, then aeb-dev's and wcxb-dev's page and extracted texts
    (with ``html``, aeb-dev's and wcxb-dev's HTML pages instead); each with whether
    it is HTML."""
    out: list[tuple[str, bool]] = []
    for path, fields in SOURCES:
        if not path.exists():
            sys.exit(f"native_diff_passes: {path} is missing (the development data in ../shared)")
        with path.open(encoding="utf-8") as rows:
            for row in map(json.loads, filter(str.strip, rows)):
                if not html:
                    out.extend((row[f], False) for f in fields if row.get(f))
                    continue
                page = path.parent / "html" / f"{row.get('id')}.html.gz"
                if "extracted_text" in fields and page.is_file():
                    out.append(
                        (gzip.decompress(page.read_bytes()).decode("utf-8", "replace"), True)
                    )
    return out[:limit] if limit else out


def ported() -> tuple[list[str], list[str]]:
    """The codes of the line passes and page passes the engine has."""
    line, page = [], []
    for info in catalogue.registered():
        try:
            if info.code == FITTED:
                _engine._diff_fitted([], [])
                page.append(info.code)
            elif info.kind == "line":
                _engine._diff_line_pass(info.code, [])
                line.append(info.code)
            else:
                _engine._diff_page_pass(info.code, [], [])
                page.append(info.code)
        except KeyError:
            pass
    return line, page


class Recorder:
    """What the Python pipeline hands each ported pass, and its answers."""

    def __init__(self, line_codes: list[str], page_codes: list[str]) -> None:
        self.line_codes, self.page_codes = line_codes, page_codes
        #: code -> line -> the Python's reason (or None)
        self.lines: dict[str, dict[str, str | None]] = {c: {} for c in line_codes}
        #: code -> state key -> (segments, removed, title, min_words, patterns, answer)
        self.states: dict[str, dict[tuple, tuple]] = {c: {} for c in page_codes}
        #: CL601's states: key -> (segments, removed in the pipeline's order,
        #: page type, extracted, answer)
        self.fitted: dict[tuple, tuple] = {}
        #: code -> the Python's seconds inside the pass during the run
        self.seconds: dict[str, float] = dict.fromkeys(line_codes + page_codes, 0.0)
        self._alive: dict[int, tuple] = {}  # segment tuples, kept so their ids stay unique

    def _line(self, code: str, func: Callable[[str], str | None]) -> Callable[[str], str | None]:
        seen = self.lines[code]

        def wrapper(text: str) -> str | None:
            start = time.perf_counter()
            reason = func(text)
            self.seconds[code] += time.perf_counter() - start
            seen.setdefault(text, None if reason is None else str(reason))
            return reason

        return wrapper

    def _page(self, code: str, func: Callable[[Page], object]) -> Callable[[Page], object]:
        seen = self.states[code]

        def wrapper(page: Page):
            start = time.perf_counter()
            outcome = func(page)
            self.seconds[code] += time.perf_counter() - start
            self._alive.setdefault(id(page.segments), page.segments)
            removed = tuple(sorted(page.removed.items()))
            title = page.meta.get("title")
            config = page.config
            key = (id(page.segments), removed, title, config.min_body_words, config.remove_patterns)
            answer = (
                sorted(removal(i, r) for i, r in outcome.removed.items()),
                dict(outcome.meta),
            )
            seen.setdefault(
                key,
                (
                    page.segments,
                    removed,
                    title,
                    config.min_body_words,
                    config.remove_patterns,
                    answer,
                ),
            )
            return outcome

        return wrapper

    def _fitted(self, func: Callable[[Page], object]) -> Callable[[Page], object]:
        seen = self.fitted

        def wrapper(page: Page):
            start = time.perf_counter()
            outcome = func(page)
            self.seconds[FITTED] += time.perf_counter() - start
            self._alive.setdefault(id(page.segments), page.segments)
            removed = tuple(page.removed.items())
            key = (id(page.segments), removed, page.page_type, page.extracted)
            seen.setdefault(
                key,
                (page.segments, removed, page.page_type, page.extracted, fitted_answer(outcome)),
            )
            return outcome

        return wrapper

    def run(self, documents: list[tuple[str, bool]]) -> None:
        real = dict(catalogue._REGISTRY)
        for code in self.line_codes:
            info = real[code]
            catalogue._REGISTRY[code] = replace(info, func=self._line(code, info.func))
        for code in self.page_codes:
            info = real[code]
            wrap = self._fitted(info.func) if code == FITTED else self._page(code, info.func)
            catalogue._REGISTRY[code] = replace(info, func=wrap)
        pipeline._enabled_cached.cache_clear()
        try:
            for text, html in documents:
                try:
                    cleaner.analyze(text, html=html)
                except cleaner.CleanerError:  # an HTML page refused (too large, say)
                    pass
        finally:
            catalogue._REGISTRY.update(real)
            pipeline._enabled_cached.cache_clear()


class Report:
    def __init__(self, show: int) -> None:
        self.show = show
        self.differ = 0

    def add(self, name: str, compared: int, differ: int, py: float, native: float) -> None:
        self.differ += differ
        timing = ""
        if py or native:
            timing = f"   python {py:7.2f}s  native {native:7.2f}s"
        print(f"{name:<40} {compared:>9} compared {differ:>6} differ{timing}", flush=True)

    def example(self, shown: int, *lines: object) -> None:
        if shown < self.show:
            for line in lines:
                print(f"      {line}")


def fitted_answer(outcome) -> tuple[list, list]:
    """CL601's answer: its removals and the lines it keeps, ``(index, reason)``."""
    return (
        sorted((i, str(r)) for i, r in outcome.removed.items()),
        sorted((i, str(r)) for i, r in outcome.kept.items()),
    )


def check_line_passes(rec: Recorder, report: Report) -> None:
    for code in rec.line_codes:
        seen = rec.lines[code]
        items = list(seen.items())
        start = time.perf_counter()
        got = _engine._diff_line_pass(code, [t for t, _ in items])
        native = time.perf_counter() - start
        differ = 0
        for (text, want), g in zip(items, got, strict=True):
            if g != want:
                report.example(
                    differ, f"{code} {text[:100]!r}", f"  python: {want}", f"  native: {g}"
                )
                differ += 1
        report.add(f"{code} lines handed", len(items), differ, rec.seconds[code], native)


def check_all_lines(rec: Recorder, report: Report, lines: list[str]) -> None:
    """Every line pass's rule on every distinct line; the screens too."""
    registered = {info.code: info for info in catalogue.registered()}
    for name, code in SCREENS.items():
        screen = registered[code].screen
        want = [bool(screen(t)) for t in lines]
        got = _engine._diff_screen(name, lines)
        differ = 0
        for text, w, g in zip(lines, want, got, strict=True):
            if w != g:
                report.example(differ, f"screen {name} {text[:100]!r}: python {w}, native {g}")
                differ += 1
        report.add(f"screen {name}: every line", len(lines), differ, 0.0, 0.0)
    for code in rec.line_codes:
        func = registered[code].func
        want = [func(t) for t in lines]
        got = _engine._diff_line_pass(code, lines)
        differ = 0
        for text, w, g in zip(lines, want, got, strict=True):
            w = None if w is None else str(w)
            if w != g:
                report.example(differ, f"{code} {text[:100]!r}", f"  python: {w}", f"  native: {g}")
                differ += 1
        report.add(f"{code} rule: every line", len(lines), differ, 0.0, 0.0)


def native_states(code: str, states: list[tuple], patterns: tuple[str, ...] | None = None):
    """The engine's answers for ``states`` of pass ``code``, sent in chunks."""
    out = []
    for at in range(0, len(states), CHUNK):
        chunk = states[at : at + CHUNK]
        pages: list[list[tuple[str, int, int]]] = []
        place: dict[int, int] = {}
        args = []
        for segments, removed, title, min_words, pats, _ in chunk:
            if id(segments) not in place:
                place[id(segments)] = len(pages)
                pages.append([(s.text, s.line_no, s.gap_before) for s in segments])
            args.append(
                (
                    place[id(segments)],
                    list(removed),
                    title,
                    min_words,
                    list(pats if patterns is None else patterns),
                )
            )
        out.extend(_engine._diff_page_pass(code, pages, args))
    return out


def compare_states(code: str, label: str, states: list[tuple], got: list, report: Report) -> int:
    differ = 0
    for state, g in zip(states, got, strict=True):
        segments, removed, title, *_, (want_removed, want_meta) = state
        g_removed, g_meta = ([], {}) if isinstance(g, Exception) else (g[0], dict(g[1]))
        if (
            isinstance(g, Exception)
            or [tuple(x) for x in g_removed] != want_removed
            or g_meta != want_meta
        ):
            report.example(
                differ,
                f"{code} ({label}) page of {len(segments)} lines, removed {dict(removed)}, "
                f"title {title!r}",
                f"  python: {want_removed} {want_meta}",
                f"  native: {g if isinstance(g, Exception) else (g_removed, g_meta)}",
            )
            differ += 1
    return differ


def check_page_passes(rec: Recorder, report: Report) -> None:
    for code in rec.page_codes:
        if code == FITTED:
            continue
        states = list(rec.states[code].values())
        start = time.perf_counter()
        got = native_states(code, states)
        native = time.perf_counter() - start
        differ = compare_states(code, "handed", states, got, report)
        removals = sum(len(s[-1][0]) for s in states)
        report.add(
            f"{code} states handed ({removals} removals)",
            len(states),
            differ,
            rec.seconds[code],
            native,
        )


def check_user_patterns(rec: Recorder, report: Report) -> None:
    if "CL199" not in rec.states:
        return
    config = Config(remove_patterns=USER_PATTERNS)
    states = []
    for segments, removed, title, min_words, _, _ in rec.states["CL199"].values():
        meta = {"title": title} if title else {}
        page = Page(segments, dict(removed), meta, config)
        outcome = user.user_pattern(page)
        answer = (sorted(removal(i, r) for i, r in outcome.removed.items()), {})
        warning = outcome.meta.get("warning")
        if warning:  # a timeout: the engine has none (linear time)
            print(f"    CL199 skipped a state: {warning}")
            continue
        states.append((segments, removed, title, min_words, USER_PATTERNS, answer))
    got = native_states("CL199", states, USER_PATTERNS)
    differ = compare_states("CL199", "invented patterns", states, got, report)
    removals = sum(len(s[-1][0]) for s in states)
    report.add(f"CL199 invented patterns ({removals} removals)", len(states), differ, 0.0, 0.0)


def _type_state(kind: PageType | None) -> tuple | None:
    if kind is None:
        return None
    return (kind.name, kind.confidence, list(kind.probabilities), kind.source)


def native_fitted(states: list[tuple]) -> list:
    """The engine's answers for CL601 ``states``, sent in chunks."""
    out = []
    for at in range(0, len(states), CHUNK):
        pages: list[list[tuple[str, int, int]]] = []
        place: dict[int, int] = {}
        args = []
        for segments, removed, kind, extracted, _ in states[at : at + CHUNK]:
            if id(segments) not in place:
                place[id(segments)] = len(pages)
                pages.append([(s.text, s.line_no, s.gap_before) for s in segments])
            args.append((place[id(segments)], list(removed), _type_state(kind), extracted))
        out.extend(_engine._diff_fitted(pages, args))
    return out


def _html_type(kind: PageType) -> PageType:
    """``kind`` as HTML mode hands it (``pipeline.page_type_of``)."""
    c = kind.confidence
    probs = tuple(c if t == kind.name else (1 - c) / 6 for t in PAGE_TYPES)
    return PageType(kind.name, c, probs, "html")


def replayed(states: list[tuple], how: str) -> list[tuple]:
    """The CL601 ``states`` asked again with a change (``how``): as an extracted
    text, with the page type as HTML mode hands it, or as a user names it (the
    seven types in turn); with the Python's answers. Each state gets a segment
    tuple of its own: CL601 remembers its scores by the tuple's identity, as
    the page type is the same for every pass of a run."""
    config = Config()
    out = []
    for k, (segments, removed, kind, extracted, _) in enumerate(states):
        if how == "extracted":
            extracted = True
        elif kind is None:
            continue
        elif how == "html":
            kind = _html_type(kind)
        else:
            kind = pagetype.configured(PAGE_TYPES[k % len(PAGE_TYPES)])
        segments = tuple(list(segments))
        outcome = fitted.body_model(Page(segments, dict(removed), {}, config, kind, extracted))
        out.append((segments, removed, kind, extracted, fitted_answer(outcome)))
    return out


def _rank_order(removed: tuple) -> tuple:
    """``removed`` by the catalogue's run order of the pass, then by line."""
    rank = {info.code: k for k, info in enumerate(all_passes())}
    return tuple(sorted(removed, key=lambda item: (rank.get(item[1], len(rank)), item[0])))


def check_fitted(rec: Recorder, report: Report) -> None:
    if FITTED not in rec.page_codes:
        return
    handed = list(rec.fitted.values())
    # the engine takes the pipeline's order of removals to be the catalogue's
    # run order, then the line's place: how often that is not so
    reordered = sum(1 for s in handed if _rank_order(s[1]) != s[1])
    print(f"    {FITTED}: {reordered} of {len(handed)} states removed lines out of run order")
    for label, states in (
        ("handed", handed),
        ("as extracted", replayed(handed, "extracted")),
        ("page type from HTML", replayed(handed, "html")),
        ("page type configured", replayed(handed, "config")),
    ):
        start = time.perf_counter()
        got = native_fitted(states)
        native = time.perf_counter() - start
        differ = 0
        for state, g in zip(states, got, strict=True):
            segments, removed, kind, extracted, want = state
            g = (
                g
                if isinstance(g, Exception)
                else ([tuple(x) for x in g[0]], [tuple(x) for x in g[1]])
            )
            if g != want:
                report.example(
                    differ,
                    f"{FITTED} ({label}) page of {len(segments)} lines, removed {dict(removed)}, "
                    f"type {_type_state(kind)}, extracted {extracted}",
                    f"  python: {want}",
                    f"  native: {g}",
                )
                differ += 1
        removals = sum(len(s[-1][0]) for s in states)
        kept = sum(len(s[-1][1]) for s in states)
        report.add(
            f"{FITTED} {label} ({removals} removals, {kept} kept)",
            len(states),
            differ,
            rec.seconds[FITTED] if label == "handed" else 0.0,
            native,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, help="only the first N texts")
    parser.add_argument("--show", type=int, default=3, help="differences shown per check")
    parser.add_argument(
        "--handed-only", action="store_true", help="skip the checks on every distinct line"
    )
    parser.add_argument(
        "--html",
        action="store_true",
        help="clean the HTML pages of aeb-dev and wcxb-dev instead (HTML mode: extracted "
        "texts, the page type from the extraction)",
    )
    args = parser.parse_args(argv)
    documents = texts(args.limit, args.html)
    line_codes, page_codes = ported()
    rec = Recorder(line_codes, page_codes)
    start = time.perf_counter()
    rec.run(documents)
    print(
        f"{len(documents)} texts cleaned by the Python in {time.perf_counter() - start:.0f}s; "
        f"ported: {len(line_codes)} line passes, {len(page_codes)} page passes "
        f"({', '.join(line_codes + page_codes)})",
        flush=True,
    )
    report = Report(args.show)
    check_line_passes(rec, report)
    check_page_passes(rec, report)
    check_fitted(rec, report)
    check_user_patterns(rec, report)
    if not args.handed_only:
        lines = sorted(
            {
                s.text
                for states in (*rec.states.values(), rec.fitted)
                for segments, *_ in states.values()
                for s in segments
            }
        )
        check_all_lines(rec, report, lines)
    print(f"total: {report.differ} answers differ")
    return 1 if report.differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
