"""Learning a site's boilerplate from the corpus itself: ``learn()`` and ``Profile``.

A line that appears in many documents of the same site (a "Back to top button",
a newsletter box, a footer sentence) is furniture even when no rule knows its
words. ``learn()`` reads a whole corpus, counts every normalized line once per
document and per site, and keeps the lines that are common on their site; the
page pass CL701 (``cleaner/passes/profile.py``) then removes them.

**Sites.** A site is the host of a URL, lower-cased, with a leading ``www.``
dropped (``site_key``). Documents without a site belong to the corpus-wide
entry ``"*"``. When cleaning, a document uses its own site's entry, or ``"*"``
when its site is not in the profile (or it has none).

**Lines.** Each line is normalized as the pipeline does (``normalize()``), then
folded (``fold_line``: casefold, curly quotes straightened, every run of digits
becomes ``0``, white space folded) and hashed to 64 bits with blake2b
(``line_hash``). A line counts at most once per document. Exact duplicate
documents (same normalized lines, same site) count once: a Bloom filter of
fixed size (``SeenFilter``, 8 MiB) remembers the documents seen. Its rare false
positives skip a document that is not a duplicate; that drops documents at
random, which leaves the shares of documents a line is seen in unbiased.

**Thresholds.** A site with ``n`` documents has the base requirement
``base = max(min_docs, ceil(min_fraction * n))``. A line of up to
``LONG_WORDS`` (12) words is kept when it is seen in at least ``base``
documents. Longer lines are prose and need stronger evidence, growing with
their length: a line of ``w`` words needs ``ceil(base * w / 12)`` documents,
but never more than ``max(base, ceil(0.8 * n))`` (``LONG_CAP``), so a long
disclaimer on nearly every page of a big site still goes; and never fewer than
``ceil(min_docs * w / 12)``, whatever the site's size, so a long line on a
few documents of a small site (a blurb that three product pages share) is
kept. With the defaults (3 documents and 30 %) and 10 documents, a short line
needs 3, a 25-word sentence needs 7; on a site of 3 documents, a line of more
than 12 words is never learned.

**Sentences.** A line that ends a sentence and has at least
``SENTENCE_WORDS`` (5) words is what content is made of: boilerplate prose
(a disclaimer, a shipping notice) comes with the site's template and is on
nearly every page, while prose on a part of the pages (a blurb that a product
family shares, a paragraph that a series of articles repeats) is content. A
sentence also needs ``ceil(0.8 * n)`` documents (``LONG_CAP``).

**Numbers.** The fold makes every number ``0``, so a line counts the same
whatever its numbers (``© 2024``, ``Page 3 of 12``). A line is learned only
when its numbers stay the same as well: its most common form, numbers
included (``_number_form``), must be in at least ``SAME_NUMBERS`` (80 %) of
the documents the line is seen in. A line whose numbers change from page to
page (a price, a rating, an item number, a size) carries that page's data,
which the fold hides; such a template is never learned. Nor is a line of
which numbers are half the words or more (``2.5 mm``, ``$ 74.00``): the fold
leaves too little of it to tell one line from another.

**Bounded memory.** Counting runs in three passes over a spill file of the
normalized documents. The first pass counts ``(site, line)`` keys in a
count-min sketch (``CountMinSketch``, fixed size, conservative update: it may
overcount, never undercount). The second pass counts exactly only the lines
whose sketch estimate reaches their requirement; since the sketch never
undercounts, no line that qualifies is missed, and the counts stored are exact.
It also finds, by the Boyer-Moore majority vote, the one form with numbers that
can be in most of each line's documents, and the third pass counts that form
exactly for the lines that qualify. Memory is the sketch (``width * depth * 4``
bytes, 16 MiB by default), the duplicate filter (8 MiB), one counter per site
and a few per candidate line. A
sketch much smaller than the number of distinct lines makes every line a
candidate (still exact, but no longer small): ``summary["candidates"]`` in the
profile says how many there were.

>>> stories = ["Rain in Paris.", "Snow in Oslo.", "Sun in Rome.", "Fog in London."]
>>> docs = [("https://www.example.com/" + s[:4], s + "\\nBack to top") for s in stories]
>>> profile = learn(docs)
>>> [(x.text, x.count) for x in profile.sites["example.com"].lines.values()]
[('Back to top', 4)]
"""

