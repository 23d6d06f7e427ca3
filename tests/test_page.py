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


# -- a copy never goes with its original (#23) ----------------------------------------

_PARAS = [
    "The council met on Monday and agreed to the plan for the new park in the middle of "
    "town after a long debate that ran late.",
    "Work on the park starts in May, and the first trees will be planted by the end of June, "
    "the mayor said on Friday at the hall.",
    "The mayor said the park would be open to everyone by the end of next year, weather "
    "permitting, and free of charge for all.",
    "Residents who live near the site have asked for a playground and a small pond for the "
    "ducks that live there now and then.",
    "A second meeting in the autumn will decide how the paths are laid out and where the "
    "benches and the lights will stand.",
]
_HEADINGS = [
    "Why The Council Finally Wanted A New Park In Town",
    "What Happens Next With The Plan For The New Park",
]
#: A table of contents among the menus before the body (CL402 takes it) whose
#: entries are the body's headings (CL404 took those as repeats of the entries).
_TOC_PAGE = "\n".join(
    [
        *["Home", "News", "Sport", "Weather", "About us", "Share on Facebook", "Share on X"],
        *["Park Plan Approved By The Council", "Our short guide to the plan, read on."],
        *["Table of Contents", *_HEADINGS, "Latest Stories", "Another Park Opens Downtown"],
        *[_PARAS[0], _HEADINGS[0], _PARAS[1], _PARAS[2], _HEADINGS[1], *_PARAS[3:]],
        *["© 2024 Example News", "Privacy Policy", "Terms of Use"],
    ]
)


def _orphans(result: cleaner.Result) -> list[str]:
    """Lines removed as repeats of a line that is removed too."""
    kept = {v.index for v in result.verdicts if v.kept}
    return [
        result.segments[v.index].text
        for v in result.verdicts
        if v.repeat is not None and not v.repeat.holds(kept)
    ]


def test_a_repeat_is_not_removed_with_the_line_it_repeats():
    """#23 (wcxb-dev 0006): CL404 took each body heading as a "repeat of line 11", then
    CL402 took line 11 (a table-of-contents entry) as navigation: both copies went.
    A repeat stands only while the line it repeats stays. (The page passes alone:
    with the head passes, CL206 takes the entries for the title, see below.)"""
    result = cleaner.analyze(_TOC_PAGE, select=["CL1", "CL4"])
    body = result.text.split("\n\n")
    for heading in _HEADINGS:
        assert heading in body
    assert _orphans(result) == []
    assert not any(r.reason.startswith("repeat of line") for r in result.removed)


def test_a_repeat_comes_back_when_a_later_round_removes_its_original():
    """The rule holds across rounds: when the second round removes a line the first
    round kept while removing its copies, its first copy comes back in its place,
    and the other copy repeats that one (its reason names it)."""
    from cleaner.config import Config
    from cleaner.model import Repeat, Result, Verdict
    from cleaner.normalize import segment
    from cleaner.pipeline import _merge

    line = "An original line of eight words or more here"
    segments = segment(f"{line}\nOther\n{line}\n{line}")

    def copy():
        return Repeat("repeat of line {lines}", (0,), (1,), exact=True)

    first = Result(
        "x",
        segments,
        (
            Verdict(0),
            Verdict(1),
            Verdict(2, False, "CL404", "duplicate-text", "repeat of line 1", copy()),
            Verdict(3, False, "CL404", "duplicate-text", "repeat of line 1", copy()),
        ),
    )
    kept = list(segments[:2])
    second = Result("y", tuple(kept), (Verdict(0, False, "CL402", "outside-body", "n"), Verdict(1)))
    merged, back = _merge(first, kept, second, Config())
    assert back and [v.kept for v in merged.verdicts] == [False, True, True, False]
    assert merged.verdicts[3].reason == "repeat of line 3" and merged.verdicts[3].repeats == (2,)


def test_a_table_of_contents_is_not_taken_for_the_title():
    """#23: CL206 took the first contents entry for the title (it is said twice on the
    page, the real title once) and the body's heading as "repeat of the title"; later
    rounds took the next entries. One title per page, and the sections keep their
    headings."""
    result = cleaner.analyze(_TOC_PAGE)
    assert result.title == "Park Plan Approved By The Council"
    assert [r.text for r in result.removed if r.code == "CL206"] == [result.title]
    body = result.text.split("\n\n")
    for heading in _HEADINGS:
        assert heading in body
    assert _orphans(result) == []


def test_a_table_of_dated_figures_is_kept():
    """Rows of a table whose bars the extractor dropped ("1/1/2019 +4.2%") are
    data, neither a date line (CL202) nor a breadcrumb (CL205), #23; a date
    alone is still a date line."""
    from cleaner.passes.head import date_line

    rows = [f"{m}/1/2019 {'+' if m % 3 else '-'}{m + 2}.{m % 10}%" for m in range(1, 13)]
    result = cleaner.analyze(_page([], ["Monthly change in visits, 2019:", *rows]))
    removed = [
        (v.code, s.text)
        for s, v in zip(result.segments, result.verdicts, strict=True)
        if not v.kept
    ]
    assert all(row in result.text.splitlines() for row in rows), removed
    assert date_line("4/1/2019") == "2019-01-04"
