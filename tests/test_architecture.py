"""The import rule and the unit-of-work rule of the README, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.imports import (
    PACKAGE_ROOT,
    Import,
    all_imports,
    cycles,
    module_name,
    part,
    part_graph,
)

FEATURES = {"registration", "matchmaking", "organiser", "public", "scheduling"}
PURE = {"solver", "calendar"}
# Web-facing modules of a feature package; every other module of it is an operations module.
WEB_MODULES = {"routes", "forms", "emails", "auth", "access"}
# Where a transaction may end: the request's unit of work, the delivery loop (one transaction
# per email), background jobs (progress while solving, the schedule at the end), and the
# command-line entry points.
MAY_COMMIT = {
    "scheduler.unit_of_work",
    "scheduler.mail.delivery",
    "scheduler.jobs",
    "scheduler.cli",
    "scheduler.demo",
    "scheduler.loadbench.setup",
}
MAY_ROLL_BACK = {"scheduler.unit_of_work", "scheduler.jobs"}


def _third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def _session_calls(path: Path, method: str) -> list[int]:
    """Lines where ``<something>.<method>()`` is called, e.g. ``db.session.commit()``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
    ]


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE_ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def _describe(found: list[Import]) -> list[str]:
    return [f"{i.source}:{i.line} imports {i.target}" for i in found]


def test_architecture_parts_have_no_cycle() -> None:
    assert cycles(part_graph()) == []


def test_architecture_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_architecture_views_imported_only_by_the_app_factory() -> None:
    offending = [
        i for i in all_imports() if i.target.endswith(".routes") and i.source != "scheduler"
    ]
    assert _describe(offending) == []


def test_architecture_pure_parts_import_nothing_else_of_scheduler() -> None:
    offending = [
        i for i in all_imports() if part(i.source) in PURE and part(i.target) != part(i.source)
    ]
    assert _describe(offending) == []


def test_architecture_pure_parts_never_import_flask_or_sqlalchemy() -> None:
    offending = {
        module_name(path): sorted(_third_party_imports(path) & {"flask", "sqlalchemy", "werkzeug"})
        for path in _sources()
        if part(module_name(path)) in PURE
    }
    assert {name: found for name, found in offending.items() if found} == {}


def test_architecture_models_import_only_extensions() -> None:
    graph = part_graph()
    assert graph["models"] == {"extensions"}


def test_architecture_shared_parts_import_no_feature_package() -> None:
    graph = part_graph()
    shared = set(graph) - FEATURES - {"scheduler", "cli", "demo", "__main__"}
    offending = {name: graph[name] & FEATURES for name in shared if graph[name] & FEATURES}
    assert offending == {}


def test_architecture_feature_packages_form_one_direction() -> None:
    graph = part_graph()
    between = {(name, other) for name in FEATURES for other in graph.get(name, set()) & FEATURES}
    assert between == {
        ("registration", "matchmaking"),
        ("scheduling", "organiser"),
        ("organiser", "registration"),
    }


def test_architecture_operations_modules_do_not_import_flask() -> None:
    offending = [
        module_name(path)
        for path in _sources()
        if part(module_name(path)) in FEATURES
        and path.stem not in WEB_MODULES | {"__init__"}
        and "flask" in _third_party_imports(path)
    ]
    assert offending == []


def _calls_outside(method: str, allowed: set[str]) -> dict[str, list[int]]:
    """Modules outside ``allowed`` (and the pure parts) that call ``.<method>()``."""
    return {
        module_name(path): lines
        for path in _sources()
        if part(module_name(path)) not in PURE
        and module_name(path) not in allowed
        and (lines := _session_calls(path, method))
    }


def test_architecture_only_the_unit_of_work_and_commands_commit() -> None:
    assert _calls_outside("commit", MAY_COMMIT) == {}


def test_architecture_only_the_unit_of_work_rolls_back() -> None:
    assert _calls_outside("rollback", MAY_ROLL_BACK) == {}


def test_architecture_commit_finder_sees_a_commit(tmp_path: Path) -> None:
    source = tmp_path / "view.py"
    source.write_text("def view():\n    db.session.commit()\n", encoding="utf-8")
    assert _session_calls(source, "commit") == [2]
