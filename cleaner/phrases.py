"""Phrase lists (``data/phrases.toml``) turned into fast line matchers."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import regex

from .prefilter import floats, literal_screen, required_literals
from .textstats import MAX_SHORT_LINE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Leading and trailing punctuation, symbols and spaces. Two anchored patterns
#: (the trailing one searched in reverse) instead of one ``^...|...$`` pattern,
#: which tries the trailing alternative at every position and is quadratic on a
#: long run of punctuation inside a line.
_LEAD_RE = regex.compile(r"^[\p{P}\p{S}\s]+")
_TRAIL_RE = regex.compile(r"(?r)[\p{P}\p{S}\s]+$")
_SPACES_RE = regex.compile(r"\s+")
SEPARATORS = r"[|:–—»>›•·/\-]"
#: The longest line (in characters) a phrase list can match. Furniture is short:
#: the longest built-in patterns (cookie banners) span about 750 characters. A
#: longer line is kept without running any phrase regex, which bounds the work
#: of every CL1xx pass per line whatever the line contains.
MAX_LINE_CHARS = MAX_SHORT_LINE


def key(text: str) -> str:
    """The form phrases are compared in: casefolded, edges stripped, spaces folded.

    >>> key("  Back to Top ↑ ")
    'back to top'
    >>> key("Don’t Miss:")
    "don't miss"
    """
    text = text.replace("’", "'").replace("‘", "'").casefold()
    lead = _LEAD_RE.match(text)
    start = lead.end() if lead else 0
    trail = _TRAIL_RE.search(text, start)
    end = trail.start() if trail else len(text)
    return _SPACES_RE.sub(" ", text[start:end])


#: ``key`` of a line (at most ``MAX_LINE_CHARS`` long: the callers check) and the
#: form prefixes are matched in, kept for the tables that ask again.
_key_cached = lru_cache(maxsize=4096)(key)


def _low(text: str) -> str:
    """The form of a line that prefixes are matched in."""
    return text.replace("’", "'").casefold().lstrip()


_low_cached = lru_cache(maxsize=4096)(_low)


@dataclass(frozen=True, slots=True)
class Matcher:
    """Matches a line against one table of ``phrases.toml``."""

    name: str
    lines: frozenset[str]
    prefix_re: Any
    pattern_re: Any
    max_words: int
    #: Built by ``matcher()`` from phrases.toml: a line that no table at all can
    #: match (``could_match``) is rejected before this table's own checks.
    screened: bool = False

    def match(self, text: str) -> str | None:
        """The kind of hit (``line``, ``prefix``, ``pattern``) or ``None``.

        Lines longer than ``MAX_LINE_CHARS`` are never matched.
        """
        if len(text) > MAX_LINE_CHARS:
            return None
        if self.screened and not could_match(text):
            return None
        k = _key_cached(text)  # every table asks again of the same line
        if not k:
            return None
        if k in self.lines:
            return "line"
        if self.max_words and text.count(" ") >= self.max_words:
            return None
        low = _low_cached(text)
        if self.prefix_re is not None and self.prefix_re.match(low):
            return "prefix"
        if self.pattern_re is not None and self.pattern_re.match(k):
            return "pattern"
        return None


def _flatten(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [p for lang in value.values() for p in lang]
    return list(value or [])


@cache
def tables() -> dict[str, dict[str, Any]]:
    data = resources.files("cleaner").joinpath("data/phrases.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@cache
def matcher(name: str) -> Matcher:
    """The matcher for table ``name`` of ``phrases.toml`` (built once)."""
    table = tables()[name]
    lines = frozenset(key(p) for p in _flatten(table.get("lines")))
    prefixes = sorted(
        {p.casefold() for p in _flatten(table.get("prefixes"))}, key=len, reverse=True
    )
    prefix_re = None
    if prefixes:
        alt = "|".join(regex.escape(p) for p in prefixes)
        sep = rf"\s*{SEPARATORS}+\s*(?=\S)" if table.get("prefix_separator", True) else r"\b"
        prefix_re = regex.compile(rf"(?:{alt}){sep}")
    patterns = _flatten(table.get("patterns"))
    pattern_re = regex.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return Matcher(name, lines, prefix_re, pattern_re, int(table.get("max_words", 0)), True)


def all_phrases() -> set[str]:
    """Every whole-line phrase in every table (used by context heuristics)."""
    return {key(p) for t in tables().values() for p in _flatten(t.get("lines"))}


@dataclass(frozen=True, slots=True)
class _Screen:
    """Every table's checks joined, without the word limits: a line none of
    these can match is matched by no table (the tables then check it exactly)."""

    lines: frozenset[str]
    prefix_re: Any
    #: Patterns that fail fast at the start of a line, as one regex.
    anchored_re: Any
    #: Patterns that try every position (``^.{0,200}\b(?:...)``): each runs only
    #: on lines holding one of the literals every match of it contains
    #: (:mod:`cleaner.prefilter`), and ``any_literal`` finds the lines holding
    #: any of them in one search.
    any_literal: Any
    floating: tuple[tuple[Any, Any], ...]


def _join(patterns: list[str]) -> Any:
    return regex.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@cache
def _screen() -> _Screen:
    """Every table at once (built once)."""
    ms = [matcher(name) for name, table in tables().items() if isinstance(table, dict)]
    anchored: list[str] = []
    floating: list[tuple[Any, Any]] = []
    literals: set[str] = set()
    for m in ms:
        for pattern in _flatten(tables()[m.name].get("patterns")):
            need = required_literals(pattern) if floats(pattern) else None
            if need is None:
                anchored.append(pattern)
            else:
                literals |= need
                floating.append((literal_screen(need), regex.compile(pattern)))
    return _Screen(
        lines=frozenset().union(*(m.lines for m in ms)),
        prefix_re=_join([m.prefix_re.pattern for m in ms if m.prefix_re is not None]),
        anchored_re=_join(anchored),
        any_literal=literal_screen(frozenset(literals)) if literals else None,
        floating=tuple(floating),
    )


def screen(text: str) -> bool:
    """Whether any table could match ``text``: the screen every phrase-list
    pass (CL1xx, CL5xx) declares, worked out once per line for all of them.

    >>> screen("Back to top"), screen("It rained in Paris all day."), screen("Back to top " * 500)
    (True, False, False)
    """
    return len(text) <= MAX_LINE_CHARS and could_match(text)


@lru_cache(maxsize=4096)
def could_match(text: str) -> bool:
    """Whether any table of phrases.toml might match ``text``: the union of
    every table's checks (line phrases, prefixes and patterns; not the word
    limits), run once per line instead of once per table. A
    ``Matcher`` built by ``matcher()`` only matches lines for which this holds.

    >>> could_match("Back to top"), could_match("It rained in Paris all day.")
    (True, False)
    """
    short = len(text) <= MAX_LINE_CHARS
    k = _key_cached(text) if short else key(text)
    if not k:
        return False
    sc = _screen()
    if k in sc.lines:
        return True
    low = _low_cached(text) if short else _low(text)
    if sc.prefix_re is not None and sc.prefix_re.match(low):
        return True
    if sc.anchored_re is not None and sc.anchored_re.match(k):
        return True
    if sc.any_literal is not None and sc.any_literal.search(k):
        for literals, pattern in sc.floating:
            if literals.search(k) and pattern.match(k):
                return True
    return False
