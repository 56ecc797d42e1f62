#!/usr/bin/env python
"""Print the module map of docs/architecture.md, drawn from the code.

For every Django app under socius/ it lists the apps it imports at run time (imports under
``if TYPE_CHECKING:`` are type hints and do not count; tests and migrations are left out), and
its size. ``--write`` replaces the block between the markers in docs/architecture.md;
socius/core/tests/test_dependencies.py fails when the block is stale.

    python scripts/module_map.py --write
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "socius"
DOC = ROOT / "docs" / "architecture.md"
START, END = "<!-- module-map:start -->", "<!-- module-map:end -->"


def apps() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE.glob("*/apps.py"))


def _runtime_imports(tree: ast.AST) -> set[str]:
    hinted: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            hinted.update(id(n) for n in ast.walk(node))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hinted:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def source_files(app: str) -> list[Path]:
    return [
        p
        for p in sorted((PACKAGE / app).rglob("*.py"))
        if "tests" not in p.parts and "migrations" not in p.parts
    ]


def dependencies(app: str, known: list[str]) -> dict[str, set[str]]:
    """Other app -> the files of ``app`` that import it at run time."""
    found: dict[str, set[str]] = {}
    for path in source_files(app):
        for name in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "socius" and parts[1] in known and parts[1] != app:
                found.setdefault(parts[1], set()).add(str(path.relative_to(PACKAGE / app)))
    return found


def graph() -> dict[str, set[str]]:
    """App -> the apps it imports at run time."""
    known = apps()
    return {app: set(dependencies(app, known)) for app in known}


def table() -> str:
    rows = ["| Module | Depends on (run-time imports) |", "|---|---|"]
    for app, deps in graph().items():
        rows.append(f"| {app} | {', '.join(sorted(deps)) or '-'} |")
    return "\n".join(rows)


def block() -> str:
    return f"{START}\n{table()}\n{END}"


def current_block() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(START) : text.index(END) + len(END)]


def main() -> int:
    if "--write" in sys.argv:
        text = DOC.read_text(encoding="utf-8")
        DOC.write_text(text.replace(current_block(), block()), encoding="utf-8")
    print(block())
    return 0


if __name__ == "__main__":
    sys.exit(main())
