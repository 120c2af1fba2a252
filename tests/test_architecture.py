"""The code keeps the shape docs/design.md draws: the import contract, one door to python-pptx, sizes, ruff."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "generator"
MODULES = {path.stem: path for path in sorted(PACKAGE.glob("*.py")) if path.stem != "__init__"}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}
COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)


def contract() -> dict[str, set[str]]:
    """The table between the `imports` markers of docs/design.md: module -> the modules of ours it may import."""
    doc = (REPO / "docs" / "design.md").read_text(encoding="utf-8")
    table = doc[doc.index("<!-- BEGIN imports -->"): doc.index("<!-- END imports -->")]
    rows = [line.split("|") for line in table.splitlines() if line.startswith("| `")]
    return {row[1].strip().strip("`"): {n.strip() for n in row[3].split(",") if n.strip()} for row in rows}


def ours(tree: ast.Module) -> set[str]:
    """The modules of generator/ a module imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names
                                                                           if a.name in MODULES])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "generator":
            found.update(a.name for a in node.names if a.name in MODULES)
    return found


def third_party(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_every_module_is_in_the_contract_and_every_listed_module_exists() -> None:
    assert set(contract()) == set(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_what_the_contract_allows(name: str) -> None:
    extra = ours(TREES[name]) - contract().get(name, set())
    assert not extra, f"generator/{name}.py imports {sorted(extra)}: not allowed by docs/design.md"


def test_python_pptx_is_imported_by_the_master_module_only() -> None:
    assert sorted(name for name, tree in TREES.items() if "pptx" in third_party(tree)) == ["master"]


def test_private_python_pptx_names_are_read_in_the_master_module_only_each_with_a_reason() -> None:
    source = MODULES["master"].read_text(encoding="utf-8").splitlines()
    private = [n for n, line in enumerate(source) if re.search(r"\b(prs|package|part|layout|slide)\w*\._[a-z]", line)]
    for n in private:
        assert "#" in source[n - 1] + source[n], f"master.py:{n + 1} reads a private name without saying why"
    for name, path in MODULES.items():
        if name != "master":
            assert not re.search(r"\bpptx\.\w+\._", path.read_text(encoding="utf-8")), name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_and_functions_fit_in_a_head(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 500, f"generator/{name}.py has {lines} lines"
    for node in ast.walk(TREES[name]):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= 50, f"{name}.{node.name} is {length} lines long"
            assert depth(node) <= 4, f"{name}.{node.name} nests {depth(node)} deep"


def depth(node: ast.AST, level: int = 0) -> int:
    """How deep compound statements nest inside a function (nested functions count afresh)."""
    deepest = level
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        elif_ = isinstance(node, ast.If) and isinstance(child, ast.If) and node.orelse == [child]  # same level
        deepest = max(deepest, depth(child, level + (isinstance(child, COMPOUND) and not elif_)))
    return deepest


def test_every_module_opens_with_a_docstring_of_one_line() -> None:
    for name, tree in TREES.items():
        doc = ast.get_docstring(tree)
        assert doc and "\n" not in doc.strip(), f"generator/{name}.py"


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(),
                    reason="ruff is not installed")
def test_the_code_is_ruff_clean() -> None:
    ruff = str(Path(sys.executable).parent / "ruff") if (Path(sys.executable).parent / "ruff").exists() else "ruff"
    out = subprocess.run([ruff, "check", "generator", "tests", "bench", "tools"], cwd=REPO, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stdout + out.stderr
