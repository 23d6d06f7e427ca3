"""The command-line contract: output, JSON Lines, explain, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from cleaner.cli import main

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "article.txt"


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


def test_clean_file_prints_body(capsys):
    assert main(["clean", "--no-config", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Harbour City's council voted 9 to 4 on Tuesday")
    for furniture in ("Read Also", "Latest articles", "Back to top", "Trinity Audio", "info_icon"):
        assert furniture not in out
    assert out.endswith("take 18 months.\n")


def test_clean_stdin_and_dash(monkeypatch, capsys):
    _stdin(monkeypatch, EXAMPLE.read_text(encoding="utf-8"))
    assert main(["clean", "--no-config", "-"]) == 0
    assert "Back to top" not in capsys.readouterr().out


def test_explain_lists_codes_and_reasons(capsys):
    assert main(["explain", "--no-config", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{EXAMPLE}: title: Harbour City Council Approves Floating Solar Farm After Two-Year Debate"
        in out
    )
    assert f"{EXAMPLE}:1: CL201 section-label: section label" in out
    assert "CL101 read-also" in out and "CL103 back-to-top" in out


def test_jsonl_keeps_fields_and_adds_meta(tmp_path, capsys):
    text = EXAMPLE.read_text(encoding="utf-8")
    src = tmp_path / "in.jsonl"
    rows = [{"id": 1, "body": text, "url": "https://example.com/a"}, {"id": 2, "body": "Short."}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["clean", "--no-config", "--jsonl", "--field", "body", "--meta", str(src)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in out] == [1, 2]
    assert out[0]["url"] == "https://example.com/a"
    assert "Back to top" not in out[0]["body"]
    meta = out[0]["cleaner"]
    assert meta["title"].startswith("Harbour City Council")
    assert {"line", "text", "code", "name", "reason"} <= set(meta["removed"][0])
    assert out[1]["body"] == "Short.\n"


def test_jsonl_bad_rows_are_reported_and_good_rows_continue(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"text": "Good row."}\nnot json\n{"text": 3}\n{"other": "x"}\n', encoding="utf-8"
    )
    code = main(["clean", "--no-config", "--jsonl", str(src)])
    captured = capsys.readouterr()
    assert code == 1
    assert [json.loads(x)["text"] for x in captured.out.splitlines()] == ["Good row.\n"]
    assert "line 2" in captured.err and "line 3" in captured.err and "line 4" in captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["clean", "--select", "CL999", "x"],
        ["clean", "--paragraphs", "bogus"],
        ["bogus-command"],
        [],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err


def test_missing_file_exit_2(tmp_path, capsys):
    assert main(["clean", "--no-config", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_non_utf8_file_exit_2_and_untouched(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    assert main(["clean", "--no-config", str(bad)]) == 2
    assert "not valid UTF-8" in capsys.readouterr().err
    assert bad.read_bytes() == b"caf\xe9 au lait\n"


def test_pyproject_config_is_read(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\nignore = ["CL103"]\n', encoding="utf-8"
    )
    article = tmp_path / "a.txt"
    article.write_text(
        "The council met on Tuesday and voted to build the new bridge across the river.\n"
        "Back to top\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["clean", str(article)]) == 0
    assert "Back to top" in capsys.readouterr().out
    assert main(["clean", "--no-config", str(article)]) == 0
    assert "Back to top" not in capsys.readouterr().out


def test_console_script_and_module_entry_points():
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--no-config", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Harbour City's council voted" in proc.stdout
