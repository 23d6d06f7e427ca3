"""Normalization: Unicode repair, whitespace, bullets, and paragraph layout.

Normalization runs on the whole input before the passes look at it, so every
pass sees repaired text, and the output is assembled from normalized lines
only. That is what makes the guarantees easy to state: every output line is a
line of ``normalize(text)``, in the same order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import ftfy
import regex
from ftfy.badness import is_bad

from .config import Config
from .model import EMPTY, Page, Segment
from .textstats import is_bullet

#: Characters with no visible width that carry no meaning in article text.
#: ZWJ and ZWNJ are kept: emoji sequences and several scripts need them.
INVISIBLE = "\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
# The patterns that are one character class use the standard library's ``re``:
# the same classes, and its scan over a page is four to six times faster.
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
#: C0/C1 control characters other than tab (line breaks are split before).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")
#: The space separators, Unicode category Zs (unchanged since Unicode 6.3; the
#: tests check it against ``unicodedata`` and ``regex``'s ``\p{Zs}``).
ZS = " \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
#: Any run of horizontal white space (tabs and the space separators).
_SPACE_RE = re.compile(f"[\t{ZS}]+")
#: What normalize_line deletes inside a line (the invisible characters and the
#: controls of _CONTROL_RE that do not break lines for str.splitlines).
_IN_LINE_REMOVED_RE = re.compile(f"[{INVISIBLE}\\x00-\\x08\\x0e-\\x1b\\x1f\\x7f-\\x84\\x86-\\x9f]")
_BULLET_FIRST = frozenset("•●▪◦‣∙·■□◆◇►▸▶➤➢✓✔⁃*")
_BULLET_RE = regex.compile(r"^[•●▪◦‣∙·■□◆◇►▸▶➤➢✓✔⁃*](?:\s+|(?=\p{Lu}))(?=\S)")

_FTFY_PLAIN = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    explain=False,
    normalization="NFC",
)
_FTFY_STRAIGHT = _FTFY_PLAIN._replace(uncurl_quotes=True)


def fix_unicode(text: str, config: Config) -> str:
    """Repair mojibake and damaged Unicode with ftfy, then NFC.

    >>> fix_unicode("The Beijingâ€™s stance", Config())
    'The Beijing’s stance'
    >>> fix_unicode("“quoted”", Config(straighten_quotes=True))
    '"quoted"'
    """
    text = _SURROGATE_RE.sub("\ufffd", text)
    if not config.fix_unicode:
        return unicodedata.normalize("NFC", text)
    cfg = _FTFY_STRAIGHT if config.straighten_quotes else _FTFY_PLAIN
    fixed = _fix_text(text, cfg)
    # ftfy is not always a fixed point on damaged text; one more round settles it.
    again = _fix_text(fixed, cfg)
    return fixed if again == fixed else again


#: Punctuation that ftfy never changes when every other character of the line
#: is printable ASCII: its mojibake heuristic (``ftfy.badness``) needs a letter,
#: symbol or currency sign from outside this set before it flags a line, these
#: are not controls, ligatures, wide forms or surrogates, and NFC keeps them.
#: Curly quotes are safe only while quotes are not being straightened.
_FTFY_SAFE_PUNCT = "\u00a0\u2013\u2014\u2026\u2022\u00ab\u00bb\u00a9\u00ae\u2122\u00b7"
_FTFY_SAFE_QUOTES = "\u2018\u2019\u201c\u201d"
#: A character that makes a line worth handing to ftfy (anything but printable
#: ASCII, tab, line feed, form feed, carriage return and the safe punctuation).
_FTFY_DIRTY_RE = re.compile(f"[^\\t\\n\\x0c\\r\\x20-\\x7e{_FTFY_SAFE_PUNCT}{_FTFY_SAFE_QUOTES}]")
_FTFY_DIRTY_STRAIGHT_RE = re.compile(f"[^\\t\\n\\x0c\\r\\x20-\\x7e{_FTFY_SAFE_PUNCT}]")


def _fix_text(text: str, cfg: ftfy.TextFixerConfig) -> str:
    """``ftfy.fix_text`` on each line of ``text``, called only on the lines that need it.

    ftfy fixes a text line by line (segments that end with ``\\n``), each on its
    own; here each line is handed to ftfy *without* its line break, so that a
    line is fixed the same way whether or not a line break follows it (ftfy's
    mojibake heuristic counts the break: ``"����B@;;А\\n"`` loses its last
    letter, ``"����B@;;А"`` keeps it, and the last line of a text gains a break
    once cleaned). A line of printable ASCII (with tabs, form feeds, carriage
    returns and the safe punctuation above) is left as it is by every fix ftfy
    has and by NFC, so only the lines that hold another character go to ftfy
    (tests/test_fastpaths.py checks this against ftfy itself, line by line).

    >>> _fix_text("plain line\\nThe Beijingâ€™s stance\\nplain again", _FTFY_PLAIN)
    'plain line\\nThe Beijing’s stance\\nplain again'
    """
    dirty = _FTFY_DIRTY_STRAIGHT_RE if cfg.uncurl_quotes else _FTFY_DIRTY_RE
    found = dirty.search(text)
    if found is None:
        return text
    if cfg.unescape_html or cfg.fix_line_breaks:
        return ftfy.fix_text(text, cfg)  # fixes that touch ASCII lines too

    def line_end(pos: int) -> int:
        end = text.find("\n", pos)
        return len(text) if end < 0 else end + 1

    out: list[str] = []
    done = 0
    while found is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = line_end(found.start())
        found = dirty.search(text, end)
        out.append(text[done:start])
        out.append(_fix_segment(text[start:end], cfg))
        done = end
    out.append(text[done:])
    return "".join(out)


#: Lines up to this many characters keep their ftfy result in a small LRU cache:
#: normalization hands each line to ftfy up to three times (the fix, the check
#: that ftfy stands still on its own output, and once more after white space is
#: folded), and a site repeats its menus and footers on every page. The cache
#: holds at most 2,048 lines of at most 2,000 characters (input and result):
#: about 33 MB in the worst case, a few hundred kB for real pages.
_SEGMENT_CACHE_CHARS = 2000


def _ftfy_triggers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The characters some fix of ftfy's (other than its mojibake repair)
    changes, as one class (plain, and with quotes straightened): read from
    ftfy's own tables, so that a new version's tables are followed."""
    from ftfy import chardata

    tables = (chardata.LIGATURES, chardata.WIDTH_MAP, chardata.CONTROL_CHARS)
    chars = "".join(sorted({chr(c) for table in tables for c in table}))
    # C1 controls, surrogates and ESC (terminal escapes) are fixed by regex
    body = re.escape(chars) + "\\x80-\\x9f\\ud800-\\udfff\\x1b"
    quotes = chardata.SINGLE_QUOTE_RE.pattern[1:-1] + chardata.DOUBLE_QUOTE_RE.pattern[1:-1]
    return re.compile(f"[{body}]"), re.compile(f"[{body}{quotes}]")


