"""CL3xx: heuristics for the tail of an article and for teaser blocks.

A teaser heading ("Latest articles", "More like this", removed by CL102) is
followed by teasers: a headline, often a one-line summary trailing off with
"...". When no paragraph of prose follows and most lines after the heading look
like teasers (headlines of 4-25 words, or summaries ending in "..."; most by
count and by words), the block runs to the end of the page and the teasers and
short lines after the heading go; inside the body, only the run of teaser lines
right after the heading goes. Evidence in proportion to the words at stake: a
block takes teasers, never a line longer than a teaser that is not one (a
one-line article after a "Most Popular" cell stays), and a heading with no prose
before it (at the top of a text, where menus and cells read as headings) takes
nothing after it. The pass is linear in the number of lines.
"""

from __future__ import annotations

import regex

from ..catalogue import page_pass
from ..model import Outcome, Page, Segment
from ..textstats import MAX_SHORT_LINE, ends_ellipsis, ends_sentence, is_prose, word_count

TEASER_HEADING_CODES = ("CL101", "CL102")


#: A question this short after a teaser heading is a headline ("Who will win in 2020?").
MAX_QUESTION_HEADLINE = 12
#: The longest teaser (in words) that is not a summary ending in "...": a
#: block never takes a longer line that is not one.
MAX_TEASER_WORDS = 25


def _is_question_headline(text: str) -> bool:
    return text.endswith("?") and word_count(text) <= MAX_QUESTION_HEADLINE


def _is_headline(seg: Segment) -> bool:
    n = word_count(seg.text)
    return 4 <= n <= MAX_TEASER_WORDS and (
        not ends_sentence(seg.text) or _is_question_headline(seg.text)
    )


def _is_teaser(seg: Segment) -> bool:
    return (
        ends_ellipsis(seg.text)
        or _is_question_headline(seg.text)
        or (word_count(seg.text) <= MAX_TEASER_WORDS and not is_prose(seg.text, 8))
    )


@page_pass("CL301", "teaser-block", order=310)
def teaser_block(page: Page) -> Outcome:
    """Teasers (headline + "..." summary) after a teaser heading; to the end when no prose follows.

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("The talks ended on Friday without a deal, officials from both sides said.\\n"
    ...     "Latest articles\\nWhatsApp Unveils Pop-Out Chat\\nWhatsApp is set to change the way...")
    >>> from cleaner.pipeline import run
    >>> [(r.code, r.text[:8]) for r in run(p.segments and "\\n".join(s.text for s in p.segments), p.config).removed]
    [('CL102', 'Latest a'), ('CL301', 'WhatsApp'), ('CL301', 'WhatsApp')]
    """
    if "CL102" not in page.removed.values():
        return Outcome()  # no teaser heading: nothing to look after
    kept = page.kept()
    n = len(kept)
    # Suffix tables over the kept lines, so each heading costs O(1) to judge
    # and the whole pass stays linear however many headings a page has.
    prose_after = [0] * (n + 1)
    teasers_after = [0] * (n + 1)
    words_after = [0] * (n + 1)
    teaser_words_after = [0] * (n + 1)
    run_from = [0] * (n + 1)
    for pos in range(n - 1, -1, -1):
        seg = kept[pos]
        text = seg.text
        words = word_count(text)
        prose = is_prose(text, 8) and not ends_ellipsis(text) and not _is_question_headline(text)
        prose_after[pos] = prose_after[pos + 1] + prose
        teaser = ends_ellipsis(text) or _is_headline(seg)
        teasers_after[pos] = teasers_after[pos + 1] + teaser
        words_after[pos] = words_after[pos + 1] + words
        teaser_words_after[pos] = teaser_words_after[pos + 1] + (words if teaser else 0)
        run_from[pos] = run_from[pos + 1] + 1 if _is_teaser(seg) else 0
    removed: dict[int, str] = {}
    pos = 0
    prose_before = False  # whether a kept line of prose comes before the heading
    taken_to = 0  # the kept lines before this one are in a run a heading took already
    for seg in page.segments:
        if page.removed.get(seg.index) != "CL102":
            continue
        while pos < n and kept[pos].index < seg.index:
            prose_before = prose_before or is_prose(kept[pos].text, 8)
            pos += 1
        if not prose_before:
            continue  # at the top of a text: a cell or a menu item, not a block's heading
        after = n - pos
        reason = f"teaser block after heading {seg.text!r}"
        if (
            not prose_after[pos]
            and after
            and teasers_after[pos] >= 0.7 * after
            and teaser_words_after[pos] >= 0.7 * words_after[pos]
        ):
            for s in kept[pos:]:
                if _is_teaser(s) or word_count(s.text) <= MAX_TEASER_WORDS:
                    removed.setdefault(s.index, reason)
            break
        if run_from[pos] >= 2:
            # the lines an earlier heading's run took keep its reason: each kept
            # line is visited once, however many headings share one run
            end = pos + run_from[pos]
            for s in kept[max(pos, taken_to) : end]:
                removed.setdefault(s.index, reason)
            taken_to = max(taken_to, end)
    return Outcome.of(removed)