from __future__ import annotations

import json
import math
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import regex

from . import errors
from .config import Config
from .normalize import normalize
from .profiledata import (  # noqa: F401 - re-exported: the profile's data, from here too
    CORPUS,
    FOLD,
    FORMAT,
    HASH,
    PROFILE_CORRUPT,
    PROFILE_TYPE,
    PROFILE_UNREADABLE,
    PROFILE_VERSION,
    SITE_TYPE,
    VERSION,
    LearnedLine,
    Profile,
    SiteProfile,
    fold_line,
    get_profile,
    hash64,
    line_hash,
    site_key,
)
from .textstats import is_prose, word_count, words

MIN_DOCS_DEFAULT = 3
MIN_FRACTION_DEFAULT = 0.3
#: Lines of more words than this need more documents (see the module docstring).
LONG_WORDS = 12
#: A long line never needs more than this share of the site's documents (but
#: always its own minimum, ``min_docs`` per 12 words).
LONG_CAP = 0.8
#: A line's most common form, numbers included, must be in this share of the
#: documents it is seen in (see the module docstring, "Numbers").
SAME_NUMBERS = 0.8
#: A line that ends a sentence and has this many words needs ``LONG_CAP`` of
#: its site's documents (see the module docstring, "Sentences").
SENTENCE_WORDS = 5
SKETCH_WIDTH_DEFAULT = 1 << 20
SKETCH_DEPTH_DEFAULT = 4
#: Bits of the Bloom filter that finds duplicate documents (8 MiB).
SEEN_BITS = 1 << 26
_LETTER_RE = regex.compile(r"\p{L}")

BAD_LEARN_OPTION = "learn: {key} must be {expected}, got {got!r}"


class SiteConfigs:
    """``row -> Config``: each row's config with its site (``Config.site``)
    taken from the row's ``site_field`` (a JSONL row, a datatrove document's
    metadata, a dataset example); one config per site, cached. With no profile
    in ``config`` every row gets ``config`` itself. Picklable, so it can go to
    worker processes.

    >>> configs = SiteConfigs(Config(profile=Profile({})), "url")
    >>> configs({"url": "https://www.example.com/a"}).site
    'example.com'
    >>> SiteConfigs(Config(), "url")({"url": "https://example.com/"}).site is None
    True
    """

    #: How many per-site configs are kept before the cache starts over.
    CACHE = 4096

    def __init__(self, config: Config, site_field: str | None):
        self.config = config
        self.site_field = site_field
        self._cache: dict[str, Config] = {}

    def __call__(self, row: Mapping[str, Any]) -> Config:
        if not self.site_field or self.config.profile is None:
            return self.config
        value = row.get(self.site_field)
        site = site_key(value if isinstance(value, str) else None)
        found = self._cache.get(site)
        if found is None:
            if len(self._cache) >= self.CACHE:
                self._cache.clear()
            found = self._cache[site] = self.config.with_options(site=site)
        return found


def required_docs(
    words: int, site_docs: int, min_docs: int, min_fraction: float, sentence: bool = False
) -> int:
    """How many of a site's ``site_docs`` documents must contain a line of
    ``words`` words for it to count as boilerplate (see the module docstring);
    ``sentence``: the line ends a sentence (``is_sentence``).

    >>> required_docs(3, 10, 3, 0.3), required_docs(25, 10, 3, 0.3)
    (3, 7)
    >>> required_docs(5, 50, 3, 0.3), required_docs(100, 50, 3, 0.3)
    (15, 40)

    A long line needs its own minimum whatever the site's size (3 documents per
    12 words with the defaults); a sentence needs 80 % of the documents.

    >>> required_docs(12, 3, 3, 0.3), required_docs(30, 3, 3, 0.3)
    (3, 8)
    >>> required_docs(8, 10, 3, 0.3), required_docs(8, 10, 3, 0.3, sentence=True)
    (3, 8)
    """
    base = max(min_docs, math.ceil(min_fraction * site_docs - 1e-9))
    cap = max(base, math.ceil(LONG_CAP * site_docs - 1e-9))
    need = cap if sentence else base
    if words <= LONG_WORDS:
        return need
    share = min(math.ceil(base * words / LONG_WORDS), cap)
    return max(need, share, math.ceil(min_docs * words / LONG_WORDS))


