"""The data model: a document is a tuple of segments, each ending with a verdict.

A *segment* is one non-blank line of the normalized input. Blank lines are not
segments; the number of blank lines before a segment is kept in ``gap_before``
so the paragraph structure can be rebuilt. Passes never change segments: they
return verdicts, and the pipeline builds the result from them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .config import Config

EMPTY: Mapping[Any, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Segment:
    """One line of normalized text.

    ``index`` is the position among segments, ``line_no`` the 1-based line
    number in the normalized input, ``gap_before`` the blank lines before it.
    """

    index: int
    line_no: int
    text: str
    gap_before: int = 0


@dataclass(frozen=True, slots=True)
class Verdict:
    """What became of one segment: kept, or removed by a pass with a reason.

    ``repeat`` is set when the line was removed as a repeat of other lines (a
    copy, a truncated teaser, a digest; see ``Repeat``): the removal stands only
    while every line it repeats (``repeats``, their indices) is kept.
    """

    index: int
    kept: bool = True
    code: str | None = None
    name: str | None = None
    reason: str | None = None
    repeat: Repeat | None = None

    @property
    def repeats(self) -> tuple[int, ...]:
        """The indices of the segments this removed line repeats (none: ``()``)."""
        return self.repeat.of if self.repeat is not None else ()


@dataclass(frozen=True, slots=True)
class Repeat:
    """A page pass's reason for removing a line that repeats other lines: the
    reason's text, with ``{lines}`` where the line numbers of the lines it
    repeats go, their segment indices (``of``) and line numbers (``lines``).
    ``exact``: the line is a whole copy of its one original, so it can stand in
    for it. ``need``: how many of the lines it repeats must stay (``None``: all;
    a digest repeats many lines and goes while most of them stay).

    The pipeline keeps such a removal only while every line it repeats stays in
    the output: a copy is never removed together with its original, whichever
    pass (or round) removes the original, before or after. When an original
    goes, its first whole copy stays in its place, and the other copies repeat
    that one (their reasons then name it).

    >>> r = Repeat("repeat of line {lines}", (40,), (41,), exact=True)
    >>> str(r), r.of
    ('repeat of line 41', (40,))
    """

    template: str
    of: tuple[int, ...]
    lines: tuple[int, ...]
    exact: bool = False
    need: int | None = None

    def __str__(self) -> str:
        return self.template.format(lines=", ".join(map(str, self.lines)))

    def holds(self, kept: Container[int]) -> bool:
        """Whether the removal may stand while the segments ``kept`` are kept:
        all the lines it repeats are, or ``need`` of them.

        >>> Repeat("digest", (1, 2, 3), (2, 3, 4), need=2).holds({1, 3})
        True
        """
        need = len(self.of) if self.need is None else self.need
        return sum(t in kept for t in self.of) >= need


@dataclass(frozen=True, slots=True)
class Removal:
    """A removed line as reported to users (``cleaner explain``, ``--meta``)."""

    line_no: int
    text: str
    code: str
    name: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line_no,
            "text": self.text,
            "code": self.code,
            "name": self.name,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Overruled:
    """A line an earlier pass removed and a later one kept: what was said, and why it stays."""

    line_no: int
    text: str
    code: str
    name: str
    reason: str
    by: str
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {**Removal.to_dict(self), "kept_by": self.by, "why": self.why}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a page pass returns: segments to remove (index -> reason, a ``Repeat``
    for a line that repeats others), segments an earlier pass removed that are
    to stay after all (``kept``: index -> why), and metadata.

    >>> Outcome.of({3: "title"}, title="A headline").removed[3]
    'title'
    >>> bool(Outcome())
    False
    """

    removed: Mapping[int, str | Repeat] = field(default_factory=lambda: EMPTY)
    meta: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    kept: Mapping[int, str] = field(default_factory=lambda: EMPTY)

    @classmethod
    def of(
        cls,
        removed: Mapping[int, str | Repeat] | None = None,
        kept: Mapping[int, str] | None = None,
        **meta: str | None,
    ) -> Outcome:
        found = {k: v for k, v in meta.items() if v}
        return cls(
            MappingProxyType(dict(removed or {})),
            MappingProxyType(found),
            MappingProxyType(dict(kept or {})),
        )

    def __bool__(self) -> bool:
        return bool(self.removed or self.meta or self.kept)


@dataclass(frozen=True, slots=True)
class PageType:
    """The decision: the most probable type, its probability, and every probability
    in the order of ``config.PAGE_TYPES``."""

    name: str
    confidence: float
    probabilities: tuple[float, ...]
    source: str  # "text", "html" or "config"


