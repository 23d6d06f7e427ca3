"""Evidence from a page's DOM: what the page-type classifier and the extraction read.

``page_evidence(tree)`` walks the parsed page once (``lxml.etree.iterwalk``) and
returns ``Evidence``: named numeric features (``features``, the input of
``cleaner.html.pagetype``), the schema.org types the page declares (JSON-LD
``@type``, microdata ``itemtype``, ``og:type``), its URL (canonical link or
``og:url``) and the structured-data texts extraction may fall back to
(JSON-LD ``articleBody`` and ``description``).

Features are counts, shares and flags, named so that an explanation can cite
them ("jsonld:Product", "share:link_text"); see ``FEATURE_DOC``. Nothing here
is fitted: the weights that read these features are data
(``cleaner/data/html_type.json``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

import regex
from lxml import etree

#: Tags whose text is never shown (``<noscript>`` is: crawlers are served pages
#: whose posts are all inside it).
_HIDDEN = frozenset({"script", "style", "template", "head", "title", "svg", "math"})
#: Tags counted one by one (``tag:<name>``).
COUNTED_TAGS = (
    "a",
    "p",
    "li",
    "ul",
    "ol",
    "dl",
    "table",
    "tr",
    "td",
    "th",
    "pre",
    "code",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "label",
    "nav",
    "article",
    "main",
    "section",
    "aside",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "img",
    "figure",
    "time",
    "blockquote",
    "iframe",
    "video",
    "div",
    "span",
    "br",
)
_COUNTED = frozenset(COUNTED_TAGS)
#: Context flags: text inside these tags is counted apart (``share:<flag>_text``).
_FLAG_OF = {
    "a": 1,
    "p": 2,
    "li": 4,
    "h1": 8,
    "h2": 8,
    "h3": 8,
    "h4": 8,
    "h5": 8,
    "h6": 8,
    "pre": 16,
    "code": 16,
    "table": 32,
    "nav": 64,
    "header": 128,
    "footer": 128,
    "aside": 128,
    "form": 256,
    "button": 256,
    "label": 256,
    "select": 256,
    "article": 512,
    "main": 1024,
    "blockquote": 2048,
}
#: Text inside these (nav, header/footer/aside, forms) is not counted for ``watch``.
_CHROME_BITS = 64 | 128 | 256
_HIDDEN_BIT = 1 << 12
_WATCH_SHIFT = 13
FLAG_NAMES = (
    (1, "link"),
    (2, "p"),
    (4, "li"),
    (8, "heading"),
    (16, "code"),
    (32, "table"),
    (64, "nav"),
    (128, "chrome"),
    (256, "form"),
    (512, "article"),
    (1024, "main"),
    (2048, "quote"),
)
#: Words looked for in class and id attributes (``attr:<word>``: elements whose
#: class or id contains the word).
ATTR_WORDS = (
    "comment",
    "reply",
    "post",
    "thread",
    "message",
    "forum",
    "topic",
    "answer",
    "question",
    "vote",
    "user",
    "author",
    "avatar",
    "signature",
    "product",
    "price",
    "cart",
    "basket",
    "sku",
    "stock",
    "rating",
    "review",
    "gallery",
    "swatch",
    "variant",
    "card",
    "grid",
    "tile",
    "item",
    "result",
    "listing",
    "pagination",
    "pager",
    "filter",
    "facet",
    "sort",
    "breadcrumb",
    "sidebar",
    "toc",
    "doc",
    "api",
    "highlight",
    "syntax",
    "hero",
    "feature",
    "pricing",
    "plan",
    "testimonial",
    "cta",
    "faq",
    "accordion",
    "tab",
    "menu",
    "entry",
    "article",
    "story",
    "news",
    "blog",
    "byline",
    "date",
    "tag",
    "share",
    "related",
    "service",
    "contact",
    "team",
    "search",
)
_ATTR_RE = re.compile("|".join(sorted(ATTR_WORDS, key=len, reverse=True)))
_ATTR_TOKEN_RE = re.compile(r"[a-z]+")


@lru_cache(maxsize=8192)
def _attr_words(token: str) -> tuple[str, ...]:
    """The words of ``ATTR_WORDS`` inside one class/id token ("productcard": product, card)."""
    return tuple(_ATTR_RE.findall(token))


def attr_hits(values: Iterable[str]) -> Counter[str]:
    """How often each word of ``ATTR_WORDS`` occurs in the class and id ``values``.

    >>> sorted(attr_hits(["product-card js-price", "comment_list", "commentlist"]).items())
    [('card', 1), ('comment', 2), ('price', 1), ('product', 1)]
    """
    hits: Counter[str] = Counter()
    for value, n in Counter(values).items():  # cards repeat their class values
        for word in _value_words(value):
            hits[word] += n
    return hits


@lru_cache(maxsize=16384)
def _value_words(value: str) -> tuple[str, ...]:
    return tuple(w for token in _ATTR_TOKEN_RE.findall(value.lower()) for w in _attr_words(token))


#: Phrases counted in the visible text (``text:<name>``), lower-cased words; ``#``
#: stands for any number.
TEXT_CUES: Mapping[str, tuple[str, ...]] = {
    "cart": (
        "add to cart",
        "add to bag",
        "add to basket",
        "add to trolley",
        "buy now",
        "in den warenkorb",
        "ajouter au panier",
        "añadir al carrito",
        "aggiungi al carrello",
        "in winkelwagen",
    ),
    "stock": (
        "in stock",
        "out of stock",
        "sold out",
        "free shipping",
        "free delivery",
        "ships in",
        "lieferbar",
        "en stock",
        "sku",
        "qty",
        "quantity",
    ),
    "reply": (
        "reply",
        "replies",
        "quote",
        "permalink",
        "report",
        "posted by",
        "original poster",
        "thread starter",
        "joined",
        "antworten",
        "répondre",
        "responder",
    ),
    "member": ("member", "members", "posts", "reputation", "moderator", "messages", "likes"),
    "answer": ("answer", "answers", "asked", "answered", "upvote", "votes", "vote"),
    "review": ("review", "reviews", "rating", "ratings", "stars", "write a review"),
    "results": (
        "results",
        "showing",
        "sort by",
        "filter",
        "filters",
        "items",
        "products",
        "next page",
        "load more",
        "view all",
        "see all",
        "page # of",
    ),
    "readmore": ("read more", "continue reading", "learn more", "view details", "more info"),
    "service": (
        "our services",
        "get a quote",
        "contact us",
        "book a",
        "book now",
        "schedule",
        "free consultation",
        "get started",
        "request a demo",
        "pricing",
        "testimonials",
        "why choose",
        "how it works",
        "our team",
        "clients",
    ),
    "docs": (
        "parameters",
        "parameter",
        "returns",
        "example",
        "examples",
        "syntax",
        "arguments",
        "deprecated",
        "version",
        "installation",
        "configuration",
        "reference",
        "api",
        "usage",
        "module",
        "function",
        "method",
        "class",
    ),
    "article": (
        "published",
        "updated",
        "min read",
        "minute read",
        "minutes read",
        "share this",
        "related articles",
        "editor",
        "reporter",
        "correspondent",
        "written by",
        "comments",
    ),
    "date": tuple(
        f"{m} #"
        for m in (
            "jan january feb february mar march apr april may jun june jul july aug august "
            "sep sept september oct october nov november dec december"
        ).split()
    ),
}
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
_PRICE_RE = re.compile(r"[$€£¥₹]\s?\d|\d\s?(?:€|\$|£|usd|eur|gbp)\b")
_PRICE_MARK_RE = re.compile(r"[$€£¥₹]|usd|eur|gbp")


_DIGITS_RE = re.compile(r"\d+")


#: How much of the visible text the cues are counted in (head and tail).
CUE_CHARS = 24_000


def _head_tail(text: str) -> str:
    return text[: CUE_CHARS * 3 // 4] + " " + text[-CUE_CHARS // 4 :]


def _phrases() -> tuple[tuple[str, tuple[tuple[bool, tuple[str, ...], str], ...]], ...]:
    """Each cue with its phrases, as (whether the phrase is one word, its words but
    ``#``, the phrase padded with spaces, as it is counted in the joined words)."""
    return tuple(
        (
            cue,
            tuple(
                (" " not in p, tuple(w for w in p.split() if w != "#"), f" {p} ") for p in phrases
            ),
        )
        for cue, phrases in TEXT_CUES.items()
    )


_PHRASES = _phrases()
_NOT_WORD_RE = re.compile(r"[\W_]+")


def _tokens(text: str) -> list[str]:
    """``_TOKEN_RE.findall(text)``: runs of letters and runs of digits. Split at what
    is neither first (one scan in C); only a run with both is split again.

    >>> _tokens("a2b, 3 ½x_y"), _TOKEN_RE.findall("a2b, 3 ½x_y")
    (['a', '2', 'b', '3', '½x', 'y'], ['a', '2', 'b', '3', '½x', 'y'])
    """
    out: list[str] = []
    for run in _NOT_WORD_RE.split(text):
        if run.isalpha() or run.isdecimal():
            out.append(run)
        elif run:
            out.extend(_TOKEN_RE.findall(run))
    return out


def text_cues(text: str) -> Counter[str]:
    """How often each cue of ``TEXT_CUES`` (and ``price``, ``year``) occurs in ``text``.

    >>> sorted(text_cues("Add to cart - $12.99. In stock. Posted by Ann on May 3, 2024").items())
    [('cart', 1), ('date', 1), ('price', 1), ('reply', 1), ('stock', 1), ('year', 1)]
    """
    low = text.lower()
    tokens = _tokens(low)
    single = Counter(tokens)
    joined = ""  # the tokens with every number as "#", built when a phrase needs it
    hits: Counter[str] = Counter()
    for cue, phrases in _PHRASES:
        n = 0
        for one_word, words, padded in phrases:
            if one_word:
                n += single[words[0]]
            elif all(single[w] for w in words):  # else the phrase is not there
                if not joined:
                    joined = " " + _DIGITS_RE.sub("#", " ".join(tokens)) + " "
                n += joined.count(padded)
        if n:
            hits[cue] = n
    # a price has a currency sign or code: without one, no need to look
    price = len(_PRICE_RE.findall(low)) if _PRICE_MARK_RE.search(low) else 0
    if price:
        hits["price"] = price
    year = sum(
        n for t, n in single.items() if len(t) == 4 and t[:2] in ("19", "20") and t.isdigit()
    )
    if year:
        hits["year"] = year
    return hits


#: schema.org types grouped as the classifier reads them (``schema:<group>``).
SCHEMA_GROUPS: Mapping[str, tuple[str, ...]] = {
    "article": (
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "opinionnewsarticle",
        "analysisnewsarticle",
        "scholarlyarticle",
        "liveblogposting",
        "socialmediaposting",
        "review",
        "recipe",
        "howto",
    ),
    "techarticle": ("techarticle", "apireference", "softwaresourcecode"),
    "forum": ("discussionforumposting", "comment", "conversation"),
    "qa": ("qapage", "question", "answer"),
    "product": ("product", "offer", "aggregateoffer", "productgroup", "individualproduct", "car"),
    "rating": ("aggregaterating", "rating"),
    "list": ("itemlist", "collectionpage", "searchresultspage", "offercatalog", "listitem"),
    "faq": ("faqpage",),
    "service": (
        "service",
        "localbusiness",
        "professionalservice",
        "organization",
        "corporation",
        "store",
        "website",
        "softwareapplication",
        "webapplication",
        "event",
        "course",
        "jobposting",
        "medicalorganization",
        "legalservice",
        "financialservice",
        "homeandconstructionbusiness",
        "restaurant",
        "hotel",
    ),
    "webpage": ("webpage", "aboutpage", "contactpage", "itempage", "profilepage", "medicalwebpage"),
    "breadcrumb": ("breadcrumblist",),
    "person": ("person", "profilepage"),
}
_SCHEMA_GROUP_OF = {t: g for g, ts in SCHEMA_GROUPS.items() for t in ts}
#: og:type values grouped (``og:<group>``).
_OG_GROUPS = {
    "article": "article",
    "blog": "article",
    "news": "article",
    "product": "product",
    "product.item": "product",
    "og:product": "product",
    "product.group": "product",
    "website": "website",
    "profile": "profile",
    "video.other": "video",
    "book": "article",
}
#: Words looked for in the URL path (``url:<name>``).
URL_CUES: Mapping[str, str] = {
    "product": r"/(?:products?|p|dp|item|itm|ip|sku|buy|pd|produkt|produit|producto|prodotto)(?:/|$|[-_.])",
    "shop": r"/(?:shop|store|collections?|category|categories|c|catalog|browse|department|dept|"
    r"s|search|plp|sb0|b)(?:/|$|[-_.?])",
    "forum": r"/(?:forums?|threads?|t|topics?|community|discussions?|boards?|questions|r|comments|"
    r"viewtopic|showthread|discuss)(?:/|$|[-_.])",
    "docs": r"/(?:docs?|documentation|api|reference|manual|guide|guides|man|library|sdk|dev|"
    r"developers?|learn|tutorials?|handbook|wiki|kb|help|support)(?:/|$|[-_.])",
    "article": r"/(?:blog|news|articles?|posts?|stories|story|\d{4}/\d{2}|magazine|insights|"
    r"opinion|features|resources|stories)(?:/|$|[-_.])",
    "list": r"/(?:lists?|tags?|topics|archives?|index|directory|best|top|page/\d+|sitemap|"
    r"all|events|jobs|listings?)(?:/|$|[-_.])",
    "service": r"/(?:services?|solutions?|pricing|plans|about|contact|features|consulting|"
    r"company|careers|locations?|book|hire|agency|industries)(?:/|$|[-_.])",
    "html": r"\.s?html?$",
    "query": r"\?",
    "digits": r"/\d{5,}",
}
_URL_RE = {name: regex.compile(p, regex.IGNORECASE) for name, p in URL_CUES.items()}
#: Readable descriptions of the feature families (for explanations and the fit report).
FEATURE_DOC: Mapping[str, str] = {
    "tag:X": "log(1 + number of <X> elements)",
    "share:X_text": "share of the visible text inside X (link, p, li, heading, code, table, nav, "
    "chrome = header/footer/aside, form, article, main, quote)",
    "attr:X": "log(1 + elements whose class or id contains X)",
    "text:X": "log(1 + matches of cue X in the visible text)",
    "schema:X": "1 if the page declares a schema.org type of group X (JSON-LD or microdata)",
    "og:X": "1 if og:type is of group X",
    "url:X": "1 if the page's URL path matches cue X",
    "size:X": "log sizes: visible characters, words, elements",
}
_MAX_JSON = 500_000


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the DOM says about a page (see the module docstring)."""

    features: Mapping[str, float]
    schema_types: frozenset[str] = frozenset()
    url: str | None = None
    jsonld_texts: Mapping[str, str] = field(default_factory=dict)
    text_chars: int = 0
    watched: tuple[int, ...] = ()
    description: str = ""

    def structured_text(self) -> str:
        """What the page's structured data says its content is: the longest of its
        JSON-LD ``articleBody``, ``text`` and product or service ``description``,
        else its ``<meta>`` description.

        >>> Evidence({}, jsonld_texts={"articleBody": "A B C"}, description="A").structured_text()
        'A B C'
        """
        texts = [self.jsonld_texts.get(k, "") for k in ("articleBody", "text", "description")]
        best = max(texts, key=len) or self.description
        if "<" in best or "&" in best:  # some sites put markup in their JSON-LD
            best = _plain(best)
        return " ".join(best.split())


def _plain(markup: str) -> str:
    """The text of an HTML fragment (entities decoded).

    >>> _plain('<p class="x">Tea &amp; cake</p><p>at four</p>')
    'Tea & cake at four'
    """
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup
    return " ".join(" ".join(root.itertext()).split())


def _log1p(x: float) -> float:
    return math.log1p(x)


def _walk_jsonld(node: object, types: set[str], texts: dict[str, str], depth: int = 0) -> None:
    """Collect @type values and the longest articleBody / description of ``node``."""
    if depth > 12:
        return
    if isinstance(node, list):
        for x in node[:200]:
            _walk_jsonld(x, types, texts, depth + 1)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    own = {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}
    types |= own
    published = node.get("datePublished")
    if isinstance(published, str) and "datePublished" not in texts:
        texts["datePublished"] = published
    for key in ("articleBody", "text", "description"):
        value = node.get(key)
        if isinstance(value, str) and len(value) > len(texts.get(key, "")):
            if key == "description" and not own & {"product", "productgroup", "service"}:
                continue
            texts[key] = value
    for key, value in node.items():
        if isinstance(value, (dict, list)) and key not in ("@context",):
            _walk_jsonld(value, types, texts, depth + 1)


def _jsonld(tree: etree._Element) -> tuple[set[str], dict[str, str]]:
    types: set[str] = set()
    texts: dict[str, str] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > _MAX_JSON:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        _walk_jsonld(data, types, texts)
    return types, texts


def page_url(tree: etree._Element, site: str | None = None) -> str | None:
    """The page's own URL: ``site`` when it is a URL, else the canonical link or og:url.

    >>> from lxml import html
    >>> page_url(html.fromstring('<html><head><link rel="canonical" href="https://a.example/x/y">'
    ...     '</head><body></body></html>'))
    'https://a.example/x/y'
    """
    if site and "/" in site:
        return site
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href")
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:url":
            if meta.get("content"):
                return meta.get("content")
    return None


_DESCRIPTIONS = ("description", "og:description", "twitter:description")


def _og_type_and_description(tree: etree._Element) -> tuple[str, str]:
    """``og:type`` (lower-cased) and the page's description of itself."""
    og, description = "", {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key == "og:type" and not og:
            og = (meta.get("content") or "").strip().lower()
        elif key in _DESCRIPTIONS and key not in description:
            description[key] = meta.get("content") or ""
    return og, next((description[k] for k in _DESCRIPTIONS if description.get(k)), "")


def url_features(url: str | None) -> dict[str, float]:
    """``url:*`` features of a URL's path (and query).

    >>> sorted(k for k, v in url_features("https://www.example.com/products/blue-mug").items() if v)
    ['url:depth', 'url:product']
    """
    out = {f"url:{name}": 0.0 for name in URL_CUES}
    out["url:depth"] = 0.0
    out["url:none"] = 1.0 if not url else 0.0
    if not url:
        return out
    try:
        parts = urlsplit(url)
    except ValueError:
        return out
    path = parts.path or "/"
    target = path + ("?" + parts.query if parts.query else "")
    for name, rx in _URL_RE.items():
        out[f"url:{name}"] = 1.0 if rx.search(target) else 0.0
    out["url:depth"] = _log1p(len([p for p in path.split("/") if p]))
    host = (parts.hostname or "").lower()
    out["url:host_docs"] = 1.0 if host.startswith(("docs.", "developer.", "dev.", "api.")) else 0.0
    out["url:host_forum"] = (
        1.0 if host.startswith(("forum.", "forums.", "community.", "discuss.")) else 0.0
    )
    out["url:host_shop"] = 1.0 if host.startswith(("shop.", "store.")) else 0.0
    return out


def page_evidence(
    tree: etree._Element, site: str | None = None, watch: Sequence[etree._Element] = ()
) -> Evidence:
    """Walk ``tree`` once and return its ``Evidence``; ``watch``: elements whose
    visible characters outside navigation, header, footer, aside and forms are
    counted too (``Evidence.watched``, and ``Evidence.text_chars`` for the page).

    >>> from lxml import html
    >>> ev = page_evidence(html.fromstring(
    ...     '<html><head><script type="application/ld+json">{"@type": "Product"}</script></head>'
    ...     '<body><nav><a href="/">Home</a></nav><h1>Blue mug</h1><p>A mug. $12.00</p>'
    ...     '<button>Add to cart</button></body></html>'))
    >>> ev.features["schema:product"], ev.features["text:cart"] > 0, sorted(ev.schema_types)
    (1.0, True, ['product'])
    """
    # One pass in document order (``iter``: no end events); an element's flags are
    # its parent's plus its own, so a tail (text after an element) takes the
    # parent's. Each watched element gets a bit of its own above the context
    # flags; the characters under each bit are summed at the end.
    flag_of = _FLAG_OF
    flags_of: dict[etree._Element, int] = {}
    watch_bit = {el: 1 << (_WATCH_SHIFT + i) for i, el in enumerate(watch)}
    by_flags: dict[int, int] = {}  # visible characters by context flags
    texts: list[str] = []
    tag_list: list[str] = []
    for el in tree.iter():
        tag = el.tag
        parent = el.getparent()
        outer = flags_of.get(parent, 0) if parent is not None else 0
        if tag.__class__ is str:
            tag_list.append(tag)
            flags = outer | flag_of.get(tag, 0)
            bit = watch_bit.get(el)
            if bit:  # a region candidate misparsed into a header is still counted
                flags = (flags & ~_CHROME_BITS) | bit
            if tag in _HIDDEN:
                flags |= _HIDDEN_BIT
            flags_of[el] = flags
            text = el.text
            if text and not flags & _HIDDEN_BIT:
                texts.append(text)
                by_flags[flags] = by_flags.get(flags, 0) + len(text)
        text = el.tail  # comments and processing instructions: only their tail is text
        if text and not outer & _HIDDEN_BIT:
            texts.append(text)
            by_flags[outer] = by_flags.get(outer, 0) + len(text)
    tags = Counter(tag_list)
    running = sum(n for f, n in by_flags.items() if not f & _CHROME_BITS)
    watched = {
        el: sum(n for f, n in by_flags.items() if f & bit and not f & _CHROME_BITS)
        for el, bit in watch_bit.items()
    }
    n_el = len(tag_list)
    total = sum(by_flags.values())
    flag_chars = [sum(n for f, n in by_flags.items() if f & bit) for bit, _ in FLAG_NAMES]
    attrs = tree.xpath("//@class | //@id", smart_strings=False)
    itemtypes = {
        t.rstrip("/").rsplit("/", 1)[-1].lower()
        for v in tree.xpath("//@itemtype")
        for t in v.split()
    }
    visible = " ".join(texts)
    words = len(visible.split())
    feats: dict[str, float] = {}
    for tag in COUNTED_TAGS:
        feats[f"tag:{tag}"] = _log1p(tags.get(tag, 0))
    for i, (_, name) in enumerate(FLAG_NAMES):
        feats[f"share:{name}_text"] = flag_chars[i] / total if total else 0.0
    attr_counts = attr_hits(attrs)
    for word in ATTR_WORDS:
        feats[f"attr:{word}"] = _log1p(attr_counts[word])
    # cues: the head and the tail of long pages are enough (and keep this fast)
    cues = text_cues(visible if len(visible) <= CUE_CHARS else _head_tail(visible))
    for name in (*TEXT_CUES, "price", "year"):
        feats[f"text:{name}"] = _log1p(cues[name])
    schema, jtexts = _jsonld(tree)
    schema |= itemtypes
    groups = {_SCHEMA_GROUP_OF[t] for t in schema if t in _SCHEMA_GROUP_OF}
    for g in SCHEMA_GROUPS:
        feats[f"schema:{g}"] = 1.0 if g in groups else 0.0
    og, description = _og_type_and_description(tree)
    og_group = _OG_GROUPS.get(og, "other" if og else "none")
    for g in ("article", "product", "website", "profile", "video", "other", "none"):
        feats[f"og:{g}"] = 1.0 if og_group == g else 0.0
    url = page_url(tree, site)
    feats.update(url_features(url))
    feats["size:chars"] = _log1p(total)
    feats["size:words"] = _log1p(words)
    feats["size:elements"] = _log1p(n_el)
    feats["size:words_per_p"] = words / (1 + tags.get("p", 0))
    feats["size:links_per_kword"] = tags.get("a", 0) / (1 + words / 1000)
    return Evidence(
        feats,
        frozenset(schema),
        url,
        jtexts,
        running,
        tuple(watched[el] for el in watch),
        " ".join(description.split()),
    )


def feature_names(evidence: Iterable[Evidence]) -> list[str]:
    """Every feature name the evidences share, in a stable order."""
    names: dict[str, None] = {}
    for ev in evidence:
        names.update(dict.fromkeys(ev.features))
    return list(names)
