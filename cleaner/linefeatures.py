"""Line features as columns: one row per segment of a page, one column per feature.

The fitted models (:mod:`cleaner.forest`: the body model of CL405 and the
page-type model of :mod:`cleaner.pagetype`) read these columns. Every column
is a plain number with a name in ``COLUMNS``, so a model file names the
features it uses and a reason can name the one that weighed most.

Three groups:

* **the line itself**: words, characters, stopword density (the page's
  language by stopword overlap), how it ends, capitals, digits, punctuation,
  separators, bullets, links, prices, dates, repeats on the page;
* **what the rule passes said**: one column per pass family that removed the
  line before the model ran (phrase lists, head, tail, page, residual);
* **context**: the same measures for the neighbours and for windows around
  the line, the paragraph block it is in, where it stands among the page's
  prose, and whether it is inside the densest run of prose (CL4xx's anchor);
* **the page**: its size, its share of short, prose and link-like lines,
  and the page-type probabilities.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import regex

from .lexicon import Lexicon
from .model import Segment, per_segments
from .textstats import (
    MAX_SHORT_LINE,
    capitalized_ratio,
    ends_ellipsis,
    ends_sentence,
    fold,
    is_bullet,
    sentence_count,
    word_count,
)

_TOKEN_RE = regex.compile(r"\p{L}+")
_SEPARATOR_RE = regex.compile(r"\s[|•·]\s|^[»›>]|[»›]$")
_URL_RE = regex.compile(r"https?://|www\.|\.com\b|\.org\b|@\w")
_PRICE_RE = regex.compile(
    r"[$€£¥₹]\s?\d|\d(?:[.,]\d{2})?\s?(?:€|USD|EUR|GBP|zł|kr|Kč)\b", regex.IGNORECASE
)
_DIGIT_RE = regex.compile(r"\d")
_UPPER_RE = regex.compile(r"\p{Lu}")
_LETTER_RE = regex.compile(r"\p{L}")
_PUNCT_RE = regex.compile(r"[\p{P}\p{S}]")
_CODE_RE = regex.compile(
    r"[{}();=<>\[\]]|^\s*(?:def|class|import|return|function|var|let|const)\b|::|->|\w\.\w+\("
)
_TIME_RE = regex.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d+\s?(?:min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\b(?:yesterday|today)\b",
    regex.IGNORECASE,
)
_YEAR_RE = regex.compile(r"\b(?:19|20)\d{2}\b")

#: Families of rule passes whose removals the body model sees as evidence.
RULE_FAMILIES = ("CL1", "CL20", "CL3", "CL40", "CL5")
#: Single codes worth a column of their own (the frequent, distinct heuristics).
RULE_CODES = (
    "CL102",
    "CL107",
    "CL108",
    "CL111",
    "CL113",
    "CL114",
    "CL201",
    "CL202",
    "CL203",
    "CL204",
    "CL205",
    "CL206",
    "CL208",
    "CL209",
    "CL301",
    "CL401",
    "CL402",
    "CL403",
    "CL404",
)

#: The line's own measures (also used for neighbours and windows).
LINE_COLUMNS = (
    "log_words",
    "log_chars",
    "density",
    "terminal",
    "ellipsis",
    "colon_end",
    "question",
    "capitalized",
    "upper",
    "digits",
    "punct",
    "sentences",
    "separator",
    "bullet",
    "url",
    "price",
    "time",
    "year",
    "codeish",
    "linky",
    "log_repeats",
    "first_copy",
    "gap_before",
    "removed",
)
#: Columns computed for the neighbours at these offsets.
NEIGHBOUR_COLUMNS = ("log_words", "density", "terminal", "linky", "removed", "gap_before")
NEIGHBOURS = (-2, -1, 1, 2)
#: Columns averaged over windows of these half-widths.
WINDOW_COLUMNS = ("log_words", "density", "terminal", "linky", "removed", "price", "time")
WINDOWS = (3, 10)
CONTEXT_COLUMNS = (
    "position",
    "words_before",
    "prose_before",
    "prose_after",
    "block_lines",
    "block_pos",
    "block_words",
    "in_run",
    "run_distance",
    "same_shape_run",
)
#: The lexicon's score of the line (:mod:`cleaner.lexicon`), of its neighbours
#: and windows, and the share of the page's lexicon-weighted words before it.
LEXICON_COLUMNS = ("lex", "lex@-1", "lex@+1", "lex~3", "lex~10", "lex~30", "lex_before", "page_lex")
#: Where the page's first line (its title, in a whole-page text) comes back:
#: the heading the main content usually starts with.
TITLE_COLUMNS = ("title_found", "title_distance", "title_words", "title_position")
PAGE_COLUMNS = (
    "page_log_lines",
    "page_log_words",
    "page_density",
    "page_short",
    "page_terminal",
    "page_linky",
    "page_removed",
    "page_prose",
    "page_price",
    "page_time",
    "page_codeish",
    "page_repeated",
)
#: Page-type probabilities, in the order of ``config.PAGE_TYPES``.
TYPE_COLUMNS = (
    "p_article",
    "p_forum",
    "p_product",
    "p_collection",
    "p_listing",
    "p_documentation",
    "p_service",
)


def _names() -> tuple[str, ...]:
    out = list(LINE_COLUMNS)
    out += [f"rule_{c}" for c in RULE_FAMILIES] + [f"code_{c}" for c in RULE_CODES]
    out += [f"{c}@{k:+d}" for k in NEIGHBOURS for c in NEIGHBOUR_COLUMNS]
    out += [f"{c}~{w}" for w in WINDOWS for c in WINDOW_COLUMNS]
    out += list(CONTEXT_COLUMNS) + list(LEXICON_COLUMNS) + list(TITLE_COLUMNS)
    out += list(PAGE_COLUMNS) + list(TYPE_COLUMNS)
    return tuple(out)


#: Every column, in order.
COLUMNS: tuple[str, ...] = _names()
INDEX: Mapping[str, int] = {name: i for i, name in enumerate(COLUMNS)}


@dataclass(frozen=True, slots=True)
class LineStats:
    """The removal-independent measures of every segment, as arrays, and the language."""

    language: str
    use_density: bool  # the page's words are covered by a stoplist (not CJK, say)
    table: np.ndarray  # (n, len(LINE_COLUMNS) - 1): every line column but "removed"
    words: np.ndarray  # word counts
    prose: np.ndarray  # bool: a line of running prose (10+ words, stopwords, full stop)
    shape: np.ndarray  # int: a coarse shape code (for runs of alike lines)

    def column(self, name: str) -> np.ndarray:
        return self.table[:, INDEX[name]]


def _ratio(n: int, d: int) -> float:
    return n / d if d else 0.0


#: Pages whose words a stoplist covers less than this have no usable stoplist.
MIN_PAGE_DENSITY = 0.08
_URL_MARKS = ("://", "www.", ".com", ".org", "@")
_PRICE_MARKS = "$€£¥₹"
#: What every match of ``_CODE_RE`` holds: one of these characters, "::" or
#: "->", unless it is a keyword at the start of the line.
_CODE_CHARS = "{}();=<>[]"
_CODE_MARKS = _CODE_CHARS + ":-"
_ASCII_CLASS = np.zeros(128, dtype=np.uint8)  # bit 1 letter, 2 upper, 4 digit, 8 punctuation
for _c in range(128):
    _ch = chr(_c)
    _ASCII_CLASS[_c] = (
        _ch.isalpha() * 1
        + _ch.isupper() * 2
        + _ch.isdigit() * 4
        + (not _ch.isalnum() and not _ch.isspace() and _c > 32) * 8
    )


def _char_classes(codes: np.ndarray) -> np.ndarray:
    """Class bits (letter, upper, digit, punctuation or symbol) of code points."""
    import unicodedata

    out = _ASCII_CLASS[np.minimum(codes, 127)]
    wide = codes >= 128
    if wide.any():
        uniq, inv = np.unique(codes[wide], return_inverse=True)
        bits = np.zeros(len(uniq), dtype=np.uint8)
        for k, cp in enumerate(uniq.tolist()):
            cat = unicodedata.category(chr(cp))
            bits[k] = (
                (cat[0] == "L") * 1 + (cat == "Lu") * 2 + (cat == "Nd") * 4 + (cat[0] in "PS") * 8
            )
        out[wide] = bits[inv]
    return out


def _char_counts(texts: list[str]) -> np.ndarray:
    """Per line: characters, letters, upper-case letters, digits, punctuation (n, 5)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bits = _char_classes(codes)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    out = np.zeros((len(texts), 5), dtype=np.float64)
    out[:, 0] = lengths
    if len(codes):
        for j, bit in enumerate((1, 2, 4, 8), start=1):
            out[:, j] = np.add.reduceat((bits & bit) > 0, starts) if len(starts) else 0
    return out


