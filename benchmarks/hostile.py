"""Time the cleaner on pathological input, and audit every built-in regex for
super-linear behaviour.

    python benchmarks/hostile.py            # pathological documents, ~1 MB each
    python benchmarks/hostile.py --full     # plus a 10 MB single line and 1 million lines
    python benchmarks/hostile.py --audit    # pump every built-in regex (n and 4n chars)

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="add 10 MB and 1M-line inputs")
    parser.add_argument("--audit", action="store_true", help="audit the built-in regexes")
    parser.add_argument("--size", type=int, default=2000, help="audit text size n (default 2000)")
    args = parser.parse_args(argv)
    if args.audit:
        return audit(args.size)
    time_documents(args.full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
