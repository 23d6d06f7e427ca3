"""Fit the rule by which ``Result.warning`` says that cleaning took most of a text (#23).

    python benchmarks/fit_warning.py               # about 5 minutes on 2 cores
    python benchmarks/fit_warning.py --cached      # refit from the pages measured last time
    python benchmarks/fit_warning.py --dry-run     # fit and report, write nothing

Every text of the development data is cleaned: the seeds, aeb-dev and wcxb-dev,
each page's ``page_text`` and ``extracted_text`` (3,128 texts). A text *lost*
its content when the output keeps under ``LOST`` (half) of the gold words its
input had (bags of lower-cased ``\\w+`` tokens). Of each text the script keeps
what the cleaner itself sees (``cleaner.pipeline.loss_of``): its words of
prose and how many stay, and its content as its words read (each line's words
weighed by the lexicon's score) and how much of it stays. The rule is
``cleaner.pipeline.warning_of``: a warning when under a tenth of 50 or more
words of prose stay, or when cleaning took more than ``share`` of the content
of a text that has at least ``min_content`` of it. ``share`` and
``min_content`` are chosen on a grid to warn on as many lost texts as possible
while at most ``MAX_WARN_RATE`` of the texts of each kind of input warn (of the
page texts, and of the extracted texts: raw page texts lose more to cleaning,
and would take most of a pooled budget); fewer warnings, then the higher
share, break ties.

Held out: five folds by site (a page's site is its URL's host; both texts of a
page, and the five seeds, stay in one fold), each fold's texts judged by the
rule fitted on the other four; precision, recall and the share of texts that
warn are counted over all folds. The shipped rule is fitted on all texts and
written to ``cleaner/data/warning.json`` with these figures and the command.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from hashlib import blake2b
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = {
    "seeds": SHARED / "seeds" / "tasks.jsonl",
    "aeb-dev": SHARED / "eval" / "aeb-dev" / "tasks.jsonl",
    "wcxb-dev": SHARED / "eval" / "wcxb-dev" / "tasks.jsonl",
}
FIELDS = ("page_text", "extracted_text")
OUT = ROOT / "cleaner" / "data" / "warning.json"
WORK = Path("/tmp/cleaner-fit")
#: At most this share of the texts of each kind of input may warn.
MAX_WARN_RATE = 0.05
#: A text lost its content when it keeps under this share of its input's gold words.
LOST = 0.5
FOLDS = 5
SHARES = [x / 100 for x in range(30, 96)]
MIN_CONTENT = [0, 5, 10, 25, 50, 100, 200]
_TOKEN_RE = regex.compile(r"\w+")


def _bag(text: str) -> Counter[str]:
    return Counter(_TOKEN_RE.findall((text or "").lower()))


def rows() -> list[dict]:
    from cleaner.profile import site_key

    out = []
    for corpus, path in CORPORA.items():
        if not path.is_file():
            raise SystemExit(f"no development data at {path} (it lives in ../shared)")
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                url = row.get("url") or None
                # the seeds are one story: one group; a page without a URL, its own
                group = "seeds" if corpus == "seeds" else site_key(url) if url else row["id"]
                for field in FIELDS:
                    out.append(
                        {
                            "corpus": corpus,
                            "field": field,
                            "id": row["id"],
                            "group": group,
                            "text": row.get(field) or "",
                            "gold": row.get("gold") or "",
                        }
                    )
    return out


def measure(row: dict) -> dict:
    """What the cleaner sees of one text's loss, and what the gold says."""
    import cleaner
    from cleaner.pipeline import loss_of

    result = cleaner.analyze(row["text"], html=False)
    removed = {v.index: (v.code, v.name, v.reason) for v in result.verdicts if not v.kept}
    loss = loss_of(result.segments, removed)
    gold = _bag(row["gold"])
    return {
        **{k: row[k] for k in ("corpus", "field", "id", "group")},
        "had": sum((gold & _bag(row["text"])).values()),
        "kept": sum((gold & _bag(result.text)).values()),
        "prose": loss.prose,
        "prose_kept": loss.prose_kept,
        "content": loss.content,
        "content_kept": loss.content_kept,
        "page_type": result.page_type,
        "page_type_confidence": result.page_type_confidence,
        "warning": result.warning,
    }


def lost(page: dict) -> bool:
    return page["had"] > 0 and page["kept"] < LOST * page["had"]


def warns(page: dict, share: float, min_content: float) -> bool:
    """``warning_of`` on what was measured of ``page``."""
    from cleaner.pipeline import Loss, warning_of

    loss = Loss(page["prose"], page["prose_kept"], {}, page["content"], page["content_kept"], {})
    return warning_of(loss, share, min_content) is not None


