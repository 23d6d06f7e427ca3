"""Which text a page gets: trafilatura's extraction or the content region.

trafilatura finds an article's running prose better than any region does; a
listing's items, a collection's cards, a service page's sections and much
documentation it drops, and there the content region (``region.region_text``)
is closer to what a reader calls the page's content. Which is better is
predicted per page by a logistic regression over ``selection_features``: the
page-type probabilities, the sizes of both texts and how much of each the other
covers, the region's link density and line shape, and whether a region was
declared at all (or the body stands in).
It is fitted on wcxb-dev by ``benchmarks/fit_html.py`` (each page weighted by
how much the choice matters there, 5 folds grouped by site) and shipped as
``cleaner/data/html_select.json``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

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


@dataclass(frozen=True, slots=True)
class Choice:
    """The text chosen for a page, and the features it was chosen on."""

    source: str  # "trafilatura", "region" or "structured data"
    probability: float  # that the region is the better text
    features: Mapping[str, float] | None = field(default=None, repr=False, compare=False)

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
        """
        if self.source == "structured data":
            return "structured data (JSON-LD or <meta> description: more than the visible text)"
        why = ", ".join(f"{f} {c:+.1f}" for f, c in self.evidence)
        what = f"content region {how}" if self.source == "region" else self.source
        return f"{what} (p={self.probability:.2f}{'; ' + why if why else ''})"


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def selection_features(
    types: Mapping[str, float], text: str, region: Region, comments: str = ""
) -> dict[str, float]:
    """The selector's features for trafilatura's ``text`` and the ``region``.

    >>> from cleaner.html.region import Region
    >>> f = selection_features({"listing": 1.0}, "Item one", Region("Item one\\nItem two", "//main", 8, 16))
    >>> f["cover:text_in_region"], f["region:link_share"], f["region:is_body"]
    (1.0, 0.5, 0.0)
    """
    t_words = Counter(text.lower().split())
    r_words = Counter(region.text.lower().split())
    nt, nr = sum(t_words.values()), sum(r_words.values())
    shared = sum((t_words & r_words).values())
    t_lines, r_lines = _lines(text), _lines(region.text)
    f: dict[str, float] = {f"type:{t}": float(types.get(t, 0.0)) for t in PAGE_TYPES}
    f.update(
        {
            "len:text": math.log1p(nt),
            "len:region": math.log1p(nr),
            "len:ratio": math.log((nt + 1) / (nr + 1)),
            "len:comments": math.log1p(len(comments.split())),
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
    for t in PAGE_TYPES:
        p = f[f"type:{t}"]
        for name in CROSSED:
            f[f"{t}*{name}"] = p * f[name]
    return f


def choose(features: Mapping[str, float]) -> Choice:
    """Region or trafilatura, as the fitted selector decides for ``features``."""
    p = load(MODEL).proba(features)[1]
    return Choice("region" if p > 0.5 else "trafilatura", p, features)
