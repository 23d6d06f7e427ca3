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

With ``-j N`` the files are read here, in order, and examined by N worker
processes; what is printed, the counts and the fixes come out as with one.
A progress bar (files done) shows on a terminal (``--progress`` forces it).

``--fix`` rewrites a file atomically (``cleaner.fileio.atomic_write``): an
interrupted run leaves every file wholly old or wholly new, at worst plus a
temporary ``.NAME.cleaner-tmp-XXXXXXXX`` file. Permissions (setuid and
setgid too), owner, extended attributes, line endings and the BOM are kept;
an unchanged file is never rewritten (its mtime stays). A file stays the kind
of file it was: ``check`` cleans plain text only, and a file that looks like
an HTML page is skipped with a note (unless ``html = false``).

Which files: folders are searched recursively (hidden folders, ``node_modules``
and ``__pycache__`` skipped; in a git work tree, files that git ignores are
skipped too, found with ``git ls-files --cached --others --exclude-standard``),
and every file, also one named on the command line (as pre-commit does), must
pass the selection from ``[tool.cleaner]``:

``types`` (default ``["txt"]``)
    File name extensions to check (``"txt"`` or ``".txt"``, any case);
    ``"*"`` means every file. JSON types (``json``, ``jsonl``, ``ndjson``) and
    HTML types (``html``, ``htm``, ``xhtml``, ``shtml``) are refused: they are
    not plain text (use ``cleaner clean --jsonl`` / ``--html``).
    Markdown is not checked by default: cleaning puts every line in its own
    paragraph and strips indentation, which hand-written Markdown (a README,
    a dataset card) does not survive. Add ``"md"`` for scraped Markdown.
``include`` (default: everything)
    Globs; when given, a file must match one of them.
``exclude`` (default: nothing)
    Globs; a file that matches one is skipped. Wins over ``include``.
``default-exclude`` (default ``true``)
    Also skip well-known names that are not scraped text (``DEFAULT_EXCLUDE``,
    any case): ``requirements*.txt``, ``constraints*.txt``, ``LICENSE*``,
    ``LICENCE*``, ``COPYING*``, ``NOTICE*``, ``AUTHORS*``, ``CONTRIBUTORS*``,
    ``CHANGELOG*``, ``CHANGES*``, ``README*``, ``CMakeLists.txt``,
    ``CMakeCache.txt``, ``robots.txt``, ``PKG-INFO`` and whatever lies in
    ``*.egg-info``, ``*.dist-info`` or ``site-packages`` folders.
``respect-gitignore`` (default ``true``)
    Skip files that git ignores when searching a folder of a git work tree.
    Outside a git work tree ``.gitignore`` files are not read.

A symbolic link is followed only when its target lies inside the folders
named (for a file found in them) or the project root (for a file named), and
the target's name has one of the ``types``; other links are skipped with a
note. ``-`` is standard input, except with ``--fix`` or ``--no-stdin`` (the
pre-commit hooks pass it), where it is a file named ``-``.

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
from collections import deque
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .. import config as config_mod
from .. import errors, fileio, limits
from ..api import analyze
from ..config import Config
from ..model import Result
from ..normalize import fix_unicode, normalize, normalize_line
from ..progress import Progress
from ..sniff import looks_like_html
from ._common import add_config_arguments, add_run_arguments, config_from_args, run_ordered
from ._files import (  # noqa: F401 - re-exported: the selection is documented here
    DEFAULT_EXCLUDE,
    DEFAULT_TYPES,
    HTML_TYPES,
    JSON_TYPES,
    SKIP_DIRS,
    Glob,
    Selection,
    iter_files,
)

NAME = "check"
HELP = "exit 1 if cleaning would change a file (for pre-commit and CI); --fix rewrites it"
ORDER = 30

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
        "-v",
        "--verbose",
        action="store_true",
        help="also name the configuration file, unchanged and skipped files",
    )
    parser.add_argument(
        "--no-stdin",
        action="store_true",
        help="'-' names a file called '-', not standard input (the pre-commit hooks pass this)",
    )
    add_run_arguments(parser)
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
    select.add_argument(
        "--default-exclude",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip well-known names that are not scraped text (LICENSE*, requirements*.txt, ...)",
    )
    select.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip files that git ignores when searching folders (default: yes)",
    )
    add_config_arguments(parser)


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
    config: str = "defaults"
    bar: Progress | None = None

    def note(self, message: str, *, always: bool = False, detail: bool = False) -> None:
        if always or (not self.quiet and (self.verbose or not detail)):
            sys.stdout.flush()
            if self.bar is not None and self.bar.enabled:
                self.bar.write(message)
                return
            self.stderr.write(message + "\n")
            self.stderr.flush()

    def aside(self) -> AbstractContextManager[None]:
        """Keep the progress bar out of the way of what goes to standard output."""
        return self.bar.aside() if self.bar is not None else nullcontext()

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
            parts.append(f"{self.skipped} skipped")
        return ", ".join(parts) + f" (config: {self.config})"


