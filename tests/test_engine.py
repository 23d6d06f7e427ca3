"""The native engine's edge (cleaner._engine): its stub, its errors, its catalogue.

The engine's own units are tested by ``cargo test``; here is what Python sees:
the stub ``cleaner/_engine.pyi`` names exactly what the module has, a panic
inside the engine becomes an ``EngineError`` (a ``CleanerError``) for that
document alone, and the engine's pass catalogue is the Python one.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys

import pytest

import cleaner
from cleaner import _engine
from cleaner.errors import CleanerError, EngineError

from .conftest import ROOT

STUB = ROOT / "cleaner" / "_engine.pyi"


def _stub_names() -> set[str]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_the_stub_names_what_the_module_has() -> None:
    have = {n for n in dir(_engine) if not (n.startswith("__") and n != "__version__")}
    assert _stub_names() == have


def test_the_stub_signatures_match() -> None:
    """Each function of the stub takes the parameters the module's function takes."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        native = inspect.signature(getattr(_engine, node.name)).parameters
        params = [a.arg for a in node.args.args + node.args.kwonlyargs]
        given = node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
        defaults = [ast.literal_eval(d) for d in given]
        assert list(native) == params, node.name
        have = [p.default for p in native.values() if p.default is not inspect.Parameter.empty]
        assert have == defaults, node.name


def test_the_version_has_one_source() -> None:
    cargo = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    version = re.search(r'^version = "([^"]+)"', cargo, re.M).group(1)
    assert cleaner.__version__ == _engine.__version__ == version


def test_a_panic_is_an_error_for_one_document() -> None:
    results = _engine._edge_probe(["ab", "boom", "çé"], panic_on="boom")
    assert results[0] == 2 and results[2] == 2  # code points, not bytes
    error = results[1]
    assert isinstance(error, EngineError) and isinstance(error, CleanerError)
    assert "the probe was asked to fail" in str(error) and "src/" in error.detail
    assert _engine._edge_probe(["a"] * 3) == [1, 1, 1]


def test_a_panic_in_one_call_raises_engine_error(capfd) -> None:
    with pytest.raises(EngineError, match="the probe was asked to fail"):
        _engine._edge_probe_one("boom", panic_on="boom")
    assert _engine._edge_probe_one("boom") == 4
    # the library never prints: the panic's message went into the error only
    assert capfd.readouterr().err == ""


def test_the_engine_refuses_what_is_not_text() -> None:
    with pytest.raises(TypeError):
        _engine._edge_probe("a string, not a list")
    with pytest.raises(TypeError):
        _engine._edge_probe([b"bytes"])


def test_the_catalogue_is_the_python_one() -> None:
    from cleaner.catalogue import BUILTIN
    from cleaner.registry import all_passes

    native = _engine.catalogue()
    assert [(c, n, f) for c, n, f, _, _ in native] == [
        (p.code, p.name, p.family) for p in all_passes() if p.code in BUILTIN
    ]
    assert {c: (n, f) for c, n, f, _, _ in native} == BUILTIN
    assert [(c, k, o) for c, _, _, k, o in native] == [
        (p.code, p.kind, p.order) for p in all_passes() if p.code in BUILTIN
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shared object")
def test_the_extension_is_the_stable_abi() -> None:
    assert ".abi3." in _engine.__file__
