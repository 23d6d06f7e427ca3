"""The README's snippets of the datatrove, datasets, report and release sections, run as written.

Each snippet is the fenced block after a ``<!-- snippet: NAME -->`` line. They
run, in README order, in a fresh clone: this work tree (tracked files and new
ones not ignored, as they are now) is committed to a throw-away repository,
published as a bare repository and cloned from there, so the snippets see a
clone's layout and ``git push`` has an ``origin``. Python snippets run as a
script file, shell snippets with bash; ``python`` and ``cleaner`` are this
environment's. Then the pre-commit snippet: a repository using the published
one through it, and ``pre-commit autoupdate`` finding the release tag (and,
after a second release, the newer one).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner
import cleaner._engine
from cleaner.summary import metadata

from .conftest import ROOT, keep_rust_toolchain

README = ROOT / "README.md"
#: The snippets this test runs, in README order; one more or one less fails it.
RUN = ("datatrove", "hf", "report", "release")
SNIPPET_RE = re.compile(r"^<!-- snippet: ([\w-]+) -->\n```(\w+)\n(.*?)^```$", re.M | re.S)

GIT = shutil.which("git")
if GIT is None:
    pytest.skip("git is not installed", allow_module_level=True)
for module, extra in (("datatrove", "datatrove"), ("orjson", "datatrove"), ("datasets", "hf")):
    if importlib.util.find_spec(module) is None:
        pytest.skip(
            f"{module} is not installed (pip install -e '.[{extra}]')", allow_module_level=True
        )
if importlib.util.find_spec("pre_commit") is None:
    pytest.skip("pre-commit is not installed (pip install -e '.[test]')", allow_module_level=True)


def snippets(readme: Path = README) -> dict[str, tuple[str, str]]:
    found = {}
    for name, lang, body in SNIPPET_RE.findall(readme.read_text(encoding="utf-8")):
        assert name not in found, f"two snippets named {name!r}"
        found[name] = (lang, body)
    return found


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{cmd} in {cwd}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    out = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    out.update(
        PATH=os.path.dirname(sys.executable) + os.pathsep + out.get("PATH", ""),
        HOME=str(home),
        HF_HOME=str(home / "hf"),  # datasets' cache: inside the test's folder
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_COLOR="never",
    )
    keep_rust_toolchain(out)  # pip install . builds the native engine
    return out


@pytest.fixture(scope="module")
def clone(tmp_path_factory, env) -> tuple[Path, Path]:
    """(a fresh clone of this work tree, the bare repository it came from)."""
    base = tmp_path_factory.mktemp("fresh")
    src = base / "src"
    files = subprocess.run(
        [GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = ROOT / name
        if source.is_file():  # a deleted tracked file is gone from the clone too
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, src / name)
    # a tree that is itself a release has nothing under Unreleased: the clone gets
    # a change to release, as the next release will
    changelog = src / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    if re.search(r"^## \[Unreleased\]\n+## \[", text, re.M):
        changelog.write_text(
            text.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Added\n- A change.\n", 1),
            encoding="utf-8",
        )
    run([GIT, "init", "-q", "-b", "main"], src, env)
    run([GIT, "add", "-A"], src, env)
    run([GIT, "commit", "-q", "-m", "the work tree under test"], src, env)
    bare = base / "cleaner.git"
    run([GIT, "clone", "-q", "--bare", str(src), str(bare)], base, env)
    work = base / "clone"
    run([GIT, "clone", "-q", str(bare), str(work)], base, env)
    # the snippets import the clone's own package: give it the native engine this
    # environment built (a user's clone builds it with pip install -e .)
    engine = Path(cleaner._engine.__file__)
    shutil.copy2(engine, work / "cleaner" / engine.name)
    return work, bare


#: ``pip install ARGS`` anywhere in the README: a code block or inline code.
PIP_INSTALL_RE = re.compile(r"\bpip install ([^`&|;\n]+)")
#: Names this project must never be installed by from PyPI: "cleaner" there is an
#: unrelated project, and this project's own name is not published.
NOT_OURS = {"cleaner"}


def install_lines(readme: Path = README) -> list[list[str]]:
    """The arguments of every ``pip install`` the README shows, in order."""
    return [shlex.split(m.group(1)) for m in PIP_INSTALL_RE.finditer(readme.read_text("utf-8"))]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(args: list[str]) -> list[str]:
    """The requirements among ``pip install`` arguments (``-e PATH`` included)."""
    out, k = [], 0
    while k < len(args):
        if args[k] in ("-e", "--editable"):
            out.append(args[k + 1])
            k += 2
        elif args[k].startswith("-"):
            k += 1
        else:
            out.append(args[k])
            k += 1
    return out


def _project_name(work: Path) -> str:
    text = (work / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^name = "([^"]+)"', text, re.M).group(1)


@pytest.fixture
def fresh(clone, env, tmp_path) -> Path:
    """A fresh clone of the published repository, to install from."""
    _, bare = clone
    work = tmp_path / "fresh"
    run([GIT, "clone", "-q", str(bare), str(work)], tmp_path, env)
    return work


@pytest.mark.slow
def test_every_install_line_installs_this_project(fresh, env, tmp_path) -> None:
    """Each ``pip install`` line of the README, run in a fresh clone with pip's
    ``--dry-run --report``: whatever names this project installs it from the
    clone, with extras it has, never a project of the same name from PyPI."""
    name = _project_name(fresh)
    assert _canonical(name) not in NOT_OURS
    lines = install_lines(README)
    assert len(lines) >= 6, lines
    tried = set()
    for args in lines:
        shown = "pip install " + " ".join(args)
        local = [r for r in _requirements(args) if r.startswith((".", "/"))]
        for requirement in _requirements(args):
            if requirement in local:
                continue
            bare_name = _canonical(re.split(r"[\[<>=!~; ]", requirement)[0])
            assert bare_name not in NOT_OURS | {_canonical(name)}, (
                f"`{shown}` installs {requirement!r} from PyPI, not this project"
            )
        if not local or tuple(args) in tried:
            continue
        tried.add(tuple(args))
        report = tmp_path / "report.json"
        command = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet"]
        run([*command, "--report", str(report), *args], fresh, env)
        items = json.loads(report.read_text(encoding="utf-8"))["install"]
        ours = [i for i in items if i["download_info"]["url"] == fresh.as_uri()]
        assert len(ours) == 1, (shown, [i["metadata"]["name"] for i in items])
        assert ours[0]["metadata"]["name"] == name, shown
        extras = set(ours[0].get("requested_extras") or ())
        assert extras <= set(ours[0]["metadata"].get("provides_extra", ())), shown
        assert not {_canonical(i["metadata"]["name"]) for i in items} & NOT_OURS, shown
    assert tried, "no install line installs this project"


@pytest.mark.slow
def test_quick_start_runs_as_written_in_a_fresh_clone(fresh, env) -> None:
    """The quick start, word for word: a new virtual environment, ``pip install .``
    from PyPI's dependencies, then ``cleaner clean`` on the example."""
    body = README.read_text(encoding="utf-8").split("## Quick start", 1)[1]
    line = re.search(r"```sh\n(.*?)\n```", body, re.S).group(1)
    assert line.startswith("python3 -m venv .venv") and "pip install ." in line, line
    done = run(["bash", "-euo", "pipefail", "-c", line], fresh, env)
    expected = cleaner.clean((fresh / "examples" / "article.txt").read_text(encoding="utf-8"))
    assert done.stdout.endswith("\n" + expected)  # after what pip says


