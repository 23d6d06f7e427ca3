"""Batches go to the engine whole (#24): ``api.analyze_each`` / ``analyze_pairs``
hand the plain texts of a batch to one call of the native engine, and every
batch entry point (``clean_many``, the JSONL workers, the datatrove step, the
Hugging Face map function, the Spark UDF) answers each text exactly as
``cleaner.analyze`` does; a text the engine fails on fails alone.

The failure is made by a stand-in engine that wraps the real one and gives an
``EngineError`` for one marked text (a real panic cannot be asked for).
"""

from __future__ import annotations

import pickle

import pytest

import cleaner
from cleaner import api, pipeline
from cleaner.config import Config
from cleaner.errors import EngineError
from cleaner.jsonl import Batch, Job, process_batch

PARK = "The council met on Monday and agreed to the plan for the new park in town."
MORE = "Work on the park starts in May, and trees will be planted by the end of June."
PAGE = f"Back to top\n\n{PARK}\n\n{MORE}"
OTHER = f"Advertisement\n\n{MORE}\n\n{PARK}"
HTML = f"<!DOCTYPE html><html><head><title>Park</title></head><body><article><p>{PARK}</p><p>{MORE}</p></article></body></html>"
BOOM = "this text makes the stand-in engine fail"


class Counting:
    """The real engine, counting its calls, failing on ``BOOM``."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.calls: list[int] = []

    def run(self, texts: list[str]) -> list[object]:
        return self._failing(texts, self.real.run(texts))

    def clean(self, texts: list[str]) -> list[object]:
        return self._failing(texts, self.real.clean(texts))

    def run_extracted(self, pages: list[tuple[str, dict[str, str]]]) -> list[object]:
        return self._failing([t for t, _ in pages], self.real.run_extracted(pages))

    def _failing(self, texts: list[str], answers: list[object]) -> list[object]:
        self.calls.append(len(texts))
        fail = EngineError("src/stand_in.rs: asked to fail")
        return [fail if t == BOOM else a for t, a in zip(texts, answers, strict=True)]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of each call of the (stand-in) engine."""
    real_for = pipeline.engine_for
    stand_ins: dict[int, Counting] = {}
    calls: list[int] = []

    def engine_for(config: Config):
        real, reason = real_for(config)
        if real is None:
            return real, reason
        stand_in = stand_ins.setdefault(id(real), Counting(real))
        stand_in.calls = calls  # one count over every configuration
        return stand_in, reason

    monkeypatch.setattr(pipeline, "engine_for", engine_for)
    monkeypatch.setattr(api, "engine_for", engine_for)
    return calls


def test_analyze_each_is_analyze_of_each_with_one_engine_call(engine: list[int]) -> None:
    config = Config()
    texts: list = [PAGE, HTML, OTHER, 3, PAGE.encode(), ""]
    got = api.analyze_each(texts, config)
    # the HTML page: its extracted text (run_extracted); PAGE, OTHER and "": one call
    assert engine == [1, 3]
    for text, result in zip(texts, got, strict=True):
        try:
            expected = cleaner.analyze(text, config=config)
        except Exception as exc:
            assert type(result) is type(exc) and str(result) == str(exc)
        else:
            assert result == expected


def test_a_text_the_engine_fails_on_fails_alone(engine: list[int]) -> None:
    got = api.analyze_each([PAGE, BOOM, OTHER], Config())
    assert isinstance(got[1], EngineError)
    assert [got[0].text, got[2].text] == [cleaner.clean(PAGE), cleaner.clean(OTHER)]


def test_analyze_pairs_batches_each_configuration(engine: list[int]) -> None:
    a, b = Config(), Config(ignore=("CL103",))
    pairs = [(PAGE, a), (PAGE, b), (OTHER, a), (OTHER, b)]
    got = api.analyze_pairs(pairs)
    assert sorted(engine) == [2, 2]
    assert got == [cleaner.analyze(t, config=c) for t, c in pairs]
    assert "Back to top" in got[1].text and "Back to top" not in got[0].text


