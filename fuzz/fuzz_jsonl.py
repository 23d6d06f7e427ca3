"""Fuzz the JSON Lines path: ``cleaner clean --jsonl`` end to end, and ``parse_row``.

Run:  python fuzz/fuzz_jsonl.py --runs 50000   (see fuzz/README.md)

Each input becomes a JSON Lines file: the first byte holds flags (``--meta``,
which lines are wrapped as ``{"text": ..., "id": n}`` rows and which are left
as raw, usually broken, bytes); the rest is split on newlines. The target runs
``cleaner.cli.main(["clean", "--jsonl", ...])`` with stdout captured and
checks: the exit code is 0 (all rows clean), 1 (some rows failed) or 2 (input
error), never an internal error or an exception; every output line is a JSON
object whose ``text`` is a string that cleaning leaves unchanged (or null: a
null text stays null); there are no more output rows than input lines; ``parse_row`` returns a row or a ``BadRow``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["cleaner"]):
    import cleaner
    import cleaner.cli
    import cleaner.jsonl

from _common import decode, run

_DIR = tempfile.mkdtemp(prefix="fuzz-jsonl-")
_PATH = os.path.join(_DIR, "rows.jsonl")


def build(data: bytes) -> tuple[bytes, bool]:
    """The JSON Lines file for ``data``, and whether to pass ``--meta``."""
    flags = data[0] if data else 0
    lines = data[1:].split(b"\n")
    out = []
    for n, raw in enumerate(lines):
        if (flags >> (1 + n % 7)) & 1:
            out.append(raw)  # raw bytes: broken JSON, bad UTF-8, blank lines
        else:
            row = {"id": n, "text": decode(raw).replace("\\n", "\n")}
            out.append(json.dumps(row, ensure_ascii=n % 2 == 0).encode("utf-8", "surrogatepass"))
    return b"\n".join(out) + b"\n", bool(flags & 1)


def target(data: bytes) -> None:
    body, meta = build(data)
    for number, raw in enumerate(body.split(b"\n"), start=1):
        row = cleaner.jsonl.parse_row(decode(raw), number, "text")
        assert isinstance(row, (dict, cleaner.jsonl.BadRow)), row
    with open(_PATH, "wb") as fh:
        fh.write(body)
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    argv = ["clean", "--jsonl", "--no-config", *(["--meta"] if meta else []), _PATH]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(io.StringIO()) as err:
        code = cleaner.cli.main(argv)
    assert code in (0, 1, 2), f"exit {code}: {err.getvalue()}"
    stdout.flush()
    output = stdout.buffer.getvalue().decode("utf-8")
    rows = [line for line in output.split("\n") if line]
    assert len(rows) <= body.count(b"\n"), (len(rows), body.count(b"\n"))
    for line in rows:
        row = json.loads(line)
        assert isinstance(row, dict) and "text" in row, line
        if row["text"] is None:  # a null text stays null (and its meta too)
            assert not meta or row["cleaner"] is None, line
            continue
        assert isinstance(row["text"], str), line
        assert cleaner.clean(row["text"]) == row["text"], "cleaned field is not a fixed point"
        if meta:
            assert isinstance(row["cleaner"], dict), line


if __name__ == "__main__":
    sys.exit(run("fuzz_jsonl", target))
