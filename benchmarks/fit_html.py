"""Fit HTML mode's two models on wcxb-dev: the page type and the text selector.

Usage (needs the extra ``fit``: ``pip install -e '.[fit]'``)::

    python benchmarks/fit_html.py                 # fit, report, write cleaner/data/html_*.json
    python benchmarks/fit_html.py --dry-run       # fit and report only
    python benchmarks/fit_html.py --data PATH/tasks.jsonl --articles PATH/tasks.jsonl

Data: wcxb-dev (pages with a ``page_type``) and aeb-dev (news pages, which count
as articles: they teach the selector that trafilatura's text is usually right on
news, where wcxb-dev's articles are of every kind).

What it does:

1. Every page goes through ``cleaner.html.extract.observe`` (the code HTML mode
   runs): DOM evidence, content region, trafilatura's fast extraction. The
   observations are cached (``--cache``), keyed by the source of the HTML
   modules and the trafilatura version, so a stale cache is never read.
2. **Page type** (``cleaner/data/html_type.json``): a multinomial logistic
   regression on the standardised evidence features. The regularisation ``C``
   is chosen from ``TYPE_C`` by cross-validation inside the training folds
   (nested), so the held-out accuracy reported is honest: 5 outer folds grouped
   by site (the URL host, ``www.`` dropped), no site in two folds; accuracy is
   reported on wcxb-dev's pages.
3. **Selector** (``cleaner/data/html_select.json``): a binary logistic
   regression predicting whether the content region scores a higher word F1
   than trafilatura's text, each page weighted by the difference (a page where
   the choice hardly matters hardly counts). Its page-type features are the
   out-of-fold probabilities of step 2, as at run time on unseen sites.
4. The report: page-type accuracy (held out and in sample, confusion matrix),
   and word F1 (the WCXB metric: bags of lower-cased ``\\w+`` tokens, mean over
   pages) per page type for trafilatura's fast text, the region, the selection
   held out (every decision made by models that never saw the page's site) and
   in sample, and the oracle (the better of the two texts on every page).

The models are written with the command, the data they were fitted on and the
held-out figures beside the weights.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import json
import statistics
import sys
from pathlib import Path
from urllib.parse import urlparse

import regex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "wcxb-dev" / "tasks.jsonl"
DEFAULT_ARTICLES = ROOT.parent / "shared" / "eval" / "aeb-dev" / "tasks.jsonl"
COMMAND = "python benchmarks/fit_html.py"
FOLDS = 5
TYPE_C = (0.005, 0.01, 0.02, 0.05, 0.1)
SELECT_C = (0.03, 0.1, 0.3, 1.0)
_TOKEN_RE = regex.compile(r"\w+")


# -- the metric -----------------------------------------------------------------


def word_f1(gold: str, pred: str) -> float:
    """WCXB's per-page score: F1 of the bags of lower-cased ``\\w+`` tokens."""
    g = collections.Counter(_TOKEN_RE.findall(gold.lower()))
    p = collections.Counter(_TOKEN_RE.findall(pred.lower()))
    if not g:
        return 1.0 if not p else 0.0
    tp = sum((g & p).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def site(row: dict) -> str:
    host = urlparse(row.get("url") or "").hostname or f"no-host-{row['id']}"
    return host[4:] if host.startswith("www.") else host


# -- observations ---------------------------------------------------------------


def cache_key() -> str:
    import trafilatura

    digest = hashlib.sha256(trafilatura.__version__.encode())
    for name in ("dom.py", "region.py", "extract.py"):
        digest.update((ROOT / "cleaner" / "html" / name).read_bytes())
    return digest.hexdigest()[:16]


def observe_all(rows: list[dict], data: Path, cache: Path) -> list[dict]:
    """One observation per row (cached): features, region, trafilatura's text."""
    from cleaner.html.extract import observe

    path = cache / f"{data.parent.name}-{cache_key()}.jsonl"
    if path.is_file():
        with open(path, encoding="utf-8") as fh:
            cached = {o["id"]: o for o in map(json.loads, fh)}
        if all(r["id"] in cached for r in rows):
            return [cached[r["id"]] for r in rows]
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    folder = data.parent / "html"
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i, row in enumerate(rows):
            page = gzip.decompress((folder / f"{row['id']}.html.gz").read_bytes())
            obs = observe(page.decode("utf-8", "replace"))
            item = {"id": row["id"]}
            if obs is not None:
                r = obs.region
                item.update(
                    features=dict(obs.evidence.features),
                    region=[r.text, r.how, r.link_chars, r.chars],
                    text=obs.text,
                    comments=obs.comments,
                )
            fh.write(json.dumps(item) + "\n")
            out.append(item)
            if (i + 1) % 100 == 0:
                print(f"  observed {i + 1}/{len(rows)} pages", file=sys.stderr)
    tmp.replace(path)
    return out


# -- fitting --------------------------------------------------------------------


def _logreg(c: float, **kw):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000, **kw))


