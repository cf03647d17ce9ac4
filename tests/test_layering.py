"""The layers of design.md, checked on the source: arrows point down only (``api → workflow → domain``)
and no two modules of ``api/``, ``workflow/`` or ``domain/`` import each other in a circle.

Every module is parsed with ``ast`` (nothing is imported). For layering every import counts, also one
inside a function or under ``if TYPE_CHECKING`` — a function-level import is still a dependency. For
cycles, imports that run when the module is loaded (module level, not under ``TYPE_CHECKING``) are
the ones that make import order matter; a second test also counts imports inside functions, so a
cycle cannot come back hidden behind a function-level import (as ``talent_service`` ↔
``types/talent`` ↔ ``types/people`` once was). Type-only imports never make a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("domain", "workflow", "api")
# What each layer may not import: the layers above it.
FORBIDDEN = {"domain": ("workflow", "api"), "workflow": ("api",), "api": ()}
# Import cycles that exist today, each as its set of modules. This list may only shrink: a cycle not
# listed fails, and so does a listed one that is gone (delete its line).
KNOWN_CYCLES: list[frozenset[str]] = []


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported module (the deepest one of ours that exists)
    line: int
    when: str  # "load": runs when ``source`` is loaded; "call": inside a function; "typing": TYPE_CHECKING only


def _module_files() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:  # Alembic scripts, run by Alembic only
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _module_files()


def _ours(name: str) -> str | None:
    """The longest prefix of ``name`` that is one of our modules (``from a import b`` may name a
    module ``a.b`` or an attribute of ``a``)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, when: str = "load") -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, when
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _walk(child, "typing" if when == "typing" else "call")
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), "typing")
            for stmt in child.orelse:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), when)
        else:  # class bodies, try/if blocks at module level still run on load
            yield from _walk(child, when)


def _imports(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node, when in _walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            target = _ours(name)
            if target is not None and target != module:
                yield Import(module, target, node.lineno, when)


IMPORTS = [imp for module, path in MODULES.items() for imp in _imports(module, path)]


def _layer(module: str) -> str:
    return module.split(".")[0]


def test_the_modules_were_found():
    assert {"domain.clock", "domain.rules.ninebox", "workflow.runner", "api.schema.loaders"} <= MODULES.keys()
    assert any(i.source == "api.schema.loaders" and i.target == "domain.clock" for i in IMPORTS)
    assert {"load", "call"} <= {i.when for i in IMPORTS}


def test_no_upward_import():
    upward = [
        f"{MODULES[i.source].relative_to(ROOT)}:{i.line}: {i.source} imports {i.target}"
        f" ({_layer(i.source)}/ must not import {_layer(i.target)}/)"
        for i in IMPORTS
        if _layer(i.target) in FORBIDDEN[_layer(i.source)]
    ]
    assert not upward, "upward imports (arrows point down only: api → workflow → domain):\n" + "\n".join(upward)


def _graph(*when: str) -> dict[str, dict[str, int]]:
    """module → {imported module: line}, for the imports of the given kinds."""
    graph: dict[str, dict[str, int]] = {m: {} for m in MODULES}
    for i in IMPORTS:
        if i.when in when:
            graph[i.source].setdefault(i.target, i.line)
    return graph


def _strongly_connected(graph: dict[str, dict[str, int]]) -> list[frozenset[str]]:
    """Tarjan's algorithm, iteratively; only components that hold a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                if len(members) > 1 or node in graph[node]:
                    components.append(frozenset(members))
    return components


def _chain(graph: dict[str, dict[str, int]], component: frozenset[str]) -> str:
    """One concrete circle through the component, with the line of each import."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:  # breadth first, inside the component, back to ``start``
        node = queue.pop(0)
        for child in sorted(graph[node]):
            if child == start:
                path = [*paths[node], start]
                chain = " → ".join(
                    f"{a} (line {graph[a][b]})" if b else a for a, b in zip(path, [*path[1:], None], strict=True)
                )
                others = sorted(component - set(path))
                return chain + (f"; also in the same knot: {', '.join(others)}" if others else "")
            if child in component and child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    return ", ".join(sorted(component))


def test_no_import_cycle():
    graph = _graph("load")
    found = _strongly_connected(graph)
    new = [c for c in found if c not in KNOWN_CYCLES]
    gone = [c for c in KNOWN_CYCLES if c not in found]
    problems = [f"import cycle: {_chain(graph, c)}" for c in new]
    problems += [f"cycle {sorted(c)} is gone: remove it from KNOWN_CYCLES" for c in gone]
    assert not problems, "\n".join(problems)


def test_no_import_cycle_hidden_in_a_function():
    graph = _graph("load", "call")
    problems = [f"import cycle: {_chain(graph, c)}" for c in _strongly_connected(graph) if c not in KNOWN_CYCLES]
    assert not problems, (
        "\n".join(problems) + "\nA function-level import only hides a cycle; move the shared code down a layer or "
        "into a module both can import."
    )


def test_the_checker_sees_every_kind_of_import():
    tree = ast.parse(
        "import a\n"
        "if TYPE_CHECKING:\n    import b\n"
        "try:\n    import c\nexcept ImportError:\n    pass\n"
        "class K:\n    import d\n"
        "def f():\n    import e\n"
        "async def g():\n    from . import h\n"
    )
    seen = {(n.names[0].name, when) for n, when in _walk(tree)}
    assert seen == {("a", "load"), ("b", "typing"), ("c", "load"), ("d", "load"), ("e", "call"), ("h", "call")}


def test_the_checker_sees_a_cycle_and_its_chain():
    graph = {"a": {"b": 3}, "b": {"c": 5}, "c": {"a": 7}, "d": {"a": 1}}
    (component,) = _strongly_connected(graph)
    assert component == {"a", "b", "c"}
    assert _chain(graph, component) == "a (line 3) → b (line 5) → c (line 7) → a"