def _version(work: Path) -> str:
    """The package's version, from its one source (the [package] table of Cargo.toml)."""
    text = (work / "Cargo.toml").read_text(encoding="utf-8")
    return re.search(r'^\[package\]\n(?:.*\n)*?version = "([^"]+)"', text, re.M).group(1)


def test_every_snippet_of_the_new_sections_runs_as_written(clone, env) -> None:
    work, bare = clone
    found = snippets()
    assert [n for n in found if n in RUN] == list(RUN)
    for name in RUN:
        lang, body = found[name]
        if lang == "python":
            script = work / f".snippet-{name}.py"
            script.write_text(body, encoding="utf-8")
            run([sys.executable, str(script)], work, env)
        else:
            assert lang == "sh", f"snippet {name}: no way to run {lang!r}"
            run(["bash", "-euo", "pipefail", "-c", body], work, env)

    # datatrove: the kept rows are the library's output
    rows = {r["id"]: r for r in map(json.loads, (work / "examples" / "corpus.jsonl").open())}
    written = [
        json.loads(line)
        for p in sorted((work / "out" / "clean").glob("*.jsonl"))
        for line in p.open()
    ]
    assert written
    for doc in written:
        result = cleaner.analyze(rows[doc["id"]]["text"], ignore=["CL204"])
        assert doc["metadata"]["cleaner"] == metadata(result, "summary")
        assert doc["metadata"]["cleaner"]["kept_words"] >= 50
        # C4QualityFilter after the step drops lines (and blank ones) but adds none
        kept = [line for line in result.text.splitlines() if line]
        assert set(doc["text"].splitlines()) <= set(kept)
    # report: both pages, the second with every document
    page = (work / "report.html").read_text(encoding="utf-8")
    assert "Words removed" in page and "Removed words by site" in page
    every = (work / "report-all.html").read_text(encoding="utf-8")
    assert every.count('<article class="doc"') == len(rows)
    # release: the first release is tagged and published
    tags = run([GIT, "tag", "--list", "v*"], bare, env).stdout.split()
    version = _version(work)
    assert tags == [f"v{version}"]
    changelog = (work / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(
        rf"^## \[Unreleased\]\n\n## \[{re.escape(version)}\] - \d{{4}}-\d\d-\d\d\n", changelog, re.M
    )


def test_pre_commit_autoupdate_finds_the_release(clone, env, tmp_path) -> None:
    work, bare = clone
    if not run([GIT, "tag", "--list", "v*"], bare, env).stdout.strip():
        pytest.skip("needs the release made by the snippet test")
    lang, config = snippets(work / "README.md")["pre-commit-config"]
    assert lang == "yaml"
    user = tmp_path / "user"
    user.mkdir()
    run([GIT, "init", "-q"], user, env)
    placeholder = "https://example.com/you/cleaner"
    assert placeholder in config
    (user / ".pre-commit-config.yaml").write_text(
        config.replace(placeholder, str(bare)), encoding="utf-8"
    )
    run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        user,
        env,
    )
    rev = re.search(r"^\s*rev: (\S+)", config, re.M).group(1)
    assert rev == "main"  # works in any clone, tagged or not (tests/test_precommit.py)
    tag = f"v{_version(work)}"

    done = run([sys.executable, "-m", "pre_commit", "autoupdate"], user, env)
    assert f"updating main -> {tag}" in done.stdout  # pinned to the release just made
    done = run([sys.executable, "-m", "pre_commit", "autoupdate"], user, env)
    assert "already up to date" in done.stdout
    # a second release: autoupdate moves rev to it
    changelog = work / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    changelog.write_text(
        text.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n- A fix.\n", 1),
        encoding="utf-8",
    )
    run([GIT, "commit", "-q", "-am", "a fix"], work, env)
    run([sys.executable, "scripts/release.py", "patch"], work, env)
    run([GIT, "push", "-q", "--follow-tags", "origin", "main"], work, env)
    major, minor, patch = (int(x) for x in tag[1:].split("."))
    newer = f"v{major}.{minor}.{patch + 1}"
    done = run([sys.executable, "-m", "pre_commit", "autoupdate"], user, env)
    assert f"updating {tag} -> {newer}" in done.stdout
    assert f"rev: {newer}" in (user / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "rev: main" in (work / "README.md").read_text(encoding="utf-8")  # left as it is
    assert _version(work) == newer[1:]
    lock = (work / "Cargo.lock").read_text(encoding="utf-8")
    assert f'name = "cleaner"\nversion = "{newer[1:]}"' in lock


def test_release_refuses_what_it_must(clone, env) -> None:
    work, bare = clone
    if not run([GIT, "tag", "--list", "v*"], bare, env).stdout.strip():
        pytest.skip("needs the release made by the snippet test")
    script = [sys.executable, "scripts/release.py"]
    for args, why in (
        (["0.0.1"], "not above the newest release"),
        (["next"], "must be X.Y.Z or one of major, minor, patch"),
        (["minor"], "lists no change"),  # nothing new under Unreleased since the last release
    ):
        done = subprocess.run([*script, *args], cwd=work, env=env, capture_output=True, text=True)
        assert done.returncode == 2 and why in done.stderr, (args, done.stderr)
    (work / "README.md").write_text("changed\n", encoding="utf-8")
    done = subprocess.run([*script, "9.0.0"], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "uncommitted changes" in done.stderr
    run([GIT, "checkout", "--", "README.md"], work, env)
