"""What one cleaning did, in numbers: lines and words kept and removed, per pass code.

The integrations (``cleaner.datatrove``, ``cleaner.hf``) and ``cleaner report``
count alike through ``summarize``. Words are counted as the passes count them
(``textstats.word_count``: in scripts without spaces, about two characters a
word), line by line over the segments of the result, so for every document
``kept_words + removed_words`` is the word count of its normalized text.

``metadata(result, mode)`` is the JSON-ready record a document carries:
``"full"`` is ``Result.to_meta()`` (what ``cleaner clean --jsonl --meta``
writes: every removed line with its code and reason), ``"summary"`` the
metadata and the counts per code only, small enough for billions of rows.

>>> import cleaner
>>> s = summarize(cleaner.analyze("Back to top button\\n\\nIt rained in Paris all day."))
>>> s.kept_words, s.removed_lines, s.removed_words, [(c.code, c.lines, c.words) for c in s.by_code]
(6, 1, 4, [('CL103', 1, 4)])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import errors
from .model import Result
from .textstats import word_count

#: The values of the ``meta`` option of the integrations, and what each means.
META_MODES = ("summary", "full")


@dataclass(frozen=True, slots=True)
class CodeCount:
    """Lines and words one pass removed from one document."""

    code: str
    name: str
    lines: int
    words: int


@dataclass(frozen=True, slots=True)
class Summary:
    """Lines and words kept and removed in one document, and the removals per code
    (in code order)."""

    kept_lines: int
    kept_words: int
    removed_lines: int
    removed_words: int
    by_code: tuple[CodeCount, ...]

    @property
    def words(self) -> int:
        """Every word of the normalized text, kept or removed."""
        return self.kept_words + self.removed_words


def summarize(result: Result) -> Summary:
    """Count what ``result`` kept and removed, per pass code."""
    kept_lines = kept_words = 0
    by_code: dict[str, list[Any]] = {}
    for seg, verdict in zip(result.segments, result.verdicts, strict=True):
        n = word_count(seg.text)
        if verdict.kept:
            kept_lines += 1
            kept_words += n
            continue
        code = verdict.code or ""
        entry = by_code.get(code)
        if entry is None:
            entry = by_code[code] = [verdict.name or "", 0, 0]
        entry[1] += 1
        entry[2] += n
    counts = tuple(CodeCount(code, *by_code[code]) for code in sorted(by_code))
    return Summary(
        kept_lines,
        kept_words,
        sum(c.lines for c in counts),
        sum(c.words for c in counts),
        counts,
    )


def meta_mode(value: Any, where: str = "options") -> str | None:
    """The metadata mode for an integration's ``meta`` option: ``None`` (none),
    ``"summary"`` or ``"full"``; ``True`` means ``"full"``, ``False`` none.

    >>> meta_mode(True), meta_mode(False), meta_mode("summary")
    ('full', None, 'summary')
    >>> meta_mode("everything")
    Traceback (most recent call last):
    ...
    cleaner.errors.ConfigError: option 'meta' in options must be one of (None, False, True, 'summary', 'full'), got 'everything'
    """
    if value is None or value is False:
        return None
    if value is True:
        return "full"
    if isinstance(value, str) and value in META_MODES:
        return value
    raise errors.ConfigError(
        errors.BAD_CHOICE.format(
            key="meta", where=where, choices=(None, False, True, *META_MODES), got=value
        )
    )


def metadata(result: Result, mode: str, summary: Summary | None = None) -> dict[str, Any]:
    """The JSON-ready record of ``result`` for ``mode`` (``"full"`` or ``"summary"``).

    >>> import cleaner
    >>> r = cleaner.analyze("Back to top button\\n\\nIt rained in Paris all day.")
    >>> metadata(r, "summary")["removed_by_code"]
    [{'code': 'CL103', 'lines': 1, 'words': 4}]
    >>> metadata(r, "full")["removed"][0]["code"]
    'CL103'
    """
    if mode == "full":
        return result.to_meta()
    s = summary if summary is not None else summarize(result)
    return {
        "title": result.title,
        "date": result.date,
        "author": result.author,
        "page_type": result.page_type,
        "page_type_confidence": result.page_type_confidence,
        "warning": result.warning,
        "kept_words": s.kept_words,
        "removed_lines": s.removed_lines,
        "removed_words": s.removed_words,
        "removed_by_code": [
            {"code": c.code, "lines": c.lines, "words": c.words} for c in s.by_code
        ],
    }
