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
    add_run_arguments,
    config_from_args,
    field_name,
    run_ordered,
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
        "--field",
        type=field_name,
        default=None,
        help="with --jsonl: the field to clean (default: text)",
    )
    parser.add_argument(
        "--meta",
        action="store_true",
        help="with --jsonl: add a 'cleaner' object (title, date, author, removed lines)",
    )
    add_html_argument(parser)
    big = parser.add_argument_group("outputs")
    big.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of stdout (appears only when complete; FILE.gz: compressed)",
    )
    big.add_argument(
        "--errors",
        metavar="FILE",
        help="with --jsonl: write rows that failed to FILE as JSON Lines (file, line, error, raw)",
    )
    add_run_arguments(parser)
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


def _outputs(args: argparse.Namespace, paths: list[str]) -> bool:
    """Refuse, before anything is read, outputs that cannot be written or that
    collide: a folder, a missing folder, ``--errors`` naming an input or the
    same file as ``-o``, and ``-o`` over its own input without ``--errors``
    (the rows that cannot be cleaned would be lost with the input). Returns
    whether ``-o`` replaces an input."""
    in_place = False
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
                        errors.OUTPUT_IS_INPUT.format(option=option, path=fileio.display(path))
                    )
                if args.errors is None:
                    raise errors.OutputError(
                        errors.IN_PLACE_NEEDS_ERRORS.format(path=fileio.display(path))
                    )
                in_place = True
    if (
        args.output is not None
        and args.errors is not None
        and fileio.is_regular_or_new(args.output)
        and fileio.same_file(args.output, args.errors)
    ):
        raise errors.OutputError(
            errors.OUTPUT_COLLIDES.format(
                option="--errors", path=fileio.display(args.errors), other="-o"
            )
        )
    return in_place


def _run_jsonl(args: argparse.Namespace) -> int:
    config = _with_html(with_profile(config_from_args(args), args), args)
    row_config = site_configs(config, args.site_field) if args.site_field else None
    paths = args.paths or ["-"]
    jsonl.check_paths(paths)
    in_place = _outputs(args, paths)
    bar = Progress(args.progress, jsonl.input_size(paths))
    with ExitStack() as stack:
        stack.enter_context(jsonl.exit_on_signals())
        out = (
            stack.enter_context(fileio.atomic_output(args.output, compress=True))
            if args.output
            else sys.stdout.buffer
        )
        errs = (
            stack.enter_context(fileio.atomic_output(args.errors, compress=True))
            if args.errors
            else None
        )

        def bad_row(bad: jsonl.BadRow) -> None:
            if errs is not None:
                errs.write((jsonl.dumps(bad.to_record()) + "\n").encode("utf-8"))
            else:
                bar.write(f"cleaner: {fileio.display(bad.path)}: {bad.error}")

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
                stop_on_long_rows=in_place,  # the input is replaced: a row not read is lost
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


def inputs(args: argparse.Namespace, config: Config) -> list[tuple[str, str]]:
    """``(name, path)`` of every plain-text input, in order: files as named,
    folders searched as ``check`` searches them (see ``cleaner.commands._files``);
    a link skipped is said on stderr. ``name`` is the path as it can be printed."""
    from .check import selection_from_args

    selection = selection_from_args(args, config)
    found = []
    for path, note in expand(args.paths or ["-"], selection):
        if note is not None:
            print(f"cleaner: {note}", file=sys.stderr)
            continue
        found.append(("<stdin>" if path == "-" else fileio.display(path), path))
    return found


def read_document(name: str, path: str, config: Config) -> fileio.TextFile | errors.InputError:
    """The input at ``path`` read (a file, a compressed file, a pipe, ``-``), or
    why it cannot be: a file past ``cleaner.limits`` (when it is not HTML) is
    an ``InputError`` too."""
    try:
        text = fileio.TextFile.parse(fileio.read_bytes(path), name)
        if not wants_html(text.text, config):
            limits.check_text(text.text, name)
    except errors.InputError as exc:
        return exc
    return text


def _clean_one(
    config: Config, item: tuple[str, str | errors.InputError]
) -> str | errors.InputError:
    """The cleaned body of one input's text, or why there is none (runs in a
    worker process with ``-j``)."""
    name, text = item
    if isinstance(text, errors.InputError):
        return text
    try:
        return analyze(text, config=config).text
    except errors.InputError as exc:  # an HTML page past the screen, one lxml cannot read
        return errors.InputError(f"{name}: {exc}")


def texts_of(
    found: list[tuple[str, str]], config: Config
) -> Iterator[tuple[str, str | errors.InputError]]:
    """``(name, text or error)`` of each input, read when it is reached."""
    for name, path in found:
        got = read_document(name, path, config)
        yield name, got if isinstance(got, errors.InputError) else got.text


def _plain_output(args: argparse.Namespace, found: list[tuple[str, str]]) -> None:
    """``-o`` of a plain-text run must be a file of its own, never an input."""
    fileio.check_output(args.output)
    if not fileio.is_regular_or_new(args.output):
        return
    for _, path in found:
        if path != "-" and fileio.same_file(args.output, path):
            raise errors.OutputError(
                errors.OUTPUT_IS_INPUT.format(option="-o", path=fileio.display(args.output))
            )


def run(args: argparse.Namespace) -> int:
    refuse_without_jsonl(
        args,
        {
            "--meta": args.meta,
            "--field": args.field is not None,
            "--site-field": args.site_field is not None,
            "--errors": args.errors is not None,
        },
    )
    if args.jsonl:
        return _run_jsonl(args)
    config = _with_html(with_profile(config_from_args(args), args), args)
    paths = args.paths or ["-"]
    several = len(paths) > 1 or any(p != "-" and os.path.isdir(p) for p in paths)
    found = inputs(args, config)
    if args.output:
        _plain_output(args, found)
    status = 0
    bar = Progress(args.progress, len(found), desc="clean", unit="file")
    with ExitStack() as stack:
        if args.output:
            out = stack.enter_context(fileio.atomic_output(args.output, compress=True))

            def write(text: str) -> None:
                out.write(text.encode("utf-8"))

        else:

            def write(text: str) -> None:
                with bar.aside():
                    sys.stdout.write(text)

        written = False
        try:
            results = run_ordered(_clean_one, config, texts_of(found, config), args.jobs)
            for (name, _), got in zip(found, results, strict=True):
                if isinstance(got, errors.InputError):
                    bar.write(f"cleaner: error: {got}")
                    status = 2
                    bar.step(failed=1)
                    continue
                if several:  # as head(1) does: a header before each body, a blank line between
                    write(("\n" if written else "") + f"==> {name} <==\n")
                write(got)
                written = True
                bar.step()
        finally:
            bar.close()
    return status
