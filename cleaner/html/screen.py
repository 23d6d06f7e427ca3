"""Bounds a page must keep before it is parsed (lxml's time and memory grow with them)."""

from __future__ import annotations

import re

import regex

from .. import errors

#: Bounds checked before a page is parsed (lxml's time and memory grow with
#: them; figures in benchmarks/README.md): characters (or bytes) of the page,
#: tags (counted as ``<``), and attributes of one tag.
MAX_HTML_CHARS = 32_000_000
MAX_HTML_TAGS = 200_000
#: 10,000 attributes on one tag cost about 0.2 s; 80,000 cost 18 s (quadratic).
MAX_TAG_ATTRIBUTES = 10_000
#: A tag shorter than this cannot hold ``MAX_TAG_ATTRIBUTES`` attributes: not counted.
_LONG_TAG = 2 * MAX_TAG_ATTRIBUTES
_OPEN_TAG = rf"<[A-Za-z][^<>]{{{_LONG_TAG},}}"
_ATTRIBUTE = r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""
#: Where a ``<`` opens no tag: scripts, style sheets and comments (a script's
#: ``i<n`` followed by pages of code is not a tag with thousands of attributes).
_RAW = r"(?i)<script\b|</script\s*>|<style\b|</style\s*>|<!--|-->"
# The scan for long tags runs over every page: the standard library's ``re``
# runs this one character class twice as fast as ``regex``.
_SCREEN = {
    str: (re.compile(_OPEN_TAG), regex.compile(_ATTRIBUTE), "<", regex.compile(_RAW)),
    bytes: (
        re.compile(_OPEN_TAG.encode()),
        regex.compile(_ATTRIBUTE.encode()),
        b"<",
        regex.compile(_RAW.encode()),
    ),
}


def _raw_spans(html: str | bytes, raw: regex.Pattern) -> list[tuple[int, int]]:
    """The spans of scripts, style sheets and comments, in one pass over the page."""
    spans: list[tuple[int, int]] = []
    closing = None  # what ends the span we are in
    start = 0
    for m in raw.finditer(html):
        token = m.group()
        token = (token.decode("latin-1") if isinstance(token, bytes) else token).lower()
        if closing is None:
            if token.startswith("<script"):
                closing, start = "</script", m.end()
            elif token.startswith("<style"):
                closing, start = "</style", m.end()
            elif token == "<!--":
                closing, start = "-->", m.end()
        elif token.startswith(closing):
            spans.append((start, m.start()))
            closing = None
    if closing is not None:
        spans.append((start, len(html)))
    return spans


def screen(html: str | bytes) -> None:
    """Refuse, before any parsing, a page past the bounds above (``InputError``).

    All of it is linear in the page: one count of ``<`` and one scan for long
    tags, whose attributes are counted (an "attribute bomb": one ``<p>`` with
    tens of thousands of attributes keeps lxml busy for minutes).

    >>> screen("<p " + " ".join(f"a{i}=1" for i in range(20_000)) + ">x</p>")
    Traceback (most recent call last):
    ...
    cleaner.errors.InputError: an HTML tag has more than 10,000 attributes; not extracted
    >>> screen("<p class='a' id=b hidden>x</p>")
    >>> screen("<script>for (i = 0; i<n; i++) " + "x = y + 1; " * 20_000 + "</script>")
    """
    if len(html) > MAX_HTML_CHARS:
        raise errors.InputError(errors.HTML_TOO_LARGE.format(limit=MAX_HTML_CHARS))
    long_tag, attribute, lt, raw = _SCREEN[type(html)]
    if html.count(lt) > MAX_HTML_TAGS:
        raise errors.InputError(errors.HTML_TOO_MANY_TAGS.format(limit=MAX_HTML_TAGS))
    spans: list[tuple[int, int]] | None = None
    k = 0
    for tag in long_tag.finditer(html):
        if spans is None:
            spans = _raw_spans(html, raw)
        while k < len(spans) and spans[k][1] <= tag.start():
            k += 1
        if k < len(spans) and spans[k][0] <= tag.start():
            continue  # inside a script, a style sheet or a comment
        count = 0
        for _ in attribute.finditer(html, tag.start() + 1, tag.end()):
            count += 1
            if count > MAX_TAG_ATTRIBUTES + 1:  # the tag name is one match too
                raise errors.InputError(
                    errors.HTML_TOO_MANY_ATTRIBUTES.format(limit=MAX_TAG_ATTRIBUTES)
                )
