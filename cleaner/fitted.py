"""The fitted models and thresholds, loaded once from ``cleaner/data`` (or another folder).

``benchmarks/fit.py`` writes, into one folder:

* ``page_type.json``: the page-type model (:mod:`cleaner.pagetype`);
* ``lexicon.json``: word and word-pair weights (:mod:`cleaner.lexicon`);
* ``body_model.json``: the body model's trees (:mod:`cleaner.forest`) and, in
  its ``meta``, the decision thresholds of CL601 and the figures the fit had
  (in-sample and cross-validated by site), with the command that made it;
* ``gates.json``: for each pass, the page types on which it does not run,
  with the measurements behind each gate.

``benchmarks/fit_warning.py`` writes ``warning.json``: when ``Result.warning``
says that cleaning took most of a text's content (optional in another folder:
the package's own is used then).

``Config.models`` names another such folder (a refit on your own corpus, or
the per-fold models ``benchmarks/quality.py --cv`` uses); by default the
package's own data is used. Each file is read when first needed, once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from . import errors
from .catalogue import family
from .forest import Forest
from .lexicon import Lexicon
from .pagetype import TypeModel

DATA = Path(__file__).resolve().parent / "data"
#: A keep threshold no probability reaches: the pass is never overruled.
NEVER = 1.01
#: Page groups with thresholds of their own (the rules were written for articles).
GROUPS = ("article", "other")
FILES = ("page_type.json", "lexicon.json", "body_model.json", "gates.json")
T = TypeVar("T")


def _read(folder: Path, name: str, build: Callable[[dict[str, Any]], T]) -> T:
    path = folder / name
    if not path.is_file():
        raise errors.ConfigError(errors.NO_MODELS.format(folder=folder, missing=name))
    try:
        with open(path, encoding="utf-8") as fh:
            return build(json.load(fh))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise errors.ConfigError(errors.BAD_MODELS.format(folder=folder, error=exc)) from None


@lru_cache(maxsize=16)
def _page_type(folder: Path) -> TypeModel:
    return _read(folder, "page_type.json", TypeModel.from_dict)


@lru_cache(maxsize=16)
def _lexicon(folder: Path) -> Lexicon:
    return _read(folder, "lexicon.json", Lexicon.from_dict)


@lru_cache(maxsize=16)
def _body(folder: Path) -> Forest:
    return _read(folder, "body_model.json", Forest.from_dict)


@lru_cache(maxsize=16)
def _gates(folder: Path) -> tuple[float, dict[str, frozenset[str]]]:
    def build(data: dict[str, Any]) -> tuple[float, dict[str, frozenset[str]]]:
        gates = {code: frozenset(g["types"]) for code, g in data["gates"].items()}
        return float(data.get("confidence", 0.0)), gates

    return _read(folder, "gates.json", build)


@lru_cache(maxsize=16)
def _warning(folder: Path) -> dict[str, Any]:
    if not (folder / "warning.json").is_file():
        folder = DATA
    return _read(folder, "warning.json", lambda data: dict(data["rule"]))


@dataclass(frozen=True, slots=True)
class Models:
    """The fitted data of one folder; each part is loaded when first asked for."""

    folder: Path

    @property
    def page_type(self) -> TypeModel:
        return _page_type(self.folder)

    @property
    def lexicon(self) -> Lexicon:
        return _lexicon(self.folder)

    @property
    def body(self) -> Forest:
        return _body(self.folder)

    @property
    def gates(self) -> dict[str, frozenset[str]]:
        """For each pass code, the page types on which it does not run."""
        return _gates(self.folder)[1]

    @property
    def gate_confidence(self) -> float:
        """Gates apply only when the page type is at least this sure."""
        return _gates(self.folder)[0]

    @property
    def warning(self) -> dict[str, Any]:
        """The fitted warning rule (``warning.json``, ``rule``): ``share`` and
        ``min_content`` (see ``pipeline.vanished``)."""
        return _warning(self.folder)

    @property
    def thresholds(self) -> dict[str, Any]:
        """CL601's fitted decision thresholds (``body_model.json``, ``meta.thresholds``):
        ``remove`` per page group, ``keep`` per ``"CODE|group"``, ``guard_share``,
        ``guard_strong``."""
        return self.body.meta["thresholds"]

    def threshold(self, name: str) -> float:
        return float(self.thresholds[name])

    def remove_at(self, group: str) -> float:
        """Below this ``P(content)`` CL601 removes a line no pass removed."""
        return float(self.thresholds["remove"][group])

    def keep_at(self, code: str, group: str) -> float:
        """At or above this ``P(content)`` CL601 keeps a line ``code`` removed
        (``NEVER``, above any probability, where that does not pay): the pass's
        own threshold if the model files have one, else its family's
        (``@head|article``: one for all the head passes)."""
        keep = self.thresholds["keep"]
        found = keep.get(f"{code}|{group}")
        if found is None:
            found = keep.get(f"@{family(code)}|{group}", NEVER)
        return float(found)

    @property
    def min_coverage(self) -> float:
        """CL601 removes and overrules only on texts of which at least this share
        of the words is known to the lexicon."""
        return float(self.thresholds.get("min_coverage", 0.0))

    @property
    def other_at(self) -> float:
        """A page gets the thresholds of the other types only when its type is
        not article with at least this confidence (fitted; the rules were written
        for articles, so an unsure call keeps theirs)."""
        return float(self.thresholds.get("other_at", 0.0))


def group_of(page_type_name: str | None, confidence: float = 1.0, other_at: float = 0.0) -> str:
    """The threshold group of a page type called with ``confidence``.

    >>> group_of("article"), group_of("forum"), group_of(None)
    ('article', 'other', 'article')
    >>> group_of("forum", 0.45, other_at=0.5)
    'article'
    """
    if page_type_name in (None, "article") or confidence < other_at:
        return "article"
    return "other"


def models(folder: str | Path | None = None) -> Models:
    """The models in ``folder`` (default: the package's ``data``).

    >>> models().body.features[:2]
    ('log_words', 'log_chars')
    """
    return Models(Path(folder).resolve() if folder else DATA)
