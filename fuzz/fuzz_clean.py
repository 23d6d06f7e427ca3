"""Fuzz ``cleaner.clean`` / ``cleaner.analyze`` and assert the guarantees on every input.

Run:  python fuzz/fuzz_clean.py --runs 200000   (see fuzz/README.md)

Each input is raw bytes: the first byte picks one of ``OPTION_SETS``, the rest
is decoded as UTF-8 with invalid bytes turned into lone surrogates. Any
exception, or a broken invariant (idempotence, output lines a subsequence of
``normalize(text)``, analyze/clean agreement), stops the run and leaves a
``crash-*`` file with the input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["cleaner"]):
    import cleaner  # noqa: F401

from _common import OPTION_SETS, check_text, decode, run


def target(data: bytes) -> None:
    options = OPTION_SETS[data[0] % len(OPTION_SETS)] if data else {}
    check_text(decode(data[1:]), options)


if __name__ == "__main__":
    sys.exit(run("fuzz_clean", target))
