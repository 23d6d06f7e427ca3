"""``cleaner check``: exit codes, --fix that never loses data, --diff, --explain, selection."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import errors, fileio
from cleaner.cli import main
from cleaner.commands import check as check_cmd
from cleaner.normalize import normalize_line

from .conftest import FIXTURES, ROOT

ARTICLE = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
CLEAN = (FIXTURES / "check-clean-article" / "input.txt").read_text(encoding="utf-8")
FURNISHED = (FIXTURES / "check-furnished-article" / "input.txt").read_text(encoding="utf-8")
FURNISHED_CLEANED = (FIXTURES / "check-furnished-article" / "expected.txt").read_text(
    encoding="utf-8"
)
EXPLAIN_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<code>CL\d{3}) (?P<name>[a-z0-9-]+): .+$"
)


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in an empty project of its own (default configuration)."""
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: str | Path, data: str | bytes) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    p.write_bytes(data)
    return p


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- the normal form passes; furniture fails ---------------------------------------


def _fixture_cases() -> list:
    cases = []
    for case in sorted(FIXTURES.iterdir()):
        if not (case / "input.txt").is_file():
            continue
        if not (case / "expected.txt").is_file() and any(
            (case / name).is_file() for name in ("keep.txt", "drop.txt")
        ):
            continue  # lines to keep and to drop, no exact output: tests/test_fixtures.py
        xfail = case / "xfail.txt"
        marks = (
            [pytest.mark.xfail(reason=xfail.read_text(encoding="utf-8").strip(), strict=True)]
            if xfail.is_file()
            else []
        )
        cases.append(pytest.param(case, id=case.name, marks=marks))
    return cases


@pytest.mark.parametrize("case", _fixture_cases())
def test_fixture_check_agrees_with_expected(case: Path, project: Path, capsys):
    """A fixture without expected.txt is in normal form, so `check` passes it;
    one with expected.txt fails `check`, and `--fix` writes exactly expected.txt."""
    config = case / "config.toml"
    if config.is_file():
        write("pyproject.toml", "[tool.cleaner]\n" + config.read_text(encoding="utf-8"))
    raw = (case / "input.txt").read_bytes()
    write("input.txt", raw)
    expected_path = case / "expected.txt"
    expected = expected_path.read_bytes() if expected_path.is_file() else raw

    code, _, err = check(capsys, "input.txt")
    assert code == (0 if expected == raw else 1), err
    code, _, err = check(capsys, "--fix", "input.txt")
    assert code == (0 if expected == raw else 1), err
    assert (project / "input.txt").read_bytes() == expected
    assert check(capsys, "input.txt")[0] == 0


def test_clean_article_passes_and_is_not_rewritten(capsys):
    path = write("a.txt", CLEAN)
    old = time.time_ns() - 3_600 * 10**9
    os.utime(path, ns=(old, old))
    before = path.stat()
    code, out, err = check(capsys, "--fix", "--diff", "--explain", "a.txt")
    assert (code, out) == (0, "")
    assert "0 files cleaned, 1 unchanged" in err
    after = path.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert path.read_text(encoding="utf-8") == CLEAN


def test_furnished_article_fails_then_fix_cleans_it(capsys):
    path = write("a.txt", FURNISHED)
    code, out, err = check(capsys, "a.txt")
    assert code == 1
    assert out == ""
    assert "would clean a.txt (5 lines removed)" in err
    assert err.rstrip().endswith("1 file would be cleaned, 0 unchanged (config: pyproject.toml)")
    assert path.read_text(encoding="utf-8") == FURNISHED  # check alone never writes

    code, _, err = check(capsys, "--fix", "a.txt")
    assert code == 1
    assert "cleaned a.txt (5 lines removed)" in err
    assert err.rstrip().endswith("1 file cleaned, 0 unchanged (config: pyproject.toml)")
    assert path.read_text(encoding="utf-8") == FURNISHED_CLEANED
    assert check(capsys, "a.txt")[0] == 0


