"""The native engine's data files say what their sources say (#24).

The engine reads jusText's stoplists from ``src/lists/stoplists.txt``, which
``scripts/stoplists_data.py`` writes from the installed jusText (the one
source); the fitted models it includes from ``cleaner/data`` directly.
"""

from __future__ import annotations

import pytest

from cleaner import _engine, fitted, stoplists
from cleaner.errors import ConfigError

from .conftest import ROOT


def test_the_stoplists_file_is_justexts() -> None:
    """Fails when jusText's lists change: rerun scripts/stoplists_data.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "stoplists_data", ROOT / "scripts" / "stoplists_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "src" / "lists" / "stoplists.txt").read_text(encoding="utf-8") == module.render()


def test_the_engine_weighs_languages_as_python() -> None:
    _, languages, _, divisors = stoplists._groups()
    assert dict(_engine._diff_stoplist_divisors()) == dict(zip(languages, divisors, strict=True))


def test_the_engine_reads_the_shipped_thresholds() -> None:
    m = fitted.models()
    remove_article, remove_other, keep, rest, confidence, gates = _engine._diff_models()
    assert (remove_article, remove_other) == (m.remove_at("article"), m.remove_at("other"))
    assert dict(keep) == m.thresholds["keep"]
    assert rest[:3] == [
        m.threshold("guard_share"),
        m.threshold("guard_strong"),
        m.threshold("max_loss"),
    ]
    assert confidence == m.gate_confidence
    assert {c: frozenset(t) for c, t in gates} == m.gates


def test_a_models_folder_the_engine_cannot_read(tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"missing page_type\.json"):
        _engine._diff_models(str(tmp_path))
    for name in fitted.FILES:
        (tmp_path / name).write_bytes((fitted.DATA / name).read_bytes())
    assert _engine._diff_models(str(tmp_path)) == _engine._diff_models()
    (tmp_path / "gates.json").write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read the fitted models"):
        _engine._diff_models(str(tmp_path))
