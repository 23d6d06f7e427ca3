"""Bounds a page must keep before it is parsed (lxml's time and memory grow with them)."""

from __future__ import annotations

import regex

from .. import errors

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
