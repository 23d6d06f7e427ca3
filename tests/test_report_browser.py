"""The report page in a real headless Chromium: what a person sees.

The page of ``examples/corpus.jsonl`` is opened from disk; the test reads
the totals as rendered, hovers a removed line with the mouse and reads the
tooltip, filters by a code with a click, and checks that the page asked for
nothing but itself. Chromium is Debian's ``chromium`` (``.ci/run`` installs
it when absent); without it these tests skip, except under CI, where a
missing browser is a failure. The README's screenshot (``docs/report.png``)
is made with the same driver: ``python -m tests.browser docs/report.png``.
"""

from __future__ import annotations

import os

import pytest

import cleaner
from cleaner import report
from cleaner.cli import main
from cleaner.summary import summarize

from . import browser
from .conftest import ROOT

CORPUS = ROOT / "examples" / "corpus.jsonl"
EXECUTABLE = browser.find()
if EXECUTABLE is None:
    if os.environ.get("CI"):
        pytest.fail("CI needs Chromium for the report tests (apt-get install chromium)")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


def rows() -> list[dict]:
    import json

    return [json.loads(line) for line in CORPUS.open(encoding="utf-8")]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    argv = ["report", "--no-config", str(CORPUS), "--site-field", "url", "--all", "-o", str(out)]
    assert main(argv) == 0
    with browser.Chromium(EXECUTABLE, width=1200, height=900) as chromium:
        chromium.open(out.as_uri())
        yield chromium, out


def text_of(chromium, selector: str) -> str:
    return chromium.evaluate(f"document.querySelector({selector!r}).innerText")


def visible(chromium, selector: str) -> bool:
    return chromium.evaluate(
        f"(() => {{ const e = document.querySelector({selector!r}); if (!e || e.hidden) return false;"
        " const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
        " return r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'; })()"
    )


def test_totals_as_a_person_reads_them(page) -> None:
    chromium, _ = page
    summaries = [summarize(cleaner.analyze(r["text"])) for r in rows()]
    removed = sum(s.removed_words for s in summaries)
    kept = sum(s.kept_words for s in summaries)
    assert text_of(chromium, "#total-docs").split() == ["DOCUMENTS", f"{len(summaries):,}"]
    assert text_of(chromium, "#total-kept").split() == ["WORDS", "KEPT", f"{kept:,}"]
    got = text_of(chromium, "#total-removed").split()
    assert got[:3] == ["WORDS", "REMOVED", f"{removed:,}"]
    assert f"{100 * removed / (kept + removed):.1f}%" in got
    assert "harbourcity.example" in text_of(chromium, "#by-site")
    assert chromium.evaluate("document.querySelectorAll('#by-code svg g.bar').length") == len(
        {c.code for s in summaries for c in s.by_code}
    )


def test_a_removed_line_is_struck_through_and_shows_its_reason_on_hover(page, tmp_path) -> None:
    chromium, _ = page
    article = cleaner.analyze(rows()[0]["text"])
    target = next(r for r in article.removed if r.text.startswith("Read Also |"))
    # the element a person sees: the struck-through line of the first document
    mark = "data-test-target"
    found = chromium.evaluate(
        "(() => { const line = Array.from(document.querySelectorAll('article.doc')[0]"
        ".querySelectorAll('.rm')).find(e => e.querySelector('del').textContent === "
        f"{target.text!r}); if (!line) return null; line.setAttribute({mark!r}, '1');"
        " const del = line.querySelector('del'); const s = getComputedStyle(del);"
        " return [s.textDecorationLine, s.color, line.querySelector('.code').innerText]; })()"
    )
    assert found is not None, "the removed line is not on the page"
    decoration, color, code = found
    assert "line-through" in decoration and code == target.code
    strong, _ = report.code_colors(target.code)
    want = chromium.evaluate(
        f"(() => {{ const e = document.createElement('span'); e.style.color = {strong!r};"
        " document.body.append(e); const c = getComputedStyle(e).color; e.remove(); return c; })()"
    )
    assert color == want  # coloured by its code
    assert not visible(chromium, "#tip")
    chromium.hover(f"[{mark}]")
    assert visible(chromium, "#tip")
    assert text_of(chromium, "#tip") == f"{target.code} {target.name}: {target.reason}"
    chromium.screenshot(tmp_path / "hover.png")
    chromium.hover("h1")
    assert not visible(chromium, "#tip")


def test_filtering_by_a_code(page) -> None:
    chromium, _ = page
    results = [cleaner.analyze(r["text"]) for r in rows()]
    code = "CL101"
    with_code = sum(any(x.code == code for x in r.removed) for r in results)
    assert 0 < with_code < len(results)
    chromium.click(f"#filter button[data-code={code}]")
    shown = chromium.evaluate(
        "Array.from(document.querySelectorAll('article.doc')).filter(d => !d.hidden).length"
    )
    assert shown == with_code
    assert text_of(chromium, "#shown-count") == f"{with_code} of {len(results)} documents shown"
    dimmed = chromium.evaluate(
        f"Array.from(document.querySelectorAll('.rm')).every(l => l.classList.contains('dim') === (l.dataset.code !== {code!r}))"
    )
    assert dimmed
    chromium.click("#only-removed")
    assert not visible(chromium, "article.doc:not([hidden]) p.k")
    chromium.click("#only-removed")
    chromium.click('#filter button[data-code=""]')
    assert text_of(chromium, "#shown-count") == f"{len(results)} of {len(results)} documents shown"


def test_the_page_asked_for_nothing_but_itself(page) -> None:
    chromium, out = page
    chromium.open(out.as_uri())
    assert chromium.requested_urls() == [out.as_uri()]
