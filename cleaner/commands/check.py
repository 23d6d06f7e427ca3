"""``cleaner check [--fix] [--diff] [--explain] PATH ...``: would cleaning change these files?

Made for pre-commit hooks and CI. A file *would change* when the bytes
``--fix`` would write differ from the file's bytes: the cleaned text
(``cleaner.clean`` under the configured options) in the file's own dominant
line ending (``\\n``, ``\\r\\n`` or ``\\r``) and with its UTF-8 BOM if it had
one. Cleaning also normalizes (one blank line between paragraphs, one final
newline, see ``cleaner.normalize``), so a file passes when it is already in
that normal form.

Exit codes: 0 nothing would change; 1 something would change (or, with
``--fix``, was rewritten); 2 usage error, or some file could not be checked
(missing, not valid UTF-8, binary, not writable); 123 internal error. The
worst applies: 123 over 2 over 1 over 0. Unreadable files are reported on
standard error and left untouched; the other files are still checked.

``--fix`` rewrites a file atomically (``cleaner.fileio.atomic_write``): an
interrupted run leaves every file wholly old or wholly new, at worst plus a
temporary ``.NAME.cleaner-tmp-XXXXXXXX`` file. Permissions, line endings and
the BOM are kept; an unchanged file is never rewritten (its mtime stays).

Which files: folders are searched recursively (hidden folders, ``node_modules``
and ``__pycache__`` skipped), and every file, also one named on the command
line (as pre-commit does), must pass the selection from ``[tool.cleaner]``:

``types`` (default ``["txt"]``)
    File name extensions to check (``"txt"`` or ``".txt"``, any case);
    ``"*"`` means every file. JSON types (``json``, ``jsonl``, ``ndjson``) are
    refused: they are not plain text (use ``cleaner clean --jsonl``).
    Markdown is not checked by default: cleaning puts every line in its own
    paragraph and strips indentation, which hand-written Markdown (a README,
    a dataset card) does not survive. Add ``"md"`` for scraped Markdown.
``include`` (default: everything)
    Globs; when given, a file must match one of them.
``exclude`` (default: nothing)
    Globs; a file that matches one is skipped. Wins over ``include``.

Globs are matched against the path relative to the project root (the folder
of the ``pyproject.toml`` in use, else the current folder), or the path as
given when it lies outside. A glob without ``/`` matches any single path
component (``*.md`` any Markdown file, ``drafts`` anything in a ``drafts``
folder); a glob with ``/`` is anchored at the root and matches the path or
one of its folders (``corpus/raw`` everything below it). ``*`` and ``?``
never match ``/``; ``**`` matches any number of folders. ``--include``,
``--exclude`` and ``--types`` on the command line replace the configured
lists.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .. import analyze, errors, fileio
from .. import config as config_mod
from ..config import Config
from ..model import Result
from ..normalize import fix_unicode, normalize, normalize_line
from ._common import add_config_arguments, config_from_args

NAME = "check"
HELP = "exit 1 if cleaning would change a file (for pre-commit and CI); --fix rewrites it"
ORDER = 30

#: File types checked when ``types`` is not configured.
DEFAULT_TYPES: tuple[str, ...] = ("txt",)
#: Types that are JSON, never plain text: refused in ``types``.
JSON_TYPES = frozenset({"json", "jsonl", "ndjson"})
#: Folders never entered while searching (besides every hidden folder).
SKIP_DIRS = frozenset({"node_modules", "__pycache__"})

EXIT_OK, EXIT_CHANGED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 123


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders ('-': standard input)"
    )
    parser.add_argument(
        "--fix", action="store_true", help="rewrite the files that would change (atomically)"
    )
    parser.add_argument("--diff", action="store_true", help="print a unified diff of each change")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print 'path:line: CODE name: reason' for each removed line (original line numbers)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no per-file lines and no summary; errors only"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also name unchanged and skipped files"
    )
    select = parser.add_argument_group("file selection (replaces [tool.cleaner])")
    select.add_argument(
        "--include", action="append", metavar="GLOB", help="check only files matching GLOB"
    )
    select.add_argument(
        "--exclude", action="append", metavar="GLOB", help="skip files matching GLOB"
    )
    select.add_argument(
        "--types", metavar="EXTS", help="comma-separated file extensions to check ('*': all)"
    )
    add_config_arguments(parser)


# -- file selection ------------------------------------------------------------


def _component_regex(part: str) -> str:
    """The regex for one path component of a glob (``*``, ``?``, ``[...]``)."""
    out: list[str] = []
    i = 0
    while i < len(part):
        c = part[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif (
            c == "["
            and (end := part.find("]", i + 2 if part[i + 1 : i + 2] in "!^" else i + 1)) > i
        ):
            body = part[i + 1 : end]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a glob: ``*``/``?`` within one component, ``**`` over folders.

    >>> bool(glob_regex("corpus/**/*.txt").fullmatch("corpus/a/b/x.txt"))
    True
    >>> bool(glob_regex("corpus/**/*.txt").fullmatch("corpus/x.txt"))
    True
    >>> bool(glob_regex("corpus/*.txt").fullmatch("corpus/a/x.txt"))
    False
    """
    parts = pattern.split("/")
    out: list[str] = []
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]*/)*")
            continue
        out.append(_component_regex(part))
        if not last:
            out.append("/")
    return re.compile("".join(out))