def test_layout_only_change_is_a_change(capsys):
    write("a.txt", CLEAN.replace("\n\n", "\n\n\n\n", 1) + "\n\n")
    code, _, err = check(capsys, "a.txt")
    assert code == 1
    assert "would clean a.txt (layout and white space only)" in err


def test_quiet_prints_nothing_but_errors(capsys):
    write("a.txt", FURNISHED)
    write("b.txt", b"caf\xe9\n")
    code, out, err = check(capsys, "-q", "a.txt", "b.txt")
    assert code == 2
    assert out == ""
    assert err == "cleaner: error: b.txt: not valid UTF-8 text (byte 3); left untouched\n"


def test_verbose_names_unchanged_and_skipped_files(capsys):
    write("a.txt", CLEAN)
    write("b.py", "print('hi')\n")
    code, _, err = check(capsys, "-v", "a.txt", "b.py")
    assert code == 0
    assert "unchanged a.txt" in err and "skipped b.py" in err
    assert "0 files would be cleaned, 1 unchanged, 1 skipped" in err


# -- exit codes --------------------------------------------------------------------


def test_exit_codes(capsys, monkeypatch):
    write("clean.txt", CLEAN)
    write("dirty.txt", FURNISHED)
    write("latin1.txt", b"na\xefve\n")
    assert check(capsys, "clean.txt")[0] == 0
    assert check(capsys, "clean.txt", "dirty.txt")[0] == 1
    # an unreadable file is worse than a change
    assert check(capsys, "dirty.txt", "latin1.txt")[0] == 2
    assert check(capsys, "missing.txt")[0] == 2
    # usage errors
    assert check(capsys)[0] == 2
    assert check(capsys, "--no-such-flag", "clean.txt")[0] == 2
    code, _, err = check(capsys, "--fix", "-")
    assert code == 2 and errors.FIX_STDIN in err

    # an internal error is worst of all, and the other files are still checked
    real = check_cmd.analyze

    def broken(text, *, config):
        if "Marta" in text:
            raise RuntimeError("boom")
        return real(text, config=config)

    monkeypatch.setattr(check_cmd, "analyze", broken)
    write("other.txt", ARTICLE)
    code, _, err = check(capsys, "--fix", "clean.txt", "latin1.txt", "other.txt")
    assert code == 123
    assert "clean.txt: internal error: RuntimeError('boom')" in err
    assert (Path("other.txt")).read_text(encoding="utf-8") == cleaner.clean(ARTICLE)


def test_standard_input(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FURNISHED.encode())))
    code, out, err = check(capsys, "--diff", "-")
    assert code == 1
    assert out.startswith("--- a/<stdin>\n+++ b/<stdin>\n")
    assert "would clean <stdin>" in err


# -- preserving what the file was --------------------------------------------------


def test_crlf_file_stays_crlf(capsys):
    path = write("a.txt", FURNISHED.replace("\n", "\r\n"))
    assert check(capsys, "--fix", "a.txt")[0] == 1
    assert path.read_bytes() == FURNISHED_CLEANED.replace("\n", "\r\n").encode()
    # and a clean CRLF file is clean: no change, no rewrite
    assert check(capsys, "a.txt")[0] == 0


def test_dominant_line_ending_wins(capsys):
    mixed = FURNISHED.replace("\n", "\r\n")
    mixed = mixed.replace("\r\n", "\n", 3)  # a few stray LF in a CRLF file
    path = write("a.txt", mixed)
    assert check(capsys, "--fix", "a.txt")[0] == 1
    assert path.read_bytes() == FURNISHED_CLEANED.replace("\n", "\r\n").encode()


def test_old_mac_line_endings_are_kept(capsys):
    path = write("a.txt", FURNISHED.replace("\n", "\r"))
    assert check(capsys, "--fix", "a.txt")[0] == 1
    assert path.read_bytes() == FURNISHED_CLEANED.replace("\n", "\r").encode()


