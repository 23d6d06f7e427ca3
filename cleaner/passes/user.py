"""CL199: lines matching the user's own patterns (``remove_patterns`` in the config)."""

from __future__ import annotations

from functools import cache

import regex

from .. import errors
from ..catalogue import page_pass
from ..model import Outcome, Page


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    return tuple(regex.compile(p) for p in patterns)


@page_pass("CL199", "user-pattern", order=199)
def user_pattern(page: Page) -> Outcome:
    """Lines that one of ``remove_patterns`` matches in full.

    Each match runs under the ``regex`` module's timeout (``pattern_timeout``
    seconds, approximate). A pattern that runs out of time on a line counts as
    no match there and is not tried on the rest of the document, so a
    pathological pattern costs about one timeout per document, not one per
    line. The result says so in ``Result.meta["warning"]`` (``errors.PATTERN_TIMEOUT``).

    >>> from cleaner.config import Config
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Sponsored by ACME\\n\\nReal text.", Config(remove_patterns=("Sponsored by .*",)))
    >>> dict(user_pattern(p).removed)
    {0: "matches user pattern 'Sponsored by .*'"}
    >>> slow = Config(remove_patterns=("(a|aa)+$",), pattern_timeout=0.01)
    >>> o = user_pattern(page_from_text("a" * 5000 + "b\\n" + "a" * 5000 + "c", slow))
    >>> dict(o.removed), o.meta["warning"]
    ({}, "user pattern '(a|aa)+$' ran out of time (0.01 s) on line 1; not applied to the 1 line(s) after it")
    """
    config = page.config
    if not config.remove_patterns:
        return Outcome()
    live = list(_compiled(config.remove_patterns))
    kept = page.kept()
    removed = {}
    warnings = []
    for pos, seg in enumerate(kept):
        for pattern in list(live):
            try:
                hit = pattern.fullmatch(seg.text, timeout=config.pattern_timeout)
            except TimeoutError:
                live.remove(pattern)
                warnings.append(
                    errors.PATTERN_TIMEOUT.format(
                        pattern=pattern.pattern,
                        timeout=config.pattern_timeout,
                        line=seg.line_no,
                        left=len(kept) - pos - 1,
                    )
                )
                continue
            if hit:
                removed[seg.index] = f"matches user pattern {pattern.pattern!r}"
                break
    return Outcome.of(removed, warning="; ".join(warnings) or None)
