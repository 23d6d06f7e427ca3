"""A fitted lexicon of furniture words: how much each word or word pair says about a line.

The phrase lists (``data/phrases.toml``) know whole lines of furniture by
heart, in seven languages. The lexicon generalises them: a logistic model
over the lower-cased words and word pairs of a line, fitted on the
development corpora by ``benchmarks/fit.py``, gives every line a score
(``P(content)`` from its words alone). Only words and pairs seen on at least
``min_sites`` different sites are kept, so the lexicon knows "sign in",
"add to cart" or "all rights reserved", not the words of any one page.

The score is one column of the body model (:mod:`cleaner.linefeatures`); the
words that weigh most are named in a removed line's reason.
"""

from __future__ import annotations

import functools
import json
import math
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import filterfalse, pairwise, repeat
from pathlib import Path
from typing import Any

import regex

_WORD_RE = regex.compile(r"\w+")
#: Each lexicon's reading of a line (``Lexicon._read``), by (lexicon, line):
#: kept for the next round over the same lines and for the next texts.
_READ: dict[tuple[int, str], tuple[float, int, int]] = {}
_MAX_READ = 20_000
#: A random number for each lexicon: its key in the cache (an ``id`` is reused once an
#: object is gone, a counter restarts in another process, where a pickled one may go).
_TOKEN = functools.partial(secrets.randbits, 64)
#: Words of a line looked at (a long paragraph is decided by its other features).
MAX_WORDS = 200


def terms(text: str) -> list[str]:
    """The words and word pairs of ``text``, lower-cased.

    >>> terms("Sign in to Reply")
    ['sign', 'in', 'to', 'reply', 'sign in', 'in to', 'to reply']
    """
    ws = _WORD_RE.findall(text[: MAX_WORDS * 12].lower())[:MAX_WORDS]
    return ws + [f"{a} {b}" for a, b in pairwise(ws)]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Weights of words and word pairs; ``score`` is ``P(content)`` of a line's words."""

    weights: Mapping[str, float]
    bias: float
    meta: Mapping[str, Any]
    #: This lexicon's key in ``_READ``.
    token: int = field(default_factory=_TOKEN, init=False, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lexicon:
        return cls(dict(data["weights"]), float(data["bias"]), dict(data.get("meta", {})))

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        with open(path, encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))

    def logit(self, text: str) -> float:
        """The line's log-odds of being content, from its words.

        >>> lex = Lexicon({"sign in": -3.0, "said": 1.0}, 0.0, {})
        >>> round(lex.logit("Sign in"), 3), round(lex.logit("He said so"), 3)
        (-1.732, 0.447)
        """
        return self._read(text)[0]

    def _read(self, text: str) -> tuple[float, int, int]:
        """The line's logit, and how many of its words (numbers aside) the lexicon
        knows of how many; remembered for the next round over the same lines."""
        key = (self.token, text)
        got = _READ.get(key)
        if got is not None:
            return got
        ws = _WORD_RE.findall(text[: MAX_WORDS * 12].lower())[:MAX_WORDS]
        weights = self.weights
        logit = self.bias
        if ws:
            pairs = list(map(" ".join, pairwise(ws)))
            total = sum(map(weights.get, ws + pairs, repeat(0.0)))  # in order, as terms()
            logit += total / math.sqrt(len(ws) + len(pairs))
        counted = list(filterfalse(str.isdigit, ws))
        got = (logit, sum(map(weights.__contains__, counted)), len(counted))
        if len(_READ) > _MAX_READ:
            _READ.clear()
        _READ[key] = got
        return got

    def score(self, text: str) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit(text)))

    def coverage(self, texts: Iterable[str]) -> float:
        """The share of the words of ``texts`` (numbers aside) that the lexicon
        knows: low on a language the fit corpora did not have.

        >>> Lexicon({"the": 0.1, "said": 1.0}, 0.0, {}).coverage(["The minister said 3", "Der Rat"])
        0.4
        """
        known = total = 0
        for text in texts:
            _, k, n = self._read(text)
            known += k
            total += n
        return known / total if total else 1.0

    def strongest(self, text: str, n: int = 3) -> list[str]:
        """The ``n`` terms of ``text`` that weigh most towards furniture.

        >>> Lexicon({"sign in": -3.0, "in": -0.1, "said": 1.0}, 0.0, {}).strongest("Sign in")
        ['sign in', 'in']
        >>> Lexicon({"of iab": -1.0, "iab vendors": -1.0}, 0.0, {}).strongest("Of IAB Vendors")
        ['iab vendors', 'of iab']
        """
        get = self.weights.get
        # ties go alphabetically: a set's order changes with the hash seed
        found = sorted({t for t in terms(text) if get(t, 0.0) < 0}, key=lambda t: (get(t, 0.0), t))
        return found[:n]
