"""Which files a command looks at: ``types``, ``include``/``exclude`` globs,
well-known names that are not corpus text, ``.gitignore``, and links.

Shared by ``check`` (folders and files named by pre-commit) and by ``clean``,
``explain`` and ``learn`` (folders named on their command line). The options
and their defaults are documented in ``cleaner.commands.check``.

Globs are matched in time linear in the path for a given glob (no regular
expressions, no backtracking over runs of ``*``): one pass over the name per
position a ``*`` may resume from, as in the classic wildcard matcher.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import errors, fileio

#: File types checked when ``types`` is not configured.
DEFAULT_TYPES: tuple[str, ...] = ("txt",)
#: Types that are JSON, never plain text: refused in ``types``.
JSON_TYPES = frozenset({"json", "jsonl", "ndjson"})
#: Types that are HTML: refused in ``check``'s ``types`` (it would extract them).
HTML_TYPES = frozenset({"html", "htm", "xhtml", "shtml"})
#: Folders never entered while searching (besides every hidden folder).
SKIP_DIRS = frozenset({"node_modules", "__pycache__"})
#: Well-known names that are not scraped text (case does not matter), skipped
#: unless ``default-exclude = false``: a glob without ``/`` matches any path
#: component, so ``*.egg-info`` skips everything in such a folder.
DEFAULT_EXCLUDE: tuple[str, ...] = (
    "requirements*.txt",
    "constraints*.txt",
    "LICENSE*",
    "LICENCE*",
    "COPYING*",
    "NOTICE*",
    "AUTHORS*",
    "CONTRIBUTORS*",
    "CHANGELOG*",
    "CHANGES*",
    "README*",
    "CMakeLists.txt",
    "CMakeCache.txt",
    "robots.txt",
    "PKG-INFO",
    "*.egg-info",
    "*.dist-info",
    "site-packages",
)

LINK_OUTSIDE = "skipped {path}: a link to {target}, outside {roots}"


# -- globs ---------------------------------------------------------------------------


class _Star:
    """A ``*`` (any run of characters) or ``**`` (any run of folders)."""

    def __repr__(self) -> str:
        return "*"


_STAR = _Star()


@dataclass(frozen=True)
class _Class:
    """A ``[...]`` set: characters and ranges, maybe negated."""

    chars: frozenset[str]
    ranges: tuple[tuple[str, str], ...]
    negated: bool

    def __call__(self, c: str) -> bool:
        hit = c in self.chars or any(a <= c <= b for a, b in self.ranges)
        return hit != self.negated


def _tokens(part: str) -> tuple[Any, ...]:
    """One path component of a glob as tokens: a character, ``"?"`` (any one),
    ``_STAR`` or a ``_Class``. Runs of ``*`` are one star."""
    out: list[Any] = []
    i = 0
    while i < len(part):
        c = part[i]
        if c == "*":
            if not out or out[-1] is not _STAR:
                out.append(_STAR)
        elif c == "?":
            out.append(_Any)
        elif (
            c == "["
            and (end := part.find("]", i + 2 if part[i + 1 : i + 2] in ("!", "^") else i + 1)) > i
        ):
            body = part[i + 1 : end]
            negated = body[:1] in ("!", "^")
            if negated:
                body = body[1:]
            chars, ranges, k = set(), [], 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    ranges.append((body[k], body[k + 2]))
                    k += 3
                else:
                    chars.add(body[k])
                    k += 1
            out.append(_Class(frozenset(chars), tuple(ranges), negated))
            i = end
        else:
            out.append(c)
        i += 1
    return tuple(out)


class _AnyChar:
    def __call__(self, c: str) -> bool:
        return True


_Any = _AnyChar()


def _wildcard(tokens: Sequence[Any], items: Sequence[Any], same) -> bool:
    """Whether ``items`` match ``tokens`` (``_STAR``: any run of items). Linear for
    given tokens: on a mismatch only the last star is resumed, one item further."""
    t = i = 0
    star, resume = -1, 0
    n, m = len(items), len(tokens)
    while i < n:
        if t < m and tokens[t] is _STAR:
            star, resume = t, i
            t += 1
        elif t < m and same(tokens[t], items[i]):
            t += 1
            i += 1
        elif star >= 0:
            resume += 1
            t, i = star + 1, resume
        else:
            return False
    while t < m and tokens[t] is _STAR:
        t += 1
    return t == m


def _same_char(token: Any, c: str) -> bool:
    return token == c if isinstance(token, str) else token(c)


def match_component(tokens: Sequence[Any], name: str) -> bool:
    """Whether one path component matches a glob component's tokens.

    >>> match_component(_tokens("*a*a*a*a*a*a*a*a*b"), "a" * 48)
    False
    >>> match_component(_tokens("[!.]*.tx?"), "a.txt"), match_component(_tokens("[a-c]x"), "dx")
    (True, False)
    """
    return _wildcard(tokens, name, _same_char)


def _same_part(token: Any, part: str) -> bool:
    return match_component(token, part)


@dataclass(frozen=True)
class Glob:
    """One include/exclude glob; see ``cleaner.commands.check`` for its meaning.

    >>> Glob.of("drafts").matches("corpus/drafts/a.txt")
    True
    >>> Glob.of("corpus/raw/").matches("corpus/raw/2024/a.txt"), Glob.of("/raw").matches("x/raw/a")
    (True, False)
    >>> Glob.of("corpus/**/*.txt").matches("corpus/a/b/x.txt"), Glob.of("corpus/*.txt").matches("corpus/a/x.txt")
    (True, False)
    >>> Glob.of("corpus/**").matches("corpus"), Glob.of("corpus/**").matches("corpus/x")
    (False, True)
    """

    text: str
    anchored: bool
    parts: tuple[Any, ...] = field(compare=False)
    fold_case: bool = False

    @classmethod
    def of(cls, text: str, *, fold_case: bool = False) -> Glob:
        body = text.strip()
        leading_slash = body.startswith("/")
        while body.startswith("./"):
            body = body[2:]
        body = body.strip("/")
        if fold_case:
            body = body.casefold()
        anchored = leading_slash or "/" in body
        pieces = body.split("/")
        parts: list[Any] = []
        for k, piece in enumerate(pieces):
            if piece == "**":
                if k == len(pieces) - 1:
                    parts.append((_STAR,))  # a trailing ** needs at least one component
                if not parts or parts[-1] is not _STAR:
                    parts.append(_STAR)
            else:
                parts.append(_tokens(piece))
        if anchored and (not parts or parts[-1] is not _STAR):
            parts.append(_STAR)  # the path or anything below it
        return cls(text, anchored, tuple(parts), fold_case)

    def matches(self, rel: str) -> bool:
        if self.fold_case:
            rel = rel.casefold()
        names = rel.split("/")
        if not self.anchored:
            tokens = self.parts[0] if self.parts else ()
            return any(match_component(tokens, name) for name in names)
        return _wildcard(self.parts, names, _same_part)


_DEFAULT_GLOBS = tuple(Glob.of(g, fold_case=True) for g in DEFAULT_EXCLUDE)


# -- selection -------------------------------------------------------------------------


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise errors.ConfigError(
            errors.BAD_TYPE.format(key=key, where=where, expected="a list of strings", got=value)
        )
    return tuple(value)


def _flag(value: Any, key: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise errors.ConfigError(
            errors.BAD_TYPE.format(key=key, where=where, expected="true or false", got=value)
        )
    return value


def _types(value: Any, where: str, refused: frozenset[str]) -> tuple[str, ...]:
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
        if t in refused:
            raise errors.ConfigError(errors.CHECK_HTML_TYPE.format(where=where, got=t))
    return types


@dataclass(frozen=True)
class Selection:
    """Which files a command looks at: ``types``, ``include``, ``exclude``, the
    default excludes and ``.gitignore``.

    >>> s = Selection.build({"exclude": ["drafts"], "types": ["txt", ".MD"]}, Path("/p"))
    >>> s.wants("/p/corpus/a.md"), s.wants("/p/corpus/drafts/b.txt"), s.wants("/p/c.py")
    (True, False, False)
    >>> s.wants("/p/requirements-dev.txt"), s.wants("/p/x.egg-info/SOURCES.txt"), s.wants("/p/License.txt")
    (False, False, False)
    """

    root: Path
    types: tuple[str, ...] = DEFAULT_TYPES
    include: tuple[Glob, ...] = ()
    exclude: tuple[Glob, ...] = ()
    default_exclude: bool = True
    respect_gitignore: bool = True

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
        default_exclude: bool | None = None,
        respect_gitignore: bool | None = None,
        refused_types: frozenset[str] = frozenset(),
    ) -> Selection:
        """From ``Config.extra`` (``[tool.cleaner]``), command-line values replacing it."""
        cli = "the command line"
        inc = _strings(include, "include", cli) if include is not None else None
        exc = _strings(exclude, "exclude", cli) if exclude is not None else None
        if inc is None:
            inc = _strings(extra.get("include", ()), "include", where)
        if exc is None:
            exc = _strings(extra.get("exclude", ()), "exclude", where)
        if types is not None:
            kinds = _types([t for t in types.split(",") if t.strip()], cli, refused_types)
        elif "types" in extra:
            kinds = _types(extra["types"], where, refused_types)
        else:
            kinds = DEFAULT_TYPES
        if default_exclude is None:
            default_exclude = _flag(extra.get("default_exclude", True), "default-exclude", where)
        if respect_gitignore is None:
            respect_gitignore = _flag(
                extra.get("respect_gitignore", True), "respect-gitignore", where
            )
        return cls(
            root,
            kinds,
            tuple(Glob.of(g) for g in inc),
            tuple(Glob.of(g) for g in exc),
            default_exclude,
            respect_gitignore,
        )

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
        if self.default_exclude and any(g.matches(rel) for g in _DEFAULT_GLOBS):
            return True
        return any(g.matches(rel) for g in self.exclude)

    def typed(self, path: str | Path) -> bool:
        """Whether the name of ``path`` has one of the ``types``."""
        name = os.path.basename(path).lower()
        return "*" in self.types or any(name.endswith("." + t) for t in self.types)

    def wants(self, path: str | Path) -> bool:
        """Whether the file at ``path`` is looked at (its name and place only)."""
        if not self.typed(path):
            return False
        rel = self.relative(path)
        if self.include and not any(g.matches(rel) for g in self.include):
            return False
        return not self.excluded(path)


# -- .gitignore --------------------------------------------------------------------------


def git_visible(folder: str) -> tuple[set[str], set[str]] | None:
    """The files below ``folder`` that git does not ignore (tracked, or untracked
    and not ignored by ``.gitignore``, ``.git/info/exclude`` or the global
    excludes), and their folders, as normalized paths joined to ``folder``;
    ``None`` when ``folder`` is not in a git work tree (or git is missing)."""
    try:
        proc = subprocess.run(
            ["git", "-C", folder, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    files: set[str] = set()
    dirs: set[str] = {os.path.normpath(folder)}
    for raw in proc.stdout.split(b"\0"):
        if not raw:
            continue
        path = os.path.normpath(os.path.join(folder, os.fsdecode(raw)))
        files.add(path)
        parent = os.path.dirname(path)
        while parent not in dirs and parent:
            dirs.add(parent)
            parent = os.path.dirname(parent)
    return files, dirs


# -- walking -------------------------------------------------------------------------------


def _inside(target: str, roots: Sequence[str]) -> bool:
    return any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _leaves_tree(given: str, project: str) -> str | None:
    """Why a path named on the command line is not followed: written inside the
    project, it leads out of it through a link (to a file, or to a folder on
    the way, ``corpus/dirlink/secret.txt`` or ``corpus/dirlink`` itself)."""
    if not _inside(os.path.abspath(given), [project]):
        return None  # named outside the tree: taken as named
    target = os.path.realpath(given)
    if _inside(target, [project]):
        return None
    return LINK_OUTSIDE.format(
        path=fileio.display(given), target=fileio.display(target), roots=fileio.display(project)
    )


def iter_files(
    paths: Sequence[str],
    selection: Selection,
    *,
    stdin: bool = True,
    roots: Sequence[str] | None = None,
    in_tree: bool = True,
) -> Iterator[tuple[str, str | None]]:
    """``(path, why_skipped)`` for every file named or found below a named folder.

    ``why_skipped`` is ``None`` for a file to look at. Files found in folders
    are yielded only when wanted (or, for a link pointing outside the folders
    named, with a note saying so); a named file is yielded either way, so it
    can be counted as skipped. A named path that does not exist is yielded to
    be reported. ``-`` is standard input when ``stdin``, else a file named ``-``.
    A link is looked at only when its target lies inside the roots (any of the
    folders named, for files found in them; the project root, for files named) and
    the target's name passes ``types`` too. With ``in_tree`` a path named inside
    the project that leads out of it through a link to a folder is skipped as
    well (``check``, which may rewrite what it finds).
    """
    project = os.path.realpath(selection.root)
    if roots is None:
        roots = [
            os.path.realpath(p)
            for p in paths
            if p != "-" and os.path.isdir(p) and not (in_tree and _leaves_tree(p, project))
        ]
    for given in paths:
        if given == "-" and stdin:
            yield given, None
        elif in_tree and given != "-" and (note := _leaves_tree(given, project)):
            yield given, note
        elif os.path.isdir(given):
            visible = git_visible(given) if selection.respect_gitignore else None
            for folder, dirs, files in os.walk(given):
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".")
                    and d not in SKIP_DIRS
                    and not selection.excluded(os.path.join(folder, d))
                    and (visible is None or os.path.normpath(os.path.join(folder, d)) in visible[1])
                )
                for name in sorted(files):
                    path = os.path.normpath(os.path.join(folder, name))
                    if fileio.is_temp_name(name) or not selection.wants(path):
                        continue
                    if visible is not None and path not in visible[0]:
                        continue
                    yield path, _link_note(path, roots, selection)
        elif not os.path.lexists(given):
            yield given, None
        else:
            name = os.path.basename(given)
            if fileio.is_temp_name(name) or not selection.wants(given):
                yield given, "types/include/exclude"
            else:
                yield given, _link_note(given, [project], selection)


def _link_note(path: str, roots: Sequence[str], selection: Selection) -> str | None:
    """Why a link at ``path`` is not followed (``None``: not a link, or fine)."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    if not _inside(target, roots):
        return LINK_OUTSIDE.format(
            path=fileio.display(path),
            target=fileio.display(target),
            roots=", ".join(map(fileio.display, roots)),
        )
    if not selection.typed(target):
        return "types/include/exclude"
    return None


def expand(
    paths: Sequence[str], selection: Selection, *, stdin: bool = True
) -> Iterator[tuple[str, str | None]]:
    """``(path, note)`` for the inputs of ``clean``, ``explain`` and ``learn``: a
    file named is taken as it is (any name, a pipe, ``-``); a folder is searched
    as ``check`` searches it, and only the files it selects are yielded (with
    ``note`` set for a link skipped because it points outside the folder)."""
    roots = [os.path.realpath(p) for p in paths if p != "-" and os.path.isdir(p)]
    for given in paths:
        if given != "-" and os.path.isdir(given):
            yield from iter_files([given], selection, stdin=stdin, roots=roots, in_tree=False)
        else:
            yield given, None
