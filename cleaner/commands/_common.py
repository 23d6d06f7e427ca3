"""Options shared by several subcommands: configuration, pass selection and a
learned profile."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import config as config_mod
from ..config import Config
from ..profile import SiteConfigs, get_profile


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


# -- a learned profile (`--profile`, `--site-field`) -------------------------


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
        get_profile(config.profile)
    return config


def site_configs(config: Config, site_field: str | None) -> SiteConfigs:
    """A picklable function ``row -> Config`` giving each JSONL row its site."""
    return SiteConfigs(config, site_field)
