"""``cleaner learn``: learn each site's boilerplate lines from a corpus.

Plain text files are one document each, all in the corpus-wide entry ``*``;
with ``--jsonl`` each row is a document, and ``--site-field`` names the field
holding its URL (or host), so every site gets its own entry. The profile is
written atomically to ``-o FILE``; ``cleaner clean --profile FILE`` then
removes the learned lines (CL701). Thresholds: see ``cleaner/profile.py``.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator

from .. import jsonl
from .. import profile as profile_mod
from ..config import Config
from ..fileio import read_text
from ..profile import SiteConfigs
from ._common import add_config_arguments, config_from_args

NAME = "learn"
HELP = "learn each site's boilerplate lines from a corpus and write a profile"
ORDER = 30

#: How many sites the summary lists by name.
SHOW_SITES = 20
CANNOT_WRITE_PROFILE = "cannot write profile {path}: {error}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="INPUT", help="text files or, with --jsonl, JSON Lines files"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="where to write the profile (JSON)"
    )
    parser.add_argument(
        "--jsonl", action="store_true", help="inputs are JSON Lines, one row a document"
    )
    parser.add_argument(
        "--field", default="text", help="with --jsonl: the field holding the text (default: text)"
    )
    parser.add_argument(
        "--site-field",
        metavar="FIELD",
        help="with --jsonl: the field holding each row's URL or host (default: one corpus, '*')",
    )
    parser.add_argument(
        "--min-docs",
        type=int,
        default=profile_mod.MIN_DOCS_DEFAULT,
        metavar="K",
        help="keep lines seen in at least K documents of their site (default: %(default)s)",
    )
    parser.add_argument(
        "--min-fraction",
        type=float,
        default=profile_mod.MIN_FRACTION_DEFAULT,
        metavar="F",
        help="... and in at least this share of the site's documents (default: %(default)s); "
        "lines of more than 12 words need more",
    )
    parser.add_argument(
        "--sketch-width",
        type=int,
        default=profile_mod.SKETCH_WIDTH_DEFAULT,
        metavar="N",
        help="counters per row of the count-min sketch (memory: N x depth x 4 bytes)",
    )
    parser.add_argument(
        "--sketch-depth",
        type=int,
        default=profile_mod.SKETCH_DEPTH_DEFAULT,
        metavar="N",
        help="rows of the count-min sketch (default: %(default)s)",
    )
    add_config_arguments(parser)


# -- helpers shared with `cleaner clean --profile --site-field` -------------


def add_profile_arguments(parser: argparse.ArgumentParser) -> None:
    """``--profile`` and ``--site-field`` for commands that clean."""
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="also remove the boilerplate lines learned by `cleaner learn` (CL701)",
    )
    parser.add_argument(
        "--site-field",
        metavar="FIELD",
        help="with --jsonl --profile: the field holding each row's URL or host",
    )


def with_profile(config: Config, args: argparse.Namespace) -> Config:
    """``config`` with ``--profile`` applied; the profile is read now, so a
    broken file fails before any input is cleaned (``ConfigError``)."""
    path = getattr(args, "profile", None)
    if path:
        config = config.with_options(profile=path)
    if isinstance(config.profile, str):
        profile_mod.get_profile(config.profile)
    return config


def site_configs(config: Config, site_field: str | None) -> SiteConfigs:
    """A picklable function ``row -> Config`` giving each JSONL row its site."""
    return SiteConfigs(config, site_field)


# -- learning ----------------------------------------------------------------


def _open_text(path: str) -> io.TextIOBase:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict")
    return open(path, encoding="utf-8", errors="strict")


class _Rows:
    """The documents of JSON Lines inputs; counts and reports bad rows."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.failed = 0

    def __iter__(self) -> Iterator[tuple[str | None, str]]:
        args = self.args
        for path in args.paths or ["-"]:
            with _open_text(path) as stream:
                for number, raw in jsonl.iter_lines([stream]):
                    row = jsonl.parse_row(raw, number, args.field)
                    if isinstance(row, jsonl.BadRow):
                        self.failed += 1
                        print(f"cleaner: {path}: {row.error}", file=sys.stderr)
                        continue
                    site = row.get(args.site_field) if args.site_field else None
                    yield (site if isinstance(site, str) else None), row[args.field]


def _texts(paths: list[str]) -> Iterator[str]:
    for path in paths or ["-"]:
        yield read_text(path)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    rows = _Rows(args) if args.jsonl else None
    docs = rows if rows is not None else _texts(args.paths)
    profile = profile_mod.learn(
        docs,
        min_docs=args.min_docs,
        min_fraction=args.min_fraction,
        config=config,
        sketch_width=args.sketch_width,
        sketch_depth=args.sketch_depth,
    )
    try:
        profile.save(args.output)
    except OSError as exc:
        print(
            f"cleaner: error: {CANNOT_WRITE_PROFILE.format(path=args.output, error=exc)}",
            file=sys.stderr,
        )
        return 2
    out = sys.stdout
    summary = profile.summary
    dup = summary.get("duplicate_documents", 0)
    out.write(
        f"learned {profile.line_count} line(s) for {len(profile.sites)} of "
        f"{summary.get('sites', 0)} site(s) from {summary.get('documents', 0)} document(s)"
        + (f" ({dup} duplicate(s) counted once)" if dup else "")
        + f" -> {args.output}\n"
    )
    for i, entry in enumerate(profile_mod.iter_sites(profile)):
        if i == SHOW_SITES:
            out.write(f"  ... and {len(profile.sites) - SHOW_SITES} more site(s)\n")
            break
        out.write(f"  {entry.site}: {len(entry.lines)} line(s), {entry.documents} document(s)\n")
    if rows is not None and rows.failed:
        print(f"cleaner: {rows.failed} row(s) failed", file=sys.stderr)
        return 1
    return 0