#: The measures of a line that depend on its text (and the page's language)
#: alone, kept across the rounds of one text and the texts of one worker.
_ROWS: dict[tuple[str, str], tuple] = {}
#: A line's casefolded words and their ``stoplists.language_ids``.
_TOKENS: dict[str, tuple[list[str], list[int]]] = {}
_MAX_CACHED = 20_000


def _tokens(text: str) -> tuple[list[str], list[int]]:
    got = _TOKENS.get(text)
    if got is None:
        from .stoplists import language_ids

        if len(_TOKENS) > _MAX_CACHED:
            _TOKENS.clear()
        tokens = [w.casefold() for w in _TOKEN_RE.findall(text)]
        got = _TOKENS[text] = (tokens, language_ids(tokens))
    return got


def _line_row(text: str, toks: list[str], is_stop, digit: bool) -> tuple:
    sample = text if len(text) <= MAX_SHORT_LINE else text[:MAX_SHORT_LINE]
    nw = word_count(text)
    ellipsis = ends_ellipsis(text)
    terminal = not ellipsis and ends_sentence(text)
    capital = capitalized_ratio(sample)
    separator = _has_separator(sample)
    linky = not terminal and nw <= 15 and (separator or capital >= 0.75)
    return (
        sum(map(is_stop, toks)) / len(toks) if toks else 0.0,
        terminal,
        ellipsis,
        text.endswith(":"),
        text.endswith("?"),
        capital,
        min(sentence_count(sample), 20),
        separator,
        is_bullet(text),
        any(m in sample for m in _URL_MARKS) and _URL_RE.search(sample) is not None,
        digit and _PRICE_RE.search(sample) is not None,
        (digit or "day" in sample) and _TIME_RE.search(sample) is not None,
        digit and _YEAR_RE.search(sample) is not None,
        min(len(_CODE_RE.findall(sample)), 10) / 10
        if any(m in sample for m in _CODE_MARKS) and _could_be_code(sample)
        else 0.0,
        nw,
        terminal,
        linky,
    )


