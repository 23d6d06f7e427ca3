"""Speed of HTML mode: ``cleaner.clean(page, html=True)`` against ``trafilatura.extract``.

Usage::

    python benchmarks/speed_html.py                # each page's best of 5 rounds
    python benchmarks/speed_html.py --repeat 9 --sample 300

Two page sets, each timed on its own: the aeb-dev pages and a sample of
wcxb-dev pages (``--sample`` pages drawn with a fixed seed, so every run times
the same ones). In one run, interleaved page by page (each page goes through
every contender in turn, so machine load hits them alike), the sum over the
pages of each page's best time over the rounds, for:

* ``trafilatura.extract(page)`` with its defaults (the reference of issue #13);
* ``cleaner.html.extract(page)``: HTML mode's extraction alone (one parse, DOM
  evidence, trafilatura's fast extraction, the content region, page type,
  selector, metadata);
* ``cleaner.clean(page, html=True)``: all of the above, then the text passes.

``bench_html(ctx)`` plugs into ``benchmarks/speed.py`` as its ``html`` section.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "aeb-dev" / "tasks.jsonl"
DEFAULT_WCXB = ROOT.parent / "shared" / "eval" / "wcxb-dev" / "tasks.jsonl"
SEED = 13


def load_pages(data: Path, sample: int | None = None) -> list[str]:
    """The pages of ``data`` (``html/<id>.html.gz`` beside it); ``sample`` of them if given."""
    folder = data.parent / "html"
    with open(data, encoding="utf-8") as fh:
        ids = [json.loads(line)["id"] for line in fh if line.strip()]
    if sample is not None and sample < len(ids):
        ids = sorted(random.Random(SEED).sample(ids, sample))
    return [
        gzip.decompress((folder / f"{i}.html.gz").read_bytes()).decode("utf-8", "replace")
        for i in ids
    ]


def measure(pages: list[str], repeat: int) -> dict[str, float]:
    """Seconds per contender: for each page its best time over ``repeat``
    rounds, summed. Interleaved page by page (each page goes through every
    contender in turn), so a burst of load on the machine hits every
    contender alike and a best time per page discards it."""
    import trafilatura

    import cleaner
    from cleaner.html import extract

    contenders: dict[str, Callable[[str], Any]] = {
        "trafilatura.extract (defaults)": lambda p: trafilatura.extract(p),
        "cleaner.html.extract (extraction alone)": lambda p: extract(p),
        "cleaner.clean(html=True)": lambda p: cleaner.clean(p, html=True),
    }
    for func in contenders.values():  # warm-up: imports, models, regex and phrase tables
        for p in pages[:5]:
            func(p)
    best = {name: [float("inf")] * len(pages) for name in contenders}
    clock = time.perf_counter
    for _ in range(repeat):
        for k, p in enumerate(pages):
            for name, func in contenders.items():
                start = clock()
                func(p)
                seconds = clock() - start
                if seconds < best[name][k]:
                    best[name][k] = seconds
    return {name: sum(times) for name, times in best.items()}


def page_sets(aeb: Path, wcxb: Path, sample: int) -> dict[str, list[str]]:
    sets = {}
    if aeb.is_file():
        sets[aeb.parent.name] = load_pages(aeb)
    if wcxb.is_file() and sample > 0:
        sets[f"{wcxb.parent.name} sample"] = load_pages(wcxb, sample)
    return sets


def bench_html(ctx: Any) -> None:
    """The ``html`` section of benchmarks/speed.py."""
    sets = page_sets(ctx.args.data, DEFAULT_WCXB, 300)
    for label, pages in sets.items():
        best = measure(pages, max(3, ctx.args.repeat))
        ref = best["trafilatura.extract (defaults)"]
        for name, seconds in best.items():
            ctx.add(
                "html",
                f"{name} ({label}, {len(pages)} pages)",
                docs_s=f"{len(pages) / seconds:.0f}",
                ratio=f"{seconds / ref:.2f}x",
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="aeb-dev tasks.jsonl")
    parser.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB, help="wcxb-dev tasks.jsonl")
    parser.add_argument("--sample", type=int, default=300, help="wcxb-dev pages (0: none)")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds (best kept)")
    args = parser.parse_args(argv)
    sets = page_sets(args.data, args.wcxb, args.sample)
    if not sets:
        print(f"no benchmark data at {args.data} (it lives in ../shared)", file=sys.stderr)
        return 2
    for label, pages in sets.items():
        best = measure(pages, args.repeat)
        ref = best["trafilatura.extract (defaults)"]
        print(f"{label} ({len(pages)} pages)")
        for name, seconds in best.items():
            print(
                f"  {name:42} {seconds:6.2f}s  {len(pages) / seconds:6.0f} docs/s  "
                f"{seconds / ref:.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
