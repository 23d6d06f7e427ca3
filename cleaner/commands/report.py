"""``cleaner report``: one self-contained HTML page of what cleaning takes out of a corpus.

Totals (documents, words kept and removed), charts of the removed words by
pass code, page type and site, and a sample of documents (every one with
``--all``) with each removed line struck through, coloured by its code, its
reason on hover, filterable by code. Streams like ``cleaner clean --jsonl``
(flat memory, ``-j``, a progress bar); the page is written atomically.
See ``cleaner/report.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack

from .. import errors, fileio, jsonl
from .. import report as report_mod
from ..profile import SiteConfigs
from ..progress import Progress
from ._common import add_config_arguments, config_from_args, field_name, with_profile

NAME = "report"
HELP = "write one HTML page showing what cleaning removes from a JSON Lines corpus"
ORDER = 40


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="INPUT", help="JSON Lines files ('-' or none: stdin)"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the HTML page to write"
    )
    parser.add_argument(
        "--field", type=field_name, default="text", help="the field to clean (default: text)"
    )
    parser.add_argument(
        "--site-field",
        type=field_name,
        metavar="FIELD",
        help="the field holding each row's URL or host: adds the chart by site "
        "(and picks the site's entry of a --profile)",
    )
    parser.add_argument(
        "--id-field",
        default="id",
        metavar="FIELD",
        help="the field shown as each document's id, when a row has it (default: id)",
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--sample",
        type=_count,
        default=report_mod.DEFAULT_SAMPLE,
        metavar="N",
        help="show a random sample of N documents (default: %(default)s)",
    )
    shown.add_argument("--all", action="store_true", help="show every document (for small corpora)")
    parser.add_argument(
        "--seed", type=int, default=0, help="which random sample (default: %(default)s)"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        default="1",
        metavar="N",
        help="worker processes, or 'auto' for every core (default: 1)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only when stderr is a terminal)",
    )
    parser.add_argument(
        "--html",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="rows are HTML pages (default: [tool.cleaner] html, 'auto' = detect by content)",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="also remove the boilerplate lines learned by `cleaner learn` (CL701)",
    )
    parser.add_argument("--title", help="the page's heading (default: names the inputs)")
    add_config_arguments(parser)


def run(args: argparse.Namespace) -> int:
    config = with_profile(config_from_args(args), args)
    if args.html is not None:
        config = config.with_options(html=args.html)
    paths = args.paths or ["-"]
    jsonl.check_paths(paths)
    bar = Progress(args.progress, jsonl.input_size(paths), desc="report")
    row_config = SiteConfigs(config, args.site_field) if args.site_field else None
    output_dir = os.path.dirname(os.path.realpath(args.output))

    def bad_row(bad: jsonl.BadRow) -> None:
        bar.write(f"cleaner: {fileio.display(bad.path)}: {bad.error}")

    with ExitStack() as stack:
        stack.enter_context(jsonl.exit_on_signals())
        out = stack.enter_context(fileio.atomic_output(args.output))
        try:
            stats = report_mod.build(
                jsonl.open_sources(paths),
                out,
                field=args.field,
                site_field=args.site_field,
                id_field=args.id_field or None,
                config=config,
                row_config=row_config,
                jobs=args.jobs,
                sample=args.sample,
                every=args.all,
                seed=args.seed,
                title=args.title,
                on_bad_row=bad_row,
                on_progress=lambda s: bar.update(s.rows, s.failed, s.bytes_read),
                spool_dir=output_dir,
            )
        finally:
            bar.close()
    t = stats.totals
    print(
        f"cleaner: {fileio.display(args.output)}: {t.docs:,} documents, {t.removed_words:,} of "
        f"{t.words:,} words removed, {stats.shown:,} documents shown",
        file=sys.stderr,
    )
    if stats.failed:
        msg = errors.ROWS_FAILED.format(failed=stats.failed, total=stats.rows)
        print(f"cleaner: {msg} (listed in the report)", file=sys.stderr)
        return 1
    return 0
