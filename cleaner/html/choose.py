"""Which text a page gets: trafilatura's extraction or the content region.

trafilatura finds an article's running prose better than any region does; a
listing's items, a collection's cards, a service page's sections and much
documentation it drops, and there the content region (``region.region_text``)
is closer to what a reader calls the page's content. Which is better is
predicted per page by a logistic regression over ``selection_features``: the
page-type probabilities, the sizes of both texts and how much of each the other
covers, the region's link density, line shape and share of the page, and
whether a region was declared at all (or the body stands in). It is fitted on
wcxb-dev and aeb-dev by ``benchmarks/fit_html.py`` (each page weighted by how
much the choice matters there, 5 folds grouped by site) and shipped as
``cleaner/data/html_select.json``.

**No harm against what it wraps.** trafilatura's text (its defaults, without
comments) is the reference: the region replaces it only when the selector says
so *and* two guards hold, whatever the selector says (``guards``):

* a region that holds most of the page's visible text (``max_share``) is the
  page, not a content region: on old table layouts and pages without
  ``<main>`` the "region" is the whole ``<body>``, menus, inline scripts and
  all. Only evidence in proportion takes the whole page over trafilatura's text:
  a selector at least ``page_p`` sure, where trafilatura found at most
  ``page_ratio`` of the page's words (a fragment of a listing, not a story);
* the region must hold most of trafilatura's words (``min_cover``, counted on
  ``tokens``, which split scripts written without spaces into characters): a
  region that would lose a large part of trafilatura's text is not taken on a
  model's word, however sure.

Both bounds are data (``html_select.json``, ``guards``), chosen by the fit with
their held-out evidence; ``Choice.guard`` says which one held a page back.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import regex

from ..config import PAGE_TYPES
from .linear import load
from .region import Region

MODEL = "html_select"
#: Features that are also crossed with each page-type probability.
CROSSED = (
    "len:ratio",
    "cover:text_in_region",
    "cover:region_in_text",
    "region:link_share",
    "region:short_lines",
    "region:line_len",
    "text:line_len",
)


#: The guards' defaults, used where a model file predates them.
DEFAULT_GUARDS = {"min_cover": 0.8, "max_share": 0.9, "page_p": 1.01, "page_ratio": 0.0}
#: A text may always lose this many of trafilatura's tokens ("Loading ...", a
#: cookie notice): the words at stake are too few to need more evidence.
FEW_TOKENS = 10
#: A token for the guards: a character of a script written without spaces
#: (each stands for about a word), else a run of word characters.
_TOKEN_RE = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]"
    r"|[^\W\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]+"
)


def tokens(text: str) -> Counter[str]:
    """The bag of lower-cased tokens of ``text`` (each CJK or Thai character one token).

    >>> sorted(tokens("Rain, rain! 東京の雨").items())
    [('rain', 2), ('の', 1), ('京', 1), ('東', 1), ('雨', 1)]
    """
    return Counter(_TOKEN_RE.findall(text.lower()))


def cover(of: Counter[str], within: Counter[str]) -> float:
    """The share of the tokens of ``of`` that ``within`` holds too (1.0 for none).

    >>> cover(tokens("a b c d"), tokens("a b c x y"))
    0.75
    """
    n = sum(of.values())
    return sum((of & within).values()) / n if n else 1.0


def loses_much(n: float, covered: float, min_cover: float) -> bool:
    """Whether a text that holds ``covered`` of the ``n`` tokens of trafilatura's
    loses more than the guard allows: more than ``1 - min_cover`` of them, and
    more than ``FEW_TOKENS``.

    >>> loses_much(1000, 0.5, 0.8), loses_much(8, 0.0, 0.8), loses_much(1000, 0.9, 0.8)
    (True, False, False)
    """
    lost = n * (1 - covered)
    return covered < min_cover and lost > FEW_TOKENS


def guards() -> dict[str, float]:
    """The guards' bounds from ``html_select.json`` (``DEFAULT_GUARDS`` where absent)."""
    found = load(MODEL).info.get("guards") or {}
    return {k: float(found.get(k, v)) for k, v in DEFAULT_GUARDS.items()}


