"""The native engine's fitted layer against the Python code it ports (#24).

Runs the Python pipeline (``cleaner.analyze``, text mode, default options) over
every ``page_text`` and ``extracted_text`` of ``../shared/eval/aeb-dev`` and
``wcxb-dev``, and records, as it goes, each state the fitted layer is asked
about: every page the page-type model classifies and every page matrix the
body model scores (with the removals of the passes before it and the page
type). Then it asks ``cleaner._engine`` the same questions and counts the
answers that differ, bit for bit:

* stoplists: each page's detected language; each language's weight divisor;
* lexicon: every distinct line's logit, known and counted words, score and
  strongest terms; each page's coverage;
* line_stats: every column of every line, the language, the word counts,
  prose and shape codes;
* pagetype: the type, its confidence and all seven probabilities;
* page_matrix: all 127 columns of every row;
* forest: P(content) and the contributions, on the Python's own rows (the
  forest alone) and on the engine's rows (the whole native chain); and, where
  anything differs, the decisions it would flip (CL601's thresholds, the
  2-decimal reasons, the two strongest features);
* models: the thresholds and gates of the shipped files.

It times each native function against its Python twin on the same inputs
(the Python's caches emptied first, so both work from scratch). It is a
benchmark, not a test; it goes with the Python code when the engine replaces
it. Exit status 1 when any answer differs.

    python benchmarks/native_diff_models.py             # all the dev pages
    python benchmarks/native_diff_models.py --limit 200  # the first 200 texts
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import cleaner
from cleaner import _engine, fitted, lexicon, linefeatures, pagetype, stoplists
from cleaner.passes import fitted as fitted_pass

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
FIELDS = ("page_text", "extracted_text")


def texts(limit: int | None) -> list[str]:
    """Every page text and extracted text of the development data."""
    out = []
    for name in ("aeb-dev", "wcxb-dev"):
        path = EVAL / name / "tasks.jsonl"
        if not path.exists():
            sys.exit(f"native_diff_models: {path} is missing (the development data in ../shared)")
        with path.open(encoding="utf-8") as rows:
            for row in map(json.loads, rows):
                out.extend(row[f] for f in FIELDS if row.get(f))
    return out[:limit] if limit else out


class Recorder:
    """The states the fitted layer sees while the Python pipeline runs."""

    def __init__(self) -> None:
        self.classified: dict[tuple, tuple] = {}  # page key -> (segments, PageType)
        self.matrices: dict[tuple, tuple] = {}  # state key -> (segments, removed, probs, x)

    def run(self, documents: list[str]) -> None:
        real_classify, real_matrix = pagetype.classify, fitted_pass.page_matrix

        def classify(segments, model):
            got = real_classify(segments, model)
            key = tuple((s.text, s.gap_before) for s in segments)
            self.classified.setdefault(key, (segments, got))
            return got

        def page_matrix(segments, removed, type_probs=None, lex=None):
            x = real_matrix(segments, removed, type_probs, lex)
            key = (
                tuple((s.text, s.gap_before) for s in segments),
                tuple(sorted(removed.items())),
                None if type_probs is None else tuple(type_probs),
            )
            self.matrices.setdefault(key, (segments, dict(removed), type_probs, x))
            return x

        pagetype.classify, fitted_pass.page_matrix = classify, page_matrix
        try:
            for text in documents:
                cleaner.analyze(text, html=False)
        finally:
            pagetype.classify, fitted_pass.page_matrix = real_classify, real_matrix


def clear_caches() -> None:
    """Empty the Python's line caches, so that it works from scratch."""
    linefeatures._ROWS.clear()
    linefeatures._TOKENS.clear()
    lexicon._READ.clear()
    pagetype._LINE_WORDS.clear()


def timed(work: Callable[[], object], reset: Callable[[], None] | None = None) -> float:
    """Seconds of one run of ``work`` (best of two), after ``reset``."""
    best = float("inf")
    for _ in range(2):
        if reset:
            reset()
        gc.collect()
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def fresh(segments: tuple) -> tuple:
    """A new tuple of the same segments (``per_segments`` caches by identity)."""
    return tuple(list(segments))


