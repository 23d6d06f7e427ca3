"""One immutable configuration object, with its defaults documented here.

Options (all keyword-only; the same names are used in ``[tool.cleaner]``):

``select`` (default: all default passes)
    Pass codes (or prefixes such as ``CL1``) to run. Empty means every pass that
    is on by default.
``ignore`` (default: none)
    Pass codes (or prefixes) never to run. Wins over ``select``.
``fix_unicode`` (default ``True``)
    Repair mojibake and other Unicode damage with ftfy.
``straighten_quotes`` (default ``False``)
    Turn curly quotes into straight ones. Curly quotes are kept by default.
``paragraphs`` (default ``"lines"``)
    ``"lines"``: every kept line is a paragraph, separated by one blank line.
    ``"keep"``: keep single line breaks as in the input; runs of blank lines
    become one.
``bullet`` (default ``"-"``)
    What list bullets (``•``, ``●``, ``▪``, ``*`` ...) at a line's start become
    (one space follows it). An empty string keeps each bullet glyph as it is.
    Anything else must be punctuation, symbols and digits (``"*"``, ``"–"``,
    ``"1."``), without letters, spaces, line breaks or compatibility forms
    (``"－"``): normalization would rewrite those, and a second clean would read
    the line differently (``bullet_ok``).
``remove_patterns`` (default none)
    Extra regular expressions; a line that one of them matches in full is
    removed (code CL199). Compiled with a time limit, see ``pattern_timeout``.
``pattern_timeout`` (default ``1.0``)
    Seconds (approximate) one user pattern may spend on one line before it
    counts as no match; it is then not tried on the rest of that document, and
    ``Result.meta["warning"]`` says so.
``min_body_words`` (default ``12``)
    How many words a line needs to count as a prose paragraph that may start
    the article body (head heuristics).
``html`` (default ``"auto"``)
    Whether input is an HTML page whose main text trafilatura extracts before
    the passes run (``cleaner.html``): ``true``, ``false``, or ``"auto"`` to
    decide by content (a leading ``<!doctype html>``/``<html>``/``<head>``/
    ``<body>``, or a high density of tags).
``page_type`` (default ``"auto"``)
    What kind of page the text is: ``"auto"`` recognises it from the text (or,
    for HTML, from the page), or one of WCXB's seven types ``article``,
    ``forum``, ``product``, ``collection``, ``listing``, ``documentation``,
    ``service``. The type decides which passes apply: article heuristics (head
    and tail cuts, comment sections, the body run) stand down on the others.
``models`` (default ``None``)
    A folder of fitted models (``page_type.json``, ``lexicon.json``,
    ``body_model.json``, as ``benchmarks/fit.py`` writes them) to use instead of
    the ones shipped in ``cleaner/data``: a refit on your own corpus, or the
    per-fold models of a cross-validation.
``profile`` (default ``None``)
    A boilerplate profile made by ``cleaner learn`` (a path, or a
    ``cleaner.Profile``); its lines are removed (code CL701). A file is read
    once per path. In ``[tool.cleaner]`` a relative path is relative to the
    ``pyproject.toml``.
``site`` (default ``None``)
    The site (URL or host) of the document being cleaned, to pick its entry
    in ``profile``; ``None`` uses the profile's corpus-wide entry.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import regex

from . import errors
from .catalogue import resolve
from .profiledata import PROFILE_TYPE, SITE_TYPE, Profile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PARAGRAPH_MODES = ("lines", "keep")
#: WCXB's seven page types; ``Config.page_type`` is one of them or ``"auto"``.
PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
HTML_MODES = ("auto", True, False)


@dataclass(frozen=True)
class Config:
    """Immutable cleaning options; see the module docstring for each default."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix_unicode: bool = True
    straighten_quotes: bool = False
    paragraphs: str = "lines"
    bullet: str = "-"
    remove_patterns: tuple[str, ...] = ()
    pattern_timeout: float = 1.0
    min_body_words: int = 12
    profile: Any = None
    site: str | None = None
    html: bool | str = "auto"
    page_type: str = "auto"
    models: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if isinstance(self.profile, os.PathLike):
            object.__setattr__(self, "profile", os.fspath(self.profile))
        if isinstance(self.models, os.PathLike):
            object.__setattr__(self, "models", os.fspath(self.models))
        self.validate("options")

    # -- validation ---------------------------------------------------------
    def validate(self, where: str) -> None:
        for key in ("select", "ignore"):
            for code in getattr(self, key):
                if not isinstance(code, str) or resolve(code) is None:
                    raise errors.ConfigError(errors.UNKNOWN_CODE.format(code=code, where=where))
        if self.paragraphs not in PARAGRAPH_MODES:
            raise errors.ConfigError(
                errors.BAD_CHOICE.format(
                    key="paragraphs", where=where, choices=PARAGRAPH_MODES, got=self.paragraphs
                )
            )
        if not 0 < self.pattern_timeout <= 60:
            raise errors.ConfigError(
                errors.BAD_RANGE.format(
                    key="pattern_timeout", where=where, low=0, high=60, got=self.pattern_timeout
                )
            )
        if not 1 <= self.min_body_words <= 200:
            raise errors.ConfigError(
                errors.BAD_RANGE.format(
                    key="min_body_words", where=where, low=1, high=200, got=self.min_body_words
                )
            )
        if not (self.html == "auto" or isinstance(self.html, bool)):
            raise errors.ConfigError(
                errors.BAD_CHOICE.format(key="html", where=where, choices=HTML_MODES, got=self.html)
            )
        if self.page_type != "auto" and self.page_type not in PAGE_TYPES:
            raise errors.ConfigError(
                errors.BAD_CHOICE.format(
                    key="page_type", where=where, choices=("auto", *PAGE_TYPES), got=self.page_type
                )
            )
        if self.models is not None and not isinstance(self.models, str):
            raise errors.ConfigError(
                errors.BAD_TYPE.format(
                    key="models", where=where, expected="a folder path", got=self.models
                )
            )
        if self.profile is not None and not isinstance(self.profile, (str, Profile)):
            raise errors.ConfigError(PROFILE_TYPE.format(where=where, got=self.profile))
        if not isinstance(self.bullet, str):
            raise errors.ConfigError(
                errors.BAD_TYPE.format(
                    key="bullet", where=where, expected="a string", got=self.bullet
                )
            )
        if not bullet_ok(self.bullet):
            raise errors.ConfigError(errors.BAD_BULLET.format(where=where, got=self.bullet))
        if self.site is not None and not isinstance(self.site, str):
            raise errors.ConfigError(SITE_TYPE.format(where=where, got=self.site))
        for pattern in self.remove_patterns:
            try:
                regex.compile(pattern)
            except (regex.error, TypeError) as exc:
                raise errors.ConfigError(
                    errors.BAD_REGEX.format(pattern=pattern, where=where, error=exc)
                ) from None

    # -- selection ----------------------------------------------------------
    def enabled(self, code: str, default: bool = True) -> bool:
        """Whether the pass ``code`` runs under this configuration.

        >>> Config(ignore=("CL101",)).enabled("CL101")
        False
        >>> Config(select=("CL1",)).enabled("CL203")
        False
        """

        def hit(codes: tuple[str, ...]) -> bool:
            return any(code.startswith(resolve(c) or c) for c in codes)

        if hit(self.ignore):
            return False
        if self.select:
            return hit(self.select)
        return default

    def with_options(self, **options: Any) -> Config:
        """A copy with ``options`` changed (validated like the constructor)."""
        return from_mapping(options, where="options", base=self)


