"""One page in, its main text out: parse once, read the DOM, extract, choose.

``observe(page)`` does everything that does not depend on fitted data, and is
what ``benchmarks/fit_html.py`` fits on; ``extract(page, config)`` adds the
fitted decisions (page type, trafilatura or region) and the metadata:

1. the page is parsed once (trafilatura's parser, which also decodes bytes);
2. one walk over the tree gathers the DOM evidence (``dom``) and the size of
   each candidate content region (``region``);
3. trafilatura extracts the article text once from the parsed tree, with its
   own defaults but without comments: the text ``trafilatura.extract(page,
   include_comments=False)`` returns, which HTML mode must never do much worse
   than (``choose``); the rows of its one-column tables become plain lines
   (``untable``);
4. the content region is rendered;
5. the page type is classified (``pagetype``) unless configured, and the
   selector (``choose``) picks trafilatura's text or the region's; where the
   page's structured data (JSON-LD ``articleBody``, a product's
   ``description``, else the ``<meta>`` description; markup in it stripped)
   says more than the chosen text, the visible page lacks its content
   (rendered by script) and that text is taken;
6. title, date and author come from the markup (``meta``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import regex

from .. import errors
from ..config import Config
from .choose import Choice, choose, cover, guards, loses_much, selection_features, tokens
from .dom import Evidence, page_evidence
from .meta import page_metadata
from .pagetype import PageType, classify, configured
from .region import Region, region_candidates, region_text
from .screen import screen

#: Options for ``trafilatura.bare_extraction``: trafilatura's own defaults
#: (its fallback extractors on: on old table layouts its fast mode returns the
#: navigation table where the fallbacks find the story), without comments.
#: This text is the reference HTML mode is held to (``choose``).
EXTRACT_OPTIONS: Mapping[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "fast": False,
    "favor_recall": False,
    "with_metadata": False,
}
_NULL_HANDLER = logging.NullHandler()
LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Observation:
    """What a page shows before any fitted decision."""

    evidence: Evidence
    region: Region
    text: str  # trafilatura's extraction
    tree: Any = field(repr=False, compare=False, default=None)


@dataclass(frozen=True, slots=True)
class Extracted:
    """A page's main text, its metadata, and how they were decided."""

    text: str
    meta: Mapping[str, str]
    page_type: PageType | None = None
    choice: Choice | None = None
    region_how: str = ""
    #: trafilatura's text (its defaults, no comments): what HTML mode is held to
    reference: str = ""


EMPTY_PAGE = Extracted("", {})


@lru_cache(maxsize=1)
def _extractor() -> Any:
    """``EXTRACT_OPTIONS`` as trafilatura's options object, built once (trafilatura
    copies it before any change of its own)."""
    from trafilatura.settings import Extractor

    o = EXTRACT_OPTIONS
    return Extractor(
        output_format="python",  # as bare_extraction's own default
        fast=o["fast"],
        recall=o["favor_recall"],
        comments=o["include_comments"],
        tables=o["include_tables"],
        with_metadata=o["with_metadata"],
    )


_PARSERS = threading.local()  # lxml parsers are not to be shared between threads


def _parser() -> Any:
    """trafilatura's HTML parser, with element classes looked up in C.

    ``lxml.html``'s own lookup is a Python method that picks a class per tag
    (forms, inputs and labels get their own), called each time an element is
    touched from Python: most of the time trafilatura and the DOM walk spend
    on a page. Nothing here or in trafilatura uses those form classes, so every
    element is a plain ``HtmlElement`` and the lookup stays in C.
    """
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        from lxml import etree
        from lxml import html as lxml_html

        parser = lxml_html.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
        )
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=lxml_html.HtmlElement,
                comment=lxml_html.HtmlComment,
                pi=lxml_html.HtmlProcessingInstruction,
                entity=lxml_html.HtmlEntity,
            )
        )
        _PARSERS.parser = parser
    return parser


