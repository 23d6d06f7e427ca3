"""Property tests: the guarantees hold for any text, not just the fixtures.

CI runs these with the "ci" hypothesis profile (tests/conftest.py): a fixed
seed (derandomize) and 500 examples each.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner import pipeline
from cleaner.config import bullet_ok
from cleaner.normalize import INVISIBLE, segment
from cleaner.phrases import tables
from cleaner.pipeline import run_segments
from cleaner.registry import all_passes
from cleaner.textstats import is_bullet

CODES = {p.code for p in all_passes()}

_FURNITURE = sorted(
    {
        phrase
        for table in tables().values()
        for kind in ("lines", "prefixes")
        for lang in (table.get(kind) or {}).values()
        for phrase in lang
    }
)
_PROSE = [
    "The council voted on Tuesday to build a floating solar farm on the northern basin of the port.",
    "Officials said the work would start in the autumn and take about eighteen months to finish.",
    "“This is the most sensible use of water we cannot dredge,” the deputy mayor told reporters.",
    "Der Stadtrat hat am Dienstag beschlossen, im nördlichen Becken eine schwimmende Solaranlage zu bauen.",
    "Le conseil municipal a voté mardi la construction d'une centrale solaire flottante dans le port.",
    "El ayuntamiento aprobó el martes la construcción de un parque solar flotante en el puerto.",
]
_HEAD = [
    "International",
    "Harbour City Approves Floating Solar Farm After Long Debate",
    "1, March, 2024",
    "date 2024-01-13 Example Morning Post",
    "By Jane Doe",
    "Jane Doe",
    "Jane Doein Lisbon",
    "HomeWorldHarbour City Approves Floating Solar Farm",
    "Port officials at the harbour. Photo: Reuters",
    "• Talks held at the town hall on Tuesday",
    "Getting your Trinity Audio player ready...",
    "The night market is coming back with...",
]

line = st.one_of(
    st.sampled_from(_FURNITURE),
    st.sampled_from(_FURNITURE).map(lambda p: f"{p.title()} | Some Other Headline Here"),
    st.sampled_from(_PROSE),
    st.sampled_from(_HEAD),
    st.text(max_size=60),
)
article = st.lists(
    st.tuples(line, st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n", " \n"])), max_size=30
).map(lambda parts: "".join(a + b for a, b in parts))
any_text = st.one_of(st.text(), article)


def _lines(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln]


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


@given(any_text)
def test_never_raises_and_returns_text(text):
    result = cleaner.analyze(text)
    assert isinstance(result.text, str)
    assert len(result.verdicts) == len(result.segments)


@given(any_text)
def test_idempotent(text):
    once = cleaner.clean(text)
    assert cleaner.clean(once) == once


@given(any_text)
def test_a_repeat_never_goes_with_the_line_it_repeats(text):
    """#23: a line removed as a repeat (``Verdict.repeat``) stays removed only while
    the lines it repeats are kept, across passes and rounds."""
    result = cleaner.analyze(text)
    kept = {v.index for v in result.verdicts if v.kept}
    assert not [v for v in result.verdicts if v.repeat is not None and not v.repeat.holds(kept)]


#: Every value ``bullet`` accepts (#23): empty, or punctuation, symbols and digits.
_BULLETS = st.one_of(
    st.sampled_from(["", "-", "*", "•", "–", "1.", ">>", "·", "→"]),
    st.text(st.characters(categories=("P", "S", "N")), min_size=1, max_size=4).filter(bullet_ok),
)
_LISTS = st.lists(
    st.tuples(
        st.sampled_from(["• ", "● ", "*", "▪ ", "- ", "", "1. "]),
        st.sampled_from(["apples", "Pears and plums", "é", "x"]),
    ),
    min_size=1,
    max_size=6,
).map(lambda items: "\n".join(g + t for g, t in items))


@given(st.one_of(any_text, _LISTS), _BULLETS, st.booleans(), st.booleans())
def test_idempotent_with_every_accepted_bullet(text, bullet, fix, straight):
    """#23: ``bullet="- "`` was accepted and not idempotent; every accepted value is."""
    config = cleaner.Config(bullet=bullet, fix_unicode=fix, straighten_quotes=straight)
    once = cleaner.clean(text, config=config)
    assert cleaner.clean(once, config=config) == once


