"""The scenarios shipped with crewplan as package data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from crewplan.errors import UsageError

DEFAULT = "tiangong-iss"


def builtin_root() -> Path:
    return Path(str(resources.files("crewplan") / "data" / "scenarios"))


def builtin_names() -> list[str]:
    return sorted(p.name for p in builtin_root().iterdir() if p.is_dir() or p.suffix == ".yaml")


def builtin_path(name: str = DEFAULT) -> Path:
    """The folder of a built-in scenario."""
    path = builtin_root() / name
    if not path.exists():
        raise UsageError(f"no built-in scenario {name!r}; built-in: {', '.join(builtin_names())}")
    return path
