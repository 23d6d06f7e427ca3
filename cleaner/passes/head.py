"""CL2xx: heuristics for the head of an article.

Scraped articles open with furniture: a section label ("International"), the
title (often twice, once glued into a breadcrumb), date lines, bylines, photo
captions, standfirst bullets, a dek that repeats a body sentence. The *head
zone* is every kept line before the first prose paragraph that is not itself
a repeat of later text; these passes classify the lines in it. When a text
has no prose paragraph at all, the head zone is empty and nothing is removed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from itertools import accumulate, pairwise
from types import MappingProxyType

import regex

from ..catalogue import line_pass, page_pass
from ..dates import WEEKDAYS, find_date
from ..model import EMPTY, Outcome, Page, Repeat, Segment, per_page
from ..textstats import (
    MAX_SHORT_LINE,
    capitalized_ratio,
    ends_ellipsis,
    ends_sentence,
    fold,
    is_bullet,
    is_prose,
    word_count,
    words,
)

# -- features ---------------------------------------------------------------

_CREDIT_WORDS = (
    r"photo(?:graph)?s?|pictures?|pics?|images?|foto(?:s|grafie)?|bild|credits?|"
    r"photo credit|image credit|image source|file photo|illustration|video|graphic|"
    r"imagen|immagine|imagem|crédit photo|fuente|quelle"
)
#: Searched from the end of the line (``(?r)``): every branch ends with ``$``, so
#: the match is found at the end without trying each start position first.
_CAPTION_RE = regex.compile(
    rf"(?r)(?:[.!?)”\"]\s*|\s[|/–—-]\s*|\s)[(\[]?(?:{_CREDIT_WORDS})\s*(?::|by|/|©)\s*"
    r"[^.!?]{1,80}[)\]]?\.?$"
    r"|\((?:AP|AFP|Reuters|EPA|Getty Images|Xinhua|Bloomberg|PTI|ANI|dpa|Shutterstock|iStock|"
    r"Alamy|EFE|ANSA)(?:\s*(?:Photo|Images?))?(?:\s*/\s*[\p{L} .'-]{2,60})?\)\.?$"
    r"|\s(?:AP Photo|AFP|REUTERS|EPA|Getty Images)\s*/\s*[\p{L} .'-]{2,60}\.?$"
    r"|\s[\p{L} .'-]{2,60}/\s*(?:AFP|AP|Reuters|EPA|Getty Images|Bloomberg|Xinhua)"
    r"(?:\s+via\s+Getty Images)?\)?\.?$",
    regex.IGNORECASE,
)
_GLUED_CRUMB_RE = regex.compile(r"^(?:Home|Startseite|Accueil|Inicio|Início|Casa)(?=\p{Lu})")
_SEP_CRUMB_RE = regex.compile(r"^[^|»>›/:]{1,40}(?:\s*[»>›/|]\s*[^|»>›/:]{1,60}){2,}$")
_BY_RE = regex.compile(
    r"^(?i:by|written by|words by|story by|reported by|posted by|von|par|por|di|door|de)\s*:?\s+"
    r"(?P<name>\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|da|van|von|der|bin|al|del|la|le)){0,4})"
    r"(?P<rest>.*)$",
)
_GLUED_IN_RE = regex.compile(
    r"^(?P<name>\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*){0,3}?)in\s"
    r"(?P<place>\p{Lu}[\p{L}.-]*(?:\s\p{Lu}[\p{L}.-]*){0,2})$"
)
_NAME_RE = regex.compile(
    r"^\p{Lu}[\p{L}'’.-]+(?:\s(?:\p{Lu}[\p{L}'’.-]*|de|da|van|von|der|bin|al|del|la|le)){1,3}$"
)
_DATE_LABELS = frozenset(
    "date published updated posted on at last modified first am pm ist gmt utc bst cet cest "
    "est edt pst pdt jst hkt sgt aest et pt uhr veröffentlicht aktualisiert am um publié le "
    "mis à jour publicado actualizado el pubblicato aggiornato il atualizado em gepubliceerd "
    "bijgewerkt op time min read".split()
)
_SITE_SUFFIX_RE = regex.compile(r"(?<!\s)\s++[|–—-]\s++[^|–—-]{2,60}$")
#: With this many prose lines repeated later, the page holds a copy of the
#: article (meta description, JSON-LD) and repeats no longer mark a dek.
MAX_REPEATS = 3


def is_caption(text: str) -> bool:
    """A photo caption: a line that ends with a picture credit.

    >>> is_caption("Blinken (left) meets Liu in Washington on Friday. Photo: Reuters")
    True
    >>> is_caption("Smoke rises over the city. (AP Photo/Jane Doe)")
    True
    >>> is_caption("The photo was taken by Reuters on Friday, the agency said.")
    False
    """
    if len(text) > MAX_SHORT_LINE or not _has_credit_mark(text):
        return False
    return word_count(text) <= 80 and bool(_CAPTION_RE.search(text))


def _has_credit_mark(text: str) -> bool:
    """What every branch of ``_CAPTION_RE`` needs: a credit word followed by
    ":", "by", "/" or "©", or an agency after "(" or "/". A line with none of
    these is no caption, and the regex is not run.

    >>> _has_credit_mark("Photo: Reuters"), _has_credit_mark("Rain fell in Paris")
    (True, False)
    """
    return (
        ":" in text
        or "/" in text
        or "(" in text
        or "©" in text
        or "by" in text
        or "By" in text
        or "BY" in text
        or "bY" in text
    )


_CRUMB_STARTS = ("Home", "Startseite", "Accueil", "Inicio", "Início", "Casa")


def _could_be_crumb(text: str) -> bool:
    """What ``is_breadcrumb`` needs: a glued trail's first word, or two of the
    separators a separated trail is made of.

    >>> _could_be_crumb("Home » News » Politics"), _could_be_crumb("Rain fell in Paris")
    (True, False)
    """
    if text.startswith(_CRUMB_STARTS):
        return True
    return sum(map(text.count, "»>›/|")) >= 2


def is_breadcrumb(text: str) -> bool:
    """A breadcrumb trail: "Home > World > Asia", or glued "HomeWorldUS Secretary...".

    >>> is_breadcrumb("HomeWorldUS Secretary of State Antony Blinken Advocates for Stability")
    True
    >>> is_breadcrumb("Home » News » Politics")
    True
    >>> is_breadcrumb("Homeowners in the area were told to leave.")
    False

    A trail holds no figure (a signed number, a percentage, a price): a table's
    row of dated figures ("1/1/2013 +13.1%") is data (#23).

    >>> is_breadcrumb("1/1/2013 +13.1%"), is_breadcrumb("Home / 2024 / May")
    (False, True)
    """
    if len(text) > MAX_SHORT_LINE:
        return False
    if _GLUED_CRUMB_RE.match(text):
        return True
    return (
        not ends_sentence(text)
        and bool(_SEP_CRUMB_RE.match(text))
        and word_count(text) <= 20
        and not _FIGURE_RE.search(text)
    )


_RANGE_RE = regex.compile(
    r"^\s*(?:~|[–—-]|\||to\b|until\b|till\b|bis\b|au\b|al\b|até\b|tot\b)\s*(?P<rest>.*)$",
    regex.IGNORECASE,
)


def is_date_range(after: str) -> bool:
    """Whether the text ``after`` a date makes it the start of a range of dates.

    A run or exhibition ("29 November 2018 | 20 January 2019", "2018.04.05 ~
    OPEN RUN") is content, not the article's date.

    >>> is_date_range(" | 20 January 2019"), is_date_range(" ~ OPEN RUN")
    (True, True)
    >>> is_date_range(" - 9:30 AM"), is_date_range(" | Updated 14 January 2019")
    (False, False)
    """
    m = _RANGE_RE.match(after)
    if m is None:
        return False
    if after.lstrip().startswith("~"):
        return True
    second = find_date(m.group("rest"))
    return second is not None and second.start == 0


#: A figure beside a date makes the line a row of data: a signed number, a
#: percentage, a price.
#: (Times and a time zone's offset, "+00:00", "-0500", are not figures.)
_FIGURE_RE = regex.compile(r"(?:^|\s)[+\-−±](?!\d{2}:?\d{2}\b)\d|\d\s*%|\p{Sc}\s?\d|\d\s?\p{Sc}")
#: A row of a table of two or more cells, as extractors write tables: ``| a | b |``.
_TABLE_ROW = regex.compile(r"^\s*\|(?:[^|\n]*\|){2,}\s*$")


def date_line(text: str) -> str | None:
    """The ISO date of a line that is only a date (with labels, times, a site name).

    >>> date_line("1, March, 2024")
    '2024-03-01'
    >>> date_line("date 2024-01-13 South China Morning Post")
    '2024-01-13'
    >>> date_line("Updated: Friday, January 12, 2024, 9:30 pm IST")
    '2024-01-12'
    >>> date_line("He was born on 1 March 1950 in a small village near the border.")

    A row of a table of several cells (as extractors write tables) is data:

    >>> date_line("| 1/1/2013 | +13.1% |")

    So is a date beside a figure (a signed number, a percentage, a price), as
    a table's rows read once the extractor dropped the cells' bars (#23):

    >>> date_line("1/1/2013 +13.1%"), date_line("March 3, 2024 $4.99")
    (None, None)
    >>> date_line("2012-03-23 22:27:41 +00:00"), date_line("Fri, 1 Feb 2002 13:07:39 -0500")
    ('2012-03-23', '2002-02-01')
    """
    if len(text) > MAX_SHORT_LINE or word_count(text) > 14 or _TABLE_ROW.match(text):
        return None
    if "@" in text or text.startswith(("—", "–")):
        return None
    found = find_date(text)
    if found is None or is_date_range(text[found.end :]):
        return None
    rest = text[: found.start] + " " + text[found.end :]
    if _FIGURE_RE.search(rest):
        return None
    rest = regex.sub(r"\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?", " ", rest)
    lower = [
        w
        for w in words(rest)
        if w[0].islower()
        and w.casefold().strip(".") not in _DATE_LABELS
        and w.casefold().strip(".,") not in WEEKDAYS
    ]
    return found.iso if len(lower) <= 1 else None


def byline(text: str, names: Collection[str] = ()) -> str | None:
    """The author named by a byline line, or ``None``.

    A name glued to "in" and a place ("Khushboo Razdanin Washington") counts
    only when the page shows that name on a line of its own (``names``): on its
    own, "Main Meals" or "Elliot Brownstein Florida Today" reads the same way.

    >>> byline("By Jane Doe and John Roe")
    'Jane Doe'
    >>> byline("Khushboo Razdanin Washington", names={"Khushboo Razdan"})
    'Khushboo Razdan'
    >>> byline("Khushboo Razdanin Washington"), byline("Main Meals", names={"Main Meals"})
    (None, None)
    >>> byline("By the end of the week, talks had stalled.")
    """
    if len(text) > MAX_SHORT_LINE or word_count(text) > 12:
        return None
    if ends_sentence(text) and text.count(" ") > 6:
        return None
    m = _BY_RE.match(text)
    if m and (
        not m.group("rest").strip()
        or regex.match(r"^\s*(?:,|\||and|und|et|y|e|en|&|–|—|-)", m.group("rest"))
    ):
        name = m.group("name").strip()
        if name.split()[0].casefold() not in {"the", "a", "an"} and len(name.split()) >= 2:
            return name
    m = _GLUED_IN_RE.match(text) if names else None
    if m and not text.startswith(("In ", "The ")) and m.group("name").strip() in names:
        return m.group("name").strip()
    return None


@dataclass(frozen=True, slots=True)
class Head:
    """The head zone: kept segments before the body, and the body's first segment;
    ``repeats`` maps each dek that repeats later text to the line it repeats."""

    zone: tuple[Segment, ...]
    body: Segment | None
    repeats: Mapping[int, int]


@per_page
def head(page: Page) -> Head:
    """Find the head zone of ``page``.

    >>> from cleaner.normalize import page_from_text
    >>> h = head(page_from_text("World\\n\\nA Headline Here Today\\n\\n"
    ...     "The first paragraph of the story runs for more than twelve words, as it should."))
    >>> [s.text for s in h.zone], h.body.text[:9]
    (['World', 'A Headline Here Today'], 'The first')
    """
    kept = page.kept()
    min_words = page.config.min_body_words
    # The folded text of all kept lines, joined once (when first needed): a line
    # repeats later when its fold stands after the start of the next line.
    starts: list[int] = []  # where each kept line starts in ``joined``, then its end
    joined = ""

    def repeated_in(pos: int, folded: str) -> Segment | None:
        """The first later line that holds the whole of line ``pos`` (folded)."""
        nonlocal joined
        if len(folded.split()) < 6:
            return None
        if not starts:
            folds = [fold(s.text) for s in kept]
            joined = "\n".join(folds)
            starts.extend(accumulate((len(f) + 1 for f in folds), initial=0))
        found = joined.find(folded, starts[pos + 1])
        return None if found < 0 else kept[bisect_right(starts, found) - 1]

    repeats: dict[int, int] = {}
    start = None
    for pos, seg in enumerate(kept):
        if is_bullet(seg.text) or not (
            is_prose(seg.text, min_words) or is_unstopped_paragraph(seg.text)
        ):
            continue
        later = repeated_in(pos, fold(seg.text))
        if later is not None:
            repeats[seg.index] = later.index
            if len(repeats) >= MAX_REPEATS:
                break  # decided (below); more repeats would only cost time
            continue
        start = pos
        break
    if len(repeats) >= MAX_REPEATS:
        # So many "deks" means the page holds a copy of the whole article (a
        # meta description or JSON-LD articleBody): the first one is the body.
        first = next(p for p, s in enumerate(kept) if s.index in repeats)
        return _with_standfirst(kept, first, EMPTY, min_words)
    if start is None:
        return Head((), None, EMPTY)
    return _with_standfirst(kept, start, MappingProxyType(repeats), min_words)


def _with_standfirst(
    kept: list[Segment], start: int, repeats: Mapping[int, int], min_words: int
) -> Head:
    # A standfirst that reads as prose is followed by the byline or date: look ahead.
    for _ in range(2):
        ahead = kept[start + 1 : start + 4]
        marks = [i for i, s in enumerate(ahead) if byline(s.text) or date_line(s.text)]
        if not marks:
            break
        nxt = start + 1 + marks[-1] + 1
        while nxt < len(kept) and (
            not is_prose(kept[nxt].text, min_words) or is_bullet(kept[nxt].text)
        ):
            nxt += 1
        if nxt >= len(kept):
            break
        start = nxt
    return Head(tuple(kept[:start]), kept[start], repeats)


#: Passes that only guess from position (before the first paragraph); on a text
#: where no other pass found furniture they stand down, since such a text is
#: most likely an article body already and its first lines are body text.
GUESSING_PASSES = frozenset({"CL201", "CL206", "CL207", "CL209"})


def bare_article(page: Page, head_only: bool = False) -> bool:
    """Whether no pass has found furniture yet (then the guessing passes keep out).

    With ``head_only``, furniture counts only in the first half of the text: a
    "0 Comments" line at the end says nothing about the lines at the top (CL207
    and CL209 ask this; CL201 takes a short label on any furniture, CL206 a
    title on any furniture, or a plain one as the first line of a bare text).

    >>> from cleaner.normalize import page_from_text
    >>> bare_article(page_from_text("A short lede.\\n\\nThe body goes on for a while."))
    True
    >>> from dataclasses import replace
    >>> p = page_from_text("A short lede.\\n\\nThe body goes on for a while.\\n\\n0 Comments")
    >>> bare_article(replace(p, removed={2: "CL113"})), bare_article(replace(p, removed={2: "CL113"}), True)
    (False, True)
    """
    if not head_only:
        return not any(code not in GUESSING_PASSES for code in page.removed.values())
    half = len(page.segments) / 2
    return not any(code not in GUESSING_PASSES and i < half for i, code in page.removed.items())


def _lone_title_left(page: Page) -> Segment | None:
    """After CL206 took a title off a text whose first half shows no other
    furniture, the one line left before the body, when it is plainly a title.

    The next clean would see a bare text that opens with that line and take it
    as the title (CL206); CL209 removes it now, so cleaning twice changes nothing.
    """
    if "CL206" not in page.removed.values():
        return None
    zone = head(page).zone
    if len(zone) == 1 and zone[0] in _title_candidates(zone) and _plain_title(zone[0].text):
        return zone[0]
    return None


#: A title longer than this is in Title Case; a longer line in sentence case
#: is a paragraph that lacks its full stop.
LONG_TITLE_WORDS = 20


def is_unstopped_paragraph(text: str) -> bool:
    """A paragraph that lacks its full stop: long, in sentence case, no title.

    >>> is_unstopped_paragraph("The club paid the fee to the league this morning to secure "
    ...     "the signing of the keeper, who flew to London yesterday evening")
    True
    >>> is_unstopped_paragraph("Our Research Shows A Mix Of Native Ad Units Generate The "
    ...     "Highest Engagement For Marketers And The Brands They Work With")
    False
    """
    if len(text) > MAX_SHORT_LINE or word_count(text) <= LONG_TITLE_WORDS:
        return False
    lower = sum(1 for w in words(text) if w[0].islower())  # none in scripts without case
    return (
        lower > LONG_TITLE_WORDS / 2 and not ends_ellipsis(text) and capitalized_ratio(text) < 0.5
    )


def _title_candidates(zone: tuple[Segment, ...]) -> list[Segment]:
    out = []
    for seg in zone:
        t = seg.text
        if (
            len(t) <= MAX_SHORT_LINE
            and word_count(t) >= 4
            and not t.endswith((".", ":", ";", ",", "。", "．", "：", "；", "，"))
            and not ends_ellipsis(t)
            and not is_bullet(t)
            and not is_caption(t)
            and not date_line(t)
            and not byline(t)
            and not (is_breadcrumb(t) and _GLUED_CRUMB_RE.match(t))
            and word_count(t) <= 40
            and not is_unstopped_paragraph(t)
        ):
            out.append(seg)
    return out


def _repeated_first(page: Page, candidates: list[Segment]) -> Segment:
    """The first candidate the page repeats (a ``<title>`` and its heading: a
    title is said twice, a skip link or a slogan once), else the first one.

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Skip to content Skip to site index\\nOpinion | Trump Went to Nowhere\\n"
    ...     "Log In\\nOpinion | Trump Went to Nowhere\\nThe body begins here and runs on.")
    >>> _repeated_first(p, [p.segments[0], p.segments[1]]).text
    'Opinion | Trump Went to Nowhere'
    """
    if len(candidates) < 2:
        return candidates[0]
    counts: dict[str, int] = {}
    for seg in page.kept():
        key = fold(strip_site_suffix(seg.text))
        counts[key] = counts.get(key, 0) + 1
    for seg in candidates:
        if counts.get(fold(strip_site_suffix(seg.text)), 0) > 1:
            return seg
    return candidates[0]


#: A table of contents lists at least this many of the body's section headings.
MIN_CONTENTS_ENTRIES = 2


def _contents_entries(page: Page, h: Head, candidates: list[Segment]) -> set[int]:
    """The title candidates that are entries of a table of contents: at least
    ``MIN_CONTENTS_ENTRIES`` of them stand again in the body as the heading of
    a paragraph (a later line that prose follows). Such a line names a section,
    not the page: it is never the title, and its heading in the body stays.

    >>> from cleaner.normalize import page_from_text
    >>> prose = "The {} paragraph of the story runs for more than twelve words, as it should."
    >>> p = page_from_text(f"Rain Falls On Paris Today\\nContents\\nWhere The Rain Fell Most\\n"
    ...     f"What The Forecast Says Next\\n{prose.format('first')}\\nWhere The Rain Fell Most\\n"
    ...     f"{prose.format('second')}\\nWhat The Forecast Says Next\\n{prose.format('third')}")
    >>> h = head(p)
    >>> sorted(_contents_entries(p, h, _title_candidates(h.zone)))
    [2, 3]
    """
    if len(candidates) < MIN_CONTENTS_ENTRIES or h.body is None:
        return set()
    min_words = page.config.min_body_words
    headings: set[str] = set()
    kept = page.kept()
    for seg, nxt in pairwise(kept):
        if seg.index > h.body.index and len(seg.text) <= MAX_SHORT_LINE:
            if is_prose(nxt.text, min_words) and not is_prose(seg.text, min_words):
                headings.add(fold(seg.text))
    entries = {s.index for s in candidates if fold(s.text) in headings}
    return entries if len(entries) >= MIN_CONTENTS_ENTRIES else set()


def _plain_title(text: str) -> bool:
    """A title line beyond doubt: not shouted, no link, no labels, no question in
    sentence case (a text's first line can be all of those and still be body).

    >>> _plain_title("PG&E begins new mass power shutoff over fire danger")
    True
    >>> _plain_title("LOOK WHAT YOU MADE ME DO"), _plain_title("Remember the state slogan quest?")
    (False, False)
    """
    letters = [c for c in text if c.isalpha()]
    if not letters or all(c.isupper() for c in letters if c.isupper() or c.islower()):
        return False
    if "://" in text or "www." in text or text.count(":") > 1:
        return False
    return not text.endswith("?") or capitalized_ratio(text) >= 0.75


def strip_site_suffix(title: str) -> str:
    """A page title without its site name: "Headline - The Site" -> "Headline".

    >>> strip_site_suffix("Republicans Are Following Trump to Nowhere - The New York Times")
    'Republicans Are Following Trump to Nowhere'
    """
    if len(title) > MAX_SHORT_LINE:
        return title
    stripped = _SITE_SUFFIX_RE.sub("", title)
    return stripped if word_count(stripped) >= 3 else title


# -- passes -------------------------------------------------------------------


@line_pass("CL204", "photo-caption", order=150, screen=_has_credit_mark)
def photo_caption(text: str) -> str | None:
    """A photo caption ending with its credit ("... on Friday. Photo: Reuters").

    >>> photo_caption("Blinken meets Liu at the State Department on Friday. Photo: Reuters")
    'photo caption (ends with a picture credit)'
    >>> photo_caption("The photo agency Reuters said it would appeal.")
    """
    return "photo caption (ends with a picture credit)" if is_caption(text) else None


@line_pass("CL205", "breadcrumb", order=151, screen=_could_be_crumb)
def breadcrumb(text: str) -> str | None:
    """A breadcrumb trail, separated ("Home > World") or glued ("HomeWorldUS ...").

    >>> breadcrumb("HomeWorldUS Secretary of State Antony Blinken Advocates for Stability")
    'breadcrumb navigation trail'
    >>> breadcrumb("Homework is due on Monday, the teacher said.")
    """
    return "breadcrumb navigation trail" if is_breadcrumb(text) else None


@page_pass("CL208", "repeated-lede", order=205)
def repeated_lede(page: Page) -> Outcome:
    """A dek before the body that repeats a sentence of the body.

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Big News Headline Here\\n\\nHe said the plan, agreed on Friday, would start in March next year.\\n\\n"
    ...     "Officials met for hours. He said the plan, agreed on Friday, would start in March next year. Then they left.")
    >>> list(repeated_lede(p).removed)
    [1]
    """
    h = head(page)
    return Outcome.of(
        {
            i: Repeat(
                "dek repeats a sentence of the article body",
                (later,),
                (page.segments[later].line_no,),
            )
            for i, later in h.repeats.items()
        }
    )


@page_pass("CL202", "date-line", order=210)
def date_lines(page: Page) -> Outcome:
    """Lines that are only a date (any common format); the first gives the date.

    >>> from cleaner.normalize import page_from_text
    >>> o = date_lines(page_from_text("1, March, 2024\\n\\nA long enough opening paragraph of the story, with many words in it."))
    >>> dict(o.removed), o.meta["date"]
    ({0: 'date line (2024-03-01)'}, '2024-03-01')
    """
    h = head(page)
    if h.body is None:
        return Outcome()
    zone = {s.index for s in h.zone}
    removed: dict[int, str] = {}
    first = None
    for seg in page.kept():
        if seg.index not in zone and seg.index < h.body.index:
            continue
        iso = date_line(seg.text)
        if iso and (seg.index in zone or word_count(seg.text) <= 10):
            removed[seg.index] = f"date line ({iso})"
            first = first or iso
    return Outcome.of(removed, date=first)


@page_pass("CL203", "byline", order=215)
def bylines(page: Page) -> Outcome:
    """Bylines in the head ("By Jane Doe", a name line, glued "NameNamein City").

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Khushboo Razdan\\nKhushboo Razdanin Washington\\n"
    ...     "A top Chinese Communist Party envoy met senior US officials at the State Department.")
    >>> dict(bylines(p).removed), bylines(p).meta["author"]
    ({0: 'byline', 1: 'byline'}, 'Khushboo Razdan')
    """
    h = head(page)
    removed: dict[int, str] = {}
    author = None
    zone = list(h.zone)
    names = {s.text for s in zone if len(s.text) <= MAX_SHORT_LINE and _NAME_RE.match(s.text)}
    for pos, seg in enumerate(zone):
        name = byline(seg.text, names)
        nxt = zone[pos + 1].text if pos + 1 < len(zone) else ""
        if (
            name is None
            and len(seg.text) <= MAX_SHORT_LINE
            and _NAME_RE.match(seg.text)
            and nxt.startswith(seg.text)
            and nxt != seg.text
        ):
            name = seg.text
        if name:
            removed[seg.index] = "byline"
            author = author or name
    return Outcome.of(removed, author=author)


@page_pass("CL206", "title", order=220)
def title(page: Page) -> Outcome:
    """The title: kept as metadata, removed from the body with all its repeats.

    One title per page: the entries of a table of contents (two or more lines of
    the head that head sections of the body again) are never taken for it, so
    the sections' headings stay in the body.

    >>> from dataclasses import replace
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Share on X\\nInternational\\n\\nBlinken Meets Chinese Diplomats\\n\\n"
    ...     "Secretary of State Antony Blinken stressed the importance of peace on Friday.")
    >>> o = title(replace(p, removed={0: "CL107"}))
    >>> dict(o.removed), o.meta["title"]
    ({2: 'title'}, 'Blinken Meets Chinese Diplomats')

    On a text where no pass found furniture (an extractor's output), only a
    first line that is plainly a title goes, and only when the body follows it:

    >>> dict(title(page_from_text("Blinken meets Chinese diplomats\\n\\n"
    ...     "Secretary of State Antony Blinken stressed the importance of peace on Friday.")).removed)
    {0: 'title'}
    >>> dict(title(page_from_text("WHAT A DAY\\n\\n"
    ...     "Secretary of State Antony Blinken stressed the importance of peace on Friday.")).removed)
    {}
    """
    h = head(page)
    candidates = _title_candidates(h.zone)
    contents = _contents_entries(page, h, candidates)
    if contents:
        candidates = [s for s in candidates if s.index not in contents]
    if bare_article(page):
        candidates = [s for s in candidates[:1] if len(h.zone) == 1 and _plain_title(s.text)]
    if not candidates:
        return Outcome()
    first = _repeated_first(page, candidates)
    name = strip_site_suffix(first.text)
    folded = {fold(first.text), fold(name)}
    removed = {first.index: "title"}
    zone = {s.index for s in h.zone}
    for seg in page.kept():
        if seg.index == first.index:
            continue
        text = fold(seg.text)
        if text in folded or (seg.index in zone and text.endswith(fold(name))):
            removed[seg.index] = "repeat of the title"
    return Outcome.of(removed, title=name)


@page_pass("CL201", "section-label", order=225)
def section_label(page: Page) -> Outcome:
    """Short section labels and kickers in the head ("International", "US-China relations").

    >>> from dataclasses import replace
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Share on X\\nINTERNATIONAL\\n\\n"
    ...     "On the day of Taiwan's elections, Blinken will meet a top Chinese official in Washington.")
    >>> dict(section_label(replace(p, removed={0: "CL107"})).removed)
    {1: 'section label'}
    """
    if bare_article(page):
        return Outcome()
    h = head(page)
    removed = {}
    for seg in h.zone:
        if word_count(seg.text) <= 4 and len(seg.text) <= 40 and not ends_sentence(seg.text):
            removed[seg.index] = "section label"
    return Outcome.of(removed)


@page_pass("CL207", "standfirst", order=230)
def standfirst(page: Page) -> Outcome:
    """Standfirst bullets and summary lines between the title and the body.

    >>> from dataclasses import replace
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Share on X\\n- Talks held at State Department\\n"
    ...     "A top Chinese Communist Party envoy met senior US officials at the State Department.")
    >>> dict(standfirst(replace(p, removed={0: "CL107"})).removed)
    {1: 'standfirst (summary before the body)'}
    """
    if bare_article(page, head_only=True):
        return Outcome()
    h = head(page)
    return Outcome.of(
        {
            s.index: "standfirst (summary before the body)"
            for s in h.zone
            if is_bullet(s.text) or is_prose(s.text, page.config.min_body_words)
        }
    )


#: CL209 keeps a line longer than this: it is text, whatever its punctuation.
MAX_FRAGMENT_WORDS = 60


@page_pass("CL209", "head-fragment", order=240)
def head_fragment(page: Page) -> Outcome:
    """Anything else before the first paragraph: unlabelled captions, menus, labels.

    A short paragraph that ends like a sentence (five words or more) is kept: it
    is more likely a one-line lede than furniture. A line that could be the
    title ("Is this the end?") is not kept: CL206 took the first such line,
    and keeping a later one would make it the title of the cleaned text,
    so that cleaning twice would remove it (cleaning must be idempotent).

    On a text where no other pass found furniture it keeps out (the text is
    most likely an article body already):

    >>> from dataclasses import replace
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Updated 12 January 2024\\n\\nUS Secretary of State Antony Blinken\\n\\n"
    ...     "Secretary of State Antony Blinken stressed the importance of peace and stability.")
    >>> dict(head_fragment(replace(p, removed={0: "CL202"})).removed)
    {1: 'fragment before the article body'}
    >>> dict(head_fragment(p).removed)
    {}
    >>> p = page_from_text("Share on X\\nIs this the end of the talks?\\n\\n"
    ...     "Secretary of State Antony Blinken stressed the importance of peace and stability.")
    >>> dict(head_fragment(replace(p, removed={0: "CL107"})).removed)
    {1: 'fragment before the article body'}
    """
    if bare_article(page, head_only=True):
        lone = _lone_title_left(page)
        return Outcome.of({lone.index: "title-like line left before the body"} if lone else {})
    h = head(page)
    titles = {s.index for s in _title_candidates(h.zone)}
    return Outcome.of(
        {
            s.index: "fragment before the article body"
            for s in h.zone
            if s.index in titles
            or not (
                (ends_sentence(s.text) and word_count(s.text) >= 5)
                or word_count(s.text) > MAX_FRAGMENT_WORDS
            )
        }
    )
