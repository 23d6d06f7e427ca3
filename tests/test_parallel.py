"""clean_many / analyze_many: same results as clean / analyze, in order, on any number of processes."""

from __future__ import annotations

import itertools
import pickle

import pytest

import cleaner
from cleaner import parallel
from cleaner.config import Config, from_mapping

from .conftest import AEB, aeb_rows

SAMPLES = [
    "International\n\nRead Also | Something else\n\n"
    "The minister said on Friday that the long talks in Geneva had gone well.",
    "Back to top button\n\nIt rained in Paris all day, the weather service said.",
    "",
    "Advertisement\n\n\u2022 one\n\u2022 two\n\nThe caf\u00c3\u00a9 was full of people that night, she said.",
    "Latest articles\nWhatsApp Unveils Pop-Out Chat\nWhatsApp is set to change the way...",
]


def many(n: int) -> list[str]:
    return [f"{SAMPLES[i % len(SAMPLES)]}\n\nRow number {i} of the test corpus." for i in range(n)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_clean_many_matches_clean_in_order(jobs: int) -> None:
    texts = many(150)
    got = list(cleaner.clean_many(texts, jobs=jobs, batch_size=7))
    assert got == [cleaner.clean(t) for t in texts]


def test_clean_many_on_real_pages() -> None:
    if not aeb_rows():
        pytest.skip(f"real-world pages not available ({AEB} is absent)")
    texts = [row["page_text"] for row in aeb_rows()][:12]
    assert list(cleaner.clean_many(texts, jobs=2, batch_size=4)) == [
        cleaner.clean(t) for t in texts
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_analyze_many_gives_full_results(jobs: int) -> None:
    texts = many(20)
    got = list(cleaner.analyze_many(texts, jobs=jobs, batch_size=3))
    want = [cleaner.analyze(t) for t in texts]
    assert [r.text for r in got] == [r.text for r in want]
    assert [r.removed for r in got] == [r.removed for r in want]
    assert [dict(r.meta) for r in got] == [dict(r.meta) for r in want]
    assert got[0].removed[0].code == "CL201" or got[0].removed


def test_options_and_config_reach_the_workers() -> None:
    texts = many(10)
    plain = list(cleaner.clean_many(texts, jobs=2, batch_size=2))
    kept = list(cleaner.clean_many(texts, jobs=2, batch_size=2, ignore=["CL103"]))
    assert kept == [cleaner.clean(t, ignore=["CL103"]) for t in texts]
    assert kept != plain
    config = Config(paragraphs="keep", straighten_quotes=True)
    assert list(cleaner.clean_many(texts, jobs=2, config=config)) == [
        cleaner.clean(t, config=config) for t in texts
    ]


def test_interleaved_runs_keep_their_own_settings() -> None:
    texts = many(10)
    a = cleaner.clean_many(texts, batch_size=1)
    b = cleaner.clean_many(texts, batch_size=1, ignore=["CL103"])
    mixed = [x for pair in zip(a, b, strict=True) for x in pair]
    assert mixed[0::2] == [cleaner.clean(t) for t in texts]
    assert mixed[1::2] == [cleaner.clean(t, ignore=["CL103"]) for t in texts]


@pytest.mark.parametrize("jobs", [1, 2])
def test_input_is_read_lazily(jobs: int) -> None:
    pulled = 0

    def endless():
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield f"Back to top\n\nLine {i} of a story that never ends, it seems."

    head = list(itertools.islice(cleaner.clean_many(endless(), jobs=jobs, batch_size=5), 12))
    assert len(head) == 12
    # At most 2 * jobs batches run ahead of what was consumed.
    assert pulled <= 12 + (2 * jobs + 1) * 5


def test_not_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="got int"):
        list(cleaner.clean_many(["ok", 42]))


def test_config_pickles() -> None:
    config = from_mapping(
        {"ignore": ["CL101"], "remove_patterns": ["^Sponsored .*$"], "paragraphs": "keep"}
    )
    again = pickle.loads(pickle.dumps(config))
    assert again == config
    text = "Sponsored by ACME\n\nRead Also | x\n\nThe story itself, told at some length."
    assert cleaner.clean(text, config=again) == cleaner.clean(text, config=config)


def test_resolve_jobs() -> None:
    assert parallel.resolve_jobs("2") == 2
    assert parallel.resolve_jobs("auto") == parallel.resolve_jobs(0) >= 1
    for bad in ("many", -2, 1.5, True):
        with pytest.raises(cleaner.ConfigError):
            parallel.resolve_jobs(bad)
