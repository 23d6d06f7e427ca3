"""CL4xx: find the article body in a whole web page rendered as text.

A line classifier with context, in the spirit of jusText and boilerpipe, but
for text without HTML. It runs after the phrase-list, head and tail passes.

1. **Features** of every line: words, stopword density (the page's language is
   detected by stopword overlap, :mod:`cleaner.stoplists`), terminal
   punctuation, a Title-Case/link-list look, repetition inside the page.
2. **Context-free classes** (jusText's first phase): ``good`` (long, many
   stopwords), ``near`` (medium), ``short`` and ``bad`` (link-like, few
   stopwords); lines an earlier pass removed count as ``bad``.
3. **Revision** (jusText's second phase): ``short`` and ``near`` lines take
   the class of their nearest decided neighbours.
4. **Anchor**: the densest contiguous run of prose (the maximum-sum run,
   good lines scoring their words and bad lines a penalty) is the body.
5. **Tail cuts** at a comment section, a footer or a teaser heading after
   the body; **head cuts** before the anchor.

When the page shows no furniture (no line removed by an earlier pass and no
link-like line outside the body) the text is taken to be an article already
and nothing is removed.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from ..catalogue import page_pass
from ..linefeatures import densest_run, line_stats
from ..model import Outcome, Page, Repeat, Segment, per_page, per_segments
from ..textstats import (
    ends_ellipsis,
    ends_sentence,
    fold,
    is_bullet,
    is_prose,
    word_count,
)

# -- thresholds (jusText's defaults, in words rather than characters) ----------

#: A good line has at least this many words and this stopword density.
GOOD_WORDS = 10
GOOD_DENSITY = 0.25
#: Below this density a line of 4+ words reads as a list of names (bad).
BAD_DENSITY = 0.10
#: Shorter lines are ``short`` and take their class from their neighbours.
SHORT_WORDS = 5
#: Kadane scores: a bad line costs this many words of prose.
BAD_COST = 6.0
SHORT_COST = 1.0
#: A medium line without terminal punctuation (a headline) that the revision
#: made good adds this much to the run, not its words: a list of headlines
#: after the body must not extend the body run.
UNSTOPPED_NEAR_SCORE = 0.5
#: How many densest runs are tried before the page is taken to have no body.
MAX_RUN_TRIES = 3
#: Lines removed by earlier passes a page needs before lines outside the anchor
#: are cut (or two phrase-list hits); a side (head, tail) needs this many of its own.
MIN_FURNITURE = 5
MIN_SIDE_FURNITURE = 2
#: Words of body prose that must precede a comment, footer or teaser marker.
MIN_BODY_BEFORE_TAIL = 30

_SAYS_RE = regex.compile(
    r"^\S.{0,60}?\s(?:says|said|wrote|schreibt|sagt|dit|écrit|dice|escribió|dijo|scrive)\s*:$",
    regex.IGNORECASE,
)
_RESPONSES_RE = regex.compile(
    r"^\d+\s+(?:responses?|comments?|replies|thoughts?|reactions?|kommentare?|commentaires?|"
    r"comentarios?|réponses?|respuestas?)\s+(?:to|on|on\s+“|zu|à|sur|a|en|para)\b",
    regex.IGNORECASE,
)
_FOOTER_RE = regex.compile(
    r"^(?:©|\(c\)|copyright\b)|\b(?:all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados)\b",
    regex.IGNORECASE,
)
#: Codes of earlier passes that mark the start of a comment section, a footer
#: or a block of teasers.
COMMENT_CODES = frozenset({"CL113"})
FOOTER_CODES = frozenset({"CL112"})
TEASER_CODES = frozenset({"CL102"})


# -- features -----------------------------------------------------------------


class Line(NamedTuple):
    """Features of one segment (computed for every segment, kept or not)."""

    words: int
    density: float
    terminal: bool
    linky: bool
    repeated: bool


@dataclass(frozen=True, slots=True)
class Features:
    """Per-segment features and the page's language."""

    language: str
    lines: tuple[Line, ...]
    use_density: bool


