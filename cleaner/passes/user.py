"""CL199: lines matching the user's own patterns (``remove_patterns`` in the config)."""

from __future__ import annotations

from functools import cache

import regex

from ..model import Outcome, Page
from ..registry import page_pass


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    return tuple(regex.compile(p) for p in patterns)


@page_pass("CL199", "user-pattern", order=199)
def user_pattern(page: Page) -> Outcome:
    """Lines that one of ``remove_patterns`` matches in full.

    Each match runs under the ``regex`` module's timeout (``pattern_timeout``
    seconds); a pattern that runs out of time counts as no match for that line.

    >>> from cleaner.config import Config
    >>> p = Page.from_text("Sponsored by ACME\\n\\nReal text.", Config(remove_patterns=("Sponsored by .*",)))
    >>> dict(user_pattern(p).removed)
    {0: "matches user pattern 'Sponsored by .*'"}
    """
    config = page.config
    if not config.remove_patterns:
        return Outcome()
    compiled = _compiled(config.remove_patterns)
    removed = {}
    for seg in page.kept():
        for pattern in compiled:
            try:
                hit = pattern.fullmatch(seg.text, timeout=config.pattern_timeout)
            except TimeoutError:
                hit = None
            if hit:
                removed[seg.index] = f"matches user pattern {pattern.pattern!r}"
                break
    return Outcome.of(removed)
