"""``cleaner clean``: print the cleaned body of each file, or clean JSON Lines."""

from __future__ import annotations

import argparse
import io
import sys

from .. import jsonl
from ..fileio import read_text
from ..pipeline import run as run_pipeline
from ._common import add_config_arguments, config_from_args

NAME = "clean"
HELP = "print the cleaned article body of each file (stdin when none or '-')"
ORDER = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="input files ('-' or none: stdin)")
    parser.add_argument(
        "--jsonl", action="store_true", help="input is JSON Lines; write one cleaned row per row"
    )
    parser.add_argument(
        "--field", default="text", help="with --jsonl: the field to clean (default: text)"
    )
    parser.add_argument(
        "--meta",
        action="store_true",
        help="with --jsonl: add a 'cleaner' object (title, date, author, removed lines)",
    )
    add_config_arguments(parser)


def _open_text(path: str) -> io.TextIOBase:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict")
    return open(path, encoding="utf-8", errors="strict")  # noqa: SIM115


def _run_jsonl(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    failed = 0
    out = sys.stdout
    for path in args.paths or ["-"]:
        with _open_text(path) as stream:
            for number, raw in jsonl.iter_lines([stream]):
                row = jsonl.parse_row(raw, number, args.field)
                if isinstance(row, jsonl.BadRow):
                    failed += 1
                    print(f"cleaner: {path}: {row.error}", file=sys.stderr)
                    continue
                out.write(jsonl.dumps(jsonl.clean_row(row, args.field, config, args.meta)) + "\n")
    if failed:
        print(f"cleaner: {failed} row(s) failed", file=sys.stderr)
        return 1
    return 0


def run(args: argparse.Namespace) -> int:
    if args.jsonl:
        return _run_jsonl(args)
    config = config_from_args(args)
    for path in args.paths or ["-"]:
        sys.stdout.write(run_pipeline(read_text(path), config).text)
    return 0
