"""The pipeline: normalize, decide the page type, run every pass that applies, build the result.

Passes never see or return a changed document; the pipeline alone records
verdicts. A segment removed by one pass is not shown to later line passes, and
page passes see it as removed. A page pass may also keep a segment an earlier
pass removed (``Outcome.kept``: the body model overruling a heuristic); the
result lists every such line in ``Result.overruled``. Removals by the user's
own patterns (CL199) and by a learned profile (CL701) are never overruled.

The page type (``Result.page_type``) is decided first: from the configuration,
from what the HTML extraction knew, or from the text (:mod:`cleaner.pagetype`).
Passes that the fitted gates switch off for that type (``gates``) do not run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from types import MappingProxyType

import regex

from .config import PAGE_TYPES, Config
from .model import Overruled, Page, Result, Segment, Verdict
from .normalize import normalize, render, segment
from .registry import PROTECTED, PassInfo, all_passes

#: A text with at least this many words of prose, of which cleaning keeps less
#: than ``VANISH_SHARE``, gets a warning naming the passes that took them.
VANISH_WORDS = 50
VANISH_SHARE = 0.1


def _enabled_passes(config: Config) -> tuple[PassInfo, ...]:
    """The passes ``config`` runs, in order (worked out once per configuration)."""
    try:
        return _enabled_cached(config)
    except TypeError:  # an unhashable option value: work it out each time
        return _enabled_uncached(config)


def _enabled_uncached(config: Config) -> tuple[PassInfo, ...]:
    return tuple(p for p in all_passes() if config.enabled(p.code, p.default))


_enabled_cached = lru_cache(maxsize=64)(_enabled_uncached)


#: Cleaning the cleaned text again (see ``run``) reads at most this many
#: times the input's lines, all rounds together: linear time on any input.
WORK_FACTOR = 32


def run(text: str, config: Config) -> Result:
    """Clean ``text`` under ``config`` and return the full result.

    Cleaning is idempotent by construction: the body is cleaned again, as a
    second clean would read it, until a round reads exactly what the round
    before read (the fitted body model and the page type see a cleaned text,
    and its new layout, in a new light); the lines later rounds remove are
    reported against the input's own lines. A round that removes a line can
    bring the next line near a threshold over it (the page is smaller, its
    type less sure), so rounds go on while they change something, within
    ``WORK_FACTOR`` times the input's lines; a text that has not settled then
    (fuzzing has not found one) says so in ``Result.warning``.
    """
    if not isinstance(text, str):
        raise TypeError(f"cleaner works on str, got {type(text).__name__}")
    segments = segment(normalize(text, config))
    result, seen = _run_segments(segments, config)
    # the user's patterns have had every line already (a pattern that ran out
    # of time is not tried again): later rounds run without them, unless the line
    # a pattern ran out of time on is gone (a second clean would try the lines after it)
    again_config = config
    if config.remove_patterns and not _timed_out_line_removed(segments, result):
        again_config = replace(config, remove_patterns=())
    last, read = result, segments  # the last round's own result, and what it read
    budget = WORK_FACTOR * len(segments)
    body, normalized = None, ""  # the last body normalized (a round that removes
    # nothing leaves the body as it was: it is not normalized again)
    while True:
        kept = [s for s, v in zip(segments, result.verdicts, strict=True) if v.kept]
        if result.text != body:
            body, normalized = result.text, normalize(result.text, config)
        again = segment(normalized)
        if len(again) != len(kept):
            break  # the body does not read back line for line: leave it
        if all(v.kept for v in last.verdicts) and _same_reading(again, read):
            break  # a second clean would read what this round read
        budget -= len(again)
        if budget < 0:
            return _unsettled(result)
        # a line may read back changed by the layout options (a bullet, a quote):
        # it is the same line, as a second clean sees it. A line pass judges each
        # line alone: those that saw every line as it reads now need not see it
        # again (unless the body model kept a line a pass took before they saw it)
        same_text = all(a.text == k.text for a, k in zip(again, kept, strict=True))
        skip = seen if same_text and not result.overruled else frozenset()
        second, _ = _run_segments(again, again_config, seen=skip)
        result = _merge(result, kept, second, config)
        last, read = second, again
    return result


def _unsettled(result: Result) -> Result:
    """``result`` with a warning that cleaning it again may remove more."""
    said = str(result.meta.get("warning") or "")
    note = (
        f"cleaning did not settle within {WORK_FACTOR} times the text's lines "
        "of rounds: cleaning the output again may remove more"
    )
    meta = {**result.meta, "warning": f"{said}; {note}" if said else note}
    return replace(result, meta=MappingProxyType(meta))


_TIMED_OUT_RE = regex.compile(r"ran out of time \([^)]*\) on line (\d+);")


def _timed_out_line_removed(segments: tuple[Segment, ...], result: Result) -> bool:
    """Whether a line a user pattern ran out of time on (``errors.PATTERN_TIMEOUT``)
    was removed by another pass."""
    lines = {int(n) for n in _TIMED_OUT_RE.findall(str(result.meta.get("warning") or ""))}
    return any(
        s.line_no in lines and not v.kept for s, v in zip(segments, result.verdicts, strict=True)
    )


def _same_reading(a: tuple[Segment, ...], b: tuple[Segment, ...]) -> bool:
    """Whether two readings of a text are the same lines with the same gaps."""
    return len(a) == len(b) and all(
        x.text == y.text and x.gap_before == y.gap_before for x, y in zip(a, b, strict=True)
    )


def _merge(first: Result, kept: list[Segment], second: Result, config: Config) -> Result:
    """``first`` with the removals of ``second`` (a run over ``first``'s body,
    whose segments are ``kept``) reported against ``first``'s own lines."""
    verdicts = list(first.verdicts)
    for seg, v in zip(kept, second.verdicts, strict=True):
        if not v.kept:
            verdicts[seg.index] = Verdict(seg.index, False, v.code, v.name, v.reason)
    meta = dict(first.meta)
    for key, value in second.meta.items():
        meta.setdefault(key, value)
    removed = {v.index: (v.code, v.name, v.reason) for v in verdicts if not v.kept}
    warning = vanished(first.segments, removed)  # type: ignore[arg-type]
    if warning and not meta.get("warning", "").startswith("user pattern"):
        meta["warning"] = warning
    position = {s.line_no: k for k, s in enumerate(second.segments)}
    seen = {o.line_no for o in first.overruled}
    overruled = [*first.overruled]
    for o in second.overruled:
        line_no = kept[position[o.line_no]].line_no
        if line_no not in seen:  # kept against the same pass again: said once
            overruled.append(Overruled(line_no, o.text, o.code, o.name, o.reason, o.by, o.why))
    text = render((s for s in first.segments if verdicts[s.index].kept), config)
    return Result(text, first.segments, tuple(verdicts), MappingProxyType(meta), tuple(overruled))


