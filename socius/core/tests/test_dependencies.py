"""The dependency rules of docs/architecture.md that a grep can check: core depends on no module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1]
MODULES = ("accounts", "advice", "atlas", "deliberation", "events", "grants", "knowledge",
           "plans", "procurement", "proposals", "school", "search", "support", "whistleblowing")  # fmt: skip


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _type_checking_only(path: Path, module: str) -> bool:
    """An import under ``if TYPE_CHECKING:`` is a type hint, not a dependency at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            inner = {n.module for n in ast.walk(node) if isinstance(n, ast.ImportFrom)}
            if module in inner:
                return True
    return False


@pytest.mark.parametrize("module", MODULES)
def test_core_never_imports_a_module(module):
    offenders = [
        f"{path.relative_to(CORE)} imports {name}"
        for path in CORE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for name in _imports(path)
        if name.startswith(f"socius.{module}") and not _type_checking_only(path, name)
    ]
    assert offenders == []


def _module_map() -> object:
    import importlib.util

    path = Path(__file__).resolve().parents[3] / "scripts" / "module_map.py"
    spec = importlib.util.spec_from_file_location("module_map", path)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_module_map_in_the_architecture_doc_is_drawn_from_the_code():
    module_map = _module_map()
    assert module_map.current_block() == module_map.block(), (  # type: ignore[attr-defined]
        "docs/architecture.md's module map is stale: run python scripts/module_map.py --write"
    )


def test_modules_do_not_import_each_other_in_a_cycle():
    graph = _module_map().graph()  # type: ignore[attr-defined]

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(app for app in graph if reaches(app, app, {app}))
    assert cycles == []
