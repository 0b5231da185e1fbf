"""Reports of a manifest: the self-contained HTML report (charts as inline SVG), exports (CSV, JSON,
iCalendar) and the terminal summary table.

``write_report(manifest, out_dir)`` writes ``report.html`` and every export; ``summary_table(manifest)``
is the rich table the commands print.
"""

from crewplan.report.exports import write_exports
from crewplan.report.terminal import summary_table
from crewplan.report.writer import STEPS, Report, build_report, write_report

__all__ = ["STEPS", "Report", "build_report", "summary_table", "write_exports", "write_report"]
