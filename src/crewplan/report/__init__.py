"""Reports of a manifest: the self-contained HTML report (charts as inline SVG), exports (CSV, JSON,
iCalendar) and the terminal summary table.

``write_report(manifest, out_dir)`` writes ``report.html`` and every export; ``summary_table(manifest)``
is the rich table the commands print. ``lanes`` (pure, light) gives the manifest's lanes in time, for the
web UI's timeline and the Open MCT plan.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {"write_exports": "exports", "summary_table": "terminal", "STEPS": "writer", "Report": "writer",
          "build_report": "writer", "write_report": "writer"}
__all__ = ["STEPS", "Report", "build_report", "summary_table", "write_exports", "write_report"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: the writer brings matplotlib, which the web UI's use of report.lanes never needs.
    if name in _HOMES:
        return getattr(importlib.import_module(f"crewplan.report.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'crewplan.report' has no attribute {name!r}")