@given(any_text)
def test_output_lines_come_from_normalized_input_in_order(text):
    out = _lines(cleaner.clean(text))
    assert _is_subsequence(out, _lines(cleaner.normalize(text)))


@given(any_text)
def test_normalization_invariants(text):
    out = cleaner.clean(text)
    if not out:
        return
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert unicodedata.is_normalized("NFC", out)
    assert "\n\n\n" not in out
    for para in out[:-1].split("\n\n"):
        assert para, "paragraphs are separated by exactly one blank line"
        lines = para.split("\n")
        if len(lines) > 1:
            assert all(is_bullet(ln) for ln in lines), "only list items share a paragraph"
        for ln in lines:
            _check_line(ln)


def _check_line(ln: str) -> None:
    assert ln
    assert ln == ln.strip()
    assert "  " not in ln
    assert not any(ch in INVISIBLE for ch in ln)
    assert not any(unicodedata.category(ch) == "Cc" for ch in ln)


@given(any_text)
def test_every_removed_segment_has_a_registered_code_and_reason(text):
    result = cleaner.analyze(text)
    for verdict in result.verdicts:
        if not verdict.kept:
            assert verdict.code in CODES
            assert verdict.reason and verdict.name
    assert len(result.removed) == result.changed_lines


@given(article)
def test_keep_mode_keeps_the_same_lines(text):
    """The layout option does not change what the passes decide on a text. (Later
    rounds re-read the output in its layout, as a second clean would: the blank
    lines are part of what the body model sees, so only the first round is compared.)"""
    lines = cleaner.Config()
    keep = cleaner.Config(paragraphs="keep")
    first = run_segments(segment(cleaner.normalize(text, lines)), lines)
    again = run_segments(segment(cleaner.normalize(text, keep)), keep)
    assert [v.kept for v in again.verdicts] == [v.kept for v in first.verdicts]
    assert [ln for ln in again.text.split("\n") if ln] == _lines(first.text)


@given(any_text)
def test_explanation_replays_to_the_output(text):
    """Dropping exactly the reported line numbers from normalize(text) gives the output."""
    from cleaner.normalize import render, segment

    result = cleaner.analyze(text)
    dropped = {r.line_no for r in result.removed}
    segments = segment(cleaner.normalize(text))
    assert (
        render((s for s in segments if s.line_no not in dropped), cleaner.Config()) == result.text
    )


#: A page that took sixteen rounds to settle (see the cases below).
CHAIN = " = '(a+)+b';</script>\n\n&lt;b&gt;Bold&lt;/b&gt; &#8217; &Veröffentlicht am 3. > World > As)a\n\n\udcedHomeWorldUS Secretary of State A\\<div class='ad'>Advertisement</div>\n\n<script>var a = '(a+)+b';</script>\n\n&lt3T09:30:00Z\n\n13 d e neerode 2024\n\nVeröffentlic\n13 de enero de 2024\n\nVeröffentlicht  .m3a Mäline02\x01\x00\x00\x003\n\n31/02/2024\n\n99.99.9999\n\nJan. 5, ht am 3. März 2023\n\n31/02/2024\n\n99.99.9999\n\nJan. 5, 202+)+b';</script>\n\n&lt;b&gt;Bold&lt;/b&gt; &#1420; &Veary of State Antony Blinken Advocates for HomeWorldUS Secretary of State A\\<div class='ad'>Advertisement</div>\n\n<script>var a = '(a+)+b';</script>\n\n&lt3T09:30:00Z\n\n13 d e neerode 2024\n\nVeröffentlic\n13 de enero de 2024\n\nVeröffentlicht am 3. März 202\x01\x00\x00\x003\n\n31/02/2024\n\n99.99.9999\n\nJan. 5, hStability\n\n中\udce5\udc9by. Photo: Reuters2023\n\n31/02/2024\n\n99.99.9999\n\nJan. 5, 202+)+b';</script>\n\n&lt;b&gt;Bold&lt;/b&gt; &#8217; &Veary of\udcffStat\udc82和各方的反应。"