def test_bom_is_kept(capsys):
    path = write("a.txt", fileio.BOM + FURNISHED.encode())
    assert check(capsys, "--fix", "a.txt")[0] == 1
    assert path.read_bytes() == fileio.BOM + FURNISHED_CLEANED.encode()
    assert check(capsys, "a.txt")[0] == 0
    # a file without a BOM does not get one
    plain = write("b.txt", FURNISHED)
    assert check(capsys, "--fix", "b.txt")[0] == 1
    assert plain.read_bytes() == FURNISHED_CLEANED.encode()


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444])
def test_mode_is_kept(capsys, mode):
    if mode == 0o444 and getattr(os, "geteuid", lambda: -1)() != 0:
        pytest.skip("only root may replace a read-only file (see test_read_only_file)")
    path = write("a.txt", FURNISHED)
    path.chmod(mode)
    assert check(capsys, "--fix", "a.txt")[0] == 1
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_text(encoding="utf-8") == FURNISHED_CLEANED


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anything")
def test_read_only_file_is_reported_and_left_alone(capsys):
    path = write("a.txt", FURNISHED)
    path.chmod(0o444)
    code, _, err = check(capsys, "--fix", "a.txt")
    assert code == 2
    assert errors.NOT_WRITABLE.format(path="a.txt") in err
    assert path.read_text(encoding="utf-8") == FURNISHED


def test_symlink_is_kept_and_its_target_cleaned(capsys):
    target = write("data/real.txt", FURNISHED)
    link = Path("link.txt")
    link.symlink_to(target)
    assert check(capsys, "--fix", "link.txt")[0] == 1
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FURNISHED_CLEANED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Caf\xe9 au lait\n", "a.txt: not valid UTF-8 text (byte 3); left untouched"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt: looks like a binary file; left untouched"),
        (
            "Back to top button\n".encode("utf-16"),
            "a.txt: looks like a binary file; left untouched",
        ),
    ],
    ids=["latin-1", "png", "utf-16"],
)
def test_undecodable_files_are_reported_and_untouched(capsys, data, message):
    path = write("a.txt", data)
    before = path.stat()
    write("b.txt", FURNISHED)
    code, _, err = check(capsys, "--fix", "a.txt", "b.txt")
    assert code == 2
    assert f"cleaner: error: {message}" in err
    assert "1 file cleaned, 0 unchanged, 1 error" in err
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert Path("b.txt").read_text(encoding="utf-8") == FURNISHED_CLEANED


def test_failed_write_leaves_the_file_and_no_temporary(capsys, monkeypatch):
    path = write("a.txt", FURNISHED)

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = check(capsys, "--fix", "a.txt")
    assert code == 2
    assert "a.txt: cannot write (No space left on device); left untouched" in err
    assert path.read_text(encoding="utf-8") == FURNISHED
    assert sorted(p.name for p in Path().iterdir()) == ["a.txt", "pyproject.toml"]


def test_atomic_write_refuses_a_file_changed_since_reading(tmp_path):
    path = write("a.txt", FURNISHED)
    seen = fileio.load(path)
    write("a.txt", FURNISHED + "A late edit by someone else.\n")
    with pytest.raises(errors.InputError, match="changed while it was being cleaned"):
        fileio.atomic_write(path, seen.encode(FURNISHED_CLEANED), expect=seen.stat)
    assert path.read_text(encoding="utf-8").endswith("A late edit by someone else.\n")
    assert [p.name for p in tmp_path.iterdir() if fileio.is_temp_name(p.name)] == []


