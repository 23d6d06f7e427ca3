"""CL5xx: residual furniture, what an extractor (trafilatura, newspaper,
readability) leaves in a body it has already extracted.

The extractor removed the page around the article, but kept the lines that sit
inside the article container: the title repeated at the top, contributor and
contact lines, bare links, membership and newsletter pitches, "follow us" lines,
tag lists. Each rule is narrow (whole-line patterns from the ``residual_*``
tables of ``cleaner/data/phrases.toml``, seven languages) so that body text is
not lost: a sentence that merely mentions a newsletter or a link stays.
"""

from __future__ import annotations

import regex

from ..catalogue import line_pass, page_pass
from ..model import Outcome, Page
from ..phrases import matcher
from ..phrases import screen as phrase_screen
from ..textstats import fold, word_count
from .head import strip_site_suffix

#: How many kept lines at the top of a body may repeat the known title.
TITLE_ZONE = 3
#: A line taken for the title may say this many words more than the title form
#: it matched (a site name, a section label), or as many as the form has, if more;
#: a longer line is body text that opens with the title (a one-line article).
TITLE_SLACK_WORDS = 6
_TITLE_SPLIT_RE = regex.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_TAG_HEADINGS = frozenset(
    "tags tagged topics keywords tags: schlagwörter schlagworte themen étiquettes mots-clés "
    "mots clés etiquetas temas tag argomenti etiquetas tags relacionadas trefwoorden".split()
)


def _hit(table: str, text: str, what: str) -> str | None:
    kind = matcher(table).match(text)
    return None if kind is None else f"{what} ({kind} match in phrase list {table!r})"


def title_forms(title: str) -> set[str]:
    """The folded forms a title takes in a body: whole, without the site name,
    and each part of a title split at `` | `` or `` - `` (three words or more).

    >>> sorted(title_forms("Opinion | Is Football Violence a Crime?"))
    ['is football violence a crime', 'opinion is football violence a crime']
    """
    forms = {fold(title), fold(strip_site_suffix(title))}
    forms.update(fold(p) for p in _TITLE_SPLIT_RE.split(title) if word_count(p) >= 3)
    return {f for f in forms if f}


@page_pass("CL501", "known-title", order=501)
def known_title(page: Page) -> Outcome:
    """The title (known from HTML metadata or found by CL206) repeated at the top.

    >>> from types import MappingProxyType
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Rain Falls on Paris - The Daily Site\\n\\nIt rained all day in Paris.")
    >>> p = Page(p.segments, p.removed, MappingProxyType({"title": "Rain Falls on Paris"}), p.config)
    >>> dict(known_title(p).removed)
    {0: 'repeat of the known title'}

    A title decides a short line: a line that opens with it and runs on is body text.

    >>> p = page_from_text("Rain Falls on Paris - " + "It rained all day in Paris and the river rose. " * 20)
    >>> p = Page(p.segments, p.removed, MappingProxyType({"title": "Rain Falls on Paris"}), p.config)
    >>> dict(known_title(p).removed)
    {}

    A repeat needs a text it repeats over: a text that is nothing but its title
    (a forum post whose title is the post) keeps it.

    >>> p = page_from_text("Rain Falls on Paris")
    >>> p = Page(p.segments, p.removed, MappingProxyType({"title": "Rain Falls on Paris"}), p.config)
    >>> dict(known_title(p).removed)
    {}
    """
    title = page.meta.get("title")
    if not title:
        return Outcome()
    forms = title_forms(title)
    removed = {}
    for seg in page.kept()[:TITLE_ZONE]:
        n = word_count(seg.text)
        if n < 2:
            continue
        if fold(seg.text) in forms:
            removed[seg.index] = "repeat of the known title"
            continue
        matched = title_forms(seg.text) & forms
        said = max((len(f.split()) for f in matched), default=0)
        if said and n - said <= max(TITLE_SLACK_WORDS, said):
            removed[seg.index] = "repeat of the known title"
    if removed and all(s.index in removed for s in page.kept() if word_count(s.text) >= 2):
        return Outcome()  # the title is the whole text, not a repeat over one
    return Outcome.of(removed)


@line_pass("CL502", "contributor-credit", order=502, screen=phrase_screen)
def contributor_credit(text: str) -> str | None:
    """A credit line: "Jane Doe contributed reporting from Hong Kong.", "With reporting by X".

    >>> contributor_credit("Jane Doe and John Roe contributed to this report.") is not None
    True
    >>> contributor_credit("With reporting by Jane Doe") is not None
    True
    >>> contributor_credit("She contributed reporting to three books before she turned to fiction, "
    ...     "and later wrote a novel about the years she spent at the paper in Hong Kong and Taipei "
    ...     "as a young woman with no money and many friends, most of whom were also reporters then.")
    """
    return _hit("residual_credit", text, "contributor credit")


