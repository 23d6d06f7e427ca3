"""Doctest collection (``--doctest-modules`` over ``cleaner/``): the modules of
optional extras import their library at the top, so they are left out when it
is not installed (their tests in ``tests/`` skip with the reason)."""

from __future__ import annotations

import importlib.util

collect_ignore = [
    f"cleaner/{module}.py"
    for module, needs in (("datatrove", "datatrove"), ("hf", "datasets"))
    if importlib.util.find_spec(needs) is None
]
