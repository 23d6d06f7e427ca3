"""The package's modules import bottom-up, with no cycle (STYLE.md, habit 10).

Every import counts: at module level and inside functions (a lazy import is
still a dependency, only a later one). ``from . import x`` is an import of the
submodule ``x`` when there is one. Imports under ``if TYPE_CHECKING:`` do not
run and are left out. Importing a submodule also runs its package's
``__init__``; that is not counted as an edge (every module would depend on
``cleaner`` itself, which re-exports the API from above them all).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"


#: The layers, bottom first: a module imports from its own layer and those
#: below it, never from one above. ``x.*`` is the package ``x`` and all its
#: modules; other names are one module each.
LAYERS: list[list[str]] = [
    [  # shared types and helpers that know nothing of the pipeline
        "cleaner.errors",
        "cleaner.limits",
        "cleaner.fileio",
        "cleaner.textstats",
        "cleaner.dates",
        "cleaner.prefilter",
        "cleaner.phrases",
        "cleaner.stoplists",
        "cleaner.lexicon",
        "cleaner.forest",
        "cleaner.progress",
        "cleaner.model",
        "cleaner.catalogue",
        "cleaner.profiledata",
    ],
    ["cleaner.config"],
    [  # what the passes read: normalized text, line features, fitted models, profiles
        "cleaner.normalize",
        "cleaner.sniff",
        "cleaner.linefeatures",
        "cleaner.pagetype",
        "cleaner.fitted",
        "cleaner.profile",
        "cleaner.summary",
    ],
    ["cleaner.passes.*"],
    ["cleaner.registry", "cleaner.pipeline"],
    ["cleaner.html.*"],
    [  # the front ends: one text, many texts, JSON Lines, the integrations
        "cleaner.api",
        "cleaner.parallel",
        "cleaner.jsonl",
        "cleaner.datatrove",
        "cleaner.hf",
        "cleaner.spark",
    ],
    ["cleaner"],
    ["cleaner.report", "cleaner.commands.*", "cleaner.cli", "cleaner.__main__"],
]


def layer_of(module: str) -> int | None:
    """The index in ``LAYERS`` of the layer ``module`` belongs to."""
    for k, layer in enumerate(LAYERS):
        for entry in layer:
            if module == entry.removesuffix(".*") or (
                entry.endswith(".*") and module.startswith(entry[:-1])
            ):
                return k
    return None


def _modules() -> dict[str, Path]:
    """``cleaner.x.y`` -> its file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement in ``tree``, at any depth, outside ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Each module of the package -> the modules of the package it imports."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps = set()
        for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in modules)
                continue
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:
                    deps.add(sub)
                elif base in modules:
                    deps.add(base)
        deps.discard(name)
        graph[name] = frozenset(deps)
    return graph


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_is_read():
    """The graph is not empty by mistake: each kind of import is seen."""
    graph = import_graph()
    assert len(graph) > 50
    assert "cleaner.normalize" in graph["cleaner.pipeline"]  # from .normalize import ...
    assert "cleaner.passes.head" in graph["cleaner.passes"]  # from . import head
    assert "cleaner.passes" in graph["cleaner.registry"]  # inside a function
    assert "cleaner.errors" in graph["cleaner.commands.check"]  # from .. import errors


def test_imports_under_type_checking_are_left_out():
    source = "if TYPE_CHECKING:\n    import a\nelse:\n    import b\ndef f():\n    import c\n"
    names = {a.name for node in _import_nodes(ast.parse(source)) for a in node.names}
    assert names == {"b", "c"}


def test_a_cycle_is_found():
    graph = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycle():
    graph = import_graph()
    found = cycles(graph)
    report = [
        f"{' <-> '.join(c)}: "
        + ", ".join(f"{m} -> {d}" for m in c for d in sorted(graph[m]) if d in c)
        for c in found
    ]
    assert not found, "import cycles (STYLE.md, habit 10):\n" + "\n".join(report)


def test_the_catalogue_names_every_builtin_pass():
    """``cleaner.catalogue`` knows the built-in passes without importing them
    (``Config`` checks codes with it); it must say what they register."""
    from cleaner.catalogue import BUILTIN, BUILTIN_ALIASES
    from cleaner.registry import all_passes

    builtin = [p for p in all_passes() if p.func.__module__.startswith("cleaner.passes.")]
    assert {p.code: (p.name, p.family) for p in builtin} == BUILTIN
    assert {alias: p.code for p in builtin for alias in p.aliases} == BUILTIN_ALIASES


def test_every_module_has_a_layer():
    missing = [m for m in import_graph() if layer_of(m) is None]
    assert not missing, f"add these modules to a layer of LAYERS: {missing}"


def test_imports_go_down_or_sideways():
    graph = import_graph()
    upward = [
        f"{m} (layer {layer_of(m)}) -> {d} (layer {layer_of(d)})"
        for m in sorted(graph)
        for d in sorted(graph[m])
        if (layer_of(d) or 0) > (layer_of(m) or 0)
    ]
    assert not upward, "imports from a layer above:\n" + "\n".join(upward)


@pytest.mark.parametrize(
    ("command", "says"), [("clean", "It rained in Paris"), ("explain", "CL103 back-to-top")]
)
def test_plain_text_does_not_go_through_the_html_package(tmp_path, command, says):
    """The library and the CLI send a plain text straight to the pipeline; only a
    page that is HTML loads ``cleaner.html`` (and trafilatura)."""
    page = tmp_path / "story.txt"
    page.write_text("Back to top\n\nIt rained in Paris all day, the weather service said.\n")
    code = (
        "import sys, cleaner; from cleaner.cli import main; "
        f"cleaner.clean(open({str(page)!r}).read()); "
        f"status = main([{command!r}, {str(page)!r}]); "
        "loaded = [m for m in ('cleaner.html', 'trafilatura') if m in sys.modules]; "
        "sys.exit(f'loaded {loaded}' if loaded else status)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert says in done.stdout
