"""Property: whatever is done to a valid scenario, loading it succeeds or raises ScenarioError, nothing else.

The mutations work on the parsed fixture (delete a key, add an unknown key, put a value of another type
or a hostile value in a field, duplicate a list entry, swap two ids) or on its text (truncate it, insert
characters), then the result is loaded from text.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crewplan.domain import Scenario
from crewplan.errors import ScenarioError
from crewplan.scenario import load_scenario_text
from crewplan.scenario.yamlio import parse_yaml

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"
TEXT = FIXTURE.read_text(encoding="utf-8")
DATA: dict[str, Any] = parse_yaml(TEXT, str(FIXTURE)).data
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _slots(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in ``data`` (the root excluded)."""
    out = []
    if isinstance(data, dict):
        items: list[tuple[Any, Any]] = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return []
    for key, value in items:
        out.append((*path, key))
        out.extend(_slots(value, (*path, key)))
    return out


SLOTS = _slots(DATA)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _load(text: str) -> Scenario | None:
    """Load; return the scenario, or None after checking the ScenarioError is well formed."""
    try:
        return load_scenario_text(text, "mutant.yaml", FIXTURE.parent)
    except ScenarioError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 0
            assert problem.file == "mutant.yaml"
            assert str(problem)
        return None


hostile_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**40),
    st.integers(max_value=-1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
    st.sampled_from(["nan", "NaN", "-inf", ".inf", "1e999", "-0", "0x1F", "2026-02-30", "2026-13-01",
                     "2026-04-24T09:17:00", "2026-04-24T25:00:00Z", "", " ", "~", "null", "yes", "<<",
                     "../../../../etc/passwd", "\x00", "\u202e", "💯", "[/bold]", ":100:", "%s%n"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.text(min_size=4000, max_size=4100),
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(DATA)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        slots = _slots(data)
        if not slots:
            break
        path = draw(st.sampled_from(slots))
        parent = _at(data, path[:-1])
        key = path[-1]
        action = draw(st.sampled_from(["delete", "unknown", "replace", "duplicate", "swap"]))
        if action == "delete":
            del parent[key]
        elif action == "unknown":
            target = parent[key] if isinstance(parent[key], dict) else parent
            if isinstance(target, dict):
                target[draw(st.text(min_size=1, max_size=12))] = draw(hostile_values)
        elif action == "replace":
            parent[key] = draw(hostile_values)
        elif action == "duplicate":
            if isinstance(parent, list):
                parent.insert(draw(st.integers(0, len(parent))), copy.deepcopy(parent[key]))
            elif isinstance(parent[key], list) and parent[key]:
                parent[key].append(copy.deepcopy(parent[key][0]))
        elif action == "swap":
            items = [item for item in (parent if isinstance(parent, list) else [])
                     if isinstance(item, dict) and "id" in item]
            if len(items) >= 2:
                first, second = draw(st.permutations(items))[:2]
                first["id"], second["id"] = second["id"], first["id"]
    return data


def test_fixture_loads() -> None:
    assert _load(TEXT) is not None


@SETTINGS
@given(mutated())
def test_mutated_data_loads_or_raises_scenario_error(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _load(text)


@SETTINGS
@given(st.integers(min_value=0, max_value=len(TEXT)))
def test_truncated_text_loads_or_raises_scenario_error(cut: int) -> None:
    _load(TEXT[:cut])


@SETTINGS
@given(st.integers(min_value=0, max_value=len(TEXT)), st.text(min_size=1, max_size=8))
def test_text_with_inserted_characters_loads_or_raises_scenario_error(at: int, inserted: str) -> None:
    _load(TEXT[:at] + inserted + TEXT[at:])