@pytest.mark.parametrize(
    ("text", "options"),
    [
        # ftfy finds new mojibake once a tab is folded into a space
        ("x â€\ty", {}),
        # a title-like line left after the title (found by fuzz/fuzz_clean.py)
        (
            "Khuo Razdanin fentli\n\n<p>+he taportance of\x0c\x0c\x0c\x0c\x0c\x0c\x0c\x0c\x0c\udcf4\udcee\x0c\x0c\x0c\x0c\x0c\x0c\x0c\x0c\x0c\x0c\x0cl1s &amp; th<cht am 3. M\udcc3zr2\udca4 023\n\n31/02/20\udcc9\udccb?\n\n9n/ emen\tt</di",
            {"min_body_words": 1, "html": False},
        ),
        # the last line repaired differently by ftfy once cleaning gave it a line break
        ("\udcff\udcff\udcff\udcff\x0eB@;;\u0410", {"ignore": ("CL2", "CL3")}),
        # the body's first line ended in "。": a title next time, in a bare text (CL206)
        (
            "HomeWorldUS Secretary of State Antony Blinken Advocates for Stability\n\n中国外交官与布林肯会面讨论台湾问题。这是一个很\udce9 for Stability\n\n中国外交官与布林肯会面讨论台湾问题。这是一个很长的段落，讲述了会谈的\udce7\udcbbS31/02/2024\n\n99.99.9999\n\nJan. 5, 2024 10:30 AM\n\nBy Jane Doe and John Roe\n\nKhushboo Razdan\nKhushboo Ra\udc86节和各方的反应。\n\nوقال الوزير يوم الجمعة إن المحادثات الطويلة ف\udcd9\udcff\udcff\udcff\udcff\udcff\udc8a جنيف سارت على ما يرام.\n\nאמר השר ביום שישי כי השיחות הארוכות בז'נבה עברו בהצלחה.\n\n東京で会談が行われました。両国の\udc95\udcbf的段落，讲述了会谈的细节和各方的反\udce5zdanin Washi\r<p>The talkngton\n\nVon Max Mustermas &amp; the nn | ddepaa\udcba\udc94。\n\nوقال الوزير يوم الجمعة إن المحادثات الطويلة في جنيف سارت على ما يرام.\n\nאמר השר ביום שl</p>ישי כי השיחות הארוכות בז'",
            {
                "remove_patterns": ("(a+)+$", "Sponsored by .*", "(?:x|xx)+y"),
                "pattern_timeout": 0.05,
            },
        ),
        # each line the body model gave up made the page smaller and the next
        # copy of a repeated line fall under its keep threshold: eight rounds
        # did not settle it (fuzz/fuzz_clean.py, seed 1)
        (CHAIN, {"min_body_words": 1, "html": False}),
    ],
)
def test_fuzz_finds_stay_idempotent(text, options):
    once = cleaner.clean(text, **options)
    assert cleaner.clean(once, **options) == once


def test_rounds_stop_within_their_budget_and_say_so(monkeypatch):
    """Rounds read at most ``WORK_FACTOR`` times the input's lines; a text that
    has not settled by then says that cleaning it again may remove more."""
    rounds = []
    one_round = pipeline._run_segments
    monkeypatch.setattr(
        pipeline, "_run_segments", lambda *a, **k: rounds.append(1) or one_round(*a, **k)
    )
    config = cleaner.Config(min_body_words=1, html=False)
    # the Python pipeline's rounds (the engine's: src/pipeline.rs, WORK_FACTOR)
    settled = pipeline.run_python(CHAIN, config)
    assert len(rounds) > 8 and "settle" not in settled.meta.get("warning", "")
    rounds.clear()
    monkeypatch.setattr(pipeline, "WORK_FACTOR", 2)
    cut = pipeline.run_python(CHAIN, config)
    assert len(rounds) == 3  # the first, then two more of at most the input's lines each
    assert "did not settle within 2 times" in cut.meta["warning"]
