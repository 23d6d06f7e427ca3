"""HTML in: extract the main text with trafilatura, then run the cleaner's passes.

``analyze_html(html, config)`` is what ``cleaner.analyze(html, html=True)``,
``cleaner clean --html`` and HTML detected in files or JSON Lines rows run.

* **Extraction.** One call of ``trafilatura.bare_extraction`` per page, with the
  options in ``EXTRACT_OPTIONS`` (chosen by measuring on the aeb-dev benchmark,
  see ``benchmarks/quality.py --field html``): comments are left out, tables
  kept, and trafilatura's fallback extractors are off (``fast``): on the
  benchmark that is both more precise and about twice as fast.
* **Metadata.** Title, date and author come from trafilatura's metadata (the
  page's ``<title>``, ``<meta>`` and JSON-LD) and take precedence; what a pass
  finds fills only what is missing (``Result.meta``).
* **Passes.** The extractor has already found where the body starts, so the
  head passes that *guess* it (``HTML_SKIP``: section label, title, standfirst,
  head fragment) are off for HTML unless ``select`` names passes explicitly.
  The known title is removed where it reappears at the top (CL501).

Malformed input never crashes: empty, whitespace-only, binary or script-only
pages give an empty body; a page the HTML parser cannot read at all raises
``InputError`` with ``errors.HTML_UNREADABLE``, and so does a page past the
bounds that ``screen`` checks before parsing (size, tags, attributes of a tag).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import regex

from . import errors
from .config import Config
from .model import EMPTY, Result
from .normalize import normalize, segment
from .pipeline import run, run_segments

#: Options for ``trafilatura.bare_extraction`` (measured on aeb-dev HTML:
#: ``fast`` and no comments give F1 0.964 before cleaning vs 0.956 by default).
EXTRACT_OPTIONS: Mapping[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "fast": True,
    "with_metadata": True,
    # htmldate's extensive search (free-text dates) costs a third of the time of
    # the whole extraction; dates in markup and URLs are still found.
    "date_extraction_params": {"original_date": True, "extensive_search": False},
}
#: Passes that guess where the body starts (head passes; CL4xx, the whole-page
#: body finder, when installed): trafilatura has done that job.
HTML_SKIP: tuple[str, ...] = ("CL201", "CL206", "CL207", "CL209", "CL4")
_NULL_HANDLER = logging.NullHandler()
#: How much of a text is looked at to decide whether it is an HTML document.
SNIFF_CHARS = 4096

_LEAD_RE = regex.compile(
    r"\A(?:\ufeff|\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)[\s>/]",
    regex.IGNORECASE | regex.DOTALL,
)
#: Markup first: after white space, a BOM and comments, a text must open with a
#: tag to be taken for HTML by tag density (plain text that quotes HTML opens with prose).
_MARKUP_FIRST_RE = regex.compile(r"\A(?:\ufeff|\s|<!--.*?-->)*<[a-zA-Z!?/]", regex.DOTALL)
_TAG_RE = regex.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|table|tr|td|h[1-6]|script|style|meta|link|img|section|"
    r"article|header|footer|nav|em|strong|b|i|figure|iframe|form|input|button)\b[^<>]{0,2000}>",
    regex.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document: it starts (after white space, a BOM,
    comments or an XML declaration) with ``<!doctype html``, ``<html``, ``<head``
    or ``<body``, or it starts with a tag and its first 4 KB are dense with
    common tags. Text that opens with prose is plain text, however much HTML it
    quotes further on (a tutorial, a code review).

    >>> looks_like_html("\\ufeff  <!-- saved page -->\\n<!DOCTYPE html><html><body>x</body></html>")
    True
    >>> looks_like_html("<div><p>One</p><p>Two</p><p>Three</p><p>Four</p></div>" * 2)
    True
    >>> looks_like_html("Use <b>bold</b> for emphasis, the style guide says.")
    False
    >>> looks_like_html("Templates\\n\\n" + "<div><p>One</p><p>Two</p><p>Three</p></div>\\n" * 9)
    False
    """
    if not text:
        return False
    sample = text[:SNIFF_CHARS]
    if _LEAD_RE.match(sample):
        return True
    if not _MARKUP_FIRST_RE.match(sample):
        return False
    tags = _TAG_RE.findall(sample)
    if len(tags) < 8:
        return False
    return sum(len(t) for t in tags) >= 0.15 * len(sample.strip())


def wants_html(text: str, config: Config) -> bool:
    """Whether ``text`` is cleaned as HTML under ``config.html`` (auto: detect).

    >>> wants_html("<html><body>x</body></html>", Config())
    True
    >>> wants_html("<html><body>x</body></html>", Config(html=False))
    False
    """
    if config.html == "auto":
        return looks_like_html(text)
    return bool(config.html)


@dataclass(frozen=True, slots=True)
class Extracted:
    """What trafilatura found in a page: the body text and its metadata."""

    text: str
    meta: Mapping[str, str]


