"""HTML input: detection, extraction with trafilatura, metadata, malformed pages."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

import cleaner
import cleaner.jsonl
from cleaner.config import Config
from cleaner.errors import InputError
from cleaner.html import analyze_html, html_config, looks_like_html, wants_html

from .conftest import AEB, FIXTURES

HTML_CASES = sorted(p for p in FIXTURES.glob("html-*") if (p / "input.html").is_file())


def _html_params():
    """The HTML cases, a known failure (``xfail.txt``, its text the reason) as a strict xfail."""
    for case in HTML_CASES:
        marks = []
        if (case / "xfail.txt").is_file():
            reason = (case / "xfail.txt").read_text(encoding="utf-8").strip()
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
        yield pytest.param(case, id=case.name, marks=marks)


PAGE = (
    "<!doctype html><html><head><title>Rain in Paris</title>"
    '<meta name="author" content="Jane Doe"></head><body><article><h1>Rain in Paris</h1>'
    "<p>It rained in Paris all day on Friday, the national weather service said in a note.</p>"
    "<p>Share on Facebook</p></article></body></html>"
)


@pytest.mark.parametrize("case", list(_html_params()))
def test_html_fixture(case):
    page = (case / "input.html").read_text(encoding="utf-8")
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert looks_like_html(page)
    assert cleaner.clean(page) == expected
    assert cleaner.clean(page, html=True) == expected


def test_html_fixtures_exist():
    assert len(HTML_CASES) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><p>x</p>",
        "\ufeff\n  <html lang='en'>",
        "<!-- saved --> <?xml version='1.0'?><HEAD><title>t</title>",
        "<body class='a'>",
        "<div><p>a</p><p>b</p><span>c</span><a href='x'>d</a><br><ul><li>e</li></ul></div>" * 3,
    ],
)
def test_detects_html(text):
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "A plain paragraph about <html> tags and the <body> element, as the guide explains.",
        "x < y and y > z, so the bound holds <b>here</b>.",
        "Headline\n\nThe body of the article, with <em>one</em> tag.",
        "htmlbody",
    ],
)
def test_plain_text_is_not_html(text):
    assert not looks_like_html(text)


def test_option_decides():
    assert wants_html("plain text", Config(html=True))
    assert not wants_html(PAGE, Config(html=False))
    assert cleaner.clean(PAGE, html=False).startswith("<!doctype html>")


def test_bad_html_option_is_a_config_error():
    with pytest.raises(cleaner.ConfigError, match="html"):
        Config(html="yes")
    with pytest.raises(cleaner.ConfigError, match="html"):
        cleaner.clean("x", html=1.5)


def test_metadata_from_the_page_wins():
    result = cleaner.analyze(PAGE)
    assert result.text == (
        "It rained in Paris all day on Friday, the national weather service said in a note.\n"
    )
    assert result.title == "Rain in Paris"
    assert result.author == "Jane Doe"
    assert [r.code for r in result.removed] == ["CL501", "CL107"]


def test_head_guessing_passes_off_for_html_unless_selected():
    assert {"CL201", "CL206", "CL207", "CL209"} <= set(html_config(Config()).ignore)
    assert html_config(Config(select=("CL1",))) == Config(select=("CL1",))


def test_bytes_with_html_true():
    page = PAGE.replace("Paris all", "Paris – all").encode("utf-8")
    assert "Paris – all" in cleaner.clean(page, html=True)
    with pytest.raises(TypeError):
        cleaner.clean(page)  # bytes are only read as an HTML page


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\xff\xfe garbage \x00" * 50,
        "<html><head><script>var x = 1;</script></head><body><script>alert(1)</script></body></html>",
    ],
    ids=["empty", "whitespace", "binary", "script-only"],
)
def test_malformed_pages_give_an_empty_body(page):
    assert analyze_html(page, Config()).text == ""


def test_nesting_past_the_parser_limit_is_refused_not_cut_short():
    # libxml2 stops at 256 levels and keeps what came before: "deep" and all
    # after it would be lost unnoticed (#23, item 6)
    page = "<html><body>" + "<div>" * 20000 + "deep" + "</div>" * 20000 + "</body></html>"
    with pytest.raises(InputError, match="the HTML parser stopped early"):
        analyze_html(page, Config())


def test_truncated_html_keeps_what_is_there():
    page = "<html><head><title>T</title></head><body><article><p>The council voted on Monday"
    assert cleaner.clean(page, html=True) == "The council voted on Monday\n"


def test_huge_attribute():
    page = (
        '<html><body><article><p data-x="' + "x" * 2_000_000 + '">'
        "The council voted on Monday to keep the library open for another year.</p>"
        "</article></body></html>"
    )
    assert "library open" in cleaner.clean(page, html=True)


def _cli(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--no-config", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def test_cli_detects_html_file(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    done = _cli(str(page))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == (
        "It rained in Paris all day on Friday, the national weather service said in a note.\n"
    )
    assert _cli("--no-html", str(page)).stdout.decode().startswith("<!doctype html>")


def test_cli_non_utf8_html_is_a_clear_error(tmp_path):
    page = tmp_path / "latin1.html"
    page.write_bytes("<html><body><p>Caf\u00e9 cr\u00e8me</p></body></html>".encode("latin-1"))
    done = _cli("--html", str(page))
    assert done.returncode == 2
    assert b"not valid UTF-8" in done.stderr
    assert done.stdout == b""


def test_cli_binary_html_is_a_clear_error(tmp_path):
    page = tmp_path / "bin.html"
    page.write_bytes(b"<html>\x00\x01\x02")
    done = _cli("--html", str(page))
    assert done.returncode == 2
    assert b"binary" in done.stderr


def test_cli_jsonl_detects_html_rows():
    rows = json.dumps({"id": 1, "text": PAGE}) + "\n" + json.dumps({"id": 2, "text": "Hi."}) + "\n"
    done = _cli("--jsonl", "--meta", stdin=rows.encode())
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(x) for x in done.stdout.decode().splitlines())
    assert first["text"].startswith("It rained in Paris")
    assert first["cleaner"]["title"] == "Rain in Paris"
    assert second["text"] == "Hi.\n"


@pytest.mark.skipif(not (AEB / "html").is_dir(), reason="aeb-dev HTML not available (../shared)")
def test_aeb_pages_do_not_crash():
    for path in sorted((AEB / "html").glob("*.html.gz"))[:10]:
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        assert cleaner.clean(page, html=True).strip()


# -- #14: plain text that quotes HTML; pathological pages ---------------------------

TUTORIAL = (
    "Templates\n\n"
    "You can use any template engine you want with FastAPI. A common choice is Jinja2.\n\n"
    "Create a template templates/item.html like this:\n\n"
    "<html>\n<head>\n    <title>Item Details</title>\n"
    "    <link href=\"{{ url_for('static', path='/styles.css') }}\" rel=\"stylesheet\">\n"
    "</head>\n<body>\n"
    "    <h1><a href=\"{{ url_for('read_item', id=id) }}\">Item ID: {{ id }}</a></h1>\n"
    "    <ul>\n" + "        <li><a href='/items/1'>One</a></li>\n" * 6 + "    </ul>\n"
    "    <p>Served by <b>FastAPI</b>.</p>\n</body>\n</html>\n\n"
    "Then the template is rendered with the request and the id, as the docs explain.\n"
)


def test_plain_text_quoting_html_is_cleaned_as_text():
    """#14 item 7: under html="auto" a tutorial that quotes a page is text, not a page."""
    assert not looks_like_html(TUTORIAL)
    out = cleaner.clean(TUTORIAL)
    assert out == cleaner.clean(TUTORIAL, html=False)  # cleaned as text, not extracted
    assert "You can use any template engine you want with FastAPI." in out
    row = json.dumps({"text": TUTORIAL})
    got = json.loads(cleaner.jsonl.process_line(row.encode(), 1, "-", cleaner.jsonl.Job()))
    assert "A common choice is Jinja2." in got["text"]


