"""The shape of the house: layers point down, no import cycles, blueprints stand alone.

Imports are read from the source with ``ast`` (module level and inside functions alike), so
a rule breaks here, in a test that names the import, rather than in a maintainer's head.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from config import ROOT

# The service rooms, ground floor first: a room imports only rooms below it (and itself).
FLOORS = (
    "core",
    "mail",
    "accounts",
    "library",
    "plans",
    "measures",
    "care",
    "safety",
    "reminders",
    "workspace",
    "privacy",
    "ops",
)
# What the ground floors may use of the rest of webapp.
DOMAIN_MAY_IMPORT = ("webapp.domain",)
SERVICES_MAY_IMPORT = (
    "webapp.domain",
    "webapp.models",
    "webapp.db",
    "webapp.media",
    "webapp.services",
)
# The web framework itself; flask_babel's lazy strings and locale switch are allowed below.
WEB_FRAMEWORK = ("flask", "werkzeug.local", "werkzeug.routing", "flask_login")


def _module_name(path: Path) -> str:
    """The dotted name of a source file under ROOT."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of webapp/ and scheduler/ by dotted name."""
    found = {}
    for top in ("webapp", "scheduler"):
        for path in (ROOT / top).rglob("*.py"):
            found[_module_name(path)] = path
    return found


def _target(name: str) -> str:
    """The module of ours an imported name lives in (``webapp.x.y`` may be a function of x)."""
    while name and name not in modules():
        name = name.rpartition(".")[0]
    return name


@cache
def imports() -> dict[str, list[tuple[str, int, set[str]]]]:
    """Per module: (imported module, line, names taken from it), ours and others'."""
    found: dict[str, list[tuple[str, int, set[str]]]] = defaultdict(list)
    for name, path in modules().items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found[name].append((alias.name, node.lineno, set()))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                names = {alias.name for alias in node.names}
                submodules = [f"{base}.{n}" for n in names if f"{base}.{n}" in modules()]
                for sub in submodules:
                    found[name].append((sub, node.lineno, set()))
                if len(submodules) < len(names):
                    found[name].append((base, node.lineno, names))
    return found


def ours(imported: str) -> str | None:
    """The module of ours an import names, or None for a library."""
    if imported.split(".")[0] not in ("webapp", "scheduler"):
        return None
    return _target(imported) or None


def blueprints() -> set[str]:
    """The blueprint packages: each defines a Blueprint in its package."""
    found = set()
    for name, path in modules().items():
        if name.count(".") == 1 and name.startswith("webapp.") and "Blueprint(" in path.read_text():
            found.add(name)
        elif name.count(".") == 2 and "Blueprint(" in path.read_text():
            found.add(name.rpartition(".")[0])
    return found


def area(module: str) -> str:
    """The package a module belongs to, for the package graph: a service room or a top package."""
    parts = module.split(".")
    if parts[:2] == ["webapp", "services"] and len(parts) > 2:
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def edges(granularity=lambda m: m) -> dict[str, dict[str, str]]:
    """Import arrows between our modules (or areas): source -> target -> where it is written."""
    graph: dict[str, dict[str, str]] = defaultdict(dict)
    for source, found in imports().items():
        for imported, line, _names in found:
            target = ours(imported)
            if target is None:
                continue
            a, b = granularity(source), granularity(target)
            if a != b:
                graph[a].setdefault(b, f"{modules()[source].relative_to(ROOT)}:{line}")
    return graph


