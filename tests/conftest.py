"""Shared test settings: hypothesis profile and paths to real-world data."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = Path(os.environ.get("CLEANER_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
AEB = SHARED / "eval" / "aeb-dev"

# CI runs the property tests with a fixed seed and at least 500 examples each.
settings.register_profile(
    "ci",
    max_examples=500,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@functools.cache
def aeb_rows() -> tuple[dict, ...]:
    """The aeb-dev rows (``page_text``, ``extracted_text``, ``gold``, ...), or
    none when ../shared is absent (the tests that need them skip)."""
    path = AEB / "tasks.jsonl"
    if not path.is_file():
        return ()
    with open(path, encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


def phrase_entries() -> list[str]:
    """Every whole-line phrase and prefix of cleaner/data/phrases.toml."""
    from cleaner.phrases import tables

    out: list[str] = []
    for table in tables().values():
        if not isinstance(table, dict):
            continue
        for key in ("lines", "prefixes"):
            value = table.get(key) or []
            out += [p for v in value.values() for p in v] if isinstance(value, dict) else value
    return out


def keep_rust_toolchain(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the user's Rust toolchain where rustup put it: a test that
    points ``HOME`` elsewhere still builds the native engine (pip install of
    this project) with the toolchain of the machine; and one cargo target
    folder (this checkout's ``target/`` unless ``CARGO_TARGET_DIR`` names one),
    so that the engine's dependencies compile once, not once per clone. Builds
    that share it must not run at the same time (maturin moves files in it)."""
    for var, folder in (("RUSTUP_HOME", ".rustup"), ("CARGO_HOME", ".cargo")):
        if var not in env and (Path.home() / folder).is_dir():
            env[var] = str(Path.home() / folder)
    env.setdefault("CARGO_TARGET_DIR", str(ROOT / "target"))
    return env
