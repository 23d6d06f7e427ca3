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
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from . import __version__, errors, fileio, jsonl

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


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors (which quote the arguments given) never put a
    control character on the terminal."""

    def error(self, message: str) -> NoReturn:
        super().error(_printable(message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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


class _Stdout:
    """``sys.stdout`` while a command runs. A write or flush that fails (a full
    disk, ``/dev/full``, an I/O error) is an ``OutputError`` ("cannot write to
    standard output"), and so is text its encoding cannot take, whatever its
    error handler; a reader that went away stays ``BrokenPipeError``. Its
    ``buffer`` is guarded alike. Everything else is the stream's own."""

    def __init__(self, stream: Any, owner: _Stdout | None = None) -> None:
        self._stream = stream
        self._owner = owner or self
        self.failed = False

    def _guard(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except UnicodeEncodeError as exc:
            self._owner.failed = True
            raise errors.OutputError(errors.STDOUT_ENCODING.format(encoding=exc.encoding)) from None
        except OSError as exc:
            self._owner.failed = True
            error = exc.strerror or exc
            raise errors.OutputError(errors.STDOUT_FAILED.format(error=error)) from None

    def write(self, data: Any) -> int:
        return self._guard(self._stream.write, data)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    @property
    def buffer(self) -> _Stdout:
        return _Stdout(self._stream.buffer, self._owner)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _silence_stdout() -> None:
    """Point standard output at ``/dev/null``, so that the interpreter's final
    flush of what is still buffered cannot fail again (a closed pipe, a full
    disk). A stream without a file descriptor (a test's capture) is left alone."""
    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ is not None else -1
        if fd >= 0:
            os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
    except (OSError, ValueError, AttributeError):
        pass


def _printable(message: str) -> str:
    r"""``message`` with any control character left in it escaped (names are
    quoted by ``fileio.display`` already; this is the last guard of the terminal).

    >>> _printable("a\x1b[31m b")
    'a\\x1b[31m b'
    """
    if not any(map(fileio.unprintable, message)):
        return message
    return "".join(
        c.encode("unicode_escape", "backslashreplace").decode("ascii")
        if fileio.unprintable(c)
        else c
        for c in message
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    _strict_stdout()
    real = sys.stdout
    stdout = sys.stdout = _Stdout(real)
    try:
        with jsonl.exit_on_signals():  # kill, kill -HUP: temporary files are removed
            code = int(args.run(args))
        sys.stdout.flush()  # a full disk shows at the last flush, too
        return code
    except errors.CleanerError as exc:  # ConfigError, InputError, OutputError
        print(f"cleaner: error: {_printable(str(exc))}", file=sys.stderr)
        if stdout.failed:
            _silence_stdout()
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`cleaner clean big.txt | head`): not an error.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        print(f"cleaner: {errors.INTERNAL.format(error=errors.describe(exc))}", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        sys.stdout = real


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
