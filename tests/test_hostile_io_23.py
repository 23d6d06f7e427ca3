"""Input and output as a new user and a hostile tester meet them (#23, items 6-16).

Each test names the item of #23 it covers: a page whose one text passes the
parser's limit, standard output that cannot be written, a file that cannot be
cleaned among others, links to folders out of the tree, SIGHUP, JSON Lines
rows too long, given twice, null or named by an empty ``--field``, compressed
input and output, progress and ``-j`` for folders of files, and file names
with control characters.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import errors, limits
from cleaner.html import MAX_HTML_CHARS

PROSE = "The minister said on Friday that the long talks in Geneva had gone well for all."
FURNISHED = f"Back to top button\n\n{PROSE}\n"
CLEANED = f"{PROSE}\n"
GOOD_ROW = json.dumps({"id": 1, "text": FURNISHED})


def cli(
    *argv: str, stdin: bytes = b"", env: dict | None = None, **kw
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *argv],
        input=None if "stdout" in kw and "stdin" not in kw else stdin,
        capture_output="stdout" not in kw,
        timeout=300,
        env={**os.environ, **(env or {})},
        **kw,
    )


def one_line(err: bytes | str) -> str:
    """The single stderr line of a clear error."""
    err = err.decode() if isinstance(err, bytes) else err
    assert err.count("\n") == 1 and err.startswith("cleaner: error: "), err
    return err


def full_device(folder: Path) -> Path:
    """``/dev/full`` (as root, a node of our own, so that nothing can replace the
    machine's)."""
    if os.geteuid() != 0:
        return Path("/dev/full")
    path = folder / "full"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return path


def _limit_file_size(nbytes: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))

    return apply


# -- 6: a text node past the parser's limit is never a silent loss -------------------------


def test_a_text_node_past_the_parser_limit_is_refused_not_lost(tmp_path: Path):
    page = "<html><body><p>" + "word " * 2_200_000 + "</p><p>After.</p></body></html>"
    assert len(page) < MAX_HTML_CHARS  # inside the documented bound
    with pytest.raises(errors.InputError, match="the HTML parser stopped early"):
        cleaner.clean(page, html=True)
    path = tmp_path / "big.html"
    path.write_text(page)
    other = tmp_path / "other.html"
    other.write_text(f"<html><body><article><p>{PROSE}</p></article></body></html>")
    proc = cli("clean", "--no-config", str(path), str(other))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert f"cleaner: error: {path}: the HTML parser stopped early" in err, err
    assert PROSE in proc.stdout.decode()  # the other page is still cleaned
    # in JSON Lines it is one bad row
    rows = tmp_path / "pages.jsonl"
    rows.write_text(json.dumps({"text": page}) + "\n" + GOOD_ROW + "\n")
    proc = cli("clean", "--jsonl", "--html", "--no-config", str(rows))
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 1
    assert "line 1: the HTML parser stopped early" in proc.stderr.decode()


def test_elements_nested_past_the_parser_limit_are_refused_not_cut():
    page = "<html><body><p>Before.</p>" + "<div>" * 300 + "Deep." + "</div>" * 300
    page += f"<p>{PROSE}</p></body></html>"
    with pytest.raises(errors.InputError, match="the HTML parser stopped early"):
        cleaner.clean(page, html=True)


