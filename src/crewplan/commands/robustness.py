"""``crewplan robustness MANIFEST [MANIFEST ...]``: how a plan holds up under sampled disruptions, on Dask."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from crewplan.commands.common import (
    ANNOUNCED,
    EXIT_INTERRUPTED,
    JsonOption,
    QuietOption,
    console,
    err_console,
    load,
    print_json,
)
from crewplan.domain import DisruptionRate, Scenario
from crewplan.errors import UsageError
from crewplan.files import check_output_folder, output_folder

ManifestsArgument = Annotated[list[Path], typer.Argument(
    help="The manifest to study, or several to compare on the same samples (the first is the reference).",
    show_default=False)]


def register(app: typer.Typer) -> None:
    app.command("robustness")(robustness)


def robustness(
    manifests: ManifestsArgument,
    samples: Annotated[int, typer.Option("--samples", help="Disruption histories to draw.", min=1,
                                         max=1_000_000)] = 100,
    seed: Annotated[int, typer.Option("--seed", help="The samples' seed: the same seed gives the same samples "
                                      "and results on any number of workers.", min=0, max=2**31 - 1)] = 0,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="A Dask scheduler's address "
                                                  "(tcp://host:8786); default: a local cluster.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Worker processes of the local cluster "
                                                "(default: one per core).", min=1, max=256)] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for samples.csv, summary.json and robustness.html, "
                                      "written as one "
                                      "unit (a Ctrl-C writes the samples finished so far).")] = Path("robustness"),
    rates: Annotated[Path | None, typer.Option("--rates", help="A YAML file with a disruption_rates list: each "
                                               "replaces the plan's rate of the same id, or is added.")] = None,
    work_limit: Annotated[float, typer.Option("--work-limit", help="Deterministic solver work per replan "
                                              "(CP-SAT work units).", min=0.1, max=1e6)] = 20.0,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Wall-clock safety limit per replan, "
                                              "seconds (a replan it stops is counted in the summary).",
                                              min=0.1, max=86_400)] = 60.0,
    as_json: JsonOption = False, quiet: QuietOption = False,
) -> None:
    """Sample disruption histories from each plan's disruption rates (launch slips, vehicle damage, groundings,
    pad outages, rule changes), replan each one event at a time as the agencies would, and report what they
    come to: lifeboat-gap person-days, days below the minimum crew, crew extension days, seats and agreement
    seats lost, changes, infeasible samples, and the events behind the worst. Several plans are compared on
    the same samples, with 95 % confidence intervals of the paired differences.

    A plan without rates uses the rates its own record gives (crewplan.robustness.derive; the built-in
    scenario ships them in disruptions.yaml). The study runs on a local Dask cluster, or on --scheduler.
    """
    from crewplan.robustness.evaluate import SampleSettings
    from crewplan.robustness.study import run_study

    if scheduler and workers:
        raise UsageError("--workers sizes the local cluster; with --scheduler the cluster's own workers run the "
                         "samples: give one or the other")
    check_output_folder(out)
    plans = [_with_rates(load(path), path, rates, quiet) for path in manifests]
    settings = SampleSettings(work_limit=work_limit, time_limit_s=time_limit)
    with _progress(quiet or as_json, samples * len(plans)) as advance:
        study = run_study(plans, samples, seed, settings, scheduler=scheduler, workers=workers, progress=advance)
    document = _json_safe(_document(manifests, plans, study, samples, seed, settings))
    with output_folder(out) as folder:
        _write(folder.path, study, manifests)
        (folder.path / "summary.json").write_text(json.dumps(document, indent=1, default=str), encoding="utf-8")
        (folder.path / "robustness.html").write_text(_html(document, study, manifests), encoding="utf-8")
        folder.commit(f"crewplan robustness of {', '.join(str(m) for m in manifests)}, seed {seed}\n")
    if as_json:
        print_json(document)
    else:
        _print(document, out)
    if study.interrupted:
        ANNOUNCED["interrupt"] = True
        err_console.print(f"interrupted: the {sum(len(r) for r in study.results.values())} finished samples are "
                          f"in {out}")
        raise typer.Exit(EXIT_INTERRUPTED)


def _with_rates(plan: Scenario, path: Path, rates: Path | None, quiet: bool) -> Scenario:
    from crewplan.robustness.derive import derived_rates

    own = list(plan.disruption_rates)
    if not own:
        own = derived_rates(plan)
        if not own and rates is None:
            raise UsageError(f"{path}: no disruption_rates, and no flown crewed flight to derive them from: "
                             "add a disruption_rates section, or give --rates FILE")
        if own and not quiet:
            err_console.print(f"{path}: no disruption_rates: using the {len(own)} its record gives "
                              "(crewplan.robustness.derive)")
    if rates is not None:
        given = {r.id: r for r in _read_rates(rates)}
        own = [given.pop(r.id, r) for r in own] + list(given.values())
    return plan.model_copy(update={"disruption_rates": tuple(own)})


def _read_rates(path: Path) -> list[DisruptionRate]:
    from pydantic import ValidationError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"--rates {path}: cannot read it: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise UsageError(f"--rates {path}{where}: not YAML: {getattr(error, 'problem', error)}") from None
    items = data.get("disruption_rates") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise UsageError(f"--rates {path}: expected a mapping with a disruption_rates list")
    out = []
    for n, item in enumerate(items):
        try:
            out.append(DisruptionRate.model_validate(item))
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(x) for x in first.get("loc", ()))
            raise UsageError(f"--rates {path}: disruption_rates[{n}]{'.' + field if field else ''}: "
                             f"{first.get('msg')} (value {first.get('input')!r})") from None
    return out


class _progress:
    """A rich progress bar of samples done, with the running share of samples with a lifeboat gap."""

    def __init__(self, hidden: bool, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar: Progress | None = None if hidden else Progress(
            TextColumn("samples"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[estimate]}"), console=err_console, transient=True)
        self.total, self.gaps = total, 0

    def __enter__(self) -> Any:
        if self.bar is None:
            return None
        self.bar.start()
        task = self.bar.add_task("samples", total=self.total, estimate="")

        bar = self.bar

        def advance(done: int, total: int, result: Any) -> None:
            self.gaps += result.lifeboat_gap
            bar.update(task, completed=done, estimate=f"lifeboat gap in {self.gaps / done:.1%} so far")

        return advance

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _document(manifests: list[Path], plans: list[Scenario], study: Any, samples: int, seed: int,
              settings: Any) -> dict[str, Any]:
    from crewplan.robustness.evaluate import measure
    from crewplan.robustness.stats import compare, summary

    done = [sorted(study.results[p].values(), key=lambda r: r.index) for p in range(len(plans))]
    return {
        "seed": seed, "samples_asked": samples, "interrupted": study.interrupted, "workers": study.workers,
        "scheduler": study.scheduler, "seconds": round(study.seconds, 3),
        "samples_per_second": round(sum(len(d) for d in done) / study.seconds, 4) if study.seconds else None,
        "work_limit_per_replan": settings.work_limit, "time_limit_per_replan_s": settings.time_limit_s,
        "plans": [{"manifest": str(m), "summary": summary(d), "plan_itself": measure(p, p),
                   "rates": [r.model_dump(mode="json", exclude_none=True) for r in p.disruption_rates]}
                  for m, p, d in zip(manifests, plans, done, strict=True)],
        "comparisons": [{"a": str(manifests[0]), "b": str(manifests[k]), **compare(done[0], done[k])}
                        for k in range(1, len(plans))],
    }


def _json_safe(value: Any) -> Any:
    """NaN (a measure of no sample) as null: summary.json is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