@pytest.mark.parametrize(
    ("page", "constant"),
    [
        (
            "<p " + " ".join(f'a{i}="x"' for i in range(40_000)) + ">x</p>",
            "HTML_TOO_MANY_ATTRIBUTES",
        ),
        (
            b"<p " + b" ".join(b"a%d" % i for i in range(20_000)) + b">x</p>",
            "HTML_TOO_MANY_ATTRIBUTES",
        ),
        ("<html><body>" + "<div>word</div>" * 120_000 + "</body></html>", "HTML_TOO_MANY_TAGS"),
    ],
    ids=["attribute-bomb", "attribute-bomb-bytes", "tag-flood"],
)
def test_pathological_pages_are_refused_before_parsing(page, constant, monkeypatch):
    """#14 items 16, 17: screened before lxml sees the page (which would take minutes
    or gigabytes): trafilatura is never called."""
    import trafilatura

    def never(*args, **kwargs):
        raise AssertionError("parsed a page the screen should have refused")

    monkeypatch.setattr(trafilatura, "bare_extraction", never)
    limit = {"HTML_TOO_MANY_TAGS": "MAX_HTML_TAGS"}.get(constant, "MAX_TAG_ATTRIBUTES")
    message = getattr(cleaner.errors, constant).format(limit=getattr(cleaner.html, limit))
    with pytest.raises(cleaner.InputError, match=message):
        cleaner.clean(page, html=True)


def test_ordinary_long_tags_pass_the_screen():
    data_uri = (
        "<img alt='a photo of the harbour at dawn' src='data:image/png;base64,"
        + "A" * 50_000
        + "'>"
    )
    cleaner.html.screen("<html><body><p>x</p>" + data_uri + "</body></html>")


@pytest.mark.parametrize("raw", [str, bytes])
def test_scripts_styles_and_comments_are_not_tags_to_the_screen(raw):
    """14 wcxb-dev pages were refused: a script's ``i<n`` followed by pages of code
    counted as one tag with thousands of attributes."""
    code = "for (let i = 0; i <items.length; i++) { " + "total = total + items[i] ; " * 5_000 + "}"
    page = (
        "<html><head><script>" + code + "</script><style>p {x}</style>"
        "<!-- <div " + "a " * 30_000 + "--></head><body><p>The council met on Monday.</p>"
        "</body></html>"
    )
    cleaner.html.screen(page if raw is str else page.encode())
    with pytest.raises(cleaner.InputError):  # the same text outside a script is refused
        cleaner.html.screen(("<html><body><p>" + code + "</p></body></html>").encode())