_FTFY_TRIGGER_RE, _FTFY_TRIGGER_STRAIGHT_RE = _ftfy_triggers()


def ftfy_tables() -> tuple[str, str, str]:
    """What the native engine's screen before ftfy is built from (#24), read
    from ftfy's own tables: the characters some fix of ftfy's changes (those of
    ``_FTFY_TRIGGER_RE`` but the surrogates, which the engine never sees), the
    quotes straightening adds, and ftfy's badness pattern (``is_bad``).

    >>> triggers, quotes, badness = ftfy_tables()
    >>> "\ufb01" in triggers, "\u2019" in quotes, "\u2019" in triggers, "mojibake" in badness
    (True, True, False, True)
    """
    from ftfy import chardata
    from ftfy.badness import BADNESS_RE

    tables = (chardata.LIGATURES, chardata.WIDTH_MAP, chardata.CONTROL_CHARS)
    chars = {chr(c) for table in tables for c in table}
    chars |= {chr(c) for c in range(0x80, 0xA0)} | {"\x1b"}
    quotes = {
        chr(c)
        for c in range(0x10000)
        if not 0xD800 <= c < 0xE000 and _FTFY_TRIGGER_STRAIGHT_RE.match(chr(c))
    } - chars
    return "".join(sorted(chars)), "".join(sorted(quotes)), BADNESS_RE.pattern


def _ftfy_keeps(line: str, cfg: ftfy.TextFixerConfig) -> bool:
    """Whether ``ftfy.fix_text(line, cfg)`` is ``line`` itself, worked out
    without running ftfy's dozen passes (for a line without a break, HTML
    unescaping and line-break fixing off, as ``_fix_text`` calls it): ftfy's
    mojibake repair does nothing on a line its ``is_bad`` does not flag, its
    other fixes only change the characters of ``_ftfy_triggers``, and NFC
    leaves a normalized line. tests/test_fastpaths.py checks it against ftfy.
    """
    trigger = _FTFY_TRIGGER_STRAIGHT_RE if cfg.uncurl_quotes else _FTFY_TRIGGER_RE
    return (
        trigger.search(line) is None
        and not is_bad(line)
        and (cfg.normalization is None or unicodedata.is_normalized(cfg.normalization, line))
    )


def _fix_segment(segment: str, cfg: ftfy.TextFixerConfig) -> str:
    """``ftfy.fix_text`` of one line, its line break (if any) kept out of ftfy's
    sight. A line longer than ftfy's ``max_decode_length`` is cut by ftfy
    itself, the same way wherever the line stands."""
    line, brk = (segment[:-1], "\n") if segment.endswith("\n") else (segment, "")
    if len(line) <= _SEGMENT_CACHE_CHARS:
        return _fix_line_cached(line, cfg) + brk
    return _fix_line(line, cfg) + brk


