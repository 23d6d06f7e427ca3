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
import importlib
import json
import math
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import ftfy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import _engine, dates, phrases, textstats
from cleaner.config import Config

# the module, not the function cleaner.normalize that the package exports
normalize = importlib.import_module("cleaner.normalize")

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


def dev_texts() -> list[str]:
    """The development data's texts: each row's three text fields."""
    texts = []
    for name in ("aeb-dev", "wcxb-dev"):
        path = EVAL / name / "tasks.jsonl"
        if not path.exists():
            sys.exit(f"native_diff: {path} is missing (the development data in ../shared)")
        with path.open(encoding="utf-8") as rows:
            for row in map(json.loads, rows):
                texts.extend(row.get(field) or "" for field in FIELDS)
    return texts


def dev_lines(texts: list[str]) -> list[str]:
    """Every distinct line of the development texts."""
    return list(dict.fromkeys(line for text in texts for line in text.splitlines()))


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
        try:
            engine = _engine._time_text(self.native.__name__, inputs)
        except (KeyError, UnicodeEncodeError):  # not in the timer (or surrogates): the call time
            engine = t2 - t1
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


class Ftfy:
    """ftfy's fix_text on one line, as the native normalizer asks for it; counts the calls."""

    def __init__(self, config: Config) -> None:
        self.cfg = normalize._FTFY_STRAIGHT if config.straighten_quotes else normalize._FTFY_PLAIN
        self.calls = 0

    def __call__(self, line: str) -> str:
        self.calls += 1
        return ftfy.fix_text(line, self.cfg)


SCREEN = _engine.FtfyScreen(*normalize.ftfy_tables())
#: ftfy's calls by the native normalizer, per configuration (the last run).
FTFY_CALLS: dict[str, Ftfy] = {}


def _normalizer(name: str, config: Config) -> Check:
    def python(text: str) -> str:
        return normalize.normalize(text, config)

    def native(texts: list[str]) -> list[str]:
        fixer = FTFY_CALLS[name] = Ftfy(config)
        return _engine._normalize(
            texts,
            SCREEN,
            fixer,
            fix_unicode=config.fix_unicode,
            straighten_quotes=config.straighten_quotes,
            bullet=config.bullet,
        )

    return Check(name, python, native, normalize._fix_line_cached.cache_clear)


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
        "normalize": [
            Check("normalize_line", normalize.normalize_line, _engine._normalize_line),
            Check(
                "ftfy_keeps",
                lambda line: normalize._ftfy_keeps(line, normalize._FTFY_PLAIN),
                lambda lines: [SCREEN.keeps(x) for x in lines],
            ),
            Check(
                "segment",
                lambda t: [
                    (s.index, s.line_no, s.text, s.gap_before) for s in normalize.segment(t)
                ],
                _engine._segment,
            ),
            Check("render", lambda t: normalize.render(normalize.segment(t), Config()), _render),
            _normalizer("normalize", Config()),
            _normalizer("normalize straight", Config(straighten_quotes=True, bullet="")),
            _normalizer("normalize no ftfy", Config(fix_unicode=False)),
        ],
        "phrases": _phrase_checks(),
    }


def _phrase_checks() -> list[Check]:
    clear = _cache_clear(phrases._key_cached, phrases._low_cached, phrases.could_match)
    out = [
        Check("phrase key", phrases.key, _engine._phrase_key),
        Check("phrase screen", phrases.screen, _engine._phrase_screen, clear),
    ]
    for name, table in phrases.tables().items():
        if isinstance(table, dict):
            matcher = phrases.matcher(name)

            def native(texts: list[str], name: str = name) -> list[str | None]:
                return _engine._phrase_match(name, texts)

            out.append(Check(f"match {name}", matcher.match, native, clear))
    return out


def _render(texts: list[str]) -> list[str]:
    return _engine._render(texts, False)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated sections (default: all)")
    parser.add_argument("--match", default="", help="only the functions whose name holds this")
    parser.add_argument("--examples", type=int, default=5000, help="hypothesis strings")
    parser.add_argument("--show", type=int, default=5, help="mismatches shown per function")
    args = parser.parse_args(list(argv) if argv is not None else None)
    every = checks()
    names = args.only.split(",") if args.only else list(every)
    texts = dev_texts()
    lines = dev_lines(texts)
    drawn = generated(args.examples)
    # lone surrogates: normalization's first rule (one U+FFFD each)
    surrogates = ["a\ud800b", "\udfff\ud800 x\n\ud83d", "â€\ud800\t"]
    print(
        f"{len(texts):,} dev texts, {len(lines):,} distinct dev lines, "
        f"{len(drawn):,} generated strings"
    )
    print("times over the dev lines, one core; 'call' includes converting to and from Python")
    print(
        f"{'function':<18} {'dev diff':>8} {'gen diff':>8} {'python ms':>10} "
        f"{'call ms':>8} {'engine ms':>9} {'speed-up':>9}"
    )
    total = 0
    for section in names:
        for check in every[section]:
            if args.match not in check.name:
                continue
            whole = (
                check.name.startswith(("normalize ", "segment", "render"))
                or check.name == "normalize"
            )
            inputs = texts if whole else lines
            bad_dev, py_s, call_s, engine_s = check.run(inputs, "dev", args.show)
            calls = FTFY_CALLS[check.name].calls if check.name in FTFY_CALLS else None
            extra = (
                surrogates
                if check.name.startswith("normalize ") or check.name == "normalize"
                else []
            )
            bad_gen, _, _, _ = check.run(drawn + extra, "generated", args.show)
            total += bad_dev + bad_gen
            print(
                f"{check.name:<18} {bad_dev:>8} {bad_gen:>8} {py_s * 1e3:>10.1f} "
                f"{call_s * 1e3:>8.1f} {engine_s * 1e3:>9.1f} {py_s / engine_s:>8.1f}x"
                + (
                    f"  ({'texts' if whole else 'lines'}"
                    + (f"; ftfy called on {calls:,} lines)" if calls is not None else ")")
                )
            )
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
