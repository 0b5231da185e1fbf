"""Robustness studies on real Dask clusters: a local cluster of 2 worker processes, and `dask scheduler` plus
`dask worker` processes started here on loopback and given as --scheduler. The same seed gives the same
results on one worker, two, or the remote cluster; a worker killed mid-run loses no sample; a bad address or a
scheduler that goes away is a clear error, not a hang; the estimated chance of a lifeboat gap matches the
closed form; Ctrl-C keeps the finished samples."""

from __future__ import annotations

import csv
import json
import math
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from crewplan.robustness.evaluate import SampleSettings
from crewplan.robustness.stats import wilson
from crewplan.robustness.study import ClusterError, run_study
from crewplan.scenario.save import save_scenario
from robustness.closed_form import gap_probability, plan, relieved_plan
from robustness.conftest import dask_cluster
from servers import free_port

SETTINGS = SampleSettings(work_limit=5.0, time_limit_s=120.0)
CLI = [sys.executable, "-m", "crewplan.cli"]


def rows(study: Any) -> list[dict[str, Any]]:
    """Every sample's result without its timing (the part that must not depend on the cluster)."""
    out = []
    for p, by_index in sorted(study.results.items()):
        for i in sorted(by_index):
            row = by_index[i].row()
            row.pop("seconds")
            out.append({"plan": p, **{k: None if isinstance(v, float) and math.isnan(v) else v
                                      for k, v in row.items()}})
    return out


@pytest.fixture(scope="module")
def reference() -> Any:
    """Twelve samples of the relieved plan on one local worker."""
    return run_study([relieved_plan()], 12, 5, SETTINGS, workers=1)


def test_two_local_workers_give_the_results_of_one(reference: Any) -> None:
    two = run_study([relieved_plan()], 12, 5, SETTINGS, workers=2)
    assert two.workers == 2 and reference.workers == 1
    assert rows(two) == rows(reference)
    assert sum(r["replans"] for r in rows(reference)) > 0  # the samples did replan: the comparison has teeth


def test_a_remote_cluster_gives_the_same_results(reference: Any, tmp_path: Path) -> None:
    with dask_cluster(2, tmp_path / "dask.log") as cluster:
        remote = run_study([relieved_plan()], 12, 5, SETTINGS, scheduler=cluster.address)
    assert remote.workers == 2 and remote.scheduler == cluster.address
    assert rows(remote) == rows(reference)


def test_a_worker_killed_mid_run_loses_no_sample(reference: Any, tmp_path: Path) -> None:
    samples = 40
    with dask_cluster(2, tmp_path / "dask.log") as cluster:
        seen: list[int] = []

        def progress(done: int, _total: int, _result: Any) -> None:
            seen.append(done)
            if done == 3:
                cluster.kill(cluster.workers[0])  # SIGKILL, mid-run: its running and queued tasks move

        study = run_study([relieved_plan()], samples, 5, SETTINGS, scheduler=cluster.address, progress=progress)
        assert cluster.workers[0].returncode == -signal.SIGKILL
    assert len(study.results[0]) == samples and seen[-1] == samples
    assert rows(study)[:12] == rows(reference)  # the first twelve are the reference's samples


def test_the_chance_of_a_lifeboat_gap_matches_the_closed_form() -> None:
    n = 400
    study = run_study([plan()], n, 11, SETTINGS, workers=2)
    hits = sum(r.lifeboat_gap for r in study.results[0].values())
    low, high = wilson(hits, n, level=0.999)
    expected = gap_probability(plan())
    assert 0.3 < expected < 0.7  # a probability the test can tell from 0 and 1
    assert low <= expected <= high, (hits, n, expected)


def test_a_bad_address_is_a_clear_error() -> None:
    with pytest.raises(ClusterError, match="not an address"):
        run_study([plan()], 2, 0, SETTINGS, scheduler="localhost-8786")
    started = time.monotonic()
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        run_study([plan()], 2, 0, SETTINGS, scheduler=f"tcp://127.0.0.1:{free_port()}")
    assert time.monotonic() - started < 60


def cli(args: list[str], **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "robustness", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


def test_a_scheduler_that_goes_away_ends_the_study_with_an_error(tmp_path: Path) -> None:
    manifest = save_scenario(relieved_plan(), tmp_path / "plan" / "manifest.yaml")
    with dask_cluster(1, tmp_path / "dask.log") as cluster:
        run = cli([str(manifest), "--samples", "400", "--scheduler", cluster.address, "--out",
                   str(tmp_path / "out"), "--work-limit", "5"])
        time.sleep(8)
        cluster.kill(cluster.scheduler)
        _out, err = run.communicate(timeout=120)
    assert run.returncode == 2, err
    assert "went away" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_the_command_writes_its_samples_and_ctrl_c_keeps_the_finished_ones(tmp_path: Path) -> None:
    manifest = save_scenario(relieved_plan(), tmp_path / "plan" / "manifest.yaml")
    done = cli([str(manifest), str(manifest), "--samples", "6", "--seed", "5", "--workers", "2", "--json",
                "--out", str(tmp_path / "full"), "--work-limit", "5"])
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    document = json.loads(out)
    assert document["plans"][0]["summary"]["samples"] == 6
    assert document["plans"][0]["plan_itself"]["lifeboat_gap_person_days"] == 0  # the plan alone has no gap
    assert document["comparisons"][0]["paired_samples"] == document["plans"][0]["summary"]["found_a_plan"]
    assert all(m["mean_difference"] == 0 for m in document["comparisons"][0]["measures"].values())  # A vs A
    with (tmp_path / "full" / "samples.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 12
    json.loads((tmp_path / "full" / "summary.json").read_text(), parse_constant=lambda c: pytest.fail(c))
    page = (tmp_path / "full" / "robustness.html").read_text(encoding="utf-8")
    assert page.count('<section class="plan"') == 2 and '<section class="comparison">' in page
    assert page.count("<svg") == 3 and re.search(r'(src|href)="https?:', page) is None  # nothing to fetch

    stopped = cli([str(manifest), "--samples", "3000", "--workers", "1", "--out", str(tmp_path / "part"),
                   "--work-limit", "5"])
    finished: list[str] = []
    reader = threading.Thread(target=lambda: finished.extend(stopped.stderr or []), daemon=True)
    time.sleep(25)
    stopped.send_signal(signal.SIGINT)
    reader.start()
    stopped.wait(120)
    reader.join(10)
    assert stopped.returncode == 130, "".join(finished)
    assert "finished samples are in" in "".join(finished)
    with (tmp_path / "part" / "samples.csv").open(encoding="utf-8") as handle:
        kept = list(csv.DictReader(handle))
    assert 0 < len(kept) < 3000
    assert json.loads((tmp_path / "part" / "summary.json").read_text())["interrupted"] is True
