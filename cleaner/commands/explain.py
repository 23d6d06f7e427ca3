"""``cleaner explain PATH``: every removed line with its code and reason."""

from __future__ import annotations

import argparse
import sys

from ..fileio import read_text
from ..pipeline import run as run_pipeline
from ._common import add_config_arguments, config_from_args

NAME = "explain"
HELP = "print every removed line with its pass code and reason"
ORDER = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="text files ('-' or none: stdin)")
    add_config_arguments(parser)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    out = sys.stdout
    for path in args.paths or ["-"]:
        result = run_pipeline(read_text(path), config)
        name = "<stdin>" if path == "-" else path
        for key in ("title", "date", "author"):
            if result.meta.get(key):
                out.write(f"{name}: {key}: {result.meta[key]}\n")
        if result.page_type:
            out.write(
                f"{name}: page type: {result.page_type} ({result.page_type_confidence:.0%})\n"
            )
        if result.warning:
            out.write(f"{name}: warning: {result.warning}\n")
        for r in result.removed:
            out.write(f"{name}:{r.line_no}: {r.code} {r.name}: {r.reason}\n    {r.text}\n")
        for o in result.overruled:
            out.write(
                f"{name}:{o.line_no}: kept: {o.by} overruled {o.code} {o.name} ({o.reason}): "
                f"{o.why}\n    {o.text}\n"
            )
    return 0
