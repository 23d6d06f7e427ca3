"""What kind of page a text is: WCXB's seven page types, recognised from the text.

A multinomial logistic model, fitted by ``benchmarks/fit.py`` on the
development corpora (cross-validated by site) and shipped as
``data/page_type.json``. It reads two kinds of evidence:

* **words**: which of a fitted vocabulary (forum words such as "reply",
  "joined", "posts"; shop words such as "add to cart", "in stock"; reference
  words such as "parameters", "returns") occur on the page;
* **shape**: the page's share of short lines, prose, link-like lines,
  prices, times, code-like lines and repeats, its size and stopword density
  (the page columns of :mod:`cleaner.linefeatures`).

:func:`classify` returns every type's probability; the most probable type
and its probability are reported as ``Result.page_type`` and
``Result.page_type_confidence``, and decide which passes apply
(``registry.PassInfo.types``).
"""

from __future__ import annotations

import functools
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import regex

from .config import PAGE_TYPES
from .model import PageType, Segment

_WORD_RE = regex.compile(r"[^\W\d_]{2,}")
#: Characters of a page read for its words (the start and the end of a long page).
MAX_CHARS = 200_000


def page_words(segments: Sequence[Segment]) -> frozenset[str]:
    """The distinct lower-cased words of a page (its first and last ``MAX_CHARS // 2``).

    >>> sorted(page_words(Segment(i, i + 1, t) for i, t in enumerate(["Reply to Joe", "Joined 2019"])))
    ['joe', 'joined', 'reply', 'to']
    """
    text = "\n".join(s.text for s in segments)
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS // 2] + "\n" + text[-MAX_CHARS // 2 :]
    return frozenset(_WORD_RE.findall(text.lower()))


#: For each line, the vocabulary indices of its words (``page_words`` of the line
#: alone, as a type model reads them), kept across rounds.
_LINE_WORDS: dict[tuple[int, str], tuple[int, ...]] = {}
_MAX_CACHED = 20_000
#: A random number for each type model: its key in the cache (an ``id`` is reused once an
#: object is gone, a counter restarts in another process, where a pickled one may go).
_TOKEN = functools.partial(secrets.randbits, 64)


def shape(segments: tuple[Segment, ...]) -> np.ndarray:
    """The shape measures of a page (``SHAPE_COLUMNS``), from :func:`linefeatures.line_stats`."""
    from .linefeatures import INDEX, line_stats

    stats = line_stats(segments)
    t = stats.table
    n = len(segments)
    if n == 0:
        return np.zeros(len(SHAPE_COLUMNS), dtype=np.float64)
    words = stats.words.astype(np.float64)
    total = max(words.sum(), 1.0)
    return np.array(
        [
            np.log1p(n),
            np.log1p(total),
            float((t[:, INDEX["density"]] * words).sum() / total),
            float((stats.words < 5).mean()),
            float(t[:, INDEX["terminal"]].mean()),
            float(t[:, INDEX["linky"]].mean()),
            float(words[stats.prose].sum() / total),
            float(t[:, INDEX["price"]].mean()),
            float(t[:, INDEX["time"]].mean()),
            float(t[:, INDEX["codeish"]].mean()),
            float((t[:, INDEX["log_repeats"]] > 0).mean()),
            float(t[:, INDEX["bullet"]].mean()),
            float(t[:, INDEX["question"]].mean()),
            float(t[:, INDEX["digits"]].mean()),
        ]
    )


SHAPE_COLUMNS = (
    "log_lines",
    "log_words",
    "density",
    "short",
    "terminal",
    "linky",
    "prose",
    "price",
    "time",
    "codeish",
    "repeated",
    "bullet",
    "question",
    "digits",
)