@dataclass(frozen=True)
class Glob:
    """One include/exclude glob; see the module docstring for its meaning.

    >>> Glob.of("drafts").matches("corpus/drafts/a.txt")
    True
    >>> Glob.of("corpus/raw/").matches("corpus/raw/2024/a.txt"), Glob.of("/raw").matches("x/raw/a")
    (True, False)
    """

    text: str
    anchored: bool
    regex: re.Pattern[str]

    @classmethod
    def of(cls, text: str) -> Glob:
        body = text.strip()
        leading_slash = body.startswith("/")
        while body.startswith("./"):
            body = body[2:]
        body = body.strip("/")
        return cls(text, leading_slash or "/" in body, glob_regex(body))

    def matches(self, rel: str) -> bool:
        parts = rel.split("/")
        if not self.anchored:
            return any(self.regex.fullmatch(p) for p in parts)
        return any(self.regex.fullmatch("/".join(parts[:k])) for k in range(1, len(parts) + 1))


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise errors.ConfigError(
            errors.BAD_TYPE.format(key=key, where=where, expected="a list of strings", got=value)
        )
    return tuple(value)


def _types(value: Any, where: str) -> tuple[str, ...]:
    types = tuple(t.strip().lstrip(".").lower() for t in _strings(value, "types", where))
    if not types or not all(types):
        raise errors.ConfigError(
            errors.BAD_TYPE.format(
                key="types", where=where, expected='a list of file extensions or "*"', got=value
            )
        )
    for t in types:
        if t in JSON_TYPES:
            raise errors.ConfigError(errors.CHECK_JSONL_TYPE.format(where=where, got=t))
    return types


@dataclass(frozen=True)
class Selection:
    """Which files ``cleaner check`` looks at: ``types``, ``include``, ``exclude``.

    >>> s = Selection.build({"exclude": ["drafts"], "types": ["txt", ".MD"]}, Path("/p"))
    >>> s.wants("/p/corpus/a.md"), s.wants("/p/corpus/drafts/b.txt"), s.wants("/p/c.py")
    (True, False, False)
    """

    root: Path
    types: tuple[str, ...] = DEFAULT_TYPES
    include: tuple[Glob, ...] = ()
    exclude: tuple[Glob, ...] = ()

    @classmethod
    def build(
        cls,
        extra: Mapping[str, Any],
        root: Path,
        where: str = "[tool.cleaner]",
        *,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
        types: str | None = None,
    ) -> Selection:
        """From ``Config.extra`` (``[tool.cleaner]``), command-line lists replacing it."""
        cli = "the command line"
        inc = _strings(include, "include", cli) if include is not None else None
        exc = _strings(exclude, "exclude", cli) if exclude is not None else None
        if inc is None:
            inc = _strings(extra.get("include", ()), "include", where)
        if exc is None:
            exc = _strings(extra.get("exclude", ()), "exclude", where)
        if types is not None:
            kinds = _types([t for t in types.split(",") if t.strip()], cli)
        elif "types" in extra:
            kinds = _types(extra["types"], where)
        else:
            kinds = DEFAULT_TYPES
        return cls(root, kinds, tuple(Glob.of(g) for g in inc), tuple(Glob.of(g) for g in exc))

    def relative(self, path: str | Path) -> str:
        """``path`` relative to the root (or as given, when outside), with ``/``."""
        absolute = os.path.abspath(path)
        rel = os.path.relpath(absolute, self.root) if os.path.isabs(self.root) else str(path)
        if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
            rel = str(path)
        rel = rel.replace(os.sep, "/")
        while rel.startswith("./"):
            rel = rel[2:]
        return rel.lstrip("/")

    def excluded(self, path: str | Path) -> bool:
        rel = self.relative(path)
        return any(g.matches(rel) for g in self.exclude)

    def wants(self, path: str | Path) -> bool:
        """Whether the file at ``path`` is checked (its name and place only)."""
        name = os.path.basename(path).lower()
        if "*" not in self.types and not any(name.endswith("." + t) for t in self.types):
            return False
        rel = self.relative(path)
        if self.include and not any(g.matches(rel) for g in self.include):
            return False
        return not any(g.matches(rel) for g in self.exclude)


