"""Options shared by several subcommands: configuration, pass selection, a
learned profile, and worker processes and progress for folders of files."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import config as config_mod
from ..config import Config
from ..parallel import imap_batches, pickles, resolve_jobs
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


def field_name(text: str) -> str:
    """An argparse type for ``--field`` and ``--site-field``: a name, never empty
    (an empty name would silently mean the default).

    >>> field_name("body")
    'body'
    >>> field_name("")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must name a field, got ''
    """
    if not text:
        raise argparse.ArgumentTypeError(f"must name a field, got {text!r}")
    return text


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
        type=field_name,
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


# -- folders of files: worker processes (`-j`) and a progress bar ---------------


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """``-j/--jobs`` and ``--progress`` for commands that go through files."""
    group = parser.add_argument_group("long runs")
    group.add_argument(
        "-j",
        "--jobs",
        default=None,
        metavar="N",
        help="worker processes, or 'auto' for every core (default: 1); output keeps input order",
    )
    add_progress_argument(group)


def add_progress_argument(parser: Any) -> None:
    """``--progress`` / ``--no-progress``."""
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only when stderr is a terminal)",
    )


def _apply(state: tuple[Callable[[Any, Any], Any], Any], item: Any) -> Any:
    func, inner = state
    return func(inner, item)


def run_ordered(
    func: Callable[[Any, Any], Any], state: Any, items: Iterable[Any], jobs: str | None
) -> Iterator[Any]:
    """``func(state, item)`` for every item, in order, on ``jobs`` processes
    (``cleaner.parallel.imap_batches``: a few items ahead at most, so memory
    stays flat). ``func`` must be a module-level function; ``state`` that does
    not pickle runs in this process. With one job nothing leaves this process.

    >>> list(run_ordered(pow, 2, [3, 10], None))
    [8, 1024]
    """
    n = resolve_jobs(jobs or "1")
    if n > 1 and not pickles(state):
        n = 1
    yield from imap_batches(_apply, iter(items), jobs=n, state=(func, state))
