"""Quality of article-body extraction, scored with the article-extraction-benchmark metric.

Metric (scrapinghub/article-extraction-benchmark): tokens are ``\\w+`` runs; both
sides become multisets of 4-token shingles; per document, tp/fp/fn are
normalised to sum 1; precision and recall are means over documents; F1 is the
harmonic mean of those two means.

Usage::

    python benchmarks/quality.py                        # page_text, extracted_text, gold; all systems
    python benchmarks/quality.py --field page_text      # one input field
    python benchmarks/quality.py --data PATH/tasks.jsonl --systems none,cleaner
    python benchmarks/quality.py --field html           # HTML pages (html/<id>.html.gz) through cleaner

Systems: ``none`` (input as is), ``c4`` (datatrove's C4QualityFilter line rules),
``justext`` (jusText over the lines), ``cleaner``. Also ``--per-doc`` to list the
worst documents for a system.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "aeb-dev" / "tasks.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds" / "tasks.jsonl"
_TOKEN_RE = regex.compile(r"\w+")


# -- the metric ---------------------------------------------------------------


def shingles(text: str, n: int = 4) -> Counter[str]:
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(
        " ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens
    )


def match(gold: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one document."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score(golds: list[str], preds: list[str]) -> dict[str, float]:
    per_doc = [match(g, p) for g, p in zip(golds, preds, strict=True)]
    p = statistics.mean(precision(*m) for m in per_doc)
    r = statistics.mean(recall(*m) for m in per_doc)
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


# -- systems ------------------------------------------------------------------


def system_none(text: str) -> str:
    return text


def system_c4() -> Callable[[str], str]:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    filt = C4QualityFilter(
        min_num_sentences=-1, filter_curly_bracket=False, filter_lorem_ipsum=False
    )

    def run(text: str) -> str:
        doc = Document(text=text, id="x")
        filt.filter(doc)  # rewrites doc.text line by line; the verdict is ignored here
        return doc.text

    return run


def system_justext() -> Callable[[str], str]:
    import html

    import justext

    stoplists = {
        lang: justext.get_stoplist(lang) for lang in ("English", "German", "French", "Spanish")
    }
    union = frozenset().union(*stoplists.values())

    def run(text: str) -> str:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        if not lines:
            return ""
        page = (
            "<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines) + "</body></html>"
        )
        paragraphs = justext.justext(page.encode("utf-8"), union, encoding="utf-8")
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def system_cleaner() -> Callable[[str], str]:
    import cleaner

    return cleaner.clean


def system_cleaner_html() -> Callable[[str], str]:
    import cleaner

    def run(html_text: str) -> str:
        return cleaner.clean(html_text, html=True)  # type: ignore[call-arg]

    return run


SYSTEMS: dict[str, Callable[[], Callable[[str], str]]] = {
    "none": lambda: system_none,
    "c4": system_c4,
    "justext": system_justext,
    "cleaner": system_cleaner,
}


# -- data ---------------------------------------------------------------------


def load_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def inputs(rows: list[dict], field: str, data: Path) -> list[str]:
    if field == "html":
        folder = data.parent / "html"
        return [
            gzip.decompress((folder / f"{r['id']}.html.gz").read_bytes()).decode("utf-8", "replace")
            for r in rows
        ]
    return [r[field] for r in rows]


def evaluate(
    rows: list[dict], texts: list[str], func: Callable[[str], str]
) -> tuple[dict[str, float], float, list[str]]:
    start = time.perf_counter()
    preds = [func(t) for t in texts]
    elapsed = time.perf_counter() - start
    return score([r["gold"] for r in rows], preds), elapsed, preds


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="tasks.jsonl (default: aeb-dev)"
    )
    parser.add_argument(
        "--field",
        action="append",
        help="input field(s): page_text, extracted_text, gold, html (default: the first three)",
    )
    parser.add_argument(
        "--systems", default="none,c4,justext,cleaner", help="comma-separated systems"
    )
    parser.add_argument(
        "--per-doc", metavar="SYSTEM", help="list the 10 worst documents for SYSTEM"
    )
    parser.add_argument(
        "--halves", action="store_true", help="also score even and odd documents separately"
    )
    parser.add_argument(
        "--seeds", action="store_true", help="also check the seeds (exact match to gold)"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)

    if not args.data.is_file():
        print(f"no benchmark data at {args.data} (it lives in ../shared)", file=sys.stderr)
        return 2
    rows = load_rows(args.data)
    fields = args.field or ["page_text", "extracted_text", "gold"]
    names = [s.strip() for s in args.systems.split(",") if s.strip()]
    print(f"data: {args.data} ({len(rows)} documents)")
    print(f"{'input':<16}{'system':<10}{'F1':>8}{'P':>8}{'R':>8}{'seconds':>10}")
    for field in fields:
        texts = inputs(rows, field, args.data)
        for name in names:
            if field == "html" and name not in ("cleaner", "none"):
                continue
            try:
                func = (
                    system_cleaner_html()
                    if field == "html" and name == "cleaner"
                    else SYSTEMS[name]()
                )
            except ImportError as exc:  # a baseline's library is missing (extra "bench")
                print(f"{field:<16}{name:<10}  skipped: {exc} (pip install -e '.[bench]')")
                continue
            result, elapsed, preds = evaluate(rows, texts, func)
            print(
                f"{field:<16}{name:<10}{result['f1']:>8.3f}{result['precision']:>8.3f}"
                f"{result['recall']:>8.3f}{elapsed:>10.2f}"
            )
            if args.halves:
                golds = [r["gold"] for r in rows]
                for half, start in (("even", 0), ("odd", 1)):
                    h = score(golds[start::2], preds[start::2])
                    print(
                        f"{'':<16}{'  ' + half:<10}{h['f1']:>8.3f}{h['precision']:>8.3f}"
                        f"{h['recall']:>8.3f}"
                    )
            if args.per_doc == name:
                worst = sorted(
                    (
                        (match(r["gold"], p), r["id"], r.get("url", ""))
                        for r, p in zip(rows, preds, strict=True)
                    ),
                    key=lambda x: min(precision(*x[0]), recall(*x[0])),
                )[:10]
                for m, doc_id, url in worst:
                    print(f"    P={precision(*m):.3f} R={recall(*m):.3f} {doc_id[:12]} {url}")
    if args.seeds and SEEDS.is_file():
        import cleaner

        seeds = load_rows(SEEDS)
        exact = sum(
            " ".join(cleaner.clean(r["page_text"]).split()) == " ".join(r["gold"].split())
            for r in seeds
        )
        print(f"seeds: {exact}/{len(seeds)} exact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
