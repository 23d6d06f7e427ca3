"""The native engine's text layer against the Python code it ports (#24).

Calls each Python function and its twin in ``cleaner._engine`` on the same
inputs, counts the answers that differ, and times both:

* every distinct line of ``page_text``, ``extracted_text`` and ``gold`` of
  ``../shared/eval/aeb-dev`` and ``wcxb-dev`` (the development data);
* strings that hypothesis generates (characters of every category Python's
  Unicode tables assign, mixed with the tokens the rules look for).

It is a benchmark, not a test: it goes with the Python code when the engine
replaces it. Exit status 1 when any answer differs.

    python benchmarks/native_diff.py                      # everything
    python benchmarks/native_diff.py --only textstats,dates --examples 2000
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import _engine, dates, textstats

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
FIELDS = ("page_text", "extracted_text", "gold")

#: Pieces of text the rules react to, for hypothesis to mix in.
TOKENS = [
    *"...!?…。！？'\"”’»)]-–—•●*·\n\t \u00a0\u2009\u3000\u200b\u00ad\x1c\x85\u2028",
    "...",
    "Mr.",
    "U.S.",
    "2024",
    "13",
    "1st",
    "2024-01-13",
    "13.01.2024",
    "13/01/2024",
    "January",
    "Jan.",
    "MÄRZ",
    "août",
    "ſept",
    "de",
    "of",
    " , ",
    "Straße",
    "ΣΑΣ",
    "İ",
    "ﬁ",
    "中国外交官",
    "ภาษาไทย",
    "٢٠٢٤",
    "𝟗",
    "e\u0301",
    "Read also",
    "Back to top",
    "©",
    "cookies",
    "https://x.example/a",
    "â€™",
    "Ã©",
    "\ufffd",
    "K",
    "µ",
]
ASSIGNED = st.characters(exclude_categories=("Cs", "Cn"))
TEXTS = st.lists(
    st.one_of(st.text(ASSIGNED, max_size=4), st.sampled_from(TOKENS)), max_size=14
).map("".join)


def dev_lines() -> list[str]:
    """Every distinct line of the development data's three text fields."""
    seen: dict[str, None] = {}
    for name in ("aeb-dev", "wcxb-dev"):
        path = EVAL / name / "tasks.jsonl"
        if not path.exists():
            sys.exit(f"native_diff: {path} is missing (the development data in ../shared)")
        with path.open(encoding="utf-8") as rows:
            for row in map(json.loads, rows):
                for field in FIELDS:
                    for line in (row.get(field) or "").splitlines():
                        seen.setdefault(line, None)
    return list(seen)


def generated(n: int) -> list[str]:
    """``n`` strings drawn by hypothesis (a fixed seed: the same ones each run)."""
    out: list[str] = []

    @settings(
        max_examples=n,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(TEXTS)
    def draw(text: str) -> None:
        out.append(text)

    draw()
    return out


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


class Check:
    """One function and its native twin."""

    def __init__(
        self,
        name: str,
        python: Callable[[str], object],
        native: Callable[[list[str]], list[object]],
        clear: Callable[[], None] = lambda: None,
    ) -> None:
        self.name, self.python, self.native, self.clear = name, python, native, clear

    def run(self, inputs: list[str], label: str, show: int) -> tuple[int, float, float, float]:
        """(mismatches, Python seconds, native seconds with the conversions at
        the edge, the engine's own seconds)."""
        self.clear()
        gc.disable()  # the same for both sides: no collection inside the timings
        try:
            t0 = time.perf_counter()
            want = [self.python(x) for x in inputs]
            t1 = time.perf_counter()
            got = self.native(inputs)
            t2 = time.perf_counter()
        finally:
            gc.enable()
        engine = _engine._time_text(self.native.__name__, inputs)
        bad = [i for i, (a, b) in enumerate(zip(want, got, strict=True)) if not same(a, b)]
        for i in bad[:show]:
            print(f"  {self.name} [{label}] {inputs[i]!r}: python {want[i]!r}, native {got[i]!r}")
        return len(bad), t1 - t0, t2 - t1, engine


def _cache_clear(*fns: object) -> Callable[[], None]:
    def clear() -> None:
        for fn in fns:
            fn.cache_clear()  # type: ignore[attr-defined]

    return clear


def _date(text: str) -> tuple[str, int, int] | None:
    found = dates.find_date(text)
    return None if found is None else (found.iso, found.start, found.end)


def _safe(fn: Callable[[str], object]) -> Callable[[str], object]:
    """The Python function, its exceptions turned into a value (so they count)."""

    def call(text: str) -> object:
        try:
            return fn(text)
        except Exception as exc:
            return f"<{type(exc).__name__}>"

    return call


def checks() -> dict[str, list[Check]]:
    ts = textstats
    clear_ts = _cache_clear(ts._words_cached, ts._word_count_cached, ts._fold_cached)
    return {
        "textstats": [
            Check("words", ts.words, _engine._words, clear_ts),
            Check("word_count", ts.word_count, _engine._word_count, clear_ts),
            Check("ends_sentence", ts.ends_sentence, _engine._ends_sentence),
            Check("ends_ellipsis", ts.ends_ellipsis, _engine._ends_ellipsis),
            Check("is_bullet", ts.is_bullet, _engine._is_bullet),
            Check("sentence_count", ts.sentence_count, _engine._sentence_count),
            Check("is_prose", ts.is_prose, _engine._is_prose, clear_ts),
            Check("capitalized_ratio", ts.capitalized_ratio, _engine._capitalized_ratio, clear_ts),
            Check("fold", ts.fold, _engine._fold, clear_ts),
            Check("casefold", str.casefold, _engine._casefold),
        ],
        "dates": [Check("find_date", _safe(_date), _engine._find_date)],
    }


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated sections (default: all)")
    parser.add_argument("--examples", type=int, default=5000, help="hypothesis strings")
    parser.add_argument("--show", type=int, default=5, help="mismatches shown per function")
    args = parser.parse_args(list(argv) if argv is not None else None)
    every = checks()
    names = args.only.split(",") if args.only else list(every)
    lines = dev_lines()
    drawn = generated(args.examples)
    print(f"{len(lines):,} distinct dev lines, {len(drawn):,} generated strings")
    print("times over the dev lines, one core; 'call' includes converting to and from Python")
    print(
        f"{'function':<18} {'dev diff':>8} {'gen diff':>8} {'python ms':>10} "
        f"{'call ms':>8} {'engine ms':>9} {'speed-up':>9}"
    )
    total = 0
    for section in names:
        for check in every[section]:
            bad_dev, py_s, call_s, engine_s = check.run(lines, "dev", args.show)
            bad_gen, _, _, _ = check.run(drawn, "generated", args.show)
            total += bad_dev + bad_gen
            print(
                f"{check.name:<18} {bad_dev:>8} {bad_gen:>8} {py_s * 1e3:>10.1f} "
                f"{call_s * 1e3:>8.1f} {engine_s * 1e3:>9.1f} {py_s / engine_s:>8.1f}x"
            )
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