def test_atomic_write_fsyncs_file_and_folder(monkeypatch):
    path = write("a.txt", FURNISHED)
    synced: list[bool] = []
    real_fsync = os.fsync

    def spy(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    fileio.atomic_write(path, b"new\n")
    assert synced == [False, True]  # the data first, then the folder entry
    assert path.read_bytes() == b"new\n"


# -- --diff and --explain ----------------------------------------------------------


def test_diff_output(capsys):
    write("a.txt", "Back to top button\n\nIt rained in Paris all day, the weather service said.")
    code, out, _ = check(capsys, "--diff", "a.txt")
    assert code == 1
    assert out == (
        "--- a/a.txt\n"
        "+++ b/a.txt\n"
        "@@ -1,3 +1 @@\n"
        "-Back to top button\n"
        "-\n"
        "-It rained in Paris all day, the weather service said.\n"
        "\\ No newline at end of file\n"
        "+It rained in Paris all day, the weather service said.\n"
    )


def test_diff_applies_with_patch(capsys, tmp_path):
    patch = __import__("shutil").which("patch")
    if patch is None:
        pytest.skip("the patch tool is not installed")
    path = write("a.txt", FURNISHED.replace("\n", "\r\n"))
    code, out, _ = check(capsys, "--diff", "a.txt")
    assert code == 1
    write("a.diff", out.encode())
    subprocess.run([patch, "-p1", "--binary", "-s", "-i", "a.diff"], check=True, cwd=tmp_path)
    assert path.read_bytes() == FURNISHED_CLEANED.replace("\n", "\r\n").encode()


def test_explain_names_lines_of_the_original_file(capsys):
    # Leading blank lines, CRLF, runs of blank lines and indentation all shift
    # the normalized line numbers; --explain must point at the file's own lines.
    text = "\r\n\r\n  " + FURNISHED.replace("\n\n\n", "\n\n\n\n\n").replace("\n", "\r\n")
    write("a.txt", text)
    code, out, _ = check(capsys, "--explain", "a.txt")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 5
    original = text.split("\r\n")
    removed = cleaner.analyze(text).removed
    for line, r in zip(lines, removed, strict=True):
        m = EXPLAIN_LINE.match(line)
        assert m, line
        assert (m["path"], m["code"], m["name"]) == ("a.txt", r.code, r.name)
        assert line.endswith(f": {r.reason}")
        assert normalize_line(original[int(m["line"]) - 1]) == r.text
    assert [EXPLAIN_LINE.match(x)["line"] for x in lines] == ["5", "7", "14", "28", "29"]


def test_original_line_numbers_survive_form_feeds_and_mojibake():
    from cleaner.config import Config

    text = "Title\x0cSubtitle\n\n\nThe Beijingâ€™s stance\r\nBack to top button\n"
    numbers = check_cmd.original_line_numbers(text, Config())
    normalized = cleaner.normalize(text).split("\n")
    assert len(numbers) == len(normalized)
    assert numbers == [1, 1, 2, 4, 5]


# -- which files -------------------------------------------------------------------


def _tree() -> None:
    write("corpus/a.txt", FURNISHED)
    write("corpus/drafts/b.txt", FURNISHED)
    write("corpus/c.md", FURNISHED)
    write("corpus/d.jsonl", '{"text": "Back to top button"}\n')
    write("corpus/.hidden/e.txt", FURNISHED)
    write("corpus/.f.txt.cleaner-tmp-abc123", FURNISHED)
    write("notes/g.txt", FURNISHED)
    write("README.md", "# Project\n\n    indented code\n")


def _named(err: str) -> list[str]:
    return sorted(m.group(1) for m in re.finditer(r"^would clean (\S+)", err, re.M))


def test_default_selection_is_txt_files_outside_hidden_folders(capsys):
    _tree()
    code, _, err = check(capsys, ".")
    assert code == 1
    assert _named(err) == ["corpus/a.txt", "corpus/drafts/b.txt", "notes/g.txt"]


def test_named_files_are_filtered_too(capsys):
    _tree()
    code, _, err = check(capsys, "README.md", "corpus/c.md", "corpus/d.jsonl")
    assert code == 0
    assert "0 files would be cleaned, 0 unchanged, 3 skipped" in err
    assert Path("README.md").read_text(encoding="utf-8") == "# Project\n\n    indented code\n"


def test_config_include_exclude_types(capsys):
    _tree()
    write(
        "pyproject.toml",
        '[tool.cleaner]\ninclude = ["corpus/**"]\nexclude = ["drafts"]\ntypes = ["txt", ".MD"]\n',
    )
    code, _, err = check(capsys, ".")
    assert code == 1
    assert _named(err) == ["corpus/a.txt", "corpus/c.md"]
    # pre-commit names files one by one: the same rules apply
    code, _, err = check(capsys, "corpus/a.txt", "corpus/drafts/b.txt", "notes/g.txt", "README.md")
    assert code == 1
    assert _named(err) == ["corpus/a.txt"]
    assert "3 skipped" in err


def test_globs_are_relative_to_the_project_root(capsys, monkeypatch, project):
    _tree()
    write("pyproject.toml", '[tool.cleaner]\nexclude = ["corpus/drafts"]\n')
    monkeypatch.chdir(project / "corpus")
    _, _, err = check(capsys, ".")
    assert _named(err) == ["a.txt"]


def test_command_line_replaces_configured_lists(capsys):
    _tree()
    write("pyproject.toml", '[tool.cleaner]\nexclude = ["drafts"]\ntypes = ["txt"]\n')
    _, _, err = check(capsys, "--exclude", "notes/*.txt", "--types", "md,txt", ".")
    assert _named(err) == ["corpus/a.txt", "corpus/c.md", "corpus/drafts/b.txt"]  # README*: default
    argv = ("--exclude", "notes/*.txt", "--types", "md,txt", "--no-default-exclude", ".")
    _, _, err = check(capsys, *argv)
    assert _named(err) == ["README.md", "corpus/a.txt", "corpus/c.md", "corpus/drafts/b.txt"]
    _, _, err = check(capsys, "--include", "notes", ".")
    assert _named(err) == ["notes/g.txt"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('types = ["jsonl"]', "'jsonl' files are JSON, not plain text"),
        ("types = []", "option 'types'"),
        ("include = 3", "option 'include'"),
        ('exclude = ["a", 1]', "option 'exclude'"),
    ],
)
def test_bad_selection_config_is_a_usage_error(capsys, table, message):
    write("pyproject.toml", f"[tool.cleaner]\n{table}\n")
    write("a.txt", FURNISHED)
    code, _, err = check(capsys, "a.txt")
    assert code == 2
    assert message in err
    assert "pyproject.toml [tool.cleaner]" in err or "command line" in err


