"""``cleaner explain PATH``: every removed line with its code and reason.

For an HTML page (detected as ``cleaner clean`` detects it, or ``--html``) it
explains what ``cleaner clean`` does with the page: the page type and the
evidence for it, which text was kept (trafilatura's extraction or the page's
content region) and why, the metadata, then every removed line of that text
(line numbers count lines of the extracted text).
"""

from __future__ import annotations

import argparse
import sys

from ..fileio import read_text
from ..html import explain_html, wants_html
from ..pipeline import run as run_pipeline
from ._common import add_config_arguments, config_from_args
from .learn import with_profile

NAME = "explain"
HELP = "print every removed line with its pass code and reason"
ORDER = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="text files ('-' or none: stdin)")
    parser.add_argument(
        "--html",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="input is HTML (default: [tool.cleaner] html, 'auto' = detect by content)",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="also remove the boilerplate lines learned by `cleaner learn` (CL701)",
    )
    add_config_arguments(parser)


def run(args: argparse.Namespace) -> int:
    config = with_profile(config_from_args(args), args)
    if args.html is not None:
        config = config.with_options(html=args.html)
    out = sys.stdout
    for path in args.paths or ["-"]:
        text = read_text(path)
        name = "<stdin>" if path == "-" else path
        if wants_html(text, config):
            result, found = explain_html(text, config)
            if found.page_type is not None:
                out.write(f"{name}: page type: {found.page_type.describe()}\n")
            if found.choice is not None:
                out.write(f"{name}: text: {found.choice.describe(found.region_how)}\n")
        else:
            result = run_pipeline(text, config)
        for key in ("title", "date", "author"):
            if result.meta.get(key):
                out.write(f"{name}: {key}: {result.meta[key]}\n")
        for r in result.removed:
            out.write(f"{name}:{r.line_no}: {r.code} {r.name}: {r.reason}\n    {r.text}\n")
    return 0
