"""cleaner.spark on a local Spark session: the same output as the library for every row."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

import cleaner

from .conftest import aeb_rows

pyspark = pytest.importorskip(
    "pyspark", reason="pyspark is not installed (pip install -e '.[spark]')"
)
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install -e '.[spark]')")
pytest.importorskip("pandas", reason="pandas is not installed (pip install -e '.[spark]')")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("no Java runtime found (Spark needs Java 17+)", allow_module_level=True)

from cleaner.spark import clean_column  # noqa: E402

pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)

SAMPLES = [
    "International\n\nRead Also | Something else\n\n"
    "The minister said on Friday that the long talks in Geneva had gone well.",
    "Back to top button\n\nIt rained in Paris all day, the weather service said.",
    "",
    "Khushboo Razdan\nKhushboo Razdanin Washington\n"
    "A top Chinese Communist Party envoy met senior US officials at the State Department.",
    "Advertisement\n\n\u2022 one\n\u2022 two\n\nThe caf\u00c3\u00a9 was full that night, she said.",
]


def texts() -> list[str]:
    out = list(SAMPLES)
    out += [row["page_text"] for row in aeb_rows()]
    return out


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cleaner-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def frame(spark):
    rows = [(i, t) for i, t in enumerate(texts())] + [(-1, None)]
    return spark.createDataFrame(rows, "id long, text string").repartition(2)


def test_every_row_matches_the_library(frame) -> None:
    got = {r.id: r.text_clean for r in clean_column(frame).select("id", "text_clean").collect()}
    all_texts = texts()
    assert len(got) == len(all_texts) + 1
    assert got.pop(-1) is None
    for i, t in enumerate(all_texts):
        assert got[i] == cleaner.clean(t), f"row {i} differs"


def test_options_reach_the_executors(frame) -> None:
    out = clean_column(frame.filter("id = 1"), "text", "body", ignore=["CL103"]).collect()
    assert out[0].body == cleaner.clean(SAMPLES[1], ignore=["CL103"])
    assert out[0].body.startswith("Back to top button")


def test_meta_struct_matches_analyze(frame) -> None:
    small = frame.filter("id < 5 or id = -1")
    rows = clean_column(small, output_col="c", meta=True).select("id", "c").collect()
    by_id = {r.id: r.c for r in rows}
    assert by_id.pop(-1).text is None
    for i, c in by_id.items():
        want = cleaner.analyze(SAMPLES[i])
        assert c.text == want.text
        assert (c.title, c.date, c.author) == (want.title, want.date, want.author)
        assert [r.asDict() for r in c.removed] == [x.to_dict() for x in want.removed]
    assert by_id[3].author == "Khushboo Razdan"


def test_bad_options_fail_before_any_job(frame) -> None:
    with pytest.raises(cleaner.ConfigError):
        clean_column(frame, ignore=["CL999"])