def counts(pages: list[dict], warned: list[bool]) -> dict:
    caught = sum(1 for p, w in zip(pages, warned, strict=True) if w and lost(p))
    n_lost = sum(1 for p in pages if lost(p))
    n_warned = sum(warned)
    return {
        "texts": len(pages),
        "lost": n_lost,
        "warned": n_warned,
        "lost and warned": caught,
        "precision": round(caught / n_warned, 3) if n_warned else None,
        "recall": round(caught / n_lost, 3) if n_lost else None,
        "warn rate": round(n_warned / max(len(pages), 1), 4),
    }


def fit(pages: list[dict]) -> tuple[float, float]:
    """The (share, min_content) that warns on most lost texts while at most
    ``MAX_WARN_RATE`` of the texts of each kind of input (page texts, extracted
    texts) warn."""
    lost_flags = [lost(p) for p in pages]
    sizes = Counter(p["field"] for p in pages)
    best: tuple | None = None
    for share in SHARES:
        for min_content in MIN_CONTENT:
            warned = [warns(p, share, min_content) for p in pages]
            by_field = Counter(p["field"] for p, w in zip(pages, warned, strict=True) if w)
            if any(by_field[f] > MAX_WARN_RATE * n for f, n in sizes.items()):
                continue
            caught = sum(1 for w, x in zip(warned, lost_flags, strict=True) if w and x)
            key = (caught, -sum(warned), share, -min_content)
            if best is None or key > best:
                best = key
    if best is None:
        raise SystemExit("no rule warns on at most the allowed share of texts")
    return best[2], -best[3]


def fold_of(group: str) -> int:
    return int.from_bytes(blake2b(group.encode("utf-8"), digest_size=4).digest(), "big") % FOLDS


def held_out(pages: list[dict]) -> tuple[dict, list[dict]]:
    """Each fold judged by the rule fitted on the others: pooled counts (all
    texts, and by kind of input), and the rules."""
    warned = [False] * len(pages)
    rules = []
    for k in range(FOLDS):
        train = [p for p in pages if fold_of(p["group"]) != k]
        share, min_content = fit(train)
        rules.append({"fold": k, "share": share, "min_content": min_content})
        for i, p in enumerate(pages):
            if fold_of(p["group"]) == k:
                warned[i] = warns(p, share, min_content)
    return by_field(pages, warned), rules


def by_field(pages: list[dict], warned: list[bool]) -> dict:
    """``counts`` of all texts, and of each kind of input."""
    out = {"all": counts(pages, warned)}
    for field in FIELDS:
        pairs = [(p, w) for p, w in zip(pages, warned, strict=True) if p["field"] == field]
        out[field] = counts([p for p, _ in pairs], [w for _, w in pairs])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cached", action="store_true", help="refit from the measured texts")
    parser.add_argument("--work", type=Path, default=WORK, help="where measured texts are kept")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true", help=f"do not write {OUT.name}")
    parser.add_argument("--show", action="store_true", help="list the lost texts")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    cache = args.work / "warning-texts.jsonl"
    if args.cached and cache.is_file():
        pages = [json.loads(line) for line in cache.open(encoding="utf-8")]
    else:
        with ProcessPoolExecutor(args.jobs) as pool:
            pages = list(pool.map(measure, rows(), chunksize=8))
        cache.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    share, min_content = fit(pages)
    shipped = [warns(p, share, min_content) for p in pages]
    cv, rules = held_out(pages)
    figures = {
        "held out (5 folds by site)": cv,
        "in sample": by_field(pages, shipped),
        "in sample, by input": {
            f"{c} {f}": counts(
                [p for p in pages if p["corpus"] == c and p["field"] == f],
                [
                    w
                    for p, w in zip(pages, shipped, strict=True)
                    if (p["corpus"], p["field"]) == (c, f)
                ],
            )
            for c in CORPORA
            for f in FIELDS
        },
        "the prose rule alone (before #23)": by_field(
            pages, [warns(p, 1.0, float("inf")) for p in pages]
        ),
        "fold rules": rules,
    }
    report = {"rule": {"share": share, "min_content": min_content}, "figures": figures}
    print(json.dumps(report, indent=2))
    if args.show:
        for p, w in sorted(
            zip(pages, shipped, strict=True), key=lambda x: x[0]["kept"] / max(x[0]["had"], 1)
        ):
            if lost(p):
                print(
                    f"{p['corpus']} {p['field']} {p['id'][:12]}: kept {p['kept']} of "
                    f"{p['had']} gold words; warning: {'yes' if w else 'no'}"
                )
    if not args.dry_run:
        data = {
            "rule": {"share": share, "min_content": min_content},
            "meta": {
                "command": "python benchmarks/fit_warning.py",
                "lost": f"a text keeps under {LOST:.0%} of the gold words its input had",
                "max_warn_rate": MAX_WARN_RATE,
                "texts": "seeds, aeb-dev and wcxb-dev; page_text and extracted_text",
                "figures": figures,
            },
        }
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