def code_number(code: str) -> int:
    return int(code[2:])


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, int, int, float, float]] = []

    def add(self, name: str, compared: int, differ: int, py: float, native: float) -> None:
        self.rows.append((name, compared, differ, py, native))
        ratio = py / native if native else float("inf")
        print(
            f"{name:<34} {compared:>9} compared {differ:>6} differ   "
            f"python {py:8.3f}s  native {native:8.3f}s  {ratio:6.1f}x",
            flush=True,
        )

    @property
    def differ(self) -> int:
        return sum(r[2] for r in self.rows)


def bits_equal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per element: the same bits (NaN equal to NaN of the same bits)."""
    a = np.ascontiguousarray(a)
    b = np.ascontiguousarray(b)
    view = {4: np.uint32, 8: np.uint64}[a.dtype.itemsize]
    return a.view(view) == b.view(view)


def check_stoplists(rec: Recorder, report: Report) -> None:
    _, languages, _, divisors = stoplists._groups()
    native = dict(_engine._diff_stoplist_divisors())
    differ = sum(native.get(lang) != d for lang, d in zip(languages, divisors, strict=True))
    differ += len(set(native) ^ set(languages))
    report.add("stoplists: divisors", len(languages), differ, 0.0, 0.0)
    pages = [[s.text for s in segs] for segs, _ in rec.classified.values()]
    want = [linefeatures.line_stats(fresh(segs)).language for segs, _ in rec.classified.values()]

    def py() -> list[str]:
        out = []
        for lines in pages:
            ids = [
                stoplists.language_ids([w.casefold() for w in linefeatures._TOKEN_RE.findall(t)])
                for t in lines
            ]
            out.append(stoplists.stoplist_of(ids)[0])
        return out

    got = _engine._diff_language(pages)
    differ = sum(g != w for g, w in zip(got, want, strict=True))
    report.add(
        "stoplists: page language",
        len(pages),
        differ,
        timed(py),
        timed(lambda: _engine._diff_language(pages)),
    )


def check_lexicon(rec: Recorder, report: Report) -> None:
    lex = fitted.models().lexicon
    lines = list(dict.fromkeys(s.text for segs, *_ in rec.matrices.values() for s in segs))

    def py() -> list:
        return [(*lex._read(t), lex.score(t), lex.strongest(t)) for t in lines]

    want = py()
    got = _engine._diff_lexicon(lines)
    differ = 0
    for w, g in zip(want, got, strict=True):
        logit, known, words, score, strongest = w
        if (
            np.float64(logit).tobytes() != np.float64(g[0]).tobytes()
            or (known, words) != (g[1], g[2])
            or np.float64(score).tobytes() != np.float64(g[3]).tobytes()
            or strongest != g[4]
        ):
            differ += 1
    report.add(
        "lexicon: read+score+strongest",
        len(lines),
        differ,
        timed(py, clear_caches),
        timed(lambda: _engine._diff_lexicon(lines)),
    )
    pages = [[s.text for s in segs] for segs, _ in rec.classified.values()]
    want_cov = [lex.coverage(p) for p in pages]
    got_cov = _engine._diff_coverage(pages)
    differ = sum(a != b for a, b in zip(want_cov, got_cov, strict=True))
    report.add(
        "lexicon: coverage",
        len(pages),
        differ,
        timed(lambda: [lex.coverage(p) for p in pages], clear_caches),
        timed(lambda: _engine._diff_coverage(pages)),
    )


def check_line_stats(rec: Recorder, report: Report) -> None:
    pages = [segs for segs, _ in rec.classified.values()]
    args = [([s.text for s in segs], [s.gap_before for s in segs]) for segs in pages]
    want = [linefeatures.line_stats(fresh(segs)) for segs in pages]
    got = _engine._diff_line_stats(args)
    differ = cells = lines = 0
    columns: dict[str, int] = {}
    for w, (language, use_density, table, words, prose, shape) in zip(want, got, strict=True):
        n = len(w.words)
        lines += n
        t = np.frombuffer(table, dtype=np.float32).reshape(n, -1) if n else w.table
        same = bits_equal(w.table, t) if n else np.ones((0, 0), dtype=bool)
        cells += same.size
        for j in np.flatnonzero(~same.all(axis=0)) if n else []:
            columns[linefeatures.COLUMNS[j]] = columns.get(linefeatures.COLUMNS[j], 0) + 1
        bad = (
            language != w.language
            or use_density != w.use_density
            or list(words) != w.words.tolist()
            or list(prose) != w.prose.tolist()
            or list(shape) != w.shape.tolist()
        )
        differ += int(bad) + int((~same).any(axis=1).sum() if n else 0)
    report.add(
        "line_stats: lines (+pages)",
        lines,
        differ,
        timed(lambda: [linefeatures.line_stats(fresh(s)) for s in pages], clear_caches),
        timed(lambda: _engine._diff_line_stats(args)),
    )
    if columns:
        print(f"    pages differing by column: {columns}")


def check_pagetype(rec: Recorder, report: Report) -> None:
    model = fitted.models().page_type
    items = list(rec.classified.values())
    args = [([s.text for s in segs], [s.gap_before for s in segs]) for segs, _ in items]
    got = _engine._diff_classify(args)
    differ = 0
    for (_, want), (name, confidence, probs) in zip(items, got, strict=True):
        if (
            name != want.name
            or np.float64(confidence).tobytes() != np.float64(want.confidence).tobytes()
            or np.array(probs).tobytes() != np.array(want.probabilities).tobytes()
        ):
            differ += 1
    report.add(
        "pagetype: classify",
        len(items),
        differ,
        timed(lambda: [pagetype.classify(fresh(s), model) for s, _ in items], clear_caches),
        timed(lambda: _engine._diff_classify(args)),
    )


def check_matrix_and_forest(rec: Recorder, report: Report) -> None:
    m = fitted.models()
    body = m.body
    cols = body.columns(linefeatures.COLUMNS)
    items = list(rec.matrices.values())
    args = [
        (
            [s.text for s in segs],
            [s.gap_before for s in segs],
            [(i, code_number(c)) for i, c in removed.items()],
            None if probs is None else [float(p) for p in probs],
        )
        for segs, removed, probs, _ in items
    ]
    got = _engine._diff_page_matrix(args)
    rows = differ = 0
    columns: dict[str, int] = {}
    p_differ = c_differ = p_e2e = c_e2e = flips = 0
    x_all = []
    for (segs, removed, probs, want), (matrix, p_native, contrib_native) in zip(
        items, got, strict=True
    ):
        n = len(segs)
        rows += n
        x_native = np.frombuffer(matrix, dtype=np.float32).reshape(n, -1)
        same = bits_equal(want, x_native)
        differ += int((~same).any(axis=1).sum())
        for j in np.flatnonzero(~same.all(axis=0)):
            columns[linefeatures.COLUMNS[j]] = columns.get(linefeatures.COLUMNS[j], 0) + 1
        x = want[:, cols]
        x_all.append(np.ascontiguousarray(x, dtype=np.float64))
        p = body.predict(x)
        contrib = body.contributions(x)
        # the whole native chain: its own matrix, its own forest
        pn = np.frombuffer(p_native, dtype=np.float64)
        cn = np.frombuffer(contrib_native, dtype=np.float64).reshape(n, -1)
        p_e2e += int((~bits_equal(p, pn)).sum())
        c_e2e += int((~bits_equal(contrib, cn)).any(axis=1).sum())
        flips += decisions_flipped(m, segs, removed, probs, p, pn, contrib, cn)
    report.add(
        "page_matrix: rows",
        rows,
        differ,
        timed(
            lambda: [linefeatures.page_matrix(fresh(s), r, p, m.lexicon) for s, r, p, _ in items],
            clear_caches,
        ),
        timed(lambda: _engine._diff_page_matrix(args, score=False)),
    )
    if columns:
        print(f"    states differing by column: {columns}")
    # the forest alone, on the Python's rows
    for x in x_all:
        pn, cn = _engine._diff_forest(x.tobytes())
        p_differ += int((~bits_equal(body.predict(x), np.frombuffer(pn, dtype=np.float64))).sum())
        cn = np.frombuffer(cn, dtype=np.float64).reshape(len(x), -1)
        c_differ += int((~bits_equal(body.contributions(x), cn)).any(axis=1).sum())
    blobs = [x.tobytes() for x in x_all]
    report.add(
        "forest: predict+contributions",
        rows,
        p_differ + c_differ,
        timed(lambda: [(body.predict(x), body.contributions(x)) for x in x_all]),
        timed(lambda: [_engine._diff_forest(b) for b in blobs]),
    )
    report.add("native chain: P(content)", rows, p_e2e, 0.0, 0.0)
    report.add("native chain: contributions", rows, c_e2e, 0.0, 0.0)
    report.add("decisions flipped", rows, flips, 0.0, 0.0)


def decisions_flipped(m, segs, removed, probs, p, pn, contrib, cn) -> int:
    """Lines whose CL601 decision or reason text would change with the native
    numbers: threshold comparisons, the 2-decimal P(content), and which two
    features weigh most."""
    if np.array_equal(p, pn) and np.array_equal(contrib, cn):
        return 0
    group = "article"
    if probs is not None:
        best = int(np.argmax(probs))
        group = fitted.group_of(cleaner.config.PAGE_TYPES[best], float(probs[best]), m.other_at)
    flips = 0
    for i in range(len(segs)):
        code = removed.get(i)
        at = m.remove_at(group) if code is None else m.keep_at(code, group)
        side = (p[i] < at) if code is None else (p[i] >= at)
        side_n = (pn[i] < at) if code is None else (pn[i] >= at)
        order = np.argsort(-contrib[i])[:2].tolist()
        order_n = np.argsort(-cn[i])[:2].tolist()
        if side != side_n or f"{p[i]:.2f}" != f"{pn[i]:.2f}" or order != order_n:
            flips += 1
    return flips


def check_models(report: Report) -> None:
    m = fitted.models()
    t = m.thresholds
    want = (
        float(t["remove"]["article"]),
        float(t["remove"]["other"]),
        sorted((k, float(v)) for k, v in t["keep"].items()),
        [
            m.threshold("guard_share"),
            m.threshold("guard_strong"),
            m.threshold("max_loss"),
            m.min_coverage,
            m.other_at,
        ],
        m.gate_confidence,
        sorted((c, sorted(ts)) for c, ts in m.gates.items()),
    )
    got = _engine._diff_models()
    got = (
        got[0],
        got[1],
        [tuple(k) for k in got[2]],
        list(got[3]),
        got[4],
        [(c, list(ts)) for c, ts in got[5]],
    )
    want = (want[0], want[1], [tuple(k) for k in want[2]], want[3], want[4], want[5])
    report.add("fitted: thresholds and gates", 1, int(got != want), 0.0, 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, help="only the first N texts")
    args = parser.parse_args(argv)
    documents = texts(args.limit)
    rec = Recorder()
    start = time.perf_counter()
    rec.run(documents)
    print(
        f"{len(documents)} texts cleaned by the Python in {time.perf_counter() - start:.0f}s: "
        f"{len(rec.classified)} pages classified, {len(rec.matrices)} page matrices scored",
        flush=True,
    )
    report = Report()
    check_models(report)
    check_stoplists(rec, report)
    check_lexicon(rec, report)
    check_line_stats(rec, report)
    check_pagetype(rec, report)
    check_matrix_and_forest(rec, report)
    print(f"{report.differ} answers differ")
    return 1 if report.differ else 0


if __name__ == "__main__":
    sys.exit(main())