def _fit(c, X, y, w=None):
    model = _logreg(c)
    if w is None:
        model.fit(X, y)
    else:
        model.fit(X, y, logisticregression__sample_weight=w)
    return model


def choose_c(grid, X, y, groups, score, w=None) -> float:
    """The ``C`` of ``grid`` with the best grouped-CV ``score(model, X_te, y_te, idx)``."""
    from sklearn.model_selection import GroupKFold

    best, best_c = -1e9, grid[0]
    folds = list(GroupKFold(4).split(X, y, groups))
    for c in grid:
        total = 0.0
        for tr, te in folds:
            model = _fit(c, X[tr], y[tr], None if w is None else w[tr])
            total += score(model, X[te], y[te], te)
        if total > best:
            best, best_c = total, c
    return best_c


def export(model, features, classes, **info) -> dict:
    from cleaner.html.linear import to_dict

    scaler, lr = model[0], model[-1]
    return to_dict(
        classes,
        features,
        scaler.mean_,
        scaler.scale_,
        lr.coef_.tolist(),
        lr.intercept_.tolist(),
        **info,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="wcxb-dev tasks.jsonl")
    parser.add_argument(
        "--articles",
        type=Path,
        default=DEFAULT_ARTICLES,
        help="aeb-dev tasks.jsonl: news pages fitted on as articles ('' for none)",
    )
    parser.add_argument("--cache", type=Path, default=Path("/tmp/cleaner-fit-html"))
    parser.add_argument("--out", type=Path, default=ROOT / "cleaner" / "data")
    parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no benchmark data at {args.data} (it lives in ../shared)", file=sys.stderr)
        return 2
    try:
        import numpy as np
        from sklearn.model_selection import GroupKFold
    except ImportError as exc:
        print(f"{exc}: pip install -e '.[fit]'", file=sys.stderr)
        return 2

    from cleaner.config import PAGE_TYPES
    from cleaner.html.choose import selection_features
    from cleaner.html.region import Region

    rows, obs = [], []
    sources = [(args.data, False)]
    if str(args.articles) and args.articles.is_file():
        sources.append((args.articles, True))
    for path, news in sources:
        with open(path, encoding="utf-8") as fh:
            part = [json.loads(line) for line in fh if line.strip()]
        for r in part:
            r["source"] = path.parent.name
            if news:
                r["page_type"] = "article"
        for r, o in zip(part, observe_all(part, path, args.cache), strict=True):
            if "features" in o:
                rows.append(r)
                obs.append(o)
        print(f"data: {path} ({len(part)} pages)")
    n = len(rows)
    groups = np.array([site(r) for r in rows])
    outer = list(GroupKFold(FOLDS).split(np.zeros(n), groups=groups))
    news = np.array([r["source"] != args.data.parent.name for r in rows])
    print(f"{n} pages, {len(set(groups))} sites, {FOLDS} folds by site")

    # -- page type ----------------------------------------------------------------
    type_features = sorted({k for o in obs for k in o["features"]})
    X = np.array([[o["features"].get(k, 0.0) for k in type_features] for o in obs])
    y = np.array([PAGE_TYPES.index(r["page_type"]) for r in rows])

    def accuracy(model, Xt, yt, _idx):
        return float((model.predict(Xt) == yt).mean())

    oof = np.zeros((n, len(PAGE_TYPES)))
    for tr, te in outer:
        c = choose_c(TYPE_C, X[tr], y[tr], groups[tr], accuracy)
        oof[te] = _fit(c, X[tr], y[tr]).predict_proba(X[te])
    type_c = choose_c(TYPE_C, X, y, groups, accuracy)
    type_model = _fit(type_c, X, y)
    wcxb = ~news
    held_acc = float((oof.argmax(1) == y)[wcxb].mean())
    in_acc = float((type_model.predict(X) == y)[wcxb].mean())
    print(f"\npage type: held-out accuracy {held_acc:.3f}, in-sample {in_acc:.3f} (C={type_c})")
    print("confusion (rows: gold, columns: predicted, held out):")
    print("  " + " ".join(f"{t[:5]:>6}" for t in PAGE_TYPES))
    pred = oof.argmax(1)
    for i, t in enumerate(PAGE_TYPES):
        row = [int(((y == i) & (pred == j) & wcxb).sum()) for j in range(len(PAGE_TYPES))]
        print(f"  {t[:5]:>5} " + " ".join(f"{v:>6}" for v in row))
    in_proba = type_model.predict_proba(X)

    # -- selector -----------------------------------------------------------------
    def sel_rows(proba):
        out = []
        for o, p in zip(obs, proba, strict=True):
            text, how, lc, chars = o["region"]
            types = dict(zip(PAGE_TYPES, p, strict=True))
            out.append(
                selection_features(types, o["text"], Region(text, how, lc, chars), o["comments"])
            )
        return out

    held_rows = sel_rows(oof)
    sel_features = list(held_rows[0])
    S_held = np.array([[f[k] for k in sel_features] for f in held_rows])
    S_in = np.array([[f[k] for k in sel_features] for f in sel_rows(in_proba)])
    f_text = np.array([word_f1(r["gold"], o["text"]) for r, o in zip(rows, obs, strict=True)])
    f_region = np.array(
        [word_f1(r["gold"], o["region"][0]) for r, o in zip(rows, obs, strict=True)]
    )
    diff = f_region - f_text
    label = (diff > 0).astype(int)
    weight = np.abs(diff) + 1e-3

    def gain(model, St, _yt, idx):  # word F1 gained over trafilatura's text alone
        return float((diff[idx] * (model.predict_proba(St)[:, 1] > 0.5)).sum())

    pick_held = np.zeros(n, bool)
    for tr, te in outer:
        c = choose_c(SELECT_C, S_held[tr], label[tr], groups[tr], gain, weight[tr])
        model = _fit(c, S_held[tr], label[tr], weight[tr])
        pick_held[te] = model.predict_proba(S_held[te])[:, 1] > 0.5
    select_c = choose_c(SELECT_C, S_held, label, groups, gain, weight)
    select_model = _fit(select_c, S_held, label, weight)
    pick_in = select_model.predict_proba(S_in)[:, 1] > 0.5

    def per_type(scores) -> dict[str, float]:
        by = collections.defaultdict(list)
        for r, s, is_news in zip(rows, scores, news, strict=True):
            if not is_news:
                by[r["page_type"]].append(s)
                by["all"].append(s)
        return {k: round(statistics.mean(v), 4) for k, v in by.items()}

    table = {
        "trafilatura fast": per_type(f_text),
        "content region": per_type(f_region),
        "selected, held out": per_type(np.where(pick_held, f_region, f_text)),
        "selected, in sample": per_type(np.where(pick_in, f_region, f_text)),
        "oracle (better of the two)": per_type(np.maximum(f_region, f_text)),
    }
    cols = ("all", *PAGE_TYPES)
    print(f"\nword F1 (extraction alone, no text passes), selector C={select_c}:")
    print(f"| {'':28} | " + " | ".join(c[:6] for c in cols) + " |")
    for name, scores in table.items():
        print(f"| {name:28} | " + " | ".join(f"{scores[c]:.3f}" for c in cols) + " |")
    print(f"region chosen on {pick_held[~news].mean():.0%} of wcxb pages (held out)")
    news_scores = {}
    if news.any():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from quality import score as shingle_score

        golds = [r["gold"] for r, x in zip(rows, news, strict=True) if x]
        for name, pick in (("held out", pick_held), ("in sample", pick_in)):
            preds = [
                o["region"][0] if p else o["text"]
                for o, p, x in zip(obs, pick, news, strict=True)
                if x
            ]
            news_scores[name] = round(shingle_score(golds, preds)["f1"], 4)
        texts = [o["text"] for o, x in zip(obs, news, strict=True) if x]
        news_scores["trafilatura fast"] = round(shingle_score(golds, texts)["f1"], 4)
        print(
            f"{args.articles.parent.name} (shingle F1, extraction alone): "
            + ", ".join(f"{k} {v:.3f}" for k, v in news_scores.items())
            + f"; region chosen on {int(pick_held[news].sum())} of {int(news.sum())} (held out)"
        )

    if args.dry_run:
        return 0
    fitted_on = (
        ", ".join(f"{p.parent.name}" for p, _ in sources) + f": {n} pages, {len(set(groups))} sites"
    )
    type_json = export(
        type_model,
        type_features,
        PAGE_TYPES,
        command=COMMAND,
        fitted_on=fitted_on,
        C=type_c,
        held_out={"accuracy": round(held_acc, 4), "folds": f"{FOLDS}, grouped by site"},
        in_sample={"accuracy": round(in_acc, 4)},
    )
    select_json = export(
        select_model,
        sel_features,
        ("trafilatura", "region"),
        command=COMMAND,
        fitted_on=fitted_on,
        C=select_c,
        held_out={
            "word_f1": table["selected, held out"],
            "news_shingle_f1": news_scores.get("held out"),
            "folds": f"{FOLDS}, grouped by site",
        },
        in_sample={
            "word_f1": table["selected, in sample"],
            "news_shingle_f1": news_scores.get("in sample"),
        },
        baselines={k: v for k, v in table.items() if not k.startswith("selected")},
    )
    for name, data in (("html_type", type_json), ("html_select", select_json)):
        path = args.out / f"{name}.json"
        body = ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in data.items())
        path.write_text("{\n" + body + "\n}\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
