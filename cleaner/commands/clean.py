"""``cleaner clean``: print the cleaned body of each file, or clean JSON Lines."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack

from .. import errors, fileio, jsonl, limits
from ..api import analyze
from ..config import Config
from ..progress import Progress
from ..sniff import wants_html
from ._common import (
    add_config_arguments,
    add_profile_arguments,
    config_from_args,
    site_configs,
    with_profile,
)
from ._files import expand

NAME = "clean"
HELP = "print the cleaned article body of each file (stdin when none or '-')"
ORDER = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="input files or folders ('-' or none: stdin; folders: the files `check` selects)",
    )
    parser.add_argument(
        "--jsonl", action="store_true", help="input is JSON Lines; write one cleaned row per row"
    )
    parser.add_argument(
        "--field", default=None, help="with --jsonl: the field to clean (default: text)"
    )
    parser.add_argument(
        "--meta",
        action="store_true",
        help="with --jsonl: add a 'cleaner' object (title, date, author, removed lines)",
    )
    add_html_argument(parser)
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
        default=None,
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


def add_html_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--html",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="input is HTML: extract the main text with trafilatura first "
        "(default: [tool.cleaner] html, 'auto' = detect by content)",
    )


def refuse_without_jsonl(args: argparse.Namespace, options: dict[str, bool]) -> None:
    """Options that only mean something with ``--jsonl`` are an error without it."""
    if args.jsonl:
        return
    for option, given in options.items():
        if given:
            raise errors.InputError(errors.NEEDS_JSONL.format(option=option))


def _outputs(args: argparse.Namespace, paths: list[str]) -> None:
    """Refuse, before anything is read, outputs that cannot be written or that
    collide: a folder, a missing folder, ``--errors`` naming an input or the
    same file as ``-o``, and ``-o`` over its own input without ``--errors``
    (the rows that cannot be cleaned would be lost with the input)."""
    named = [("-o", args.output), ("--errors", args.errors)]
    for option, path in named:
        if path is None:
            continue
        fileio.check_output(path)
        if not fileio.is_regular_or_new(path):
            continue  # a FIFO, a terminal, /dev/null: written straight to
        for other in paths:
            if other != "-" and fileio.same_file(path, other):
                if option == "--errors":
                    raise errors.OutputError(
                        errors.OUTPUT_IS_INPUT.format(option=option, path=path)
                    )
                if args.errors is None:
                    raise errors.OutputError(errors.IN_PLACE_NEEDS_ERRORS.format(path=path))
    if (
        args.output is not None
        and args.errors is not None
        and fileio.is_regular_or_new(args.output)
        and fileio.same_file(args.output, args.errors)
    ):
        raise errors.OutputError(
            errors.OUTPUT_COLLIDES.format(option="--errors", path=args.errors, other="-o")
        )


def _run_jsonl(args: argparse.Namespace) -> int:
    config = _with_html(with_profile(config_from_args(args), args), args)
    row_config = site_configs(config, args.site_field) if args.site_field else None
    paths = args.paths or ["-"]
    jsonl.check_paths(paths)
    _outputs(args, paths)
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
                field=args.field or "text",
                meta=args.meta,
                config=config,
                jobs=args.jobs or "1",
                on_bad_row=bad_row,
                row_config=row_config,
                on_progress=lambda s: bar.update(s.rows, s.failed, s.bytes_read),
            )
        finally:
            bar.close()
        out.flush()
    if stats.meta_replaced:
        msg = errors.META_REPLACED.format(rows=stats.meta_replaced, field=jsonl.META_FIELD)
        print(f"cleaner: {msg}", file=sys.stderr)
    if stats.failed:
        where = f"; see {args.errors}" if args.errors else ""
        msg = errors.ROWS_FAILED.format(failed=stats.failed, total=stats.rows)
        print(f"cleaner: {msg}{where}", file=sys.stderr)
        return 1
    return 0


def _with_html(config: Config, args: argparse.Namespace) -> Config:
    return config if args.html is None else config.with_options(html=args.html)


def documents(
    args: argparse.Namespace, config: Config
) -> Iterator[tuple[str, fileio.TextFile | errors.InputError]]:
    """``(name, file or error)`` for every plain-text input: files as named,
    folders searched as ``check`` searches them (see ``cleaner.commands._files``).
    A file past ``cleaner.limits`` (when it is not HTML) is an ``InputError``."""
    from .check import display, selection_from_args

    selection = selection_from_args(args, config)
    for path, note in expand(args.paths or ["-"], selection):
        name = "<stdin>" if path == "-" else display(path)
        if note is not None:
            print(f"cleaner: {note}", file=sys.stderr)
            continue
        try:
            text = fileio.TextFile.parse(fileio.read_bytes(path), name)
            if not wants_html(text.text, config):
                limits.check_text(text.text, name)
        except errors.InputError as exc:
            yield name, exc
            continue
        yield name, text


def run(args: argparse.Namespace) -> int:
    refuse_without_jsonl(
        args,
        {
            "--meta": args.meta,
            "-j/--jobs": args.jobs is not None,
            "--field": args.field is not None,
            "--site-field": args.site_field is not None,
            "--progress": args.progress is not None,
        },
    )
    if args.jsonl:
        return _run_jsonl(args)
    if args.output or args.errors:
        raise errors.InputError(errors.OUTPUT_NEEDS_JSONL)
    config = _with_html(with_profile(config_from_args(args), args), args)
    paths = args.paths or ["-"]
    several = len(paths) > 1 or any(p != "-" and os.path.isdir(p) for p in paths)
    status = 0
    for k, (name, got) in enumerate(documents(args, config)):
        if isinstance(got, errors.InputError):
            print(f"cleaner: error: {got}", file=sys.stderr)
            status = 2
            continue
        body = analyze(got.text, config=config).text
        if several:  # as head(1) does: a header before each body, a blank line between
            sys.stdout.write(("\n" if k else "") + f"==> {name} <==\n")
        sys.stdout.write(body)
    return status