def _clean_meta(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


#: Bounds checked before a page is parsed (lxml's time and memory grow with
#: them; figures in benchmarks/README.md): characters (or bytes) of the page,
#: tags (counted as ``<``), and attributes of one tag.
MAX_HTML_CHARS = 32_000_000
MAX_HTML_TAGS = 200_000
MAX_TAG_ATTRIBUTES = 1_000
#: A tag shorter than this cannot hold ``MAX_TAG_ATTRIBUTES`` attributes: not counted.
_LONG_TAG = 2 * MAX_TAG_ATTRIBUTES
_OPEN_TAG = rf"<[A-Za-z][^<>]{{{_LONG_TAG},}}"
_ATTRIBUTE = r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""
_SCREEN = {
    str: (regex.compile(_OPEN_TAG), regex.compile(_ATTRIBUTE), "<"),
    bytes: (regex.compile(_OPEN_TAG.encode()), regex.compile(_ATTRIBUTE.encode()), b"<"),
}


def screen(html: str | bytes) -> None:
    """Refuse, before any parsing, a page past the bounds above (``InputError``).

    All of it is linear in the page: one count of ``<`` and one scan for long
    tags, whose attributes are counted (an "attribute bomb": one ``<p>`` with
    tens of thousands of attributes keeps lxml busy for minutes).

    >>> screen("<p " + " ".join(f"a{i}=1" for i in range(2000)) + ">x</p>")
    Traceback (most recent call last):
    ...
    cleaner.errors.InputError: an HTML tag has more than 1,000 attributes; not extracted
    >>> screen("<p class='a' id=b hidden>x</p>")
    """
    if len(html) > MAX_HTML_CHARS:
        raise errors.InputError(errors.HTML_TOO_LARGE.format(limit=MAX_HTML_CHARS))
    long_tag, attribute, lt = _SCREEN[type(html)]
    if html.count(lt) > MAX_HTML_TAGS:
        raise errors.InputError(errors.HTML_TOO_MANY_TAGS.format(limit=MAX_HTML_TAGS))
    for tag in long_tag.finditer(html):
        count = 0
        for _ in attribute.finditer(html, tag.start() + 1, tag.end()):
            count += 1
            if count > MAX_TAG_ATTRIBUTES + 1:  # the tag name is one match too
                raise errors.InputError(
                    errors.HTML_TOO_MANY_ATTRIBUTES.format(limit=MAX_TAG_ATTRIBUTES)
                )


def extract(html: str | bytes) -> Extracted:
    """Run trafilatura once on ``html`` and return the body text and metadata.

    Empty or unusable pages give an empty text; see the module docstring.

    >>> e = extract("<html><head><title>Rain in Paris</title></head><body><article>"
    ...     "<p>It rained in Paris all day on Friday, the national weather service said.</p>"
    ...     "</article></body></html>")
    >>> e.text, e.meta["title"]
    ('It rained in Paris all day on Friday, the national weather service said.', 'Rain in Paris')
    >>> extract("   ").text
    ''
    """
    if isinstance(html, bytes):
        if not html.strip():
            return Extracted("", EMPTY)
    elif not html.strip():
        return Extracted("", EMPTY)
    screen(html)
    import trafilatura  # imported late: it is heavy and only HTML needs it

    # trafilatura logs bad pages at ERROR; without a handler Python would print
    # them to stderr, and the library never prints. Handlers the user set up on
    # the root logger still receive them.
    logging.getLogger("trafilatura").addHandler(_NULL_HANDLER)

    try:
        doc = trafilatura.bare_extraction(html, **EXTRACT_OPTIONS)
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise errors.InputError(errors.HTML_UNREADABLE.format(error=exc)) from None
    if doc is None:
        return Extracted("", EMPTY)
    meta = {key: _clean_meta(getattr(doc, key, None)) for key in ("title", "date", "author")}
    return Extracted(doc.text or "", {k: v for k, v in meta.items() if v})


def html_config(config: Config) -> Config:
    """``config`` as used for HTML: the head-guessing passes off unless selected.

    >>> "CL206" in html_config(Config()).ignore
    True
    >>> html_config(Config(select=("CL206",))).ignore
    ()
    """
    if config.select:
        return config
    extra = _skipped(config.ignore)
    return replace(config, ignore=config.ignore + extra) if extra else config


@lru_cache(maxsize=64)
def _skipped(ignore: tuple[str, ...]) -> tuple[str, ...]:
    """The codes of ``HTML_SKIP`` that ``ignore`` does not already name."""
    from .registry import resolve

    return tuple(c for c in HTML_SKIP if c not in ignore and resolve(c) is not None)


def analyze_html(html: str | bytes, config: Config) -> Result:
    """Extract the body of ``html`` and clean it; metadata from the page wins.

    >>> r = analyze_html("<html><head><title>Rain in Paris</title></head><body><article>"
    ...     "<p>It rained in Paris all day on Friday, the national weather service said.</p>"
    ...     "<p>Share on Facebook</p></article></body></html>", Config())
    >>> r.text, r.title, [x.code for x in r.removed]
    ('It rained in Paris all day on Friday, the national weather service said.\\n', 'Rain in Paris', ['CL107'])
    """
    found = extract(html)
    segments = segment(normalize(found.text, config))
    return run_segments(segments, html_config(config), known=found.meta)


def run_any(text: str, config: Config) -> Result:
    """Clean ``text`` as HTML or as plain text, as ``config.html`` decides.

    This is what files and JSON Lines rows go through.

    >>> run_any("<!doctype html><html><body><p>Hi.</p></body></html>", Config(html=False)).text[:15]
    '<!doctype html>'
    """
    if wants_html(text, config):
        return analyze_html(text, config)
    return run(text, config)