@per_segments
def features(segments: tuple[Segment, ...]) -> Features:
    """Features of every segment; remembered per page (``per_segments``), so
    each CL4xx pass of a run reuses them.

    >>> from cleaner.normalize import page_from_text
    >>> f = features(page_from_text("Home\\nNews\\nThe cat sat on the mat and it was happy with that.").segments)
    >>> f.language, [line.linky for line in f.lines]
    ('English', [True, True, False])
    """
    stats = line_stats(segments)
    lines = tuple(
        map(
            Line,
            stats.words.tolist(),
            stats.column("density").tolist(),
            (stats.column("terminal") > 0).tolist(),
            (stats.column("linky") > 0).tolist(),
            (stats.column("log_repeats") > 0).tolist(),
        )
    )
    return Features(stats.language, lines, stats.use_density)


# -- classes ------------------------------------------------------------------


def context_free(line: Line, use_density: bool) -> str:
    """jusText's first phase: ``good``, ``near``, ``short`` or ``bad``.

    >>> context_free(Line(20, 0.4, True, False, False), True)
    'good'
    >>> context_free(Line(3, 0.0, False, True, False), True)
    'bad'
    >>> context_free(Line(8, 0.05, False, False, False), True)
    'bad'
    """
    if line.linky or (line.repeated and not line.terminal):
        return "bad"
    if line.words < SHORT_WORDS:
        return "short"
    density_ok = line.density >= GOOD_DENSITY or not use_density
    if use_density and line.density < BAD_DENSITY:
        return "bad"
    if line.words >= GOOD_WORDS and density_ok and (line.terminal or line.words >= 25):
        return "good"
    if density_ok or line.terminal:
        return "near"
    return "bad"


def revise(classes: list[str]) -> list[str]:
    """jusText's second phase: short and near lines take their neighbours' class.

    >>> revise(["good", "short", "good", "short", "bad", "near", "bad"])
    ['good', 'good', 'good', 'bad', 'bad', 'bad', 'bad']
    """
    n = len(classes)
    # The nearest decided (not short, not near) class on each side, in two sweeps:
    # linear even for a page of 50,000 short lines (a scan per line is quadratic).
    before = ["bad"] * n
    after = ["bad"] * n
    last = "bad"
    for i, c in enumerate(classes):
        before[i] = last
        if c not in ("short", "near"):
            last = c
    last = "bad"
    for i in range(n - 1, -1, -1):
        after[i] = last
        if classes[i] not in ("short", "near"):
            last = classes[i]

    out = list(classes)
    for i, c in enumerate(classes):
        if c == "short":
            prev, nxt = before[i], after[i]
            out[i] = "good" if prev == nxt == "good" else "bad" if "bad" in (prev, nxt) else "good"
    for i, c in enumerate(classes):
        if c == "near":
            prev, nxt = before[i], after[i]
            out[i] = "bad" if prev == nxt == "bad" else "good"
    return out


@dataclass(frozen=True, slots=True)
class Body:
    """Where the article body is: the anchor and the cut points.

    ``order`` lists the segment indices that take part (kept, or removed by an
    earlier pass), ``classes`` their revised classes; ``start``/``end`` are the
    first and one-past-last *segment index* of the body, ``tail`` the segment
    index where a tail cut begins (or ``None``) and ``tail_reason`` why.
    """

    start: int
    end: int
    furniture: bool
    classes: dict[int, str]
    tail: int | None
    tail_reason: str


def _tail_marker(seg: Segment, code: str | None) -> tuple[str, str] | None:
    """``(kind, reason)`` when ``seg`` starts a comment section, footer or teasers."""
    text = seg.text
    kind = _text_marker(text)
    if code in COMMENT_CODES or kind == "responses":
        return "comments", f"comment section after {text[:40]!r}"
    if kind == "says":
        return "comments", f"comment section (commenter line {text[:40]!r})"
    if code in FOOTER_CODES or kind == "footer":
        return "footer", f"footer after {text[:40]!r}"
    if code in TEASER_CODES:
        return "teasers", f"teasers after heading {text[:40]!r}"
    return None


@lru_cache(maxsize=4096)
def _text_marker(text: str) -> str | None:
    """What the text of a line alone says (each CL4xx pass asks again):
    ``responses`` ("12 Comments on ..."), ``says`` ("Joe says:"), ``footer``."""
    if _RESPONSES_RE.match(text):
        return "responses"
    if _SAYS_RE.match(text) and word_count(text) <= 6:
        return "says"
    if word_count(text) <= 30 and _FOOTER_RE.search(text):
        return "footer"
    return None


#: How far after a teaser heading the body may resume (the teasers CL301 removed).
MAX_INLINE_TEASERS = 8


