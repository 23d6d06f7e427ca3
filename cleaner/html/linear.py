"""Fitted linear models shipped as data: read them, score them, explain a score.

A model file (``cleaner/data/<name>.json``) holds what a standardised logistic
regression needs, and where it came from:

* ``classes``: the labels (two for a yes/no model: ``[no, yes]``);
* ``features``, ``mean``, ``scale``: each feature's name and standardisation;
* ``coef`` (one row per class; one row for a yes/no model) and ``intercept``;
* ``command``, ``fitted_on``, ``held_out``: how to regenerate it and the score
  it had on data it was not fitted on.

Scoring needs no library: ``sum(coef * (x - mean) / scale) + intercept``, then
a softmax (or the logistic function for one row).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .. import errors

#: The error when a shipped model file is missing or malformed (a broken install).
BAD_MODEL = "the fitted model {name!r} (cleaner/data/{name}.json) is unreadable: {error}"


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A standardised (multinomial or binary) logistic regression."""

    name: str
    classes: tuple[str, ...]
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    info: Mapping[str, Any]

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> LinearModel:
        """Build a model from its JSON form; ``ConfigError`` if it is malformed.

        >>> m = LinearModel.from_dict("t", {"classes": ["no", "yes"], "features": ["x"],
        ...     "mean": [0], "scale": [1], "coef": [[2.0]], "intercept": [0.0]})
        >>> round(m.proba({"x": 1.0})[1], 3)
        0.881
        """
        try:
            features = tuple(str(f) for f in data["features"])
            model = cls(
                name,
                tuple(str(c) for c in data["classes"]),
                features,
                tuple(float(v) for v in data["mean"]),
                tuple(float(v) or 1.0 for v in data["scale"]),
                tuple(tuple(float(v) for v in row) for row in data["coef"]),
                tuple(float(v) for v in data["intercept"]),
                {k: v for k, v in data.items() if k not in _ARRAYS},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise errors.ConfigError(BAD_MODEL.format(name=name, error=exc)) from None
        rows = 1 if len(model.classes) == 2 else len(model.classes)
        n = len(features)
        if (
            len(model.coef) != rows
            or len(model.intercept) != rows
            or any(len(row) != n for row in model.coef)
            or len(model.mean) != n
            or len(model.scale) != n
        ):
            raise errors.ConfigError(BAD_MODEL.format(name=name, error="shapes differ"))
        return model

    def _z(self, x: Mapping[str, float]) -> list[float]:
        get = x.get
        return [
            (get(f, 0.0) - m) / s
            for f, m, s in zip(self.features, self.mean, self.scale, strict=True)
        ]

    def scores(self, x: Mapping[str, float]) -> list[float]:
        """The linear score of each row of ``coef``."""
        z = self._z(x)
        return [
            b + sum(c * v for c, v in zip(row, z, strict=True))
            for row, b in zip(self.coef, self.intercept, strict=True)
        ]

    def proba(self, x: Mapping[str, float]) -> list[float]:
        """The probability of each class."""
        s = self.scores(x)
        if len(self.classes) == 2:
            p = _sigmoid(s[0])
            return [1.0 - p, p]
        top = max(s)
        e = [math.exp(v - top) for v in s]
        total = sum(e)
        return [v / total for v in e]

    def best(self, x: Mapping[str, float]) -> tuple[str, float]:
        """The most probable class and its probability."""
        p = self.proba(x)
        i = max(range(len(p)), key=p.__getitem__)
        return self.classes[i], p[i]

    def evidence(self, x: Mapping[str, float], cls: str, n: int = 3) -> list[tuple[str, float]]:
        """The ``n`` features that pushed hardest towards ``cls`` (name, contribution)."""
        z = self._z(x)
        if len(self.classes) == 2:
            sign = 1.0 if cls == self.classes[1] else -1.0
            row = [sign * c for c in self.coef[0]]
        else:
            k = self.classes.index(cls)
            mean_row = [sum(col) / len(self.coef) for col in zip(*self.coef, strict=True)]
            row = [c - m for c, m in zip(self.coef[k], mean_row, strict=True)]
        parts = sorted(
            ((f, c * v) for f, c, v in zip(self.features, row, z, strict=True)),
            key=lambda fc: -fc[1],
        )
        return [(f, round(c, 2)) for f, c in parts[:n] if c > 0]


_ARRAYS = frozenset({"classes", "features", "mean", "scale", "coef", "intercept"})


def _sigmoid(v: float) -> float:
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


@lru_cache(maxsize=8)
def load(name: str) -> LinearModel:
    """The model ``cleaner/data/<name>.json`` (read once).

    >>> load("html_type").classes[0]
    'article'
    """
    try:
        text = resources.files("cleaner").joinpath("data", f"{name}.json").read_text("utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise errors.ConfigError(BAD_MODEL.format(name=name, error=exc)) from None
    return LinearModel.from_dict(name, data)


def to_dict(
    classes: Sequence[str],
    features: Sequence[str],
    mean: Sequence[float],
    scale: Sequence[float],
    coef: Sequence[Sequence[float]],
    intercept: Sequence[float],
    **info: Any,
) -> dict[str, Any]:
    """The JSON form of a model (what the fitting script writes), numbers rounded."""

    def r(v: float) -> float:
        return float(f"{v:.6g}")

    return {
        **info,
        "classes": list(classes),
        "features": list(features),
        "mean": [r(v) for v in mean],
        "scale": [r(v) for v in scale],
        "coef": [[r(v) for v in row] for row in coef],
        "intercept": [r(v) for v in intercept],
    }
