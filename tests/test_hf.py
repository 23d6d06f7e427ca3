"""cleaner.hf with Hugging Face datasets, offline: Dataset.map(batched=True, num_proc=2)
gives every row what cleaner.clean gives."""

from __future__ import annotations

import json
import os

import pytest

import cleaner
from cleaner.summary import metadata

from .conftest import aeb_rows

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
datasets = pytest.importorskip(
    "datasets", reason="datasets is not installed (pip install -e '.[hf]')"
)

import cleaner.hf  # noqa: E402

SAMPLES = [
    # a first batch with no title, date or author anywhere: its meta columns are all null
    "Back to top button\n\nIt rained in Paris all day, the weather service said.",
    "Advertisement\n\nThe caf\u00c3\u00a9 was full that night, she said, and nobody left early.",
    "International\n\nRead Also | Something else\n\n"
    "The minister said on Friday that the long talks in Geneva had gone well.",
    "Khushboo Razdan\nKhushboo Razdanin Washington\n"
    "A top Chinese Communist Party envoy met senior US officials at the State Department.",
    "",
]


def texts() -> list[str]:
    return SAMPLES + [row["page_text"] for row in aeb_rows()[:40]]


@pytest.fixture(scope="module")
def dataset():
    all_texts = texts()
    return datasets.Dataset.from_dict(
        {"id": list(range(len(all_texts) + 1)), "text": [*all_texts, None]}
    )


def test_map_num_proc_2_equals_cleaner_clean(dataset) -> None:
    out = dataset.map(cleaner.hf.map_fn(column="text"), batched=True, batch_size=4, num_proc=2)
    assert out.column_names == ["id", "text"]
    all_texts = texts()
    got = out["text"]
    assert len(got) == len(all_texts) + 1 and got[-1] is None
    for i, t in enumerate(all_texts):
        assert got[i] == cleaner.clean(t), f"row {i} differs"
    assert got[0] == "It rained in Paris all day, the weather service said.\n"


@pytest.mark.parametrize("mode", ["summary", "full"])
def test_meta_column_is_typed_and_equals_analyze(dataset, mode) -> None:
    fn = cleaner.hf.map_fn(column="text", output_column="body", meta=mode)
    out = dataset.map(fn, batched=True, batch_size=2, num_proc=2, features=fn.features(dataset))
    assert out.features["cleaner"] == cleaner.hf.meta_features(mode)
    assert out["text"] == dataset["text"]  # the input column is kept
    rows = out.to_list()
    assert rows[-1]["body"] is None and rows[-1]["cleaner"] is None
    for i, t in enumerate(texts()):
        result = cleaner.analyze(t)
        assert rows[i]["body"] == result.text
        assert rows[i]["cleaner"] == metadata(result, mode), f"row {i} differs"
    assert rows[3]["cleaner"]["author"] == "Khushboo Razdan"


def test_local_json_file_and_one_example_at_a_time(tmp_path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "".join(
            json.dumps({"text": t, "url": f"https://x{i}.example/"}) + "\n"
            for i, t in enumerate(SAMPLES)
        ),
        encoding="utf-8",
    )
    ds = datasets.load_dataset(
        "json", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache")
    )
    out = ds.map(cleaner.hf.map_fn(ignore=["CL103"]), num_proc=2)
    assert out["text"] == [cleaner.clean(t, ignore=["CL103"]) for t in SAMPLES]
    assert out["text"][0].startswith("Back to top button")


def test_profile_site_comes_from_a_column() -> None:
    furniture = "The Daily Planet is printed on recycled paper in Metropolis every morning."
    corpus = [
        f"The story tells of a long day at the {p}, where nothing went as planned at all.\n\n"
        f"{furniture}\n\nBy evening the {p} was quiet again, and the people went home to rest."
        for p in ("harbour", "market", "station", "library", "bridge")
    ]
    profile = cleaner.learn(("planet.example", t) for t in corpus)
    ds = datasets.Dataset.from_dict(
        {"text": corpus[:2], "url": ["https://www.planet.example/1", "https://other.example/2"]}
    )
    out = ds.map(cleaner.hf.map_fn(profile=profile, site_column="url"), batched=True)
    assert furniture not in out["text"][0] and furniture in out["text"][1]
    assert out["text"][0] == cleaner.clean(corpus[0], profile=profile, site="planet.example")


def test_bad_input_and_options_are_clear_errors() -> None:
    fn = cleaner.hf.map_fn(column="body")
    with pytest.raises(cleaner.InputError, match=r"no column 'body'.*'text'"):
        fn({"text": ["x"]})
    with pytest.raises(cleaner.InputError, match="column 'body' holds int in row 1"):
        fn({"body": ["fine", 3]})
    with pytest.raises(cleaner.ConfigError):
        cleaner.hf.map_fn(ignore=["CL999"])
    with pytest.raises(cleaner.ConfigError, match="'meta'"):
        cleaner.hf.map_fn(meta="all of it")
