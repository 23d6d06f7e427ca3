"""Quality of main-content extraction on the development corpora, each in its own metric.

Two corpora, told apart by their rows (a row with ``page_type`` is WCXB):

* **aeb-dev** (default): 83 news pages of the article-extraction-benchmark.
  Metric (scrapinghub/article-extraction-benchmark): tokens are ``\\w+`` runs;
  both sides become multisets of 4-token shingles; per document, tp/fp/fn are
  normalised to sum 1; precision and recall are means over documents; F1 is
  the harmonic mean of those two means.
* **wcxb-dev** (``--data wcxb``): 1,476 pages of seven page types. Metric
  (WCXB's own): per page, precision, recall and F1 of the bags of lower-cased
  ``\\w+`` tokens of output and gold (an empty gold scores 1 only for an empty
  output); the figure is the mean F1 over pages, overall and per page type.
  The *damage* column counts pages whose recall falls by more than 0.2 against
  the input as it is (for HTML: against ``trafilatura.extract`` defaults).

Usage::

    python benchmarks/quality.py                                # aeb-dev: page_text, extracted_text, gold
    python benchmarks/quality.py --data wcxb                    # wcxb-dev: page_text, extracted_text
    python benchmarks/quality.py --data wcxb --field html -j 2  # HTML pages through trafilatura and cleaner
    python benchmarks/quality.py --data wcxb --sample 350       # a stratified sample (every type)
    python benchmarks/quality.py --data wcxb --cv               # also the cross-validated figures
    python benchmarks/quality.py --field page_text --systems cleaner --per-doc cleaner

Systems: ``none`` (input as is), ``c4`` (datatrove's C4QualityFilter line rules),
``justext`` (jusText over the lines), ``cleaner``; for ``--field html``: ``none``,
``trafilatura`` (``trafilatura.extract`` defaults), ``trafilatura-nc`` (the same
without comments: the text HTML mode wraps and is held to), ``readability``
(readability-lxml's summary as text; ``pip install -e '.[bench]'``) and
``cleaner`` (HTML mode). For HTML, *damaged* counts the pages whose word recall
falls by more than 0.2 against ``trafilatura-nc``, on both corpora.

``--cv`` cleans every page with the fitted models that did not see its site
(``--folds``, default ``/tmp/cleaner-fit/folds``, written by ``benchmarks/fit.py``)
and prints those figures as the ``cleaner-cv`` system beside the in-sample
``cleaner``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
SHARED = ROOT.parent / "shared"
CORPORA = {
    "aeb": SHARED / "eval" / "aeb-dev" / "tasks.jsonl",
    "wcxb": SHARED / "eval" / "wcxb-dev" / "tasks.jsonl",
}
DEFAULT_DATA = CORPORA["aeb"]
SEEDS = SHARED / "seeds" / "tasks.jsonl"
_TOKEN_RE = regex.compile(r"\w+")
#: A page is damaged when its recall falls by more than this against the input.
DAMAGE_RECALL = 0.2


# -- the AEB metric -------------------------------------------------------------


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


# -- the WCXB metric ------------------------------------------------------------


def word_prf(gold: str, pred: str) -> tuple[float, float, float]:
    """WCXB's per-page (precision, recall, F1) of lower-cased ``\\w+`` bags.

    >>> word_prf("The cat sat.", "the cat")
    (1.0, 0.6666666666666666, 0.8)
    >>> word_prf("", ""), word_prf("", "x")
    ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0))
    """
    g = Counter(_TOKEN_RE.findall((gold or "").lower()))
    p = Counter(_TOKEN_RE.findall((pred or "").lower()))
    if not g:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return (0.0, 0.0, 0.0)
    overlap = sum((g & p).values())
    pr, rc = overlap / sum(p.values()), overlap / sum(g.values())
    return pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def damaged(golds: Sequence[str], preds: Sequence[str], reference: Sequence[str]) -> int:
    """Pages whose word recall falls by more than ``DAMAGE_RECALL`` against ``reference``."""
    return sum(
        word_prf(g, p)[1] < word_prf(g, r)[1] - DAMAGE_RECALL
        for g, p, r in zip(golds, preds, reference, strict=True)
    )


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


def _trafilatura_extract(page: str, include_comments: bool = True) -> str:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return trafilatura.extract(page, include_comments=include_comments) or ""


def _trafilatura_nc(page: str) -> str:
    return _trafilatura_extract(page, include_comments=False)


#: Elements after which readability's summary breaks a line when made text.
_READABILITY_BLOCKS = (
    "p div br li h1 h2 h3 h4 h5 h6 tr pre blockquote ul ol table section article".split()
)


def _readability(page: str) -> str:
    """readability-lxml's summary of ``page`` as text, one line per block."""
    import logging

    import lxml.html
    from readability import Document

    logging.getLogger("readability").setLevel(logging.CRITICAL)
    try:
        summary = Document(page).summary(html_partial=True)
        tree = lxml.html.fromstring(summary)
    except Exception:  # readability gives up on some pages: nothing extracted
        return ""
    for el in tree.iter(*_READABILITY_BLOCKS):
        el.tail = "\n" + el.tail if el.tail else "\n"
    return "\n".join(line.strip() for line in tree.text_content().split("\n") if line.strip())


