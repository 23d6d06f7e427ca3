"""Shared pieces of the fuzz targets: seed corpus, option sets, invariants, runner.

Not part of the package; run the targets as scripts (see fuzz/README.md).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import cleaner
from cleaner.html import wants_html
from cleaner.phrases import tables

#: Option combinations the targets cycle through (chosen by the first input byte).
OPTION_SETS: tuple[dict[str, object], ...] = (
    {},
    {"paragraphs": "keep"},
    {"straighten_quotes": True, "bullet": ""},
    {"fix_unicode": False},
    {"select": ("CL1",)},
    {"ignore": ("CL2", "CL3")},
    {"remove_patterns": (r"(a+)+$", r"Sponsored by .*", r"(?:x|xx)+y"), "pattern_timeout": 0.05},
    {"min_body_words": 1},
    {"html": True},
    {"html": False, "paragraphs": "keep", "straighten_quotes": True},
)

_DATES = [
    "1, March, 2024",
    "Updated: Friday, January 12, 2024, 9:30 pm IST",
    "2024-01-13T09:30:00Z",
    "13 de enero de 2024",
    "Veröffentlicht am 3. März 2023",
    "31/02/2024",
    "99.99.9999",
    "Jan. 5, 2024 10:30 AM",
]
_BYLINES = [
    "By Jane Doe and John Roe",
    "Khushboo Razdan\nKhushboo Razdanin Washington",
    "Von Max Mustermann | dpa",
    "Par Jean-Luc de la Fontaine",
    "By",
]
_HTMLISH = [
    "<p>The talks &amp; the deal</p>",
    "<div class='ad'>Advertisement</div>",
    "<script>var a = '(a+)+b';</script>",
    "&lt;b&gt;Bold&lt;/b&gt; &#8217; &nbsp; &#x1F600;",
    "Home > World > Asia",
    "HomeWorldUS Secretary of State Antony Blinken Advocates for Stability",
]
_SCRIPTS = [
    "中国外交官与布林肯会面讨论台湾问题。这是一个很长的段落，讲述了会谈的细节和各方的反应。",
    "وقال الوزير يوم الجمعة إن المحادثات الطويلة في جنيف سارت على ما يرام.",
    "אמר השר ביום שישי כי השיחות הארוכות בז'נבה עברו בהצלחה.",
    "東京で会談が行われました。両国の外相は協力を確認した。",
    "👨‍👩‍👧‍👦 family 🏳️‍🌈 flag 👍🏽 thumbs",
    "The Beijingâ€™s stance Ã© mojibake",
    "Ελληνικά κείμενα και Кириллица в одной строке.",
]
_PROSE = [
    "The minister said on Friday that the long talks in Geneva had gone well.",
    "Secretary of State Antony Blinken stressed the importance of peace and stability in the region.",
    "WhatsApp is set to change the way...",
    "Blinken Meets Chinese And Japanese Diplomats",
    "Blinken (left) meets Liu in Washington on Friday. Photo: Reuters",
    "Latest articles",
    "- Talks held at State Department",
]
_BAIT = [
    "a" * 200 + "!",
    "Photo: " * 50,
    "." * 300,
    " " * 100 + "x",
    "| " * 100,
    "(" * 100 + ")" * 3,
    "x" * 60 + "y",
    "©" + " ©" * 100,
    "Home > " * 40,
]


def _phrases() -> list[str]:
    out: list[str] = []
    for table in tables().values():
        for kind in ("lines", "prefixes"):
            value = table.get(kind) or {}
            items = (
                [p for lang in value.values() for p in lang] if isinstance(value, dict) else value
            )
            out.extend(items[:6])
    return out


def seed_texts() -> list[str]:
    """Small documents mixing furniture, dates, bylines, HTML-ish text and scripts."""
    phrases = _phrases()
    pieces = [*_DATES, *_BYLINES, *_HTMLISH, *_SCRIPTS, *_PROSE, *_BAIT]
    seeds = list(pieces)
    for i in range(0, len(phrases), 5):
        chunk = phrases[i : i + 5]
        seeds.append("\n".join([*chunk, _PROSE[i % len(_PROSE)]]))
        seeds.append(" | ".join(chunk) + ": " + _PROSE[(i + 1) % len(_PROSE)])
    for i in range(len(pieces)):
        seeds.append("\n\n".join(pieces[i : i + 6]))
    seeds += ["", " \t\n", "\x00\x00", "a\r\nb\rc\u2028d\u0085e\n"]
    return seeds


def decode(data: bytes) -> str:
    """Fuzzer bytes as text; invalid UTF-8 becomes lone surrogates (U+DC80..U+DCFF)."""
    return data.decode("utf-8", "surrogateescape")


def check_text(text: str, options: dict[str, object]) -> None:
    """Run the library on ``text`` and assert the documented guarantees.

    The guarantees are about plain text. Text that ``html="auto"`` takes for
    HTML (or any text under ``html=True``) goes to trafilatura first; for it
    the target only checks that cleaning does not fail and gives a well-formed
    body.
    """
    config = cleaner.Config().with_options(**options)
    if config.html is True or (config.html == "auto" and wants_html(text, config)):
        try:
            out = cleaner.clean(text, config=config)
        except cleaner.InputError as exc:  # a page the HTML parser cannot read
            assert str(exc), "InputError without a message"
            return
        assert out == "" or (out.endswith("\n") and not out.endswith("\n\n")), repr(out[-5:])
        return
    config = config.with_options(html=False)
    result = cleaner.analyze(text, config=config)
    out = result.text
    assert isinstance(out, str)
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n")), repr(out[-5:])
    # Never invents text, keeps order: output lines are a subsequence of normalize(text).
    normalized = [line for line in cleaner.normalize(text, config).split("\n") if line]
    kept = [line for line in out.split("\n") if line]
    it = iter(normalized)
    assert all(line in it for line in kept), "output line not in normalize(text), or reordered"
    assert len(result.verdicts) == len(result.segments) == len(normalized), "segments != lines"
    assert len(result.removed) + len(kept) == len(normalized), "removed + kept != lines"
    # Idempotent.
    again = cleaner.clean(out, config=config)
    assert again == out, f"not idempotent:\n{out!r}\n->\n{again!r}"


def _keep_going(target: Callable[[bytes], None], folder: Path) -> Callable[[bytes], None]:
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()

    def wrapped(data: bytes) -> None:
        try:
            target(data)
        except Exception as exc:
            first = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            kind = first.split(":")[0] + ":" + first.split(":", 2)[1][:40]
            path = folder / f"fail-{hashlib.sha1(data).hexdigest()[:12]}"
            path.write_bytes(data)
            new = kind not in seen
            seen.add(kind)
            print(f"FAILURE {'(new kind) ' if new else ''}{first} -> {path}", file=sys.stderr)

    return wrapped


def run(name: str, target: Callable[[bytes], None], argv: list[str] | None = None) -> int:
    """Parse ``--runs`` / ``--seed`` / ``--corpus`` / ``--max-len`` and fuzz ``target``."""
    parser = argparse.ArgumentParser(prog=name, description=__doc__)
    parser.add_argument("--runs", type=int, default=10_000, help="inputs to try (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="libFuzzer random seed (default 1)")
    parser.add_argument("--max-len", type=int, default=4096, help="longest input in bytes")
    parser.add_argument(
        "--corpus", type=Path, help="corpus folder (kept between runs; default: a temporary one)"
    )
    parser.add_argument(
        "--keep-going",
        metavar="DIR",
        type=Path,
        help="do not stop at a failure: save each failing input to DIR and go on",
    )
    parser.add_argument("libfuzzer", nargs="*", help="extra libFuzzer flags, e.g. -jobs=2")
    args = parser.parse_args(argv)
    if args.keep_going:
        target = _keep_going(target, args.keep_going)
    try:
        import atheris
    except ImportError:  # pragma: no cover
        print(f"{name}: atheris is not installed (pip install atheris)", file=sys.stderr)
        return 2
    corpus = args.corpus or Path(tempfile.mkdtemp(prefix=f"{name}-corpus-"))
    corpus.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(seed_texts()):
        path = corpus / f"seed-{i:04d}"
        if not path.exists():
            path.write_bytes(bytes([i % 251]) + text.encode("utf-8", "surrogatepass"))
    flags = [
        sys.argv[0],
        f"-runs={args.runs}",
        f"-seed={args.seed}",
        f"-max_len={args.max_len}",
        "-print_final_stats=1",
        *args.libfuzzer,
        str(corpus),
    ]
    print(f"{name}: {args.runs} inputs, seed {args.seed}, corpus {corpus}", file=sys.stderr)
    atheris.Setup(flags, target)
    atheris.Fuzz()  # libFuzzer exits the process; "Done N runs in S second(s)" is its summary
    return 0
