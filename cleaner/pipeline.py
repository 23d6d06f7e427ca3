"""The pipeline: normalize, run every enabled pass in order, build the result.

Passes never see or return a changed document; the pipeline alone records
verdicts. A segment removed by one pass is not shown to later line passes, and
page passes see it as removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from .config import Config
from .model import Page, Result, Segment, Verdict
from .normalize import normalize, render, segment
from .registry import PassInfo, all_passes


def _enabled_passes(config: Config) -> tuple[PassInfo, ...]:
    """The passes ``config`` runs, in order (worked out once per configuration)."""
    try:
        return _enabled_cached(config)
    except TypeError:  # an unhashable option value: work it out each time
        return _enabled_uncached(config)


def _enabled_uncached(config: Config) -> tuple[PassInfo, ...]:
    return tuple(p for p in all_passes() if config.enabled(p.code, p.default))


_enabled_cached = lru_cache(maxsize=64)(_enabled_uncached)


def run(text: str, config: Config) -> Result:
    """Clean ``text`` under ``config`` and return the full result."""
    if not isinstance(text, str):
        raise TypeError(f"cleaner works on str, got {type(text).__name__}")
    segments = segment(normalize(text, config))
    return run_segments(segments, config)


def run_segments(
    segments: tuple[Segment, ...], config: Config, known: Mapping[str, str] | None = None
) -> Result:
    """Run the passes over ``segments``; ``known`` is metadata known beforehand
    (from HTML, say): passes see it and only fill the keys it lacks."""
    removed: dict[int, tuple[str, str, str]] = {}
    meta: dict[str, str] = dict(known or {})
    #: For each screen, the segments it lets through (worked out once per text).
    screened: dict[object, list[Segment]] = {}
    for info in _enabled_passes(config):
        if info.kind == "line":
            func = info.func
            candidates = segments
            if info.screen is not None:
                candidates = screened.get(info.screen)  # type: ignore[assignment]
                if candidates is None:
                    screen = info.screen
                    candidates = screened[screen] = [s for s in segments if screen(s.text)]
            for seg in candidates:
                if seg.index not in removed:
                    reason = func(seg.text)
                    if reason:
                        removed[seg.index] = (info.code, info.name, str(reason))
            continue
        page = Page(
            segments,
            MappingProxyType({i: c for i, (c, _, _) in removed.items()}),
            MappingProxyType(dict(meta)),
            config,
        )
        outcome = info.func(page)
        for index, reason in sorted(outcome.removed.items()):
            if index not in removed and 0 <= index < len(segments):
                removed[index] = (info.code, info.name, str(reason))
        for key, value in outcome.meta.items():
            meta.setdefault(key, value)
    verdicts = tuple(
        Verdict(s.index, False, *removed[s.index]) if s.index in removed else Verdict(s.index)
        for s in segments
    )
    body = render((s for s in segments if s.index not in removed), config)
    return Result(body, segments, verdicts, MappingProxyType(meta))
