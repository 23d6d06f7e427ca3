"""The package's modules import bottom-up, with no cycle (STYLE.md, habit 10)."""

from __future__ import annotations


def test_the_catalogue_names_every_builtin_pass():
    """``cleaner.catalogue`` knows the built-in passes without importing them
    (``Config`` checks codes with it); it must say what they register."""
    from cleaner.catalogue import BUILTIN, BUILTIN_ALIASES
    from cleaner.registry import all_passes

    builtin = [p for p in all_passes() if p.func.__module__.startswith("cleaner.passes.")]
    assert {p.code: (p.name, p.family) for p in builtin} == BUILTIN
    assert {alias: p.code for p in builtin for alias in p.aliases} == BUILTIN_ALIASES
