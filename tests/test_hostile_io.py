"""Hostile use of the command line (#14): never lose, clobber or escape.

Outputs that collide or are not regular files, in-place runs, links out of the
tree, configuration found above the repository, files that are not corpus
text, bad rows that must not kill a run, bounds on what one row, config or
profile may take, and workers that must die with their parent. Each test
names the item of #14 it covers.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import errors, limits
from cleaner.cli import main

PROSE = "The minister said on Friday that the long talks in Geneva had gone well for all."
FURNISHED = f"Back to top button\n\n{PROSE}\n"
GOOD_ROW = json.dumps({"id": 1, "text": FURNISHED})


def cli(
    *argv: str, stdin: bytes = b"", env: dict | None = None, **kw
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *argv],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        **kw,
    )


def one_line(proc: subprocess.CompletedProcess) -> str:
    """The single stderr line of a clear error."""
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("cleaner: error: "), err
    return err


def device(folder: Path, name: str) -> Path:
    """A ``/dev/null`` or ``/dev/full`` to write to. As root, a node of our own in
    ``folder``: a cleaner that renames over its output (the bug of item 2) must
    never get to replace the machine's ``/dev/null``. Others cannot replace
    those in ``/dev``, so they get the real ones."""
    if os.geteuid() != 0:
        return Path("/dev") / name
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, {"null": 3, "full": 7}[name]))
    return path


@pytest.fixture
def rows(tmp_path: Path) -> Path:
    """200 rows, 6 of them bad."""
    lines = []
    for i in range(200):
        if i % 37 == 5:
            lines.append(b'{"id": %d, "text": ' % i)  # broken JSON
        else:
            lines.append(json.dumps({"id": i, "text": FURNISHED}).encode())
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


# -- 1: in-place output never drops a row ------------------------------------------------


def test_in_place_without_errors_is_refused_before_reading(rows: Path):
    before = rows.read_bytes()
    proc = cli("clean", "--jsonl", "--no-config", "-o", str(rows), str(rows))
    assert proc.returncode == 2
    assert "add --errors FILE" in one_line(proc)
    assert rows.read_bytes() == before


def test_in_place_with_errors_keeps_every_row(rows: Path, tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    proc = cli("clean", "--jsonl", "--no-config", "-o", str(rows), "--errors", str(bad), str(rows))
    assert proc.returncode == 1, proc.stderr
    kept = rows.read_bytes().splitlines()
    failed = bad.read_bytes().splitlines()
    assert len(kept) + len(failed) == 200 and len(failed) == 6


# -- 2: outputs that are not regular files are written to, never replaced ----------------


def test_fifo_and_device_outputs_stay_what_they_are(rows: Path, tmp_path: Path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    errs = device(tmp_path, "null")
    proc = cli("clean", "--jsonl", "--no-config", "-o", str(fifo), "--errors", str(errs), str(rows))
    reader.join(30)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert stat.S_ISCHR(os.stat(errs).st_mode)
    assert len(got[0].splitlines()) == 194
    mine = [errs.name] if errs.parent == tmp_path else []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in.jsonl", "out.fifo", *mine])


def test_dev_stdout_as_output(rows: Path, tmp_path: Path):
    proc = cli(
        "clean",
        "--jsonl",
        "--no-config",
        "-o",
        "/dev/stdout",
        "--errors",
        str(device(tmp_path, "null")),
        str(rows),
    )
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stdout.splitlines()) == 194


# -- 3: colliding outputs are refused before anything is read ----------------------------


def test_errors_naming_an_input_is_refused(rows: Path, tmp_path: Path):
    before = rows.read_bytes()
    proc = cli(
        "clean",
        "--jsonl",
        "--no-config",
        "-o",
        str(tmp_path / "o.jsonl"),
        "--errors",
        str(rows),
        str(rows),
    )
    assert proc.returncode == 2
    assert "--errors" in one_line(proc) and "also an input" in proc.stderr.decode()
    assert rows.read_bytes() == before
    assert not (tmp_path / "o.jsonl").exists()


def test_output_and_errors_naming_one_file_is_refused(rows: Path, tmp_path: Path):
    out = tmp_path / "x.jsonl"
    link = tmp_path / "y.jsonl"
    link.symlink_to(out)
    proc = cli("clean", "--jsonl", "--no-config", "-o", str(out), "--errors", str(link), str(rows))
    assert proc.returncode == 2
    assert "every output must be a file of its own" in one_line(proc)
    assert not out.exists()


# -- 4: check --fix never follows a link out of the tree ---------------------------------


def test_links_out_of_the_tree_are_skipped_with_a_note(tmp_path: Path, monkeypatch, capsys):
    home = tmp_path / "home"
    repo = tmp_path / "repo"
    home.mkdir()
    (repo / "sub").mkdir(parents=True)
    bashrc = home / ".bashrc"
    bashrc.write_text("# my settings\nexport A=1\n")
    outside = home / "story.txt"
    outside.write_text(FURNISHED)
    (repo / "notes.txt").symlink_to(bashrc)
    (repo / "story.txt").symlink_to(outside)
    (repo / "sub" / "a.md").write_text(FURNISHED)
    (repo / "sub" / "b.txt").symlink_to(repo / "sub" / "a.md")  # inside, but not a .txt
    (repo / "in.txt").write_text(FURNISHED)
    (repo / "link-in.txt").symlink_to(repo / "in.txt")
    monkeypatch.chdir(repo)
    code = main(["check", "--fix", "--no-config", "."])
    err = capsys.readouterr().err
    assert code == 1
    assert bashrc.read_text() == "# my settings\nexport A=1\n"
    assert outside.read_text() == FURNISHED
    assert (repo / "sub" / "a.md").read_text() == FURNISHED
    assert (repo / "in.txt").read_text() == cleaner.clean(FURNISHED)
    assert f"skipped notes.txt: a link to {bashrc}, outside {repo}" in err
    assert f"skipped story.txt: a link to {outside}" in err
    assert (repo / "notes.txt").is_symlink()


# -- 5: configuration above the repository is not used; the one used is named ------------


def test_pyproject_above_the_repository_is_ignored(tmp_path: Path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\ntypes = ["*"]\nremove-patterns = [".*"]\n'
    )
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "corpus").mkdir()
    (repo / "corpus" / "a.txt").write_text(FURNISHED)
    (repo / "corpus" / "b.dat").write_text(FURNISHED)
    monkeypatch.chdir(repo)
    assert main(["check", "--fix", "-v", "corpus"]) == 1
    err = capsys.readouterr().err
    assert (repo / "corpus" / "a.txt").read_text() == cleaner.clean(FURNISHED)  # not emptied
    assert (repo / "corpus" / "b.dat").read_text() == FURNISHED
    assert "config: defaults" in err and err.rstrip().endswith("(config: defaults)")
    (repo / "pyproject.toml").write_text('[tool.cleaner]\ntypes = ["txt", "dat"]\n')
    assert main(["check", "-v", "corpus"]) == 1
    err = capsys.readouterr().err
    assert "config: pyproject.toml\n" in err and err.rstrip().endswith("(config: pyproject.toml)")


# -- 6: files that are not scraped text, and .gitignore ----------------------------------


def test_well_known_names_and_gitignored_files_are_left_alone(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q", "."], check=True)
    untouched = {
        "requirements.txt": "# pinned\n  -e .\nrequests==2\n",
        "requirements-dev.txt": "# dev\npytest\n",
        "LICENSE.txt": "Copyright (c) 2024 Someone\n\nPermission is hereby granted.\n",
        "pkg.egg-info/SOURCES.txt": "setup.py\n  pkg/__init__.py\n",
        "CMakeLists.txt": "# build\n  project(x)\n",
        "build/out.txt": FURNISHED,
        "corpus/skip.log.txt": FURNISHED,
    }
    for name, text in untouched.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text)
    Path(".gitignore").write_text("build/\n*.log.txt\n")
    Path("corpus/a.txt").write_text(FURNISHED)
    assert main(["check", "--fix", "--no-config", "."]) == 1
    capsys.readouterr()
    for name, text in untouched.items():
        assert Path(name).read_text() == text, name
    assert Path("corpus/a.txt").read_text() == cleaner.clean(FURNISHED)
    # both can be switched off
    assert (
        main(["check", "--no-config", "--no-respect-gitignore", "--no-default-exclude", "."]) == 1
    )
    err = capsys.readouterr().err
    for name in ("requirements.txt", "LICENSE.txt", "build/out.txt", "corpus/skip.log.txt"):
        assert f"would clean {name}" in err


# -- 8: check never turns a file into another kind of file -------------------------------


def test_check_refuses_html_types_and_skips_html_pages(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    page = "<!doctype html><html><body>" + "<p>" + PROSE + "</p>" * 50 + "</body></html>\n"
    Path("page.html").write_text(page)
    Path("page.txt").write_text(page)
    assert main(["check", "--fix", "--no-config", "--types", "html", "page.html"]) == 2
    assert "'html' files are HTML" in capsys.readouterr().err
    assert main(["check", "--fix", "--no-config", "--types", "*", "."]) == 0
    assert "skipped page.txt: looks like an HTML page" in capsys.readouterr().err
    assert Path("page.html").read_text() == page and Path("page.txt").read_text() == page


# -- 9: a profile's hashes must be the hashes of its texts -------------------------------


def test_profile_with_a_forged_hash_is_refused(tmp_path: Path):
    from cleaner.profile import Profile, line_hash

    article = "The council voted on Tuesday to close the old bridge for repairs until spring."
    forged = {
        "format": "cleaner-profile",
        "version": 1,
        "sites": {"*": {"documents": 9, "lines": [
            {"hash": f"{line_hash(article):016x}", "count": 9, "text": "Back to top"}
        ]}},
    }  # fmt: skip
    path = tmp_path / "p.json"
    path.write_text(json.dumps(forged))
    with pytest.raises(cleaner.ConfigError, match="is not the hash of 'Back to top'"):
        Profile.load(path)
    doc = tmp_path / "a.txt"
    doc.write_text(article + "\n")
    proc = cli("clean", "--no-config", "--profile", str(path), str(doc))
    assert proc.returncode == 2 and "not a valid cleaner profile" in one_line(proc)


# -- 10: output that cannot be encoded, names that are not UTF-8 -------------------------


def test_stdout_that_cannot_encode_is_a_clear_error(tmp_path: Path):
    doc = tmp_path / "a.txt"
    doc.write_text(
        "Le ministre a dit vendredi que les longues négociations de Genève ont réussi.\n"
    )
    proc = cli("clean", "--no-config", str(doc), env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 2
    assert "standard output (ascii) cannot encode" in one_line(proc)


def test_check_explain_on_a_name_that_is_not_utf8(tmp_path: Path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(FURNISHED)
    proc = cli("check", "--explain", "--no-config", name, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(b"'caf'$'\\351''.txt':1: CL103")  # quoted as ls quotes it


# -- 11, 12: learn and clean go on past bad rows and files -------------------------------


def test_learn_goes_on_past_bad_rows(tmp_path: Path):
    src = tmp_path / "c.jsonl"
    good = [json.dumps({"text": f"Story {i}.\n\nFollow us on Mastodon"}).encode() for i in range(5)]
    src.write_bytes(b"\n".join([*good, b'{"text": "caf\xe9"}', b"[" * 100_000]) + b"\n")
    out = tmp_path / "p.json"
    proc = cli("learn", "--no-config", "--jsonl", str(src), "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr.decode()
    assert (
        "line 6: not valid UTF-8" in err and "line 7: not a JSON object (nested too deeply)" in err
    )
    assert "2 row(s) failed" in err
    assert json.loads(out.read_text())["summary"]["documents"] == 5


def test_learn_goes_on_past_a_file_that_is_not_utf8(tmp_path: Path):
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"Story {i}.\n\nFollow us on Mastodon\n")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9\n")
    out = tmp_path / "p.json"
    proc = cli(
        "learn", "--no-config", *sorted(str(p) for p in tmp_path.glob("*.txt")), "-o", str(out)
    )
    assert proc.returncode == 2
    assert "bad.txt: not valid UTF-8" in proc.stderr.decode()
    assert json.loads(out.read_text())["summary"]["documents"] == 4


def test_a_deeply_nested_row_is_one_bad_row(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(GOOD_ROW.encode() + b"\n" + b"[" * 100_000 + b"\n" + GOOD_ROW.encode() + b"\n")
    proc = cli("clean", "--jsonl", "--no-config", str(src))
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 2
    assert "line 2: not a JSON object (nested too deeply)" in proc.stderr.decode()


# -- 13: disk full, outputs that cannot be, broken configuration files -------------------


def _limit_file_size(nbytes: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))

    return apply


@pytest.mark.parametrize("flag", ["-o", "--errors"])
def test_no_space_left_is_a_clear_error(rows: Path, tmp_path: Path, flag: str):
    other = "--errors" if flag == "-o" else "-o"
    full, null = device(tmp_path, "full"), device(tmp_path, "null")
    proc = cli("clean", "--jsonl", "--no-config", flag, str(full), other, str(null), str(rows))
    assert proc.returncode == 2
    assert f"cannot write {full}: No space left on device" in one_line(proc)
    assert stat.S_ISCHR(full.stat().st_mode) and stat.S_ISCHR(null.stat().st_mode)
    # a regular file that cannot grow (RLIMIT_FSIZE): nothing replaced, no temporary left
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"old\n")
    argv = [sys.executable, "-m", "cleaner", "clean", "--jsonl", "--no-config"]
    argv += ["-o", str(out), "--errors", str(tmp_path / "bad.jsonl"), str(rows)]
    proc = subprocess.run(argv, capture_output=True, preexec_fn=_limit_file_size(100), timeout=120)
    assert proc.returncode == 2
    assert "File too large; nothing was replaced" in one_line(proc)
    assert out.read_bytes() == b"old\n"
    names = sorted(p.name for p in tmp_path.iterdir())
    mine = [d.name for d in (full, null) if d.parent == tmp_path]
    assert names == sorted(["in.jsonl", "out.jsonl", *mine])


def test_learn_spill_that_cannot_grow_is_a_clear_error(tmp_path: Path):
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(json.dumps({"text": f"Story {i} " * 50}) for i in range(50)) + "\n")
    argv = [sys.executable, "-m", "cleaner", "learn", "--no-config", "--jsonl", str(src)]
    argv += ["-o", str(tmp_path / "p.json")]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.run(argv, capture_output=True, preexec_fn=_limit_file_size(2000), env=env)
    assert proc.returncode == 2
    assert "cannot write the spill file in" in one_line(proc)
    assert not (tmp_path / "p.json").exists()


def test_outputs_that_cannot_be_are_refused_before_reading(tmp_path: Path):
    never = tmp_path / "never.jsonl"  # a FIFO nobody writes: reading it would hang
    os.mkfifo(never)
    for flag in ("-o", "--errors"):
        proc = cli("clean", "--jsonl", "--no-config", flag, str(tmp_path), str(never))
        assert proc.returncode == 2 and "is a folder" in one_line(proc)
        proc = cli("clean", "--jsonl", "--no-config", flag, str(tmp_path / "no" / "x"), str(never))
        assert proc.returncode == 2 and "no such folder" in one_line(proc)
    proc = cli("learn", "--no-config", str(never), "-o", str(tmp_path))
    assert proc.returncode == 2 and "is a folder" in one_line(proc)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"tool = 5\n", "[tool] is not a table"),
        (b"[[tool]]\nx = 1\n", "[tool] is not a table"),
        (b"[tool.cleaner]\nignore = ['caf\xe9']\n", "not valid UTF-8 (byte 29)"),
        (b"a = " + b"[" * 50_000 + b"\n", "cannot read"),
    ],
)
def test_broken_pyproject_is_a_config_error(tmp_path: Path, body: bytes, message: str):
    (tmp_path / "pyproject.toml").write_bytes(body)
    doc = tmp_path / "a.txt"
    doc.write_text(FURNISHED)
    proc = cli("clean", str(doc), cwd=tmp_path)
    assert proc.returncode == 2 and message in one_line(proc)


def test_deeply_nested_profile_is_a_config_error(tmp_path: Path):
    path = tmp_path / "p.json"
    path.write_text("[" * 100_000)
    with pytest.raises(cleaner.ConfigError, match="nested too deeply"):
        cleaner.Profile.load(path)


# -- 14: /dev/zero as a row, a config or a profile ---------------------------------------


def test_dev_zero_everywhere_is_a_clear_error():
    proc = cli("clean", "--jsonl", "--no-config", "/dev/zero")
    assert proc.returncode == 2
    assert f"/dev/zero: line 1: a row of more than {limits.MAX_ROW_BYTES:,} bytes" in one_line(proc)
    proc = cli("clean", "--no-config", "--profile", "/dev/zero", "-", stdin=b"x\n")
    assert proc.returncode == 2 and "more than 67,108,864 bytes" in one_line(proc)
    proc = cli("clean", "--config", "/dev/zero", "-", stdin=b"x\n")
    assert proc.returncode == 2 and "more than 1,048,576 bytes" in one_line(proc)
    proc = cli("clean", "--no-config", "/dev/zero")
    assert proc.returncode == 2 and "more than 33,554,432 bytes" in one_line(proc)


# -- 16: bounds on one document ------------------------------------------------------------


def test_a_row_past_the_line_bound_is_a_bad_row_not_a_dead_run(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    many = json.dumps({"text": "ab\n" * (limits.MAX_LINES + 1)})
    src.write_text(f"{GOOD_ROW}\n{many}\n{GOOD_ROW}\n")
    proc = cli("clean", "--jsonl", "--no-config", str(src))
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 2
    assert f"line 2: field 'text': more than {limits.MAX_LINES:,} lines" in proc.stderr.decode()


def test_a_file_past_the_character_bound_is_reported_and_left_alone(
    tmp_path: Path, monkeypatch, capsys
):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1000)
    monkeypatch.chdir(tmp_path)
    Path("big.txt").write_text(FURNISHED * 20)
    Path("ok.txt").write_text(FURNISHED)
    assert main(["check", "--fix", "--no-config", "."]) == 2
    err = capsys.readouterr().err
    assert "big.txt: more than 1,000 characters; not cleaned" in err
    assert Path("big.txt").read_text() == FURNISHED * 20
    assert Path("ok.txt").read_text() == cleaner.clean(FURNISHED)


# -- 15: workers die with their parent -----------------------------------------------------


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find the workers")
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path):
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)  # the parent waits on it for ever, workers idle
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", "--jsonl", "--no-config", "-j", "2", str(fifo)],
        stdout=subprocess.DEVNULL,  # nobody reads a pipe here: output must not block
        stderr=subprocess.DEVNULL,
    )
    writer = open(fifo, "wb")
    try:
        writer.write((GOOD_ROW + "\n").encode() * 40_000)  # > 2 batches: both workers busy
        writer.flush()
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = _children(proc.pid)
            time.sleep(0.1)
        assert len(workers) >= 2, "the workers did not start"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            alive = {w for w in workers if os.path.exists(f"/proc/{w}")}
            alive = {
                w
                for w in alive
                if open(f"/proc/{w}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
            }
            if not alive:
                break
            time.sleep(0.1)
        assert not alive, f"workers {alive} outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
        writer.close()


# -- 19: --meta says what it replaces; other fields are kept byte for byte ---------------


def test_other_fields_are_kept_byte_for_byte_and_meta_says_what_it_replaces(tmp_path: Path):
    raw = (
        '{"id":1e999,  "score": 0.1000000000000000055511151231257827, "text": '
        + json.dumps(FURNISHED)
        + ', "n": [1,2 ,3], "cleaner": {"old": true}}'
    )
    src = tmp_path / "in.jsonl"
    src.write_text(raw + "\n")
    proc = cli("clean", "--jsonl", "--no-config", "--meta", str(src))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert out.startswith('{"id":1e999,  "score": 0.1000000000000000055511151231257827, "text": ')
    assert '"n": [1,2 ,3], "cleaner": {"title"' in out
    row = json.loads(out)
    assert row["text"] == cleaner.clean(FURNISHED) and "old" not in row["cleaner"]
    assert "1 row(s) had a 'cleaner' field already; --meta replaced it" in proc.stderr.decode()
    proc = cli("clean", "--jsonl", "--no-config", str(src))  # without --meta: left as it was
    assert proc.stdout.decode().endswith('"n": [1,2 ,3], "cleaner": {"old": true}}\n')


# -- 21: friction --------------------------------------------------------------------------


def test_a_file_named_dash(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("-").write_text(FURNISHED)
    Path("a.txt").write_text(FURNISHED)
    assert main(["check", "--fix", "--no-config", "a.txt", "-"]) == 1  # not a .txt: skipped
    assert Path("-").read_text() == FURNISHED
    assert main(["check", "--fix", "--no-config", "--types", "*", "a.txt", "-"]) == 1
    assert Path("-").read_text() == cleaner.clean(FURNISHED)
    Path("-").write_text(FURNISHED)
    proc = cli("check", "--no-stdin", "--no-config", "--types", "*", "-", cwd=tmp_path)  # hooks
    assert proc.returncode == 1 and b"would clean - (1 line removed)" in proc.stderr
    capsys.readouterr()
    Path("-").unlink()
    assert main(["check", "--fix", "--no-config", "-"]) == 2
    assert errors.FIX_STDIN in capsys.readouterr().err


def test_the_hooks_never_read_standard_input():
    hooks = Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml"
    entries = [line for line in hooks.read_text().splitlines() if "entry:" in line]
    assert entries and all("--no-stdin" in line for line in entries)


def test_clean_reads_pipes_goes_on_past_bad_files_and_separates_bodies(tmp_path: Path):
    a, bad, c = tmp_path / "a.txt", tmp_path / "bad.txt", tmp_path / "c.txt"
    a.write_text(FURNISHED)
    bad.write_bytes(b"caf\xe9\n")
    c.write_text(PROSE.replace("Friday", "Monday") + "\n")
    proc = cli("clean", "--no-config", str(a), str(bad), str(c))
    assert proc.returncode == 2
    assert proc.stdout.decode() == (
        f"==> {a} <==\n{PROSE}\n\n==> {c} <==\n{PROSE.replace('Friday', 'Monday')}\n"
    )
    assert "bad.txt: not valid UTF-8" in one_line(proc)
    proc = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m cleaner clean --no-config <(printf '{FURNISHED}')"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == cleaner.clean(FURNISHED)


def test_jsonl_only_options_are_refused_without_jsonl(tmp_path: Path):
    doc = tmp_path / "a.txt"
    doc.write_text(FURNISHED)
    # -j, -o and --progress work on files too since #23 (item 15)
    for flag in (["--meta"], ["--errors", str(tmp_path / "bad")], ["--field", "body"]):
        proc = cli("clean", "--no-config", *flag, str(doc))
        assert proc.returncode == 2 and "needs --jsonl" in one_line(proc)


def test_folders_are_walked_by_clean_explain_and_learn(tmp_path: Path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for i in range(3):
        (corpus / "sub" / f"{i}.txt").write_text(
            f"Story {i} of the day is here.\n\nFollow us on Mastodon\n"
        )
    (corpus / "LICENSE.txt").write_text("Copyright (c) 2024\n")
    (corpus / "x.md").write_text(FURNISHED)
    proc = cli("clean", "--no-config", str(corpus))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().count("==> ") == 3
    proc = cli("explain", "--no-config", str(corpus))
    assert proc.returncode == 0 and b"LICENSE" not in proc.stdout
    out = tmp_path / "p.json"
    proc = cli("learn", "--no-config", str(corpus), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["summary"]["documents"] == 3


def test_explain_takes_html_profile_and_jsonl(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Rain</title></head><body><article><p>"
        + PROSE
        + "</p><p>Share on Facebook</p></article></body></html>"
    )
    proc = cli("explain", "--no-config", "--html", str(page))
    assert proc.returncode == 0, proc.stderr
    assert b"CL107" in proc.stdout and b"title: Rain" in proc.stdout
    docs = [
        f"Story {w} of the day.\n\nThe weather desk, third floor" for w in ("one", "two", "three")
    ]
    src = tmp_path / "c.jsonl"
    src.write_text(
        "".join(json.dumps({"text": d, "url": "https://a.example/x"}) + "\n" for d in docs)
    )
    prof = tmp_path / "p.json"
    assert (
        cli(
            "learn", "--no-config", "--jsonl", "--site-field", "url", str(src), "-o", str(prof)
        ).returncode
        == 0
    )
    proc = cli(
        "explain", "--no-config", "--jsonl", "--profile", str(prof), "--site-field", "url", str(src)
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        proc.stdout.decode().count(
            ": CL701 learned-boilerplate: seen in 3 of 3 documents of a.example"
        )
        == 3
    )
    assert f"{src}:2:3: CL701" in proc.stdout.decode()  # row 2, line 3


def test_learn_says_when_no_site_has_enough_documents(tmp_path: Path):
    src = tmp_path / "c.jsonl"
    rows = [{"text": f"Story {i}.\n\nFooter", "url": f"https://s{i}.example/"} for i in range(5)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    proc = cli(
        "learn",
        "--no-config",
        "--jsonl",
        "--site-field",
        "url",
        str(src),
        "-o",
        str(tmp_path / "p.json"),
    )
    assert proc.returncode == 0
    assert "no site has --min-docs 3 documents (the largest has 1)" in proc.stdout.decode()


def test_passes_are_listed_by_code_with_their_whole_summary():
    proc = cli("passes")
    lines = proc.stdout.decode().splitlines()
    codes = [line.split()[0] for line in lines]
    assert codes == sorted(codes)
    cl302 = next(line for line in lines if line.startswith("CL302"))
    assert cl302.endswith('or the section has its "About" heading.')


def test_long_names_setuid_and_extended_attributes_survive_a_fix(
    tmp_path: Path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    long = "n" * 250 + ".txt"  # 254 bytes: the temporary name must be cut to fit
    Path(long).write_text(FURNISHED)
    plain = Path("a.txt")
    plain.write_text(FURNISHED)
    os.chmod(plain, 0o6755)
    try:
        os.setxattr(plain, "user.origin", b"crawl-7")
        xattrs = True
    except OSError:  # the file system takes none
        xattrs = False
    assert main(["check", "--fix", "--no-config", long, "a.txt"]) == 1, capsys.readouterr().err
    assert Path(long).read_text() == cleaner.clean(FURNISHED)
    assert stat.S_IMODE(plain.stat().st_mode) == 0o6755
    if xattrs:
        assert os.getxattr(plain, "user.origin") == b"crawl-7"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.txt", long])


def test_a_link_into_another_folder_named_is_followed(tmp_path: Path, monkeypatch, capsys):
    """#14 item 4: 'the roots given' are all the folders named."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "y.txt").write_text(FURNISHED)
    (tmp_path / "a" / "x.txt").symlink_to(tmp_path / "b" / "y.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-config", "a"]) == 0  # b not named: the link is skipped
    assert "skipped a/x.txt: a link to" in capsys.readouterr().err
    assert main(["check", "--no-config", "a", "b"]) == 1
    assert "would clean a/x.txt" in capsys.readouterr().err


def test_learn_never_writes_its_profile_over_an_input(tmp_path: Path):
    """#14 item 3: a profile over its own corpus would destroy the corpus."""
    src = tmp_path / "c.jsonl"
    src.write_text(GOOD_ROW + "\n")
    before = src.read_bytes()
    proc = cli("learn", "--no-config", "--jsonl", str(src), "-o", str(src))
    assert proc.returncode == 2 and "is also an input file" in one_line(proc)
    assert src.read_bytes() == before
