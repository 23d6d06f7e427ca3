"""The command line: ``main(argv) -> int``; the only place that prints or exits.

Subcommands live in ``cleaner/commands/``, one module each, found at start-up:
a module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``.

Exit codes: 0 ok, 1 something would change (check modes), 2 usage or input
error, 123 internal error.
"""

from __future__ import annotations

import argparse
import codecs
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from . import __version__, errors

EXIT_OK = 0
EXIT_CHANGED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 123


def _commands() -> list:
    from . import commands

    found = []
    for info in pkgutil.iter_modules(commands.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        found.append(module)
    return sorted(found, key=lambda m: getattr(m, "ORDER", 50))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Strip site furniture from scraped article text.",
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in _commands():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


_STDOUT_ERRORS = "cleaner.stdout"


def _stdout_cannot_encode(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler for standard output: text it cannot encode is an
    ``OutputError`` (a clear message, exit 2), never a half-written line."""
    encoding = getattr(exc, "encoding", None) or "this encoding"
    raise errors.OutputError(errors.STDOUT_ENCODING.format(encoding=encoding))


codecs.register_error(_STDOUT_ERRORS, _stdout_cannot_encode)


def _strict_stdout() -> None:
    """Make every write to ``sys.stdout`` that its encoding cannot take raise
    ``OutputError`` (a test's capture stream may not support it: left alone)."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and getattr(sys.stdout, "errors", None) == "strict":
        try:
            reconfigure(errors=_STDOUT_ERRORS)
        except (ValueError, OSError, TypeError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    _strict_stdout()
    try:
        return int(args.run(args))
    except errors.CleanerError as exc:  # ConfigError, InputError, OutputError
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`cleaner clean big.txt | head`): not an error.
        # Point stdout at devnull so the interpreter's final flush does not fail too.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        print(f"cleaner: {errors.INTERNAL.format(error=repr(exc))}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