def test_clean_many_yields_the_texts_before_a_failure_then_raises(engine: list[int]) -> None:
    got = cleaner.clean_many([PAGE, OTHER, BOOM, PAGE], batch_size=10)
    first, second = next(got), next(got)
    with pytest.raises(EngineError, match="asked to fail"):
        next(got)
    assert engine == [4]
    assert [first, second] == [cleaner.clean(PAGE), cleaner.clean(OTHER)]


def test_analyze_many_raises_where_the_text_failed(engine: list[int]) -> None:
    got = cleaner.analyze_many([PAGE, BOOM], batch_size=10)
    assert next(got) == cleaner.analyze(PAGE)
    with pytest.raises(EngineError):
        next(got)


def test_a_jsonl_batch_is_one_engine_call_and_a_failed_row_is_a_bad_row(engine: list[int]) -> None:
    import json

    rows = [{"text": PAGE}, {"text": BOOM}, {"text": None}, {"text": OTHER, "id": 7}]
    data = "".join(json.dumps(r) + "\n" for r in rows).encode() + b"{oops\n"
    done = process_batch(Job(), Batch("in.jsonl", 1, data))
    assert engine == [3]
    assert done.rows == 5
    out = [json.loads(line) for line in done.output.decode().splitlines()]
    assert out == [
        {"text": cleaner.clean(PAGE)},
        {"text": None},
        {"text": cleaner.clean(OTHER), "id": 7},
    ]
    assert [(b.line, b.error.split(":")[0]) for b in done.bad] == [(2, "line 2"), (5, "line 5")]
    assert "asked to fail" in done.bad[0].error


def test_the_engine_error_pickles_with_its_detail() -> None:
    error = pickle.loads(pickle.dumps(EngineError("src/x.rs: it broke")))
    assert isinstance(error, EngineError) and error.detail == "src/x.rs: it broke"
    assert str(error) == str(EngineError("src/x.rs: it broke"))


def test_the_datatrove_step_drops_only_the_failed_document(engine: list[int]) -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from cleaner.datatrove import CleanerStep

    docs = [Document(text=t, id=str(i)) for i, t in enumerate([PAGE, BOOM, OTHER])]
    kept = list(CleanerStep(batch_size=2).run(iter(docs)))
    assert engine == [2, 1]
    assert [d.id for d in kept] == ["0", "2"]
    assert kept[0].text == cleaner.clean(PAGE) and kept[1].text == cleaner.clean(OTHER)
    assert "asked to fail" in docs[1].metadata["cleaner_error"]


def test_the_hf_map_function_cleans_a_batch_in_one_call(engine: list[int]) -> None:
    pytest.importorskip("datasets")
    from cleaner.hf import map_fn
    from cleaner.summary import metadata

    out = map_fn(meta="summary")({"text": [PAGE, None, OTHER]})
    assert engine == [2]
    assert out["text"] == [cleaner.clean(PAGE), None, cleaner.clean(OTHER)]
    summaries = [metadata(cleaner.analyze(t), "summary") for t in (PAGE, OTHER)]
    assert out["cleaner"] == [summaries[0], None, summaries[1]]
    with pytest.raises(EngineError):
        map_fn()({"text": [PAGE, BOOM]})


def test_the_spark_udf_body_cleans_a_series_in_one_call(engine: list[int]) -> None:
    pd = pytest.importorskip("pandas")
    from cleaner.spark import _clean_series, _meta_frame

    series = pd.Series([PAGE, None, OTHER], index=[4, 5, 6])
    got = _clean_series(series, Config())
    frame = _meta_frame(series, Config())
    assert engine == [2, 2]
    assert list(got.index) == [4, 5, 6]
    assert list(got) == [cleaner.clean(PAGE), None, cleaner.clean(OTHER)]
    assert list(frame["text"][[0, 2]]) == [got[4], got[6]]