def _segments_are_lines_of(result: Result, normalized: str) -> bool:
    """Whether the cleaned segments are lines of ``normalized`` (not extracted HTML)."""
    lines = normalized.split("\n")
    return all(
        0 < s.line_no <= len(lines) and lines[s.line_no - 1] == s.text for s in result.segments
    )


def _project(args: argparse.Namespace) -> tuple[Path | None, Path]:
    """The pyproject.toml in use (if any) and the project root for globs: its
    folder, else the repository root, else the current folder."""
    if args.no_config:
        return None, config_mod.find_root() or Path.cwd()
    if args.config is not None:
        return args.config, args.config.resolve().parent
    found = config_mod.find_pyproject()
    return found, found.parent if found else (config_mod.find_root() or Path.cwd())


display = fileio.display  # a file name as it can be printed (``ls``'s quoting); kept here too


@dataclass(frozen=True)
class Checked:
    """What cleaning one file would do, worked out apart from the run (in a
    worker process with ``-j``): the bytes ``--fix`` would write (``None``: the
    file would not change), what changes, the diff and the ``--explain`` lines;
    or a note saying why the file is skipped."""

    new: bytes | None = None
    what: str = ""
    diff: str = ""
    explained: tuple[str, ...] = ()
    skipped: str | None = None


@dataclass(frozen=True)
class _Failed:
    """An internal error while a file was examined (a bug: please report it)."""

    error: str


def examine(
    config: Config,
    current: fileio.TextFile,
    name: str,
    *,
    diff: bool = False,
    explain: bool = False,
) -> Checked:
    """What ``check`` finds in one file read as ``current`` and shown as ``name``.
    A file past ``cleaner.limits`` is an ``InputError``."""
    limits.check_text(current.text, name)
    if config.html is not False and looks_like_html(current.text):
        return Checked(skipped=errors.CHECK_HTML_FILE.format(path=name))
    result = analyze(current.text, config=config.with_options(html=False))
    new = current.encode(result.text)
    if new == current.raw:
        return Checked()
    shown_diff = ""
    if diff:
        new_text = new.decode("utf-8-sig")
        shown_diff = unified_diff(current.text, new_text, name.replace(os.sep, "/"))
    removed = result.removed
    normalized = normalize(current.text, config)
    lines_of_file = _segments_are_lines_of(result, normalized)
    explained: list[str] = []
    if explain and removed:
        # Line numbers of the file itself; for text extracted from HTML, the
        # removed lines are not lines of the file: their numbers are those of
        # the extracted text.
        numbers = original_line_numbers(current.text, config, normalized) if lines_of_file else []
        for r in removed:
            line = numbers[r.line_no - 1] if 0 < r.line_no <= len(numbers) else r.line_no
            explained.append(f"{name}:{line}: {r.code} {r.name}: {r.reason}\n")
    if removed:
        what = f"{len(removed)} line{'' if len(removed) == 1 else 's'} removed"
    elif lines_of_file:
        what = "layout and white space only"
    else:
        what = "text extracted"
    return Checked(new, what, shown_diff, tuple(explained))


def _examine_one(state: tuple[Config, bool, bool], item: tuple[str, Any]) -> Any:
    """``examine`` for one item of ``run``'s stream (in a worker with ``-j``): a
    file read, or what stands for it (a skip note, an error) passed on as it is."""
    config, diff, explain = state
    name, got = item
    if not isinstance(got, fileio.TextFile):
        return got
    try:
        return examine(config, got, name, diff=diff, explain=explain)
    except errors.InputError as exc:
        return exc
    except Exception as exc:  # one bad file must not stop the rest
        return _Failed(errors.describe(exc))


def _read(path: str, args: argparse.Namespace) -> tuple[str, fileio.TextFile]:
    if path == "-" and args.stdin:
        name = "<stdin>"
        return name, fileio.TextFile.parse(fileio.read_bytes("-"), name)
    return display(path), fileio.load(path)


