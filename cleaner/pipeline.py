"""The pipeline: normalize, decide the page type, run every pass that applies, build the result.

Passes never see or return a changed document; the pipeline alone records
verdicts. A segment removed by one pass is not shown to later line passes, and
page passes see it as removed. A page pass may also keep a segment an earlier
pass removed (``Outcome.kept``: the body model overruling a heuristic); the
result lists every such line in ``Result.overruled``. Removals by the user's
own patterns (CL199) and by a learned profile (CL701) are never overruled.

A line removed as a repeat of other lines (a ``Repeat`` reason: a copy, a
truncated teaser, a digest, a dek) stays removed only while the lines it
repeats stay in the output: when a later pass, or a later round, removes one of
them for good, the repeat comes back (``settle_repeats``: the first whole copy
of a line stands in for it), and the next round judges it on its own. A copy
never goes together with its original.

The page type (``Result.page_type``) is decided first: from the configuration,
from what the HTML extraction knew, or from the text (:mod:`cleaner.pagetype`).
Passes that the fitted gates switch off for that type (``gates``) do not run.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from types import MappingProxyType

import regex

from .config import PAGE_TYPES, Config
from .errors import ConfigError, EngineError
from .model import Overruled, Page, Repeat, Result, Segment, Verdict
from .normalize import normalize, render, segment
from .registry import PROTECTED, PassInfo, all_passes, as_registered

#: A text with at least this many words of prose, of which cleaning keeps less
#: than ``VANISH_SHARE``, gets a warning naming the passes that took them (and
#: so does one that loses most of its content as its words read: ``vanished``).
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
    engine, _ = engine_for(config)
    if engine is not None:
        result = _from_engine(engine.run([text])[0])
        if isinstance(result, EngineError):
            raise result
        return result
    return run_python(text, config)


def run_many(texts: list[str], config: Config) -> list[Result | EngineError]:
    """``run`` on each of ``texts``, in one call of the engine when it answers
    ``config`` (without the interpreter while it works); a text the engine
    fails on gets its ``EngineError`` (returned, not raised), the others go on."""
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"cleaner works on str, got {type(text).__name__}")
    engine, _ = engine_for(config)
    if engine is None:
        return [run_python(text, config) for text in texts]
    return [_from_engine(answer) for answer in engine.run(list(texts))]


def clean_texts(texts: list[str], config: Config) -> list[str | EngineError]:
    """The body of ``run`` of each of ``texts`` (in one call of the engine,
    which then makes no rows for the lines; see ``run_many``)."""
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"cleaner works on str, got {type(text).__name__}")
    engine, _ = engine_for(config)
    if engine is None:
        return [run_python(text, config).text for text in texts]
    return engine.clean(list(texts))


def engine_for(config: Config) -> tuple[object | None, str | None]:
    """The native engine made ready for ``config``, or ``None`` and the reason
    the Python passes answer it instead (``python_reason``)."""
    for info in _enabled_passes(config):
        if info.code == "CL701" and config.profile is not None:
            # CL701 reads a learned profile, which the engine cannot read yet
            return None, "a learned profile (CL701) runs in Python"
        if not as_registered(info):
            return None, f"pass {info.code} is registered from Python (a plugin or a stand-in)"
    try:
        return _engine_cached(config, _models_stamp(config.models))
    except TypeError:  # an unhashable option value: made each time
        return _engine_uncached(config)


def _models_stamp(folder: str | None) -> tuple | None:
    """What a models folder's files are on disk (name, size, time): the engine
    made for a configuration reads the folder again when they change."""
    if folder is None:
        return None
    import os

    from .fitted import FILES

    stamp = []
    for name in (*FILES, "warning.json"):
        try:
            st = os.stat(os.path.join(folder, name))
        except OSError:
            stamp.append((name, None))
        else:
            stamp.append((name, st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def python_reason(config: Config) -> str | None:
    """Why ``config`` runs on the Python passes rather than the native engine,
    or ``None`` when the engine answers it (the same answers:
    ``benchmarks/golden.py``).

    >>> python_reason(Config()) is None
    True
    >>> python_reason(Config(remove_patterns=(r"(?<!x)Ads",)))[:35]
    'a user pattern the engine refuses: '
    """
    return engine_for(config)[1]


def _engine_uncached(config: Config) -> tuple[object | None, str | None]:
    from . import catalogue
    from ._engine import Engine

    try:
        engine = Engine(
            _screen(),
            _fixer(config.straighten_quotes),
            fix_unicode=config.fix_unicode,
            straighten_quotes=config.straighten_quotes,
            bullet=config.bullet,
            keep_paragraphs=config.paragraphs == "keep",
            select=[catalogue.resolve(c) or c for c in config.select],
            select_written=list(config.select),
            ignore=[catalogue.resolve(c) or c for c in config.ignore],
            remove_patterns=list(config.remove_patterns),
            min_body_words=config.min_body_words,
            page_type=config.page_type,
            models=config.models,
            profile=config.profile is not None,
        )
    except ConfigError:
        raise  # a models folder that cannot be had: the Python passes would say the same
    except ValueError as exc:
        # a user pattern in Python's ``regex`` syntax that the ``regex`` crate
        # refuses (lookaround, backreferences): the Python passes run it, with
        # their time limit (``pattern_timeout``)
        return None, f"a user pattern the engine refuses: {exc}"
    except NotImplementedError as exc:  # a pass the engine has not got
        return None, str(exc)
    return engine, None


_engine_cached = lru_cache(maxsize=64)(lambda config, stamp: _engine_uncached(config))


@lru_cache(maxsize=1)
def _screen() -> object:
    from ._engine import FtfyScreen
    from .normalize import ftfy_tables

    return FtfyScreen(*ftfy_tables())


@lru_cache(maxsize=2)
def _fixer(straighten_quotes: bool):
    """ftfy on one line the engine's screen flags, as ``normalize`` runs it."""
    import ftfy

    from .normalize import _FTFY_PLAIN, _FTFY_STRAIGHT

    return partial(ftfy.fix_text, config=_FTFY_STRAIGHT if straighten_quotes else _FTFY_PLAIN)