def _fix_line(line: str, cfg: ftfy.TextFixerConfig) -> str:
    """``ftfy.fix_text`` of a line without a break (skipped where it provably
    changes nothing)."""
    if len(line) <= cfg.max_decode_length and _ftfy_keeps(line, cfg):
        return line
    return ftfy.fix_text(line, cfg)


_fix_line_cached = lru_cache(maxsize=2048)(_fix_line)


def normalize_line(line: str, bullet: str = "-") -> str:
    """Whitespace and bullets of one line: no control or zero-width characters,
    single spaces, no leading or trailing space, one canonical bullet.

    >>> normalize_line("  \u2022  Closed-door\u00a0talks\u200b ")
    '- Closed-door talks'
    >>> normalize_line("\u25cfItem", bullet="")
    '\u25cf Item'
    """
    line = _CONTROL_RE.sub("", _INVISIBLE_RE.sub("", line))
    line = _SPACE_RE.sub(" ", line).strip()
    m = _BULLET_RE.match(line)
    if m:
        glyph = bullet or line[0]
        line = f"{glyph} {line[m.end() :]}"
    return line


def normalize(text: str, config: Config | None = None) -> str:
    """The normalized text the passes see: repaired, one line per line,
    at most one blank line in a row, no leading/trailing blank lines.

    Normalizing normalized text changes nothing: when removing controls and
    folding white space uncovers new mojibake for ftfy (``"â€\\t"`` becomes
    ``"â€ "``, which ftfy reads as ``"†"``), normalization runs again on its own
    output, at most ``MAX_ROUNDS`` times, until it stands still.

    >>> normalize("a  b\\r\\n\\r\\n\\r\\n  c\\t\\n")
    'a b\\n\\nc'
    >>> normalize("x â€\\ty") == normalize(normalize("x â€\\ty"))
    True
    """
    config = config or Config()
    out = _normalize_once(text, config)
    for _ in range(MAX_ROUNDS - 1):
        # The rest of a round leaves normalized lines alone, so the output is a
        # fixed point exactly when ftfy would not change it again.
        if not config.fix_unicode or fix_unicode(out, config) == out:
            break
        out = _normalize_once(out, config)
    return out


#: How many times normalize() may run over its own output (see its docstring).
MAX_ROUNDS = 4


def _normalize_once(text: str, config: Config) -> str:
    text = fix_unicode(text, config)
    bullet = config.bullet
    if _IN_LINE_REMOVED_RE.search(text) is None:
        # Nothing for normalize_line to delete, so its white-space step can run
        # on the whole text at once (no line break is white space to _SPACE_RE):
        # each line then only needs strip() and, rarely, its bullet.
        lines = [
            normalize_line(line, bullet) if line[:1] in _BULLET_FIRST else line
            for line in (raw.strip() for raw in _SPACE_RE.sub(" ", text).splitlines())
        ]
    else:
        lines = [normalize_line(raw, bullet) for raw in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def segment(normalized: str) -> tuple[Segment, ...]:
    """Split normalized text into segments, remembering blank lines before each.

    >>> [(s.text, s.gap_before) for s in segment("a\\n\\nb\\nc")]
    [('a', 0), ('b', 1), ('c', 0)]
    """
    segments = []
    gap = 0
    for line_no, line in enumerate(normalized.split("\n"), start=1):
        if not line:
            gap += 1
            continue
        segments.append(Segment(len(segments), line_no, line, gap))
        gap = 0
    return tuple(segments)


def page_from_text(text: str, config: Config | None = None) -> Page:
    """A page of ``text``, normalized and segmented, nothing removed; handy in
    doctests (it was ``Page.from_text``).

    >>> page = page_from_text("Title\\n\\nBody line.")
    >>> [s.text for s in page.kept()]
    ['Title', 'Body line.']
    """
    return Page(segment(normalize(text)), EMPTY, EMPTY, config or Config())


def render(segments: Iterable[Segment], config: Config) -> str:
    """Join kept segments into the output body, ending with one newline.

    In ``"lines"`` mode every segment is a paragraph, except that list items
    that stood on adjacent lines stay on adjacent lines (a list stays a list).

    >>> render(segment("Items:\\n- one\\n- two"), Config())
    'Items:\\n\\n- one\\n- two\\n'
    >>> segs = segment("a\\nb\\n\\nc")
    >>> render(segs, Config())
    'a\\n\\nb\\n\\nc\\n'
    >>> render(segs, Config(paragraphs="keep"))
    'a\\nb\\n\\nc\\n'
    """
    parts: list[str] = []
    previous: Segment | None = None
    for seg in segments:
        if previous is not None:
            if config.paragraphs == "keep":
                tight = seg.gap_before == 0
            else:
                tight = seg.gap_before == 0 and is_bullet(seg.text) and is_bullet(previous.text)
            parts.append("\n" if tight else "\n\n")
        parts.append(seg.text)
        previous = seg
    return "".join(parts) + "\n" if parts else ""
