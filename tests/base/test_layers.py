"""Pure layers import no web, database or solver code (DESIGN §2)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "crewplan"
FORBIDDEN = ("ortools", "fastapi", "sqlalchemy", "alembic", "psycopg", "starlette", "uvicorn", "jwt", "argon2",
             "dask", "distributed", "typer", "rich")
SERVICE = ("crewplan.storage", "crewplan.api", "crewplan.commands", "crewplan.planner", "crewplan.jobs")
PURE = ["domain", "rules", "training", "check", "orbit", "scenario", "policy", "rescue"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", PURE)
def test_pure_layer_imports(layer):
    folder = SRC / layer
    assert folder.is_dir(), f"layer {layer} is missing"
    for path in folder.rglob("*.py"):
        bad = _imports(path) & set(FORBIDDEN)
        assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"


def _crewplan_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("crewplan."):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("crewplan."))
    return names


@pytest.mark.parametrize("layer", PURE)
def test_pure_layers_import_no_storage_service_or_solver_of_crewplan(layer):
    for path in (SRC / layer).rglob("*.py"):
        bad = {name for name in _crewplan_imports(path) if name.startswith(SERVICE)}
        assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"


def test_domain_does_no_io():
    for path in (SRC / "domain").rglob("*.py"):
        imported = _imports(path)
        assert not imported & {"yaml", "sgp4", "pathlib", "os", "io"}, path.name


@pytest.mark.parametrize("module", ["derive.py", "sample.py", "stats.py"])
def test_the_pure_parts_of_robustness_studies(module):
    """Drawing samples and summing them up needs no solver and no cluster (only evaluate.py and study.py do)."""
    path = SRC / "robustness" / module
    assert not _imports(path) & set(FORBIDDEN), module
    assert not {n for n in _crewplan_imports(path) if n.startswith(SERVICE)}, module