@pytest.mark.parametrize(
    ("glob", "path", "hit"),
    [
        ("*.md", "docs/a.md", True),
        ("*.md", "docs/a.txt", False),
        ("drafts", "corpus/drafts/x.txt", True),
        ("drafts", "corpus/drafts2/x.txt", False),
        ("corpus/raw", "corpus/raw/2024/x.txt", True),
        ("corpus/raw", "other/corpus/raw/x.txt", False),
        ("corpus/raw/", "corpus/raw/x.txt", True),
        ("./corpus/*.txt", "corpus/x.txt", True),
        ("corpus/*.txt", "corpus/sub/x.txt", False),
        ("corpus/**/*.txt", "corpus/sub/deeper/x.txt", True),
        ("**/x.txt", "x.txt", True),
        ("/x.txt", "sub/x.txt", False),
        ("data-[0-9].txt", "data-7.txt", True),
        ("data-[!0-9].txt", "data-7.txt", False),
        ("?.txt", "a/b.txt", True),
        ("?.txt", "ab.txt", False),
    ],
)
def test_glob(glob, path, hit):
    assert check_cmd.Glob.of(glob).matches(path) is hit


# -- killing a fixing run never leaves a partial file ------------------------------

TEMPLATES = 8
FILES = 400


def _variant(k: int) -> bytes:
    """Eight different furnished files: two articles x LF/CRLF x with/without BOM."""
    text = (FURNISHED, ARTICLE)[k % 2].replace("Wednesday", f"Wednesday ({k})")
    text = text.replace("Tuesday", f"Tuesday ({k})")
    newline = "\r\n" if k & 2 else "\n"
    return fileio.encode(text.replace("\r\n", "\n"), newline, bom=bool(k & 4))