@per_segments
def line_stats(segments: tuple[Segment, ...]) -> LineStats:
    """The measures of every line that do not depend on what was removed.

    >>> from cleaner.normalize import page_from_text
    >>> s = line_stats(page_from_text("Home\\nThe cat sat on the mat and it was happy with that.").segments)
    >>> s.language, s.words.tolist(), s.prose.tolist()
    ('English', [1, 12], [False, True])
    """
    from .stoplists import stoplist_of

    texts = [s.text for s in segments]
    tokens = [_tokens(t) for t in texts]
    language, stops = stoplist_of(ids for _, ids in tokens)
    n = len(texts)
    chars = _char_counts(texts)
    if len(_ROWS) > _MAX_CACHED:
        _ROWS.clear()
    rows = [_ROWS.get((t, language)) for t in texts]
    missing = [i for i, row in enumerate(rows) if row is None]
    if missing:
        is_stop = stops.__contains__
        has_digit = chars[:, 3] > 0
        for i in missing:
            text = texts[i]
            row = _ROWS.get((text, language))  # the same line twice on the page
            if row is None:
                row = _ROWS[(text, language)] = _line_row(
                    text, tokens[i][0], is_stop, bool(has_digit[i])
                )
            rows[i] = row
    table = np.zeros((n, len(LINE_COLUMNS) - 1), dtype=np.float32)
    words = np.zeros(n, dtype=np.int64)
    shape = np.zeros(n, dtype=np.int64)
    if n:
        body = np.array(rows, dtype=np.float64)  # the columns of _line_row
        words = body[:, -3].astype(np.int64)
        linky = body[:, -1]
        # repeats of a line on the page (by its folded text), and its first copy
        first_seen: dict[str, int] = {}
        folded = [first_seen.setdefault(fold(t), len(first_seen)) for t in texts]
        copy = np.array(folded, dtype=np.intp)
        logs = np.array([math.log(c) for c in np.bincount(copy).tolist()], dtype=np.float64)
        repeats = logs[copy]
        if "" in first_seen:
            repeats[copy == first_seen[""]] = 0.0
        first = np.ones(n, dtype=bool)
        first[1:] = copy[1:] > np.maximum.accumulate(copy)[:-1]
        gaps = np.array([min(s.gap_before, 3) for s in segments], dtype=np.float64)
        table[:, 0] = np.log1p(words)
        table[:, 1] = np.log1p(chars[:, 0])
        table[:, INDEX["density"] : INDEX["upper"]] = body[:, 0:6]  # density .. capitalized
        letters = np.maximum(chars[:, 1], 1)
        length = np.maximum(chars[:, 0], 1)
        table[:, INDEX["upper"]] = chars[:, 2] / letters
        table[:, INDEX["digits"]] = chars[:, 3] / length
        table[:, INDEX["punct"]] = chars[:, 4] / length
        table[:, INDEX["sentences"]] = body[:, 6]
        table[:, INDEX["separator"] : INDEX["linky"]] = body[:, 7:14]  # separator .. codeish
        table[:, INDEX["linky"]] = linky
        table[:, INDEX["log_repeats"]] = repeats
        table[:, INDEX["first_copy"]] = first
        table[:, INDEX["gap_before"]] = gaps
        shape = np.minimum(words, 12) * 4 + 2 * (body[:, -2] > 0) + (linky > 0)
    density = table[:, INDEX["density"]]
    terminal = table[:, INDEX["terminal"]] > 0
    total = max(int(words.sum()), 1)
    use_density = float((density * words).sum()) / total >= MIN_PAGE_DENSITY
    prose = (words >= 10) & (density >= 0.2) & terminal
    return LineStats(language, use_density, table, words, prose, shape)


