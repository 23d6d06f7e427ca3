"""The catalogue of passes: every built-in pass's code, name and family as data,
and the decorators that register a pass.

There are two kinds of pass, both pure functions:

* a **line pass** sees one stripped line, ``fn(text: str) -> str | None``, and
  returns a reason to remove it, or ``None`` to keep it;
* a **page pass** sees the whole document, ``fn(page: Page) -> Outcome``, and
  returns the segments to remove with reasons, plus any metadata it learned.

Codes are forever: a renamed pass keeps its code, and an old code can live on
as an alias (``aliases=``) so configurations that name it keep working.

This module sits below ``cleaner.config`` and imports no pass: ``BUILTIN``
names the built-in passes, so a configuration is checked (``resolve``) and a
pass's family is known (``family``, ``overrulable``) before any pass module is
imported. The passes register themselves here with ``line_pass`` and
``page_pass``; ``cleaner.registry`` imports them all and lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal, TypeVar

import regex

Kind = Literal["line", "page"]
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

#: Every built-in pass: code -> (name, family), the family being the module of
#: ``cleaner/passes/`` that defines it. tests/test_layers.py checks this against
#: what the pass modules register.
BUILTIN: dict[str, tuple[str, str]] = {
    "CL101": ("read-also", "furniture"),
    "CL102": ("teaser-heading", "furniture"),
    "CL103": ("back-to-top", "furniture"),
    "CL104": ("audio-player", "furniture"),
    "CL105": ("notification-prompt", "furniture"),
    "CL106": ("icon-name", "furniture"),
    "CL107": ("share-follow", "furniture"),
    "CL108": ("newsletter", "furniture"),
    "CL109": ("cookie-consent", "furniture"),
    "CL110": ("advertisement", "furniture"),
    "CL111": ("timestamp-stub", "furniture"),
    "CL112": ("copyright", "furniture"),
    "CL113": ("comments-prompt", "furniture"),
    "CL114": ("read-more-link", "furniture"),
    "CL115": ("image-credit", "furniture"),
    "CL199": ("user-pattern", "user"),
    "CL201": ("section-label", "head"),
    "CL202": ("date-line", "head"),
    "CL203": ("byline", "head"),
    "CL204": ("photo-caption", "head"),
    "CL205": ("breadcrumb", "head"),
    "CL206": ("title", "head"),
    "CL207": ("standfirst", "head"),
    "CL208": ("repeated-lede", "head"),
    "CL209": ("head-fragment", "head"),
    "CL301": ("teaser-block", "tail"),
    "CL302": ("company-profile", "tail"),
    "CL401": ("comment-section", "page"),
    "CL402": ("outside-body", "page"),
    "CL403": ("link-run", "page"),
    "CL404": ("duplicate-text", "page"),
    "CL501": ("known-title", "residual"),
    "CL502": ("contributor-credit", "residual"),
    "CL503": ("contact-line", "residual"),
    "CL504": ("link-line", "residual"),
    "CL505": ("pitch", "residual"),
    "CL506": ("tag-list", "residual"),
    "CL507": ("form-consent", "residual"),
    "CL601": ("body-model", "fitted"),
    "CL701": ("learned-boilerplate", "profile"),
}
#: Old codes of built-in passes -> their current code (the passes' ``aliases=``).
BUILTIN_ALIASES: dict[str, str] = {}


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
#: Each built-in pass as its own module registered it (``as_registered``).
_BUILTIN_INFO: dict[str, PassInfo] = {}


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
        info = PassInfo(code, name, family, kind, order, func, default, aliases, screen)
        _REGISTRY[code] = info
        if code in BUILTIN and func.__module__ == f"cleaner.passes.{family}":
            _BUILTIN_INFO[code] = info
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


def as_registered(info: PassInfo) -> bool:
    """Whether ``info`` is a built-in pass as its own module registered it (the
    native engine runs its port), not a plugin's pass or one replaced since."""
    return _BUILTIN_INFO.get(info.code) is info


def registered() -> list[PassInfo]:
    """Every pass registered so far (``cleaner.registry.all_passes`` imports the
    built-in ones first)."""
    return list(_REGISTRY.values())


def lookup(code: str) -> PassInfo:
    """The registered pass ``code`` (or its alias); ``KeyError`` if none is."""
    return _REGISTRY[_ALIASES.get(code, code)]


def resolve(code: str) -> str | None:
    """The current code for ``code`` (following aliases), or ``None`` if unknown.

    A prefix such as ``CL1`` selects a whole range and resolves to itself.

    >>> resolve("cl101"), resolve("CL1"), resolve("CL999"), resolve("CL8")
    ('CL101', 'CL1', None, None)
    """
    code = code.strip().upper()
    if code in BUILTIN or code in _REGISTRY:
        return code
    if code in BUILTIN_ALIASES:
        return BUILTIN_ALIASES[code]
    if code in _ALIASES:
        return _ALIASES[code]
    if regex.fullmatch(r"CL\d{0,2}", code) and any(
        c.startswith(code) for c in (*BUILTIN, *_REGISTRY)
    ):
        return code
    return None


def family(code: str) -> str:
    """The family of pass ``code`` (or its alias); ``KeyError`` if no pass has it.

    >>> family("CL101"), family("CL601")
    ('furniture', 'fitted')
    """
    code = BUILTIN_ALIASES.get(code, code)
    if code in BUILTIN:
        return BUILTIN[code][1]
    return lookup(code).family


@cache
def overrulable(code: str) -> bool:
    """Whether the body model may keep a line that pass ``code`` removed.

    >>> overrulable("CL402"), overrulable("CL101"), overrulable("CL505"), overrulable("CL199")
    (True, False, False, False)
    """
    if code in PROTECTED:
        return False
    try:
        return family(code) not in EXPLICIT_FAMILIES
    except KeyError:
        return False