def _inline_teasers(page: Page, heading: int, revised: list[str]) -> bool:
    """Whether the teaser heading at ``heading`` opens a box inside the body: the
    teasers after it are gone (CL301) and body prose resumes right after them."""
    segments = page.segments
    for i in range(heading + 1, min(len(segments), heading + 1 + MAX_INLINE_TEASERS)):
        if i not in page.removed:
            return revised[i] == "good" and is_prose(segments[i].text, 8)
        if page.removed[i] != "CL301":
            return False
    return False


def _opens_body(text: str, min_words: int) -> bool:
    return is_prose(text, min_words) or (ends_sentence(text) and word_count(text) >= 5)


@per_page
def find_body(page: Page) -> Body | None:
    """Locate the body of ``page``; ``None`` when there is no prose at all.

    >>> text = "Home\\nNews\\nSport\\nWeather\\n" + "The council met on Monday and agreed to the plan for the new park. " * 2
    >>> from cleaner.normalize import page_from_text
    >>> b = find_body(page_from_text(text))
    >>> (b.start, b.end)
    (4, 5)
    """
    feats = features(page.segments)
    classes: list[str] = []
    indices: list[int] = []
    phrase_hits = removals = 0
    for seg, line in zip(page.segments, feats.lines, strict=True):
        code = page.removed.get(seg.index)
        if code is not None:
            phrase_hits += code.startswith("CL1")
            removals += not code.startswith("CL3")
            classes.append("bad")
        else:
            classes.append(context_free(line, feats.use_density))
        indices.append(seg.index)
    n = len(page.segments)
    furniture = phrase_hits >= 2 or removals >= max(MIN_FURNITURE, 0.2 * n)
    if "good" not in classes:
        return None
    revised = revise(classes)
    scores = []
    for idx, c in zip(indices, revised, strict=True):
        line = feats.lines[idx]
        if c == "good":
            if classes[idx] == "short":
                scores.append(0.5)
            elif classes[idx] == "near" and not line.terminal:
                scores.append(UNSTOPPED_NEAR_SCORE)
            else:
                scores.append(float(min(line.words, 80)))
        elif idx in page.removed:
            scores.append(-BAD_COST / 2)
        else:
            scores.append(-BAD_COST if classes[idx] == "bad" else -SHORT_COST)
    # The body starts with a line the head passes also take for body text (so
    # that cleaning twice changes nothing) and ends with a prose line. A densest
    # run with no such line (one long unpunctuated notice) is set aside and
    # the next densest run tried.
    min_words = page.config.min_body_words
    for _ in range(MAX_RUN_TRIES):
        lo, hi = densest_run(scores)
        start, end = lo, hi
        while lo < hi and not _opens_body(page.segments[lo].text, min_words):
            lo += 1
        while hi > lo and classes[hi - 1] not in ("good", "near"):
            hi -= 1
        if hi > lo or start == end:
            break
        scores[start:end] = [-BAD_COST] * (end - start)
    if hi <= lo:
        return None
    # Tail cut: the first comment section or footer after some of the body's
    # prose; a teaser heading only when less prose follows it than precedes it.
    good_words = [feats.lines[i].words if revised[i] == "good" else 0 for i in indices]
    left = sum(good_words[lo:])
    seen = 0
    tail, tail_reason = None, ""
    for i in range(lo, len(indices)):
        marker = _tail_marker(page.segments[i], page.removed.get(i))
        if marker and seen >= MIN_BODY_BEFORE_TAIL:
            kind, reason = marker
            if kind != "teasers" or (left - seen < seen and not _inline_teasers(page, i, revised)):
                tail, tail_reason = i, reason
                break
        seen += good_words[i]
    return Body(lo, hi, furniture, dict(zip(indices, revised, strict=True)), tail, tail_reason)


def _short_runs(page: Page) -> list[int]:
    """For every line, the size of the run of short (non-prose) lines around it:
    the short lines right before it, itself, and the short lines right after.

    Two linear sweeps, so describing every removed line stays linear too.
    """
    lines = features(page.segments).lines
    n = len(lines)
    short = [line.words < GOOD_WORDS for line in lines]
    left = [0] * n  # short lines right before i
    right = [0] * n  # short lines right after i
    for i in range(1, n):
        left[i] = left[i - 1] + 1 if short[i - 1] else 0
    for i in range(n - 2, -1, -1):
        right[i] = right[i + 1] + 1 if short[i + 1] else 0
    return [left[i] + 1 + right[i] for i in range(n)]


