"""Options shared by several subcommands: configuration and pass selection."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import config as config_mod
from ..config import Config


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("configuration")
    group.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="read [tool.cleaner] from FILE (default: the nearest pyproject.toml)",
    )
    group.add_argument(
        "--no-config", action="store_true", help="ignore pyproject.toml; use the defaults"
    )
    group.add_argument(
        "--select", metavar="CODES", help="comma-separated pass codes or prefixes to run"
    )
    group.add_argument(
        "--ignore", metavar="CODES", help="comma-separated pass codes or prefixes not to run"
    )
    group.add_argument(
        "--straighten-quotes", action="store_true", default=None, help="turn curly quotes straight"
    )
    group.add_argument(
        "--paragraphs",
        choices=config_mod.PARAGRAPH_MODES,
        help="'lines': every line a paragraph (default); 'keep': keep single line breaks",
    )


def config_from_args(args: argparse.Namespace) -> Config:
    """The configuration: pyproject's [tool.cleaner], then command-line flags over it."""
    if args.no_config:
        base = Config()
    else:
        base = config_mod.load(args.config, search=args.config is None)
    options: dict[str, object] = {}
    for name in ("select", "ignore"):
        value = getattr(args, name)
        if value is not None:
            options[name] = value
    if args.straighten_quotes:
        options["straighten_quotes"] = True
    if args.paragraphs:
        options["paragraphs"] = args.paragraphs
    return config_mod.from_mapping(options, where="the command line", base=base)