def run_system(name: str, field: str, texts: list[str], jobs: int) -> list[str]:
    """Outputs of system ``name`` for ``texts`` (all at once, so ``jobs`` pays)."""
    if name == "none":
        return list(texts)
    if name.startswith("cleaner"):
        import cleaner

        return list(cleaner.clean_many(texts, jobs=jobs, html=field == "html"))
    extractor = {
        "trafilatura": _trafilatura_extract,
        "trafilatura-nc": _trafilatura_nc,
        "readability": _readability,
    }.get(name)
    if extractor is not None:
        if jobs == 1:
            return [extractor(t) for t in texts]
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(extractor, texts, chunksize=8))
    func = {"c4": system_c4, "justext": system_justext}[name]()
    return [func(t) for t in texts]


#: Systems that make sense for each kind of input.
HTML_SYSTEMS = ("none", "trafilatura", "trafilatura-nc", "readability", "cleaner")
TEXT_SYSTEMS = ("none", "c4", "justext", "cleaner")


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
    return [r[field] or "" for r in rows]


def stratified_sample(rows: list[dict], n: int, seed: int = 7) -> list[dict]:
    """About ``n`` rows, every page type in proportion (at least one each);
    the same rows as ``../shared/hooks/quick_quality.py`` for the same ``n``."""
    by: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by[r["page_type"]].append(r)
    rnd = random.Random(seed)
    return [
        r
        for t in sorted(by)
        for r in rnd.sample(by[t], min(len(by[t]), max(1, n * len(by[t]) // len(rows))))
    ]


def site_of(url: str) -> str:
    """The host of ``url`` without ``www.``, lower-cased (the unit of cross-validation).

    >>> site_of("https://www.Example.com/a/b")
    'example.com'
    """
    from urllib.parse import urlsplit

    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


# -- reports --------------------------------------------------------------------


def wcxb_table(
    rows: Sequence[dict],
    outputs: dict[tuple[str, str], list[str]],
    references: dict[str, list[str]],
) -> list[dict]:
    """One record per (field, system): mean F1 overall and per type, P, R, damage."""
    types = sorted(
        {r["page_type"] for r in rows}, key=lambda t: -sum(1 for r in rows if r["page_type"] == t)
    )
    records = []
    for (field, system), preds in outputs.items():
        scores = [word_prf(r["gold"], p) for r, p in zip(rows, preds, strict=True)]
        ref = [word_prf(r["gold"], p) for r, p in zip(rows, references[field], strict=True)]
        rec = {
            "field": field,
            "system": system,
            "pages": len(rows),
            "f1": statistics.mean(s[2] for s in scores),
            "precision": statistics.mean(s[0] for s in scores),
            "recall": statistics.mean(s[1] for s in scores),
            "damaged": sum(s[1] < q[1] - DAMAGE_RECALL for s, q in zip(scores, ref, strict=True)),
            "types": {},
        }
        for t in types:
            idx = [i for i, r in enumerate(rows) if r["page_type"] == t]
            rec["types"][t] = statistics.mean(scores[i][2] for i in idx)
        records.append(rec)
    return records


def print_wcxb(records: list[dict]) -> None:
    if not records:
        return
    types = list(records[0]["types"])
    head = f"{'input':<16}{'system':<13}{'ALL':>7}" + "".join(f"{t[:7]:>9}" for t in types)
    print(head + f"{'P':>7}{'R':>7}{'damaged':>9}")
    for rec in records:
        cells = "".join(f"{rec['types'][t]:>9.3f}" for t in types)
        print(
            f"{rec['field']:<16}{rec['system']:<13}{rec['f1']:>7.3f}{cells}"
            f"{rec['precision']:>7.3f}{rec['recall']:>7.3f}{rec['damaged']:>9}"
        )


def cross_validated(
    field: str, rows: list[dict], texts: list[str], jobs: int, folds: Path
) -> list[str]:
    """Each page cleaned with the fold models (``folds``/<k>, written by
    ``benchmarks/fit.py``) that did not see its site."""
    from fit import FOLDS, fold_of

    import cleaner

    missing = [k for k in range(FOLDS) if not (folds / str(k) / "body_model.json").is_file()]
    if missing:
        raise SystemExit(f"no fold models in {folds} (run benchmarks/fit.py first)")
    out: list[str] = [""] * len(rows)
    by_fold: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_fold[fold_of(site_of(r.get("url", "")) or "seeds.invalid")].append(i)
    for k, idx in sorted(by_fold.items()):
        preds = cleaner.clean_many(
            [texts[i] for i in idx], jobs=jobs, html=field == "html", models=str(folds / str(k))
        )
        for i, p in zip(idx, preds, strict=True):
            out[i] = p
    return out


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data",
        default="aeb",
        help="tasks.jsonl, or 'aeb' / 'wcxb' for the corpora in ../shared (default: aeb)",
    )
    parser.add_argument(
        "--field",
        action="append",
        help="input field(s): page_text, extracted_text, gold, html "
        "(default: page_text, extracted_text, and gold on aeb-dev)",
    )
    parser.add_argument("--systems", help="comma-separated systems (default: all that apply)")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--sample", type=int, help="wcxb: a stratified sample of about N pages")
    parser.add_argument("--cv", action="store_true", help="also the cross-validated figures")
    parser.add_argument(
        "--folds",
        type=Path,
        default=Path("/tmp/cleaner-fit/folds"),
        help="the per-fold models for --cv (benchmarks/fit.py --work WORK writes WORK/folds)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--per-doc", metavar="SYSTEM", help="list the 10 worst documents for SYSTEM"
    )
    parser.add_argument(
        "--halves", action="store_true", help="aeb: also score even and odd documents separately"
    )
    parser.add_argument(
        "--seeds", action="store_true", help="also check the seeds (exact match to gold)"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)

    data = CORPORA.get(args.data, Path(args.data))
    if not data.is_file():
        print(f"no benchmark data at {data} (it lives in ../shared)", file=sys.stderr)
        return 2
    rows = load_rows(data)
    wcxb = "page_type" in rows[0]
    if wcxb and args.sample:
        rows = stratified_sample(rows, args.sample)
    fields = args.field or (
        ["page_text", "extracted_text"] if wcxb else ["page_text", "extracted_text", "gold"]
    )
    print(f"data: {data} ({len(rows)} documents)")
    results: list[dict] = []
    if wcxb:
        outputs: dict[tuple[str, str], list[str]] = {}
        references: dict[str, list[str]] = {}
        for field in fields:
            texts = inputs(rows, field, data)
            names = _systems(args.systems, field)
            if field == "html":
                references[field] = run_system("trafilatura-nc", field, texts, args.jobs)
            else:
                references[field] = texts
            for name in names:
                start = time.perf_counter()
                try:
                    if name == "trafilatura-nc" and field == "html":
                        preds = references[field]
                    else:
                        preds = run_system(name, field, texts, args.jobs)
                except ImportError as exc:
                    print(f"{field}: {name} skipped: {exc} (pip install -e '.[bench]')")
                    continue
                outputs[(field, name)] = preds
                if name == "cleaner" and args.cv:
                    outputs[(field, "cleaner-cv")] = cross_validated(
                        field, rows, texts, args.jobs, args.folds
                    )
                print(f"  {field} {name}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
        results = wcxb_table(rows, outputs, references)
        print_wcxb(results)
        if args.per_doc:
            for (field, name), preds in outputs.items():
                if name != args.per_doc:
                    continue
                worst = sorted(
                    (word_prf(r["gold"], p), r["id"], r["page_type"], r.get("url", ""))
                    for r, p in zip(rows, preds, strict=True)
                )
                worst.sort(key=lambda x: x[0][2])
                print(f"worst {field} pages for {name}:")
                for (p, r, f), doc_id, kind, url in worst[:10]:
                    print(f"    F1={f:.3f} P={p:.3f} R={r:.3f} {doc_id} {kind} {url}")
    else:
        print(f"{'input':<16}{'system':<13}{'F1':>8}{'P':>8}{'R':>8}{'seconds':>10}")
        golds = [r["gold"] for r in rows]
        for field in fields:
            texts = inputs(rows, field, data)
            # HTML: pages whose word recall falls by more than DAMAGE_RECALL against
            # trafilatura without comments (what HTML mode wraps)
            reference = run_system("trafilatura-nc", field, texts, 1) if field == "html" else None
            for name in _systems(args.systems, field):
                start = time.perf_counter()
                try:
                    preds = run_system(name, field, texts, 1)
                except ImportError as exc:
                    print(f"{field:<16}{name:<13}  skipped: {exc} (pip install -e '.[bench]')")
                    continue
                elapsed = time.perf_counter() - start
                res = score(golds, preds)
                if reference is not None:
                    res["damaged"] = damaged(golds, preds, reference)
                results.append({"field": field, "system": name, **res})
                print(
                    f"{field:<16}{name:<13}{res['f1']:>8.3f}{res['precision']:>8.3f}"
                    f"{res['recall']:>8.3f}{elapsed:>10.2f}"
                    + (f"   damaged {res['damaged']}" if reference is not None else "")
                )
                if name == "cleaner" and args.cv and field != "html":
                    held = score(golds, cross_validated(field, rows, texts, 1, args.folds))
                    results.append({"field": field, "system": "cleaner-cv", **held})
                    print(
                        f"{field:<16}{'cleaner-cv':<13}{held['f1']:>8.3f}"
                        f"{held['precision']:>8.3f}{held['recall']:>8.3f}"
                    )
                if args.halves:
                    for half, first in (("even", 0), ("odd", 1)):
                        h = score(golds[first::2], preds[first::2])
                        print(
                            f"{'':<16}{'  ' + half:<13}{h['f1']:>8.3f}{h['precision']:>8.3f}"
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
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


def _systems(spec: str | None, field: str) -> list[str]:
    allowed = HTML_SYSTEMS if field == "html" else TEXT_SYSTEMS
    if spec is None:
        return list(allowed)
    return [s.strip() for s in spec.split(",") if s.strip() in allowed]


if __name__ == "__main__":
    sys.exit(main())
