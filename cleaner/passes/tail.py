"""CL3xx: heuristics for the tail of an article and for teaser blocks.

A teaser heading ("Latest articles", "More like this", removed by CL102) is
followed by teasers: a headline, often a one-line summary trailing off with
"...". When no paragraph of prose follows and most lines after the heading look
like teasers (headlines of 4-25 words, or summaries ending in "..."), the
block runs to the end of the page and everything after the heading goes; inside the body, only the run of
teaser lines right after the heading goes.
"""

from __future__ import annotations

from ..model import Outcome, Page, Segment
from ..registry import page_pass
from ..textstats import ends_ellipsis, ends_sentence, is_prose, word_count

TEASER_HEADING_CODES = ("CL101", "CL102")


#: A question this short after a teaser heading is a headline ("Who will win in 2020?").
MAX_QUESTION_HEADLINE = 12


def _is_question_headline(text: str) -> bool:
    return text.endswith("?") and word_count(text) <= MAX_QUESTION_HEADLINE


def _is_headline(seg: Segment) -> bool:
    n = word_count(seg.text)
    return 4 <= n <= 25 and (not ends_sentence(seg.text) or _is_question_headline(seg.text))


def _is_teaser(seg: Segment) -> bool:
    return (
        ends_ellipsis(seg.text)
        or _is_question_headline(seg.text)
        or (word_count(seg.text) <= 25 and not is_prose(seg.text, 8))
    )


@page_pass("CL301", "teaser-block", order=310)
def teaser_block(page: Page) -> Outcome:
    """Teasers (headline + "..." summary) after a teaser heading; to the end when no prose follows.

    >>> p = Page.from_text("The talks ended on Friday without a deal, officials from both sides said.\\n"
    ...     "Latest articles\\nWhatsApp Unveils Pop-Out Chat\\nWhatsApp is set to change the way...")
    >>> from cleaner.pipeline import run
    >>> [(r.code, r.text[:8]) for r in run(p.segments and "\\n".join(s.text for s in p.segments), p.config).removed]
    [('CL102', 'Latest a'), ('CL301', 'WhatsApp'), ('CL301', 'WhatsApp')]
    """
    removed: dict[int, str] = {}
    for seg in page.segments:
        code = page.removed.get(seg.index)
        if code != "CL102" or seg.index in removed:
            continue
        after = list(page.kept_after(seg.index))
        prose_left = [
            s
            for s in after
            if is_prose(s.text, 8)
            and not ends_ellipsis(s.text)
            and not _is_question_headline(s.text)
        ]
        heading = seg.text
        teasers = [s for s in after if ends_ellipsis(s.text) or _is_headline(s)]
        if not prose_left and after and len(teasers) >= 0.7 * len(after):
            for s in after:
                removed[s.index] = f"teaser block after heading {heading!r}"
            break
        run = []
        for s in after:
            if not _is_teaser(s):
                break
            run.append(s)
        if len(run) >= 2:
            for s in run:
                removed[s.index] = f"teaser block after heading {heading!r}"
    return Outcome.of(removed)