@dataclass(frozen=True, slots=True)
class TypeModel:
    """Softmax over ``types`` of ``words . W_words + standardised shape . W_shape + b``."""

    types: tuple[str, ...]
    vocabulary: Mapping[str, int]
    word_weights: np.ndarray  # (len(vocabulary), types)
    shape_mean: np.ndarray
    shape_scale: np.ndarray
    shape_weights: np.ndarray  # (len(SHAPE_COLUMNS), types)
    bias: np.ndarray  # (types,)
    meta: Mapping[str, Any]
    #: This model's key in ``_LINE_WORDS``.
    token: int = field(default_factory=_TOKEN, init=False, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TypeModel:
        vocab = list(data["vocabulary"])
        return cls(
            tuple(data["types"]),
            {w: i for i, w in enumerate(vocab)},
            np.asarray(data["word_weights"], dtype=np.float64).reshape(len(vocab), -1),
            np.asarray(data["shape_mean"], dtype=np.float64),
            np.asarray(data["shape_scale"], dtype=np.float64),
            np.asarray(data["shape_weights"], dtype=np.float64),
            np.asarray(data["bias"], dtype=np.float64),
            dict(data.get("meta", {})),
        )

    @classmethod
    def load(cls, path: str | Path) -> TypeModel:
        with open(path, encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))

    def logits(self, words: frozenset[str], page_shape: np.ndarray) -> np.ndarray:
        idx = {i for w in words if (i := self.vocabulary.get(w)) is not None}
        return self._logits(idx, page_shape)

    def _logits(self, idx: set[int], page_shape: np.ndarray) -> np.ndarray:
        """``logits`` of the page whose words have the vocabulary indices ``idx``."""
        z = self.bias.copy()
        if idx:
            z += self.word_weights[sorted(idx)].sum(axis=0)
        z += ((page_shape - self.shape_mean) / self.shape_scale) @ self.shape_weights
        return z

    def word_indices(self, segments: Sequence[Segment]) -> set[int]:
        """The vocabulary indices of :func:`page_words`: the union of each line's
        (a word never spans a line break, and a line's are kept across rounds),
        unless the page is cut.

        >>> m = TypeModel(("a",), {"reply": 0, "joined": 1}, *[np.zeros(1)] * 5, {})
        >>> sorted(m.word_indices([Segment(0, 1, "Reply to Joe"), Segment(1, 2, "Joined")]))
        [0, 1]
        """
        vocabulary = self.vocabulary
        if sum(len(s.text) + 1 for s in segments) - 1 > MAX_CHARS:
            return {i for w in page_words(segments) if (i := vocabulary.get(w)) is not None}
        if len(_LINE_WORDS) > _MAX_CACHED:
            _LINE_WORDS.clear()
        found = []
        for s in segments:
            key = (self.token, s.text)
            got = _LINE_WORDS.get(key)
            if got is None:
                words = _WORD_RE.findall(s.text.lower())
                got = _LINE_WORDS[key] = tuple(
                    {i for w in words if (i := vocabulary.get(w)) is not None}
                )
            found.append(got)
        return set().union(*found)

    def probabilities(self, segments: tuple[Segment, ...]) -> np.ndarray:
        z = self._logits(self.word_indices(segments), shape(segments))
        z = np.exp(z - z.max())
        return z / z.sum()


def configured(name: str) -> PageType:
    """The page type a user named (``Config.page_type``): certain."""
    probs = tuple(1.0 if t == name else 0.0 for t in PAGE_TYPES)
    return PageType(name, 1.0, probs, "config")


def classify(segments: tuple[Segment, ...], model: TypeModel) -> PageType:
    """The page type of a text, from its words and shape (``model``: the shipped
    one is ``cleaner.fitted.models().page_type``).

    >>> from cleaner.fitted import models
    >>> from cleaner.normalize import page_from_text
    >>> forum = ("Re: Dropped frames after update\\nPosted by mike_k\\nJoined: Mar 2019\\nPosts: 412\\n"
    ...     "Same here, my card drops frames since the last driver. Did you roll it back?\\nReply\\nQuote\\n"
    ...     "Re: Dropped frames after update\\nPosted by anna\\nJoined: Jan 2021\\nPosts: 35\\n"
    ...     "Rolling back fixed it for me, thanks for the hint everyone.\\nReply\\nQuote")
    >>> classify(page_from_text(forum).segments, models().page_type).name
    'forum'
    """
    if not segments:
        return PageType("article", 0.0, tuple(0.0 for _ in PAGE_TYPES), "text")
    probs = model.probabilities(segments)[[model.types.index(t) for t in PAGE_TYPES]]
    best = int(np.argmax(probs))
    return PageType(PAGE_TYPES[best], float(probs[best]), tuple(float(p) for p in probs), "text")