def _from_engine(answer: tuple | EngineError) -> Result | EngineError:
    """The ``Result`` of one answer of ``Engine.run`` (see ``cleaner/_engine.pyi``)."""
    if isinstance(answer, EngineError):
        return answer
    body, rows, removed, overruled, meta = answer
    segments = tuple(Segment(i, line_no, text, gap) for i, (line_no, text, gap) in enumerate(rows))
    verdicts = [Verdict(i) for i in range(len(segments))]
    for index, code, name, reason, repeat in removed:
        if repeat is not None:
            template, of, lines, exact, need = repeat
            repeat = Repeat(template, tuple(of), tuple(lines), exact, need)
        verdicts[index] = Verdict(index, False, code, name, reason, repeat)
    # the order the Python pipeline gives: the page type first, the warning last
    found = dict(meta)
    ordered = {k: found.pop(k) for k in ("page_type", "page_type_confidence") if k in found}
    warning = found.pop("warning", None)
    ordered.update(found)
    if warning is not None:
        ordered["warning"] = warning
    return Result(
        body,
        segments,
        tuple(verdicts),
        MappingProxyType(ordered),
        tuple(Overruled(*o) for o in overruled),
    )


def run_python(text: str, config: Config) -> Result:
    """``run`` by the Python passes (what the engine cannot answer yet: a
    learned profile, plugin passes, user patterns the engine refuses)."""
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
    gave_back = False  # whether a round gave back a repeat an earlier one removed
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
        # each line keeps its number in the input, so that a later round's reasons
        # ("repeat of line 41") name the input's lines, as its removals are reported
        again = tuple(
            a if a.line_no == k.line_no else replace(a, line_no=k.line_no)
            for a, k in zip(again, kept, strict=True)
        )
        # a line may read back changed by the layout options (a bullet, a quote):
        # it is the same line, as a second clean sees it. A line pass judges each
        # line alone: those that saw every line as it reads now need not see it
        # again (unless the body model kept a line a pass took before they saw it)
        same_text = all(a.text == k.text for a, k in zip(again, kept, strict=True))
        # (unless a repeat came back, which the line passes after its pass never saw)
        skip = seen if same_text and not result.overruled and not gave_back else frozenset()
        second, _ = _run_segments(again, again_config, seen=skip)
        result, back = _merge(result, kept, second, config)
        gave_back = gave_back or back
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


