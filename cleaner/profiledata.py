"""A learned boilerplate profile as data: ``Profile``, its file format, and
how lines and sites are keyed (``line_hash``, ``site_key``).

How a profile is learned, and what its thresholds mean, is in
``cleaner.profile`` (``learn()``), which re-exports these names. This module
sits below ``cleaner.config``, which accepts a ``Profile`` as ``Config.profile``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from hashlib import blake2b, sha256
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import regex

from . import errors
from .fileio import atomic_write
from .limits import MAX_PROFILE_BYTES

#: Version of the profile file format; a file of another version is refused.
FORMAT = "cleaner-profile"
VERSION = 1
#: How lines are folded and hashed; part of the file, checked on load.
FOLD = "casefold+quotes+digits0+space"
HASH = "blake2b-64"
#: The corpus-wide entry: documents without a site (and plain text files).
CORPUS = "*"

# Messages users see (the library raises them as ConfigError).
PROFILE_UNREADABLE = "cannot read profile {path}: {error}"
PROFILE_CORRUPT = "{path}: not a valid cleaner profile ({error})"
PROFILE_VERSION = "{path}: profile version {got!r} is not supported (this cleaner reads {want})"
PROFILE_TYPE = "option 'profile' in {where} must be a path or a cleaner.Profile, got {got!r}"
SITE_TYPE = "option 'site' in {where} must be a string, got {got!r}"

_DIGITS_RE = regex.compile(r"\p{Nd}+")
_SPACE_RE = regex.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})


# -- keys -------------------------------------------------------------------


def site_key(value: str | None) -> str:
    """The site of a URL or host name: its host, lower-cased, without ``www.``.

    Empty or missing values give the corpus-wide entry ``"*"``.

    >>> site_key("https://WWW.Example.com:8080/news/1?x=2")
    'example.com'
    >>> site_key("blog.example.org/path")
    'blog.example.org'
    >>> site_key(None), site_key("  ")
    ('*', '*')
    """
    if value is None:
        return CORPUS
    value = value.strip()
    if not value or value == CORPUS:
        return CORPUS
    try:
        host = urlsplit(value if "//" in value else "//" + value).hostname
    except ValueError:
        host = None
    host = (host or value).lower().rstrip(".")
    return host[4:] if host.startswith("www.") and len(host) > 4 else host


def fold_line(line: str, *, numbers: bool = False) -> str:
    """A normalized line folded for counting: casefold, straight quotes,
    every run of digits ``0`` (unless ``numbers``: then they stay), white
    space folded to single spaces.

    >>> fold_line("  © 2024  The   “Daily” News ")
    '© 0 the "daily" news'
    """
    line = line.translate(_QUOTES).casefold()
    if not numbers:
        line = _DIGITS_RE.sub("0", line)
    return _SPACE_RE.sub(" ", line).strip()


def hash64(data: str) -> int:
    """The 64-bit blake2b hash of ``data`` (lines, documents, sketch keys)."""
    return int.from_bytes(blake2b(data.encode("utf-8"), digest_size=8).digest(), "big")


def line_hash(line: str) -> int:
    """The 64-bit blake2b hash of a line's fold; what a profile stores.

    >>> line_hash("Back to top") == line_hash("BACK  to TOP")
    True
    """
    return hash64(fold_line(line))


# -- the profile ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LearnedLine:
    """A line kept as boilerplate: its hash, in how many documents it was seen,
    and the text of one example (for explanations)."""

    hash: int
    count: int
    text: str


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """What was learned about one site: its document count and kept lines."""

    site: str
    documents: int
    lines: Mapping[int, LearnedLine]

    @property
    def label(self) -> str:
        return "the corpus" if self.site == CORPUS else self.site


class Profile:
    """Learned boilerplate per site; immutable, hashable and picklable.

    Build one with ``learn()`` or ``Profile.load(path)``; write it with
    ``save(path)``. Two profiles are equal when their content is.
    """

    __slots__ = ("_digest", "parameters", "sites", "summary")

    def __init__(
        self,
        sites: Mapping[str, SiteProfile],
        parameters: Mapping[str, Any] | None = None,
        summary: Mapping[str, Any] | None = None,
    ):
        self.sites: Mapping[str, SiteProfile] = MappingProxyType(
            {name: replace(s, lines=MappingProxyType(dict(s.lines))) for name, s in sites.items()}
        )
        self.parameters: Mapping[str, Any] = MappingProxyType(dict(parameters or {}))
        self.summary: Mapping[str, Any] = MappingProxyType(dict(summary or {}))
        self._digest: str | None = None

    @classmethod
    def _owned(
        cls, sites: dict[str, SiteProfile], parameters: dict[str, Any], summary: dict[str, Any]
    ) -> Profile:
        """A profile over mappings nobody else holds (no copies: a large profile
        is in memory once)."""
        self = object.__new__(cls)
        self.sites = MappingProxyType(sites)
        self.parameters = MappingProxyType(parameters)
        self.summary = MappingProxyType(summary)
        self._digest = None
        return self

    @property
    def digest(self) -> str:
        """SHA-256 of the content (worked out once, site by site, when first needed)."""
        if self._digest is None:
            h = sha256()
            head = {"parameters": dict(self.parameters), "summary": dict(self.summary)}
            h.update(json.dumps(head, sort_keys=True, ensure_ascii=False).encode("utf-8"))
            for name in sorted(self.sites):
                site = {name: self._site_dict(self.sites[name])}
                h.update(json.dumps(site, sort_keys=True, ensure_ascii=False).encode("utf-8"))
            self._digest = h.hexdigest()
        return self._digest

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Profile) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        lines = sum(len(s.lines) for s in self.sites.values())
        return f"<Profile: {lines} lines for {len(self.sites)} sites>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Profile.from_dict, (self.to_dict(),))

    @property
    def line_count(self) -> int:
        return sum(len(s.lines) for s in self.sites.values())

    def entry(self, site: str | None) -> SiteProfile | None:
        """The entry used for a document of ``site``: its own, else ``"*"``.

        >>> from cleaner.profile import learn
        >>> p = learn([("a.com", "x\\nFooter"), ("a.com", "y\\nFooter"), ("a.com", "z\\nFooter")])
        >>> p.entry("https://www.a.com/").site, p.entry("b.com")
        ('a.com', None)
        """
        key = site_key(site)
        found = self.sites.get(key)
        if found is None and key != CORPUS:
            found = self.sites.get(CORPUS)
        return found

    def lookup(self, site: str | None, line: str) -> tuple[SiteProfile, LearnedLine] | None:
        """The site entry and learned line matching ``line``, or ``None``."""
        entry = self.entry(site)
        if entry is None or not entry.lines:
            return None
        found = entry.lines.get(line_hash(line))
        return (entry, found) if found else None

    # -- files --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "parameters": dict(self.parameters),
            "summary": dict(self.summary),
            "sites": {name: self._site_dict(entry) for name, entry in sorted(self.sites.items())},
        }

    @staticmethod
    def _site_dict(entry: SiteProfile) -> dict[str, Any]:
        return {
            "documents": entry.documents,
            "lines": [
                {"hash": f"{x.hash:016x}", "count": x.count, "text": x.text}
                for x in sorted(entry.lines.values(), key=lambda x: (-x.count, x.text))
            ],
        }

    @classmethod
    def from_dict(cls, data: Any, name: str = "profile") -> Profile:
        """Rebuild a profile from ``to_dict()`` output; ``ConfigError`` if malformed."""

        def bad(why: str) -> errors.ConfigError:
            return errors.ConfigError(PROFILE_CORRUPT.format(path=name, error=why))

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise bad(f"no 'format': {FORMAT!r} object")
        if data.get("version") != VERSION:
            raise errors.ConfigError(
                PROFILE_VERSION.format(path=name, got=data.get("version"), want=VERSION)
            )
        parameters = data.get("parameters", {})
        if not isinstance(parameters, dict):
            raise bad("'parameters' is not an object")
        if parameters.get("fold", FOLD) != FOLD or parameters.get("hash", HASH) != HASH:
            raise bad("it was made with another line fold or hash")
        raw_sites = data.get("sites")
        if not isinstance(raw_sites, dict):
            raise bad("'sites' is not an object")
        sites = {}
        for site, raw in raw_sites.items():
            try:
                documents = raw["documents"]
                lines = {}
                for item in raw["lines"]:
                    h = int(item["hash"], 16)
                    count, text = item["count"], item["text"]
                    if not (
                        isinstance(count, int)
                        and isinstance(text, str)
                        and isinstance(documents, int)
                        and 0 <= h < 1 << 64
                    ):
                        raise TypeError("wrong type")
                    if line_hash(text) != h:
                        # A hash is what removes lines: one that is not its text's
                        # hash would remove some other line, unseen in the file.
                        raise ValueError(f"hash {item['hash']} is not the hash of {text!r}")
                    lines[h] = LearnedLine(h, count, text)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise bad(f"site {site!r}: {type(exc).__name__}: {exc}") from None
            sites[site] = SiteProfile(site, documents, MappingProxyType(lines))
        summary = data.get("summary", {})
        return cls._owned(
            sites, dict(parameters), dict(summary) if isinstance(summary, dict) else {}
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Profile:
        """Read a profile file; a missing, unreadable, corrupt or too large file
        (over ``limits.MAX_PROFILE_BYTES``) is a ``ConfigError``."""
        try:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_PROFILE_BYTES + 1)
        except OSError as exc:
            raise errors.ConfigError(PROFILE_UNREADABLE.format(path=path, error=exc)) from None
        if len(raw) > MAX_PROFILE_BYTES:
            error = f"more than {MAX_PROFILE_BYTES:,} bytes (see README, Bounds)"
            raise errors.ConfigError(PROFILE_UNREADABLE.format(path=path, error=error))
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise errors.ConfigError(PROFILE_UNREADABLE.format(path=path, error=exc)) from None
        except RecursionError:
            raise errors.ConfigError(
                PROFILE_CORRUPT.format(path=path, error="nested too deeply")
            ) from None
        except ValueError as exc:
            raise errors.ConfigError(PROFILE_CORRUPT.format(path=path, error=exc)) from None
        del raw
        return cls.from_dict(data, str(path))

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the profile as JSON atomically: a temporary file in the same
        folder, then a rename, so readers never see half a profile."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"
        atomic_write(path, text.encode("utf-8"))


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Profile:
    del mtime_ns, size  # part of the cache key only: a changed file is read again
    return Profile.load(path)


def get_profile(value: str | os.PathLike[str] | Profile) -> Profile:
    """A ``Profile`` as such, or the one at a path, read once per path (and again
    only when the file changes)."""
    if isinstance(value, Profile):
        return value
    path = os.fspath(value)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise errors.ConfigError(PROFILE_UNREADABLE.format(path=path, error=exc)) from None
    return _load_cached(os.path.abspath(path), st.st_mtime_ns, st.st_size)
