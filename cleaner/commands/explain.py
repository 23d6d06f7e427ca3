"""``cleaner explain PATH``: every removed line with its code and reason.

Takes what ``cleaner clean`` takes: files, folders (searched as ``check``
searches them), ``-``, ``--html``, ``--profile``, and ``--jsonl`` (each row
explained as ``FILE:ROW:LINE: CODE name: reason``).

For an HTML page (detected as ``cleaner clean`` detects it, or ``--html``) it
explains what ``cleaner clean`` does with the page: the page type and the
evidence for it, which text was kept (trafilatura's extraction or the page's
content region) and why, the metadata, then every removed line of that text
(line numbers count lines of the extracted text).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from .. import errors, fileio, jsonl, limits
from ..api import analyze
from ..config import Config
from ..model import Result
from ..pipeline import run as run_text
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
from .clean import _with_html, add_html_argument, inputs, refuse_without_jsonl, texts_of

NAME = "explain"
HELP = "print every removed line with its pass code and reason"
ORDER = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="text files or folders ('-' or none: stdin)"
    )
    parser.add_argument(
        "--jsonl", action="store_true", help="input is JSON Lines: explain each row's field"
    )
    parser.add_argument(
        "--field",
        type=field_name,
        default=None,
        help="with --jsonl: the field to explain (default: text)",
    )
    add_html_argument(parser)
    add_run_arguments(parser)
    add_profile_arguments(parser)
    add_config_arguments(parser)


def _write(out: TextIO, name: str, result: Result, page_type: bool = True) -> None:
    for key in ("title", "date", "author"):
        if result.meta.get(key):
            out.write(f"{name}: {key}: {result.meta[key]}\n")
    if page_type and result.page_type:
        out.write(f"{name}: page type: {result.page_type} ({result.page_type_confidence:.0%})\n")
    if result.warning:
        out.write(f"{name}: warning: {result.warning}\n")
    for r in result.removed:
        out.write(f"{name}:{r.line_no}: {r.code} {r.name}: {r.reason}\n    {r.text}\n")
    for o in result.overruled:
        out.write(
            f"{name}:{o.line_no}: kept: {o.by} overruled {o.code} {o.name} ({o.reason}): "
            f"{o.why}\n    {o.text}\n"
        )


def _run_jsonl(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    row_config = site_configs(config, args.site_field)
    field = args.field or "text"
    paths = args.paths or ["-"]
    jsonl.check_paths(paths)
    bar = Progress(args.progress, jsonl.input_size(paths), desc="explain")

    def batches() -> Iterator[jsonl.Batch]:
        for path, stream in jsonl.open_sources(paths):
            yield from jsonl.read_batches(stream, path)

    failed = rows = done = 0
    try:
        for text, bad, size, count in run_ordered(
            _explain_batch, (field, row_config), batches(), args.jobs
        ):
            for message in bad:
                bar.write(message)
            with bar.aside():
                out.write(text)
            failed += len(bad)
            rows += count
            done += size
            bar.update(rows, failed, done)
    finally:
        bar.close()
    return 1 if failed else 0


def _explain_batch(state: tuple[str, Any], batch: jsonl.Batch) -> tuple[str, list[str], int, int]:
    """What ``explain --jsonl`` prints for the rows of one batch, the messages
    of its bad rows, its size and its rows (runs in a worker with ``-j``)."""
    field, row_config = state
    out = io.StringIO()
    bad: list[str] = []
    rows = 0
    shown = fileio.display(batch.path)
    for line, row in jsonl.rows_of(batch, field):
        rows += 1
        try:
            if isinstance(row, jsonl.BadRow):
                raise errors.InputError(row.error)
            if row[field] is None:
                continue  # no text (null): nothing to explain
            config = row_config(row)
            if not wants_html(row[field], config):
                limits.check_text(row[field], f"line {line}")
            result = analyze(row[field], config=config)
        except errors.InputError as exc:
            bad.append(f"cleaner: {shown}: {exc}")
            continue
        _write(out, f"{shown}:{line}", result)
    return out.getvalue(), bad, batch.too_long or len(batch.data), rows


def _explain_one(
    config: Config, item: tuple[str, str | errors.InputError]
) -> str | errors.InputError:
    """What ``explain`` prints for one input, or why it cannot (runs in a worker
    process with ``-j``)."""
    name, text = item
    if isinstance(text, errors.InputError):
        return text
    out = io.StringIO()
    if wants_html(text, config):
        from ..html import explain_html

        try:
            result, found = explain_html(text, config)
        except errors.InputError as exc:
            return errors.InputError(f"{name}: {exc}")
        if found.page_type is not None:
            out.write(f"{name}: page type: {found.page_type.describe()}\n")
        if found.choice is not None:
            out.write(f"{name}: text: {found.choice.describe(found.region_how)}\n")
        _write(out, name, result, page_type=False)
    else:
        _write(out, name, run_text(text, config))
    return out.getvalue()


def run(args: argparse.Namespace) -> int:
    refuse_without_jsonl(
        args, {"--field": args.field is not None, "--site-field": args.site_field is not None}
    )
    config = _with_html(with_profile(config_from_args(args), args), args)
    out = sys.stdout
    if args.jsonl:
        return _run_jsonl(args, config, out)
    status = 0
    found = inputs(args, config)
    bar = Progress(args.progress, len(found), desc="explain", unit="file")
    try:
        results = run_ordered(_explain_one, config, texts_of(found, config), args.jobs)
        for got in results:
            if isinstance(got, errors.InputError):
                bar.write(f"cleaner: error: {got}")
                status = 2
                bar.step(failed=1)
                continue
            with bar.aside():
                out.write(got)
            bar.step()
    finally:
        bar.close()
    return status
