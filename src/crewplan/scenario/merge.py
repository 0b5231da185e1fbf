"""A three-way merge of scenario documents, entity by entity: a branch's changes since its base applied to
the plan as it is now.

Each section that lists entities with ids (flights, astronauts, proposals, ...) merges by id: an entity the
branch changed and the plan did not comes from the branch; one the plan changed and the branch did not
stays as the plan has it; one both changed in the same way is taken once; one both changed differently is a
**conflict** (nothing is merged; the answer names each). Every other section (settings, the plan header)
merges as one value by the same rule. Added entities keep the plan's order, the branch's new ones after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Merged:
    data: dict[str, Any]
    """The merged scenario data (meaningful only without conflicts)."""
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    """(section, id) changed both on the branch and on the plan, differently (id "" for a whole section)."""
    from_branch: list[tuple[str, str]] = field(default_factory=list)
    """(section, id) the merge takes from the branch: what it changes in the plan."""


def _by_id(value: Any) -> dict[str, Any] | None:
    if isinstance(value, list) and all(isinstance(x, dict) and isinstance(x.get("id"), str) for x in value):
        return {x["id"]: x for x in value}
    return None


def _pick(base: Any, plan: Any, branch: Any) -> tuple[Any, str]:
    """The merged value and where it came from: "plan", "branch" or "conflict"."""
    if branch in (base, plan):
        return plan, "plan"
    if plan == base:
        return branch, "branch"
    return plan, "conflict"


def merge(base: dict[str, Any], plan: dict[str, Any], branch: dict[str, Any]) -> Merged:
    """Merge ``branch``'s changes since ``base`` into ``plan`` (all three: scenario data as saved)."""
    out: dict[str, Any] = {}
    conflicts: list[tuple[str, str]] = []
    taken: list[tuple[str, str]] = []
    for key in [*plan, *(k for k in branch if k not in plan), *(k for k in base if k not in plan and k not in branch)]:
        b, p, t = base.get(key), plan.get(key), branch.get(key)
        lists = [_by_id(x if x is not None else []) for x in (b, p, t)]
        if all(x is not None for x in lists):
            bl, pl, tl = (x or {} for x in lists)
            items: list[Any] = []
            for eid in [*pl, *(i for i in tl if i not in pl), *(i for i in bl if i not in pl and i not in tl)]:
                value, source = _pick(bl.get(eid), pl.get(eid), tl.get(eid))
                if source == "conflict":
                    conflicts.append((key, eid))
                elif source == "branch":
                    taken.append((key, eid))
                if value is not None:
                    items.append(value)
            if items or p is not None or t is not None:
                out[key] = items
            continue
        value, source = _pick(b, p, t)
        if source == "conflict":
            conflicts.append((key, ""))
        elif source == "branch":
            taken.append((key, ""))
        if value is not None:
            out[key] = value
    return Merged(out, conflicts, taken)