def is_sentence(line: str) -> bool:
    """Whether ``line`` reads as a sentence (``SENTENCE_WORDS`` words or more,
    a sentence's end): the stuff of content, which needs more documents.

    >>> is_sentence("Seller assumes all responsibility for this listing."), is_sentence("Back to top")
    (True, False)
    """
    return is_prose(line, SENTENCE_WORDS)


def _needs(line: str, site_docs: int, min_docs: int, min_fraction: float) -> int:
    """``required_docs`` for ``line``; more than ``site_docs`` when it can never
    be learned (a line mostly of numbers, see "Numbers")."""
    ws = words(line)
    numbers = sum(1 for w in ws if not _LETTER_RE.search(w))
    if not ws or 2 * numbers >= len(ws):
        return site_docs + 1
    return required_docs(word_count(line), site_docs, min_docs, min_fraction, is_sentence(line))


def _number_form(line: str) -> str:
    """A line folded as ``fold_line`` does, but with its numbers kept.

    >>> _number_form("  Page 12 of  “40” "), fold_line("Page 12 of “40”")
    ('page 12 of "40"', 'page 0 of "0"')
    """
    return fold_line(line, numbers=True)


# -- the sketch -------------------------------------------------------------


class CountMinSketch:
    """A count-min sketch of fixed size over 64-bit keys.

    ``depth`` rows of ``width`` 32-bit counters; a key maps to one counter per
    row (double hashing of its two 32-bit halves). ``add`` uses the
    conservative update, so ``estimate`` is never below the true count, and
    above it only when keys collide in every row.

    >>> s = CountMinSketch(width=4, depth=2)
    >>> for key in range(40):
    ...     _ = s.add(key)
    >>> all(s.estimate(key) >= 1 for key in range(40))
    True
    >>> CountMinSketch(width=1 << 10).estimate(12345)
    0
    """

    __slots__ = ("_rows", "depth", "width")

    def __init__(self, width: int = SKETCH_WIDTH_DEFAULT, depth: int = SKETCH_DEPTH_DEFAULT):
        if width < 1 or depth < 1:
            raise ValueError("sketch width and depth must be at least 1")
        self.width = width
        self.depth = depth
        self._rows = [array("I", bytes(4 * width)) for _ in range(depth)]

    @property
    def nbytes(self) -> int:
        """Memory taken by the counters."""
        return sum(row.itemsize * len(row) for row in self._rows)

    def _cells(self, key: int) -> list[int]:
        h1 = key & 0xFFFFFFFF
        h2 = (key >> 32) | 1
        width = self.width
        return [(h1 + i * h2) % width for i in range(self.depth)]

    def estimate(self, key: int) -> int:
        """The estimated count of ``key`` (never below its true count)."""
        return min(row[c] for row, c in zip(self._rows, self._cells(key), strict=True))

    def add(self, key: int) -> int:
        """Count ``key`` once; return its new estimate."""
        cells = self._cells(key)
        new = min(min(row[c] for row, c in zip(self._rows, cells, strict=True)) + 1, 0xFFFFFFFF)
        for row, c in zip(self._rows, cells, strict=True):
            if row[c] < new:
                row[c] = new
        return new