def page_type_of(segments: tuple[Segment, ...], config: Config, known: Mapping[str, str]):
    """The page-type decision: the configured type, else the one the HTML
    extraction found (``known``), else the text's (:func:`pagetype.classify`)."""
    from . import pagetype

    if config.page_type != "auto":
        return pagetype.configured(config.page_type)
    name = known.get("page_type")
    if name in PAGE_TYPES:
        try:
            confidence = float(known.get("page_type_confidence", "1"))
        except ValueError:
            confidence = 1.0
        probs = tuple(confidence if t == name else (1 - confidence) / 6 for t in PAGE_TYPES)
        return pagetype.PageType(name, confidence, probs, "html")
    from .fitted import models

    return pagetype.classify(segments, models(config.models).page_type)


def _gated(page_type, config: Config) -> frozenset[str]:
    """The codes of the passes the fitted gates switch off on this page type:
    only when the type is as sure as the gates ask (``gates.json``); a pass the
    user selects by its own code always runs."""
    if page_type is None:
        return frozenset()
    from .fitted import models

    m = models(config.models)
    if page_type.confidence < m.gate_confidence:
        return frozenset()
    return frozenset(
        code
        for code, types in m.gates.items()
        if page_type.name in types and code not in config.select
    )


def run_segments(
    segments: tuple[Segment, ...],
    config: Config,
    known: Mapping[str, str] | None = None,
    extracted: bool = False,
) -> Result:
    """Run the passes over ``segments``; ``known`` is metadata known beforehand
    (from HTML, say): passes see it and only fill the keys it lacks;
    ``extracted``: the text an HTML page's extraction chose (``Page.extracted``)."""
    return _run_segments(segments, config, known, extracted=extracted)[0]


