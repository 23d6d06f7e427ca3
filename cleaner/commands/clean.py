"""``cleaner clean``: print the cleaned body of each file, or clean JSON Lines."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack

from .. import errors, fileio, jsonl
from ..config import Config
from ..fileio import read_text
from ..html import run_any
from ..progress import Progress
from ._common import add_config_arguments, config_from_args
from .learn import add_profile_arguments, site_configs, with_profile

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
    parser.add_argument(
        "--html",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="input is HTML: extract the main text with trafilatura first "
        "(default: [tool.cleaner] html, 'auto' = detect by content)",
    )
    big = parser.add_argument_group("large JSON Lines runs (with --jsonl)")
    big.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the rows to FILE (appears only when complete; default: stdout)",
    )
    big.add_argument(
        "-j",
        "--jobs",
        default="1",
        metavar="N",
        help="worker processes, or 'auto' for every core (default: 1); output keeps input order",
    )
    big.add_argument(
        "--errors",
        metavar="FILE",
        help="write rows that failed to FILE as JSON Lines (file, line, error, raw)",
    )
    big.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only when stderr is a terminal)",
    )
    add_profile_arguments(parser)
    add_config_arguments(parser)


def _run_jsonl(args: argparse.Namespace) -> int:
    config = _with_html(with_profile(config_from_args(args), args), args)
    row_config = site_configs(config, args.site_field) if args.site_field else None
    paths = args.paths or ["-"]
    jsonl.check_paths(paths)
    total = None if "-" in paths else sum(os.path.getsize(p) for p in paths)
    bar = Progress(args.progress, total)
    with ExitStack() as stack:
        stack.enter_context(jsonl.exit_on_sigterm())
        out = (
            stack.enter_context(fileio.atomic_output(args.output))
            if args.output
            else sys.stdout.buffer
        )
        errs = stack.enter_context(fileio.atomic_output(args.errors)) if args.errors else None

        def bad_row(bad: jsonl.BadRow) -> None:
            if errs is not None:
                errs.write((jsonl.dumps(bad.to_record()) + "\n").encode("utf-8"))
            else:
                bar.write(f"cleaner: {bad.path}: {bad.error}")

        try:
            stats = jsonl.clean_stream(
                jsonl.open_sources(paths),
                out,
                field=args.field,
                meta=args.meta,
                config=config,
                jobs=args.jobs,
                on_bad_row=bad_row,
                row_config=row_config,
                on_progress=lambda s: bar.update(s.rows, s.failed, s.bytes_read),
            )
        finally:
            bar.close()
        out.flush()
    if stats.failed:
        where = f"; see {args.errors}" if args.errors else ""
        msg = errors.ROWS_FAILED.format(failed=stats.failed, total=stats.rows)
        print(f"cleaner: {msg}{where}", file=sys.stderr)
        return 1
    return 0


def _with_html(config: Config, args: argparse.Namespace) -> Config:
    return config if args.html is None else config.with_options(html=args.html)


def run(args: argparse.Namespace) -> int:
    if args.jsonl:
        return _run_jsonl(args)
    if args.output or args.errors:
        raise errors.InputError(errors.OUTPUT_NEEDS_JSONL)
    config = _with_html(with_profile(config_from_args(args), args), args)
    for path in args.paths or ["-"]:
        sys.stdout.write(run_any(read_text(path), config).text)
    return 0
