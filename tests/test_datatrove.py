"""cleaner.datatrove in a real datatrove pipeline: the same text as the library for every row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleaner
from cleaner.summary import metadata, summarize

from .conftest import aeb_rows

pytest.importorskip(
    "datatrove", reason="datatrove is not installed (pip install -e '.[datatrove]')"
)
pytest.importorskip("orjson", reason="orjson is not installed (pip install -e '.[datatrove]')")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.datatrove import EMPTY_REASON, ERROR_REASON, CleanerStep

SAMPLES = [
    "International\n\nRead Also | Something else\n\n"
    "The minister said on Friday that the long talks in Geneva had gone well.",
    "Back to top button\n\nIt rained in Paris all day, the weather service said.",
    "Khushboo Razdan\nKhushboo Razdanin Washington\n"
    "A top Chinese Communist Party envoy met senior US officials at the State Department.",
    "Advertisement\n\n\u2022 one\n\u2022 two\n\nThe caf\u00c3\u00a9 was full that night, she said.",
    # furniture only: cleaned to nothing, so dropped
    "Advertisement\n\nBack to top button",
    "Getting your Trinity Audio player ready...\n\nEnable Notifications OK",
]


def rows() -> list[dict]:
    texts = SAMPLES + [row["page_text"] for row in aeb_rows()]
    return [
        {"id": f"doc-{i}", "text": t, "url": f"https://www.site{i % 3}.example/{i}", "n": i}
        for i, t in enumerate(texts)
    ]


def read_jsonl(folder: Path) -> list[dict]:
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return out


def stat_total(value) -> int:
    return value if isinstance(value, int) else value["total"]


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory):
    """Run JsonlReader -> CleanerStep -> JsonlWriter on 2 tasks over 2 input files."""
    base = tmp_path_factory.mktemp("datatrove")
    src = base / "in"
    src.mkdir()
    data = rows()
    half = len(data) // 2
    for name, part in (("a.jsonl", data[:half]), ("b.jsonl", data[half:])):
        lines = [json.dumps(r, ensure_ascii=False) for r in part]
        (src / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(src)),
            CleanerStep(exclusion_writer=JsonlWriter(str(base / "dropped"), compression=None)),
            JsonlWriter(str(base / "out"), compression=None),
        ],
        tasks=2,
        logging_dir=str(base / "logs"),
    )
    executor.run()
    return data, base


def test_every_row_equals_cleaner_clean(pipeline_run) -> None:
    data, base = pipeline_run
    out = {row["id"]: row for row in read_jsonl(base / "out")}
    dropped = {row["id"]: row for row in read_jsonl(base / "dropped")}
    assert len(list((base / "out").glob("*.jsonl"))) == 2  # both tasks wrote
    assert set(out) | set(dropped) == {r["id"] for r in data}
    assert not set(out) & set(dropped)
    for row in data:
        result = cleaner.analyze(row["text"])
        if result.text:
            got = out[row["id"]]
            assert got["text"] == result.text, row["id"]
            assert got["metadata"]["cleaner"] == metadata(result, "summary"), row["id"]
            assert got["metadata"]["url"] == row["url"] and got["metadata"]["n"] == row["n"]
        else:
            got = dropped[row["id"]]
            # nothing lost: the original goes to the exclusion writer
            assert got["text"] == row["text"]
            assert got["metadata"]["filter_reason"] == EMPTY_REASON
    assert {"doc-4", "doc-5"} <= set(dropped)


def test_stats_count_removed_lines_and_words_per_code(pipeline_run) -> None:
    data, base = pipeline_run
    stats = json.loads((base / "logs" / "stats.json").read_text())
    step = next(s["stats"] for s in stats if "cleaner" in s["name"])
    want: dict[str, int] = {}
    empty = 0
    for row in data:
        result = cleaner.analyze(row["text"])
        empty += not result.text
        for c in summarize(result).by_code:
            want[f"removed_lines_{c.code}"] = want.get(f"removed_lines_{c.code}", 0) + c.lines
            want[f"removed_words_{c.code}"] = want.get(f"removed_words_{c.code}", 0) + c.words
    got = {k: stat_total(v) for k, v in step.items() if k.startswith("removed_") and "_CL" in k}
    assert got == want
    assert stat_total(step["total"]) == len(data)
    assert stat_total(step["dropped"]) == stat_total(step[f"dropped_{EMPTY_REASON}"]) == empty
    assert stat_total(step["forwarded"]) == len(data) - empty
    lines = sum(v for k, v in want.items() if k.startswith("removed_lines_"))
    assert stat_total(step["removed_lines"]) == lines > 0


def docs(*texts: str) -> list[Document]:
    return [Document(text=t, id=str(i), metadata={}) for i, t in enumerate(texts)]


def test_options_full_meta_and_no_meta() -> None:
    kept = list(CleanerStep(ignore=["CL103"], meta="full").run(docs(SAMPLES[1])))
    assert kept[0].text == cleaner.clean(SAMPLES[1], ignore=["CL103"])
    assert kept[0].text.startswith("Back to top button")
    (full,) = CleanerStep(meta=True, metadata_key="c").run(docs(SAMPLES[0]))
    assert full.metadata["c"] == cleaner.analyze(SAMPLES[0]).to_meta()
    assert full.metadata["c"]["removed"][0]["code"] == "CL201"
    (bare,) = CleanerStep(meta=None).run(docs(SAMPLES[0]))
    assert bare.metadata == {}


def test_profile_site_comes_from_metadata(tmp_path) -> None:
    furniture = "The Daily Planet is printed on recycled paper in Metropolis every morning."
    corpus = [
        f"The story tells of a long day at the {p}, where nothing went as planned at all.\n\n"
        f"{furniture}\n\nBy evening the {p} was quiet again, and the people went home to rest."
        for p in ("harbour", "market", "station", "library", "bridge")
    ]
    profile = cleaner.learn(("https://planet.example/x", t) for t in corpus)
    text = corpus[0]
    doc = Document(text=text, id="p", metadata={"link": "https://www.planet.example/y"})
    step = CleanerStep(profile=profile, site_key="link")
    (got,) = step.run([doc])
    want = cleaner.clean(text, profile=profile, site="planet.example")
    assert got.text == want and furniture not in want
    other = Document(text=text, id="q", metadata={"link": "https://elsewhere.example/"})
    (kept,) = step.run([other])
    assert kept.text == cleaner.clean(text, profile=profile, site="elsewhere.example")
    assert furniture in kept.text


def test_a_document_the_cleaner_cannot_take_is_dropped_with_its_reason(monkeypatch) -> None:
    written: list[Document] = []

    class Writer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def write(self, doc, rank=0):
            written.append(doc)

    step = CleanerStep(exclusion_writer=Writer())
    real = cleaner.api.analyze_pairs

    def analyze_pairs(pairs):  # the second document cannot be read
        got = real(pairs)
        return [
            cleaner.InputError("cannot read the HTML (broken)") if i == 1 else r
            for i, r in enumerate(got)
        ]

    monkeypatch.setattr(cleaner.api, "analyze_pairs", analyze_pairs)
    out = list(step.run(docs(SAMPLES[0], SAMPLES[1], SAMPLES[4])))
    assert [d.id for d in out] == ["0"]
    assert [(d.id, d.metadata["filter_reason"]) for d in written] == [
        ("1", ERROR_REASON),
        ("2", EMPTY_REASON),
    ]
    assert written[0].text == SAMPLES[1]
    assert "cannot read the HTML" in written[0].metadata["cleaner_error"]
    assert step.stats["dropped_cleaner_error"].total == 1


def test_bad_options_fail_when_the_step_is_built() -> None:
    with pytest.raises(cleaner.ConfigError):
        CleanerStep(ignore=["CL999"])
    with pytest.raises(cleaner.ConfigError, match="'meta'"):
        CleanerStep(meta="everything")