# -- the company's standard paragraph at the end of a press release -------------

_ORG = r"\p{Lu}[\p{L}\p{N}&.'’-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}&.'’-]*|&|de|of|und|et|y)){0,4}"
#: "About Acme" (and its translations) heading the company's paragraph.
_ABOUT_RE = regex.compile(
    rf"^(?:about|über|à propos d[e']\s?|a propos d[e']\s?|acerca de|sobre|informazioni su|over)\s*"
    rf"(?P<org>{_ORG})\s*:?$",
    regex.IGNORECASE,
)
#: "Acme is a global provider of ...", "Acme Inc. is headquartered in ...".
_PROFILE_RE = regex.compile(
    rf"^(?P<org>{_ORG})(?:,[^,]{{1,60}},)?\s+(?:is|are|ist|est|es|é|è|is een)\s+"
    r"(?:a|an|the|one of|headquartered|based|ein|eine|einer|un|une|una|uma|een|l[ae']|el)\b"
)
#: A press release's opening: "Acme, a provider of X, (today) announced ...".
_RELEASE_LEDE_RE = regex.compile(
    rf"(?P<org>{_ORG}),\s+(?:a|an|the)\s[^,]{{3,160}},\s+(?:today\s+|has\s+|have\s+)?"
    r"(?:announced|announces|launched|launches|introduced|introduces|unveiled|unveils|"
    r"released|releases|signed|signs|reported|reports)\b"
)
#: How many lines the company's section at the end may have.
MAX_PROFILE_LINES = 5


def _same_org(a: str, b: str) -> bool:
    return a.split()[0].casefold().rstrip(".,") == b.split()[0].casefold().rstrip(".,")


@page_pass("CL302", "company-profile", order=320)
def company_profile(page: Page) -> Outcome:
    """The company's standard paragraph closing a press release ("About Acme" and
    "Acme is a global provider of ..."), when the release opened by naming the
    company the same way ("Acme, a provider of X, announced ...") or the
    section has its "About" heading.

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Acme, a maker of garden tools, today announced a new solar mower.\\n"
    ...     "The mower cuts for three hours on a charge and will cost 400 euros, the company said.\\n"
    ...     "Acme is a family company founded in 1921 and employs 300 people in Ulm.")
    >>> dict(company_profile(p).removed)
    {2: 'company profile closing a press release'}
    >>> p = page_from_text("The mayor opened the new bridge on Friday after two years of work.\\n"
    ...     "Acme is a family company founded in 1921 that built the steel frame.")
    >>> dict(company_profile(p).removed)
    {}
    """
    kept = page.kept()
    if len(kept) < 3:
        return Outcome()
    tail = kept[-MAX_PROFILE_LINES:]
    lede = next((s for s in kept[:3] if is_prose(s.text, 8)), None)
    start = None
    for pos, seg in enumerate(tail):
        text = seg.text
        if len(text) > MAX_SHORT_LINE:
            continue
        about = _ABOUT_RE.match(text) if word_count(text) <= 6 else None
        if about and pos + 1 < len(tail):
            profile = _PROFILE_RE.match(tail[pos + 1].text)
            if profile and _same_org(about.group("org"), profile.group("org")):
                start = pos
                break
        profile = _PROFILE_RE.match(text)
        if profile and lede is not None and seg.index > lede.index:
            found = _RELEASE_LEDE_RE.search(lede.text[:MAX_SHORT_LINE])
            if found and _same_org(found.group("org"), profile.group("org")):
                start = pos
                break
    if start is None:
        return Outcome()
    return Outcome.of({s.index: "company profile closing a press release" for s in tail[start:]})
