"""Cut a release: ``python scripts/release.py minor`` on an up-to-date, clean main.

One release is one annotated git tag ``vX.Y.Z`` (Semantic Versioning) on main,
which is what ``pre-commit autoupdate`` moves a user's ``rev:`` to (the newest
tag reachable from the default branch; the README's snippet names ``main``,
which works in a clone with no tag too). The script:

1. works out the version: ``X.Y.Z`` as given, or ``major`` / ``minor`` /
   ``patch``: the newest release in CHANGELOG.md bumped so (before the first
   release, the version ``Cargo.toml`` carries, as it is);
   checks it (above every released one, no such tag yet),
   that the work tree is clean and that ``## [Unreleased]`` in CHANGELOG.md
   has entries;
2. moves those entries under ``## [X.Y.Z] - YYYY-MM-DD`` (a new, empty
   ``## [Unreleased]`` stays on top), sets the package's ``version`` in
   ``Cargo.toml`` (the one place the version lives: maturin gives it to the
   Python package, the engine to ``cleaner.__version__``) and in Cargo.lock;
3. commits that as "Release X.Y.Z" and tags the commit ``vX.Y.Z``.

Pushing is left to you: ``git push origin main vX.Y.Z``. ``--date`` sets the
release date (default: today, UTC); ``--dry-run`` prints the new CHANGELOG
head and changes nothing. Messages go to stderr; exit 0 done, 2 refused.
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = "CHANGELOG.md"
CARGO = "Cargo.toml"
LOCK = "Cargo.lock"

VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
UNRELEASED_RE = re.compile(r"^## \[Unreleased\][ \t]*\n", re.M)
SECTION_RE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})[ \t]*$", re.M)
#: The version line of Cargo.toml's ``[package]`` table (its first ``version =``).
CARGO_VERSION_RE = re.compile(r'^(\[package\]\n(?:[^\[\n].*\n|\n)*?version = ")([^"]*)(")', re.M)
#: This package's entry in Cargo.lock.
LOCK_VERSION_RE = re.compile(r'^(name = "cleaner"\nversion = ")([^"]*)(")', re.M)


class Refused(Exception):
    """A check failed; nothing was changed."""


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Refused(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def released(changelog: str) -> list[str]:
    """The versions with a section in the changelog, newest first (as written)."""
    return [m.group(1) for m in SECTION_RE.finditer(changelog)]


def key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def new_changelog(changelog: str, version: str, date: str) -> str:
    """``changelog`` with the Unreleased entries moved under ``## [version] - date``."""
    found = UNRELEASED_RE.search(changelog)
    if found is None:
        raise Refused(f"{CHANGELOG} has no '## [Unreleased]' section")
    start = found.end()
    following = SECTION_RE.search(changelog, start)
    end = following.start() if following else len(changelog)
    entries = changelog[start:end].strip("\n")
    if not re.search(r"^- ", entries, re.M):
        raise Refused(f"'## [Unreleased]' in {CHANGELOG} lists no change: nothing to release")
    rest = changelog[end:]
    return (
        changelog[: found.start()]
        + f"## [Unreleased]\n\n## [{version}] - {date}\n\n{entries}\n"
        + ("\n" + rest if rest else "")
    )


BUMPS = ("major", "minor", "patch")


def next_version(spec: str, changelog: str, current: str) -> str:
    """The version ``spec`` names: itself, or the newest release bumped.

    >>> next_version("minor", "## [0.3.1] - 2030-01-01", "0.3.1"), next_version("2.0.0", "", "0.1.0")
    ('0.4.0', '2.0.0')
    >>> next_version("patch", "## [Unreleased]", "0.1.0")  # the first release
    '0.1.0'
    """
    if spec not in BUMPS:
        if not VERSION_RE.match(spec):
            raise Refused(f"version must be X.Y.Z or one of {', '.join(BUMPS)}, got {spec!r}")
        return spec
    older = released(changelog)
    if not older:
        return current
    major, minor, patch = key(max(older, key=key))
    if spec == "major":
        return f"{major + 1}.0.0"
    if spec == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def release(root: Path, spec: str, date: str, *, dry_run: bool = False) -> str:
    """Check, rewrite, commit and tag; return the tag."""
    changelog = (root / CHANGELOG).read_text(encoding="utf-8")
    cargo = (root / CARGO).read_text(encoding="utf-8")
    current = CARGO_VERSION_RE.search(cargo)
    if current is None:
        raise Refused(f"no version line in the [package] table of {CARGO}")
    lock = (root / LOCK).read_text(encoding="utf-8")
    if LOCK_VERSION_RE.search(lock) is None:
        raise Refused(f"no entry for the package cleaner in {LOCK}")
    version = next_version(spec, changelog, current.group(2))
    tag = f"v{version}"
    if git("tag", "--list", tag, cwd=root).strip():
        raise Refused(f"tag {tag} exists already")
    older = released(changelog)
    if older and key(version) <= max(key(v) for v in older):
        raise Refused(f"{version} is not above the newest release, {max(older, key=key)}")
    if not dry_run and git("status", "--porcelain", "--untracked-files=no", cwd=root).strip():
        raise Refused("tracked files have uncommitted changes; commit or stash them first")
    updated = new_changelog(changelog, version, date)
    if dry_run:
        print("\n".join(updated.splitlines()[:30]))
        return tag
    (root / CHANGELOG).write_text(updated, encoding="utf-8")
    for name, text, pattern in ((CARGO, cargo, CARGO_VERSION_RE), (LOCK, lock, LOCK_VERSION_RE)):
        (root / name).write_text(
            pattern.sub(lambda m: f"{m.group(1)}{version}{m.group(3)}", text, count=1),
            encoding="utf-8",
        )
    git("add", CHANGELOG, CARGO, LOCK, cwd=root)
    git("commit", "-q", "-m", f"Release {version}", cwd=root)
    git("tag", "-a", tag, "-m", f"cleaner {version}", cwd=root)
    return tag


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("version", help="the new version: X.Y.Z, or major, minor or patch")
    parser.add_argument("--date", help="release date YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--dry-run", action="store_true", help="show the new changelog head only")
    args = parser.parse_args(argv)
    date = args.date or datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
        print(f"release: --date must be YYYY-MM-DD, got {date!r}", file=sys.stderr)
        return 2
    try:
        tag = release(ROOT, args.version, date, dry_run=args.dry_run)
    except Refused as exc:
        print(f"release: refused: {exc}", file=sys.stderr)
        return 2
    if not args.dry_run:
        print(f"release: committed 'Release {tag[1:]}' and tagged it {tag}.", file=sys.stderr)
        print(f"release: publish it with: git push origin main {tag}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