def _expected(k: int) -> bytes:
    raw = _variant(k)
    f = fileio.TextFile.parse(raw, "x")
    return f.encode(cleaner.clean(f.text))


def _assert_whole(corpus: Path, old: list[bytes], new: list[bytes]) -> tuple[int, int]:
    """Every data file is byte-equal to its old or its new content; count each."""
    n_old = n_new = 0
    names = {f"f{i:03d}.txt" for i in range(FILES)}
    for p in corpus.iterdir():
        if p.name in names:
            continue
        # The only other files allowed: temporaries of a killed write, clearly named,
        # and never picked up as data by a later run.
        assert fileio.is_temp_name(p.name), p.name
        assert re.fullmatch(r"\.f\d{3}\.txt\.cleaner-tmp-\w+", p.name), p.name
    for i in range(FILES):
        data = (corpus / f"f{i:03d}.txt").read_bytes()
        k = i % TEMPLATES
        if data == old[k]:
            n_old += 1
        elif data == new[k]:
            n_new += 1
        else:
            pytest.fail(f"f{i:03d}.txt is neither the old nor the new file: {data[:80]!r}...")
    return n_old, n_new


def _fix_and_kill(corpus: Path, poll: Path, before: bytes) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "check", "--fix", "-q", "--no-config", str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 120
    try:
        while poll.read_bytes() == before:
            if proc.poll() is not None:
                pytest.fail(f"cleaner ended before it was killed: {proc.communicate()}")
            if time.monotonic() > deadline:
                pytest.fail("cleaner did not rewrite a file within 120 s")
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
    finally:
        out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killed_fix_leaves_every_file_whole(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    old = [_variant(k) for k in range(TEMPLATES)]
    new = [_expected(k) for k in range(TEMPLATES)]
    assert all(o != n for o, n in zip(old, new, strict=True))
    for i in range(FILES):
        (corpus / f"f{i:03d}.txt").write_bytes(old[i % TEMPLATES])

    # Files are fixed in name order: kill once f004 is new (several files done,
    # hundreds to go), then run again and kill in the middle of the rest.
    done = _fix_and_kill(corpus, corpus / "f004.txt", old[4 % TEMPLATES])
    assert done.returncode == -signal.SIGKILL
    n_old, n_new = _assert_whole(corpus, old, new)
    assert n_new >= 5 and n_old > 100, (n_old, n_new)

    done = _fix_and_kill(corpus, corpus / "f200.txt", old[200 % TEMPLATES])
    assert done.returncode == -signal.SIGKILL
    n_old2, n_new2 = _assert_whole(corpus, old, new)
    assert n_new2 >= 201 and n_old2 > 50, (n_old2, n_new2)

    # Files already fixed are clean: a later check passes them.
    assert (
        main(["check", "-q", "--no-config", *(str(corpus / f"f{i:03d}.txt") for i in range(5))])
        == 0
    )


def test_globs_match_in_linear_time(monkeypatch):
    """#14 item 18: ``*a*a*a*a*a*a*a*a*b`` against a name of a's took 14 s with a
    backtracking regex at 48 characters. The matcher compares each character
    against at most one token per star position: work grows linearly with the name."""
    from cleaner.commands import _files

    calls = 0
    real = _files._same_char

    def counting(token, c):
        nonlocal calls
        calls += 1
        return real(token, c)

    monkeypatch.setattr(_files, "_same_char", counting)
    glob = check_cmd.Glob.of("*a*a*a*a*a*a*a*a*b")
    work = {}
    for n in (48, 480, 4800):
        calls = 0
        assert not glob.matches("a" * n)
        assert not glob.matches(f"dir/{'a' * n}/x")
        work[n] = calls
    assert work[480] <= 11 * work[48] and work[4800] <= 11 * work[480], work
    assert glob.matches("a" * 8 + "b") and glob.matches("xaxaxaxaxaxaxaxaxb")
