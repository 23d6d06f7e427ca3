"""Lines removed as a repeat of a line that is itself removed (#23): a copy must
never go together with its original.

    python benchmarks/repeats.py                 # wcxb-dev and aeb-dev page texts (1,559)
    python benchmarks/repeats.py --field extracted_text -j 2
    python benchmarks/repeats.py --show 20       # list the first 20 such lines

Over every page text of the development corpora, each line removed with a
``Repeat`` reason (``Verdict.repeat``: the lines it repeats, a typed value)
is checked against the final verdicts: the lines it repeats must be kept (for a
digest, the share of them it needs, ``Repeat.holds``). The count must be 0
(exit 1 otherwise). For comparison with a tree before #23,
which had no typed value, the same is counted from the reasons that name a
line ("repeat of line 41", "truncated copy of line 41"). A line counts as a
gold line when its text stands in the page's gold text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = {
    "wcxb-dev": SHARED / "eval" / "wcxb-dev" / "tasks.jsonl",
    "aeb-dev": SHARED / "eval" / "aeb-dev" / "tasks.jsonl",
}
_NAMED_RE = regex.compile(r"^(?:repeat of line|truncated copy of line) (\d+)$")
_SPACE_RE = regex.compile(r"\s+")


def _folded(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip().casefold()


def rows(field: str) -> Iterator[tuple[str, str, str, str]]:
    for corpus, path in CORPORA.items():
        if not path.is_file():
            raise SystemExit(f"no development data at {path} (it lives in ../shared)")
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                yield corpus, row["id"], row.get(field) or "", row.get("gold") or ""


def orphans(task: tuple[str, str, str, str]) -> tuple[str, str, list, list]:
    """The page's lines removed as repeats of removed lines: typed, and by reason."""
    import cleaner

    corpus, row_id, text, gold = task
    result = cleaner.analyze(text, html=False)
    gold_text = _folded(gold)
    removed = {v.index for v in result.verdicts if not v.kept}
    kept = {v.index for v in result.verdicts if v.kept}
    by_line = {s.line_no: s.index for s in result.segments}
    typed, named = [], []
    for seg, v in zip(result.segments, result.verdicts, strict=True):
        if v.kept:
            continue
        in_gold = _folded(seg.text) in gold_text
        repeat = getattr(v, "repeat", None)
        gone = (
            []
            if repeat is None
            else [result.segments[t].line_no for t in repeat.of if t in removed]
        )
        if repeat is not None and not repeat.holds(kept):
            typed.append((seg.line_no, v.code, v.reason, gone, in_gold, seg.text[:80]))
        m = _NAMED_RE.match(v.reason or "")
        if m and by_line.get(int(m.group(1))) in removed:
            named.append((seg.line_no, v.code, v.reason, [int(m.group(1))], in_gold, seg.text[:80]))
    return corpus, row_id, typed, named


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--field", default="page_text", help="input field (default page_text)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="list this many such lines")
    args = parser.parse_args(argv)
    tasks = list(rows(args.field))
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(orphans, tasks, chunksize=4))
    shown = 0
    for label, k in (("typed (Verdict.repeat)", 2), ("named in the reason", 3)):
        found = [(c, i, x) for r in results for c, i, x in [(r[0], r[1], r[k])] if x]
        lines = sum(len(x) for _, _, x in found)
        gold = sum(1 for _, _, x in found for y in x if y[4])
        print(
            f"{label:26s} {lines:5d} lines on {len(found):4d} of {len(tasks)} pages "
            f"({gold} of them in the gold text)"
        )
        for corpus, row_id, x in found:
            for line_no, code, reason, gone, in_gold, text in x:
                if shown < args.show:
                    shown += 1
                    mark = " (gold)" if in_gold else ""
                    print(f"  {corpus}/{row_id}:{line_no}: {code} {reason}; removed {gone}{mark}")
                    print(f"      {text}")
    typed = sum(len(r[2]) for r in results)
    return 1 if typed else 0


if __name__ == "__main__":
    sys.exit(main())
