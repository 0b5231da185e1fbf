"""Training: the curriculum graph, earliest-ready dates, training plans and their exports. Pure."""

from crewplan.training.curriculum import (
    CurriculumCycleError,
    TrainingError,
    check_curriculum,
    course_open,
    find_cycle,
)
from crewplan.training.export import to_csv, to_ics
from crewplan.training.plan import (
    TrainingPlan,
    TrainingStep,
    booked_plans,
    earliest_ready,
    plan_for_seat,
    stays_of,
)

__all__ = [
    "CurriculumCycleError",
    "TrainingError",
    "TrainingPlan",
    "TrainingStep",
    "booked_plans",
    "check_curriculum",
    "course_open",
    "earliest_ready",
    "find_cycle",
    "plan_for_seat",
    "stays_of",
    "to_csv",
    "to_ics",
]