_CODE_START_RE = regex.compile(r"\s*(?:def|class|import|return|function|var|let|const)\b")


def _could_be_code(text: str) -> bool:
    """Whether ``_CODE_RE`` can match ``text`` at all (it is not run when not).

    >>> _could_be_code("Posted: Mon - 3 May"), _could_be_code("f(x)"), _could_be_code("return x")
    (False, True, True)
    """
    return (
        any(c in text for c in _CODE_CHARS)
        or "::" in text
        or "->" in text
        or _CODE_START_RE.match(text) is not None
    )


def _has_separator(text: str) -> bool:
    """``_SEPARATOR_RE.search(text)``, run only when one of its marks is there.

    >>> _has_separator("News | Sport"), _has_separator("» More"), _has_separator("A|B")
    (True, True, False)
    """
    return any(mark in text for mark in "|•·»›>") and _SEPARATOR_RE.search(text) is not None


def _shift(column: np.ndarray, k: int, fill: float | np.ndarray) -> np.ndarray:
    """``column`` moved by ``k`` rows (row i holds row i+k), ``fill`` off the ends;
    for columns ``(n, c)`` at once, ``fill`` holds one value per column."""
    out = np.full_like(column, fill)
    if k > 0:
        out[:-k] = column[k:]
    elif k < 0:
        out[-k:] = column[:k]
    else:
        out[:] = column
    return out


def _window_mean(column: np.ndarray, half: int) -> np.ndarray:
    """Mean of ``column`` over rows ``i-half .. i+half`` (clipped at the ends)."""
    return _window_means(column[:, None], half)[:, 0]


def _window_means(columns: np.ndarray, half: int) -> np.ndarray:
    """:func:`_window_mean` of every column of ``columns`` ``(n, k)`` at once."""
    n = len(columns)
    csum = np.zeros((n + 1, columns.shape[1]), dtype=np.float64)
    np.cumsum(columns, axis=0, dtype=np.float64, out=csum[1:])
    idx = np.arange(n)
    lo = np.maximum(idx - half, 0)
    hi = np.minimum(idx + half + 1, n)
    return ((csum[hi] - csum[lo]) / np.maximum(hi - lo, 1)[:, None]).astype(np.float32)


def densest_run(scores: Sequence[float]) -> tuple[int, int]:
    """The maximum-sum contiguous run ``[start, end)`` (Kadane); ``(0, 0)`` if none.

    >>> densest_run([-6, 20, -1, 30, -6, -6, -6, 4])
    (1, 4)
    """
    best, best_run = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += s
        if total > best:
            best, best_run = total, (start, i + 1)
    return best_run


def _runs_of_equal(values: np.ndarray) -> np.ndarray:
    """For each row, the length of the run of equal ``values`` it belongs to."""
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    change = np.concatenate(([True], values[1:] != values[:-1]))
    ids = np.cumsum(change) - 1
    lengths = np.bincount(ids)
    return lengths[ids].astype(np.float32)


