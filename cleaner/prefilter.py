"""Required literals of a regular expression: a cheap screen before the regex.

``required_literals(pattern)`` returns strings of which every match of
``pattern`` must contain at least one (or ``None`` when no such set is found).
A line that contains none of them cannot match, so the regex never runs on it.
This is the "prefilter" idea of RE2 and of code-search engines, kept to the
sound and simple part: literal runs, alternations of them, repeats of at least
one, and lookaheads. Anything the analysis does not understand (a
case-insensitive group, a backreference, a construct only the ``regex`` module
parses) ends the analysis with the literals found so far, or ``None``; so the
screen may let a line through for nothing, but never stops one that matches.

The patterns of ``data/phrases.toml`` that float (``^.{0,200}\\b(?:we use
cookies|...)``) try their alternatives at every position of every line; their
literals make them about ten times cheaper on lines that hold none.
"""

from __future__ import annotations

import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    from re import _constants as _c
    from re import _parser as _sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _sre_parse

#: Unicode property classes (a ``regex`` module feature) read as ``\w``: a
#: character class is never a literal, so which class it is does not matter here.
_PROPERTY_RE = re.compile(r"\\[pP]\{[^}]*\}")
_REPEATS = tuple(
    op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op
)
#: Literals shorter than this screen too little to be worth a search.
MIN_LITERAL = 3


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or ``None``.

    >>> sorted(required_literals(r"^.{0,200}\\b(?:all rights reserved|tous droits réservés)\\b"))
    ['all rights reserved', 'tous droits réservés']
    >>> sorted(required_literals(r"^(?:reporting|writing) by [\\p{L} .]{2,120}$"))
    ['reporting', 'writing']
    >>> required_literals(r"^\\d+:\\d+$") is None  # nothing literal long enough
    True
    >>> required_literals(r"(?i)cookies") is None  # case-insensitive: no literal is required
    True
    """
    try:
        tree = _sre_parse.parse(_PROPERTY_RE.sub(r"\\w", pattern))
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    found = _need(tree)
    if found is None or min(map(len, found)) < MIN_LITERAL:
        return None
    return frozenset(found)


def floats(pattern: str) -> bool:
    """Whether ``pattern`` may start its work anywhere in the line (it begins
    with ``^.{0,N}`` or a lookahead): the patterns worth screening.

    >>> floats(r"^.{0,200}\\bcookies\\b"), floats(r"^(?=.{0,500}\\bclick here\\b)"), floats(r"^copyright\\b")
    (True, True, False)
    """
    body = pattern[1:] if pattern.startswith("^") else pattern
    return body.startswith((".{", ".*", ".+", "(?=")) or not pattern.startswith("^")


def _need(items: Any) -> set[str] | None:
    """The required literals of a parsed sequence: the best of the literal runs
    and the required sets of its parts (all of them must match)."""
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        sub: set[str] | None = None
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, p = av
            if add_flags & re.IGNORECASE:
                break
            sub = _need(p)
        elif op is _c.BRANCH:
            sets = [_need(alt) for alt in av[1]]
            sub = None if any(s is None for s in sets) else set().union(*sets)  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _high, p = av
            sub = _need(p) if low >= 1 else None
        elif op is _c.ASSERT:
            _direction, p = av
            sub = _need(p)
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            sub = _need(av)
        elif op in (_c.AT, _c.ANY, _c.IN, _c.NOT_LITERAL, _c.CATEGORY, _c.ASSERT_NOT):
            pass  # matches no fixed text (or none at all): nothing required
        else:
            break  # a construct not analysed here: keep what was found before it
        if sub:
            candidates.append(sub)
    else:
        if run:
            candidates.append({"".join(run)})
    if not candidates:
        return None
    # Longest shortest literal first (the rarest), then the fewest literals.
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def literal_screen(literals: frozenset[str]) -> Any:
    """A compiled search for any of ``literals`` (plain text, so ``re`` and
    ``regex`` agree on what it matches)."""
    return re.compile("|".join(re.escape(x) for x in sorted(literals, key=len, reverse=True)))
