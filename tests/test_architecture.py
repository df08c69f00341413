"""The import contract: the layers of DESIGN.md, and no import cycles.

Every ``import`` in ``src/conflictcoder`` (module level or inside a function; those under
``if TYPE_CHECKING:`` excepted, as they never run) is read from the source with ``ast``. A
module may import modules of its own layer or of a layer below, never one above, and the
module graph has no cycle: a cycle hidden behind a function-level import is still a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "conflictcoder"

# Lowest first: the data flow of DESIGN.md (ingest -> clean -> nlp -> extract -> resolve ->
# merge -> store -> api/web/export), with the records and the rule data underneath and the
# Coder wiring the stages. A module belongs to the layer of its longest listed prefix.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "model", "registry", "text", "files", "checks"),
    ("ontology",),
    ("geo.names", "geo.countries", "geo.keys", "geo.terms", "geo.distance", "geo.paths"),
    ("config",),
    ("clean", "nlp", "geo", "ingest"),
    ("gate",),
    ("extract",),
    ("resolve",),
    ("merge",),
    ("pipeline",),
    ("coder",),
    ("evaluate", "distributed", "store", "export", "formats", "teach"),
    ("watch", "alerts"),
    ("api", "web", "cli", "__main__", ""),
)

# Groups of packages whose modules may import each other in a loop: none any more. (The
# API's routers and the dashboard did, through the API package's lazy create_app; they import
# submodules only, which does not run through a package's names.)
KNOWN_CYCLE_GROUPS: tuple[tuple[str, ...], ...] = ()


def _in_group(module: str, group: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in group)


def module_name(root: Path, path: Path) -> str:
    """``geo/index.py`` -> ``geo.index``; a package's ``__init__.py`` -> its own name."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


class _Imports(ast.NodeVisitor):
    """The import statements of a module, those under ``if TYPE_CHECKING:`` left out."""

    def __init__(self) -> None:
        self.found: list[ast.Import | ast.ImportFrom] = []

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
        if name == "TYPE_CHECKING":
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.append(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.found.append(node)


def _from_import(
    module: str, names: list[str], modules: dict[str, Path], package: str = ""
) -> list[str]:
    """What ``from module import names`` depends on: each name that is a submodule, and the
    module itself when some name is defined in it (``from . import views`` needs the module
    views, not the names of the package's ``__init__``)."""
    local = module[len(package) + 1 :] if package and module.startswith(package + ".") else module
    if package and module == package:
        local = ""
    subs = [f"{module}.{n}".strip(".") for n in names]
    if all(f"{local}.{n}".strip(".") in modules for n in names):
        return subs
    return [module, *subs]


def import_graph(root: Path, package: str = "conflictcoder") -> dict[str, set[str]]:
    """Module -> the package's modules it imports (names relative to the package)."""
    modules = {module_name(root, p): p for p in root.rglob("*.py")}

    def nearest(name: str) -> str | None:
        while name not in modules and "." in name:
            name = name.rsplit(".", 1)[0]
        return name if name in modules else None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        visitor = _Imports()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        here = name.split(".") if name else []
        if path.name != "__init__.py":
            here = here[:-1]
        targets: set[str] = set()
        for node in visitor.found:
            if isinstance(node, ast.Import):
                wanted = [a.name for a in node.names]
            elif node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                prefix = ".".join(base)
                module = ".".join(p for p in (prefix, node.module or "") if p)
                wanted = _from_import(module, [a.name for a in node.names], modules)
            else:
                module = node.module or ""
                wanted = _from_import(module, [a.name for a in node.names], modules, package)
            absolute = isinstance(node, ast.Import) or node.level == 0
            for full in wanted:
                if absolute:
                    if full != package and not full.startswith(package + "."):
                        continue
                    full = full[len(package) + 1 :] if full != package else ""
                target = nearest(full)
                if target is not None and target != name:
                    targets.add(target)
        graph[name] = targets
    return graph


def layer_of(module: str) -> int:
    best, best_len = len(LAYERS) - 1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if prefix == "":
                matched = module == ""
            else:
                matched = module == prefix or module.startswith(prefix + ".")
            if matched and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def cycles(graph: dict[str, set[str]]) -> Iterator[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return iter(found)


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(PACKAGE)


def test_no_module_imports_a_later_layer(graph: dict[str, set[str]]) -> None:
    upward = sorted(
        f"{module or 'conflictcoder'} imports {target} "
        f"(layer {layer_of(target)} above {layer_of(module)})"
        for module, targets in graph.items()
        for target in targets
        if layer_of(target) > layer_of(module)
    )
    assert upward == []


def test_the_package_has_no_import_cycle(graph: dict[str, set[str]]) -> None:
    new = [
        sorted(c)
        for c in cycles(graph)
        if not any(all(_in_group(m, group) for m in c) for group in KNOWN_CYCLE_GROUPS)
    ]
    assert new == []


def test_every_module_has_a_layer(graph: dict[str, set[str]]) -> None:
    # the catch-all top layer is for the package itself and the interfaces, nothing else
    top = {m for m in graph if layer_of(m) == len(LAYERS) - 1}
    assert all(m == "" or m.split(".")[0] in {"api", "web", "cli", "__main__"} for m in top)


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_behind_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from .b import f\n",
            "b.py": "def f():\n    from .a import g\n",
            "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph["c"] == set()  # type-only imports never run
    assert list(cycles(graph)) == [frozenset({"a", "b"})]


def test_importing_a_submodule_does_not_depend_on_the_package_names(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "def make():\n    from .app import build\n",
            "app.py": "from .views import page\n",
            "views.py": "from . import session\n",
            "session.py": "",
            "use.py": "from . import make, session\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph["views"] == {"session"}  # a submodule, not the package's __init__
    assert graph["use"] == {"", "session"}  # make is a name of __init__
    assert list(cycles(graph)) == []
    # a name of the package's __init__ used by a module it reaches closes a loop
    (root / "session.py").write_text("from . import make\n", encoding="utf-8")
    assert list(cycles(import_graph(root, "pkg"))) == [frozenset({"", "app", "views", "session"})]


def test_an_upward_import_is_reported(graph: dict[str, set[str]]) -> None:
    # model (the records) importing the coder would be a stage reaching up the data flow
    graph = {**graph, "model": graph["model"] | {"coder"}}
    assert layer_of("coder") > layer_of("model")
    assert any(target == "coder" for target in graph["model"])
