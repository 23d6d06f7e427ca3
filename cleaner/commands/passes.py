"""``cleaner passes``: list every pass with its code, name and what it removes."""

from __future__ import annotations

import argparse
import sys

from ..registry import all_passes

NAME = "passes"
HELP = "list every pass with its code, name and what it removes (sorted by code)"
ORDER = 90


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run(args: argparse.Namespace) -> int:
    del args
    for p in sorted(all_passes(), key=lambda p: p.code):
        flag = "" if p.default else " (off by default)"
        sys.stdout.write(f"{p.code}  {p.name:<20} {p.family:<10} {p.doc}{flag}\n")
    return 0
