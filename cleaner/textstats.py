"""Small, fast features of one line of text, shared by the heuristic passes."""

from __future__ import annotations

from functools import lru_cache

import regex

_WORD_RE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-.]*")
_TERMINAL_RE = regex.compile(r"[.!?…。！？]['\"”’»)\]]*$|[.!?]\s*['\"”’»]$")
#: The characters a match of ``_TERMINAL_RE`` can end with.
_TERMINAL_LAST = frozenset(".!?…。！？'\"”’»)]")
#: The closing quotes and brackets that may follow a line's ellipsis.
_CLOSERS = "'\"”’»)"
#: What ``ends_ellipsis`` reads from the end (the tests hold it to this pattern).
_ELLIPSIS_RE = regex.compile(rf"(?:\.\.\.|…)[{regex.escape(_CLOSERS)}]*$")
_BULLET_START_RE = regex.compile(r"^(?:[-–—•●▪◦‣∙·■□◆◇►▸▶➤➢✓✔*⁃]\s|\d{1,2}[.)]\s)")
#: CJK and other scripts written without spaces: count characters, not words.
_NOSPACE_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
#: Starts only at the first mark of a run (lookbehind) and never gives marks
#: back (possessive): ``[.!?]+(?:\s|$)`` alone is quadratic on a long run of dots.
_SENT_RE = regex.compile(r"(?<![.!?。！？])[.!?。！？]++(?:\s|$)")
#: The longest line (in characters) that the rules for *short* lines look at:
#: phrase lists (CL1xx), captions, bylines, date lines, breadcrumbs and titles
#: (CL2xx). Furniture is short; a longer line is never any of these, so those
#: rules return at once and their regexes never see more than this many
#: characters, whatever the input.
MAX_SHORT_LINE = 2000


#: The word-level features below are asked for the same line by many passes;
#: they are pure, so results for lines up to ``_CACHED_CHARS`` characters are
#: kept in small LRU caches (bounded memory, whatever the input).
_CACHE_SIZE = 4096
_CACHED_CHARS = 2000


@lru_cache(maxsize=_CACHE_SIZE)
def _words_cached(text: str) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(text))


@lru_cache(maxsize=_CACHE_SIZE)
def _word_count_cached(text: str) -> int:
    n = len(_words_cached(text))
    cjk = _nospace_count(text)
    if cjk > 4:
        n = max(n, cjk // 2)
    return n


def _nospace_count(text: str) -> int:
    """Characters of scripts written without spaces (none in ASCII: not looked for)."""
    return 0 if text.isascii() else len(_NOSPACE_RE.findall(text))


@lru_cache(maxsize=_CACHE_SIZE)
def _fold_cached(text: str) -> str:
    return " ".join([w.casefold().strip(".-'’") for w in _words_cached(text)])


def words(text: str) -> list[str]:
    """The words of a line.

    >>> words("US-China relations, 2024.")
    ['US-China', 'relations', '2024.']
    """
    if len(text) <= _CACHED_CHARS:
        return list(_words_cached(text))
    return _WORD_RE.findall(text)


def word_count(text: str) -> int:
    """Words in ``text``; in scripts without spaces, about two characters a word.

    >>> word_count("Top China envoy meets Blinken")
    5
    >>> word_count("中国外交官与布林肯会面讨论台湾问题")
    8
    """
    if len(text) <= _CACHED_CHARS:
        return _word_count_cached(text)
    n = len(_WORD_RE.findall(text))
    cjk = _nospace_count(text)
    if cjk > 4:
        n = max(n, cjk // 2)
    return n


def ends_sentence(text: str) -> bool:
    """Whether the line ends like a sentence (., !, ?, … with closing quotes).

    >>> ends_sentence('He said “yes.”')
    True
    >>> ends_sentence("Related Articles")
    False
    """
    # a match ends the line (or stands before a final line break, as "$" allows):
    # only a line whose last character can end one is searched
    last = text[-1:]
    if last == "\n":
        last = text[-2:-1]
    return last in _TERMINAL_LAST and _TERMINAL_RE.search(text) is not None


def ends_ellipsis(text: str) -> bool:
    """Whether the line trails off with ... (teaser summaries do).

    >>> ends_ellipsis("Living next to a Hollywood celebrity might sound like a dream, but for some...")
    True
    """
    # what _ELLIPSIS_RE finds, read from the end (a search would try every position)
    if text.endswith("\n"):
        text = text[:-1]  # "$" also matches before a final line break
    return text.rstrip(_CLOSERS).endswith(("...", "…"))


def is_bullet(text: str) -> bool:
    """Whether the line starts with a list bullet or number.

    >>> is_bullet("- Talks coincide with a delicate moment")
    True
    """
    return bool(_BULLET_START_RE.match(text))


def sentence_count(text: str) -> int:
    """Sentences in ``text``, counted by their final punctuation.

    >>> sentence_count("One. Two!! Three... four")
    3
    """
    return len(_SENT_RE.findall(text + " "))


def is_prose(text: str, min_words: int = 12) -> bool:
    """A line that reads as a paragraph of running text.

    >>> is_prose("Blinken sat down with Liu Jianchao, the Chinese Communist Party's international minister.")
    True
    >>> is_prose("Blinken Meets Chinese And Japanese Diplomats, Seeks Stability As Taiwan Voters Head To The Polls")
    False
    """
    return word_count(text) >= min_words and ends_sentence(text) and not ends_ellipsis(text)


def capitalized_ratio(text: str) -> float:
    """Share of words (of 4+ letters) that start with a capital letter.

    >>> capitalized_ratio("Blinken Meets Chinese And Japanese Diplomats")
    1.0
    """
    firsts = [w[0] for w in words(text) if len(w) >= 4 and w[0].isalpha()]
    if not firsts:
        return 0.0
    return sum(map(str.isupper, firsts)) / len(firsts)


def fold(text: str) -> str:
    """Text folded for comparing repeats: casefolded letters and digits only.

    >>> fold("Read: the “Top” story!")
    'read the top story'
    """
    if len(text) <= _CACHED_CHARS:
        return _fold_cached(text)
    return " ".join([w.casefold().strip(".-'’") for w in words(text)])