@line_pass("CL503", "contact-line", order=503, screen=phrase_screen)
def contact_line(text: str) -> str | None:
    """How to reach the author: "Have a tip? Jane may be reached at jd@example.com."

    >>> contact_line("Have a tip? Jane Doe may be reached at jdoe@example.com.") is not None
    True
    >>> contact_line("Write to Jane Doe at jane.doe@example.com") is not None
    True
    >>> contact_line("The summit can be reached at dawn, the guide said.")
    """
    if "@" not in text and not text.casefold().startswith(("have a", "got a")):
        return None
    return _hit("residual_contact", text, "contact line")


@line_pass("CL504", "link-line", order=504, screen=phrase_screen)
def link_line(text: str) -> str | None:
    """A line that is only a labelled link: "Download: https://example.com/x".

    A bare link is kept: articles list their sources that way.

    >>> link_line("iTunes: https://example.com/podcast/615") is not None
    True
    >>> link_line("https://example.com/sources/report.pdf")
    >>> link_line("The full report is at https://example.com/report, the agency said.")
    """
    if "://" not in text:
        return None
    return _hit("residual_link", text, "bare link")


@line_pass("CL505", "pitch", order=505, screen=phrase_screen)
def pitch(text: str) -> str | None:
    """Membership, newsletter and follow-us pitches; calls to comment; reprint notices.

    >>> pitch("If you enjoyed this article, we have a proposition for you: join today.") is not None
    True
    >>> pitch("Follow the Example Times on Facebook, Twitter and Instagram.") is not None
    True
    >>> pitch("Sign up for The Morning Brief today to get the free daily newsletter.") is not None
    True
    >>> pitch("Tell us what you think...") is not None
    True
    >>> pitch("He said he would follow the case on Twitter, where the judge posts rulings.")
    """
    return _hit("residual_pitch", text, "pitch or call to action")


@page_pass("CL506", "tag-list", order=506)
def tag_list(page: Page) -> Outcome:
    """A "Tags" heading and the comma-separated list of tags after it.

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("The race ended in the rain.\\n\\nTags\\n\\nstock car, brasil, interlagos")
    >>> dict(tag_list(p).removed)
    {1: 'tag list', 2: 'tag list'}

    The heading may already be gone (a short label in the head, CL201):

    >>> from dataclasses import replace
    >>> dict(tag_list(replace(p, removed={1: "CL201"})).removed)
    {2: 'tag list'}
    """
    removed: dict[int, str] = {}
    segments = page.segments
    for pos, seg in enumerate(segments[:-1]):
        # the heading may already be gone (a short label in the head, CL201)
        if seg.text.casefold().rstrip(":") not in _TAG_HEADINGS:
            continue
        nxt = next((s for s in segments[pos + 1 : pos + 4] if s.index not in page.removed), None)
        if nxt is None:
            continue
        items = [i.strip() for i in nxt.text.split(",")]
        if len(items) >= 3 and all(1 <= word_count(i) <= 6 for i in items):
            if seg.index not in page.removed:
                removed[seg.index] = "tag list"
            removed[nxt.index] = "tag list"
    return Outcome.of(removed)


#: How many lines about the reader's data may follow a form's consent line.
MAX_PRIVACY_LINES = 6


@page_pass("CL507", "form-consent", order=507)
def form_consent(page: Page) -> Outcome:
    """The consent notice of a comment form and the data-privacy lines after it.

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("The plant opens in May, the company said.\\n"
    ...     "By submitting this form you agree to us using your data to publish your comment.\\n"
    ...     "You may revoke this consent at any time, and your personal data will be deleted.\\n"
    ...     "Further information on data privacy can be found in our Data Protection Policy.")
    >>> sorted(form_consent(p).removed)
    [1, 2, 3]
    >>> dict(form_consent(page_from_text("You may revoke your consent at any time, the court said.")).removed)
    {}
    """
    consent, privacy = matcher("residual_consent"), matcher("residual_privacy")
    removed: dict[int, str] = {}
    kept = page.kept()
    pos = 0
    while pos < len(kept):
        seg = kept[pos]
        pos += 1
        if consent.match(seg.text) is None:
            continue
        removed[seg.index] = "consent line of a form"
        for nxt in kept[pos : pos + MAX_PRIVACY_LINES]:
            if privacy.match(nxt.text) is None:
                break
            removed[nxt.index] = "data-privacy notice after a form's consent line"
            pos += 1
    return Outcome.of(removed)
