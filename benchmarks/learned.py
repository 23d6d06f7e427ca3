"""What a learned profile takes from the content of the pages it was learned on (#23).

    python benchmarks/learned.py                  # about 3 minutes on 2 cores
    python benchmarks/learned.py --show 40        # list the pages that lose the most
    python benchmarks/learned.py --min-docs 5     # other learning settings

A profile is learned with the default settings (``cleaner.learn``, as
``cleaner learn --jsonl --field page_text --site-field url`` does) on the page
texts of the development corpora (wcxb-dev and aeb-dev, 1,559 pages, each
site's own entry from its URL), and every page is cleaned with it and without
it (``cleaner clean --profile ... --site-field url``). Words are bags of
lower-cased ``\\w+`` tokens; a page's *recall* is the share of its gold words
that the output keeps. The figures:

* ``pages losing``: pages whose recall with the profile is more than
  ``LOSS`` (0.1) below their recall without it, and how many of them say so
  in ``Result.warning``;
* ``gold words lost`` and ``other words removed``: what the profile took
  from all pages together, of the gold and of the rest (the profile's gain);
* ``learned lines``: how many lines the profile holds, and of how many words.

A page on which no learned line matches a line is cleaned the same with and
without the profile (CL701 is the only pass that reads it), so only the pages
with a match are cleaned twice. Exit 1 when more than ``--max-losing`` pages
lose (default: no check).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = {
    "wcxb-dev": SHARED / "eval" / "wcxb-dev" / "tasks.jsonl",
    "aeb-dev": SHARED / "eval" / "aeb-dev" / "tasks.jsonl",
}
#: A page loses when the profile takes more than this of its gold recall.
LOSS = 0.1
_TOKEN_RE = regex.compile(r"\w+")

_PROFILE = None


def _bag(text: str) -> Counter[str]:
    return Counter(_TOKEN_RE.findall((text or "").lower()))


def rows() -> list[dict]:
    out = []
    for corpus, path in CORPORA.items():
        if not path.is_file():
            raise SystemExit(f"no development data at {path} (it lives in ../shared)")
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                out.append(
                    {
                        "corpus": corpus,
                        "id": row["id"],
                        "url": row.get("url") or None,
                        "text": row.get("page_text") or "",
                        "gold": row.get("gold") or "",
                    }
                )
    return out


def _init(path: str) -> None:
    global _PROFILE
    import cleaner

    _PROFILE = cleaner.Profile.load(path)


def _matches(row: dict) -> bool:
    """Whether a learned line matches a line of the page (else CL701 removes nothing)."""
    from cleaner.normalize import page_from_text
    from cleaner.profile import line_hash

    entry = _PROFILE.entry(row["url"])
    if entry is None or not entry.lines:
        return False
    return any(line_hash(s.text) in entry.lines for s in page_from_text(row["text"]).segments)


def measure(row: dict) -> dict:
    """Recall and words removed of one page, without and with the profile."""
    import cleaner

    out = {"corpus": row["corpus"], "id": row["id"], "url": row["url"], "matched": False}
    gold = _bag(row["gold"])
    total = max(sum(gold.values()), 1)
    if not _matches(row):
        return out
    plain = cleaner.analyze(row["text"], html=False)
    learned = cleaner.analyze(row["text"], html=False, profile=_PROFILE, site=row["url"])
    a, b = _bag(plain.text), _bag(learned.text)
    taken = a - b
    out.update(
        matched=True,
        recall=sum((gold & a).values()) / total,
        recall_profile=sum((gold & b).values()) / total,
        gold_lost=sum((taken & gold).values()),
        other_removed=sum((taken - gold).values()),
        warning=plain.warning,
        warning_profile=learned.warning,
        cl701=sum(1 for v in learned.verdicts if v.code == "CL701"),
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--min-docs", type=int, default=None, help="learn with this min_docs")
    parser.add_argument("--min-fraction", type=float, default=None, help="... and min_fraction")
    parser.add_argument("--show", type=int, default=0, help="list this many losing pages")
    parser.add_argument("--max-losing", type=int, default=None, help="exit 1 above this count")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cleaner-learned"))
    args = parser.parse_args(argv)

    import cleaner

    data = rows()
    options = {}
    if args.min_docs is not None:
        options["min_docs"] = args.min_docs
    if args.min_fraction is not None:
        options["min_fraction"] = args.min_fraction
    profile = cleaner.learn(((r["url"], r["text"]) for r in data), **options)
    args.work.mkdir(parents=True, exist_ok=True)
    path = args.work / "profile.json"
    profile.save(path)
    with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(str(path),)) as pool:
        pages = list(pool.map(measure, data, chunksize=8))
    (args.work / "pages.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8"
    )
    matched = [p for p in pages if p["matched"]]
    losing = [p for p in matched if p["recall"] - p["recall_profile"] > LOSS]
    lines = [x for s in profile.sites.values() for x in s.lines.values()]
    words = sorted(len(x.text.split()) for x in lines)
    by_site = Counter(cleaner.profile.site_key(p["url"]) for p in losing)
    report = {
        "pages": len(pages),
        "pages with a learned line": len(matched),
        "learned lines": len(lines),
        "learned lines of more than 12 words": sum(1 for w in words if w > 12),
        "longest learned line (words)": words[-1] if words else 0,
        f"pages losing more than {LOSS} of their gold recall": len(losing),
        "... of them with a warning": sum(1 for p in losing if p["warning_profile"]),
        "... by site": dict(by_site.most_common()),
        "gold words lost": sum(p["gold_lost"] for p in matched),
        "other words removed": sum(p["other_removed"] for p in matched),
        "mean recall of the matched pages, without / with": [
            round(sum(p["recall"] for p in matched) / max(len(matched), 1), 4),
            round(sum(p["recall_profile"] for p in matched) / max(len(matched), 1), 4),
        ],
        "pages warned, without / with": [
            sum(1 for p in matched if p["warning"]),
            sum(1 for p in matched if p["warning_profile"]),
        ],
    }
    print(json.dumps(report, indent=2))
    if args.show:
        worst = sorted(losing, key=lambda p: p["recall_profile"] - p["recall"])[: args.show]
        for p in worst:
            print(
                f"{p['corpus']}/{p['id'][:12]} {p['url']}: recall {p['recall']:.2f} -> "
                f"{p['recall_profile']:.2f}, warning: {'yes' if p['warning_profile'] else 'no'}"
            )
    if args.max_losing is not None and len(losing) > args.max_losing:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
