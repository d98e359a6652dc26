"""Reading the project's own source for calls, for tests that every code or action
type written in it is declared (a grep would miss a call split across lines)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]


def source_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def calls(name: str) -> Iterator[tuple[str, ast.Call]]:
    """Every call of a function or class called ``name``, as (``path:line``, node)."""
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called == name:
                    yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", node


def strings(node: ast.AST) -> set[str]:
    """The string constants inside an expression."""
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def literals() -> set[str]:
    """Every string constant in the source outside the declaration modules."""
    found: set[str] = set()
    for path in source_files():
        if path.name in {"errors.py", "audit_types.py"}:
            continue
        found |= strings(ast.parse(path.read_text(encoding="utf-8")))
    return found
