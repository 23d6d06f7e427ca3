"""Time the cleaner on pathological input, and audit every built-in regex for
super-linear behaviour.

    python benchmarks/hostile.py            # pathological documents, ~1 MB each
    python benchmarks/hostile.py --full     # plus a 10 MB single line and 1 million lines
    python benchmarks/hostile.py --audit    # pump every built-in regex (n and 4n chars)
    python benchmarks/hostile.py --bounds   # peak memory and time of the bounded cases of #14
    python benchmarks/hostile.py --scaling  # families of pages at 1,000 to 64,000 lines: linear?

The scaling check (``--scaling``, #23) cleans each family of pages (distinct
teaser lines, teasers mixed with prose, repeated paragraphs, digests, a head of
title-like lines, comment sections, menus ...) at 2,000 lines and doubling up to
``--max-lines`` (64,000), and fails (exit 1) when a family's time per line at
the largest size is more than ``SCALING_LIMIT`` times its time per line at
``SCALING_BASE`` (8,000): linear work keeps the ratio near 1, quadratic work
multiplies it by 8 (n log n by about 1.2). The base is past 4,096 lines, where
the per-line caches of ``cleaner.textstats`` stop holding a whole page: below
it a line's words are worked out once per page, above it once per pass (a
step of about 2x in the time per line, the same at any larger size).

Speed is measured here, never asserted in unit tests; tests/test_hostile.py
checks the structural bounds (``MAX_SHORT_LINE``, one timeout per pattern).

The audit collects every compiled pattern of every ``cleaner`` module (module
globals, ``dates._PATTERNS``, the phrase-list matchers) and times
``search`` + ``findall`` on texts made of one repeated token (``"."``, ``" "``,
``"Photo: "``...) of n and 4n characters with a few prefixes and suffixes. A
linear pattern takes about 4x as long on 4n; a quadratic one about 16x. Rows
whose 4n time is over 5 ms with a ratio over 8 are listed as suspects.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time

import regex

import cleaner
from cleaner.phrases import matcher, tables

PROSE = "The minister said on Friday that the long talks in Geneva had gone well for everyone."
MB = 1_000_000


def documents(full: bool) -> dict[str, str]:
    docs = {
        "a*1M + '!' (one line)": "a" * MB + "!",
        "'Photo: ' * 140k (one line)": "Photo: " * (MB // 7),
        "'.' * 1M (one line)": "." * MB,
        "'x' + '.' * 1M + 'x'": "x" + "." * MB + "x",
        "'!?' * 500k": "!?" * (MB // 2),
        "' ' * 1M + 'x'": " " * MB + "x",
        "'(a+)+b ' * 140k": "(a+)+b " * (MB // 7),
        "'Home > ' * 140k": "Home > " * (MB // 7),
        "'1, March, ' * 100k": "1, March, " * (MB // 10),
        "'By ' + 'Abc ' * 250k": "By " + "Abc " * (MB // 4),
        "'© ' * 500k": "© " * (MB // 2),
        "100k lines 'Photo: Reuters'": "Photo: Reuters\n" * 100_000,
        "50k lines '...' + prose": "...\n" * 50_000 + PROSE,
        "2000 prose lines, twice": "\n".join(f"{PROSE} Item {i}." for i in range(2000)) * 2,
        "1 MB of prose, no newline": (PROSE + " ") * (MB // (len(PROSE) + 1)),
        # Known quadratic cases (README "Known issues"): time them at 2,000 and 4,000.
        "comment lines x2000 (CL401/CL402)": PROSE
        + "\n"
        + "12 Comments\nJoe says:\nGreat.\n" * 667,
        "comment lines x4000 (CL401/CL402)": PROSE
        + "\n"
        + "12 Comments\nJoe says:\nGreat.\n" * 1333,
        "link lines x2000 (CL301)": PROSE + "\n" + "Home\nNews\nSport\nAbout us\n" * 500,
        "link lines x4000 (CL301)": PROSE + "\n" + "Home\nNews\nSport\nAbout us\n" * 1000,
    }
    if full:
        docs["10 MB single line of words"] = "word " * (10 * MB // 5)
        docs["1 million short lines"] = "ab\n" * MB
    return docs


def time_documents(full: bool) -> None:
    print(f"{'input':36s} {'chars':>11s} {'seconds':>9s} {'MB/s':>7s}  removed")
    for name, text in documents(full).items():
        start = time.perf_counter()
        result = cleaner.analyze(text)
        took = time.perf_counter() - start
        rate = len(text) / took / MB if took else float("inf")
        print(f"{name:36s} {len(text):11,d} {took:9.3f} {rate:7.2f}  {len(result.removed)}")
        sys.stdout.flush()
    # A user pattern with exponential backtracking: one timeout per document.
    lines = "\n".join(["a" * 5000 + "b"] * 1000)
    start = time.perf_counter()
    result = cleaner.analyze(lines, remove_patterns=["(a|aa)+$"], pattern_timeout=0.1)
    took = time.perf_counter() - start
    print(f"{'(a|aa)+$ on 1000 bait lines, 0.1 s':36s} {len(lines):11,d} {took:9.3f}", end="")
    print(f" {'':7s}  warning: {result.meta.get('warning', '-')[:60]}")


def builtin_patterns() -> dict[str, object]:
    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception as exc:  # optional extras (pyspark...) may be missing
            print(f"skipped {info.name}: {exc}", file=sys.stderr)
            continue
        for key, value in vars(module).items():
            if isinstance(value, (regex.Pattern, re.Pattern)):
                found[f"{info.name}.{key}"] = value
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, tuple) and isinstance(item[-1], regex.Pattern):
                        found[f"{info.name}.{key}[{i}]"] = item[-1]
    for name in tables():
        m = matcher(name)
        for kind in ("prefix_re", "pattern_re"):
            if getattr(m, kind, None) is not None:
                found[f"phrases[{name}].{kind}"] = getattr(m, kind)
    return found


TOKENS = [
    ".", " ", "a", "A", "1", "/", "|", "!", "'", "_", "©", ":", "-", "a ", "A ", "1 ",
    ". ", "a.", "A.", "Aa ", "a_", " / ", "1, ", "Photo: ", "»", "(", "...", "…", "x. ",
    "Jan ", "by ", "Ab. ", "a-", "1.", "1/", "a'", "\t", "<p>", "&amp;",
]  # fmt: skip
WRAPS = [("", ""), ("x", "x"), ("", "!"), ("A ", " a")]


def _time(pattern, text: str) -> float:
    start = time.perf_counter()
    pattern.search(text)
    pattern.findall(text)
    return time.perf_counter() - start


def audit(size: int) -> int:
    suspects = []
    patterns = builtin_patterns()
    print(f"{len(patterns)} built-in patterns; tokens pumped to {size} and {4 * size} chars")
    for name, pattern in patterns.items():
        worst = (0.0, "")
        for token in TOKENS:
            for pre, suf in WRAPS:
                n = max(1, size // len(token))
                small = _time(pattern, pre + token * n + suf)
                big = _time(pattern, pre + token * (4 * n) + suf)
                if big > 0.005 and big / max(small, 1e-9) > 8:
                    # Re-measure to rule out noise from other processes.
                    small = _time(pattern, pre + token * n + suf)
                    big = _time(pattern, pre + token * (4 * n) + suf)
                    if big > 0.005 and big / max(small, 1e-9) > 8:
                        suspects.append((name, token, pre, suf, small, big))
                worst = max(worst, (big, repr(token)))
        print(f"  {name:48s} worst {worst[0] * 1000:8.2f} ms on {worst[1]}")
    print("suspects (4n time > 5 ms and > 8x the n time):" if suspects else "no suspects")
    for name, token, pre, suf, small, big in suspects:
        print(
            f"  {name} token={token!r} wrap={pre!r}..{suf!r}: {small * 1000:.2f} -> {big * 1000:.2f} ms"
        )
    return 1 if suspects else 0


# -- scaling (#23): every family of pages linear in its lines ----------------------

_WORDS = (
    "council park river budget school mayor plan city road train bridge garden museum "
    "market harbour station library tower winter summer festival concert police hospital "
    "teacher farmer village island forest mountain election court ministry"
).split()


def _words(rnd, k: int) -> str:
    return " ".join(rnd.choice(_WORDS) for _ in range(k))


def _prose(rnd, i: int) -> str:
    return (
        f"The {_words(rnd, 1)} said on day {i} that the {_words(rnd, 2)} plan for the "
        f"{_words(rnd, 1)} had gone well for everyone in the {_words(rnd, 2)} area."
    )


def _teasers(n: int, rnd) -> list[str]:
    """Many distinct teaser lines: ``Story N: `` + 12 words + ``...`` (#23)."""
    return [f"Story {i}: {_words(rnd, 12)}..." for i in range(n)]


def _teasers_and_prose(n: int, rnd) -> list[str]:
    """Teasers mixed with prose: paragraphs, teaser headings, truncated copies of
    the paragraphs and teasers of their own."""
    out: list[str] = []
    i = 0
    while len(out) < n:
        para = _prose(rnd, i)
        out.append(para)
        if i % 5 == 4:
            out.append("Latest articles")
        out.append(" ".join(para.split()[:9]) + "...")
        out.append(f"Story {i}: {_words(rnd, 12)}...")
        i += 1
    return out


def _repeats(n: int, rnd) -> list[str]:
    """Paragraphs that come back word for word, and distinct ones between them."""
    pool = [_prose(rnd, -k) for k in range(50)]
    return [pool[i % 50] if i % 3 else _prose(rnd, i) for i in range(n)]


def _digests(n: int, rnd) -> list[str]:
    """Long lines made of sentences that stand on other lines (digests), and
    sentences shared by many lines."""
    shared = _prose(rnd, -1)
    out: list[str] = []
    for i in range(0, n, 4):
        a, b, c = _prose(rnd, i), _prose(rnd, i + 1), _prose(rnd, i + 2)
        out += [a, b, f"{shared} {c}", f"{a} {b} {c} {shared}"]
    return out[:n]


def _title_head(n: int, rnd) -> list[str]:
    """A head of title-like lines before the first paragraph, each repeated later."""
    heads = [f"Section {i} {_words(rnd, 5).title()}" for i in range(n // 3)]
    body = []
    for i, h in enumerate(heads):
        body += [h, _prose(rnd, i)]
    return ["Share on Facebook", "Home", *heads, *body][:n]


def _comments(n: int, rnd) -> list[str]:
    return [_prose(rnd, 0)] + ["12 Comments", "Joe says:", "Great."] * (n // 3)


def _menus(n: int, rnd) -> list[str]:
    return [_prose(rnd, 0)] + ["Home", "News", "Sport", "About us"] * (n // 4)


def _heading_blocks(n: int, rnd) -> list[str]:
    """Teaser headings, each followed by two teasers and a paragraph (CL301)."""
    out: list[str] = []
    i = 0
    while len(out) < n:
        out += ["Latest articles", f"Story {i}: {_words(rnd, 8)}", f"{_words(rnd, 10)}...",
                _prose(rnd, i)]  # fmt: skip
        i += 1
    return out


def _tags_and_dates(n: int, rnd) -> list[str]:
    out: list[str] = []
    i = 0
    while len(out) < n:
        out += ["Tags", f"{_words(rnd, 1)}, {_words(rnd, 1)}, {_words(rnd, 2)}",
                f"{1 + i % 28} March 2024", f"By Jane Doe{i % 10}", _prose(rnd, i)]  # fmt: skip
        i += 1
    return out


#: name -> lines of a page of that family (about ``n``).
FAMILIES = {
    "many distinct teaser lines": _teasers,
    "teasers mixed with prose": _teasers_and_prose,
    "repeated paragraphs": _repeats,
    "digests and shared sentences": _digests,
    "a head of repeated titles": _title_head,
    "comment sections": _comments,
    "menus": _menus,
    "teaser headings and blocks": _heading_blocks,
    "tags, dates and bylines": _tags_and_dates,
}
#: A family fails when its time per line at the largest size is more than this
#: many times its time per line at ``SCALING_BASE`` lines.
SCALING_LIMIT = 2.0
SCALING_BASE = 8000


class _TooSlow(Exception):
    pass


def _timed_analyze(text: str, limit: float) -> float:
    """Seconds ``cleaner.analyze(text)`` takes; ``_TooSlow`` past ``limit`` seconds."""
    import signal

    def stop(signum, frame):
        raise _TooSlow

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        start = time.perf_counter()
        cleaner.analyze(text)
        return time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def scaling(max_lines: int, only: str | None = None, limit: float = 600.0) -> int:
    import random

    sizes = [2000]
    while sizes[-1] * 2 <= max_lines:
        sizes.append(sizes[-1] * 2)
    failed = []
    print(f"{'family':32s} {'lines':>7s} {'chars':>11s} {'seconds':>9s} {'us/line':>8s}")
    for name, make in FAMILIES.items():
        if only and only not in name:
            continue
        per_line: dict[int, float] = {}
        for n in sizes:
            text = "\n".join(make(n, random.Random(n)))
            lines = text.count("\n") + 1
            try:
                took = _timed_analyze(text, limit)
            except _TooSlow:
                print(f"{name:32s} {lines:7,d} {len(text):11,d} {'> ' + str(int(limit)):>9s}")
                break
            per_line[n] = took / lines
            print(f"{name:32s} {lines:7,d} {len(text):11,d} {took:9.2f} {per_line[n] * 1e6:8.1f}")
            sys.stdout.flush()
        if len(per_line) < len(sizes):
            print(f"{name:32s} stopped: one page took more than {limit:.0f} s: SUPER-LINEAR")
            failed.append(name)
            continue
        base = per_line.get(SCALING_BASE, per_line[sizes[0]])
        growth = per_line[sizes[-1]] / base
        verdict = "linear" if growth <= SCALING_LIMIT else "SUPER-LINEAR"
        print(
            f"{name:32s} time per line x{growth:.2f} from {min(SCALING_BASE, sizes[-1]):,} "
            f"to {sizes[-1]:,}: {verdict}"
        )
        if growth > SCALING_LIMIT:
            failed.append(name)
    print("every family linear" if not failed else f"super-linear: {', '.join(failed)}")
    return 1 if failed else 0


# -- bounds (#14): peak memory and time of the command line on hostile input ------------


def _run(argv: list[str]) -> tuple[float, float, int, str]:
    """Run ``python -m cleaner ARGV`` under GNU time; its wall time, peak RSS (MB),
    exit code and last stderr line. The RSS is that one process's (workers not
    included), measured by ``/usr/bin/time -f %M`` so that the size of this
    script at fork time does not count."""
    import os
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        start = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", stats.name, sys.executable, "-m", "cleaner", *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        took = time.perf_counter() - start
        peak_kb = int(stats.read().split()[-1])
    err = proc.stderr.decode("utf-8", "replace")
    last = (err.strip().splitlines() or [""])[-1][:90]
    del os
    return took, peak_kb / 1024, proc.returncode, last


def _profile(path: str, target_bytes: int) -> None:
    """A valid profile of about ``target_bytes``: one site, many learned lines."""
    import json

    from cleaner.profile import line_hash

    lines, size, i = [], 200, 0
    while size < target_bytes:
        text = f"Footer line {i} of the site, with its own words so each one differs"
        lines.append({"hash": f"{line_hash(text):016x}", "count": 5, "text": text})
        size += len(text) + 50
        i += 1
    data = {
        "format": "cleaner-profile",
        "version": 1,
        "sites": {"*": {"documents": 9, "lines": lines}},
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh)


def bounds(workdir: str) -> int:
    import json
    import os

    from cleaner import limits
    from cleaner.commands._files import Glob
    from cleaner.html import MAX_HTML_TAGS

    os.makedirs(workdir, exist_ok=True)

    def put(name: str, text: str) -> str:
        path = os.path.join(workdir, name)
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        return path

    cases = [
        (
            "baseline: an empty JSONL input",
            ["clean", "--jsonl", "--no-config", put("empty.jsonl", "")],
        )
    ]
    row = put("5M-lines.jsonl", json.dumps({"text": "ab\n" * 5_000_000}) + "\n")
    cases.append(("JSONL row: 5M short lines (10 MB)", ["clean", "--jsonl", "--no-config", row]))
    n = limits.MAX_LINES
    row = put("max-lines.jsonl", json.dumps({"text": "ab\n" * (n - 1) + "ab"}) + "\n")
    cases.append((f"JSONL row: {n:,} lines (the bound)", ["clean", "--jsonl", "--no-config", row]))
    words = limits.MAX_TEXT_CHARS // 5
    row = put("max-chars.jsonl", json.dumps({"text": "word " * words}) + "\n")
    cases.append(
        (
            f"JSONL row: {words * 5:,} chars, one line (the bound)",
            ["clean", "--jsonl", "--no-config", row],
        )
    )
    prose = "The minister said on Friday that the long talks in Geneva had gone well for all.\n"
    m = limits.MAX_TEXT_CHARS // len(prose)
    row = put("prose-lines.jsonl", json.dumps({"text": prose * m}) + "\n")
    cases.append((f"JSONL row: {m:,} prose lines (4 MB)", ["clean", "--jsonl", "--no-config", row]))
    cases.append(("/dev/zero as --jsonl input", ["clean", "--jsonl", "--no-config", "/dev/zero"]))
    good = json.dumps({"text": "Back to top\n\nA short article of one line."})
    long_row = json.dumps({"text": "word " * (40_000_000 // 5)})
    row = put("40MB-row.jsonl", f"{good}\n{long_row}\n{good}\n")
    cases.append(
        ("JSONL: a 40 MB row between two good rows (#23)", ["clean", "--jsonl", "--no-config", row])
    )
    bomb = os.path.join(workdir, "bomb-1GB.txt.gz")
    if not os.path.exists(bomb):
        import gzip

        with gzip.open(bomb, "wb", compresslevel=9) as fh:
            for _ in range(1024):
                fh.write(b"a" * (1 << 20))
    cases.append(("a .txt.gz inflating to 1 GB (#23)", ["clean", "--no-config", bomb]))
    page = put(
        "div-50MB.html", "<html><body>" + "<div>word</div>" * (50_000_000 // 15) + "</body></html>"
    )
    cases.append(("HTML: 50 MB of <div>word</div>", ["clean", "--html", "--no-config", page]))
    page = put(
        "div-20MB.html", "<html><body>" + "<div>word</div>" * (20_000_000 // 15) + "</body></html>"
    )
    cases.append(("HTML: 20 MB of <div>word</div>", ["clean", "--html", "--no-config", page]))
    page = put("text-11MB.html", "<html><body><p>" + "word " * 2_200_000 + "</p></body></html>")
    cases.append(
        (
            "HTML: one <p> of 11 MB (libxml2's text limit, #23)",
            ["clean", "--html", "--no-config", page],
        )
    )
    k = MAX_HTML_TAGS // 2 - 10  # two '<' per element
    page = put("div-max.html", "<html><body>" + "<div>word</div>" * k + "</body></html>")
    cases.append(
        (f"HTML: {k:,} <div>word</div> (the tag bound)", ["clean", "--html", "--no-config", page])
    )
    for count in (40_000, 500_000):
        attrs = " ".join(f'a{i}="v"' for i in range(count))
        page = put(f"attr-{count}.html", f"<html><body><p {attrs}>x</p></body></html>")
        size = os.path.getsize(page) / 1e6
        cases.append(
            (
                f"HTML: one <p> with {count:,} attributes ({size:.1f} MB)",
                ["clean", "--html", "--no-config", page],
            )
        )
    small = put("small.txt", "Back to top\n\nA short article of one line.\n")
    for mb in (60, 148):
        path = os.path.join(workdir, f"profile-{mb}MB.json")
        if not os.path.exists(path):
            _profile(path, mb * 1_000_000)
        size = os.path.getsize(path) / 1e6
        cases.append(
            (
                f"profile of {size:.0f} MB on a 100-byte file",
                ["clean", "--no-config", "--profile", path, small],
            )
        )
    cases.append(("--profile /dev/zero", ["clean", "--no-config", "--profile", "/dev/zero", small]))
    cases.append(("--config /dev/zero", ["clean", "--config", "/dev/zero", small]))
    print(f"{'case':52s} {'exit':>4s} {'seconds':>8s} {'peak MB':>8s}  stderr")
    for name, argv in cases:
        took, peak, code, last = _run(argv)
        print(f"{name:52s} {code:4d} {took:8.2f} {peak:8.0f}  {last}")
        sys.stdout.flush()
    glob = Glob.of("*a*a*a*a*a*a*a*a*b")
    for n in (48, 4800):
        start = time.perf_counter()
        glob.matches("a" * n)
        took = time.perf_counter() - start
        print(
            f"{'glob *a*a*a*a*a*a*a*a*b on ' + str(n) + ' chars (in process)':52s} {'':4s} {took:8.4f}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="add 10 MB and 1M-line inputs")
    parser.add_argument("--audit", action="store_true", help="audit the built-in regexes")
    parser.add_argument("--size", type=int, default=2000, help="audit text size n (default 2000)")
    parser.add_argument("--bounds", action="store_true", help="peak memory of the #14 cases")
    parser.add_argument(
        "--workdir", default="/tmp/cleaner-bench-bounds", help="where --bounds keeps its inputs"
    )
    parser.add_argument("--scaling", action="store_true", help="the scaling check of #23")
    parser.add_argument("--max-lines", type=int, default=64_000, help="largest --scaling page")
    parser.add_argument("--family", help="--scaling: only the families whose name holds this")
    parser.add_argument(
        "--limit", type=float, default=600.0, help="--scaling: seconds one page may take"
    )
    args = parser.parse_args(argv)
    if args.audit:
        return audit(args.size)
    if args.bounds:
        return bounds(args.workdir)
    if args.scaling:
        return scaling(args.max_lines, args.family, args.limit)
    time_documents(args.full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
