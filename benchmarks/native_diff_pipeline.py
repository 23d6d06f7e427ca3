"""The native pipeline's whole answers against ``cleaner.analyze`` (#24).

For every development text (the seeds' ``page_text``; aeb-dev's and
wcxb-dev's ``page_text`` and ``extracted_text``, from ``../shared``), under
several configurations, compares the engine's whole answer
(``cleaner._engine._diff_pipeline``: normalization, the page type, every pass,
the gates, overruling, the repeats settled, the rounds until a second clean
reads the same, the warning) with the Python's (``cleaner.analyze``, text
mode): the body, every removal (line, code, name, reason, text), every
overruled line and the metadata (title, date, author, page type and its
confidence, warning), made canonical as ``benchmarks/golden.py`` makes them.

CL701 (a learned profile) is not in the engine yet, so no configuration sets a
profile. The rule passes are held to the Python with CL601 (the body model,
which overrules them) ignored, and the whole pipeline with it:

* ``default``: ``Config()``, CL601 included;
* ``base``: ``Config(ignore=("CL601",))``;
* ``keep``: the same with ``paragraphs="keep"``;
* ``patterns``: the same with user patterns (CL199) whose meaning is the
  same in Python's ``regex`` and the ``regex`` crate;
* ``select``: ``select=("CL1", "CL2", "CL404")``, no CL601 by selection;
* ``forum``: ``page_type="forum"`` (the gates of a configured type), quotes
  straightened, bullet ``*``.

It is a benchmark, not a test. Exit status 1 when any answer differs.

    python benchmarks/native_diff_pipeline.py                    # every text, every configuration
    python benchmarks/native_diff_pipeline.py --configs base --limit 300 --show 3
    python benchmarks/native_diff_pipeline.py --configs keep,forum --every 4 -j 2
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import ftfy

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = (
    (SHARED / "seeds" / "tasks.jsonl", ("page_text",)),
    (SHARED / "eval" / "aeb-dev" / "tasks.jsonl", ("page_text", "extracted_text")),
    (SHARED / "eval" / "wcxb-dev" / "tasks.jsonl", ("page_text", "extracted_text")),
)
#: User patterns that mean the same in both syntaxes (as native_diff_passes.py).
USER_PATTERNS = (
    r"(?i)advertisement",
    r"\d+ comments?",
    r".*\bcookies?\b.*",
    r"(?i)(?:share|follow)(?: us)? on .+",
    r"[\W\d_]+",
)
CONFIGS: dict[str, dict[str, Any]] = {
    "default": {},
    "base": {"ignore": ("CL601",)},
    "keep": {"ignore": ("CL601",), "paragraphs": "keep"},
    "patterns": {"ignore": ("CL601",), "remove_patterns": USER_PATTERNS},
    "select": {"select": ("CL1", "CL2", "CL404")},
    "forum": {
        "ignore": ("CL601",),
        "page_type": "forum",
        "straighten_quotes": True,
        "bullet": "*",
    },
}
#: Texts sent to the engine at once.
CHUNK = 200


def texts(limit: int | None, every: int = 1) -> list[tuple[str, str]]:
    """``(key, text)`` of the seeds' page texts, then aeb-dev's and wcxb-dev's
    page and extracted texts (every ``every``-th of them)."""
    out = []
    for path, fields in SOURCES:
        if not path.exists():
            sys.exit(f"native_diff_pipeline: {path} is missing (the development data in ../shared)")
        corpus = path.parent.name
        with path.open(encoding="utf-8") as rows:
            for row in map(json.loads, filter(str.strip, rows)):
                out.extend((f"{corpus}/{f}/{row['id']}", row[f]) for f in fields if row.get(f))
    out = out[::every]
    return out[:limit] if limit else out


def python_answer(text: str, options: dict[str, Any]) -> dict:
    """``cleaner.analyze``'s answer, as ``benchmarks/golden.py`` makes it canonical."""
    import cleaner

    try:
        result = cleaner.analyze(text, html=False, **options)
    except cleaner.CleanerError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {
        "text": result.text,
        "removed": [[r.line_no, r.code, r.name, r.reason, r.text] for r in result.removed],
        "overruled": [
            [o.line_no, o.code, o.name, o.reason, o.by, o.why, o.text] for o in result.overruled
        ],
        "meta": dict(sorted(result.meta.items())),
    }


