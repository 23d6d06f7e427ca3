"""HTML in: find the page's main text, then run the cleaner's passes.

``analyze_html(html, config)`` is what ``cleaner.analyze(html, html=True)``,
``cleaner clean --html`` and HTML detected in files or JSON Lines rows run;
``explain_html`` also returns how each decision was made (``cleaner explain``).

* **One parse, one extraction** (``extract``): the page is parsed once; one
  walk over it gathers DOM evidence (``dom``); trafilatura extracts the article
  text once in its fast mode; the page's content region (``<main>`` and its
  stand-ins, less navigation, header, footer, asides and forms) is rendered
  (``region``).
* **Page type** (``pagetype``): a fitted classifier reads the DOM evidence
  (link density, tag counts, JSON-LD and microdata types, ``og:type``, class
  names, prices and cart buttons, reply and vote cues, URL path) and names one
  of the seven types of ``config.PAGE_TYPES`` with its confidence;
  ``config.page_type`` other than ``"auto"`` wins.
* **Which text** (``choose``): a fitted selector decides between trafilatura's
  text (best for articles) and the content region (listings, collections,
  service pages, much documentation), from the type probabilities and how the
  two texts compare. Both models are data (``cleaner/data/html_*.json``),
  fitted by ``benchmarks/fit_html.py`` with cross-validation grouped by site.
* **Metadata** (``meta``): title, date and author from the page's markup take
  precedence; what a pass finds fills only what is missing. The page type goes
  to the passes as known metadata (``page_type``, ``page_type_confidence``).
* **Passes.** The extraction has already found where the body starts, so the
  head passes that *guess* it (``HTML_SKIP``: section label, title, standfirst,
  head fragment, the whole-page body finder) are off for HTML unless
  ``select`` names passes explicitly.

Malformed input never crashes: empty, whitespace-only, binary or script-only
pages give an empty body; a page the HTML parser cannot read at all raises
``InputError`` with ``errors.HTML_UNREADABLE``, and so does a page past the
bounds that ``screen`` checks before parsing (size, tags, attributes of a tag).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from types import MappingProxyType

from .. import errors
from ..config import Config
from ..model import Result
from ..pipeline import run_extracted
from ..sniff import looks_like_html, wants_html
from ..textstats import is_prose, word_count
from .extract import EXTRACT_OPTIONS, Extracted, extract
from .screen import MAX_HTML_CHARS, MAX_HTML_TAGS, MAX_TAG_ATTRIBUTES, screen

__all__ = [
    "EXTRACT_OPTIONS",
    "HTML_SKIP",
    "MAX_HTML_CHARS",
    "MAX_HTML_TAGS",
    "MAX_TAG_ATTRIBUTES",
    "Extracted",
    "analyze_html",
    "explain_html",
    "extract",
    "html_config",
    "looks_like_html",
    "screen",
    "wants_html",
]

#: Passes off for HTML: those that guess where the body starts (head passes;
#: CL4xx, the whole-page body finder), a job the extraction has done; and the
#: photo-caption and repeated-lede passes (CL204, CL208): the extraction leaves
#: no captions or deks for them (no effect on wcxb-dev or aeb-dev HTML, a
#: sixth of the passes' time there). The body model (CL601) runs, but on an
#: extracted text it removes nothing (``Page.extracted``): it keeps lines against
#: the heuristics and guards against damage.
HTML_SKIP: tuple[str, ...] = ("CL201", "CL204", "CL206", "CL207", "CL208", "CL209", "CL4")


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
    from ..registry import resolve

    return tuple(c for c in HTML_SKIP if c not in ignore and resolve(c) is not None)


def explain_html(html: str | bytes, config: Config) -> tuple[Result, Extracted]:
    """``analyze_html`` and what the extraction decided (page type, which text)."""
    found = extract(html, config)
    result = run_extracted(found.text, html_config(config), found.meta)
    return _warn_if_emptied(result, found.reference), found


def _warn_if_emptied(result: Result, reference: str) -> Result:
    """``result`` with a warning when trafilatura's text (``reference``) has prose
    and the output has none of it, unless a warning already says why."""
    if result.text.strip() or result.warning:
        return result
    words = sum(word_count(line) for line in reference.splitlines() if is_prose(line))
    if not words:
        return result
    codes = sorted({r.code for r in result.removed})
    why = "removed by " + ", ".join(codes) if codes else "the chosen text was empty"
    meta = {**result.meta, "warning": errors.HTML_EMPTIED.format(words=words, why=why)}
    return replace(result, meta=MappingProxyType(meta))


def analyze_html(html: str | bytes, config: Config) -> Result:
    """Extract the body of ``html`` and clean it; metadata from the page wins.

    >>> r = analyze_html("<html><head><title>Rain in Paris</title></head><body><article>"
    ...     "<p>It rained in Paris all day on Friday, the national weather service said.</p>"
    ...     "<p>Share on Facebook</p></article></body></html>", Config())
    >>> r.text, r.title, r.page_type, [x.code for x in r.removed]
    ('It rained in Paris all day on Friday, the national weather service said.\\n', 'Rain in Paris', 'article', ['CL107'])
    """
    return explain_html(html, config)[0]
