"""Golden answers: a digest of every development answer, to prove that moved code
(a refactor, the Python-to-Rust port) changed nothing, or to list what it changed.

An *answer* is everything ``cleaner.analyze`` says of one input under the default
configuration: the body, every removal (line number, code, name, reason, text),
every overruled line (with the pass that kept it and why) and the metadata
(title, date, author, page type and its confidence, warning ...). The inputs:

* the seeds (``../shared/seeds``, ``page_text``);
* aeb-dev and wcxb-dev: ``page_text``, ``extracted_text`` and the HTML page.

Each answer is written as canonical JSON and hashed (SHA-256). The baseline
(``benchmarks/golden.json``) holds one hash per answer, keyed
``corpus/field/id``; ``--check`` recomputes them and lists every answer that
differs. ``--save FILE`` also writes the full answers (gzipped JSON lines, kept
out of the repository: they quote the real pages), and ``--diff OLD NEW``
compares two such files field by field, so each difference can be explained.

Usage::

    python benchmarks/golden.py --check            # exit 1 when an answer differs
    python benchmarks/golden.py --write            # a new baseline (commit it, say why)
    python benchmarks/golden.py --check --save /tmp/golden-new.jsonl.gz
    python benchmarks/golden.py --diff /tmp/golden-old.jsonl.gz /tmp/golden-new.jsonl.gz
    python benchmarks/golden.py --write --from /tmp/golden-new.jsonl.gz  # once explained
    python benchmarks/golden.py --check --only wcxb/html -j 2
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BASELINE = Path(__file__).resolve().parent / "golden.json"
CORPORA = {
    "seeds": (SHARED / "seeds" / "tasks.jsonl", ("page_text",)),
    "aeb": (SHARED / "eval" / "aeb-dev" / "tasks.jsonl", ("page_text", "extracted_text", "html")),
    "wcxb": (SHARED / "eval" / "wcxb-dev" / "tasks.jsonl", ("page_text", "extracted_text", "html")),
}


def tasks(only: Iterable[str] = ()) -> Iterator[tuple[str, str, Path, str]]:
    """``(key, field, tasks file, row id)`` of every development input, in a fixed order;
    ``only`` keeps the keys starting with one of its prefixes (``wcxb/html``)."""
    prefixes = tuple(only)
    for corpus, (path, fields) in CORPORA.items():
        if not path.is_file():
            raise SystemExit(f"no development data at {path} (it lives in ../shared)")
        with open(path, encoding="utf-8") as fh:
            ids = [json.loads(line)["id"] for line in fh if line.strip()]
        for field in fields:
            for row_id in ids:
                key = f"{corpus}/{field}/{row_id}"
                if not prefixes or key.startswith(prefixes):
                    yield key, field, path, row_id


_ROWS: dict[Path, dict[str, dict]] = {}


def _row(path: Path, row_id: str) -> dict:
    if path not in _ROWS:
        with open(path, encoding="utf-8") as fh:
            _ROWS[path] = {r["id"]: r for r in map(json.loads, fh) if r}
    return _ROWS[path][row_id]


def source(field: str, path: Path, row_id: str) -> str:
    """The input text of one task (an HTML page decoded as the benchmarks do)."""
    if field == "html":
        raw = (path.parent / "html" / f"{row_id}.html.gz").read_bytes()
        return gzip.decompress(raw).decode("utf-8", "replace")
    return _row(path, row_id)[field] or ""


def answer(text: str, html: bool) -> dict:
    """Everything ``cleaner.analyze`` says of ``text``, as plain JSON data."""
    import cleaner

    try:
        result = cleaner.analyze(text, html=html)
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


def digest(ans: dict) -> str:
    blob = json.dumps(ans, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _work(task: tuple[str, str, str, str]) -> tuple[str, dict]:
    key, field, path, row_id = task
    return key, answer(source(field, Path(path), row_id), html=field == "html")


def compute(only: Iterable[str], jobs: int) -> Iterator[tuple[str, dict]]:
    todo = [(k, f, str(p), i) for k, f, p, i in tasks(only)]
    if jobs <= 1:
        yield from map(_work, todo)
        return
    with ProcessPoolExecutor(jobs) as pool:
        yield from pool.map(_work, todo, chunksize=4)


def diff_answers(old: dict, new: dict) -> list[str]:
    """What differs between two answers, one short line per part."""
    out = []
    for part in sorted(set(old) | set(new)):
        a, b = old.get(part), new.get(part)
        if a == b:
            continue
        if part == "removed" or part == "overruled":
            sa = {json.dumps(x, ensure_ascii=False) for x in a or []}
            sb = {json.dumps(x, ensure_ascii=False) for x in b or []}
            out += [f"  {part} -{x[:200]}" for x in sorted(sa - sb)]
            out += [f"  {part} +{x[:200]}" for x in sorted(sb - sa)]
        elif part == "meta":
            for k in sorted(set(a or {}) | set(b or {})):
                if (a or {}).get(k) != (b or {}).get(k):
                    out.append(f"  meta.{k}: {(a or {}).get(k)!r} -> {(b or {}).get(k)!r}"[:300])
        else:
            out.append(f"  {part}: differs")
    return out


def _read_saved(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {k: v for k, v in (json.loads(line) for line in fh)}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="compare with the baseline")
    mode.add_argument("--write", action="store_true", help="write a new baseline")
    mode.add_argument("--diff", nargs=2, type=Path, metavar=("OLD", "NEW"), help="compare saves")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--save", type=Path, help="also write the full answers (gzipped JSONL)")
    parser.add_argument("--only", action="append", default=[], help="key prefix (wcxb/html)")
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="take the answers from a --save file instead of computing them",
    )
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(list(argv) if argv is not None else None)

    if args.diff:
        old, new = (_read_saved(p) for p in args.diff)
        changed = [k for k in old if k in new and digest(old[k]) != digest(new[k])]
        for k in changed:
            print(k)
            print("\n".join(diff_answers(old[k], new[k])))
        print(f"{len(changed)} of {len(set(old) & set(new))} answers differ", file=sys.stderr)
        return 1 if changed else 0

    start = time.perf_counter()
    hashes: dict[str, str] = {}
    saved = gzip.open(args.save, "wt", encoding="utf-8") if args.save else None
    if args.source:
        if args.save:
            raise SystemExit("--from reads a saved file; drop --save")
        answers = iter(_read_saved(args.source).items())
    else:
        answers = compute(args.only, args.jobs)
    try:
        for key, ans in answers:
            hashes[key] = digest(ans)
            if saved:
                saved.write(json.dumps([key, ans], ensure_ascii=False) + "\n")
    finally:
        if saved:
            saved.close()
    seconds = time.perf_counter() - start
    whole = hashlib.sha256("".join(f"{k} {h}\n" for k, h in hashes.items()).encode()).hexdigest()
    if args.write:
        if args.only:
            raise SystemExit("--write takes every answer; drop --only")
        args.baseline.write_text(
            json.dumps({"digest": whole, "answers": hashes}, indent=0, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(f"{len(hashes)} answers written to {args.baseline} ({seconds:.0f} s); digest {whole}")
        return 0
    base = json.loads(args.baseline.read_text(encoding="utf-8"))["answers"]
    differ = sorted(k for k, h in hashes.items() if base.get(k) != h)
    missing = sorted(k for k in hashes if k not in base)
    for k in differ:
        print(f"differs: {k}" + (" (not in the baseline)" if k in missing else ""))
    by = Counter(k.rsplit("/", 1)[0] for k in differ)
    summary = ", ".join(f"{g} {n}" for g, n in sorted(by.items())) or "none"
    print(
        f"{len(hashes) - len(differ)} of {len(hashes)} answers identical ({seconds:.0f} s); "
        f"differ by corpus/field: {summary}"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
