"""The library API: clean, analyze, Result, options, Config."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.registry import all_passes

from .conftest import ROOT

EXAMPLE = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")


def test_analyze_reports_metadata_and_reasons():
    result = cleaner.analyze(EXAMPLE)
    assert result.title == "Harbour City Council Approves Floating Solar Farm After Two-Year Debate"
    codes = [r.code for r in result.removed]
    assert codes[:2] == ["CL201", "CL206"]
    assert "CL104" in codes and "CL106" in codes and "CL301" in codes
    assert all(r.reason for r in result.removed)
    assert result.text == cleaner.clean(EXAMPLE)


def test_options_override_and_config_is_frozen():
    assert "Read Also |" not in cleaner.clean(EXAMPLE)
    assert "Read Also | Harbour City Ferry Fares" in cleaner.clean(EXAMPLE, ignore=["CL101"])
    config = cleaner.Config()
    with pytest.raises(AttributeError):
        config.ignore = ("CL101",)  # type: ignore[misc]


def test_straighten_quotes_is_opt_in():
    text = "“This is the most sensible use of water we cannot dredge,” the deputy mayor told them."
    assert "“" in cleaner.clean(text)
    assert '"This' in cleaner.clean(text, straighten_quotes=True)


def test_mojibake_is_repaired():
    assert cleaner.clean("The portâ€™s new cranes arrived.") == "The port’s new cranes arrived.\n"


def test_bad_options_raise_config_error():
    with pytest.raises(cleaner.ConfigError, match="unknown pass code"):
        cleaner.clean("x", select=["CL999"])
    with pytest.raises(cleaner.ConfigError, match="unknown option"):
        cleaner.clean("x", colour="blue")
    with pytest.raises(cleaner.ConfigError, match="invalid regular expression"):
        cleaner.clean("x", remove_patterns=["("])


def test_not_text_is_a_type_error():
    with pytest.raises(TypeError):
        cleaner.clean(b"bytes")  # type: ignore[arg-type]


def test_every_pass_has_code_name_docstring_and_doctest():
    for info in all_passes():
        doc = info.func.__doc__ or ""
        assert info.doc, info.code
        assert ">>>" in doc, f"{info.code} has no doctest"


def test_select_by_prefix_runs_only_that_family():
    result = cleaner.analyze(EXAMPLE, select=["CL1"])
    assert {r.code[:3] for r in result.removed} == {"CL1"}
