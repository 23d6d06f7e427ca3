"""Text mode runs in the native engine (#24), and the Python passes answer only
what the engine cannot: a learned profile (CL701), a pass registered or
replaced from Python, a user pattern the ``regex`` crate refuses.

``cleaner.pipeline.run`` and ``run_python`` give the same ``Result`` (every
field, the ``Repeat`` of a line removed as a repeat included) on the invented
fixtures; ``benchmarks/golden.py`` holds the engine to every development answer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import cleaner
from cleaner import catalogue, pipeline
from cleaner.config import Config

ROOT = Path(__file__).resolve().parent.parent
TEXT_FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*/input.txt"))

PARK = "The council met on Monday and agreed to the plan for the new park in town."
MORE = "Work on the park starts in May, and trees will be planted by the end of June."
COST = "It will cost two million euros, paid by the city and the region over three years."
COPIES = f"Back to top\n\n{PARK}\n\n{MORE}\n\n{COST}\n\n{MORE}\n\n{MORE}"


def test_the_default_configuration_runs_in_the_engine() -> None:
    assert pipeline.python_reason(Config()) is None
    assert pipeline.python_reason(Config(paragraphs="keep", select=("CL1", "CL4"))) is None


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.parent.name)
def test_the_engine_gives_the_pythons_result(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    config = Config(html=False)
    assert pipeline.run(text, config) == pipeline.run_python(text, config)


def test_a_repeat_keeps_its_lines_and_template() -> None:
    config = Config(ignore=("CL601",))
    got = pipeline.run(COPIES, config)
    assert got == pipeline.run_python(COPIES, config)
    repeats = [v.repeat for v in got.verdicts if v.repeat is not None]
    assert repeats and repeats[0].template == "repeat of line {lines}"
    assert repeats[0].lines == (5,) and repeats[0].exact


def test_a_learned_profile_runs_in_python(tmp_path: Path) -> None:
    config = Config(profile=str(tmp_path / "profile.json"))
    assert pipeline.python_reason(config) == "a learned profile (CL701) runs in Python"
    assert pipeline.python_reason(replace(config, ignore=("CL701",))) is None


def test_a_pattern_the_engine_refuses_runs_in_python_with_its_time_limit() -> None:
    # lookahead: Python's regex syntax, not the regex crate's
    config = Config(remove_patterns=(r"(a|aa)+(?=b)$",), pattern_timeout=0.01)
    assert pipeline.python_reason(config).startswith("a user pattern the engine refuses: ")
    result = cleaner.analyze("a" * 40 + "c\n\n" + PARK, config=config, html=False)
    assert "ran out of time" in (result.warning or "")


def test_a_pattern_the_engine_takes_never_runs_out_of_time() -> None:
    config = Config(remove_patterns=(r"(a|aa)+$",), pattern_timeout=0.01)
    assert pipeline.python_reason(config) is None
    result = cleaner.analyze("a" * 40 + "\n\n" + PARK, config=config, html=False)
    assert [r.code for r in result.removed] == ["CL199"]
    assert not result.warning


def test_a_pass_registered_or_replaced_from_python_runs_in_python(monkeypatch) -> None:
    info = catalogue.lookup("CL103")
    stand_in = replace(info, func=lambda text: None)
    monkeypatch.setitem(catalogue._REGISTRY, "CL103", stand_in)
    pipeline._enabled_cached.cache_clear()
    try:
        reason = pipeline.python_reason(Config())
        assert reason == "pass CL103 is registered from Python (a plugin or a stand-in)"
        assert cleaner.analyze("Back to top\n\n" + PARK, html=False).removed == []
    finally:
        monkeypatch.undo()
        pipeline._enabled_cached.cache_clear()
    assert pipeline.python_reason(Config()) is None


def test_run_many_answers_each_text() -> None:
    texts = [COPIES, "", PARK]
    config = Config(ignore=("CL601",))
    assert pipeline.run_many(texts, config) == [pipeline.run_python(t, config) for t in texts]
    with pytest.raises(TypeError):
        pipeline.run_many([PARK, b"bytes"], config)  # type: ignore[list-item]
