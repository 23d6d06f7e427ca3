"""Fuzz ``cleaner check --fix`` on generated trees: links, odd names, configurations.

Run:  python fuzz/fuzz_check.py --runs 20000   (see fuzz/README.md)

Each input builds a small project in a fresh temporary folder: files with odd
names (``-``, spaces, leading dots, names that are not UTF-8, names near
``NAME_MAX``, ``requirements.txt``/``LICENSE``), contents taken from the input
(text, CRLF, a BOM, invalid UTF-8, HTML), symbolic links (into the tree, out of
it, dangling, to folders, to themselves), a FIFO, sometimes a ``.git`` folder
with a ``.gitignore``, and a ``pyproject.toml`` whose ``[tool.cleaner]`` is put
together from the input (``types``, ``include``/``exclude`` globs with runs of
stars, ``default-exclude``, ``remove-patterns``, sometimes broken TOML). Next
to the project lies an ``outside`` folder that links point into. The target
runs ``cleaner.cli.main(["check", "--fix", "-q", ...])`` in the project and
checks:

* the exit code is 0, 1 or 2 (never 123, never an exception);
* nothing outside the project changed (every byte of ``outside``, and its names);
* every link is still a link with the same target; the FIFO is still a FIFO;
* no ``.cleaner-tmp-`` file is left anywhere;
* a file the selection does not take (wrong type, default excludes, gitignored)
  is unchanged;
* a second ``check`` (no ``--fix``) finds nothing left to change (exit 0 or 2).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["cleaner"]):
    import cleaner.cli

from _common import decode, run

_ROOT = Path(tempfile.mkdtemp(prefix="fuzz-check-"))

NAMES = [
    "a.txt",
    "b.md",
    "-",
    "with space.txt",
    ".hidden.txt",
    os.fsdecode(b"caf\xe9.txt"),
    "n" * 240 + ".txt",
    "requirements.txt",
    "LICENSE.txt",
    "pkg.egg-info/SOURCES.txt",
    "corpus/x.txt",
    "corpus/drafts/y.txt",
    "corpus/deep/er/z.TXT",
    "notes.dat",
]
GLOBS = ["*", "**", "corpus/**", "*a*a*a*a*b", "[!a]*.txt", "drafts", "/corpus/*.txt", "?", "*.md"]
TYPES = ['["txt"]', '["*"]', '["txt", "md"]', '["dat"]', '"txt"', "[]", '["html"]']
PATTERNS = ['".*"', '"(a+)+$"', '"Back to .*"', '"["']


class Bits:
    """Reads small numbers from the input, then zeros."""

    def __init__(self, data: bytes):
        self.data = data
        self.i = 0

    def take(self, n: int) -> int:
        if self.i >= len(self.data):
            return 0
        b = self.data[self.i]
        self.i += 1
        return b % n


def _config(bits: Bits) -> str:
    lines = ["[tool.cleaner]"]
    if bits.take(2):
        lines.append(f"types = {TYPES[bits.take(len(TYPES))]}")
    if bits.take(3) == 0:
        lines.append(f'include = ["{GLOBS[bits.take(len(GLOBS))]}"]')
    if bits.take(2):
        lines.append(f'exclude = ["{GLOBS[bits.take(len(GLOBS))]}"]')
    if bits.take(4) == 0:
        lines.append("default-exclude = false")
    if bits.take(4) == 0:
        lines.append(f"remove-patterns = [{PATTERNS[bits.take(len(PATTERNS))]}]")
    if bits.take(8) == 0:
        lines.append("html = false")
    if bits.take(16) == 0:
        lines.append("tool = 5")  # broken on purpose
    return "\n".join(lines) + "\n"


def _content(bits: Bits, text: str) -> bytes:
    kind = bits.take(8)
    raw = text.encode("utf-8", "surrogatepass")
    if kind == 1:
        return raw.replace(b"\n", b"\r\n")
    if kind == 2:
        return b"\xef\xbb\xbf" + raw
    if kind == 3:
        return b"<!doctype html><html><body><p>" + raw + b"</p></body></html>"
    if kind == 4:
        return raw + b"\xff\xfe"
    return raw


def build(data: bytes) -> tuple[Path, Path]:
    """A fresh project and its ``outside`` folder from ``data``."""
    shutil.rmtree(_ROOT, ignore_errors=True)
    project, outside = _ROOT / "project", _ROOT / "outside"
    project.mkdir(parents=True)
    outside.mkdir()
    (_ROOT / ".git").mkdir()  # the search for pyproject.toml stops here, not in /tmp
    bits = Bits(data[:32])
    texts = decode(data[32:]).split("\x00")
    (outside / "secret.txt").write_bytes(b"Back to top\n\nThe outside file.\n")
    (outside / ".bashrc").write_bytes(b"# settings\nexport A=1\n")
    for k, text in enumerate(texts[:8]):
        name = NAMES[(bits.take(len(NAMES)) + k) % len(NAMES)]
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            path.write_bytes(_content(bits, text))
    links = {
        "in.txt": "a.txt",
        "out.txt": str(outside / "secret.txt"),
        "rc.txt": str(outside / ".bashrc"),
        "dangling.txt": "nowhere.txt",
        "dir-link": str(outside),
        "self.txt": "self.txt",
        "up.txt": "../outside/secret.txt",
    }
    for name, target in links.items():
        if bits.take(2):
            with contextlib.suppress(OSError):
                os.symlink(target, project / name)
    if bits.take(3) == 0:
        with contextlib.suppress(OSError):
            os.mkfifo(project / "pipe.txt")
    if bits.take(2):
        (project / "pyproject.toml").write_text(_config(bits), encoding="utf-8")
    if bits.take(3) == 0:
        (project / ".git").mkdir()  # not a real repository: git says no, nothing is ignored
        (project / ".gitignore").write_text("corpus/drafts/\n", encoding="utf-8")
    return project, outside


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry below ``folder``: a link's target, a file's hash, a FIFO."""
    out: dict[str, object] = {}
    for dirpath, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, folder)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as fh:
                    out[rel] = ("file", hashlib.sha1(fh.read()).hexdigest())
            elif stat.S_ISFIFO(st.st_mode):
                out[rel] = ("fifo",)
            else:
                out[rel] = ("dir",)
    return out