def bullet_ok(bullet: str) -> bool:
    """Whether cleaning stays idempotent with ``bullet``: empty, or punctuation,
    symbols and digits only, each in its own compatibility form. Letters (``"•Ã"``
    reads as a bullet before a capital), white space (``"- "`` comes out as
    ``"-  item"``, which the next clean folds), line breaks and controls would be
    rewritten by the next clean; so would a fullwidth ``"－"`` (NFKC).

    >>> [bullet_ok(b) for b in ("-", "", "•", "*", "–", "1.", ">>")]
    [True, True, True, True, True, True, True]
    >>> [bullet_ok(b) for b in ("- ", "\\n", "-\\r", "＊", "o", "\\u00a0", "\\u200b")]
    [False, False, False, False, False, False, False]
    """
    return (
        all(unicodedata.category(c)[0] in "PSN" for c in bullet)
        and unicodedata.normalize("NFKC", bullet) == bullet
    )


def _coerce(key: str, value: Any, default: Any, where: str) -> Any:
    if key == "html":
        return value  # "auto" | true | false, checked by Config.validate
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise errors.ConfigError(
                errors.BAD_TYPE.format(key=key, where=where, expected="true or false", got=value)
            )
        return value
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = (value,) if key == "remove_patterns" else tuple(value.replace(",", " ").split())
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise errors.ConfigError(
                errors.BAD_TYPE.format(
                    key=key, where=where, expected="a list of strings", got=value
                )
            )
        return tuple(value)
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise errors.ConfigError(
                errors.BAD_TYPE.format(key=key, where=where, expected="a number", got=value)
            )
        return float(value)
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise errors.ConfigError(
                errors.BAD_TYPE.format(key=key, where=where, expected="a whole number", got=value)
            )
        return value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise errors.ConfigError(
                errors.BAD_TYPE.format(key=key, where=where, expected="a string", got=value)
            )
        return value
    return value