def _describe_run(page: Page, index: int, where: str, sizes: list[int]) -> str:
    """A reason naming the run of non-prose lines that ``index`` belongs to."""
    line = features(page.segments).lines[index]
    if sizes[index] >= 3:
        return f"navigation {where}: run of {sizes[index]} short link-like lines"
    if line.repeated:
        return f"{where}: line repeated elsewhere on the page"
    return f"{where}: outside the densest run of prose"


# -- passes -------------------------------------------------------------------


_SENTENCE_SPLIT_RE = regex.compile(r"(?<=[.!?…])\s+")
#: A line repeated word for word must have this many words to count as a copy.
MIN_COPY_WORDS = 8
#: A digest (a meta description or JSON-LD articleBody in one line) has this
#: many words, and this share of its sentences stand elsewhere on the page.
DIGEST_WORDS = 40
DIGEST_SHARE = 0.6


def _sentences(text: str) -> list[str]:
    out = []
    for part in _SENTENCE_SPLIT_RE.split(text):
        f = fold(part)
        if f.count(" ") >= 4:
            out.append(f)
    return out


class _Earliest:
    """The folded lines of a page sorted, to find the earliest line (in page
    order) that begins with a stem: a binary search finds the sorted range of
    lines that begin with it, a tree of minima the earliest line in that range.
    Building costs a sort, each question a logarithm: linear up to a log factor,
    however many lines end in "..." (a scan of every line for each such line was
    quadratic: 4,500 teasers took minutes).

    >>> e = _Earliest(["the council met on monday", "a park", "the council met"])
    >>> e.first("the council"), e.first("the council met", skip_stem=True), e.first("zoo")
    (0, 0, None)
    """

    def __init__(self, keys: list[str]) -> None:
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._sorted = [keys[k] for k in order]
        n = self._n = len(order)
        tree = [n] * n + order  # leaves: each sorted key's place in page order
        for i in range(n - 1, 0, -1):
            tree[i] = min(tree[2 * i], tree[2 * i + 1])
        self._tree = tree

    def first(self, stem: str, skip_stem: bool = False) -> int | None:
        """The page-order place of the earliest key that begins with ``stem``
        (with ``skip_stem``, not ``stem`` itself, a key); ``None`` when there is none."""
        keys = self._sorted
        lo = bisect_left(keys, stem)
        hi = bisect_left(keys, True, lo, key=lambda k: not k.startswith(stem))
        best = self._min(lo + 1 if skip_stem else lo, hi)  # the stem itself sorts first
        return best if best < self._n else None

    def _min(self, lo: int, hi: int) -> int:
        tree, n = self._tree, self._n
        best = n
        lo += n
        hi += n
        while lo < hi:
            if lo & 1:
                best = min(best, tree[lo])
                lo += 1
            if hi & 1:
                hi -= 1
                best = min(best, tree[hi])
            lo >>= 1
            hi >>= 1
        return best


#: How many lines of a shared sentence a digest needs to know of (two other lines).
_HOMES_NEEDED = 2


