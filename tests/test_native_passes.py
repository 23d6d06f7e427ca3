"""The engine's passes give the Python passes' answers (#24).

Every fixture is cleaned by the Python pipeline while each pass the engine has
ported is asked, at the same moment, the same question natively: the same line
(a line pass) or the same page state (a page pass: segments, removals so far,
the known title, the options). Reasons are compared as the strings they render
to, and a ``Repeat`` also by the lines it repeats (``of``, ``lines``, ``exact``,
``need``). ``benchmarks/native_diff_passes.py`` does the same on the development
pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest

import cleaner
from cleaner import _engine, catalogue, pipeline
from cleaner.config import Config
from cleaner.model import Page, Repeat
from cleaner.normalize import page_from_text
from cleaner.passes import user

from .conftest import ROOT

FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*/input.*"))


def _ported() -> tuple[list[str], list[str]]:
    line, page = [], []
    for info in catalogue.registered():
        try:
            if info.kind == "line":
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


@contextmanager
def _checked(mismatches: list[str]) -> Iterator[None]:
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

    for code in line_codes:
        catalogue._REGISTRY[code] = replace(real[code], func=line_pass(code, real[code].func))
    for code in page_codes:
        catalogue._REGISTRY[code] = replace(real[code], func=page_pass(code, real[code].func))
    pipeline._enabled_cached.cache_clear()
    try:
        yield
    finally:
        catalogue._REGISTRY.update(real)
        pipeline._enabled_cached.cache_clear()


def test_the_rule_families_are_ported() -> None:
    line, page = _ported()
    families = {catalogue.family(c) for c in line + page}
    assert {"furniture", "user", "head", "tail", "residual", "page"} <= families
    assert "CL601" not in page and "CL701" not in page


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.parent.name)
def test_every_ported_pass_answers_as_the_python_on_a_fixture(path) -> None:
    mismatches: list[str] = []
    with _checked(mismatches):
        cleaner.analyze(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
    assert mismatches == []


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


@pytest.mark.parametrize("pattern", [r"(?<=a)b", r"(a)\1", "a++", "(?>a)", "a)|(b"])
def test_a_pattern_the_regex_crate_refuses_is_an_error(pattern) -> None:
    page = page_from_text("a\nb")
    with pytest.raises(ValueError, match=re.escape(pattern)):
        _native("CL199", page, (pattern,))


def test_unknown_or_unported_codes_are_key_errors() -> None:
    for code in ("CL999", "CL601", "nonsense"):
        with pytest.raises(KeyError):
            _engine._diff_page_pass(code, [], [])
    with pytest.raises(KeyError):
        _engine._diff_line_pass("CL202", ["a line"])
