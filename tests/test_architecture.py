"""The code keeps the shape docs/design.md draws: rooms and what each imports, one door to
python-pptx, sizes, formatting and ruff."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "generator"
MODULES = {
    ".".join(path.relative_to(REPO).with_suffix("").parts): path
    for path in sorted(PACKAGE.rglob("*.py"))
}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}
RUFF = Path(sys.executable).parent / "ruff"


def room_of(module: str) -> str:
    """`generator.model.fitting` -> `model`; `generator.errors` -> `errors`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def contract() -> dict[str, set[str]]:
    """The table between the `imports` markers of docs/design.md: room -> the rooms it may import."""
    doc = (REPO / "docs" / "design.md").read_text(encoding="utf-8")
    table = doc[doc.index("<!-- BEGIN imports -->") : doc.index("<!-- END imports -->")]
    rows = [line.split("|") for line in table.splitlines() if line.startswith("| `")]
    return {
        row[1].strip().strip("`"): {name.strip() for name in row[3].split(",") if name.strip()}
        for row in rows
    }


def imported_rooms(tree: ast.Module) -> set[str]:
    """The rooms of generator/ a module imports from, at the top or inside functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError("relative import: write `from generator.ROOM.module import ...`")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "generator":
            found.update(alias.name for alias in node.names if alias.name != "__version__")
        elif isinstance(node, ast.Import):
            found.update(
                alias.name.split(".")[1]
                for alias in node.names
                if alias.name.startswith("generator.")
            )
    return found


def third_party(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


ROOMS = sorted({room_of(name) for name in MODULES} - {""})


def test_every_room_is_in_the_contract_and_every_listed_room_exists() -> None:
    assert set(contract()) == set(ROOMS)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_the_rooms_the_contract_allows(name: str) -> None:
    room = room_of(name)
    allowed = contract().get(room, set()) | {room}
    extra = imported_rooms(TREES[name]) - allowed
    assert not extra, f"{name} imports from {sorted(extra)}: not allowed by docs/design.md"


def test_the_contract_has_no_cycle() -> None:
    """Rooms form layers: following what each may import never comes back to where it began."""
    rules = contract()
    done: set[str] = set()

    def visit(room: str, path: tuple[str, ...]) -> None:
        assert room not in path, f"cycle: {' -> '.join((*path, room))}"
        if room in done:
            return
        for other in rules.get(room, ()):
            visit(other, (*path, room))
        done.add(room)

    for room in rules:
        visit(room, ())


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_imports(name: str) -> None:
    importlib.import_module(name)


def test_python_pptx_is_imported_by_the_master_reader_only() -> None:
    users = sorted(name for name, tree in TREES.items() if "pptx" in third_party(tree))
    assert users == ["generator.master.reader"]


def test_private_python_pptx_names_are_read_in_the_master_reader_only_each_with_a_reason() -> None:
    reader = "generator.master.reader"
    source = MODULES[reader].read_text(encoding="utf-8").splitlines()
    pattern = r"\b(prs|package|part|layout|slide)\w*\._[a-z]"
    private = [n for n, line in enumerate(source) if re.search(pattern, line)]
    for n in private:
        said = source[n - 1] + source[n]
        assert "#" in said, f"master/reader.py:{n + 1} reads a private name without saying why"
    for name, path in MODULES.items():
        if name != reader:
            assert not re.search(r"\bpptx\.\w+\._", path.read_text(encoding="utf-8")), name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_functions_fit_in_a_head(name: str) -> None:
    for node in ast.walk(TREES[name]):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length < 50, f"{name}.{node.name} is {length} lines long"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_conditional_expression_is_nested_in_another(name: str) -> None:
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.IfExp):
            inner = [n for n in ast.walk(node) if n is not node and isinstance(n, ast.IfExp)]
            assert not inner, (
                f"{MODULES[name].relative_to(REPO)}:{node.lineno}: nested `x if c else y`"
            )


def test_every_module_opens_with_a_docstring_of_one_line() -> None:
    for name, tree in TREES.items():
        doc = ast.get_docstring(tree)
        assert doc and "\n" not in doc.strip(), name


def test_the_code_is_formatted_and_ruff_clean() -> None:
    folders = ["generator", "tests", "bench", "tools"]
    formatted = subprocess.run(
        [str(RUFF), "format", "--check", *folders], cwd=REPO, capture_output=True, text=True
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    checked = subprocess.run(
        [str(RUFF), "check", *folders], cwd=REPO, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
