"""The page type of an HTML page, from its DOM evidence (``dom.page_evidence``).

A multinomial logistic regression over the evidence features, fitted on
wcxb-dev (its seven page types) by ``benchmarks/fit_html.py`` and shipped as
``cleaner/data/html_type.json`` with its held-out accuracy (5 folds grouped by
site). ``classify`` returns the type, its probability and the features that
argued most for it, which ``cleaner explain`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..config import PAGE_TYPES
from .linear import load

MODEL = "html_type"


@dataclass(frozen=True, slots=True)
class PageType:
    """A page type decision: the type, how sure, every type's probability, and
    the features it was decided on (``evidence`` names the strongest)."""

    name: str
    confidence: float
    probabilities: Mapping[str, float] | None = None
    configured: bool = False
    features: Mapping[str, float] | None = field(default=None, repr=False, compare=False)

    @property
    def evidence(self) -> tuple[tuple[str, float], ...]:
        """The three features that argued most for this type, with their weight."""
        if self.configured or self.features is None:
            return ()
        return tuple(load(MODEL).evidence(self.features, self.name))

    def describe(self) -> str:
        """One line for ``cleaner explain``.

        >>> PageType("forum", 0.91).describe()
        'forum (0.91)'
        >>> PageType("product", 1.0, configured=True).describe()
        'product (configured)'
        """
        if self.configured:
            return f"{self.name} (configured)"
        why = ", ".join(f"{f} {c:+.1f}" for f, c in self.evidence)
        return f"{self.name} ({self.confidence:.2f}{'; ' + why if why else ''})"


def classify(features: Mapping[str, float]) -> PageType:
    """The most probable page type for ``features``.

    >>> classify({}).name in PAGE_TYPES
    True
    """
    model = load(MODEL)
    proba = model.proba(features)
    probabilities = dict(zip(model.classes, proba, strict=True))
    name = max(probabilities, key=probabilities.__getitem__)
    return PageType(name, probabilities[name], probabilities, features=features)


def configured(name: str) -> PageType:
    """The page type set in the configuration (certain by definition)."""
    assert name in PAGE_TYPES, name
    return PageType(name, 1.0, {t: float(t == name) for t in PAGE_TYPES}, configured=True)