def _write(folder: Path, study: Any, manifests: list[Path]) -> None:
    import csv

    from crewplan.robustness.evaluate import SampleResult

    columns = ["plan", *SampleResult(0, []).row()]
    with (folder / "samples.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for p, by_index in study.results.items():
            for index in sorted(by_index):
                writer.writerow({"plan": str(manifests[p]), **by_index[index].row()})


def _html(document: dict[str, Any], study: Any, manifests: list[Path]) -> str:
    from crewplan.report.robustness import CHARTED, page

    values = {name: {str(manifests[p]): [r.metrics[name] for r in by_index.values() if r.status == "ok"]
                     for p, by_index in study.results.items()} for name in CHARTED}
    return page(document, values)


def _print(document: dict[str, Any], out: Path) -> None:
    from rich.table import Table

    for plan in document["plans"]:
        s = plan["summary"]
        table = Table(title=f"{plan['manifest']}: {s['samples']} samples, {s['found_a_plan']} with a plan, "
                            f"{s['infeasible']} infeasible, {s['unsolved']} unsolved")
        for column in ("measure", "mean", "95 % CI", "median", "p90", "max"):
            table.add_column(column, justify="left" if column == "measure" else "right")
        for name, m in s["measures"].items():
            table.add_row(name, *(_f(v) for v in (m["mean"],)), f"{_f(m['ci95'][0])} to {_f(m['ci95'][1])}",
                          _f(m["median"]), _f(m["p90"]), _f(m["max"]))
        console.print(table)
        share = s["lifeboat_gap_share"]
        console.print(f"lifeboat gap in {share['count']} of {share['of']} samples ({_f(100 * share['share'])} %, "
                      f"95 % CI {_f(100 * share['ci95'][0])} to {_f(100 * share['ci95'][1])} %)")
    for c in document["comparisons"]:
        gap = c["measures"]["lifeboat_gap_person_days"]
        console.print(f"{c['b']} - {c['a']} on {c['paired_samples']} paired samples: lifeboat-gap person-days "
                      f"{_f(gap['mean_difference'])} (95 % CI {_f(gap['ci95'][0])} to {_f(gap['ci95'][1])})")
    console.print(f"written: {out / 'samples.csv'}, {out / 'summary.json'}, {out / 'robustness.html'} "
                  f"({document['seconds']} s on "
                  f"{document['workers']} workers)")


def _f(value: float) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.2f}"