def _check(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cleaner.cli.main(["check", *argv])
    return code, err.getvalue()


def target(data: bytes) -> None:
    project, outside = build(data)
    before_out = snapshot(outside)
    before = snapshot(project)
    # the selection is the configuration's as it was: --fix may clean pyproject.toml
    # itself, when the configuration takes every file (types "*", no default excludes)
    toml = project / "pyproject.toml"
    config = toml.read_text() if toml.exists() else ""
    here = os.getcwd()
    os.chdir(project)
    try:
        code, err = _check(["--fix", "-q", "."])
        assert code in (0, 1, 2), f"exit {code}: {err}"
        after = snapshot(project)
        assert snapshot(outside) == before_out, "something outside the project changed"
        for rel, what in before.items():
            if what[0] in ("link", "fifo", "dir"):
                assert after.get(rel) == what, f"{rel}: {what} became {after.get(rel)}"
        assert not [r for r in after if ".cleaner-tmp-" in r], "a temporary file was left"
        assert set(after) == set(before), "files appeared or vanished"
        for rel in ("notes.dat", "requirements.txt", "LICENSE.txt", "pkg.egg-info/SOURCES.txt"):
            if rel in before and "types" not in config and "default-exclude" not in config:
                assert after[rel] == before[rel], f"{rel} is no corpus text but was changed"
        again, err2 = _check(["-q", "."])
        assert again in (0, 2), f"second check: exit {again} (changes left after --fix): {err2}"
    finally:
        os.chdir(here)


if __name__ == "__main__":
    sys.exit(run("fuzz_check", target))