def iter_files(paths: Sequence[str], selection: Selection) -> Iterator[tuple[str, bool]]:
    """``(path, wanted)`` for every file named or found below a named folder.

    Files found in folders are yielded only when wanted; a named file is
    yielded either way (so it can be counted as skipped). A named path that
    does not exist is yielded as wanted, to be reported.
    """
    for given in paths:
        if given == "-":
            yield given, True
        elif os.path.isdir(given):
            for folder, dirs, files in os.walk(given):
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".")
                    and d not in SKIP_DIRS
                    and not selection.excluded(os.path.join(folder, d))
                )
                for name in sorted(files):
                    path = os.path.normpath(os.path.join(folder, name))
                    if not fileio.is_temp_name(name) and selection.wants(path):
                        yield path, True
        elif not os.path.lexists(given):
            yield given, True
        else:
            name = os.path.basename(given)
            yield given, not fileio.is_temp_name(name) and selection.wants(given)


# -- explaining ------------------------------------------------------------------

_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


def original_line_numbers(text: str, config: Config, normalized: str | None = None) -> list[int]:
    """For each line of ``normalize(text, config)``, its 1-based line number in ``text``.

    Lines of ``text`` end at ``\\n``, ``\\r\\n`` or ``\\r`` (as editors count them).
    ``normalized`` saves the work when ``normalize(text, config)`` is known.

    >>> original_line_numbers("\\n\\nTitle\\r\\n\\r\\n\\r\\n  Body  \\n", Config())
    [3, 4, 6]
    """
    if normalized is None:
        normalized = normalize(text, config)
    want = normalized.split("\n")
    pieces: list[tuple[str, int]] = []
    for number, raw in enumerate(_NEWLINE_RE.split(text), start=1):
        for sub in fix_unicode(raw, config).splitlines() or [""]:
            pieces.append((normalize_line(sub, config.bullet), number))
    kept: list[tuple[str, int]] = []
    for line, number in pieces:
        if line or (kept and kept[-1][0]):
            kept.append((line, number))
    while kept and not kept[-1][0]:
        kept.pop()
    got = [line for line, _ in kept]
    numbers = [number for _, number in kept]
    if got == want:
        return numbers
    # Unicode repair of the whole text differed from line-by-line repair:
    # align the two, and give lines that differ the nearest earlier number.
    out = [1] * len(want)
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k, j in enumerate(range(j1, j2)):
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                out[j] = numbers[i1 + k]
            elif numbers:
                out[j] = numbers[min(i1, len(numbers) - 1)]
    return out


def unified_diff(old: str, new: str, name: str) -> str:
    """A unified diff from ``old`` to ``new`` (``a/NAME`` -> ``b/NAME``).

    >>> print(unified_diff("x\\nRead more\\n", "x\\n", "f.txt"), end="")
    --- a/f.txt
    +++ b/f.txt
    @@ -1,2 +1 @@
     x
    -Read more
    """
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"a/{name}",
        f"b/{name}",
    )
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


# -- running -----------------------------------------------------------------------