def _merge(
    first: Result, kept: list[Segment], second: Result, config: Config
) -> tuple[Result, bool]:
    """``first`` with the removals of ``second`` (a run over ``first``'s body,
    whose segments are ``kept``) reported against ``first``'s own lines, and
    whether a line ``first`` removed as a repeat came back because ``second``
    removed a line it repeats (``given_back``)."""
    verdicts = list(first.verdicts)
    for seg, v in zip(kept, second.verdicts, strict=True):
        if not v.kept:
            repeat = v.repeat
            if repeat is not None:  # its lines' numbers are the input's already
                repeat = replace(repeat, of=tuple(kept[k].index for k in repeat.of))
            verdicts[seg.index] = Verdict(seg.index, False, v.code, v.name, v.reason, repeat)
    repeated = {v.index: v.repeat for v in verdicts if not v.kept and v.repeat is not None}
    back: list[int] = []
    if repeated:
        removed = {v.index: (v.code, v.name, v.reason) for v in verdicts if not v.kept}
        back, moved = _settle(removed, repeated, first.segments)  # type: ignore[arg-type]
        for i in back:
            verdicts[i] = Verdict(i)
        for i in moved:
            verdicts[i] = Verdict(i, False, *removed[i], repeated[i])
    meta = dict(first.meta)
    for key, value in second.meta.items():
        meta.setdefault(key, value)
    removed = {v.index: (v.code, v.name, v.reason) for v in verdicts if not v.kept}
    warning = vanished(first.segments, removed, config)  # type: ignore[arg-type]
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
    result = Result(text, first.segments, tuple(verdicts), MappingProxyType(meta), tuple(overruled))
    return result, bool(back)


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


def run_extracted(text: str, config: Config, known: Mapping[str, str]) -> Result:
    """``run_segments`` of ``text`` as an HTML page's extraction chose it
    (``extracted=True``), with ``known`` the metadata its markup gave: in the
    engine when it answers ``config``, else by the Python passes (the same
    answers: ``benchmarks/golden.py``)."""
    engine, _ = engine_for(config)
    if engine is None:
        segments = segment(normalize(text, config))
        return run_segments(segments, config, known=known, extracted=True)
    result = _from_engine(engine.run_extracted([(text, dict(known))])[0])
    if isinstance(result, EngineError):
        raise result
    # the order the Python passes give: what the markup said first
    meta = dict(result.meta)
    ordered = {k: meta.pop(k) for k in known if k in meta}
    ordered.update(meta)
    return replace(result, meta=MappingProxyType(ordered))


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
    #: Each line removed as a repeat, and its reason (the lines it repeats).
    repeated: dict[int, Repeat] = {}
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
        took = False
        for index, reason in sorted(outcome.removed.items()):
            if index not in removed and 0 <= index < len(segments):
                removed[index] = (info.code, info.name, str(reason))
                if isinstance(reason, Repeat) and reason.of:
                    repeated[index] = reason
                views = None
                took = True
        for index, why in sorted(outcome.kept.items()):
            was = removed.get(index)
            if was is not None and was[0] not in PROTECTED:
                seg = segments[index]
                overruled[index] = Overruled(seg.line_no, seg.text, *was, info.code, str(why))
                del removed[index]
                repeated.pop(index, None)
                views = None
        for key, value in outcome.meta.items():
            if key not in meta:
                meta[key] = value
                views = None
        back = _settle(removed, repeated, segments)[0] if took and repeated else []
        if back:
            # the pass removed lines whose copies an earlier pass took as repeats:
            # the first copy of each is back, and this pass judges it as it would
            # have (it runs again over the page as it stands now; only its verdicts
            # on those copies count)
            views = (
                MappingProxyType({i: c for i, (c, _, _) in removed.items()}),
                MappingProxyType(dict(meta)),
            )
            again = info.func(Page(segments, *views, config, page_type, extracted)).removed
            for index in back:
                reason = again.get(index)
                if reason is not None and index not in removed:
                    removed[index] = (info.code, info.name, str(reason))
                    if isinstance(reason, Repeat) and reason.of:
                        repeated[index] = reason
            views = None
    # a line removed as a repeat of a line that is removed too comes back (once every
    # pass has had its say: the body model may still keep the original); the next
    # round judges it on its own, and no line pass is known to have seen it
    if repeated and _settle(removed, repeated, segments)[0]:
        ran.clear()
    verdicts = tuple(
        Verdict(s.index, False, *removed[s.index], repeated.get(s.index))
        if s.index in removed
        else Verdict(s.index)
        for s in segments
    )
    warning = vanished(segments, removed, config)
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


