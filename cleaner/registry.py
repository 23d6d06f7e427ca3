"""Pass registration by decorator.

There are two kinds of pass, both pure functions:

* a **line pass** sees one stripped line, ``fn(text: str) -> str | None``, and
  returns a reason to remove it, or ``None`` to keep it;
* a **page pass** sees the whole document, ``fn(page: Page) -> Outcome``, and
  returns the segments to remove with reasons, plus any metadata it learned.

Codes are forever: a renamed pass keeps its code, and an old code can live on
as an alias (``aliases=``) so configurations that name it keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal, TypeVar

import regex

from .model import Outcome, Page

Kind = Literal["line", "page"]
LineFn = Callable[[str], "str | None"]
PageFn = Callable[[Page], Outcome]
F = TypeVar("F", bound=Callable[..., object])

CODE_RE = regex.compile(r"^CL\d{3}$")
#: Codes whose removals state the user's intent (their own patterns, a learned
#: profile): no later pass keeps those lines.
PROTECTED = frozenset({"CL199", "CL701"})
#: Families whose removals rest on a line matching an explicit phrase list
#: ("Read also", "Back to top", a cookie prompt; after an extractor: "Tell us
#: what you think", "Lena Ortiz contributed reporting"): the body model, which
#: reads a line's shape and context, may not overrule them (the fit does not try).
EXPLICIT_FAMILIES = frozenset({"furniture", "residual"})


@dataclass(frozen=True, slots=True)
class PassInfo:
    """A registered pass: its permanent code, name, family, kind and order."""

    code: str
    name: str
    family: str
    kind: Kind
    order: int
    func: Callable[..., object]
    default: bool = True
    aliases: tuple[str, ...] = ()
    #: A line pass's cheap necessary condition: where ``screen(text)`` is false
    #: the pass keeps the line, so the pipeline does not call it. Passes that
    #: share a screen share its work: it runs once per line for all of them.
    screen: Callable[[str], bool] | None = None

    @property
    def doc(self) -> str:
        """The first paragraph of the pass's docstring, on one line."""
        return " ".join((self.func.__doc__ or "").strip().split("\n\n", 1)[0].split())


_REGISTRY: dict[str, PassInfo] = {}
_ALIASES: dict[str, str] = {}


def _register(
    kind: Kind,
    code: str,
    name: str,
    order: int,
    default: bool,
    aliases: tuple[str, ...],
    screen: Callable[[str], bool] | None = None,
) -> Callable[[F], F]:
    if not CODE_RE.match(code):
        raise ValueError(f"pass code must look like CL123, got {code!r}")

    def deco(func: F) -> F:
        if code in _REGISTRY or code in _ALIASES:
            raise ValueError(f"pass code {code} is registered twice")
        family = func.__module__.rsplit(".", 1)[-1]
        _REGISTRY[code] = PassInfo(code, name, family, kind, order, func, default, aliases, screen)
        for alias in aliases:
            _ALIASES[alias] = code
        return func

    return deco


def line_pass(
    code: str,
    name: str,
    *,
    order: int,
    default: bool = True,
    aliases: tuple[str, ...] = (),
    screen: Callable[[str], bool] | None = None,
) -> Callable[[F], F]:
    """Register ``fn(text) -> reason | None`` as a line pass.

    ``screen``, when given, is a pure ``text -> bool`` that is true for every
    line the pass could remove (tests/test_screens.py holds every pass to it).
    """
    return _register("line", code, name, order, default, aliases, screen)


def page_pass(
    code: str, name: str, *, order: int, default: bool = True, aliases: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Register ``fn(page) -> Outcome`` as a page pass."""
    return _register("page", code, name, order, default, aliases)


def load_builtin_passes() -> None:
    """Import every pass family so that its decorators run."""
    from . import passes  # noqa: F401


def all_passes() -> list[PassInfo]:
    """Every registered pass, in run order."""
    load_builtin_passes()
    return sorted(_REGISTRY.values(), key=lambda p: (p.order, p.code))


def resolve(code: str) -> str | None:
    """The current code for ``code`` (following aliases), or ``None`` if unknown.

    A prefix such as ``CL1`` selects a whole range and resolves to itself.
    """
    load_builtin_passes()
    code = code.strip().upper()
    if code in _REGISTRY:
        return code
    if code in _ALIASES:
        return _ALIASES[code]
    if regex.fullmatch(r"CL\d{0,2}", code) and any(c.startswith(code) for c in _REGISTRY):
        return code
    return None


def get(code: str) -> PassInfo:
    load_builtin_passes()
    return _REGISTRY[_ALIASES.get(code, code)]


@cache
def overrulable(code: str) -> bool:
    """Whether the body model may keep a line that pass ``code`` removed.

    >>> overrulable("CL402"), overrulable("CL101"), overrulable("CL505"), overrulable("CL199")
    (True, False, False, False)
    """
    if code in PROTECTED:
        return False
    load_builtin_passes()
    info = _REGISTRY.get(_ALIASES.get(code, code))
    return info is not None and info.family not in EXPLICIT_FAMILIES