class SeenFilter:
    """A Bloom filter over 64-bit keys: ``check_and_add`` says whether a key was
    (probably) seen before. No false negatives; false positives grow as it fills.

    >>> seen = SeenFilter(bits=1 << 10)
    >>> seen.check_and_add(42), seen.check_and_add(42), seen.check_and_add(7)
    (False, True, False)
    """

    __slots__ = ("_bits", "hashes", "size")

    def __init__(self, bits: int = SEEN_BITS, hashes: int = 3):
        self.size = max(8, bits)
        self.hashes = hashes
        self._bits = bytearray((self.size + 7) // 8)

    def check_and_add(self, key: int) -> bool:
        h1 = key & 0xFFFFFFFF
        h2 = (key >> 32) | 1
        seen = True
        for i in range(self.hashes):
            bit = (h1 + i * h2) % self.size
            byte, mask = bit >> 3, 1 << (bit & 7)
            if not self._bits[byte] & mask:
                seen = False
                self._bits[byte] |= mask
        return seen


# -- learning ---------------------------------------------------------------

Doc = str | tuple[str | None, str]


def _check(key: str, ok: bool, expected: str, got: object) -> None:
    if not ok:
        raise errors.ConfigError(BAD_LEARN_OPTION.format(key=key, expected=expected, got=got))


def _distinct_lines(text: str, config: Config) -> tuple[list[str], list[str]]:
    """The distinct lines of a document (by fold, numbers kept: two lines that
    differ only in their numbers are both there), and their folds."""
    seen: set[str] = set()
    lines, folds = [], []
    for line in normalize(text, config).split("\n"):
        if not line:
            continue
        form = _number_form(line)
        if form not in seen:
            seen.add(form)
            lines.append(line)
            folds.append(fold_line(line))
    return lines, folds


def _spill(
    docs: Iterable[Doc], config: Config, sketch: CountMinSketch, spill: Any
) -> tuple[dict[str, int], int, int]:
    """Pass 1: count (site, line) keys in the sketch; write the documents to ``spill``."""
    site_docs: dict[str, int] = {}
    total = duplicates = 0
    seen = SeenFilter()
    for doc in docs:
        if isinstance(doc, str):
            site, text = CORPUS, doc
        elif isinstance(doc, tuple) and len(doc) == 2 and isinstance(doc[1], str):
            site, text = site_key(doc[0]), doc[1]
        else:
            raise errors.InputError(
                f"learn: a document must be a str or a (site, str) pair, got {type(doc).__name__}"
            )
        total += 1
        lines, folds = _distinct_lines(text, config)
        fingerprint = hash64("\x00doc\x00" + site + "\x00" + "\n".join(lines))
        if seen.check_and_add(fingerprint):
            duplicates += 1  # the same document again (or, rarely, a filter collision)
            continue
        site_docs[site] = site_docs.get(site, 0) + 1
        for folded in set(folds):
            sketch.add(hash64(site + "\x00" + folded))
        spill.write(json.dumps([site, lines], ensure_ascii=False) + "\n")
    return site_docs, total, duplicates


def _candidates(
    spill: Any,
    sketch: CountMinSketch,
    site_docs: Mapping[str, int],
    min_docs: int,
    min_fraction: float,
) -> dict[tuple[str, int], list[Any]]:
    """Pass 2: exact counts of the lines whose sketch estimate can qualify.

    Each candidate's slot is ``[documents, example line, form, votes]``: the
    form (``_number_form``, hashed) that may be in most of its documents, by the
    Boyer-Moore majority vote over the forms it is seen in; ``_same_numbers``
    counts that form exactly."""
    exact: dict[tuple[str, int], list[Any]] = {}
    floor = {s: required_docs(0, n, min_docs, min_fraction) for s, n in site_docs.items()}
    for raw in spill:
        site, lines = json.loads(raw)
        n = site_docs[site]
        if n < floor[site]:
            continue
        counted: set[int] = set()
        for line in lines:
            folded = fold_line(line)
            estimate = sketch.estimate(hash64(site + "\x00" + folded))
            if estimate < floor[site]:
                continue
            if estimate < _needs(line, n, min_docs, min_fraction):
                continue
            h = hash64(folded)
            form = hash64(_number_form(line))
            slot = exact.get((site, h))
            if slot is None:
                slot = exact[(site, h)] = [0, line, form, 0]
            if slot[3] == 0:
                slot[2], slot[3] = form, 1
            else:
                slot[3] += 1 if slot[2] == form else -1
            if h not in counted:  # a document counts once, whatever its forms
                counted.add(h)
                slot[0] += 1
    return exact


def _same_numbers(spill: Any, qualified: Mapping[tuple[str, int], list[Any]]) -> dict:
    """Pass 3: in how many documents each qualified line's majority form is
    (a form in more than half of them is the one the vote found)."""
    found: dict[tuple[str, int], int] = dict.fromkeys(qualified, 0)
    for raw in spill:
        site, lines = json.loads(raw)
        for line in lines:
            key = (site, line_hash(line))
            slot = qualified.get(key)
            if slot is not None and slot[2] == hash64(_number_form(line)):
                found[key] += 1  # lines are distinct by form: once per document
    return found


def learn(
    docs: Iterable[Doc],
    *,
    min_docs: int = MIN_DOCS_DEFAULT,
    min_fraction: float = MIN_FRACTION_DEFAULT,
    config: Config | None = None,
    sketch_width: int = SKETCH_WIDTH_DEFAULT,
    sketch_depth: int = SKETCH_DEPTH_DEFAULT,
) -> Profile:
    """Learn each site's boilerplate lines from a corpus.

    ``docs`` yields documents: a ``str`` (site ``"*"``, the corpus) or a
    ``(site, text)`` pair, where the site may be a URL or a host. ``docs`` is
    read once (any iterable or generator will do); the normalized documents are
    spilled to a temporary file for the later passes. ``config`` sets the
    normalization (bullets, quotes) and should match the one used to clean.
    The thresholds are described in the module docstring.

    >>> furniture = "Subscribe to our newsletter"
    >>> quote = "“A quote that two articles repeat.”"
    >>> topics = ["rain", "snow", "wind", "fog", "heat"]
    >>> docs = [f"An article about {t}.\\n{quote}\\n{furniture}" for t in topics[:2]]
    >>> docs += [f"An article about {t}.\\n{furniture}" for t in topics[2:]]
    >>> p = learn(docs)
    >>> sorted(x.text for x in p.sites["*"].lines.values())
    ['Subscribe to our newsletter']
    """
    _check("min_docs", isinstance(min_docs, int) and min_docs >= 1, "a whole number >= 1", min_docs)
    _check(
        "min_fraction",
        isinstance(min_fraction, (int, float)) and 0 <= min_fraction <= 1,
        "a number between 0 and 1",
        min_fraction,
    )
    _check(
        "sketch_width", isinstance(sketch_width, int) and sketch_width >= 1, ">= 1", sketch_width
    )
    _check(
        "sketch_depth", isinstance(sketch_depth, int) and sketch_depth >= 1, ">= 1", sketch_depth
    )
    config = config or Config()
    sketch = CountMinSketch(sketch_width, sketch_depth)
    try:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spill:
            site_docs, total, duplicates = _spill(docs, config, sketch, spill)
            spill.flush()
            spill.seek(0)
            exact = _candidates(spill, sketch, site_docs, min_docs, min_fraction)
            qualified = {
                key: slot
                for key, slot in exact.items()
                if slot[0] >= _needs(slot[1], site_docs[key[0]], min_docs, min_fraction)
            }
            spill.seek(0)
            forms = _same_numbers(spill, qualified)
    except errors.CleanerError:
        raise
    except OSError as exc:  # the spill file: no space left in the temporary folder
        where = f"the spill file in {tempfile.gettempdir()}"
        raise errors.OutputError(
            errors.CANNOT_WRITE_OUTPUT.format(path=where, error=exc.strerror or exc)
        ) from None
    kept: dict[str, dict[int, LearnedLine]] = {}
    for (site, h), (count, text, _, _) in qualified.items():
        if forms[(site, h)] >= SAME_NUMBERS * count:
            kept.setdefault(site, {})[h] = LearnedLine(h, count, text)
    sites = {s: SiteProfile(s, site_docs[s], lines) for s, lines in kept.items()}
    parameters = {
        "min_docs": min_docs,
        "min_fraction": min_fraction,
        "long_words": LONG_WORDS,
        "long_cap": LONG_CAP,
        "same_numbers": SAME_NUMBERS,
        "sentence_words": SENTENCE_WORDS,
        "fold": FOLD,
        "hash": HASH,
        "sketch_width": sketch_width,
        "sketch_depth": sketch_depth,
    }
    summary = {
        "documents": total,
        "duplicate_documents": duplicates,
        "sites": len(site_docs),
        "largest_site": max(site_docs.values(), default=0),
        "candidates": len(exact),
    }
    return Profile(sites, parameters, summary)


def iter_sites(profile: Profile) -> Iterator[SiteProfile]:
    """Site entries, most lines first (for reports)."""
    return iter(sorted(profile.sites.values(), key=lambda s: (-len(s.lines), s.site)))
