"""One access policy for the shared service: pure (no web or database imports).

Given a principal and an object or field, :mod:`crewplan.policy.decide` says allow, deny or redact and which
rule decided; :mod:`crewplan.policy.redact` applies those decisions to a scenario document and to checker
findings. The service's repositories and serializers call nothing else to decide access.
"""

from crewplan.policy.decide import (
    ACTIONS,
    Decision,
    Effect,
    Principal,
    ShareGrant,
    allowed_actions,
    approvers,
    may,
    may_approve_merge,
    may_cancel_job,
    may_decide_proposal,
    may_edit,
    may_merge,
    may_propose,
    may_see_data,
    may_see_plan,
    may_see_proposal,
)
from crewplan.policy.redact import Redacted, View, redact_findings, redact_scenario, view

__all__ = [
    "ACTIONS",
    "Decision",
    "Effect",
    "Principal",
    "Redacted",
    "ShareGrant",
    "View",
    "allowed_actions",
    "approvers",
    "may",
    "may_approve_merge",
    "may_cancel_job",
    "may_decide_proposal",
    "may_edit",
    "may_merge",
    "may_propose",
    "may_see_data",
    "may_see_plan",
    "may_see_proposal",
    "redact_findings",
    "redact_scenario",
    "view",
]
