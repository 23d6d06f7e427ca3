"""Speed of HTML mode: ``cleaner.clean(page, html=True)`` against ``trafilatura.extract``.

Usage::

    python benchmarks/speed_html.py               # best of 5 interleaved rounds
    python benchmarks/speed_html.py --repeat 9

On the aeb-dev pages (``html/<id>.html.gz``), in one run and interleaved round
by round (so machine load hits every contender alike), the best time of:

* ``trafilatura.extract(page)`` with its defaults (the reference of issue #4);
* ``trafilatura.extract`` with the options HTML mode uses (``cleaner.html.EXTRACT_OPTIONS``
  without metadata);
* ``cleaner.clean(page, html=True)``: one ``bare_extraction`` with metadata, then the passes.

``bench_html(ctx)`` plugs into ``benchmarks/speed.py`` as its ``html`` section.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "aeb-dev" / "tasks.jsonl"


def load_pages(data: Path) -> list[str]:
    folder = data.parent / "html"
    with open(data, encoding="utf-8") as fh:
        ids = [json.loads(line)["id"] for line in fh if line.strip()]
    return [
        gzip.decompress((folder / f"{i}.html.gz").read_bytes()).decode("utf-8", "replace")
        for i in ids
    ]


def measure(pages: list[str], repeat: int) -> dict[str, float]:
    """Best seconds per contender over ``repeat`` interleaved rounds."""
    import trafilatura

    import cleaner
    from cleaner.html import EXTRACT_OPTIONS

    same = {k: v for k, v in EXTRACT_OPTIONS.items() if k != "with_metadata"}
    contenders: dict[str, Callable[[str], Any]] = {
        "trafilatura.extract (defaults)": lambda p: trafilatura.extract(p),
        "trafilatura.extract (HTML-mode options)": lambda p: trafilatura.extract(p, **same),
        "cleaner.clean(html=True)": lambda p: cleaner.clean(p, html=True),
    }
    for func in contenders.values():  # warm-up: imports, regex and phrase tables
        for p in pages[:5]:
            func(p)
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeat):
        for name, func in contenders.items():
            start = time.perf_counter()
            for p in pages:
                func(p)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def bench_html(ctx: Any) -> None:
    """The ``html`` section of benchmarks/speed.py."""
    pages = load_pages(ctx.args.data)
    best = measure(pages, max(3, ctx.args.repeat))
    ref = best["trafilatura.extract (defaults)"]
    for name, seconds in best.items():
        ctx.add(
            "html",
            f"{name} ({len(pages)} pages)",
            docs_s=f"{len(pages) / seconds:.0f}",
            ratio=f"{seconds / ref:.2f}x",
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="aeb-dev tasks.jsonl")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds (best kept)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no benchmark data at {args.data} (it lives in ../shared)", file=sys.stderr)
        return 2
    pages = load_pages(args.data)
    best = measure(pages, args.repeat)
    ref = best["trafilatura.extract (defaults)"]
    for name, seconds in best.items():
        print(
            f"{name:42} {seconds:6.2f}s  {len(pages) / seconds:6.0f} docs/s  {seconds / ref:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