def _settle(
    removed: dict[int, tuple[str, str, str]],
    repeated: dict[int, Repeat],
    segments: tuple[Segment, ...],
) -> tuple[list[int], list[int]]:
    """Settle the repeats (``settle_repeats``): the lines given back leave
    ``removed`` and ``repeated``; those that now repeat another line get a new
    ``Repeat`` and reason. Returns both lists of lines."""
    back, moved = settle_repeats(
        removed,
        {i: r.of for i, r in repeated.items()},
        {i for i, r in repeated.items() if r.exact},
        {i: r.need for i, r in repeated.items() if r.need is not None},
    )
    for i in back:
        del removed[i]
        del repeated[i]
    for i, of in moved.items():
        new = replace(repeated[i], of=of, lines=tuple(segments[t].line_no for t in of))
        repeated[i] = new
        code, name, _ = removed[i]
        removed[i] = (code, name, str(new))
    return back, list(moved)


def settle_repeats(
    removed: Collection[int],
    repeats: Mapping[int, tuple[int, ...]],
    exact: Collection[int] = (),
    need: Mapping[int, int] | None = None,
) -> tuple[list[int], dict[int, tuple[int, ...]]]:
    """Which lines removed as repeats (``repeats``: line -> the lines it repeats)
    come back, and which now repeat other lines, so that no line stays removed as
    a repeat of a line that is removed too.

    A whole copy (``exact``) of a line removed for good stands in for it: the
    first such copy comes back, and the other repeats of that line repeat the
    copy instead (a paragraph said three times loses two copies, not three). A
    whole copy of a copy repeats the first line of its chain. What is left is
    decided by ``given_back``. Linear in the repeats.

    >>> settle_repeats({1, 5, 7}, {5: (1,), 7: (1,)}, exact={5, 7})
    ([5], {7: (5,)})
    >>> settle_repeats({1, 5, 7}, {5: (1,), 7: (1,)})  # no whole copy: both come back
    ([5, 7], {})
    >>> settle_repeats({5, 7}, {5: (1,), 7: (5,)}, exact={5, 7})  # 7 repeats 1, which stays
    ([], {7: (1,)})
    """
    root: dict[int, int] = {}

    def root_of(r: int) -> int:
        path = []
        t = repeats[r][0]
        while t in exact and t in removed and t in repeats and t not in root and t not in path:
            path.append(t)
            t = repeats[t][0]
        t = root.get(t, t)
        for x in path:
            root[x] = t
        return t

    copies = [r for r in repeats if r in exact and r in removed and len(repeats[r]) == 1]
    for r in copies:
        root[r] = root_of(r)
    stand_in: dict[int, int] = {}  # an original removed for good -> its first whole copy
    for r in sorted(copies):
        x = root[r]
        if x in removed and x not in repeats and x not in stand_in:
            stand_in[x] = r
    standing_in = set(stand_in.values())
    moved: dict[int, tuple[int, ...]] = {}
    for r, targets in repeats.items():
        if r not in removed or r in standing_in:
            continue
        if r in root:
            x = root[r]
            new = (stand_in.get(x, x),)
        else:
            new = tuple(stand_in.get(t, t) for t in targets)
        if new != targets:
            moved[r] = new
    back = sorted(stand_in.values())
    gone = set(removed).difference(back)
    later = given_back(gone, {r: moved.get(r, t) for r, t in repeats.items() if r in gone}, need)
    for r in later:
        moved.pop(r, None)
    return sorted(back + later), moved


