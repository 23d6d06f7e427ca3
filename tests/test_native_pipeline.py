"""The engine's whole pipeline gives ``cleaner.analyze``'s answers (#24).

Every fixture is cleaned, in text mode, by the Python pipeline and by the
engine's (``_engine._diff_pipeline``: normalization, the page type, every pass,
the gates, overruling, the repeats settled, the rounds until a second clean
reads the same, the warning), under the default configuration and others (most
of them ignoring CL601, the body model, so that the rules are held to the Python
on their own); the whole answers are compared: the body,
every removal (line, code, name, reason, text), every overruled line and the
metadata. ``benchmarks/native_diff_pipeline.py`` does the same on the
development pages.
"""

from __future__ import annotations

import importlib
from typing import Any

import ftfy
import pytest

import cleaner
from cleaner import _engine, catalogue
from cleaner.config import Config

from .conftest import ROOT

FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*/input.*"))
NORMALIZE = importlib.import_module("cleaner.normalize")  # the module, not the function
#: The configurations, as benchmarks/native_diff_pipeline.py has them.
CONFIGS: dict[str, dict[str, Any]] = {
    "default": {},
    "base": {"ignore": ("CL601",)},
    "keep": {"ignore": ("CL601",), "paragraphs": "keep"},
    "patterns": {
        "ignore": ("CL601",),
        "remove_patterns": (r"(?i)advertisement", r"\d+ comments?", r".*\bcookies?\b.*"),
    },
    "select": {"select": ("CL1", "CL2", "CL404")},
    "forum": {
        "ignore": ("CL601",),
        "page_type": "forum",
        "straighten_quotes": True,
        "bullet": "*",
    },
}


def python_answer(text: str, options: dict[str, Any]) -> dict:
    result = cleaner.analyze(text, html=False, **options)
    return {
        "text": result.text,
        "removed": [[r.line_no, r.code, r.name, r.reason, r.text] for r in result.removed],
        "overruled": [
            [o.line_no, o.code, o.name, o.reason, o.by, o.why, o.text] for o in result.overruled
        ],
        "meta": dict(sorted(result.meta.items())),
    }


def engine_options(options: dict[str, Any]) -> dict[str, Any]:
    cfg = Config(**options)
    return {
        "fix_unicode": cfg.fix_unicode,
        "straighten_quotes": cfg.straighten_quotes,
        "bullet": cfg.bullet,
        "keep_paragraphs": cfg.paragraphs == "keep",
        "select": [catalogue.resolve(c) or c for c in cfg.select],
        "select_written": list(cfg.select),
        "ignore": [catalogue.resolve(c) or c for c in cfg.ignore],
        "remove_patterns": list(cfg.remove_patterns),
        "min_body_words": cfg.min_body_words,
        "page_type": cfg.page_type,
        "models": cfg.models,
        "profile": cfg.profile is not None,
    }


def native_answers(texts: list[str], options: dict[str, Any], **changes: Any) -> list[dict]:
    kwargs = {**engine_options(options), **changes}
    cfg = NORMALIZE._FTFY_STRAIGHT if kwargs["straighten_quotes"] else NORMALIZE._FTFY_PLAIN
    screen = _engine.FtfyScreen(*NORMALIZE.ftfy_tables())
    got = _engine._diff_pipeline(texts, screen, lambda line: ftfy.fix_text(line, cfg), **kwargs)
    out = []
    for answer in got:
        assert not isinstance(answer, Exception), answer
        body, removed, overruled, meta = answer
        out.append(
            {
                "text": body,
                "removed": [list(r) for r in removed],
                "overruled": [list(o) for o in overruled],
                "meta": dict(sorted(meta)),
            }
        )
    return out


@pytest.mark.parametrize("name", list(CONFIGS))
def test_the_native_pipeline_answers_as_the_python_on_every_fixture(name) -> None:
    options = CONFIGS[name]
    texts = [p.read_text(encoding="utf-8") for p in FIXTURES]
    want = [python_answer(t, options) for t in texts]
    got = native_answers(texts, options)
    differ = [p.parent.name for p, w, g in zip(FIXTURES, want, got, strict=True) if w != g]
    assert differ == []
    assert sum(len(w["removed"]) for w in want) > 0


def test_a_pass_the_engine_lacks_is_refused_not_skipped() -> None:
    assert native_answers(["A line."], {})[0]["text"] == "A line.\n"
    with pytest.raises(NotImplementedError, match="CL701"):
        native_answers(["A line."], {}, profile=True)