#: How far down the page the title's repeat is looked for (lines).
TITLE_SEARCH_LINES = 400


def title_repeat(segments: tuple[Segment, ...]) -> int:
    """The index of the first line after the first that repeats it (half or more
    of the words in common), or -1: in a whole-page text the first line is the
    page's ``<title>``, and its repeat the heading over the main content.

    >>> from cleaner.normalize import page_from_text
    >>> title_repeat(page_from_text("Rain in Paris | The Daily\\nHome\\nNews\\nRain in Paris\\nIt rained.").segments)
    3
    """
    if not segments:
        return -1
    first = set(_LOWER_WORD_RE.findall(segments[0].text[:MAX_SHORT_LINE].lower()))
    if len(first) < 2:
        return -1
    for seg in segments[1:TITLE_SEARCH_LINES]:
        if len(seg.text) > MAX_SHORT_LINE:
            continue
        words = set(_LOWER_WORD_RE.findall(seg.text.lower()))
        if words and len(first & words) >= 0.5 * len(first | words):
            return seg.index
    return -1


_LOWER_WORD_RE = regex.compile(r"\w+")


def page_matrix(
    segments: tuple[Segment, ...],
    removed: Mapping[int, str],
    type_probs: Sequence[float] | None = None,
    lexicon: Lexicon | None = None,
) -> np.ndarray:
    """The feature matrix of a page: one row per segment, columns ``COLUMNS``.

    ``removed`` maps segment indices to the code of the pass that removed them;
    ``type_probs`` are the page-type probabilities, ``lexicon`` scores the words
    (without it the lexicon columns are 0.5, "no evidence").

    >>> from cleaner.normalize import page_from_text
    >>> p = page_from_text("Home\\nNews\\nThe cat sat on the mat and it was happy with that.")
    >>> m = page_matrix(p.segments, {0: "CL205"})
    >>> m.shape == (3, len(COLUMNS)), float(m[0, INDEX["removed"]]), float(m[1, INDEX["removed@-1"]])
    (True, 1.0, 1.0)
    """
    stats = line_stats(segments)
    n = len(segments)
    out = np.zeros((n, len(COLUMNS)), dtype=np.float32)
    if n == 0:
        return out
    width = stats.table.shape[1]
    out[:, :width] = stats.table
    rem = np.zeros(n, dtype=np.float32)
    for i, code in removed.items():
        if 0 <= i < n:
            rem[i] = 1.0
            for family in RULE_FAMILIES:
                if code.startswith(family):
                    out[i, INDEX[f"rule_{family}"]] = 1.0
            if code in _CODE_INDEX:
                out[i, _CODE_INDEX[code]] = 1.0
    out[:, INDEX["removed"]] = rem
    near = out[:, _NEIGHBOUR_FROM]
    for k, to in zip(NEIGHBOURS, _NEIGHBOUR_TO, strict=True):
        out[:, to] = _shift(near, k, _NEIGHBOUR_FILLS)
    around = out[:, _WINDOW_FROM]
    for w, to in zip(WINDOWS, _WINDOW_TO, strict=True):
        out[:, to] = _window_means(around, w)
    words = stats.words.astype(np.float64)
    total = max(words.sum(), 1.0)
    prose_words = np.where(stats.prose & (rem == 0), words, 0.0)
    prose_total = max(prose_words.sum(), 1.0)
    before = np.cumsum(words) - words
    prose_before = np.cumsum(prose_words) - prose_words
    out[:, INDEX["position"]] = np.arange(n) / max(n - 1, 1)
    out[:, INDEX["words_before"]] = before / total
    out[:, INDEX["prose_before"]] = prose_before / prose_total
    out[:, INDEX["prose_after"]] = (prose_total - prose_before - prose_words) / prose_total
    gaps = np.array([s.gap_before > 0 for s in segments], dtype=bool)
    gaps[0] = True
    block = np.cumsum(gaps) - 1
    sizes = np.bincount(block)
    block_words = np.bincount(block, weights=words)
    starts = np.flatnonzero(gaps)
    out[:, INDEX["block_lines"]] = np.log1p(sizes[block])
    out[:, INDEX["block_pos"]] = (np.arange(n) - starts[block]) / np.maximum(sizes[block] - 1, 1)
    out[:, INDEX["block_words"]] = np.log1p(block_words[block])
    scores = np.where(
        stats.prose & (rem == 0),
        np.minimum(words, 80.0),
        np.where(
            rem > 0, -3.0, np.where(words < 5, -1.0, -6.0 * (out[:, INDEX["linky"]] > 0) - 0.5)
        ),
    )
    lo, hi = densest_run(scores.tolist())
    idx = np.arange(n)
    out[:, INDEX["in_run"]] = (idx >= lo) & (idx < hi)
    distance = np.where(idx < lo, lo - idx, np.where(idx >= hi, idx - hi + 1, 0))
    out[:, INDEX["run_distance"]] = np.log1p(distance) * np.where(idx < lo, -1, 1)
    out[:, INDEX["same_shape_run"]] = np.log(_runs_of_equal(stats.shape))
    lex = (
        np.array([lexicon.score(s.text) for s in segments], dtype=np.float32)
        if lexicon is not None
        else np.full(n, 0.5, dtype=np.float32)
    )
    out[:, INDEX["lex"]] = lex
    out[:, INDEX["lex@-1"]] = _shift(lex, -1, 0.5)
    out[:, INDEX["lex@+1"]] = _shift(lex, 1, 0.5)
    for w in (3, 10, 30):
        out[:, INDEX[f"lex~{w}"]] = _window_mean(lex, w)
    lex_words = lex * words
    lex_total = max(lex_words.sum(), 1e-9)
    out[:, INDEX["lex_before"]] = (np.cumsum(lex_words) - lex_words) / lex_total
    out[:, INDEX["page_lex"]] = float(lex_words.sum() / total)
    j = title_repeat(segments)
    if j >= 0:
        out[:, INDEX["title_found"]] = 1.0
        out[:, INDEX["title_distance"]] = np.sign(idx - j) * np.log1p(np.abs(idx - j))
        out[:, INDEX["title_words"]] = (before - before[j]) / total
        out[:, INDEX["title_position"]] = j / n
    else:
        out[:, INDEX["title_position"]] = -1.0
    col = out[:, : len(LINE_COLUMNS)]
    out[:, INDEX["page_log_lines"]] = np.log1p(n)
    out[:, INDEX["page_log_words"]] = np.log1p(total)
    out[:, INDEX["page_density"]] = float((col[:, INDEX["density"]] * words).sum() / total)
    out[:, INDEX["page_short"]] = float((stats.words < 5).mean())
    out[:, INDEX["page_terminal"]] = float(col[:, INDEX["terminal"]].mean())
    out[:, INDEX["page_linky"]] = float(col[:, INDEX["linky"]].mean())
    out[:, INDEX["page_removed"]] = float(rem.mean())
    out[:, INDEX["page_prose"]] = float(prose_words.sum() / total)
    out[:, INDEX["page_price"]] = float(col[:, INDEX["price"]].mean())
    out[:, INDEX["page_time"]] = float(col[:, INDEX["time"]].mean())
    out[:, INDEX["page_codeish"]] = float(col[:, INDEX["codeish"]].mean())
    out[:, INDEX["page_repeated"]] = float((col[:, INDEX["log_repeats"]] > 0).mean())
    if type_probs is not None:
        first = INDEX[TYPE_COLUMNS[0]]
        out[:, first : first + len(TYPE_COLUMNS)] = np.asarray(type_probs, dtype=np.float32)
    return out


_CODE_INDEX: Mapping[str, int] = {c: INDEX[f"code_{c}"] for c in RULE_CODES}
#: Columns of ``page_matrix`` copied from the neighbours, and what is off the page's ends.
_NEIGHBOUR_FROM = [INDEX[c] for c in NEIGHBOUR_COLUMNS]
_NEIGHBOUR_TO = [[INDEX[f"{c}@{k:+d}"] for c in NEIGHBOUR_COLUMNS] for k in NEIGHBOURS]
_FILLS = {"log_words": 0.0, "density": 0.0, "terminal": 0.0, "linky": 1.0, "removed": 1.0}
_NEIGHBOUR_FILLS = np.array([_FILLS.get(c, 0.0) for c in NEIGHBOUR_COLUMNS], dtype=np.float32)
#: Columns of ``page_matrix`` averaged over windows.
_WINDOW_FROM = [INDEX[c] for c in WINDOW_COLUMNS]
_WINDOW_TO = [[INDEX[f"{c}~{w}"] for c in WINDOW_COLUMNS] for w in WINDOWS]
