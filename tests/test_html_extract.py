"""HTML mode's parts: DOM evidence, content region, metadata, fitted models, page type."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

import cleaner
from cleaner.config import PAGE_TYPES, Config
from cleaner.html import explain_html, extract
from cleaner.html.choose import selection_features
from cleaner.html.dom import attr_hits, page_evidence, text_cues, url_features
from cleaner.html.linear import LinearModel, load
from cleaner.html.meta import byline, markup_date, page_metadata
from cleaner.html.region import Region, choose_region, region_candidates, region_text, render

from .conftest import FIXTURES

TYPED_CASES = {
    "html-article": "article",
    "html-forum": "forum",
    "html-product": "product",
    "html-listing": "listing",
    "html-docs": "documentation",
    "html-service": "service",
    "html-collection": "collection",
}
PROSE = "<p>The council voted on Monday to keep the old library open for another year.</p>"


def tree(markup: str):
    return lxml_html.fromstring(markup)


def fixture_page(name: str) -> str:
    return (FIXTURES / name / "input.html").read_text(encoding="utf-8")


# -- DOM evidence -------------------------------------------------------------------


def test_jsonld_types_nested_lists_and_graphs():
    page = tree(
        '<html><head><script type="application/ld+json">{"@graph": [{"@type": ["WebPage"]},'
        '{"@type": "http://schema.org/QAPage", "mainEntity": {"@type": "Question"}}]}</script>'
        '<script type="application/ld+json">{not json</script></head>'
        '<body><div itemscope itemtype="https://schema.org/Product"><p>x</p></div></body></html>'
    )
    ev = page_evidence(page)
    assert {"webpage", "qapage", "question", "product"} <= ev.schema_types
    assert ev.features["schema:qa"] == ev.features["schema:product"] == 1.0
    assert ev.features["schema:forum"] == 0.0


def test_jsonld_texts_and_date():
    page = tree(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle",'
        '"datePublished": "2023-04-05", "articleBody": "Body of the story."}</script>'
        "</head><body><p>x</p></body></html>"
    )
    ev = page_evidence(page)
    assert ev.jsonld_texts["articleBody"] == "Body of the story."
    assert ev.jsonld_texts["datePublished"] == "2023-04-05"


def test_og_type_and_url_from_canonical():
    page = tree(
        '<html><head><meta property="og:type" content="product">'
        '<link rel="canonical" href="https://www.example.com/forums/threads/42/"></head>'
        "<body><p>x</p></body></html>"
    )
    ev = page_evidence(page)
    assert ev.url == "https://www.example.com/forums/threads/42/"
    assert ev.features["og:product"] == 1.0 and ev.features["og:none"] == 0.0
    assert ev.features["url:forum"] == 1.0 and ev.features["url:product"] == 0.0


def test_site_url_wins_over_the_page():
    page = tree('<html><head><link rel="canonical" href="https://a.example/x"></head></html>')
    assert (
        page_evidence(page, site="https://b.example/docs/api").url == "https://b.example/docs/api"
    )
    assert page_evidence(page, site="b.example").url == "https://a.example/x"  # a host, no URL


@pytest.mark.parametrize(
    "url, on",
    [
        ("https://shop.example/products/mug-blue", "url:product"),
        ("https://docs.example.org/en/latest/api/", "url:docs"),
        ("https://example.com/2024/01/13/rain-in-paris", "url:article"),
        ("https://example.com/services/bookkeeping", "url:service"),
        ("https://example.com/c/trail-shoes?page=2", "url:shop"),
    ],
)
def test_url_cues(url, on):
    feats = url_features(url)
    assert feats[on] == 1.0
    assert feats["url:none"] == 0.0


def test_url_features_of_nothing():
    feats = url_features(None)
    assert feats["url:none"] == 1.0
    assert not any(v for k, v in feats.items() if k != "url:none")


def test_link_share_and_hidden_text():
    page = tree(
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        "<script>var hidden = 'x'.repeat(1000);</script><style>p{color:red}</style>"
        "<p>Twenty characters!!</p></body></html>"
    )
    ev = page_evidence(page)
    assert 0.3 < ev.features["share:link_text"] < 0.5  # "HomeAbout" of the visible text only
    assert ev.features["share:nav_text"] > ev.features["share:link_text"]  # and the space
    assert ev.text_chars == len("Twenty characters!!")  # navigation not counted


def test_watched_sizes_leave_out_chrome_but_not_noscript():
    page = tree(
        "<html><body><main><nav>Menu menu menu</nav><p>0123456789</p>"
        "<noscript><p>abcdefghij</p></noscript></main><footer>Footer text</footer></body></html>"
    )
    main = page.find(".//main")
    ev = page_evidence(page, watch=[main])
    assert ev.watched == (20,)
    assert ev.text_chars == 20


def test_text_cues_and_attr_hits():
    cues = text_cues("Reply · Quote · Report. Add to basket for £12.50. Posted by Ann, Joined 2019")
    assert cues["cart"] == 1 and cues["price"] == 1 and cues["year"] == 1
    assert cues["reply"] == 5  # reply, quote, report, posted by, joined
    assert not text_cues("")
    hits = attr_hits(["card product-card", "card product-card", "commentList", "x"])
    assert hits["card"] == 4 and hits["product"] == 2 and hits["comment"] == 1


def test_every_model_feature_is_produced():
    """The shipped models read features the code still computes (refit after renaming)."""
    page = fixture_page("html-forum")
    ev = page_evidence(tree(page))
    assert set(load("html_type").features) <= set(ev.features)
    sel = selection_features(
        dict.fromkeys(PAGE_TYPES, 0.1), "a b", Region("a b\nc", "//main", 1, 5)
    )
    assert set(load("html_select").features) <= set(sel)


# -- content region -----------------------------------------------------------------


def test_candidates_in_order_of_preference():
    page = tree(
        "<html><body><div id='main-content'>s</div><div role='main'>r</div>"
        "<section><article>a</article><article>b</article></section><main>m</main></body></html>"
    )
    assert [how for _, how in region_candidates(page)] == [
        "//main",
        "//*[@role='main']",
        "//*[@id='main-content']",
        "articles",
        "//article",
        "//article",
    ]


def test_choose_region_skips_small_candidates():
    cands = [(None, "//main"), (None, "//*[@id='content']")]
    assert choose_region(cands, (150, 5000), 6000) == 1  # main below MIN_CHARS
    assert choose_region(cands, (1000, 5000), 6000) == 1  # main below MIN_SHARE
    assert choose_region(cands, (3000, 5000), 6000) == 0
    assert choose_region(cands, (10, 10), 6000) is None


def test_region_falls_back_to_the_body_when_main_is_empty():
    page = tree("<html><body><main id='main'></main><div>" + PROSE * 5 + "</div></body></html>")
    cands = region_candidates(page)
    ev = page_evidence(page, watch=[el for el, _ in cands])
    region = region_text(page, cands, ev.watched, ev.text_chars)
    assert region.how == "body"
    assert "council voted" in region.text


def test_render_leaves_out_chrome_but_keeps_closed_tabs():
    text = render(
        tree(
            "<main><header>Site name</header><nav>Home</nav><h1>Title</h1>"
            "<div aria-hidden='true'>icon</div><div role='navigation'>Menu</div>"
            "<aside>Related</aside><p>Body <a href='#'>link</a> text.</p>"
            "<div role='tabpanel' hidden>Python tab</div><div style='display: none'>More</div>"
            "<form><input><button>Send</button></form><footer>© 2024</footer></main>"
        )
    )
    assert text == "Title\nBody link text.\nPython tab\nMore"


def test_render_keeps_a_page_wide_form():
    page = "<html><body><form id='aspnetForm'><h1>Title</h1>" + PROSE + "</form></body></html>"
    assert (
        render(tree(page))
        == "Title\nThe council voted on Monday to keep the old library open for another year."
    )


def test_render_drops_repeated_lines_but_not_code_or_tables():
    text = render(
        tree(
            "<main><p>Free shipping</p><p>Free  shipping</p><pre>}\n}</pre>"
            "<table><tr><td>Yes</td></tr><tr><td>Yes</td></tr></table><p>free shipping</p></main>"
        )
    )
    assert text.splitlines() == ["Free shipping", "}", "}", "Yes", "Yes"]


def test_render_separates_cells_and_survives_deep_nesting():
    assert render(tree("<table><tr><td>a</td><td>b</td></tr></table>")) == "a b"
    deep = "<div>" * 250 + "deep" + "</div>" * 250  # libxml2 keeps 256 levels
    assert "deep" in render(tree("<html><body>" + deep + "</body></html>"))


# -- metadata -----------------------------------------------------------------------


def test_markup_date_precedence():
    head = '<meta property="article:published_time" content="2021-02-03T10:00:00+01:00">'
    body = '<time datetime="2020-01-01">1 Jan</time>'
    page = tree(f"<html><head>{head}</head><body>{body}</body></html>")
    assert markup_date(page, ["2019-05-05"]) == "2021-02-03"
    page = tree(f"<html><body>{body}</body></html>")
    assert markup_date(page, ["2019-05-05"]) == "2019-05-05"
    assert markup_date(page) == "2020-01-01"
    assert markup_date(tree("<html><body>x</body></html>")) is None


def test_byline_outside_comments():
    page = tree(
        "<html><body><div class='comments'><span class='comment-author'>Troll</span></div>"
        "<p class='byline'>By Ana Ruiz</p></body></html>"
    )
    assert byline(page) == "Ana Ruiz"
    assert byline(tree("<html><body><p>no byline</p></body></html>")) is None


def test_page_metadata_json_ld_author():
    page = tree(
        '<html><head><title>T</title><script type="application/ld+json">{"@context": '
        '"https://schema.org", "@type": "NewsArticle", "author": {"@type": "Person", '
        '"name": "Lea Stein"}}</script></head><body><p>x</p></body></html>'
    )
    assert page_metadata(page)["author"] == "Lea Stein"


# -- fitted models ------------------------------------------------------------------


def test_model_files_say_where_they_come_from():
    for name in ("html_type", "html_select"):
        raw = resources.files("cleaner").joinpath("data", f"{name}.json").read_text("utf-8")
        data = json.loads(raw)
        assert data["command"].startswith("python benchmarks/fit_html.py")
        assert data["held_out"]["folds"].startswith("5")
    assert load("html_type").info["held_out"]["accuracy"] > 0.8
    assert tuple(load("html_type").classes) == PAGE_TYPES


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "classes": ["a", "b", "c"],
            "features": ["x"],
            "mean": [0],
            "scale": [1],
            "coef": [[1]],
            "intercept": [0],
        },
        {
            "classes": ["no", "yes"],
            "features": ["x"],
            "mean": [0],
            "scale": [1],
            "coef": [["one"]],
            "intercept": [0],
        },
    ],
    ids=["empty", "shapes", "not-a-number"],
)
def test_malformed_model_is_a_config_error(data):
    with pytest.raises(cleaner.ConfigError, match="unreadable"):
        LinearModel.from_dict("broken", data)


def test_missing_model_is_a_config_error():
    with pytest.raises(cleaner.ConfigError, match="no_such_model"):
        load("no_such_model")


def test_multiclass_probabilities_and_evidence():
    m = LinearModel.from_dict(
        "t",
        {
            "classes": ["a", "b", "c"],
            "features": ["x", "y"],
            "mean": [0, 0],
            "scale": [1, 2],
            "coef": [[2, 0], [0, 2], [0, 0]],
            "intercept": [0, 0, 0],
        },
    )
    p = m.proba({"x": 3.0, "y": 0.0})
    assert abs(sum(p) - 1) < 1e-9 and m.best({"x": 3.0})[0] == "a"
    assert m.evidence({"x": 3.0}, "a")[0][0] == "x"
    assert m.evidence({"x": 3.0}, "b") == []  # nothing argued for b


# -- page type and text choice on invented pages ----------------------------------


@pytest.mark.parametrize("case, kind", sorted(TYPED_CASES.items()))
def test_page_type_of_invented_pages(case, kind):
    result = cleaner.analyze(fixture_page(case))
    assert result.page_type == kind
    assert 0 < result.page_type_confidence <= 1


def test_configured_page_type_wins():
    page = fixture_page("html-article")
    result, found = explain_html(page, Config(page_type="forum"))
    assert result.page_type == "forum" and result.page_type_confidence == 1.0
    assert found.page_type.describe() == "forum (configured)"


def test_article_keeps_trafilatura_text_and_service_gets_the_region():
    assert extract(fixture_page("html-furniture")).choice.source == "trafilatura"
    found = extract(fixture_page("html-service"))
    assert found.choice.source == "region" and found.region_how == "//main"
    assert "Payslips, pension contributions" in found.text  # a section trafilatura drops


def test_extract_passes_page_type_to_the_passes():
    found = extract(fixture_page("html-forum"))
    assert found.meta["page_type"] == "forum"
    assert float(found.meta["page_type_confidence"]) == pytest.approx(
        found.page_type.confidence, abs=0.01
    )


def test_cleaning_needs_no_fitting_packages():
    code = (
        "import sys, cleaner; "
        f"cleaner.clean(open({str(FIXTURES / 'html-forum' / 'input.html')!r}).read(), html=True); "
        "bad = [m for m in ('sklearn', 'scipy') if m in sys.modules]; "
        "sys.exit(f'imported {bad}' if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_explain_html_page(tmp_path):
    page = tmp_path / "forum.html"
    page.write_text(fixture_page("html-forum"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "explain", "--no-config", str(page)],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert f"{page}: page type: forum (" in out
    assert f"{page}: text: " in out
    assert f"{page}: title: Sourdough starter smells like nail polish" in out
    as_text = subprocess.run(
        [sys.executable, "-m", "cleaner", "explain", "--no-config", "--no-html", str(page)],
        capture_output=True,
        timeout=120,
    )
    text_out = as_text.stdout.decode()
    assert f"{page}: text: " not in text_out  # no extraction: the markup is cleaned as text
    assert f"{page}: page type: " in text_out  # the text's own page type


def test_structured_data_stands_in_for_a_page_rendered_by_script():
    page = (
        '<html><head><meta name="description" content="Short summary.">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product",'
        '"name": "Kettle", "description": "A steel kettle that boils a litre in three minutes, '
        'with a whistle and a cool-touch handle."}</script></head>'
        '<body><div id="app"></div><script>render()</script></body></html>'
    )
    found = extract(page)
    assert found.choice.source == "structured data"
    assert found.text.startswith("A steel kettle that boils a litre")
    assert found.choice.describe(found.region_how).startswith("structured data")
    # a visible text that says more wins
    assert extract(fixture_page("html-product")).choice.source == "trafilatura"


LOADER_CASES = {
    "text page": "<!doctype html><html><head><title>T</title></head><body><p>Hi.</p></body></html>",
    "bytes with a declared encoding": (
        '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>Caf\xe9 cr\xe8me</p>'
        "</body></html>"
    ).encode("latin-1"),
    "text with a declared encoding": (
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Café</p></body></html>'
    ),
    "form elements": (
        "<html><body><form action='/s'><label for='q'>Find</label><input id='q' value='x'>"
        "<select><option>A</option></select><textarea>T</textarea></form></body></html>"
    ),
    "fragment without html": "<p>One block.</p>",
    "two blocks without html": "<p>One.</p><p>Two.</p>",
    "faulty doctype": "<!DOCTYPE html PUBLIC><html><body><p>x</p></body></html>",
}


@pytest.mark.parametrize("page", LOADER_CASES.values(), ids=LOADER_CASES)
def test_loader_builds_the_tree_trafilatura_builds(page):
    """The page is parsed as ``trafilatura.utils.load_html`` parses it, element
    classes apart (looked up in C: every element is a plain ``HtmlElement``)."""
    from trafilatura.utils import load_html

    from cleaner.html.extract import _load

    ours, theirs = _load(page), load_html(page)
    assert (ours is None) == (theirs is None)
    if ours is None:
        return
    assert lxml_html.tostring(ours) == lxml_html.tostring(theirs)
    assert {type(el) for el in ours.iter() if isinstance(el.tag, str)} == {lxml_html.HtmlElement}


def test_loader_refuses_what_is_not_a_page():
    from cleaner.html.extract import _load

    with pytest.raises(TypeError):
        _load(42)  # type: ignore[arg-type]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_cue_tokens_are_the_token_pattern_s(text):
    from cleaner.html.dom import _TOKEN_RE, _tokens

    assert _tokens(text) == _TOKEN_RE.findall(text)


@given(st.text(alphabet="$€£¥₹0123456789 usdeurgbpUSD.,", max_size=20))
def test_price_screen_lets_every_price_through(text):
    from cleaner.html.dom import _PRICE_MARK_RE, _PRICE_RE

    low = text.lower()
    assert not _PRICE_RE.search(low) or _PRICE_MARK_RE.search(low)