@dataclass(frozen=True, slots=True)
class Choice:
    """The text chosen for a page, the features it was chosen on, and what held
    the selector back (``guard``, empty when nothing did)."""

    source: str  # "trafilatura", "region" or "structured data"
    probability: float  # that the region is the better text
    features: Mapping[str, float] | None = field(default=None, repr=False, compare=False)
    guard: str = ""

    @property
    def evidence(self) -> tuple[tuple[str, float], ...]:
        """The three features that argued most for the choice, with their weight."""
        if self.features is None:
            return ()
        model = load(MODEL)
        cls = model.classes[1] if self.source == "region" else model.classes[0]
        return tuple(model.evidence(self.features, cls))

    def describe(self, how: str) -> str:
        """One line for ``cleaner explain``.

        >>> Choice("region", 0.83).describe("//main")
        'content region //main (p=0.83)'
        >>> Choice("structured data", 0.2).describe("body")[:15]
        'structured data'
        >>> Choice("trafilatura", 0.9, guard="the region holds 97% of the page").describe("body")
        'trafilatura (p=0.90; not the region: the region holds 97% of the page)'
        """
        if self.source == "structured data":
            return "structured data (JSON-LD or <meta> description: more than the visible text)"
        why = ", ".join(f"{f} {c:+.1f}" for f, c in self.evidence)
        what = f"content region {how}" if self.source == "region" else self.source
        held = f"; not the region: {self.guard}" if self.guard else ""
        return f"{what} (p={self.probability:.2f}{'; ' + why if why else ''}{held})"


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def selection_features(types: Mapping[str, float], text: str, region: Region) -> dict[str, float]:
    """The selector's features for trafilatura's ``text`` and the ``region``.

    >>> from cleaner.html.region import Region
    >>> f = selection_features({"listing": 1.0}, "Item one", Region("Item one\\nItem two", "//main", 8, 16, 32))
    >>> f["cover:text_in_region"], f["region:link_share"], f["region:is_body"], f["region:share"]
    (1.0, 0.5, 0.0, 0.5)
    """
    t_words = tokens(text)
    r_words = tokens(region.text)
    nt, nr = sum(t_words.values()), sum(r_words.values())
    shared = sum((t_words & r_words).values())
    t_lines, r_lines = _lines(text), _lines(region.text)
    f: dict[str, float] = {f"type:{t}": float(types.get(t, 0.0)) for t in PAGE_TYPES}
    f.update(
        {
            "len:text": math.log1p(nt),
            "len:region": math.log1p(nr),
            "len:ratio": math.log((nt + 1) / (nr + 1)),
            "cover:text_in_region": shared / nt if nt else 0.0,
            "cover:region_in_text": shared / nr if nr else 0.0,
            "region:link_share": region.link_chars / region.chars if region.chars else 0.0,
            "region:lines": math.log1p(len(r_lines)),
            "region:line_len": sum(map(len, r_lines)) / len(r_lines) / 100 if r_lines else 0.0,
            "region:short_lines": (
                sum(len(x) < 30 for x in r_lines) / len(r_lines) if r_lines else 0.0
            ),
            "text:lines": math.log1p(len(t_lines)),
            "text:line_len": sum(map(len, t_lines)) / len(t_lines) / 100 if t_lines else 0.0,
        }
    )
    f["region:is_body"] = 1.0 if region.how == "body" else 0.0
    f["region:share"] = region.share
    for t in PAGE_TYPES:
        p = f[f"type:{t}"]
        for name in CROSSED:
            f[f"{t}*{name}"] = p * f[name]
    return f


def held_back(features: Mapping[str, float], bounds: Mapping[str, float], p: float = 1.0) -> str:
    """Which guard keeps trafilatura's text whatever the selector says, in words
    ("" when none does).

    >>> held_back({"region:share": 0.97, "cover:text_in_region": 1.0, "len:text": 5.0, "len:ratio": -1.0}, DEFAULT_GUARDS)
    'the region holds 97% of the page, so it is the page (at most 90%)'
    >>> held_back({"region:share": 0.5, "cover:text_in_region": 0.4, "len:text": 5.0, "len:ratio": -1.0}, DEFAULT_GUARDS)
    "the region holds 40% of trafilatura's words (at least 80%)"
    >>> held_back({"region:share": 0.5, "cover:text_in_region": 0.9, "len:text": 5.0, "len:ratio": -1.0}, DEFAULT_GUARDS)
    ''
    >>> b = {**DEFAULT_GUARDS, "page_p": 0.9, "page_ratio": 0.25}
    >>> held_back({"region:share": 1.0, "cover:text_in_region": 1.0, "len:text": 3.0, "len:ratio": -2.0}, b, 0.95)
    ''
    """
    share, covered = features["region:share"], features["cover:text_in_region"]
    found = math.exp(features["len:ratio"])  # trafilatura's tokens over the region's (+1 each)
    if share > bounds["max_share"] and (p < bounds["page_p"] or found > bounds["page_ratio"]):
        return (
            f"the region holds {share:.0%} of the page, so it is the page "
            f"(at most {bounds['max_share']:.0%})"
        )
    if loses_much(math.expm1(features["len:text"]), covered, bounds["min_cover"]):
        return f"the region holds {covered:.0%} of trafilatura's words (at least {bounds['min_cover']:.0%})"
    return ""


def choose(features: Mapping[str, float], bounds: Mapping[str, float] | None = None) -> Choice:
    """Region or trafilatura: the fitted selector decides for ``features``, within
    the guards (``bounds``, default: ``guards()``)."""
    p = load(MODEL).proba(features)[1]
    if p <= 0.5:
        return Choice("trafilatura", p, features)
    guard = held_back(features, guards() if bounds is None else bounds, p)
    return Choice("trafilatura" if guard else "region", p, features, guard)