# -- 7: standard output that cannot be written is exit 2 and one line ---------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["clean", "FILE"],
        ["clean", "--jsonl", "ROWS"],
        ["explain", "FILE"],
        ["check", "--diff", "FILE"],
        ["passes"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_standard_output_on_a_full_disk_is_a_clear_error(tmp_path: Path, argv: list[str]):
    doc = tmp_path / "a.txt"
    doc.write_text(FURNISHED)
    rows = tmp_path / "a.jsonl"
    rows.write_text(GOOD_ROW + "\n")
    argv = [{"FILE": str(doc), "ROWS": str(rows)}.get(a, a) for a in argv]
    if argv[0] != "passes":
        argv.insert(1, "--no-config")
    with open(full_device(tmp_path), "wb") as full:
        proc = cli(*argv, stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 2, proc.stderr
    assert "cannot write to standard output: No space left on device" in one_line(proc.stderr)


def test_report_all_onto_a_full_disk_is_a_clear_error(tmp_path: Path):
    rows = tmp_path / "c.jsonl"
    rows.write_text("\n".join(json.dumps({"id": i, "text": FURNISHED * 20}) for i in range(200)))
    out = tmp_path / "report.html"
    argv = [sys.executable, "-m", "cleaner", "report", "--no-config", "--all", str(rows)]
    proc = subprocess.run(
        [*argv, "-o", str(out)],
        capture_output=True,
        preexec_fn=_limit_file_size(20_000),
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "File too large; nothing was replaced" in one_line(proc.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


def test_an_encoding_that_fails_gives_one_short_line(tmp_path: Path):
    doc = tmp_path / "a.txt"
    doc.write_text("Le ministre a dit que les négociations de Genève ont réussi. " * 200)
    proc = cli("clean", "--no-config", str(doc), env={"PYTHONIOENCODING": "ascii:surrogateescape"})
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert "standard output (ascii) cannot encode" in line and len(line) < 200


def test_an_internal_error_message_never_holds_the_whole_document():
    message = errors.INTERNAL.format(error=errors.describe(ValueError("x" * 100_000)))
    assert len(message) < 400


def test_check_diff_into_a_pipe_closed_early_ends_quietly(tmp_path: Path):
    for k in range(40):
        (tmp_path / f"a{k:02d}.txt").write_text(FURNISHED)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "check", "--diff", "--no-config", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().startswith(b"--- a/")
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0
    assert "error" not in err and "BrokenPipe" not in err, err


# -- 8: a file that cannot be cleaned is named, and the others are cleaned -----------------


def test_clean_names_a_page_it_refuses_and_goes_on(tmp_path: Path):
    attrs = " ".join(f'a{i}="v"' for i in range(12_000))
    bomb = tmp_path / "bomb.html"
    bomb.write_text(f"<html><body><p {attrs}>x</p></body></html>")
    other = tmp_path / "other.html"
    other.write_text(f"<html><body><article><p>{PROSE}</p></article></body></html>")
    proc = cli("clean", "--no-config", str(bomb), str(other))
    assert proc.returncode == 2
    line = one_line(proc.stderr)
    assert f"{bomb}: an HTML tag has more than 10,000 attributes" in line
    assert proc.stdout.decode() == f"==> {other} <==\n{PROSE}\n"


# -- 9: links to folders out of the tree ----------------------------------------------------


def test_check_fix_never_follows_a_folder_link_out_of_the_tree(tmp_path: Path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / "corpus").mkdir(parents=True)
    outside.mkdir()
    (repo / ".git").mkdir()  # the project root
    secret = outside / "secret.txt"
    secret.write_text(FURNISHED)
    (repo / "corpus" / "dirlink").symlink_to(outside, target_is_directory=True)
    (repo / "corpus" / "inside").mkdir()
    (repo / "corpus" / "inlink").symlink_to(repo / "corpus" / "inside")
    (repo / "corpus" / "inside" / "a.txt").write_text(FURNISHED)
    for named in ("corpus/dirlink/secret.txt", "corpus/dirlink", "corpus/dirlink/"):
        proc = cli("check", "--fix", "--no-config", named, cwd=repo)
        assert proc.returncode == 0, proc.stderr
        assert f"skipped {named}" in proc.stderr.decode() and "outside" in proc.stderr.decode()
        assert secret.read_text() == FURNISHED
    # named with the folder that has the link: the link is not walked either
    proc = cli("check", "--fix", "--no-config", "corpus", "corpus/dirlink", cwd=repo)
    assert secret.read_text() == FURNISHED
    # a link to a folder inside the tree is followed
    (repo / "corpus" / "inside" / "a.txt").write_text(FURNISHED)
    proc = cli("check", "--fix", "--no-config", "corpus/inlink/a.txt", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    assert (repo / "corpus" / "inside" / "a.txt").read_text() == CLEANED


# -- 10: SIGHUP removes the temporary output as SIGINT and SIGTERM do ----------------------


@pytest.mark.parametrize("command", ["clean", "report"])
def test_sighup_leaves_no_temporary_file(tmp_path: Path, command: str):
    row = json.dumps({"text": "\n\n".join([FURNISHED] * 40)}) + "\n"
    src = tmp_path / "in.jsonl"
    src.write_text(row * (2_000_000 // len(row)))
    out = tmp_path / "out.x"
    argv = ["clean", "--jsonl", "-j", "2"] if command == "clean" else ["report", "-j", "2"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", *argv, "--no-config", "-o", str(out), str(src)],
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while command == "clean" and not any(".cleaner-tmp-" in p.name for p in tmp_path.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1.0)
    assert proc.poll() is None
    proc.send_signal(signal.SIGHUP)
    proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGHUP
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


# -- 11: JSON Lines rows too long, given twice, null; an empty --field ---------------------


def test_a_row_past_the_row_bound_is_one_bad_row(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    big = json.dumps({"text": "word " * (limits.MAX_ROW_BYTES // 5 + 10)})
    src.write_text(f"{GOOD_ROW}\n{big}\n{GOOD_ROW}\n")
    out, bad = tmp_path / "out.jsonl", tmp_path / "bad.jsonl"
    proc = cli("clean", "--jsonl", "--no-config", "-o", str(out), "--errors", str(bad), str(src))
    assert proc.returncode == 1, proc.stderr
    assert [json.loads(r)["text"] for r in out.read_text().splitlines()] == [CLEANED] * 2
    (record,) = map(json.loads, bad.read_text().splitlines())
    assert record["line"] == 2 and "a row of" in record["error"] and "more than" in record["error"]
    assert big.startswith(record["raw"]) and len(record["raw"]) == 1000
    # explain, learn and report go on past it too
    proc = cli("explain", "--jsonl", "--no-config", str(src))
    assert proc.returncode == 1 and proc.stdout.count(b"CL103") == 2, proc.stderr
    proc = cli("report", "--no-config", "-o", str(tmp_path / "r.html"), str(src))
    assert proc.returncode == 1 and b"2 documents" in proc.stderr, proc.stderr
    proc = cli("learn", "--jsonl", "--no-config", "-o", str(tmp_path / "p.json"), str(src))
    assert proc.returncode == 1 and b"from 2 document(s)" in proc.stdout, proc.stderr
    # a run that replaces its input stops instead: the row would be lost with it
    proc = cli("clean", "--jsonl", "--no-config", "-o", str(src), "--errors", str(bad), str(src))
    assert proc.returncode == 2 and "a row of more than" in one_line(proc.stderr)
    assert src.read_text().startswith(GOOD_ROW)


def test_a_row_that_gives_the_field_twice_is_a_bad_row():
    twice = '{"id": 2, "text": "Kept as it was.", "text": "Back to top\\n\\nCleaned."}'
    proc = cli("clean", "--jsonl", "--no-config", stdin=f"{GOOD_ROW}\n{twice}\n".encode())
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 1
    assert "<stdin>: line 2: field 'text' is given twice" in proc.stderr.decode()


@pytest.mark.parametrize("command", ["clean", "explain", "learn", "report"])
@pytest.mark.parametrize("option", ["--field", "--site-field"])
def test_an_empty_field_name_is_a_usage_error(tmp_path: Path, command: str, option: str):
    extra = ["--jsonl"] if command != "report" else []
    out = ["-o", str(tmp_path / "x")] if command in ("learn", "report") else []
    proc = cli(command, *extra, *out, option, "", "-", stdin=GOOD_ROW.encode() + b"\n")
    assert proc.returncode == 2
    assert f"argument {option}: must name a field, got ''" in proc.stderr.decode()
    assert proc.stdout == b""


def test_a_null_text_stays_null_everywhere(tmp_path: Path):
    null = json.dumps({"id": 2, "text": None, "n": 1.0})
    src = tmp_path / "in.jsonl"
    src.write_text(f"{GOOD_ROW}\n{null}\n")
    proc = cli("clean", "--jsonl", "--no-config", str(src))
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    assert proc.stdout.decode().splitlines()[1] == null
    proc = cli("clean", "--jsonl", "--meta", "--no-config", str(src))
    assert proc.returncode == 0
    assert json.loads(proc.stdout.splitlines()[1]) == {
        "id": 2,
        "text": None,
        "n": 1.0,
        "cleaner": None,
    }
    for argv in (["explain", "--jsonl"], ["learn", "--jsonl", "-o", str(tmp_path / "p.json")]):
        proc = cli(*argv, "--no-config", str(src))
        assert proc.returncode == 0 and proc.stderr == b"", (argv, proc.stderr)
    proc = cli("report", "--no-config", "-o", str(tmp_path / "r.html"), str(src))
    assert proc.returncode == 0 and b"1 documents" in proc.stderr, proc.stderr
    # the library's integrations say the same
    pytest.importorskip("datasets")
    import cleaner.hf

    assert cleaner.hf.map_fn(column="text")({"text": [FURNISHED, None]}) == {
        "text": [CLEANED, None]
    }


# -- 14: compressed input and output --------------------------------------------------------


def test_gzip_input_and_output_by_extension(tmp_path: Path):
    rows = tmp_path / "in.jsonl.gz"
    with gzip.open(rows, "wt") as fh:
        fh.write(f"{GOOD_ROW}\n{GOOD_ROW}\n")
    out, bad = tmp_path / "out.jsonl.gz", tmp_path / "bad.jsonl.gz"
    proc = cli("clean", "--jsonl", "--no-config", "-o", str(out), "--errors", str(bad), str(rows))
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(r)["text"] for r in gzip.decompress(out.read_bytes()).splitlines()] == [
        CLEANED
    ] * 2
    assert gzip.decompress(bad.read_bytes()) == b""
    proc = cli("explain", "--jsonl", "--no-config", str(rows))
    assert proc.returncode == 0 and proc.stdout.count(b"CL103") == 2, proc.stderr
    proc = cli("learn", "--jsonl", "--no-config", "-o", str(tmp_path / "p.json"), str(rows))
    assert proc.returncode == 0 and b"from 2 document(s)" in proc.stdout, proc.stderr
    proc = cli("report", "--no-config", "-o", str(tmp_path / "r.html"), str(rows))
    assert proc.returncode == 0 and b"2 documents" in proc.stderr, proc.stderr
    # a plain text file, compressed
    doc = tmp_path / "a.txt.gz"
    doc.write_bytes(gzip.compress(FURNISHED.encode()))
    proc = cli("clean", "--no-config", str(doc))
    assert proc.returncode == 0 and proc.stdout.decode() == CLEANED, proc.stderr
    proc = cli("explain", "--no-config", str(doc))
    assert proc.returncode == 0 and b"CL103" in proc.stdout, proc.stderr


def test_broken_or_huge_gzip_is_a_clear_error(tmp_path: Path):
    broken = tmp_path / "in.jsonl.gz"
    rows = "".join(
        json.dumps({"id": os.urandom(16).hex(), "text": PROSE}) + "\n" for _ in range(99)
    )
    data = gzip.compress(rows.encode())
    broken.write_bytes(data[: len(data) // 2])  # cut short
    proc = cli("clean", "--jsonl", "--no-config", str(broken))
    assert proc.returncode == 2
    assert f"{broken}: cannot read" in one_line(proc.stderr)
    # a small file that inflates past the file bound is refused, not read whole
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * (limits.MAX_FILE_BYTES + 10)))
    proc = cli("clean", "--no-config", str(bomb))
    assert proc.returncode == 2
    assert "more than 33,554,432 bytes" in one_line(proc.stderr)


def test_zstd_where_the_standard_library_has_it(tmp_path: Path):
    rows = tmp_path / "in.jsonl.zst"
    try:
        from compression import zstd  # Python 3.14 and later
    except ImportError:
        rows.write_bytes(b"\x28\xb5\x2f\xfd")  # zstd's magic number
        proc = cli("clean", "--jsonl", "--no-config", str(rows))
        assert proc.returncode == 2
        assert "zstd files need Python 3.14 or later" in one_line(proc.stderr)
        return
    rows.write_bytes(zstd.compress(f"{GOOD_ROW}\n".encode()))
    out = tmp_path / "out.jsonl.zst"
    proc = cli("clean", "--jsonl", "--no-config", "-o", str(out), str(rows))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(zstd.decompress(out.read_bytes()))["text"] == CLEANED


# -- 15: progress bars on long commands, -j and -o for folders of files -------------------


def test_progress_bars_on_every_long_command(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for k in range(3):
        (docs / f"a{k}.txt").write_text(FURNISHED)
    rows = tmp_path / "in.jsonl"
    rows.write_text(f"{GOOD_ROW}\n" * 3)
    out = str(tmp_path / "out")
    for argv in (
        ["check", str(docs)],
        ["explain", str(docs)],
        ["explain", "--jsonl", str(rows)],
        ["clean", str(docs)],
        ["learn", "-o", out, str(docs)],
        ["learn", "--jsonl", "-o", out, str(rows)],
    ):
        proc = cli(*argv, "--no-config", "--progress")
        assert b"3/3" in proc.stderr or b"3 rows" in proc.stderr, (argv, proc.stderr)
        proc = cli(*argv, "--no-config")  # not a terminal: no bar
        assert b"\r" not in proc.stderr and b"3/3" not in proc.stderr, (argv, proc.stderr)


def test_jobs_and_output_for_folders_of_files(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    texts = {f"a{k:02d}.txt": f"Back to top button\n\nStory {k}. {PROSE}\n" for k in range(12)}
    for name, text in texts.items():
        (docs / name).write_text(text)
    (docs / "b.txt").write_bytes(b"caf\xe9\n")  # not UTF-8: reported, the others go on
    one = cli("clean", "--no-config", str(docs))
    two = cli("clean", "--no-config", "-j", "2", str(docs))
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout and one.stderr == two.stderr
    out = tmp_path / "all.txt"
    three = cli("clean", "--no-config", "-j", "2", "-o", str(out), str(docs))
    assert three.returncode == 2 and three.stdout == b"" and out.read_bytes() == one.stdout
    one = cli("explain", "--no-config", str(docs))
    two = cli("explain", "--no-config", "-j", "2", str(docs))
    assert one.stdout == two.stdout and one.stdout.count(b"CL103") == 12
    one = cli("check", "--no-config", "--diff", str(docs))
    two = cli("check", "--no-config", "--diff", "-j", "2", str(docs))
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout and one.stderr == two.stderr
    fix = cli("check", "--no-config", "--fix", "-j", "2", str(docs))
    assert fix.returncode == 2
    for name, text in texts.items():
        assert (docs / name).read_text() == cleaner.clean(text)
    # -o never names an input of a plain-text run
    proc = cli("clean", "--no-config", "-o", str(docs / "a00.txt"), str(docs / "a00.txt"))
    assert proc.returncode == 2 and "is also an input file" in one_line(proc.stderr)


# -- 16: file names with control characters are quoted as ls quotes them ------------------


def test_names_with_control_characters_are_quoted(tmp_path: Path):
    name = "evil\x1b[31mred\n.txt"
    (tmp_path / name).write_text(FURNISHED)
    quoted = "'evil'$'\\033''[31mred'$'\\n''.txt'"
    for argv in (["check", "--explain"], ["explain"], ["clean", "--no-html"]):
        proc = cli(*argv, "--no-config", "a.txt", name, cwd=tmp_path)
        out = proc.stdout + proc.stderr
        assert b"\x1b" not in out and quoted.encode() in out, (argv, out)
    missing = "gone\x1b]0;title\x07.txt"
    proc = cli("clean", "--no-config", missing, cwd=tmp_path)
    assert proc.returncode == 2
    assert "'gone'$'\\033'']0;title'$'\\a''.txt': no such file" in one_line(proc.stderr)
    proc = cli("clean", "--jsonl", "--no-config", missing, cwd=tmp_path)
    assert proc.returncode == 2 and b"\x1b" not in proc.stderr
    proc = cli("clean", "--no-such-option", missing)  # argparse quotes what it was given
    assert proc.returncode == 2 and b"\x1b" not in proc.stderr
