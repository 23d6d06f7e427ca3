"""Residual furniture (CL5xx): positive and negative cases per rule."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.passes.residual import contact_line, contributor_credit, link_line, pitch

BODY = (
    "The regional rail operator will add four late trains on weekdays from May, "
    "its director said on Monday."
)


@pytest.mark.parametrize(
    ("func", "line"),
    [
        (
            contributor_credit,
            "Associated Press writers Jane Doe and John Roe contributed to this report.",
        ),
        (contributor_credit, "Keith Example contributed reporting from Hong Kong."),
        (contributor_credit, "Mit Material von dpa"),
        (contact_line, "Have a tip? Jane Doe may be reached at jdoe@example.com."),
        (contact_line, "Write to Jane Doe at jane.doe@example.com"),
        (link_line, "Download: https://example.org/ep12"),
        (
            pitch,
            "Follow The Example Times Opinion section on Facebook, Twitter (@ex) and Instagram.",
        ),
        (pitch, "If you enjoyed this article, and were stimulated by its contents, join us."),
        (pitch, "This copy is for your personal, non-commercial use only."),
        (pitch, "Click here to subscribe to The Example Newsletter"),
        (pitch, "Folgen Sie der Beispielzeitung auf Facebook und Instagram."),
        (pitch, "Suivez Exemple sur Twitter"),
        (pitch, "Tell us what YOU think..."),
    ],
)
def test_removes(func, line):
    assert func(line) is not None
    # the pass in the pipeline (the body model, which may overrule it, aside)
    assert cleaner.clean(f"{BODY}\n\n{line}", ignore=["CL601"]) == BODY + "\n"


@pytest.mark.parametrize(
    "line",
    [
        "The reporters who contributed to the investigation were honoured in June at a ceremony.",
        "She can be reached at the end of a long mountain road, two hours from the town.",
        "The full report is published at https://example.org/report, the ministry said.",
        "https://example.org/sources/original-study.pdf",
        "He said the agency would follow the case on Twitter, where the judge posts rulings daily.",
        "Readers who subscribe to the newsletter get the crossword a day early, the editor said.",
        "Thank you for the flowers, she wrote in a letter that the family later shared.",
    ],
)
def test_keeps_body_text(line):
    assert cleaner.clean(f"{BODY}\n\n{line}") == f"{BODY}\n\n{line}\n"


def test_known_title_only_at_the_top():
    from cleaner.config import Config
    from cleaner.normalize import normalize, segment
    from cleaner.pipeline import run_segments

    text = f"Harbour Bridge Reopens | The Gazette\n\n{BODY}\n\n{BODY}\n\n{BODY}\n\nHarbour Bridge Reopens"
    segments = segment(normalize(text))
    result = run_segments(
        segments, Config(select=("CL5",)), known={"title": "Harbour Bridge Reopens"}
    )
    assert [(r.code, r.line_no) for r in result.removed] == [("CL501", 1)]
    assert result.title == "Harbour Bridge Reopens"
