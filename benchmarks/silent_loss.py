"""The acceptance line of #23 on silent loss, measured as it is written.

    python benchmarks/silent_loss.py               # about 3 minutes on 2 cores
    python benchmarks/silent_loss.py --cached      # list again from the pages measured last time

Over the 1,559 development page texts (aeb-dev and wcxb-dev ``page_text``; the
seeds are not part of the line), a page is *lost* when the output keeps under
half of the gold words its input had (``fit_warning.lost``: bags of lower-cased
``\\w+`` tokens, after dropping the invisible characters the cleaner drops, such
as soft hyphens; the count on the literal bags is printed too). The line holds
when no lost page is without a warning while at most 5% of the pages warn. For each lost page the script lists its page type,
whether it warns, and which passes removed the lost gold words (each removed
line's tokens are matched against the bag of gold words the output lost, line
by line in order: a share of the loss, not a causal claim), and it sums the
lost gold words by pass and by page type over all lost pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import fit_warning  # noqa: E402

WORK = Path("/tmp/cleaner-silent-loss")
CORPORA = ("aeb-dev", "wcxb-dev")


def page_rows() -> list[dict]:
    return [r for r in fit_warning.rows() if r["corpus"] in CORPORA and r["field"] == "page_text"]


def measure(row: dict) -> dict:
    """``fit_warning.measure`` and, by pass, the gold words the output lost."""
    import cleaner

    result = cleaner.analyze(row["text"], html=False)
    page = fit_warning.measured(row, result)
    gold = fit_warning._bag(row["gold"])
    missing = (gold & fit_warning._bag(row["text"])) - (gold & fit_warning._bag(result.text))
    by_pass: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for seg, v in zip(result.segments, result.verdicts, strict=True):
        if v.kept:
            continue
        key = f"{v.code} {v.name}"
        for token in fit_warning._TOKEN_RE.findall(seg.text.lower()):
            words[key] += 1
            if missing[token] > 0:
                missing[token] -= 1
                by_pass[key] += 1
    raw = Counter(fit_warning._TOKEN_RE.findall(row["gold"].lower()))
    page["had_literal"] = sum(
        (raw & Counter(fit_warning._TOKEN_RE.findall(row["text"].lower()))).values()
    )
    page["kept_literal"] = sum(
        (raw & Counter(fit_warning._TOKEN_RE.findall(result.text.lower()))).values()
    )
    page["lost_by_pass"] = dict(by_pass)
    page["removed_by_pass"] = dict(words)
    return page


def report(pages: list[dict], show: bool = True) -> dict:
    lost = [p for p in pages if fit_warning.lost(p)]
    warned = sum(1 for p in pages if p["warning"])
    silent = [p for p in lost if not p["warning"]]
    by_pass: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    for p in lost:
        by_pass.update(p["lost_by_pass"])
        by_type[p["page_type"]] += 1
    if show:
        for p in sorted(lost, key=lambda p: p["kept"] / p["had"]):
            top = ", ".join(
                f"{k} {n}" for k, n in sorted(p["lost_by_pass"].items(), key=lambda x: -x[1])[:3]
            )
            print(
                f"{p['corpus']:8} {p['id'][:14]:14} {p['group'][:24]:24} "
                f"{p['page_type']:13} kept {p['kept']:5}/{p['had']:5} "
                f"warn {'yes' if p['warning'] else 'NO ':3}  {top}"
            )
    literal = [
        p
        for p in pages
        if p["had_literal"] and p["kept_literal"] < fit_warning.LOST * p["had_literal"]
    ]
    return {
        "pages": len(pages),
        "lost, literal bags (soft hyphens split words)": len(literal),
        "of them without warning": sum(1 for p in literal if not p["warning"]),
        "warned": warned,
        "warned share": round(warned / len(pages), 4),
        "lost": len(lost),
        "lost without warning": len(silent),
        "lost by page type": dict(by_type.most_common()),
        "lost gold words by pass": dict(by_pass.most_common()),
        "holds": not silent and warned <= fit_warning.MAX_WARN_RATE * len(pages),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cached", action="store_true", help="list the pages measured last time")
    parser.add_argument("--work", type=Path, default=WORK, help="where measured pages are kept")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    cache = args.work / "pages.jsonl"
    if args.cached and cache.is_file():
        pages = [json.loads(line) for line in cache.open(encoding="utf-8")]
    else:
        with ProcessPoolExecutor(args.jobs) as pool:
            pages = list(pool.map(measure, page_rows(), chunksize=8))
        cache.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    print(json.dumps(report(pages), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