@page_pass("CL404", "duplicate-text", order=400)
def duplicate_text(page: Page) -> Outcome:
    """Copies of article text: repeated paragraphs, digests, truncated teasers.

    A paragraph of eight words or more that stands earlier on the page is a
    copy (a list item repeated in another list is not: two products share a
    feature); so is one long line most of whose sentences stand elsewhere (a meta
    description or JSON-LD ``articleBody``), and a line ending in "..." that
    begins another line. Each reason is a ``Repeat`` naming the lines the copy
    repeats: the pipeline keeps the copy when one of them goes (a table of
    contents cut by CL402 does not take the headings of the body with it).
    Lines are found by their folded text (a table, and the
    folded lines sorted for the teasers), never by comparing every pair: the
    pass is linear in the page, up to a log factor.

    >>> body = "The council met on Monday and agreed to the plan for the new park in town."
    >>> more = "Work on the park starts in May, and trees will be planted by the end of June."
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text(f"{body}\\n{more}\\nThe council met on Monday and agreed...\\n{body}\\n"
    ...     f"{body} {more} It will cost two million euros, paid by the city and the region.")
    >>> [(i, str(r), r.of) for i, r in sorted(duplicate_text(p).removed.items())]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(2, 'truncated copy of line 1', (0,)), (3, 'repeat of line 1', (0,)),
     (4, 'digest: 2 of its 3 sentences stand in other lines', (0, 1))]
    >>> item = "- Quick access to the voice assistant by saying its name"
    >>> dict(duplicate_text(page_from_text(f"{item}\\n- Longer battery life\\n{item}")).removed)
    {}
    """
    kept = page.kept()
    first: dict[str, Segment] = {}
    removed: dict[int, Repeat] = {}
    copy_of: dict[int, int] = {}  # each repeat, and the line it repeats
    for seg in kept:
        f = fold(seg.text)
        if f.count(" ") + 1 >= MIN_COPY_WORDS:
            if f in first and not (is_bullet(seg.text) and is_bullet(first[f].text)):
                original = first[f]
                removed[seg.index] = Repeat(
                    "repeat of line {lines}", (original.index,), (original.line_no,), exact=True
                )
                copy_of[seg.index] = original.index
                continue
            first[f] = seg
    # each sentence of four spaces or more, and the lines it stands in (page order)
    homes: dict[str, list[int]] = {}
    sentences_of: dict[int, list[str]] = {}
    for seg in kept:
        if seg.index not in removed:
            sentences = sentences_of[seg.index] = _sentences(seg.text)
            for sentence in sentences:
                lines = homes.setdefault(sentence, [])
                if not lines or lines[-1] != seg.index:
                    lines.append(seg.index)
    keys = list(first)  # in the order the lines first stand on the page
    earliest: _Earliest | None = None
    # of each sentence, the first lines before the one at hand that stayed
    # (up to _HOMES_NEEDED: a digest needs to know of two other lines)
    stayed: dict[str, list[int]] = {}
    for seg in kept:
        if seg.index in removed:
            continue
        if ends_ellipsis(seg.text):
            stem = fold(seg.text)
            if stem.count(" ") >= 4:
                if earliest is None:
                    earliest = _Earliest(keys)
                own = first.get(stem)
                found = earliest.first(stem, own is not None and own.index == seg.index)
                if found is not None:
                    other = first[keys[found]]
                    removed[seg.index] = Repeat(
                        "truncated copy of line {lines}", (other.index,), (other.line_no,)
                    )
        elif word_count(seg.text) >= DIGEST_WORDS:
            sentences = sentences_of[seg.index]
            digest = _digest(seg.index, sentences, homes, stayed) if len(sentences) >= 3 else None
            if digest is not None:
                shared, where = digest
                removed[seg.index] = Repeat(
                    f"digest: {shared} of its {len(sentences)} sentences stand in other lines",
                    where,
                    tuple(page.segments[i].line_no for i in where),
                    need=math.ceil(DIGEST_SHARE * len(sentences) - 1e-9),
                )
        if seg.index not in removed:
            for x in sentences_of[seg.index]:
                before = stayed.setdefault(x, [])
                if len(before) < _HOMES_NEEDED and (not before or before[-1] != seg.index):
                    before.append(seg.index)
    # a copy of a line this pass took as a truncated teaser or a digest is one too,
    # of the same lines (never a copy of a line that goes)
    for index, original in copy_of.items():
        if original in removed and original not in copy_of:
            removed[index] = removed[original]
    return Outcome.of(removed)


def _elsewhere(index: int, sentence: str, homes, stayed) -> list[int]:
    """Up to two other lines that ``sentence`` stands in and that are still
    kept: those before ``index`` that stayed, then those after it (not judged yet)."""
    out = list(stayed.get(sentence, ()))[:_HOMES_NEEDED]
    if len(out) < _HOMES_NEEDED:
        lines = homes.get(sentence, ())
        at = bisect_right(lines, index)
        out += lines[at : at + _HOMES_NEEDED - len(out)]
    return out


def _digest(index: int, sentences: list[str], homes, stayed) -> tuple[int, tuple[int, ...]] | None:
    """When most sentences of line ``index`` stand in at least two other kept
    lines (a digest): how many do, and for each of them the first other line it
    stands in (the lines the digest repeats, one per sentence); else ``None``."""
    others: set[int] = set()
    where: list[int] = []
    for x in sentences:
        elsewhere = _elsewhere(index, x, homes, stayed)
        if elsewhere:
            others.update(elsewhere)
            where.append(min(elsewhere))
    if len(others) >= 2 and len(where) >= DIGEST_SHARE * len(sentences):
        return len(where), tuple(where)
    return None


