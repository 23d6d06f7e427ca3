"""Normalization: Unicode repair, whitespace, bullets, and paragraph layout.

Normalization runs on the whole input before the passes look at it, so every
pass sees repaired text, and the output is assembled from normalized lines
only. That is what makes the guarantees easy to state: every output line is a
line of ``normalize(text)``, in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable

import ftfy
import regex

from .config import Config
from .model import Segment
from .textstats import is_bullet

#: Characters with no visible width that carry no meaning in article text.
#: ZWJ and ZWNJ are kept: emoji sequences and several scripts need them.
INVISIBLE = "\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_INVISIBLE_RE = regex.compile(f"[{INVISIBLE}]")
#: C0/C1 control characters other than tab (line breaks are split before).
_CONTROL_RE = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")
#: Any run of horizontal white space (tabs, NBSP, thin spaces, ideographic space).
_SPACE_RE = regex.compile(r"[\t\p{Zs}]+")
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
        import unicodedata

        return unicodedata.normalize("NFC", text)
    cfg = _FTFY_STRAIGHT if config.straighten_quotes else _FTFY_PLAIN
    fixed = ftfy.fix_text(text, cfg)
    # ftfy is not always a fixed point on damaged text; one more round settles it.
    again = ftfy.fix_text(fixed, cfg)
    return fixed if again == fixed else again


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

    >>> normalize("a  b\\r\\n\\r\\n\\r\\n  c\\t\\n")
    'a b\\n\\nc'
    """
    config = config or Config()
    text = fix_unicode(text, config)
    lines = [normalize_line(raw, config.bullet) for raw in text.splitlines()]
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