def _run_segments(
    segments: tuple[Segment, ...],
    config: Config,
    known: Mapping[str, str] | None = None,
    seen: frozenset[str] = frozenset(),
    extracted: bool = False,
) -> tuple[Result, frozenset[str]]:
    """:func:`run_segments`, skipping the line passes in ``seen``; also the
    codes of the line passes that saw every segment."""
    ran: set[str] = set()
    removed: dict[int, tuple[str, str, str]] = {}
    overruled: dict[int, Overruled] = {}
    meta: dict[str, str] = dict(known or {})
    page_type = page_type_of(segments, config, meta) if segments else None
    if page_type is not None:
        meta["page_type"] = page_type.name
        meta["page_type_confidence"] = f"{page_type.confidence:.2f}"
    #: For each screen, the segments it lets through (worked out once per text).
    screened: dict[object, list[Segment]] = {}
    gated = _gated(page_type, config)
    # what page passes see of the removals and the metadata: made again only
    # after ``removed`` or ``meta`` changed (every change sets ``views`` to None)
    views: tuple[Mapping[int, str], Mapping[str, str]] | None = None
    for info in _enabled_passes(config):
        if info.code in gated:
            continue
        if info.kind == "line":
            ran.add(info.code)
            if info.code in seen:
                continue
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
                        views = None
            continue
        if views is None:
            views = (
                MappingProxyType({i: c for i, (c, _, _) in removed.items()}),
                MappingProxyType(dict(meta)),
            )
        page = Page(segments, *views, config, page_type, extracted)
        outcome = info.func(page)
        for index, reason in sorted(outcome.removed.items()):
            if index not in removed and 0 <= index < len(segments):
                removed[index] = (info.code, info.name, str(reason))
                views = None
        for index, why in sorted(outcome.kept.items()):
            was = removed.get(index)
            if was is not None and was[0] not in PROTECTED:
                seg = segments[index]
                overruled[index] = Overruled(seg.line_no, seg.text, *was, info.code, str(why))
                del removed[index]
                views = None
        for key, value in outcome.meta.items():
            if key not in meta:
                meta[key] = value
                views = None
    verdicts = tuple(
        Verdict(s.index, False, *removed[s.index]) if s.index in removed else Verdict(s.index)
        for s in segments
    )
    warning = vanished(segments, removed)
    if warning and "warning" not in meta:
        meta["warning"] = warning
    body = render((s for s in segments if s.index not in removed), config)
    result = Result(
        body,
        segments,
        verdicts,
        MappingProxyType(meta),
        tuple(overruled[i] for i in sorted(overruled)),
    )
    return result, frozenset(ran)


def vanished(
    segments: tuple[Segment, ...], removed: Mapping[int, tuple[str, str, str]]
) -> str | None:
    """A warning when most of a text's prose is removed, naming the passes that
    took it, most first (``None`` when prose stays, or there is little of it).

    >>> line = "The council met on Monday and agreed to the plan for the new park."
    >>> segs = tuple(Segment(i, i + 1, line) for i in range(6))
    >>> vanished(segs, {i: ("CL402", "outside-body", "x") for i in range(6)})
    'kept 0 of 84 words of prose: CL402 outside-body took 84'
    >>> vanished(segs, {0: ("CL402", "outside-body", "x")}) is None
    True
    """
    from .linefeatures import line_stats
    from .textstats import word_count

    # prose that vanishes is at least nine tenths of VANISH_WORDS: with fewer words
    # removed there is nothing to say (and the line measures are not needed)
    if sum(word_count(segments[i].text) for i in removed) < (1 - VANISH_SHARE) * VANISH_WORDS:
        return None
    stats = line_stats(segments)
    total = 0
    taken: dict[tuple[str, str], int] = {}
    for seg in segments:
        if not stats.prose[seg.index]:
            continue
        n = int(stats.words[seg.index])
        total += n
        if seg.index in removed:
            code, name, _ = removed[seg.index]
            taken[(code, name)] = taken.get((code, name), 0) + n
    kept = total - sum(taken.values())
    if total < VANISH_WORDS or kept >= VANISH_SHARE * total:
        return None
    parts = ", ".join(
        f"{code} {name} took {n}" for (code, name), n in sorted(taken.items(), key=lambda x: -x[1])
    )
    return f"kept {kept} of {total} words of prose: {parts}"
