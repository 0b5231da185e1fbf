"""``crewplan report MANIFEST [--out DIR]``: the HTML report and the exports of a manifest."""

from __future__ import annotations

import shutil
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from crewplan.commands.common import (
    JsonOption,
    QuietOption,
    Run,
    ScenarioOption,
    console,
    either,
    interruptible,
    load,
    print_json,
)
from crewplan.commands.progress import Reporter
from crewplan.errors import UsageError
from crewplan.files import check_output_folder, output_folder

ManifestArgument = Annotated[
    Path | None,
    typer.Argument(help="Manifest (or scenario) file or folder (default: the built-in scenario, whose flown "
                        "flights are themselves a manifest).", show_default=False),
]
OutOption = Annotated[Path, typer.Option(
    "--out", help="Folder for report.html and the exports, written as one unit: replaced whole when the report "
    "is written, left as it was when it fails or is interrupted.")]


class Format(StrEnum):
    html = "html"
    openmct = "openmct"


FormatOption = Annotated[Format, typer.Option(
    "--format", help="html: report.html and every export (CSV, JSON, iCalendar, the Open MCT plan); openmct: "
    "only openmct-plan.json, the plan Open MCT's plan view reads.")]


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(manifest: ManifestArgument = None, out: OutOption = Path("out"), scenario: ScenarioOption = None,
           as_json: JsonOption = False, quiet: QuietOption = False, fmt: FormatOption = Format.html) -> None:
    """Write report.html (charts inline, opens from disk) and the exports (CSV, JSON, iCalendar, Open MCT plan)
    into --out; with --format openmct, only the Open MCT plan.

    Prints a summary table and the report's path. Violations are shown in the report; the exit code is 0
    whenever the report was written (``crewplan check`` gives the pass/fail verdict). The manifest of a plan
    folder given as --out is carried over unchanged when it is the one reported; reporting anything else into
    it is refused, so no saved plan is lost.
    """
    reporter = Reporter("report", quiet=quiet)
    with interruptible(Run(out)) as run:
        from crewplan.check import check_scenario  # imported here: the report's chart code loads matplotlib
        from crewplan.report import summary_table, write_report

        source = either(manifest, scenario, "MANIFEST")
        check_output_folder(out)
        kept = _manifest_to_keep(source, out)
        loaded = load(source)
        with reporter.step("checking the manifest"):
            check = check_scenario(loaded)
        what = "report, exports" if fmt is Format.html else "Open MCT plan"
        with reporter.step(f"writing {out} ({what})"), output_folder(out) as folder:
            _carry_over(kept, folder.path)
            if fmt is Format.html:
                path = write_report(loaded, folder.path, check,
                                    progress=reporter.say if not reporter.live else None)
            else:
                from crewplan.report.exports import write_openmct

                path = write_openmct(loaded, folder.path, [v.model_dump(mode="json") for v in check.violations])
            folder.commit()
            run.written = True
        final = (out / path.name).resolve()
        if as_json:
            print_json({"report": str(final), "files": sorted(str(p.relative_to(out)) for p in out.rglob("*")
                                                              if p.is_file() and not p.name.startswith(".")),
                        "check": check.summary()})
            return
        console.print(summary_table(loaded, check))
        console.print(f"report: {final}")


def _manifest_to_keep(source: Path | None, out: Path) -> Path | None:
    """The manifest of the folder being replaced, to carry over unchanged when it is the one reported; the
    report is refused when it is another one (a saved plan is never lost to a report)."""
    kept = out / "manifest.yaml"
    if not kept.is_file():
        return None
    inside = False
    if source is not None:
        resolved, home = source.resolve(), out.resolve()
        inside = resolved == home or resolved.parent == home
    if not inside:
        raise UsageError(f"--out {out}: the folder holds the manifest of an earlier plan ({kept}), which a report "
                         f"of {source or 'the built-in scenario'} would replace; report that plan with "
                         f"`crewplan report {kept} --out {out}`, or give another --out")
    return kept


def _carry_over(kept: Path | None, staging: Path) -> None:
    if kept is None:
        return
    shutil.copy2(kept, staging / kept.name)
    elements = kept.parent / "elements"
    if elements.is_dir():
        shutil.copytree(elements, staging / "elements")
