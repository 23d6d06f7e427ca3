"""`cleaner clean --jsonl`: streaming, bad rows, atomic output, jobs, progress."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import jsonl
from cleaner.cli import main

TEXTS = [
    "Back to top button\n\nIt rained in Paris all day, the weather service said.",
    "International\n\nRead Also | Something else\n\n"
    "The minister said on Friday that the long talks in Geneva had gone well.",
    "Advertisement\n\nThe caf\u00c3\u00a9 was full, \u201cas always\u201d, she said.",
]

GOOD = [json.dumps({"id": i, "text": t, "n": [i, None]}) for i, t in enumerate(TEXTS)]
BAD = {
    3: b"this is not json",
    4: b'{"id": 9}',
    5: b'{"id": 10, "text": 42}',
    6: b'{"id": 11, "text": "caf\xe9 au lait"}',
    7: b"[1, 2, 3]",
    8: b'{"id": 12, "text": "Old.", "text": "New."}',
}


def mixed_input() -> bytes:
    lines = [GOOD[0].encode(), GOOD[1].encode(), *BAD.values(), b"", GOOD[2].encode()]
    return b"\n".join(lines) + b"\n"


def cli(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--jsonl", "--no-config", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def expected_rows() -> list[dict]:
    return [{"id": i, "text": cleaner.clean(t), "n": [i, None]} for i, t in enumerate(TEXTS)]


def rows_of(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


# -- bad rows -------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_rows_are_reported_and_good_rows_go_on(jobs: str) -> None:
    proc = cli(["-j", jobs, "-"], mixed_input())
    assert proc.returncode == 1
    assert rows_of(proc.stdout) == expected_rows()
    err = proc.stderr.decode()
    for line in BAD:
        assert f"<stdin>: line {line}: " in err
    assert "line 6: not valid UTF-8 (byte 23)" in err
    assert "line 5: field 'text' is int, not a string" in err
    assert "line 8: field 'text' is given twice" in err
    assert err.strip().splitlines()[-1] == "cleaner: 6 of 9 row(s) failed"


def test_errors_file_gets_one_record_per_bad_row(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(mixed_input())
    errs = tmp_path / "bad.jsonl"
    proc = cli(["-o", str(tmp_path / "out.jsonl"), "--errors", str(errs), str(src)])
    assert proc.returncode == 1
    records = rows_of(errs.read_bytes())
    assert [r["line"] for r in records] == list(BAD)
    assert {r["file"] for r in records} == {str(src)}
    assert records[0]["raw"] == "this is not json"
    assert records[3]["raw"] == '{"id": 11, "text": "caf\ufffd au lait"}'
    assert records[1]["error"] == "line 4: no field 'text'"
    # Bad rows went to the file, not to stderr; only the summary is printed.
    err = proc.stderr.decode().strip().splitlines()
    assert err == [f"cleaner: 6 of 9 row(s) failed; see {errs}"]
    assert rows_of((tmp_path / "out.jsonl").read_bytes()) == expected_rows()


def test_clean_input_exits_zero_silently(tmp_path: Path) -> None:
    proc = cli([], ("\n".join(GOOD) + "\n").encode())
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert rows_of(proc.stdout) == expected_rows()


# -- order and processes ------------------------------------------------------------------


def test_many_batches_on_two_processes_keep_input_order() -> None:
    rows = [{"id": i, "text": f"{TEXTS[i % 3]}\n\nRow {i}."} for i in range(400)]
    data = b"".join((json.dumps(r) + "\n").encode() for r in rows)
    outs = {}
    for jobs in (1, 2):
        out = io.BytesIO()
        stats = jsonl.clean_stream([("x", io.BytesIO(data))], out, jobs=jobs, batch_bytes=500)
        assert (stats.rows, stats.failed, stats.bytes_read) == (400, 0, len(data))
        outs[jobs] = out.getvalue()
    assert outs[1] == outs[2]
    got = rows_of(outs[2])
    assert [r["id"] for r in got] == list(range(400))
    assert [r["text"] for r in got] == [cleaner.clean(r["text"]) for r in rows]


class CountingReader(io.RawIOBase):
    """An endless JSONL source that counts what has been read from it."""

    def __init__(self, rows: int) -> None:
        self.line = (json.dumps({"text": TEXTS[0]}) + "\n").encode()
        self.left = rows
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[override]
        if self.left <= 0:
            return 0
        n = min(len(buf) // len(self.line), self.left) or 1
        chunk = (self.line * n)[: len(buf)]
        buf[: len(chunk)] = chunk
        self.left -= n
        self.read_bytes += len(chunk)
        return len(chunk)


@pytest.mark.parametrize("jobs", [1, 2])
def test_reading_stays_a_few_batches_ahead_of_writing(jobs: int) -> None:
    source = CountingReader(rows=2_500)
    batch = 2_000
    ahead: list[int] = []

    class Sink(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, b) -> int:  # type: ignore[override]
            ahead.append(source.read_bytes)
            return len(b)

    stream = io.BufferedReader(source, buffer_size=8192)
    jsonl.clean_stream([("x", stream)], Sink(), jobs=jobs, batch_bytes=batch)
    assert len(ahead) > 50
    # The first write happens after at most 2 * jobs + 1 batches were read (plus buffering),
    # not after the whole input: memory stays flat.
    limit = (2 * jobs + 1) * (batch + 200) + 8192
    assert ahead[0] <= limit
    assert source.read_bytes > 100 * batch  # the whole input went through


# -- output files ------------------------------------------------------------------------


def test_output_appears_only_when_complete(tmp_path: Path, monkeypatch) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(GOOD) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old content\n")

    def explode(sources, sink, **kwargs):
        sink.write(b'{"half": ')
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jsonl, "clean_stream", explode)
    assert main(["clean", "--jsonl", "--no-config", "-o", str(out), str(src)]) == 123
    assert out.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def _default_sigint() -> None:
    """In the child: Ctrl-C as a terminal delivers it. A shell without job control
    starts background commands with SIGINT ignored (``pytest &``, a CI runner), and
    ignored signals are inherited; Python (and cleaner) then rightly keep ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("how", ["SIGINT to the group", "SIGTERM"])