def given_back(
    removed: Collection[int],
    repeats: Mapping[int, tuple[int, ...]],
    need: Mapping[int, int] | None = None,
) -> list[int]:
    """The lines removed as repeats (``repeats``: line -> the lines it repeats) that
    must be kept because the lines they repeat are removed for good: all of them
    must stay, or ``need[line]`` of them (a digest repeats many lines, and goes
    while most of them stay).

    A line removed as a repeat is itself removed for good only when its own
    removal stands, so chains resolve from the original down; in a cycle of
    repeats one line of the cycle is given back. Linear in the repeats.

    >>> given_back({1, 2}, {2: (1,)})  # 1 is removed, so its copy 2 comes back
    [2]
    >>> given_back({2}, {2: (1,)}), given_back({1, 2, 3}, {3: (2,), 2: (1,)})
    ([], [2])
    >>> given_back({2, 3, 4}, {4: (3,), 3: (2,), 2: (1,)})  # 1 kept: 2 goes, 3 back, 4 goes
    [3]
    >>> given_back({1, 2}, {1: (2,), 2: (1,)})  # a cycle: one of them stays removed
    [2]
    >>> given_back({1, 9}, {9: (1, 2, 3)}, {9: 2}), given_back({1, 2, 9}, {9: (1, 2, 3)}, {9: 2})
    ([], [9])
    """
    need = need or {}
    stands: dict[int, bool] = {}
    for start in repeats:
        if start not in removed or start in stands:
            continue
        path = [start]
        on_path = {start}
        cursor = {start: 0}  # the next target of each line on the path to look at
        lost = {start: 0}  # how many of its targets are removed for good
        while path:
            i = path[-1]
            targets = repeats[i]
            spare = len(targets) - need.get(i, len(targets))  # targets it may lose
            nxt = None
            while cursor[i] < len(targets) and lost[i] <= spare:
                t = targets[cursor[i]]
                if t in removed and t != i:
                    if t not in repeats or t in on_path or stands.get(t, False):
                        lost[i] += 1  # removed for good (a cycle is broken here)
                    elif t not in stands:
                        nxt = t  # decide t first, then look at it again
                        break
                cursor[i] += 1  # kept, the line itself, a repeat given back, or lost
            if nxt is not None:
                path.append(nxt)
                on_path.add(nxt)
                cursor[nxt] = 0
                lost[nxt] = 0
                continue
            stands[i] = lost[i] <= spare
            path.pop()
            on_path.discard(i)
    return sorted(i for i, ok in stands.items() if not ok)


@dataclass(frozen=True, slots=True)
class Loss:
    """What cleaning took from a text, as ``vanished`` reads it: its words of
    prose (``linefeatures.line_stats``), how many stay and how many each pass
    took (``prose_taken``); and its content as its words read: each line's
    words weighed by the lexicon's score (``Lexicon.score``, how likely a line
    with those words is content), how much of that stays and how much each
    pass took (``content_taken``). Passes are keyed by (code, name)."""

    prose: int
    prose_kept: int
    prose_taken: Mapping[tuple[str, str], int]
    content: float
    content_kept: float
    content_taken: Mapping[tuple[str, str], float]

    @property
    def content_share_taken(self) -> float:
        """The share of the text's content that cleaning took (0 when it has none)."""
        return 1 - self.content_kept / self.content if self.content > 0 else 0.0


def loss_of(
    segments: tuple[Segment, ...],
    removed: Mapping[int, tuple[str, str, str]],
    config: Config | None = None,
) -> Loss:
    """The ``Loss`` of a text whose segments ``removed`` lists (index -> code, name, reason).

    >>> line = "The council met on Monday and agreed to the plan for the new park."
    >>> segs = tuple(Segment(i, i + 1, line) for i in range(6))
    >>> loss = loss_of(segs, {i: ("CL402", "outside-body", "x") for i in range(4)})
    >>> loss.prose, loss.prose_kept, round(loss.content_share_taken, 2)
    (84, 28, 0.67)
    """
    from .fitted import models
    from .linefeatures import line_stats

    stats = line_stats(segments)
    lexicon = models(config.models if config else None).lexicon
    prose = 0
    content = content_kept = 0.0
    prose_taken: dict[tuple[str, str], int] = {}
    content_taken: dict[tuple[str, str], float] = {}
    for seg in segments:
        n = int(stats.words[seg.index])
        if not n:
            continue
        weight = n * lexicon.score(seg.text)
        content += weight
        is_prose = bool(stats.prose[seg.index])
        prose += n if is_prose else 0
        found = removed.get(seg.index)
        if found is None:
            content_kept += weight
            continue
        key = (found[0], found[1])
        content_taken[key] = content_taken.get(key, 0.0) + weight
        if is_prose:
            prose_taken[key] = prose_taken.get(key, 0) + n
    prose_kept = prose - sum(prose_taken.values())
    return Loss(prose, prose_kept, prose_taken, content, content_kept, content_taken)


