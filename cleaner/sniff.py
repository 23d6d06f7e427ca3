"""Whether a text is an HTML page: ``looks_like_html`` and ``wants_html``.

The library's front end (``cleaner.api``) and the commands ask this before
they decide between the HTML path (``cleaner.html``) and the text pipeline;
it needs neither.
"""

from __future__ import annotations

import regex

from .config import Config

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
