"""Options and output helpers shared by the commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from crewplan.domain import Scenario
from crewplan.scenario import load_scenario

# emoji=False: a report such as ``file.yaml:100: ...`` must not print ``file.yaml💯 ...``.
console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)

ScenarioOption = Annotated[
    Path | None,
    typer.Option("--scenario", help="Scenario file or folder (default: the built-in scenario tiangong-iss).",
                 show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document and nothing else.")]


def load(path: Path | None) -> Scenario:
    """Load the scenario at ``path``, or the built-in one."""
    return load_scenario(path)


def print_json(document: Any) -> None:
    """Print one JSON document on stdout (no colour, no wrapping)."""
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False, default=str))