@dataclass(frozen=True, slots=True)
class Page:
    """An immutable view of the document as a page pass sees it.

    ``removed`` maps the index of every segment already removed by an earlier
    pass to that pass's code; ``meta`` holds what earlier passes learned;
    ``page_type`` is the page-type decision the passes work with;
    ``extracted`` is true for the text an HTML page's extraction chose (the
    extraction has found the body: the body model removes nothing from it).
    """

    segments: tuple[Segment, ...]
    removed: Mapping[int, str]
    meta: Mapping[str, str]
    config: Config
    page_type: PageType | None = None
    extracted: bool = False

    def is_kept(self, index: int) -> bool:
        return index not in self.removed

    def kept(self) -> list[Segment]:
        """Segments still kept, in order."""
        return [s for s in self.segments if s.index not in self.removed]

    def kept_after(self, index: int) -> Iterator[Segment]:
        return (s for s in self.segments[index + 1 :] if s.index not in self.removed)

    def kept_before(self, index: int) -> Iterator[Segment]:
        """Kept segments before ``index``, nearest first."""
        return (s for s in reversed(self.segments[:index]) if s.index not in self.removed)


R = TypeVar("R")
T = TypeVar("T")

#: How many page states ``per_page`` remembers for each function.
PER_PAGE_STATES = 8
#: How many pages ``per_segments`` remembers for each function.
PER_SEGMENTS_PAGES = 4


def _remember(
    func: Callable[[T], R], state_of: Callable[[T], tuple[tuple[Segment, ...], object]], size: int
) -> Callable[[T], R]:
    """``func`` with its last ``size`` results kept, each found again by the
    identity of a segment tuple and an equal state (both from ``state_of``)."""
    recent: list[tuple[tuple[Segment, ...], object, R]] = []

    @functools.wraps(func)
    def wrapper(arg: T) -> R:
        segments, state = state_of(arg)
        for seen, seen_state, result in recent:
            if seen is segments and seen_state == state:
                return result
        result = func(arg)
        recent[:] = [(segments, state, result), *recent[: size - 1]]
        return result

    return wrapper


def per_page(func: Callable[[Page], R]) -> Callable[[Page], R]:
    """Remember ``func(page)`` for the last few page states.

    ``func`` must depend on nothing but the page's segments, its removals and
    its configuration. Several passes of one run ask the same question of the
    same page (where does the head end, where is the body); the answer is
    worked out again only when a pass in between removed something. Pages are
    matched by the identity of their segment tuple (every pass of a run sees
    the same one; hashing a whole page would cost more than it saves).
    The results must be treated as read-only.

    >>> from cleaner.normalize import page_from_text
    >>> calls = []
    >>> @per_page
    ... def count(page):
    ...     calls.append(1)
    ...     return len(page.kept())
    >>> p = page_from_text("a\\nb")
    >>> count(p), count(Page(p.segments, {0: "CL101"}, p.meta, p.config)), count(p), len(calls)
    (2, 1, 2, 2)
    """
    return _remember(
        func,
        lambda page: (page.segments, (frozenset(page.removed.items()), page.config)),
        PER_PAGE_STATES,
    )


def per_segments(func: Callable[[tuple[Segment, ...]], R]) -> Callable[[tuple[Segment, ...]], R]:
    """Remember ``func(segments)`` for the last few segment tuples (by identity),
    for what depends on the lines alone, whatever was removed (``per_page``)."""
    return _remember(func, lambda segments: (segments, None), PER_SEGMENTS_PAGES)


@dataclass(frozen=True, slots=True)
class Result:
    """The full result of cleaning one text."""

    text: str
    segments: tuple[Segment, ...]
    verdicts: tuple[Verdict, ...]
    meta: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    #: Lines an earlier pass removed and a later one (the body model) kept.
    overruled: tuple[Overruled, ...] = ()

    @property
    def title(self) -> str | None:
        return self.meta.get("title")

    @property
    def date(self) -> str | None:
        return self.meta.get("date")

    @property
    def author(self) -> str | None:
        return self.meta.get("author")

    @property
    def page_type(self) -> str | None:
        """The page type (one of ``config.PAGE_TYPES``) the passes worked with."""
        return self.meta.get("page_type")

    @property
    def page_type_confidence(self) -> float | None:
        """How sure the page-type decision is (0-1; 1.0 when configured)."""
        value = self.meta.get("page_type_confidence")
        return float(value) if value is not None else None

    @property
    def removed(self) -> list[Removal]:
        """Every removed line, in order, with its code and reason."""
        out = []
        for seg, v in zip(self.segments, self.verdicts, strict=True):
            if not v.kept:
                out.append(
                    Removal(seg.line_no, seg.text, v.code or "", v.name or "", v.reason or "")
                )
        return out

    @property
    def warning(self) -> str | None:
        """Set when something needs a reader's attention, such as a text with prose
        that came out (nearly) empty: which passes took what."""
        return self.meta.get("warning")

    @property
    def changed_lines(self) -> int:
        return sum(1 for v in self.verdicts if not v.kept)

    def to_meta(self) -> dict[str, Any]:
        """The JSON-ready ``cleaner`` object of ``cleaner clean --jsonl --meta``."""
        return {
            "title": self.title,
            "date": self.date,
            "author": self.author,
            "page_type": self.page_type,
            "page_type_confidence": self.page_type_confidence,
            "warning": self.warning,
            "removed": [r.to_dict() for r in self.removed],
            "overruled": [o.to_dict() for o in self.overruled],
        }
