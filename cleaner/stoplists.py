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

from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import islice

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


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """word -> the languages whose stoplist holds it."""
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
    index = _index()
    sample = Counter(islice(tokens, SAMPLE_WORDS))  # each distinct word looked up once
    total = sum(sample.values())
    # Words with the same languages are counted together, then spread over them.
    by_languages: Counter[tuple[str, ...]] = Counter()
    get = index.get
    for token, count in sample.items():
        languages = get(token)
        if languages:
            by_languages[languages] += count
    hits: Counter[str] = Counter()
    for languages, count in by_languages.items():
        for language in languages:
            hits[language] += count
    if not hits or total == 0:
        return None

    # Near-ties go to the common fallback languages, then to smaller stoplists.
    def weight(lang: str) -> tuple[float, str]:
        bonus = 1.2 if lang in FALLBACK_LANGUAGES else 1.0
        return hits[lang] * bonus / len(stoplist(lang)) ** 0.1, lang

    best = max(hits, key=weight)
    return best if hits[best] >= MIN_COVERAGE * total else None


def stoplist_for(tokens: Iterable[str]) -> tuple[str, frozenset[str]]:
    """The detected language and its stoplist; ``("mixed", union)`` when unsure.

    >>> stoplist_for("le chat est sur la table et il dort dans la maison".split())[0]
    'French'
    """
    language = detect_language(tokens)
    if language is None:
        return "mixed", fallback()
    return language, stoplist(language)
