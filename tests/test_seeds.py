"""The five real seed articles in ../shared/seeds clean to their gold exactly."""

from __future__ import annotations

import json

import pytest

import cleaner

from .conftest import SEEDS

pytestmark = pytest.mark.skipif(
    not (SEEDS / "tasks.jsonl").is_file(),
    reason=f"real seed data not found at {SEEDS} (it lives in ../shared, outside the repo)",
)


def fold(text: str) -> str:
    return " ".join(text.split())


def _rows() -> list[dict]:
    if not (SEEDS / "tasks.jsonl").is_file():
        return []
    with open(SEEDS / "tasks.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["id"])
def test_seed_row_cleans_to_gold_with_metadata(row):
    result = cleaner.analyze(row["page_text"])
    assert fold(result.text) == fold(row["gold"])
    for key in ("title", "date", "author"):
        if row.get(key):
            assert result.meta.get(key) == row[key], key


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SEEDS.glob("0*.txt") if not p.name.endswith(".gold.txt")),
    ids=lambda p: p.stem,
)
def test_seed_file_cleans_to_gold(path):
    gold = path.with_name(path.stem + ".gold.txt").read_text(encoding="utf-8")
    assert fold(cleaner.clean(path.read_text(encoding="utf-8"))) == fold(gold)


def test_clean_seed_000_is_unchanged():
    path = next(SEEDS.glob("000_*.gold.txt"))
    text = path.read_text(encoding="utf-8")
    result = cleaner.analyze(text)
    assert result.removed == []
    assert result.text == text.rstrip("\n") + "\n"