@page_pass("CL401", "comment-section", order=400)
def comment_section(page: Page) -> Outcome:
    """Everything from a comment section, footer or teaser heading after the body.

    >>> body = "The council met on Monday and agreed to the plan for the new park in town. "
    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text(f"Home\\nNews\\nSport\\n{body * 3}\\n{body * 2}\\n12 Comments\\n"
    ...     "Joe says:\\nI think the park is a great idea and we should all go to it soon.")
    >>> from cleaner.pipeline import run
    >>> [(r.code, r.text[:9]) for r in run(p.segments and "\\n".join(s.text for s in p.segments), p.config).removed][-2:]
    [('CL401', 'Joe says:'), ('CL401', 'I think t')]
    """
    body = find_body(page)
    if body is None or body.tail is None:
        return Outcome()
    # A heading that counts the comments ("6 thoughts on “Title”") is furniture
    # enough by itself: it opens a comment section on any page.
    if not body.furniture and not _RESPONSES_RE.match(page.segments[body.tail].text):
        return Outcome()
    return Outcome.of(
        {
            s.index: body.tail_reason
            for s in page.segments[body.tail :]
            if s.index not in page.removed
        }
    )


@page_pass("CL402", "outside-body", order=410)
def outside_body(page: Page) -> Outcome:
    """Lines before or after the densest run of prose, on a page with furniture.

    >>> from cleaner.pipeline import run
    >>> from cleaner.config import Config
    >>> body = "The council met on Monday and agreed to the plan for the new park in town. "
    >>> text = (f"Share on Facebook\\nShare on X\\nHome\\n{body * 3}\\nA Poll: Which Park Do You Like\\n"
    ...     "Advertisement\\nAbout us\\nContact\\nFollow us on Facebook")
    >>> sorted({r.reason for r in run(text, Config()).removed if r.code == "CL402"})
    ['navigation after the body: run of 5 short link-like lines']
    """
    body = find_body(page)
    if body is None or not body.furniture:
        return Outcome()
    removed = {}
    feats = features(page.segments)
    furniture = [i in page.removed for i in range(len(page.segments))]
    run: list[int] = []
    for i, line in enumerate([*feats.lines, None]):
        if line is not None and line.linky and i not in page.removed:
            run.append(i)
            continue
        if len(run) >= 3:  # a menu: three or more link-like lines in a row
            for j in run:
                furniture[j] = True
        run = []
    before = sum(furniture[: body.start])
    after = sum(furniture[body.end :])
    sizes = _short_runs(page)
    for seg in page.segments:
        if seg.index in page.removed:
            continue
        if seg.index < body.start and before >= MIN_SIDE_FURNITURE:
            removed[seg.index] = _describe_run(page, seg.index, "before the body", sizes)
        elif seg.index >= body.end and after >= MIN_SIDE_FURNITURE:
            removed[seg.index] = _describe_run(page, seg.index, "after the body", sizes)
    return Outcome.of(removed)


@page_pass("CL403", "link-run", order=420)
def link_run(page: Page) -> Outcome:
    """Runs of three or more link-like lines inside the body (inserted menus, teasers).

    >>> from cleaner.pipeline import run
    >>> from cleaner.config import Config
    >>> body = "The council met on Monday and agreed to the plan for the new park in town. "
    >>> more = "Work on the park starts in May, and the first trees will be planted by the end of June. "
    >>> text = (f"Share on Facebook\\nShare on X\\n{body * 3}\\nBig Fire In Town Hall\\n"
    ...     f"Mayor Quits Over Park\\nNew Bus Lines Open Today\\n{more * 3}")
    >>> [r.text[:8] for r in run(text, Config(ignore=("CL601",))).removed if r.code == "CL403"]
    ['Big Fire', 'Mayor Qu', 'New Bus ']
    """
    body = find_body(page)
    if body is None or not body.furniture:
        return Outcome()
    feats = features(page.segments)
    removed: dict[int, str] = {}
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            for i in run:
                removed[i] = f"navigation: run of {len(run)} short link-like lines inside the body"
        run.clear()

    for seg in page.segments[body.start : body.end]:
        if seg.index in page.removed:
            continue
        line = feats.lines[seg.index]
        if line.linky or (line.repeated and not line.terminal):
            run.append(seg.index)
        else:
            flush()
    flush()
    return Outcome.of(removed)
