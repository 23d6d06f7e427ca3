"""The speed-ups give exactly what the plain code gives (ftfy, normalize, phrase screen, caches)."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import itertools

import ftfy
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import dates, phrases, prefilter, textstats
from cleaner.config import Config
from cleaner.normalize import page_from_text
from cleaner.passes import head

from .conftest import AEB, aeb_rows, phrase_entries

nz = importlib.import_module(
    "cleaner.normalize"
)  # the module; cleaner.normalize is also a function

CONFIGS = [nz._FTFY_PLAIN, nz._FTFY_STRAIGHT]
# Printable ASCII, the "safe" punctuation, and characters that ftfy does change or
# that start mojibake (Ã, Â, â€, C1 controls, ESC, ligatures, wide forms, NBSP...).
ALPHABET = (
    "a Z.9'\"\t\r\x0c"
    + nz._FTFY_SAFE_PUNCT
    + nz._FTFY_SAFE_QUOTES
    + "éÃÂ€™\x85\x1b\x00ﬁＡ\u2028\ufeffœ\u0301"
)


def real_texts() -> list[str]:
    return [row["page_text"] for row in aeb_rows()]


def ftfy_by_line(text: str, cfg) -> str:
    """ftfy on each line of ``text`` without its line break: what normalize means
    by repairing a text (so a line is repaired alike whether a break follows)."""
    return "\n".join(ftfy.fix_text(line, cfg) for line in text.split("\n"))


def test_a_line_is_repaired_alike_with_or_without_a_break_after_it() -> None:
    # ftfy alone reads the break as part of the mojibake and drops the last letter
    line = "\ufffd\ufffd\ufffd\ufffdB@;;\u0410"
    assert ftfy.fix_text(line + "\n", nz._FTFY_PLAIN) != ftfy.fix_text(line, nz._FTFY_PLAIN) + "\n"
    assert nz._fix_text(line + "\n", nz._FTFY_PLAIN) == nz._fix_text(line, nz._FTFY_PLAIN) + "\n"
    assert cleaner.clean(cleaner.clean(line, ignore=("CL2", "CL3")), ignore=("CL2", "CL3")) == (
        cleaner.clean(line, ignore=("CL2", "CL3"))
    )


def test_a_line_longer_than_ftfys_limit_is_cut_alike_wherever_it_stands() -> None:
    cfg = nz._FTFY_PLAIN._replace(max_decode_length=50)
    line = "caf\u00c3\u00a9 " * 30
    assert nz._fix_text(line, cfg) == nz._fix_text("x\n" + line, cfg)[2:]


@pytest.mark.parametrize("cfg", CONFIGS, ids=["plain", "straight"])
def test_fix_text_equals_ftfy_on_every_short_string(cfg) -> None:
    safe = "a Z.9'\"\t\r\x0c" + nz._FTFY_SAFE_PUNCT + nz._FTFY_SAFE_QUOTES
    strings = [
        *("".join(c) for n in (1, 2) for c in itertools.product(ALPHABET, repeat=n)),
        *("".join(c) for c in itertools.product(safe, repeat=3)),
    ]
    for s in strings:
        assert nz._fix_text(s, cfg) == ftfy_by_line(s, cfg), repr(s)


@given(st.lists(st.text(alphabet=ALPHABET + "\n", max_size=12), max_size=8))
def test_fix_text_equals_ftfy_on_mixed_lines(parts: list[str]) -> None:
    text = "\n".join(parts)
    for cfg in CONFIGS:
        assert nz._fix_text(text, cfg) == ftfy_by_line(text, cfg)


def reference_normalize(text: str, config: Config) -> str:
    """normalize() without the fast paths: ftfy twice on the whole text, then
    normalize_line on every line; again on its own output until it stands still."""
    out = _reference_once(text, config)
    for _ in range(nz.MAX_ROUNDS - 1):
        again = _reference_once(out, config)
        if again == out:
            break
        out = again
    return out


def _reference_once(text: str, config: Config) -> str:
    text = nz._SURROGATE_RE.sub("\ufffd", text)
    cfg = nz._FTFY_STRAIGHT if config.straighten_quotes else nz._FTFY_PLAIN
    fixed = ftfy_by_line(text, cfg)
    again = ftfy_by_line(fixed, cfg)
    text = fixed if again == fixed else again
    out: list[str] = []
    for line in (nz.normalize_line(raw, config.bullet) for raw in text.splitlines()):
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


@given(st.text(alphabet=ALPHABET + "\n \u200b\u00a0\u3000•*● -Ab\x1f\x1c\x0b", max_size=60))
def test_normalize_equals_the_plain_path(text: str) -> None:
    for config in (Config(), Config(straighten_quotes=True, bullet="")):
        assert nz.normalize(text, config) == reference_normalize(text, config)


def test_normalize_equals_the_plain_path_on_real_pages() -> None:
    texts = real_texts()
    if not texts:
        pytest.skip(f"real-world pages not available ({AEB} is absent)")
    for text in texts:
        assert nz.normalize(text) == reference_normalize(text, Config())


def all_lines() -> list[str]:
    lines = [line for t in real_texts()[:30] for line in nz.normalize(t).split("\n") if line]
    for p in phrase_entries():
        lines += [p, f"{p}: Something more here"]
    return lines


def test_phrase_screen_never_changes_a_match() -> None:
    lines = all_lines()
    assert len(lines) > 100
    hits = 0
    for name, table in phrases.tables().items():
        if not isinstance(table, dict):
            continue
        screened = phrases.matcher(name)
        plain = dataclasses.replace(screened, screened=False)
        assert screened.screened and not plain.screened
        for line in lines:
            got = screened.match(line)
            assert got == plain.match(line), (name, line)
            hits += got is not None
    assert hits > 50  # the check saw real matches, not only misses


@given(st.text(max_size=40))
def test_cached_text_features_equal_the_regexes(text: str) -> None:
    long = text * (textstats._CACHED_CHARS // max(1, len(text)) + 1)
    for t in (text, long):
        assert textstats.words(t) == textstats._WORD_RE.findall(t)
        n = len(textstats._WORD_RE.findall(t))
        cjk = len(textstats._NOSPACE_RE.findall(t))
        assert textstats.word_count(t) == (max(n, cjk // 2) if cjk > 4 else n)
        words = textstats._WORD_RE.findall(t)
        assert textstats.fold(t) == " ".join(w.casefold().strip(".-'’") for w in words)
    # A cached list is a copy: changing it changes nothing for the next caller.
    textstats.words(text).append("x")
    assert textstats.words(text) == textstats._WORD_RE.findall(text)


# -- screens in front of regexes --------------------------------------------------


def phrase_patterns() -> list[str]:
    return [
        p
        for table in phrases.tables().values()
        if isinstance(table, dict)
        for p in phrases._flatten(table.get("patterns"))
    ]


def generatable(pattern: str) -> str:
    """``pattern`` in ``re`` syntax, for hypothesis' ``from_regex``: Unicode
    property classes become small explicit classes of the same kind."""
    return (
        pattern.replace(r"\p{L}", "a-zA-Zéß")
        .replace(r"\p{N}", "0-9")
        .replace(r"\p{Lu}", "A-ZÉ")
        .replace(r"[\p{P}\p{S}\s]", r"[.,!?\s]")
    )


SCREENED = [p for p in phrase_patterns() if prefilter.floats(p) and prefilter.required_literals(p)]


def test_some_phrase_patterns_are_screened() -> None:
    assert len(SCREENED) >= 8  # the floating cookie, copyright, privacy... patterns


@pytest.mark.parametrize("pattern", SCREENED, ids=lambda p: p[:40])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_of_a_screened_pattern_holds_a_required_literal(pattern, data) -> None:
    text = data.draw(st.from_regex(generatable(pattern), fullmatch=True))
    if regex.match(pattern, text):  # generated from the simplified form: recheck
        literals = prefilter.required_literals(pattern)
        assert any(lit in text for lit in literals), (text, literals)


@pytest.mark.parametrize("pattern", phrase_patterns(), ids=lambda p: p[:40])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_could_match_lets_every_phrase_pattern_match_through(pattern, data) -> None:
    text = data.draw(st.from_regex(generatable(pattern), fullmatch=True))
    if regex.match(pattern, phrases.key(text)) and text.count(" ") < 10:
        assert phrases.could_match(text), text


def test_required_literals_of_hand_made_patterns() -> None:
    need = prefilter.required_literals
    assert need(r"^.{0,9}\b(?:abcd|efgh|ijk)x?") == {"abcd", "efgh", "ijk"}
    assert need(r"^.{0,9}\b(?:abcd|abef)") is None  # factored into "ab" + (cd|ef): too short
    assert need(r"^(?:abc)*xyz") == {"xyz"}  # a starred group requires nothing
    assert need(r"^(?:abc|d)") is None  # "d" is too short to screen by
    assert need(r"^(?=.*\bneedle\b).{0,50}$") == {"needle"}
    assert need(r"^(?!nope)\w+$") is None
    assert need(r"^abcd (?i:Cookie)s policy") == {"abcd "}  # nothing after a (?i:) group
    assert need(r"^\p{Lu}\p{L}+ says") == {" says"}


_CAPTION_FORWARD = regex.compile(
    head._CAPTION_RE.pattern.replace("(?r)", "", 1), head._CAPTION_RE.flags
)
CAPTION_ALPHABET = "aZ .,:/()©-|byBYPhoto Reuters AP AFP Getty Images credit"


@given(
    st.text(alphabet=CAPTION_ALPHABET, max_size=60)
    | st.sampled_from(
        [
            "Smoke rises. (AP Photo/Jane Doe)",
            "Blinken in Rome. Photo: Reuters",
            "x Getty Images / Ann Li",
            "The mayor. Jane Doe/AFP via Getty Images",
            "A. PHOTO BY JANE",
            "Rain. Image © Ann",
            "Smoke rises. (AP)",
            "Rain. Photo by Jane Doe",
            "Crowds. Picture By Ann",
            "Sun. Photo: Ann",
        ]
    )
)
def test_caption_screen_and_reverse_search_match_the_plain_regex(text: str) -> None:
    plain = textstats.word_count(text) <= 80 and bool(_CAPTION_FORWARD.search(text))
    assert head.is_caption(text) == plain


@given(st.text(alphabet="0123456789 -/.,Jan March de 2024١٢٣٤", max_size=30))
def test_year_screen_never_hides_a_date(text: str) -> None:
    plain = None
    for _kind, pattern in dates._PATTERNS:
        if pattern.search(text):
            plain = True
    if plain:
        # a pattern matched, so the screen let it through; whether the date is
        # valid is find_date's own business
        assert dates._YEAR_RE.search(text)


def test_character_classes_in_re_are_the_ones_regex_had() -> None:
    """normalize scans with the standard library's ``re``; its classes hold
    exactly the characters of the ``regex`` patterns they replaced."""
    import sys
    import unicodedata

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    zs = "".join(c for c in every if unicodedata.category(c) == "Zs")
    assert "".join(regex.findall(r"[\p{Zs}]", every)) == zs
    assert nz._SPACE_RE.findall(every) == regex.findall(r"[\t\p{Zs}]+", every)
    classes = (nz._INVISIBLE_RE, nz._CONTROL_RE, nz._IN_LINE_REMOVED_RE)
    for rx in (*classes, nz._FTFY_DIRTY_RE, nz._FTFY_DIRTY_STRAIGHT_RE):
        assert rx.findall(every) == regex.findall(rx.pattern, every), rx.pattern


WIDE_ALPHABET = (
    ALPHABET + "ÉéüñßЖж中文の\u0301\u0308ŉǄ！＂ﾟ\u2018\u201c\u02bc\x80\x85\x9f\u206a\ufff9Ã¼Ã©â€œ"
)


@given(st.text(alphabet=WIDE_ALPHABET, max_size=24))
def test_the_ftfy_screen_never_skips_a_line_ftfy_changes(line: str) -> None:
    line = line.replace("\n", " ")
    for cfg in CONFIGS:
        if nz._ftfy_keeps(line, cfg):
            assert ftfy.fix_text(line, cfg) == line, repr(line)


def test_the_ftfy_screen_never_skips_a_real_line_ftfy_changes() -> None:
    texts = real_texts()
    if not texts:
        pytest.skip(f"real-world pages not available ({AEB} is absent)")
    lines = {line for t in texts for line in t.split("\n")}
    for cfg in CONFIGS:
        kept = [line for line in lines if nz._ftfy_keeps(line, cfg)]
        assert [x for x in kept if ftfy.fix_text(x, cfg) != x] == []
        assert len(kept) > len(lines) / 2  # and it does skip most of them


@given(st.text(alphabet=".…'\"”’»)]x \n", max_size=12))
def test_ends_ellipsis_reads_what_its_pattern_finds(text: str) -> None:
    assert textstats.ends_ellipsis(text) == bool(textstats._ELLIPSIS_RE.search(text)), repr(text)


@given(st.text(alphabet=".!?…。！？'\"”’»)]x \n\t", max_size=12))
def test_ends_sentence_reads_what_its_pattern_finds(text: str) -> None:
    assert textstats.ends_sentence(text) == bool(textstats._TERMINAL_RE.search(text)), repr(text)


@given(st.text(alphabet="aAbZ1 .-'’\u0301ÉΣⅠǅ٣中\u00a0", max_size=16))
def test_capitalized_ratio_counts_what_the_words_say(text: str) -> None:
    ws = [w for w in textstats._WORD_RE.findall(text) if len(w) >= 4 and w[0].isalpha()]
    want = sum(1 for w in ws if w[0].isupper()) / len(ws) if ws else 0.0
    assert textstats.capitalized_ratio(text) == want


@given(st.text(alphabet="{}();=<>[]:-x.( \tdefclassreturn", max_size=16))
def test_the_code_screen_never_hides_a_code_mark(text: str) -> None:
    from cleaner import linefeatures

    if not linefeatures._could_be_code(text):
        assert linefeatures._CODE_RE.findall(text) == []


@functools.cache
def _stopword_index() -> dict[str, tuple[str, ...]]:
    from cleaner import stoplists

    return stoplists._index()


def _detect_language_by_counting(tokens: list[str]) -> str | None:
    """The plain count ``stoplists.detect_language`` gives (one word at a time)."""
    from collections import Counter

    from cleaner import stoplists

    sample = tokens[: stoplists.SAMPLE_WORDS]
    hits: Counter[str] = Counter()
    index = _stopword_index()
    for token in sample:
        for language in index.get(token, ()):
            hits[language] += 1
    if not hits:
        return None

    def weight(lang: str) -> tuple[float, str]:
        bonus = 1.2 if lang in stoplists.FALLBACK_LANGUAGES else 1.0
        return hits[lang] * bonus / len(stoplists.stoplist(lang)) ** 0.1, lang

    best = max(hits, key=weight)
    return best if hits[best] >= stoplists.MIN_COVERAGE * len(sample) else None


def test_language_detection_by_line_equals_the_plain_count() -> None:
    from cleaner import linefeatures, stoplists

    pages = [page_from_text(t).segments for t in real_texts()]
    pages += [p[k:] for p in pages[:20] for k in (1, 7)]  # other samples of the same lines
    for segments in pages:
        lines = [linefeatures._tokens(s.text) for s in segments]
        tokens = [w for words, _ in lines for w in words]
        want = _detect_language_by_counting(tokens)
        assert stoplists.detect_language_of(ids for _, ids in lines) == want
        assert stoplists.detect_language(tokens) == want


def test_complete_trees_reach_the_leaves_the_walk_reaches() -> None:
    import numpy as np

    from cleaner.fitted import models

    forest = models().body
    rng = np.random.default_rng(0)
    cuts = forest.threshold[np.isfinite(forest.threshold)]
    for x in (
        rng.normal(size=(300, len(forest.features))).astype(np.float32),
        rng.choice(cuts, size=(300, len(forest.features))).astype(np.float32),  # on the cuts
    ):
        value = forest.flat[5]
        walked = value[forest._walk(x)].reshape(len(forest.feature), -1)
        assert np.array_equal(forest._leaf_values(x), walked)


def test_page_words_by_line_equal_the_page_words() -> None:
    from cleaner import pagetype
    from cleaner.fitted import models

    model = models().page_type
    for text in real_texts():
        segments = page_from_text(text).segments
        words = pagetype.page_words(segments)
        want = {i for w in words if (i := model.vocabulary.get(w)) is not None}
        assert model.word_indices(segments) == want
        assert model.word_indices(segments) == want  # from the lines kept