def from_mapping(
    options: Mapping[str, Any], where: str = "options", base: Config | None = None
) -> Config:
    """Build a ``Config`` from a mapping (``[tool.cleaner]`` or keyword options).

    Keys may use dashes or underscores. Unknown keys are an error, except those
    listed in ``extra`` by later features, which are kept in ``Config.extra``.

    >>> from_mapping({"ignore": ["CL101"], "straighten-quotes": True}).straighten_quotes
    True
    """
    base = base or Config()
    known = {f.name: f for f in fields(Config) if f.name != "extra"}
    changes: dict[str, Any] = {}
    extra = dict(base.extra)
    for raw_key, value in options.items():
        key = raw_key.replace("-", "_")
        if key in known:
            changes[key] = _coerce(key, value, getattr(Config(), key), where)
        elif key in EXTRA_KEYS:
            extra[key] = value
        else:
            raise errors.ConfigError(
                errors.UNKNOWN_OPTION.format(
                    key=raw_key, where=where, known=", ".join(sorted([*known, *EXTRA_KEYS]))
                )
            )
    try:
        return replace(base, **changes, extra=extra)
    except errors.ConfigError as exc:
        raise errors.ConfigError(str(exc).replace("in options", f"in {where}")) from None


#: Keys that other features read from ``[tool.cleaner]`` (file selection etc.).
#: ``include``, ``exclude``, ``types``, ``default-exclude``, ``respect-gitignore``:
#: which files ``cleaner check`` looks at;
#: validated and documented (defaults too) in ``cleaner.commands.check``.
EXTRA_KEYS: frozenset[str] = frozenset(
    {"include", "exclude", "types", "default_exclude", "respect_gitignore"}
)


#: What marks the root of a repository: the search for ``pyproject.toml`` stops there.
ROOT_MARKERS = (".git", ".hg")


def find_root(start: Path | None = None) -> Path | None:
    """The repository root at or above ``start`` (default: cwd): the nearest
    folder holding ``.git`` (a folder, or a file in a work tree) or ``.hg``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return None


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` (default: cwd), but
    never above the repository root (a folder holding ``.git`` or ``.hg``), as
    ruff and black do: a ``pyproject.toml`` outside the repository is not its
    configuration."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return None
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    """The TOML document at ``path``, at most ``limits.MAX_CONFIG_BYTES``; any
    problem (unreadable, too large, not UTF-8, not TOML, nested too deeply) is
    a ``ConfigError``."""
    from .limits import MAX_CONFIG_BYTES

    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ValueError(f"more than {MAX_CONFIG_BYTES:,} bytes; not a configuration file")
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        error: object = f"not valid UTF-8 (byte {exc.start})"
    except RecursionError:
        error = "nested too deeply"
    except (OSError, ValueError) as exc:  # TOMLDecodeError is a ValueError
        error = exc
    raise errors.ConfigError(errors.BAD_TOML.format(path=path, error=error))


def load(path: Path | None = None, *, search: bool = True) -> Config:
    """Read ``[tool.cleaner]`` from ``path`` (or the nearest pyproject.toml).

    A missing file or table gives the defaults; a broken one is a ``ConfigError``.
    """
    if path is None and search:
        path = find_pyproject()
    if path is None:
        return Config()
    data = _read_toml(path)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise errors.ConfigError(errors.BAD_TOML.format(path=path, error="[tool] is not a table"))
    table = tool.get("cleaner", {})
    if not isinstance(table, dict):
        raise errors.ConfigError(
            errors.BAD_TOML.format(path=path, error="[tool.cleaner] is not a table")
        )
    for key in ("profile", "models"):
        value = table.get(key)
        if isinstance(value, str) and value and not os.path.isabs(value):
            table = {**table, key: os.path.join(os.path.dirname(os.path.abspath(path)), value)}
    return from_mapping(table, where=f"{path} [tool.cleaner]")
