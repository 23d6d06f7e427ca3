"""CL4xx page passes: the article body of a whole page, found from text alone."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.normalize import page_from_text
from cleaner.passes.page import context_free, densest_run, features, revise
from cleaner.stoplists import detect_language, stoplist_for

from .conftest import AEB, FIXTURES, aeb_rows

BODY = [
    "The city library will keep four of its study rooms open until midnight from next week, "
    "after students asked for a quiet place to work in the evening.",
    "The rooms will be staffed by two volunteers and a security guard, the library said in a "
    "statement on Monday, and anyone with a card can book one.",
    "Library director Maria Lopez said the trial would run until the end of June, and that the "
    "council would be asked to fund it for the whole year.",
]


def _page(head: list[str], tail: list[str]) -> str:
    return "\n".join([*head, *BODY, *tail]) + "\n"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Die Stadt will im Sommer prüfen, ob zusätzliche Wände nötig sind und wer sie zahlt.",
            "German",
        ),
        (
            "Le maire a indiqué que le marché serait ouvert six jours sur sept pendant tout l'été.",
            "French",
        ),
        (
            "La alcaldesa dijo que el tranvía es solo el primer paso de un plan para el centro.",
            "Spanish",
        ),
        (
            "The mayor said the market would be open six days a week for the whole of the summer.",
            "English",
        ),
    ],
)
def test_language_is_detected_by_stopword_overlap(text, language):
    assert detect_language(text.casefold().split()) == language


def test_unknown_text_falls_back_to_the_union_of_stoplists():
    language, stops = stoplist_for(["zzq", "xkcd"])
    assert language == "mixed"
    assert {"the", "und", "les", "los"} <= stops


def test_an_article_alone_comes_out_whole():
    text = "\n\n".join(["A short lede, in one line.", *BODY, "Pros", "Cons", "Verdict"]) + "\n"
    assert cleaner.clean(text) == text


def test_a_plain_title_on_an_article_alone_becomes_metadata():
    body = "\n\n".join([*BODY, "Pros", "Cons", "Verdict"]) + "\n"
    result = cleaner.analyze("Library Keeps Study Rooms Open Late\n\n" + body)
    assert result.text == body
    assert result.title == "Library Keeps Study Rooms Open Late"
    shouted = "LIBRARY KEEPS STUDY ROOMS OPEN LATE\n\n" + body
    assert cleaner.clean(shouted) == shouted


def test_navigation_before_and_footer_after_the_body_go():
    head = ["Home", "News", "Sports", "Business", "Share on Facebook", "Share on X"]
    tail = ["About Us", "Contact", "Privacy Policy", "© 2024 Riverside Post. All rights reserved."]
    result = cleaner.analyze(_page(head, tail))
    assert result.text.split("\n\n") == [*BODY[:-1], BODY[-1] + "\n"]
    codes = {r.text: r.code for r in result.removed}
    assert codes["About Us"] in {"CL401", "CL402"}


def test_comment_section_is_cut_with_a_reason():
    tail = [
        "Share on Facebook",
        "Share on X",
        "12 responses to “Library Opens Late-Night Study Rooms”",
        "jsmith88 says:",
        "This is a great idea, my daughter has been looking for a quiet place to study for months.",
    ]
    result = cleaner.analyze(_page(["Home", "News", "Sports"], tail))
    removed = {r.text: r for r in result.removed}
    comment = removed[tail[-1]]
    assert comment.code == "CL401"
    assert comment.reason.startswith("comment section after '12 responses to")


def test_duplicate_paragraphs_and_digests_go_but_the_first_copy_stays():
    digest = " ".join(BODY)
    text = "\n".join([*BODY, BODY[0], digest]) + "\n"
    result = cleaner.analyze(text, ignore=["CL601"])  # the pass, not the body model's say
    assert [r.code for r in result.removed] == ["CL404", "CL404"]
    assert result.text.split("\n\n")[:3] == [*BODY[:2], BODY[2] + "\n"]


def test_kadane_and_revision_are_the_textbook_ones():
    assert densest_run([-1.0, 5.0, -2.0, 4.0, -9.0, 3.0]) == (1, 4)
    assert densest_run([-1.0, -2.0]) == (0, 0)
    assert revise(["good", "short", "near", "good"]) == ["good"] * 4
    assert revise(["bad", "short", "bad"]) == ["bad"] * 3


def test_features_mark_menus_as_bad_and_prose_as_good():
    f = features(page_from_text("\n".join(["Sports And Weather", *BODY])).segments)
    classes = [context_free(line, f.use_density) for line in f.lines]
    assert classes == ["bad", "good", "good", "good"]


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.glob("page-*")))
def test_page_fixtures_are_idempotent(case):
    once = cleaner.clean((FIXTURES / case / "input.txt").read_text(encoding="utf-8"))
    assert cleaner.clean(once) == once


@pytest.mark.skipif(
    not (AEB / "tasks.jsonl").is_file(),
    reason=f"benchmark data not found at {AEB} (it lives in ../shared, outside the repo)",
)
def test_benchmark_gold_texts_lose_no_paragraph_to_the_page_passes():
    """The gold bodies given alone: the CL4xx passes remove (almost) nothing."""
    rows = aeb_rows()
    lost = [
        (row["id"][:8], r.text[:40])
        for row in rows[:40]
        for r in cleaner.analyze(row["gold"]).removed
        if r.code.startswith("CL40")
    ]
    assert len(lost) <= 3, lost
