"""The page's content region as text: ``<main>`` (or its stand-ins) less the page chrome.

trafilatura looks for *the* article: one node of running prose. On listings,
collections, service pages and documentation the main content is instead a
region of many blocks (cards, sections, tables, lists), most of which an
article extractor drops. ``region_text(tree)`` renders the page's declared
content region instead:

* the region is the first of ``<main>``, ``[role=main]``, ``#main``,
  ``#content``, ``#main-content`` and ``<article>`` elements that holds a
  fair share of the page's visible text (``MIN_SHARE``, ``MIN_CHARS``), else
  ``<body>``;
* inside it, page chrome is left out: navigation, header, footer, aside,
  forms and their controls, dialogs, ``aria-hidden`` decoration, scripts and
  styles (``CHROME_TAGS``, ``CHROME_ROLES``); only tags and ARIA attributes
  decide, never class names. Elements hidden by ``hidden`` or ``display:
  none`` stay: without scripts a page's tabs and accordions are closed, and
  their content is the page's (tab panels hold most of a documentation page);
* blocks become lines, runs of white space one space; a line met again
  (responsive layouts repeat whole blocks for small screens) is kept once,
  except inside ``<pre>``, ``<code>`` and tables, where lines repeat by nature.

Which of the two texts a page gets is decided in ``cleaner.html.select``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

#: Where the content region is looked for, in order.
REGION_XPATHS = (
    "//main",
    "//*[@role='main']",
    "//*[@id='main']",
    "//*[@id='content']",
    "//*[@id='main-content']",
)
#: A candidate region must hold this share of the page's visible text ...
MIN_SHARE = 0.3
#: ... and at least this many characters (chosen on wcxb-dev, see benchmarks/fit_html.py).
MIN_CHARS = 200
#: The page's own chrome: navigation, header, footer, asides (left out of the
#: region, but part of what a reader sees of the page, ``page_chars``).
PAGE_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
#: Elements left out of the region with everything inside them: the page
#: chrome, and what is no text a reader reads (scripts, controls, dialogs).
CHROME_TAGS = PAGE_CHROME_TAGS | frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "select",
        "option",
        "button",
        "form",
        "input",
        "textarea",
        "label",
        "dialog",
        "head",
        "title",
        "meta",
        "link",
    }
)
CHROME_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
        "tablist",
    }
)
#: Elements that end a line.
BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table thead tbody tfoot section article main "
    "header footer nav aside pre blockquote figure figcaption br hr address details summary "
    "caption fieldset center".split()
)
#: Lines inside these may repeat (code, table rows): they are never dropped as repeats.
_VERBATIM_TAGS = frozenset({"pre", "code", "table"})
#: Cells are separated by a space on their row's line.
_CELL_TAGS = frozenset({"td", "th"})


def _tag(el: etree._Element) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower() if "}" in tag else tag.lower()


def _is_chrome(el: etree._Element, tag: str, page: bool = False) -> bool:
    """Whether ``el`` is left out of the region (``page``: out of the page's
    visible text, which keeps the page's own chrome: navigation and the like)."""
    if tag in CHROME_TAGS and not (page and tag in PAGE_CHROME_TAGS):
        # a form around the whole page (ASP.NET pages) is no chrome: it holds headings
        return tag != "form" or (el.find(".//h1") is None and el.find(".//h2") is None)
    role = el.get("role")
    if not page and role and role.strip().lower() in CHROME_ROLES:
        return True
    # decoration kept from screen readers; ``hidden`` and ``display: none`` are not
    # chrome: a page fetched without its scripts has its tabs, accordions and "read
    # more" sections closed (repeats are dropped by the renderer)
    return (el.get("aria-hidden") or "").lower() == "true"


#: The candidates in document order (attribute axes: much faster than ``//*[@id=...]``).
_CANDIDATES = etree.XPath(
    "//main|//article|//@role[.='main']/..|//@id[.='main' or .='content' or .='main-content']/.."
)
_ID_RANK = {"main": 2, "content": 3, "main-content": 4}


def _rank(el: etree._Element) -> int | None:
    """The index in ``REGION_XPATHS`` of the first XPath that finds ``el``."""
    if el.tag == "main":
        return 0
    if el.get("role") == "main":
        return 1
    return _ID_RANK.get(el.get("id") or "")


def region_candidates(tree: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every element that may be the content region, in order of preference, with
    the XPath that found it (``REGION_XPATHS``; then the parent of two or more
    ``<article>`` elements, "articles"; then each ``<article>``).

    >>> from lxml import html
    >>> page = html.fromstring("<html><body><div id='content'><article>a</article>"
    ...     "<article>b</article></div><main>m</main></body></html>")
    >>> [how for _, how in region_candidates(page)]
    ['//main', "//*[@id='content']", '//article', '//article']
    """
    ranked: list[tuple[int, int, etree._Element]] = []
    articles: list[etree._Element] = []
    for order, el in enumerate(_CANDIDATES(tree)):
        rank = _rank(el)
        if rank is not None:
            ranked.append((rank, order, el))
        if el.tag == "article":
            articles.append(el)
    ranked.sort(key=lambda x: (x[0], x[1]))
    found = [(el, REGION_XPATHS[rank]) for rank, _, el in ranked]
    seen = {el for el, _ in found}
    parents: dict[etree._Element, int] = {}
    for el in articles:
        parent = el.getparent()
        if parent is not None:
            parents[parent] = parents.get(parent, 0) + 1
    for parent, n in parents.items():  # posts or cards side by side: their container
        if n >= 2 and parent not in seen:
            seen.add(parent)
            found.append((parent, "articles"))
    for el in articles:
        if el not in seen:
            seen.add(el)
            found.append((el, "//article"))
    return found


def choose_region(
    candidates: list[tuple[etree._Element, str]], sizes: tuple[int, ...], page_chars: int
) -> int | None:
    """The index of the first candidate holding at least ``MIN_SHARE`` of the
    page's visible text and ``MIN_CHARS`` characters, or ``None`` (the body).

    An empty ``<main>`` or a skip-link target ``#main-content`` is no region.

    >>> choose_region([(None, "//main"), (None, "//article")], (40, 900), 1000)
    1
    >>> choose_region([(None, "//main")], (100,), 1000) is None
    True
    """
    need = max(MIN_CHARS, MIN_SHARE * page_chars)
    for i, size in enumerate(sizes[: len(candidates)]):
        if size >= need:
            return i
    return None


def find_region(
    tree: etree._Element, candidates=None, sizes: tuple[int, ...] = (), page_chars: int = 0
) -> tuple[etree._Element, str]:
    """The content region of ``tree`` and how it was found (an XPath, or "body").

    Without ``sizes`` (the visible characters of each candidate, from
    ``dom.page_evidence``) the first candidate is taken.

    >>> from lxml import html
    >>> el, how = find_region(html.fromstring("<html><body><div id='main'><p>x</p></div></body></html>"))
    >>> el.get("id"), how
    ('main', "//*[@id='main']")
    """
    if candidates is None:
        candidates = region_candidates(tree)
    if sizes:
        index = choose_region(candidates, sizes, page_chars)
    else:
        index = 0 if candidates else None
    if index is not None:
        return candidates[index]
    body = tree.find(".//body")
    return (body if body is not None else tree), "body"


@dataclass(frozen=True, slots=True)
class Region:
    """The content region's text, how it was found, how much of it is link text,
    and the visible characters of the whole page, menus included (``page_chars``:
    a region with about as many is the page, not a content region)."""

    text: str
    how: str
    link_chars: int
    chars: int
    page_chars: int = 0

    @property
    def share(self) -> float:
        """The region's share of the page's visible text (1.0 for the whole body).

        >>> Region("x", "//main", 0, 300, 1000).share, Region("x", "body", 0, 300, 1000).share
        (0.3, 1.0)
        """
        if self.how == "body" or self.page_chars <= 0:
            return 1.0
        return min(1.0, self.chars / self.page_chars)


def visible_chars(root: etree._Element) -> int:
    """The visible characters of ``root`` as the region counts them, but with the
    page's own chrome (navigation, header, footer, asides) in: what a reader sees
    of the whole page.

    >>> from lxml import html
    >>> visible_chars(html.fromstring("<body><nav>Home Shop</nav><main>Mugs</main><script>x=1</script></body>"))
    13
    """
    chars = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "end":  # a skipped element ends here too: its tail is visible
            if el is not root and el.tail:
                chars += len(el.tail.strip())
            continue
        tag = _tag(el)
        if tag is None:
            continue
        if el is not root and _is_chrome(el, tag, page=True):
            walker.skip_subtree()
        elif el.text:
            chars += len(el.text.strip())
    return chars


def render(root: etree._Element) -> str:
    """The visible text of ``root`` without chrome, one line per block.

    >>> from lxml import html
    >>> render(html.fromstring("<main><nav>Home | Shop</nav><h1>Mugs</h1><ul><li>Blue "
    ...     "mug <b>$12</b></li><li>Red mug</li></ul><form><button>Buy</button></form></main>"))
    'Mugs\\nBlue mug $12\\nRed mug'
    """
    return _render(root)[0]


def _render(root: etree._Element) -> tuple[str, int, int]:
    """``render`` and the visible characters in links and in all."""
    lines: list[str] = []
    seen: set[str] = set()
    part: list[str] = []  # the pieces of the line being built
    in_pre = False  # whether some of the current line is preformatted

    def flush() -> None:
        nonlocal in_pre
        if part:
            line = " ".join("".join(part).split())
            part.clear()
            if line:
                if in_pre:
                    lines.append(line)
                else:
                    key = line.lower()
                    if key not in seen:  # responsive layouts repeat blocks
                        seen.add(key)
                        lines.append(line)
        in_pre = False

    skip = 0  # depth inside a chrome element
    links = 0  # depth inside <a>
    pre = 0  # depth inside <pre>
    link_chars = chars = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = _tag(el)
        if event == "start":
            if tag is None:
                continue
            if skip:
                skip += 1
                continue
            if el is not root and _is_chrome(el, tag):
                skip = 1
                walker.skip_subtree()  # its end comes next (with its tail)
                continue
            if tag in BLOCK_TAGS:
                flush()
            elif tag in _CELL_TAGS:
                part.append(" ")
            if tag == "a":
                links += 1
            elif tag in _VERBATIM_TAGS:
                pre += 1
            text = el.text
            if text:
                if pre:
                    in_pre = True
                    if "\n" in text:
                        for piece in text.split("\n")[:-1]:
                            part.append(piece)
                            in_pre = True
                            flush()
                        text = text.rsplit("\n", 1)[1]
                        in_pre = True
                part.append(text)
                n = len(text.strip())
                chars += n
                if links:
                    link_chars += n
            continue
        if tag is not None:
            if skip:
                skip -= 1
                if skip:
                    continue
                # the chrome element ends here: its tail is visible again
            else:
                if tag in BLOCK_TAGS:
                    flush()
                if tag == "a":
                    links -= 1
                elif tag in _VERBATIM_TAGS:
                    pre -= 1
        tail = el.tail
        if el is not root and tail and not skip:
            if pre:
                in_pre = True
            part.append(tail)
            n = len(tail.strip())
            chars += n
            if links:
                link_chars += n
    flush()
    return "\n".join(lines), link_chars, chars


def region_text(
    tree: etree._Element, candidates=None, sizes: tuple[int, ...] = (), page_chars: int = 0
) -> Region:
    """The content region of ``tree`` rendered (see ``find_region`` and ``render``),
    with the page's visible characters (``Region.page_chars``, counted only for a
    declared region: the body is the page by definition)."""
    root, how = find_region(tree, candidates, sizes, page_chars)
    text, link_chars, chars = _render(root)
    whole = 0
    if how != "body":
        body = tree.find(".//body")
        whole = visible_chars(body if body is not None else tree)
    return Region(text, how, link_chars, chars, whole)
