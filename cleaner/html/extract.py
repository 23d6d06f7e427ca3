"""One page in, its main text out: parse once, read the DOM, extract, choose.

``observe(page)`` does everything that does not depend on fitted data, and is
what ``benchmarks/fit_html.py`` fits on; ``extract(page, config)`` adds the
fitted decisions (page type, trafilatura or region) and the metadata:

1. the page is parsed once (trafilatura's parser, which also decodes bytes);
2. one walk over the tree gathers the DOM evidence (``dom``) and the size of
   each candidate content region (``region``);
3. trafilatura extracts the article text once, in its fast mode (no
   readability/jusText fallbacks; comments apart), from the parsed tree;
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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import errors
from ..config import Config
from .choose import Choice, choose, selection_features
from .dom import Evidence, page_evidence
from .meta import page_metadata
from .pagetype import PageType, classify, configured
from .region import Region, region_candidates, region_text
from .screen import screen

#: Options for ``trafilatura.bare_extraction``: fast (no fallback extractors:
#: the content region is the fallback), comments extracted apart (so that the
#: comment pruning does not take forum posts with it), tables kept.
EXTRACT_OPTIONS: Mapping[str, Any] = {
    "include_comments": True,
    "include_tables": True,
    "fast": True,
    "favor_recall": True,
    "with_metadata": False,
}
_NULL_HANDLER = logging.NullHandler()


@dataclass(frozen=True, slots=True)
class Observation:
    """What a page shows before any fitted decision."""

    evidence: Evidence
    region: Region
    text: str  # trafilatura's extraction
    comments: str  # trafilatura's comment section, apart
    tree: Any = field(repr=False, compare=False, default=None)


@dataclass(frozen=True, slots=True)
class Extracted:
    """A page's main text, its metadata, and how they were decided."""

    text: str
    meta: Mapping[str, str]
    page_type: PageType | None = None
    choice: Choice | None = None
    region_how: str = ""


EMPTY_PAGE = Extracted("", {})


def _parse(page: str | bytes) -> Any:
    from trafilatura.utils import load_html

    screen(page)
    try:
        return load_html(page)
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise errors.InputError(errors.HTML_UNREADABLE.format(error=exc)) from None


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
        doc = trafilatura.bare_extraction(tree, **EXTRACT_OPTIONS)
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise errors.InputError(errors.HTML_UNREADABLE.format(error=exc)) from None
    text = (doc.text or "") if doc is not None else ""
    comments = (getattr(doc, "comments", "") or "") if doc is not None else ""
    return Observation(evidence, region, text, comments, tree)


def decide(obs: Observation, config: Config) -> tuple[PageType, Choice]:
    """The page type (configured or classified) and the text choice for ``obs``."""
    if config.page_type != "auto":
        kind = configured(config.page_type)
    else:
        kind = classify(obs.evidence.features)
    probabilities = kind.probabilities or {kind.name: 1.0}
    features = selection_features(probabilities, obs.text, obs.region, obs.comments)
    return kind, choose(features)


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
    text = obs.region.text if choice.source == "region" else obs.text
    structured = obs.evidence.structured_text()
    if len(structured.split()) > len(text.split()):  # the visible page lacks its content
        text, choice = structured, replace(choice, source="structured data")
    meta = page_metadata(
        obs.tree, obs.evidence.url, [obs.evidence.jsonld_texts.get("datePublished", "")]
    )
    meta["page_type"] = kind.name
    meta["page_type_confidence"] = f"{kind.confidence:.2f}"
    return Extracted(text, meta, kind, choice, obs.region.how)
