"""One module per rule family: each ``build(model, vars, inst)`` adds its constraints and returns its
objective terms. ``FAMILIES`` is the order the model is built in (later modules read earlier ones'
auxiliary variables, e.g. ``crewed``)."""

from crewplan.planner.constraints import (
    agreements,
    capacity,
    changes,
    crew,
    lifeboat,
    optional,
    overlap,
    ports,
    science,
    seats,
    training,
)

FAMILIES = {
    "seats": seats.build,
    "overlap": overlap.build,
    "training": training.build,
    "capacity": capacity.build,
    "crew": crew.build,
    "lifeboat": lifeboat.build,
    "ports": ports.build,
    "agreements": agreements.build,
    "science": science.build,
    "changes": changes.build,
    "optional": optional.build,
}

__all__ = ["FAMILIES"]
