"""The hooks in .pre-commit-hooks.yaml, installed from this repository by the real pre-commit.

Each scenario is a real ``git commit`` in a fresh repository whose git
pre-commit hook runs ``pre-commit try-repo <this repository> <hook id>``:
pre-commit clones this repository (HEAD plus uncommitted changes to tracked
files and staged new files), builds a virtual environment, pip-installs the
package from it (building the native engine) and runs the hook on the staged
files. Building that environment needs PyPI and a Rust toolchain; the three
commits run one after the other and share one cargo target folder, so the
engine compiles once; everything pre-commit writes stays inside ``tmp_path``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT, keep_rust_toolchain

pytestmark = pytest.mark.slow

GIT = shutil.which("git")
FURNISHED = (FIXTURES / "check-furnished-article" / "input.txt").read_bytes()
CLEANED = (FIXTURES / "check-furnished-article" / "expected.txt").read_bytes()
CLEAN = (FIXTURES / "check-clean-article" / "input.txt").read_bytes()


def _root_is_git_checkout() -> bool:
    if GIT is None:
        return False
    done = subprocess.run(
        [GIT, "-C", str(ROOT), "rev-parse", "--show-toplevel"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0 and Path(done.stdout.strip()).resolve() == ROOT.resolve()


if GIT is None:
    pytest.skip("git is not installed", allow_module_level=True)
if importlib.util.find_spec("pre_commit") is None:
    pytest.skip("pre-commit is not installed (pip install -e '.[test]')", allow_module_level=True)
if not _root_is_git_checkout():
    pytest.skip(f"{ROOT} is not the top of a git checkout", allow_module_level=True)


class Repo:
    """A throw-away git repository whose commits run one hook of this repository."""

    def __init__(self, path: Path, hook_id: str, home: Path) -> None:
        self.path = path
        path.mkdir()
        (home / "tmp").mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
        env.update(
            GIT_AUTHOR_NAME="Test",
            GIT_AUTHOR_EMAIL="test@example.com",
            GIT_COMMITTER_NAME="Test",
            GIT_COMMITTER_EMAIL="test@example.com",
            PRE_COMMIT_HOME=str(home / "cache"),
            TMPDIR=str(home / "tmp"),  # try-repo's clone and hook environment
            PRE_COMMIT_COLOR="never",
        )
        self.env = keep_rust_toolchain(env)
        self.git("init", "-q")
        self.git("config", "core.hooksPath", ".git/hooks")
        self.git("config", "commit.gpgsign", "false")
        hook = path / ".git" / "hooks" / "pre-commit"
        hook.parent.mkdir(parents=True, exist_ok=True)
        # git points GIT_INDEX_FILE at this repository's index; the commands
        # try-repo runs inside this repository's clone must not see it.
        hook.write_text(
            "#!/bin/sh\n"
            "unset GIT_INDEX_FILE\n"
            f"exec {shlex.quote(sys.executable)} -m pre_commit try-repo --color=never "
            f"{shlex.quote(str(ROOT))} {hook_id}\n",
            encoding="utf-8",
        )
        hook.chmod(0o755)

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [GIT, *args],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )

    def commit(self, *files: str) -> subprocess.CompletedProcess[str]:
        added = self.git("add", "--", *files)
        assert added.returncode == 0, added.stderr
        return self.git("commit", "-q", "-m", "add " + " ".join(files))

    def committed(self) -> list[str]:
        done = self.git("log", "--format=", "--name-only")
        return sorted(done.stdout.split()) if done.returncode == 0 else []


def _blocked(tmp_path: Path) -> tuple[Repo, subprocess.CompletedProcess[str]]:
    repo = Repo(tmp_path / "blocked", "cleaner-check", tmp_path / "blocked-home")
    (repo.path / "furnished.txt").write_bytes(FURNISHED)
    return repo, repo.commit("furnished.txt")


def _passed(tmp_path: Path) -> tuple[Repo, subprocess.CompletedProcess[str]]:
    repo = Repo(tmp_path / "passed", "cleaner-check", tmp_path / "passed-home")
    (repo.path / "clean.txt").write_bytes(CLEAN)
    return repo, repo.commit("clean.txt")


def _fixed(tmp_path: Path) -> tuple[Repo, subprocess.CompletedProcess[str]]:
    repo = Repo(tmp_path / "fixed", "cleaner-fix", tmp_path / "fixed-home")
    (repo.path / "article.txt").write_bytes(FURNISHED)
    (repo.path / "clean.txt").write_bytes(CLEAN)
    return repo, repo.commit("article.txt", "clean.txt")


def test_hooks_block_fix_and_pass_real_commits(tmp_path):
    # The fixture pair: the furnished article cleans to exactly the clean one,
    # so the clean article passing shows that a fixed article passes too.
    assert CLEANED == CLEAN
    # One after the other: their builds of the native engine share one cargo
    # target folder (keep_rust_toolchain), so only the first compiles.
    (blocked_repo, blocked), (passed_repo, passed), (fixed_repo, fixed) = (
        scenario(tmp_path) for scenario in (_blocked, _passed, _fixed)
    )

    # cleaner-check: the commit of a furnished article is blocked, the reasons
    # are shown, and the file is left as it was.
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, out
    assert "cleaner (site furniture in scraped text)" in out and "Failed" in out, out
    assert "would clean furnished.txt (5 lines removed)" in out, out
    assert "furnished.txt:3: CL201 section-label: section label" in out, out
    assert "furnished.txt:22: CL103 back-to-top:" in out, out
    assert blocked_repo.committed() == [], out
    assert (blocked_repo.path / "furnished.txt").read_bytes() == FURNISHED

    # cleaner-check: a clean article passes and is committed.
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, out
    assert "Passed" in out, out
    assert passed_repo.committed() == ["clean.txt"], out

    # cleaner-fix: the commit stops (pre-commit's rule when a hook changed
    # files) with the article cleaned in place and the clean article untouched.
    out = fixed.stdout + fixed.stderr
    assert fixed.returncode == 1, out
    assert "files were modified by this hook" in out, out
    assert "cleaned article.txt (5 lines removed)" in out, out
    assert fixed_repo.committed() == [], out
    assert (fixed_repo.path / "article.txt").read_bytes() == CLEANED
    assert (fixed_repo.path / "clean.txt").read_bytes() == CLEAN


# -- the README's snippet, as written, on a clone with no tag (#23, item 13) --------------

SNIPPET_RE = re.compile(r"^<!-- snippet: pre-commit-config -->\n```yaml\n(.*?)^```$", re.M | re.S)
PLACEHOLDER = "https://example.com/you/cleaner"


def _publish(tmp_path: Path, env: dict[str, str]) -> Path:
    """This work tree (tracked files and new ones not ignored) as a bare
    repository with one branch, ``main``, and no tag: as it is published."""
    src = tmp_path / "src"
    files = subprocess.run(
        [GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "main"]):
        subprocess.run([GIT, *args], cwd=src, env=env, check=True, capture_output=True)
    bare = tmp_path / "cleaner.git"
    subprocess.run(
        [GIT, "clone", "-q", "--bare", str(src), str(bare)],
        env=env,
        check=True,
        capture_output=True,
    )
    return bare


def test_readme_snippet_works_as_written_on_a_clone_without_tags(tmp_path):
    home = tmp_path / "home"
    (home / "tmp").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(home),
        PRE_COMMIT_HOME=str(home / "cache"),
        TMPDIR=str(home / "tmp"),
        PRE_COMMIT_COLOR="never",
    )
    keep_rust_toolchain(env)  # the hook's environment builds the native engine
    bare = _publish(tmp_path, env)
    tags = subprocess.run([GIT, "tag"], cwd=bare, env=env, capture_output=True, text=True)
    assert tags.stdout == ""  # as the repository users clone today
    snippet = SNIPPET_RE.search((ROOT / "README.md").read_text(encoding="utf-8")).group(1)
    assert PLACEHOLDER in snippet
    user = tmp_path / "user"
    user.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=user, env=env, capture_output=True, text=True, timeout=600, check=False
        )

    assert run(GIT, "init", "-q").returncode == 0
    config = user / ".pre-commit-config.yaml"
    config.write_text(snippet.replace(PLACEHOLDER, str(bare)), encoding="utf-8")
    (user / "furnished.txt").write_bytes(FURNISHED)
    assert run(GIT, "add", "furnished.txt", ".pre-commit-config.yaml").returncode == 0

    # the rev the README gives, as it is
    done = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "would clean furnished.txt (5 lines removed)" in out, out
    assert "furnished.txt:22: CL103 back-to-top:" in out, out
    assert (user / "furnished.txt").read_bytes() == FURNISHED

    # `pre-commit autoupdate`, as the README says next: pinned to the newest commit
    head = subprocess.run(
        [GIT, "rev-parse", "main"], cwd=bare, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    done = run(sys.executable, "-m", "pre_commit", "autoupdate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(rf"^\s*rev: {head}\b", config.read_text(encoding="utf-8"), re.M)
