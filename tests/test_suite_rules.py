"""The test suite's own rules: every module of generator/ is imported by a test, and no test reads a clock (how
fast make-deck is lives in bench/; a test guards against hangs only through the run's timeout)."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from .conftest import REPO

TESTS = sorted((REPO / "tests").glob("*.py"))
MODULES = sorted(
    ".".join(path.relative_to(REPO).with_suffix("").parts)
    for path in (REPO / "generator").rglob("*.py")
    if path.name != "__init__.py"
)
CLOCKS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "time", "process_time"}


@cache
def imported(path: Path) -> frozenset[str]:
    """The generator modules a test file imports, `from generator.x import y` naming both x and x.y."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return frozenset(names)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_is_imported_by_a_test(module: str) -> None:
    users = [path.name for path in TESTS if module in imported(path)]
    assert users, f"no file in tests/ imports {module}: add a test of what it does"


@pytest.mark.parametrize("path", TESTS, ids=lambda p: p.name)
def test_no_test_reads_a_clock_or_sets_a_deadline(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    clocks = [
        f"{path.name}:{node.lineno}: time.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in CLOCKS
        and isinstance(node.value, ast.Name)
        and node.value.id == "time"
    ]
    clocks += [
        f"{path.name}:{node.lineno}: from time import {alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "time"
        for alias in node.names
        if alias.name in CLOCKS
    ]
    deadlines = [
        f"{path.name}:{node.value.lineno}: deadline={ast.unparse(node.value)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword)
        and node.arg == "deadline"
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
    ]
    assert clocks + deadlines == [], "measure speed in bench/ (docs/testing.md)"