def _fix(path: str, current: fileio.TextFile, new: bytes) -> None:
    """Rewrite ``path`` with ``new`` (atomically; an error leaves it untouched)."""
    if not os.access(path, os.W_OK):
        raise errors.InputError(errors.NOT_WRITABLE.format(path=display(path)))
    try:
        fileio.atomic_write(path, new, expect=current.stat)
    except errors.OutputError as exc:
        raise errors.InputError(f"{exc}; left untouched") from None
    except OSError as exc:
        raise errors.InputError(
            errors.CANNOT_WRITE.format(path=display(path), error=exc.strerror or exc)
        ) from None


def _record(
    path: str,
    name: str,
    current: fileio.TextFile,
    checked: Checked,
    args: argparse.Namespace,
    out: TextIO,
    report: Report,
) -> None:
    """Write what ``examine`` found (diff, removed lines), fix the file if
    asked, and count it."""
    if checked.skipped is not None:
        report.skipped += 1
        report.note(checked.skipped)
        return
    if checked.new is None:
        report.unchanged += 1
        report.note(f"unchanged {name}", detail=True)
        return
    with report.aside():
        out.write(checked.diff)
        out.write("".join(checked.explained))
    if args.fix:
        _fix(path, current, checked.new)
        report.changed += 1
        report.note(f"cleaned {name} ({checked.what})")
    else:
        report.changed += 1
        report.note(f"would clean {name} ({checked.what})")
    out.flush()


def _shown_path(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it, else absolute."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute)
    return absolute if rel.startswith("..") else rel


def selection_from_args(args: argparse.Namespace, config: Config, **kwargs) -> Selection:
    """The file selection: ``[tool.cleaner]``, with the command line over it."""
    pyproject, root = _project(args)
    where = f"{pyproject} [tool.cleaner]" if pyproject else "[tool.cleaner]"
    return Selection.build(
        config.extra,
        root,
        where,
        include=getattr(args, "include", None),
        exclude=getattr(args, "exclude", None),
        types=getattr(args, "types", None),
        default_exclude=getattr(args, "default_exclude", None),
        respect_gitignore=getattr(args, "respect_gitignore", None),
        **kwargs,
    )


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    pyproject, _ = _project(args)
    selection = selection_from_args(args, config, refused_types=HTML_TYPES)
    args.stdin = not (args.fix or args.no_stdin)
    found = list(iter_files(args.paths, selection, stdin=args.stdin))
    bar = Progress(args.progress, sum(s is None for _, s in found), desc="check", unit="file")
    report = Report(fix=args.fix, quiet=args.quiet, verbose=args.verbose, bar=bar)
    report.config = display(_shown_path(pyproject)) if pyproject else "defaults"
    report.note(f"config: {report.config}", detail=True)
    out = sys.stdout
    read: deque[fileio.TextFile | None] = deque()  # read, not yet recorded (a few with -j)

    def items() -> Iterator[tuple[str, Any]]:
        """Each file read (or why not), in order, for ``_examine_one``."""
        for path, skipped in found:
            if skipped is not None:
                got: Any = ("skip", skipped)
            elif path == "-" and args.fix and not os.path.lexists(path):
                got = errors.InputError(errors.FIX_STDIN)
            else:
                try:
                    path, got = _read(path, args)
                except errors.InputError as exc:
                    got = exc
            read.append(got if isinstance(got, fileio.TextFile) else None)
            yield path, got

    paths = iter(found)
    state = (config, args.diff, args.explain)
    try:
        for got in run_ordered(_examine_one, state, items(), args.jobs):
            path, skipped = next(paths)
            current = read.popleft()
            if isinstance(got, tuple) and got[:1] == ("skip",):
                report.skipped += 1
                if skipped.startswith("skipped "):  # a link out of the tree: always said
                    report.note(skipped)
                else:
                    report.note(f"skipped {display(path)} ({skipped})", detail=True)
                continue
            if isinstance(got, errors.InputError):
                report.error(str(got))
            elif isinstance(got, _Failed):
                report.internal += 1
                message = errors.INTERNAL.format(error=got.error)
                report.note(f"cleaner: {display(path)}: {message}", always=True)
            else:
                name = "<stdin>" if path == "-" and args.stdin else display(path)
                try:
                    _record(path, name, current, got, args, out, report)
                except errors.InputError as exc:
                    report.error(str(exc))
            bar.step(failed=isinstance(got, (errors.InputError, _Failed)))
    finally:
        bar.close()
    out.flush()
    report.note(report.summary())
    return report.exit_code
