"""Stopword lists and language detection by stopword overlap.

The stoplists are jusText's (``justext.get_stoplist``, about 100 languages),
loaded once and cached. A text's language is the stoplist that covers the most
of its words; :func:`stoplist_for` returns that list, or the union of the
English, German, French and Spanish lists when no language stands out (short
or mixed texts). Stopword density — the share of a line's words that are
stopwords — separates running prose (about 0.3-0.5) from menus, teasers and
credits (about 0-0.15), in every language that has a list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import chain, islice, repeat

import numpy as np

#: Languages whose union is the fallback when detection is unsure.
FALLBACK_LANGUAGES = ("English", "German", "French", "Spanish")
#: Words sampled for detection (the start of a page is enough).
SAMPLE_WORDS = 3000
#: The winner must cover at least this share of the sampled words.
MIN_COVERAGE = 0.15


@cache
def stoplist(language: str) -> frozenset[str]:
    """jusText's stoplist for ``language`` (casefolded), or an empty set.

    >>> "the" in stoplist("English") and "und" in stoplist("German")
    True
    >>> stoplist("Klingon")
    frozenset()
    """
    import justext

    try:
        return frozenset(w.casefold() for w in justext.get_stoplist(language))
    except (ValueError, KeyError, OSError):
        return frozenset()


def _index() -> dict[str, tuple[str, ...]]:
    """word -> the languages whose stoplist holds it (read once, by ``_groups``)."""
    import justext

    langs: dict[str, list[str]] = {}
    for language in sorted(justext.get_stoplists()):
        for word in stoplist(language):
            langs.setdefault(word, []).append(language)
    return {w: tuple(v) for w, v in langs.items()}


@lru_cache(maxsize=1)
def fallback() -> frozenset[str]:
    """The union of the fallback languages' stoplists.

    >>> {"the", "der", "les", "los"} <= fallback()
    True
    """
    return frozenset().union(*(stoplist(lang) for lang in FALLBACK_LANGUAGES))


@lru_cache(maxsize=1)
def _groups() -> tuple[dict[str, int], tuple[str, ...], np.ndarray, tuple[float, ...]]:
    """``_index`` as numbers: word -> the id of its set of languages; the
    languages; for each set, which languages it holds (a 0/1 matrix); and each
    language's weight divisor (its stoplist's size to the power 0.1)."""
    index = _index()  # not kept: these numbers replace it
    languages = tuple(sorted({lang for langs in index.values() for lang in langs}))
    column = {lang: j for j, lang in enumerate(languages)}
    ids: dict[tuple[str, ...], int] = {}
    word_ids = {w: ids.setdefault(langs, len(ids)) for w, langs in index.items()}
    members = np.zeros((len(ids), len(languages)), dtype=np.int64)
    for langs, i in ids.items():
        members[i, [column[lang] for lang in langs]] = 1
    divisors = tuple(len(stoplist(lang)) ** 0.1 for lang in languages)
    return word_ids, languages, members, divisors


def language_ids(tokens: Iterable[str]) -> list[int]:
    """For each of ``tokens`` (casefolded words), the id of the set of languages
    whose stoplist holds it, -1 for none: what :func:`detect_language_of` counts.

    >>> ids = language_ids(["the", "xyzzy", "the"])
    >>> ids[0] == ids[2] >= 0, ids[1]
    (True, -1)
    """
    return list(map(_groups()[0].get, tokens, repeat(-1)))


def detect_language(tokens: Iterable[str]) -> str | None:
    """The language whose stoplist covers most of ``tokens`` (casefolded words).

    Each stoplist's hits are weighed against its size, so the huge lists of a
    few languages do not win on chance overlaps. ``None`` when too few words
    are stopwords of any language.

    >>> detect_language("the cat sat on the mat and it was happy with that".split())
    'English'
    >>> detect_language("der Hund und die Katze sind in dem Haus mit der Frau".split())
    'German'
    >>> detect_language(["xyzzy"]) is None
    True
    """
    return detect_language_of([language_ids(islice(tokens, SAMPLE_WORDS))])


def detect_language_of(lines: Iterable[Sequence[int]]) -> str | None:
    """:func:`detect_language` of the words of ``lines``, each given by its
    :func:`language_ids` (worked out once per line, for every page it is on)."""
    _, languages, members, divisors = _groups()
    sample = np.fromiter(islice(chain.from_iterable(lines), SAMPLE_WORDS), dtype=np.int64)
    total = len(sample)
    # words with the same languages are counted together, then spread over them
    counts = np.bincount(sample[sample >= 0], minlength=len(members))
    found = np.flatnonzero(counts)
    if not len(found) or total == 0:
        return None
    hits = counts[found] @ members[found]
    scored = [(j, int(hits[j])) for j in np.flatnonzero(hits).tolist()]

    # Near-ties go to the common fallback languages, then to smaller stoplists.
    def weight(item: tuple[int, int]) -> tuple[float, str]:
        j, n = item
        bonus = 1.2 if languages[j] in FALLBACK_LANGUAGES else 1.0
        return n * bonus / divisors[j], languages[j]

    j, n = max(scored, key=weight)
    return languages[j] if n >= MIN_COVERAGE * total else None


def stoplist_for(tokens: Iterable[str]) -> tuple[str, frozenset[str]]:
    """The detected language and its stoplist; ``("mixed", union)`` when unsure.

    >>> stoplist_for("le chat est sur la table et il dort dans la maison".split())[0]
    'French'
    """
    return _stoplist_of(detect_language(tokens))


def stoplist_of(lines: Iterable[Sequence[int]]) -> tuple[str, frozenset[str]]:
    """:func:`stoplist_for` the words of ``lines`` (each by its :func:`language_ids`)."""
    return _stoplist_of(detect_language_of(lines))


def _stoplist_of(language: str | None) -> tuple[str, frozenset[str]]:
    if language is None:
        return "mixed", fallback()
    return language, stoplist(language)