def _python_chunk(args: tuple[list[str], dict[str, Any]]) -> list[dict]:
    chunk, options = args
    return [python_answer(t, options) for t in chunk]


def engine_options(options: dict[str, Any]) -> dict[str, Any]:
    """The engine's keyword arguments for the ``Config`` of ``options``."""
    from cleaner import catalogue
    from cleaner.config import Config

    cfg = Config(**options)
    return {
        "fix_unicode": cfg.fix_unicode,
        "straighten_quotes": cfg.straighten_quotes,
        "bullet": cfg.bullet,
        "keep_paragraphs": cfg.paragraphs == "keep",
        "select": [catalogue.resolve(c) or c for c in cfg.select],
        "select_written": list(cfg.select),
        "ignore": [catalogue.resolve(c) or c for c in cfg.ignore],
        "remove_patterns": list(cfg.remove_patterns),
        "min_body_words": cfg.min_body_words,
        "page_type": cfg.page_type,
        "models": cfg.models,
        "profile": cfg.profile is not None,
    }


def native_answers(batch: list[str], options: dict[str, Any]) -> list[dict]:
    """The engine's answers, in the same canonical form."""
    from cleaner import _engine

    norm = importlib.import_module("cleaner.normalize")  # the module, not the function
    kwargs = engine_options(options)
    cfg = norm._FTFY_STRAIGHT if kwargs["straighten_quotes"] else norm._FTFY_PLAIN
    screen = _engine.FtfyScreen(*norm.ftfy_tables())
    got = _engine._diff_pipeline(batch, screen, lambda line: ftfy.fix_text(line, cfg), **kwargs)
    out = []
    for answer in got:
        if isinstance(answer, Exception):
            out.append({"error": f"{type(answer).__name__}: {answer}"})
            continue
        body, removed, overruled, meta = answer
        out.append(
            {
                "text": body,
                "removed": [list(r) for r in removed],
                "overruled": [list(o) for o in overruled],
                "meta": dict(sorted(meta)),
            }
        )
    return out


def compare(
    name: str, items: list[tuple[str, str]], jobs: int, show: int
) -> tuple[int, int, list[str]]:
    """Answers compared and differing under configuration ``name``; the keys that differ."""
    from golden import diff_answers

    options = CONFIGS[name]
    batch = [t for _, t in items]
    chunks = [batch[i : i + CHUNK] for i in range(0, len(batch), CHUNK)]
    start = time.perf_counter()
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            parts = list(pool.map(_python_chunk, [(c, options) for c in chunks]))
    else:
        parts = [_python_chunk((c, options)) for c in chunks]
    want = [a for part in parts for a in part]
    python_s = time.perf_counter() - start
    start = time.perf_counter()
    got = [a for c in chunks for a in native_answers(c, options)]
    native_s = time.perf_counter() - start
    differ: list[str] = []
    for (key, _), w, g in zip(items, want, got, strict=True):
        if w != g:
            if len(differ) < show:
                print(f"  {name} {key}:")
                for line in diff_answers(w, g):
                    print(f"    {line}")
            differ.append(key)
    same = len(items) - len(differ)
    removed = sum(len(w.get("removed", ())) for w in want)
    overruled = sum(len(w.get("overruled", ())) for w in want)
    warned = sum(bool(w.get("meta", {}).get("warning")) for w in want)
    print(
        f"{name:<10} what the answers hold: {removed} removed lines, {overruled} overruled, "
        f"{warned} warnings",
        flush=True,
    )
    print(
        f"{name:<10} {len(items):>6} answers {same:>6} identical {len(differ):>5} differ"
        f"   python {python_s:7.1f}s ({jobs} process(es))  native {native_s:6.1f}s (1 thread)",
        flush=True,
    )
    return len(items), len(differ), differ


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated names")
    parser.add_argument("--limit", type=int, help="only the first N texts")
    parser.add_argument("--every", type=int, default=1, help="only every K-th text")
    parser.add_argument("--show", type=int, default=3, help="differences shown per configuration")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="processes for the Python side")
    args = parser.parse_args(list(argv) if argv is not None else None)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    items = texts(args.limit, args.every)
    total = bad = 0
    for name in args.configs.split(","):
        n, d, _ = compare(name, items, args.jobs, args.show)
        total, bad = total + n, bad + d
    print(f"all       {total:>6} answers {total - bad:>6} identical {bad:>5} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
