"""Line-pass screens: a screen never hides a line its pass would remove.

A line pass may declare ``screen=`` (cleaner/catalogue.py); the pipeline calls
the pass only on lines the screen lets through. These tests hold every
screened pass to that, on every fixture line, on generated lines built from
the words the passes look for, and (when ../shared is present) on every line
of the aeb-dev pages; and they check that the pipeline's output with screens
is the output without them.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import pipeline
from cleaner.config import Config
from cleaner.registry import all_passes

from .conftest import AEB, FIXTURES, aeb_rows, phrase_entries

SCREENED = [p for p in all_passes() if p.kind == "line" and p.screen is not None]


def fixture_lines() -> list[str]:
    lines = []
    for path in sorted(FIXTURES.glob("*/*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def phrase_lines() -> list[str]:
    """Every phrase of phrases.toml, alone and followed by more text."""
    return [line for p in phrase_entries() for line in (p, f"{p}: Talks resume in Geneva")]


def aeb_lines() -> list[str]:
    return [
        line.strip()
        for row in aeb_rows()
        for field in ("page_text", "gold")
        for line in row[field].splitlines()
        if line.strip()
    ]


#: Lines the pattern-driven passes remove, in the forms the screens must see.
KNOWN = [
    "Photo: Reuters",
    "(AFP)",
    "Photo by Jane Doe/Getty Images",
    "Smoke rises over the city. (AP Photo/Jane Doe)",
    "Blinken meets Liu at the State Department on Friday. Photo: Reuters",
    "Rain in Rome. Image © Ann Li",
    "Home » News » Politics",
    "News / World / Asia",
    "HomeWorldUS Secretary of State Antony Blinken Advocates for Stability",
    "StartseitePolitikDie Lage in Nahost",
    "© 2024 Example Media Ltd. All rights reserved.",
    "Getting your Trinity Audio player ready...",
    "Listen to this article 5 min",
    "We use cookies to improve your experience on our site. Accept all cookies",
    "Sign up for our free daily newsletter and get the news in your inbox",
    "Additional reporting by Jane Doe in Berlin",
    "Have a tip? Jane Doe may be reached at jdoe@example.com.",
    "iTunes: https://example.com/podcast/615",
    "Follow The Daily on Facebook for more stories",
]


def test_the_furniture_and_caption_passes_are_screened() -> None:
    codes = {p.code for p in SCREENED}
    assert {"CL101", "CL115", "CL204", "CL205", "CL505"} <= codes


@pytest.mark.parametrize("info", SCREENED, ids=lambda p: p.code)
def test_a_screen_lets_through_every_line_its_pass_removes(info) -> None:
    lines = fixture_lines() + phrase_lines() + KNOWN
    removed = [line for line in lines if info.func(line)]
    assert removed, "no line of the corpus exercises this pass"
    for line in removed:
        assert info.screen(line), (info.code, line)


def test_screens_hold_on_the_real_pages() -> None:
    lines = aeb_lines()
    if not lines:
        pytest.skip(f"real-world pages not available ({AEB} is absent)")
    for info in SCREENED:
        for line in lines:
            if not info.screen(line):
                assert info.func(line) is None, (info.code, line)


WORDS = [
    "Home",
    "News",
    "»",
    ">",
    "/",
    "|",
    ":",
    "(",
    ")",
    "©",
    "by",
    "BY",
    "Photo",
    "Reuters",
    "AP",
    "Getty Images",
    "Read",
    "also",
    "Read Also",
    "More",
    "like this",
    "Related",
    "Articles",
    "Share",
    "Facebook",
    "Subscribe",
    "newsletter",
    "cookies",
    "we use cookies",
    "Advertisement",
    "Back to top",
    "Listen",
    "min",
    "read",
    "2024",
    "Comments",
    "The",
    "council",
    "met",
    ".",
    ",",
    "Copyright",
    "All rights reserved",
    "http://x.y",
]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_screens_hold_on_generated_lines(words: list[str]) -> None:
    for sep in (" ", ""):
        line = sep.join(words).strip()
        for info in SCREENED:
            if not info.screen(line):
                assert info.func(line) is None, (info.code, line)


def test_the_pipeline_gives_the_same_result_without_screens(monkeypatch) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/input.txt"))]
    texts += ["\n".join(phrase_lines()[:400])]
    assert len(texts) > 5
    config = Config()
    with_screens = [pipeline.run(t, config) for t in texts]
    unscreened = tuple(
        dataclasses.replace(p, screen=None) for p in pipeline._enabled_passes(config)
    )
    monkeypatch.setattr(pipeline, "_enabled_passes", lambda config: unscreened)
    for text, want in zip(texts, with_screens, strict=True):
        got = pipeline.run(text, config)
        assert (got.text, got.verdicts) == (want.text, want.verdicts)
