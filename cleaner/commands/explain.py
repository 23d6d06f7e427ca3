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
import sys
from typing import TextIO

from .. import errors, jsonl, limits
from ..api import analyze
from ..model import Result
from ..pipeline import run as run_text
from ..sniff import wants_html
from ._common import (
    add_config_arguments,
    add_profile_arguments,
    config_from_args,
    site_configs,
    with_profile,
)
from .clean import _with_html, add_html_argument, documents, refuse_without_jsonl

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
        "--field", default=None, help="with --jsonl: the field to explain (default: text)"
    )
    add_html_argument(parser)
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


def _run_jsonl(args: argparse.Namespace, config, out: TextIO) -> int:
    row_config = site_configs(config, args.site_field)
    field = args.field or "text"
    paths = args.paths or ["-"]
    jsonl.check_paths(paths)
    failed = 0
    for path, stream in jsonl.open_sources(paths):
        for batch in jsonl.read_batches(stream, path):
            for offset, raw in enumerate(batch.data.split(b"\n")):
                line = batch.first_line + offset
                if not raw.strip():
                    continue
                try:
                    text = raw.removeprefix(b"\xef\xbb\xbf" if line == 1 else b"").decode()
                    row = jsonl.parse_row(text, line, field)
                    if isinstance(row, jsonl.BadRow):
                        raise errors.InputError(row.error)
                    if not wants_html(row[field], config):
                        limits.check_text(row[field], f"line {line}")
                    result = analyze(row[field], config=row_config(row))
                except UnicodeDecodeError as exc:
                    failed += 1
                    message = errors.ROW_NOT_UTF8.format(line=line, pos=exc.start)
                    print(f"cleaner: {path}: {message}", file=sys.stderr)
                    continue
                except errors.InputError as exc:
                    failed += 1
                    print(f"cleaner: {path}: {exc}", file=sys.stderr)
                    continue
                _write(out, f"{path}:{line}", result)
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    refuse_without_jsonl(
        args, {"--field": args.field is not None, "--site-field": args.site_field is not None}
    )
    config = _with_html(with_profile(config_from_args(args), args), args)
    out = sys.stdout
    if args.jsonl:
        return _run_jsonl(args, config, out)
    status = 0
    for name, got in documents(args, config):
        if isinstance(got, errors.InputError):
            print(f"cleaner: error: {got}", file=sys.stderr)
            status = 2
            continue
        if wants_html(got.text, config):
            from ..html import explain_html

            try:
                result, found = explain_html(got.text, config)
            except errors.InputError as exc:
                print(f"cleaner: error: {name}: {exc}", file=sys.stderr)
                status = 2
                continue
            if found.page_type is not None:
                out.write(f"{name}: page type: {found.page_type.describe()}\n")
            if found.choice is not None:
                out.write(f"{name}: text: {found.choice.describe(found.region_how)}\n")
            _write(out, name, result, page_type=False)
        else:
            _write(out, name, run_text(got.text, config))
    return status