def cycles(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """Every strongly connected group of more than one node (Tarjan), each as a sorted list."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(set(graph) | {n for targets in graph.values() for n in targets}):
        if node not in index:
            visit(node)
    return groups


def _describe(graph, group: list[str]) -> str:
    """The arrows inside one cycle, with the lines that write them."""
    return "; ".join(
        f"{a} -> {b} ({graph[a][b]})" for a in group for b in group if b in graph.get(a, {})
    )


def test_no_import_cycle_between_modules():
    graph = edges()
    assert [_describe(graph, g) for g in cycles(graph)] == []


def test_no_import_cycle_between_packages():
    graph = edges(area)
    assert [_describe(graph, g) for g in cycles(graph)] == []


def test_domain_and_services_never_read_flask_globals():
    found = []
    for module, listed in imports().items():
        if not module.startswith(("webapp.domain", "webapp.services")):
            continue
        for imported, line, names in listed:
            if imported in WEB_FRAMEWORK or imported.startswith(
                tuple(f"{w}." for w in WEB_FRAMEWORK)
            ):
                found.append(f"{module}:{line} imports {imported} {sorted(names)}")
    assert found == []


def test_the_domain_imports_nothing_of_ours_but_the_domain():
    found = [
        f"{module}:{line} imports {imported}"
        for module, listed in imports().items()
        if module.startswith("webapp.domain")
        for imported, line, _names in listed
        if ours(imported) and not ours(imported).startswith(DOMAIN_MAY_IMPORT)
    ]
    assert found == []


def test_services_import_only_the_floors_below_them():
    found = []
    for module, listed in imports().items():
        if not module.startswith("webapp.services."):
            continue
        room = module.split(".")[2]
        for imported, line, _names in listed:
            target = ours(imported)
            if target is None:
                continue
            if not target.startswith(SERVICES_MAY_IMPORT):
                found.append(f"{module}:{line} imports the web layer's {target}")
            elif target.startswith("webapp.services.") and target.count(".") >= 2:
                other = target.split(".")[2]
                if other in FLOORS and FLOORS.index(other) > FLOORS.index(room):
                    found.append(f"{module}:{line} imports {target}, a floor above {room}")
    assert found == []


def test_every_service_room_is_on_a_floor():
    rooms = {p.name for p in (ROOT / "webapp" / "services").iterdir() if p.is_dir()}
    rooms.discard("__pycache__")
    assert rooms == set(FLOORS)
    loose = sorted(p.name for p in (ROOT / "webapp" / "services").glob("*.py"))
    assert loose == ["__init__.py"]


def test_no_blueprint_imports_another_blueprint():
    packages = blueprints()
    assert len(packages) >= 10, packages
    found = []
    for module, listed in imports().items():
        home = next((p for p in packages if module == p or module.startswith(p + ".")), None)
        if home is None:
            continue
        for imported, line, _names in listed:
            target = ours(imported) or ""
            other = next((p for p in packages if target == p or target.startswith(p + ".")), None)
            if other is not None and other != home:
                found.append(f"{module}:{line} imports {target}")
    assert found == []


@pytest.mark.parametrize(
    "lower", ["scheduler", "webapp.services", "webapp.domain", "webapp.models"]
)
def test_the_lower_layers_never_import_a_blueprint(lower):
    packages = blueprints()
    found = [
        f"{module}:{line} imports {imported}"
        for module, listed in imports().items()
        if module == lower or module.startswith(lower + ".")
        for imported, line, _names in listed
        if any(_inside(ours(imported) or "", p) for p in packages)
    ]
    assert found == []


def _inside(module: str, package: str) -> bool:
    """True when the module is the package or one of its modules."""
    return module == package or module.startswith(package + ".")


def test_every_view_module_is_imported_where_the_blueprints_are_registered():
    # A package never imports its views back, so a view module that webapp.views forgets
    # would silently take its pages away.
    packages = blueprints()
    attaching = sorted(
        name
        for name, path in modules().items()
        if name.rpartition(".")[0] in packages
        and re.search(r"^@?bp\.", path.read_text(), re.MULTILINE)
    )
    imported = {ours(target) for target, _line, _names in imports()["webapp.views"]}
    assert len(attaching) >= 20, attaching
    assert [name for name in attaching if name not in imported] == []


def test_the_rules_catch_what_they_are_meant_to_catch():
    # The reading of imports and the cycle search, on a graph with a known cycle.
    graph = {"a": {"b": "x:1"}, "b": {"c": "x:2"}, "c": {"a": "x:3"}, "d": {"a": "x:4"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert ours("webapp.services.core.access.can_see_patient") == "webapp.services.core.access"
    assert ours("flask") is None
    assert area("webapp.services.care.logbook") == "webapp.services.care"
    assert area("webapp.patient.routes") == "webapp.patient"
