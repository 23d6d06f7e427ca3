"""Every folder in fixtures/ is a case: input, expected output, removed codes, metadata."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner.config import from_mapping

from .conftest import FIXTURES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _cases() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if (p / "input.txt").is_file())


def _config(case: Path) -> cleaner.Config:
    path = case / "config.toml"
    if not path.is_file():
        return cleaner.Config()
    return from_mapping(tomllib.loads(path.read_text(encoding="utf-8")), where=str(path))


def _params() -> list:
    params = []
    for case in _cases():
        marks = []
        if (case / "xfail.txt").is_file():
            reason = (case / "xfail.txt").read_text(encoding="utf-8").strip()
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def test_there_are_fixtures():
    assert len(_cases()) >= 8


def _lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


@pytest.mark.parametrize("case", _params())
def test_fixture(case: Path):
    text = (case / "input.txt").read_text(encoding="utf-8")
    expected_path = case / "expected.txt"
    keep_path, drop_path = case / "keep.txt", case / "drop.txt"
    result = cleaner.analyze(text, config=_config(case))
    if expected_path.is_file() or not (keep_path.is_file() or drop_path.is_file()):
        expected = expected_path.read_text(encoding="utf-8") if expected_path.is_file() else text
        assert result.text == expected
    out = set(result.text.splitlines())
    if keep_path.is_file():
        lost = [ln for ln in _lines(keep_path) if ln not in out]
        assert not lost, f"content lost: {lost}"
    if drop_path.is_file():
        left = [ln for ln in _lines(drop_path) if ln in out]
        assert not left, f"furniture kept: {left}"

    removed_path = case / "removed.tsv"
    if removed_path.is_file():
        got = {r.line_no: r.code for r in result.removed}
        rows = removed_path.read_text(encoding="utf-8").splitlines()[1:]
        for row in rows:
            line, code = row.split("\t")
            assert got.get(int(line)) == code, f"line {line} should be removed by {code}"

    meta_path = case / "meta.json"
    if meta_path.is_file():
        for key, value in json.loads(meta_path.read_text(encoding="utf-8")).items():
            assert result.meta.get(key) == value, key