def _load(page: str | bytes) -> Any:
    """``trafilatura.utils.load_html(page)``, step for step, with :func:`_parser`:
    decode, repair, parse the text (its bytes when lxml refuses a text that
    declares an encoding, or finds nothing in it), refuse a tree of one element
    from a page that does not say it is HTML."""
    from lxml.html import fromstring
    from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

    if not isinstance(page, (bytes, str)):
        raise TypeError("incompatible input type", type(page))
    parser = _parser()
    text = decode_file(page)
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree, tried_bytes = None, False
    try:
        tree = fromstring(text, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, tried_bytes = _from_bytes(text, parser), True
    except Exception as exc:  # as trafilatura: lxml's own failures are a page without a tree
        LOGGER.debug("lxml parsing failed: %s", exc)
    if (tree is None or len(tree) < 1) and not tried_bytes:
        tree = _from_bytes(text, parser)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def _from_bytes(text: str, parser: Any) -> Any:
    from lxml.html import fromstring

    try:
        return fromstring(text.encode("utf8", "surrogatepass"), parser=parser)
    except Exception as exc:  # as trafilatura
        LOGGER.debug("lxml parser bytestring: %s", exc)
    return None


def _stopped_early(parser: Any) -> str | None:
    """What made libxml2 stop before the end of the page it last parsed, if it
    did: one of its resource limits (a text of more than 10,000,000 bytes in
    one node, elements nested more than 256 deep). It then keeps what came
    before and says nothing; the rest of the page would be lost unnoticed."""
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            return entry.message.strip()
    return None


def _parse(page: str | bytes) -> Any:
    screen(page)
    try:
        tree = _load(page)
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise errors.InputError(errors.HTML_UNREADABLE.format(error=exc)) from None
    limit = _stopped_early(_parser())
    if limit is not None:
        raise errors.InputError(errors.HTML_STOPPED_EARLY.format(error=limit))
    return tree


def observe(page: str | bytes, site: str | None = None) -> Observation | None:
    """Parse ``page`` and gather its evidence, region and trafilatura text;
    ``None`` for an empty or unreadable page.

    >>> o = observe("<html><body><nav>Home | Mugs | Bowls</nav><main><h1>Mugs</h1>"
    ...     + "<p>A blue mug for tea, coffee and cocoa, thrown and glazed by hand.</p>" * 4
    ...     + "</main></body></html>")
    >>> o.region.how, o.region.text.splitlines()[:2]
    ('//main', ['Mugs', 'A blue mug for tea, coffee and cocoa, thrown and glazed by hand.'])
    """
    if not (page.strip() if isinstance(page, (str, bytes)) else page):
        return None
    import trafilatura

    # trafilatura logs bad pages at ERROR; without a handler Python would print
    # them to stderr, and the library never prints. Handlers the user set up on
    # the root logger still receive them.
    logging.getLogger("trafilatura").addHandler(_NULL_HANDLER)
    tree = _parse(page)
    if tree is None:
        return None
    candidates = region_candidates(tree)
    evidence = page_evidence(tree, site, [el for el, _ in candidates])
    region = region_text(tree, candidates, evidence.watched, evidence.text_chars)
    try:
        doc = trafilatura.bare_extraction(tree, options=_extractor())
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise errors.InputError(errors.HTML_UNREADABLE.format(error=exc)) from None
    text = (doc.text or "") if doc is not None else ""
    return Observation(evidence, region, text, tree)


#: A row trafilatura wrote for a table of one column: ``| cell |``. Rows of
#: several cells (``| Weight | 2.3 kg |``) are data and stay as they are.
_ONE_CELL_ROW = regex.compile(r"^[ \t]*\|[ \t]*([^|\n]*?)[ \t]*\|[ \t]*$", regex.M)
#: A row of empty cells: ``| |``, ``|  |  |``.
_EMPTY_ROW = regex.compile(r"^[ \t]*\|(?:[ \t]*\|)+[ \t]*$\n?", regex.M)


def untable(text: str) -> str:
    r"""trafilatura's text with the rows of one-column tables written as plain
    lines, and rows of empty cells dropped.

    Old pages are laid out in tables of one column: trafilatura writes each of
    their cells as a row, ``| By Ann Lee, City Desk |``, which no pass would read
    as the byline it is. A row of several cells is a data table and stays; no
    word is lost either way.

    >>> untable("| |\n| By Ann Lee |\n| Ferries run again. |\n| Weight | 2 kg |")
    'By Ann Lee\nFerries run again.\n| Weight | 2 kg |'
    """
    if "|" not in text:
        return text
    return _ONE_CELL_ROW.sub(r"\1", _EMPTY_ROW.sub("", text))


def decide(obs: Observation, config: Config) -> tuple[PageType, Choice]:
    """The page type (configured or classified) and the text choice for ``obs``."""
    if config.page_type != "auto":
        kind = configured(config.page_type)
    else:
        kind = classify(obs.evidence.features)
    probabilities = kind.probabilities or {kind.name: 1.0}
    features = selection_features(probabilities, obs.text, obs.region)
    return kind, choose(features)


def _lacks_content(text: str, structured: str, reference: str) -> bool:
    """Whether the page's structured data says more than the chosen ``text`` (the
    visible page lacks its content: rendered by script), while holding most of
    trafilatura's ``reference`` text (the guard the region is held to).

    >>> _lacks_content("Loading", "A whole article of many words here", "Loading")
    True
    >>> _lacks_content("Loading", "A summary in other words", "Loading the story: " + "word " * 20)
    False
    """
    said = tokens(structured)
    if sum(said.values()) <= sum(tokens(text).values()):
        return False
    ref = tokens(reference)
    return not loses_much(sum(ref.values()), cover(ref, said), guards()["min_cover"])


def extract(page: str | bytes, config: Config | None = None) -> Extracted:
    """The main text of ``page`` and its metadata (see the module docstring).

    >>> e = extract("<html><head><title>Rain in Paris</title></head><body><article>"
    ...     "<p>It rained in Paris all day on Friday, the national weather service said.</p>"
    ...     "</article></body></html>")
    >>> e.text, e.meta["title"], e.page_type.name
    ('It rained in Paris all day on Friday, the national weather service said.', 'Rain in Paris', 'article')
    >>> extract("   ").text
    ''
    """
    config = config or Config()
    obs = observe(page, config.site)
    if obs is None:
        return EMPTY_PAGE
    kind, choice = decide(obs, config)
    text = obs.region.text if choice.source == "region" else untable(obs.text)
    structured = obs.evidence.structured_text()
    if structured and _lacks_content(text, structured, obs.text):
        text, choice = structured, replace(choice, source="structured data")
    meta = page_metadata(
        obs.tree, obs.evidence.url, [obs.evidence.jsonld_texts.get("datePublished", "")]
    )
    meta["page_type"] = kind.name
    meta["page_type_confidence"] = f"{kind.confidence:.2f}"
    return Extracted(text, meta, kind, choice, obs.region.how, obs.text)