def test_interrupted_run_leaves_no_half_file(tmp_path: Path, how: str) -> None:
    row = json.dumps({"text": "\n\n".join(TEXTS * 12)}) + "\n"
    src = tmp_path / "in.jsonl"
    src.write_text(row * (3_000_000 // len(row)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    cmd = [sys.executable, "-m", "cleaner", "clean", "--jsonl", "--no-config", "-j2"]
    proc = subprocess.Popen(
        [*cmd, "-o", str(out), str(src)],
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 60
    while not any(".cleaner-tmp-" in p.name for p in tmp_path.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=90)
    assert proc.returncode == (143 if how == "SIGTERM" else 130)
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_output_may_replace_its_own_input(tmp_path: Path) -> None:
    src = tmp_path / "data.jsonl"
    src.write_text("\n".join(GOOD) + "\n", encoding="utf-8")
    os.chmod(src, 0o640)
    proc = cli(["-o", str(src), "--errors", str(tmp_path / "bad.jsonl"), str(src)])
    assert proc.returncode == 0, proc.stderr
    assert rows_of(src.read_bytes()) == expected_rows()
    assert os.stat(src).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "data.jsonl"]


def test_missing_input_is_a_usage_error_before_any_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = cli(["-o", str(out), str(tmp_path / "nope.jsonl")])
    assert proc.returncode == 2
    assert b"no such file" in proc.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_output_flag_needs_jsonl(tmp_path: Path) -> None:
    assert main(["clean", "-o", str(tmp_path / "x.txt"), str(tmp_path / "y.txt")]) == 2


# -- odd rows ----------------------------------------------------------------------------


def test_bom_crlf_and_lone_surrogates() -> None:
    data = (
        b"\xef\xbb\xbf" + GOOD[0].encode() + b"\r\n"
        b'{"text": "Short line of text here.", "odd": "\\ud800x"}\r\n'
    )
    out = io.BytesIO()
    stats = jsonl.clean_stream([("x", io.BytesIO(data))], out)
    assert stats.failed == 0
    lines = out.getvalue().splitlines()
    assert json.loads(lines[0])["text"] == cleaner.clean(TEXTS[0])
    # A lone surrogate cannot be UTF-8: that row is written with escapes, losslessly.
    assert lines[1] == b'{"text": "Short line of text here.\\n", "odd": "\\ud800x"}'


def test_field_and_meta() -> None:
    data = json.dumps({"body": TEXTS[1]}).encode() + b"\n"
    out = io.BytesIO()
    jsonl.clean_stream([("x", io.BytesIO(data))], out, field="body", meta=True)
    row = json.loads(out.getvalue())
    assert row["body"] == cleaner.clean(TEXTS[1])
    assert [r["code"] for r in row["cleaner"]["removed"]][:2] == ["CL101", "CL201"] or row[
        "cleaner"
    ]["removed"]


# -- progress ----------------------------------------------------------------------------


def test_progress_is_silent_unless_asked_or_on_a_terminal() -> None:
    data = ("\n".join(GOOD) + "\n").encode()
    quiet = cli([], data)
    assert quiet.stderr == b""
    loud = cli(["--progress"], data)
    assert loud.returncode == 0
    assert b"3 rows, 0 failed" in loud.stderr
    assert b"cleaning" in loud.stderr
    assert loud.stdout == quiet.stdout