def _takers(taken: Mapping[tuple[str, str], float]) -> str:
    """``CL402 outside-body took 84, ...``: the passes that took most, first."""
    return ", ".join(
        f"{code} {name} took {round(n)}"
        for (code, name), n in sorted(taken.items(), key=lambda x: (-x[1], x[0]))
        if round(n)
    )


def warning_of(loss: Loss, share: float, min_content: float) -> str | None:
    """``vanished``'s two rules on a text's ``loss``, with the content rule's
    ``share`` and ``min_content`` (``benchmarks/fit_warning.py`` fits them with it).

    >>> taken = {("CL402", "outside-body"): 84}
    >>> warning_of(Loss(84, 0, taken, 60.0, 10.0, {("CL402", "outside-body"): 50.0}), 0.6, 25)
    'kept 0 of 84 words of prose: CL402 outside-body took 84'
    >>> labels = {("CL201", "section-label"): 50.0}
    >>> warning_of(Loss(0, 0, {}, 60.0, 10.0, labels), 0.6, 25)  # doctest: +NORMALIZE_WHITESPACE
    "cleaning took 83% of the text's content as its words read (50 of 60 words, weighed
    by the lexicon): CL201 section-label took 50"
    >>> warning_of(Loss(0, 0, {}, 60.0, 10.0, labels), 0.9, 25) is None
    True
    """
    from . import errors

    if loss.prose >= VANISH_WORDS and loss.prose_kept < VANISH_SHARE * loss.prose:
        return errors.LOST_PROSE.format(
            kept=loss.prose_kept, total=loss.prose, passes=_takers(loss.prose_taken)
        )
    if loss.content >= min_content and loss.content_share_taken > share:
        return errors.LOST_CONTENT.format(
            share=loss.content_share_taken,
            taken=round(loss.content - loss.content_kept),
            total=round(loss.content),
            passes=_takers(loss.content_taken),
        )
    return None


def vanished(
    segments: tuple[Segment, ...],
    removed: Mapping[int, tuple[str, str, str]],
    config: Config | None = None,
) -> str | None:
    """A warning when cleaning took most of a text's content, naming the passes
    that took it, most first (``None`` when it did not, or there is little).

    Two rules (``warning_of`` on the text's ``Loss``): the text had at least
    ``VANISH_WORDS`` words of prose and keeps less than ``VANISH_SHARE`` of
    them (``errors.LOST_PROSE``); or cleaning took more than ``share`` of its
    content as its words read, of which it had at least ``min_content``
    (``errors.LOST_CONTENT``). ``share`` and ``min_content`` are fitted
    (``warning.json``, by ``benchmarks/fit_warning.py``): on the development
    pages, a text that keeps under half of the gold words its input had should
    get the warning, while at most one text in twenty does.

    >>> line = "The council met on Monday and agreed to the plan for the new park."
    >>> segs = tuple(Segment(i, i + 1, line) for i in range(6))
    >>> vanished(segs, {i: ("CL402", "outside-body", "x") for i in range(6)})
    'kept 0 of 84 words of prose: CL402 outside-body took 84'
    >>> vanished(segs, {0: ("CL402", "outside-body", "x")}) is None
    True
    """
    from .fitted import models
    from .textstats import word_count

    rule = models(config.models if config else None).warning
    share, min_content = float(rule["share"]), float(rule["min_content"])
    # with fewer words removed than either rule needs there is nothing to say (and
    # the line measures are not needed): a word weighs at most one word of content
    least = min((1 - VANISH_SHARE) * VANISH_WORDS, share * min_content)
    if not removed or sum(word_count(segments[i].text) for i in removed) < least:
        return None
    return warning_of(loss_of(segments, removed, config), share, min_content)