@dataclass
class Report:
    """Counts and messages of one run; decides the exit code."""

    fix: bool = False
    quiet: bool = False
    verbose: bool = False
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    internal: int = 0

    def note(self, message: str, *, always: bool = False, detail: bool = False) -> None:
        if always or (not self.quiet and (self.verbose or not detail)):
            sys.stdout.flush()
            self.stderr.write(message + "\n")
            self.stderr.flush()

    def error(self, message: str) -> None:
        self.failed += 1
        self.note(f"cleaner: error: {message}", always=True)

    @property
    def exit_code(self) -> int:
        if self.internal:
            return EXIT_INTERNAL
        if self.failed:
            return EXIT_ERROR
        return EXIT_CHANGED if self.changed else EXIT_OK

    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        verb = "cleaned" if self.fix else "would be cleaned"
        parts = [f"{count(self.changed, 'file')} {verb}", f"{self.unchanged} unchanged"]
        if self.failed or self.internal:
            parts.append(count(self.failed + self.internal, "error"))
        if self.skipped:
            parts.append(f"{self.skipped} skipped (types/include/exclude)")
        return ", ".join(parts)


def _segments_are_lines_of(result: Result, normalized: str) -> bool:
    """Whether the cleaned segments are lines of ``normalized`` (not extracted HTML)."""
    lines = normalized.split("\n")
    return all(
        0 < s.line_no <= len(lines) and lines[s.line_no - 1] == s.text for s in result.segments
    )


def _project(args: argparse.Namespace) -> tuple[Path | None, Path]:
    """The pyproject.toml in use (if any) and the project root for globs."""
    if args.no_config:
        return None, Path.cwd()
    if args.config is not None:
        return args.config, args.config.resolve().parent
    found = config_mod.find_pyproject()
    return found, found.parent if found else Path.cwd()


def check_file(
    path: str, config: Config, args: argparse.Namespace, out: TextIO, report: Report
) -> None:
    """Check (and with ``--fix`` rewrite) one file, recording the outcome."""
    if path == "-":
        name = "<stdin>"
        current = fileio.TextFile.parse(sys.stdin.buffer.read(), name)
    else:
        name = path
        current = fileio.load(path)
    result = analyze(current.text, config=config)
    new = current.encode(result.text)
    if new == current.raw:
        report.unchanged += 1
        report.note(f"unchanged {name}", detail=True)
        return
    if args.diff:
        new_text = new.decode("utf-8-sig")
        out.write(unified_diff(current.text, new_text, name.replace(os.sep, "/")))
    removed = result.removed
    normalized = normalize(current.text, config)
    lines_of_file = _segments_are_lines_of(result, normalized)
    if args.explain and removed:
        # Line numbers of the file itself; for text extracted from HTML, the
        # removed lines are not lines of the file: their numbers are those of
        # the extracted text.
        numbers = original_line_numbers(current.text, config, normalized) if lines_of_file else []
        for r in removed:
            line = numbers[r.line_no - 1] if 0 < r.line_no <= len(numbers) else r.line_no
            out.write(f"{name}:{line}: {r.code} {r.name}: {r.reason}\n")
    if removed:
        what = f"{len(removed)} line{'' if len(removed) == 1 else 's'} removed"
    elif lines_of_file:
        what = "layout and white space only"
    else:
        what = "text extracted"
    if args.fix:
        if not os.access(path, os.W_OK):
            raise errors.InputError(errors.NOT_WRITABLE.format(path=path))
        try:
            fileio.atomic_write(path, new, expect=current.stat)
        except OSError as exc:
            raise errors.InputError(
                errors.CANNOT_WRITE.format(path=path, error=exc.strerror or exc)
            ) from None
        report.changed += 1
        report.note(f"cleaned {name} ({what})")
    else:
        report.changed += 1
        report.note(f"would clean {name} ({what})")
    out.flush()


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    pyproject, root = _project(args)
    where = f"{pyproject} [tool.cleaner]" if pyproject else "[tool.cleaner]"
    selection = Selection.build(
        config.extra, root, where, include=args.include, exclude=args.exclude, types=args.types
    )
    if args.fix and "-" in args.paths:
        raise errors.ConfigError(errors.FIX_STDIN)
    report = Report(fix=args.fix, quiet=args.quiet, verbose=args.verbose)
    out = sys.stdout
    for path, wanted in iter_files(args.paths, selection):
        if not wanted:
            report.skipped += 1
            report.note(f"skipped {path}", detail=True)
            continue
        try:
            check_file(path, config, args, out, report)
        except errors.InputError as exc:
            report.error(str(exc))
        except Exception as exc:  # one bad file must not stop the rest
            report.internal += 1
            report.note(f"cleaner: {path}: {errors.INTERNAL.format(error=repr(exc))}", always=True)
    out.flush()
    report.note(report.summary())
    return report.exit_code
