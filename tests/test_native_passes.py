"""The engine's passes give the Python passes' answers (#24).

Every fixture is cleaned by the Python pipeline while each pass the engine has
ported is asked, at the same moment, the same question natively: the same line
(a line pass) or the same page state (a page pass: segments, removals so far,
the known title, the options; for CL601, the body model, also the page type
and whether the text is an HTML page's extracted text, and its answer includes
the lines it keeps against earlier passes). Reasons are compared as the strings
they render to, and a ``Repeat`` also by the lines it repeats (``of``, ``lines``,
``exact``, ``need``). ``benchmarks/native_diff_passes.py`` does the same on the
development pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest

import cleaner
from cleaner import _engine, catalogue, pagetype, pipeline
from cleaner.config import PAGE_TYPES, Config
from cleaner.model import Page, Repeat
from cleaner.normalize import page_from_text
from cleaner.passes import fitted, user

from .conftest import ROOT

FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*/input.*"))
FITTED = "CL601"


def _ported() -> tuple[list[str], list[str]]:
    line, page = [], []
    for info in catalogue.registered():
        try:
            if info.code == FITTED:
                _engine._diff_fitted([], [])
                page.append(info.code)
            elif info.kind == "line":
                _engine._diff_line_pass(info.code, [])
                line.append(info.code)
            else:
                _engine._diff_page_pass(info.code, [], [])
                page.append(info.code)
        except KeyError:
            pass
    return line, page


def _native(code: str, page: Page, patterns: tuple[str, ...] | None = None):
    lines = [(s.text, s.line_no, s.gap_before) for s in page.segments]
    state = (
        0,
        sorted(page.removed.items()),
        page.meta.get("title"),
        page.config.min_body_words,
        list(page.config.remove_patterns if patterns is None else patterns),
    )
    (got,) = _engine._diff_page_pass(code, [lines], [state])
    assert not isinstance(got, Exception), got
    removed, meta = got
    return [tuple(r) for r in removed], dict(meta)


def _removal(index: int, reason: object) -> tuple:
    """A removal as the engine renders it: ``(index, reason, repeat)``."""
    if isinstance(reason, Repeat):
        return index, str(reason), (list(reason.of), list(reason.lines), reason.exact, reason.need)
    return index, str(reason), None


def _fitted_answer(outcome) -> tuple[list, list]:
    return (
        sorted((i, str(r)) for i, r in outcome.removed.items()),
        sorted((i, str(r)) for i, r in outcome.kept.items()),
    )


def _native_fitted(page: Page) -> tuple[list, list]:
    lines = [(s.text, s.line_no, s.gap_before) for s in page.segments]
    kind = page.page_type
    state = (
        0,
        list(page.removed.items()),
        None
        if kind is None
        else (kind.name, kind.confidence, list(kind.probabilities), kind.source),
        page.extracted,
    )
    (got,) = _engine._diff_fitted([lines], [state])
    assert not isinstance(got, Exception), got
    removed, kept = got
    return [tuple(r) for r in removed], [tuple(k) for k in kept]


@contextmanager
def _checked(mismatches: list[str], states: list[tuple] | None = None) -> Iterator[None]:
    """Every ported pass, while the pipeline runs, also asked natively."""
    line_codes, page_codes = _ported()
    real = dict(catalogue._REGISTRY)

    def line_pass(code, func):
        def wrapper(text):
            reason = func(text)
            want = None if reason is None else str(reason)
            (got,) = _engine._diff_line_pass(code, [text])
            if got != want:
                mismatches.append(f"{code} {text!r}: python {want!r}, native {got!r}")
            return reason

        return wrapper

    def page_pass(code, func):
        def wrapper(page):
            outcome = func(page)
            want = (sorted(_removal(i, r) for i, r in outcome.removed.items()), dict(outcome.meta))
            got = _native(code, page)
            if got != want:
                mismatches.append(
                    f"{code} removed {dict(page.removed)}: python {want}, native {got}"
                )
            return outcome

        return wrapper

    def body_model(func):
        def wrapper(page):
            outcome = func(page)
            want = _fitted_answer(outcome)
            got = _native_fitted(page)
            if states is not None:
                states.append((page.page_type, page.extracted, want))
            if got != want:
                mismatches.append(
                    f"{FITTED} removed {dict(page.removed)}, type {page.page_type}, "
                    f"extracted {page.extracted}: python {want}, native {got}"
                )
            return outcome

        return wrapper

    for code in line_codes:
        catalogue._REGISTRY[code] = replace(real[code], func=line_pass(code, real[code].func))
    for code in page_codes:
        func = real[code].func
        func = body_model(func) if code == FITTED else page_pass(code, func)
        catalogue._REGISTRY[code] = replace(real[code], func=func)
    pipeline._enabled_cached.cache_clear()
    try:
        yield
    finally:
        catalogue._REGISTRY.update(real)
        pipeline._enabled_cached.cache_clear()


def test_the_rule_families_are_ported() -> None:
    line, page = _ported()
    families = {catalogue.family(c) for c in line + page}
    assert {"furniture", "user", "head", "tail", "residual", "page", "fitted"} <= families
    assert "CL701" not in page


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.parent.name)
def test_every_ported_pass_answers_as_the_python_on_a_fixture(path) -> None:
    mismatches: list[str] = []
    states: list[tuple] = []
    with _checked(mismatches, states):
        cleaner.analyze(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
    assert mismatches == []
    # the body model saw the page as HTML mode hands it: extracted, its type from HTML
    assert states and all(e == (path.suffix == ".html") for _, e, _ in states)


def test_the_body_model_answers_as_the_python_on_every_page_type() -> None:
    """Each fixture's first page state, with each page type a user may name, and
    as an extracted text: the thresholds of both groups, the guards, no removal
    from an extracted text."""
    answers = {False: [0, 0], True: [0, 0]}  # extracted -> removals, lines kept
    for path in FIXTURES:
        if path.suffix != ".txt":
            continue
        page = page_from_text(path.read_text(encoding="utf-8"))
        for name in PAGE_TYPES:
            for extracted in (False, True):
                p = Page(
                    tuple(list(page.segments)),  # scores are remembered by the tuple
                    page.removed,
                    page.meta,
                    page.config,
                    pagetype.configured(name),
                    extracted,
                )
                want = _fitted_answer(fitted.body_model(p))
                assert _native_fitted(p) == want, (path.parent.name, name, extracted)
                answers[extracted][0] += len(want[0])
                answers[extracted][1] += len(want[1])
    assert answers[False][0] > 0 and answers[True][0] == 0


def test_user_patterns_match_whole_lines_as_the_python() -> None:
    patterns = (
        r"(?i)advertisement",
        r"\d+ comments?",
        r".*\bcookies?\b.*",
        r"[A-Z][a-z]+ [A-Z][a-z]+",
    )
    config = Config(remove_patterns=patterns)
    removals = 0
    for path in FIXTURES:
        if path.suffix != ".txt":
            continue
        page = page_from_text(path.read_text(encoding="utf-8"), config)
        outcome = user.user_pattern(page)
        want = (sorted(_removal(i, r) for i, r in outcome.removed.items()), {})
        assert _native("CL199", page) == want, path.parent.name
        removals += len(want[0])
    assert removals > 0


def test_the_body_model_judges_a_run_of_one_line_once_as_the_python() -> None:
    """A menu entry said again and again: the model keeps its first copy, and the
    run stays whole (commit 877f5c2), natively too."""
    paras = "\n\n".join(
        [
            "The council met on Monday and agreed to the plan for the new park in town.",
            "Work on the park starts in May, and the first trees will be planted in June.",
            "The mayor said the park would be open to everyone by the end of next year.",
        ]
    )
    page = page_from_text(f"Home\nNews\n\n{paras}\n\nSport\nSport\nSport\nSport")
    p = fitted.probabilities(page)
    assert p[-1] < fitted.models().remove_at("article") <= p[-4]
    want = _fitted_answer(fitted.body_model(page))
    assert not any(page.segments[i].text == "Sport" for i, _ in want[0])
    assert _native_fitted(page) == want


@pytest.mark.parametrize("pattern", [r"(?<=a)b", r"(a)\1", "a++", "(?>a)", "a)|(b"])
def test_a_pattern_the_regex_crate_refuses_is_an_error(pattern) -> None:
    page = page_from_text("a\nb")
    with pytest.raises(ValueError, match=re.escape(pattern)):
        _native("CL199", page, (pattern,))


def test_unknown_or_unported_codes_are_key_errors() -> None:
    # CL601 is asked with the page type (``_diff_fitted``), never without
    for code in ("CL999", "CL601", "CL701", "nonsense"):
        with pytest.raises(KeyError):
            _engine._diff_page_pass(code, [], [])
    with pytest.raises(KeyError):
        _engine._diff_line_pass("CL202", ["a line"])
