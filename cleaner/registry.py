"""Every pass, loaded: the registry that the pipeline and ``cleaner passes`` read.

How a pass is written and registered (``line_pass``, ``page_pass``), and the
codes of the built-in ones, are in ``cleaner.catalogue``; the names are
re-exported here, so a plugin may import them from either module. The lookups
here that need a pass's function (``all_passes``, ``get``) first import the
built-in pass families, so that their decorators have run.
"""

from __future__ import annotations

from collections.abc import Callable

from .catalogue import (  # noqa: F401 - re-exported: the registry's API
    CODE_RE,
    EXPLICIT_FAMILIES,
    PROTECTED,
    F,
    Kind,
    PassInfo,
    as_registered,
    line_pass,
    lookup,
    overrulable,
    page_pass,
    registered,
    resolve,
)
from .model import Outcome, Page

LineFn = Callable[[str], "str | None"]
PageFn = Callable[[Page], Outcome]


def load_builtin_passes() -> None:
    """Import every pass family so that its decorators run."""
    from . import passes  # noqa: F401


def all_passes() -> list[PassInfo]:
    """Every registered pass, in run order."""
    load_builtin_passes()
    return sorted(registered(), key=lambda p: (p.order, p.code))


def get(code: str) -> PassInfo:
    load_builtin_passes()
    return lookup(code)
