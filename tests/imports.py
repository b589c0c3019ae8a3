"""The import graph of ``scheduler/``, read from the source with ``ast`` (nothing is imported).

Run ``python -m tests.imports`` from the project's root to print the graph between the
top-level parts of the package and any cycle in it; ``tests/test_architecture.py`` checks
the import rule of the README against the same graph.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "scheduler"


@dataclass(frozen=True)
class Import:
    """One ``import`` statement: the importing module, the imported one, and where."""

    source: str
    target: str
    line: int
    top_level: bool


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE_ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The modules an ``ImportFrom`` brings in: ``from x import y`` imports the module
    ``x.y`` when there is one, else the name ``y`` of the module ``x``."""
    if node.level:
        base = module.split(".")
        base = base if is_package else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    modules = existing_modules()
    return [
        f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in modules else prefix
        for alias in node.names
    ]


def imports_of(path: Path) -> list[Import]:
    """The ``scheduler`` modules that the file at ``path`` imports."""
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top_level_nodes = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            targets = _absolute(module, path.name == "__init__.py", node)
        else:
            continue
        for target in targets:
            if target == "scheduler" or target.startswith("scheduler."):
                found.append(Import(module, target, node.lineno, id(node) in top_level_nodes))
    return found


def all_imports() -> list[Import]:
    return [
        found
        for path in sorted(PACKAGE_ROOT.rglob("*.py"))
        if "__pycache__" not in path.parts
        for found in imports_of(path)
    ]


def part(module: str) -> str:
    """The top-level part of the package a module belongs to (``scheduler.mail.outbox`` ->
    ``mail``); the package's own ``__init__`` is ``scheduler``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "scheduler"


@cache
def existing_modules() -> frozenset[str]:
    return frozenset(module_name(path) for path in PACKAGE_ROOT.rglob("*.py"))


def part_graph() -> dict[str, set[str]]:
    """Which parts import which other parts (imports inside a part are left out)."""
    modules = existing_modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for found in all_imports():
        if found.target not in modules:  # a name imported from a module, not a module
            continue
        source, target = part(found.source), part(found.target)
        graph[source]
        if source != target and source != "scheduler":
            graph[source].add(target)
    return dict(graph)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more parts (each one holds a cycle)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def main() -> None:
    graph = part_graph()
    width = max(len(name) for name in graph)
    for name in sorted(graph):
        print(f"{name:<{width}} -> {', '.join(sorted(graph[name])) or '(nothing)'}")
    found = cycles(graph)
    print("cycles: " + ("; ".join(" <-> ".join(group) for group in found) or "none"))


if __name__ == "__main__":
    main()
