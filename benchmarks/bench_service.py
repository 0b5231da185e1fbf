"""Service benchmark (issue 15): a plan summary read and a checker read of a live ``crewplan serve`` on loopback,
under 1, 8 and 32 concurrent clients, on SQLite and PostgreSQL.

Usage: .venv/bin/python benchmarks/bench_service.py [--databases sqlite postgresql] [--clients 1 8 32]
       [--endpoints summary check] [--duration 15 | --requests N] [--warmup 10] [--repeats 3] [--processes 1] [--json]

For each database it seeds a fresh one (a SQLite file in a temporary folder; a database on a throwaway
PostgreSQL cluster started here with initdb/pg_ctl, as tests/servers.py does) with the built-in scenario and
one planner user, starts ``python -m crewplan.cli serve`` on a free loopback port, and logs in once per client
(each client has its own token, all of the same user; the log-ins are not timed). It then warms up (every
client sends ``--warmup`` requests to each endpoint: the revision cache, the checker's findings, the connection
pools) and runs, per endpoint and number of clients, ``--repeats`` cells. A cell is C threads, each with its
own ``httpx.Client`` (one keep-alive connection, opened before the cell starts), sending requests one after the
other (closed loop) for ``--duration`` seconds, or exactly ``--requests`` requests each. Threads rather than
asyncio: each client is then an independent blocking caller with its own connection, as real clients are,
and a request's latency is measured around one blocking call (a busy event loop would add its own queueing
to every latency it measures); the client's CPU use is recorded beside the figures to show what it costs.

Endpoints: ``summary`` = GET /plans/{id} (the plan summary), ``check`` = GET /plans/{id}/check (every
finding of the checker, cached by the server per revision, redacted for the caller).

Per cell: p50, p95 and max latency (ms), requests/s (successful requests over the cell's wall time), errors,
and the CPU used per request by the server process, by this client process and by the whole machine (all
cores, from /proc/stat: this includes PostgreSQL and anything else running). Per (database, endpoint, clients):
the median and range over the repeats of p50, p95 and requests/s. Results are recorded in docs/benchmarks.md
(## Service (issue 15)).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import servers
from servers import free_port

DATABASES = ("sqlite", "postgresql")
ENDPOINTS = {"summary": "/plans/{plan}", "check": "/plans/{plan}/check"}
USERNAME = "bench-planner"
PASSWORD = "bench-" + "0123456789abcdef"  # at least 15 characters, as add_user demands
AGENCY = "CMSA"
TARGET_MS = 100.0
TARGET_CLIENTS = 32


class BenchError(Exception):
    """A problem to report in one line, without a traceback."""


class Skipped(Exception):
    """A database this machine cannot run (PostgreSQL's programs missing)."""


# --- the machine ------------------------------------------------------------------------------------------


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "cpu"


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot, from /proc/stat ((0, 0) where there is none)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (and its waited-for children), from /proc (0 where there is none)."""
    try:
        after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # fields 14-17 of proc(5) (utime, stime, cutime, cstime) are 11-14 after the name's closing parenthesis
    return sum(int(x) for x in after_name[11:15]) / os.sysconf("SC_CLK_TCK")


def tree_cpu_s(pid: int) -> float:
    """CPU seconds of a process and of its living descendants (``serve --processes N``'s server processes)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(stat.parent.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += process_cpu_s(current)
        todo += children.get(current, [])
    return total


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# --- PostgreSQL: a throwaway cluster (tests/servers.py's) ---------------------------------------------------


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """A PostgreSQL server on a free loopback port with an empty database; yields the database's URL."""
    try:
        servers.postgres_bin()
    except RuntimeError as why:
        raise Skipped(f"{why}; to benchmark it: make postgresql") from None
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(servers.postgres_cluster())
        except RuntimeError as why:  # it did not start: its log's tail
            raise BenchError(str(why)[-2000:]) from None
        server.execute("CREATE DATABASE crewplan_bench")
        yield server.url("crewplan_bench")


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'crewplan.db'}"
    else:
        with postgres_cluster() as url:
            yield url


# --- the service ------------------------------------------------------------------------------------------


def seed(url: str) -> int:
    """The built-in scenario as a new plan and one planner user; returns the plan's id."""
    from crewplan.scenario import load_scenario
    from crewplan.storage import Actor, open_database, repository

    db = open_database(url)
    try:
        with db.transaction() as session:
            seeder = Actor("local:bench-seed")
            plan = repository.create_plan(session, load_scenario(), seeder, "bench")
            repository.add_user(session, seeder, username=USERNAME, password=PASSWORD, agency=AGENCY,
                                nationalities=["CN"], roles=["planner"])
            plan_id: int = plan.id
    finally:
        db.dispose()
    return plan_id


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(20)

    def tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:].strip()
        except OSError:
            return ""


@contextlib.contextmanager
def serving(url: str, folder: Path, processes: int = 1) -> Iterator[Server]:
    """``crewplan serve`` over ``url`` on a free loopback port, stopped at the end of the block (its own session:
    a Ctrl-C reaches only this script, which stops it)."""
    port = free_port()
    env = {**os.environ, "CREWPLAN_SECRET_KEY": secrets.token_hex(32)}
    env.pop("CREWPLAN_DATABASE_URL", None)
    log = folder / "serve.log"
    with log.open("ab") as stream:
        process = subprocess.Popen([sys.executable, "-m", "crewplan.cli", "serve", "--database", url,
                                    "--port", str(port), "--token-minutes", "1440",
                                    "--processes", str(processes)],
                                   stdout=stream, stderr=stream, stdin=subprocess.DEVNULL, env=env,
                                   start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise BenchError(f"crewplan serve exited with {process.returncode}: {server.tail()}")
            try:
                if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"crewplan serve did not answer within 60 s: {server.tail()}")
            time.sleep(0.2)
        yield server
    finally:
        server.stop()


def log_in(url: str) -> str:
    done = httpx.post(f"{url}/auth/token", data={"username": USERNAME, "password": PASSWORD}, timeout=60)
    if done.status_code != 200:
        raise BenchError(f"log-in failed: {done.status_code} {done.text[:300]}")
    token: str = done.json()["access_token"]
    return token


# --- one cell ---------------------------------------------------------------------------------------------


@dataclass
class Client:
    """One client thread's results."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not sorted_values:
        return float("nan")
    rank = (len(sorted_values) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def run_cell(url: str, path: str, tokens: list[str], *, requests: int | None, duration: float,
             stop: threading.Event, server_pid: int | None = None) -> dict[str, Any]:
    """``len(tokens)`` clients in threads against ``path``; returns the cell's figures."""
    clients = [Client() for _ in tokens]
    ready = threading.Barrier(len(tokens) + 1)
    go = threading.Event()
    deadline: list[float] = [0.0]

    def loop(token: str, out: Client) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
            try:
                client.get("/health")  # opens the keep-alive connection before the cell starts
            except httpx.HTTPError as error:
                out.errors += 1
                out.first_error = f"{type(error).__name__}: {error}"
            with contextlib.suppress(threading.BrokenBarrierError):
                ready.wait()
            go.wait()
            done = 0
            while not stop.is_set():
                if requests is not None and done >= requests:
                    break
                if requests is None and time.perf_counter() >= deadline[0]:
                    break
                start = time.perf_counter()
                try:
                    response = client.get(path)
                    response.read()
                    ok = response.status_code == 200
                    problem = f"HTTP {response.status_code}: {response.text[:200]}"
                except httpx.HTTPError as error:
                    ok, problem = False, f"{type(error).__name__}: {error}"
                elapsed = time.perf_counter() - start
                done += 1
                if ok:
                    out.latencies.append(elapsed)
                else:
                    out.errors += 1
                    out.first_error = out.first_error or problem

    threads = [threading.Thread(target=loop, args=(t, c), daemon=True) for t, c in zip(tokens, clients, strict=True)]
    for thread in threads:
        thread.start()
    ready.wait()
    busy0, total0 = machine_ticks()
    me0 = time.process_time()
    server0 = tree_cpu_s(server_pid) if server_pid else 0.0
    start = time.perf_counter()
    deadline[0] = start + duration
    go.set()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    server_cpu = (tree_cpu_s(server_pid) - server0) if server_pid else 0.0
    me = time.process_time() - me0
    busy1, total1 = machine_ticks()
    if stop.is_set():
        raise KeyboardInterrupt
    latencies = sorted(x for c in clients for x in c.latencies)
    errors = sum(c.errors for c in clients)
    n = len(latencies)
    ms = [x * 1000 for x in latencies]
    return {"requests": n, "errors": errors, "first_error": next((c.first_error for c in clients if c.first_error),
                                                                  None),
            "wall_s": round(wall, 3), "rps": round(n / wall, 1) if wall > 0 else 0.0,
            "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "max_ms": round(ms[-1], 2) if ms else float("nan"),
            "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
            "server_cpu_ms_per_request": round(server_cpu * 1000 / n, 2) if n else None,
            "client_cpu_ms_per_request": round(me * 1000 / n, 2) if n else None,
            "machine_busy_cores": (round((busy1 - busy0) / (total1 - total0) * (os.cpu_count() or 1), 2)
                                   if total1 > total0 else None)}


# --- the whole run ----------------------------------------------------------------------------------------


def bench_database(kind: str, args: argparse.Namespace, stop: threading.Event, progress: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="crewplan-bench-") as name, database(kind, Path(name)) as url:
        folder = Path(name)
        t0 = time.perf_counter()
        plan = seed(url)
        progress(f"{kind}: seeded plan {plan} in {time.perf_counter() - t0:.1f} s; starting crewplan serve")
        with serving(url, folder, args.processes) as server:
            most = max(args.clients)
            tokens = [log_in(server.url) for _ in range(most)]
            paths = {e: ENDPOINTS[e].format(plan=plan) for e in args.endpoints}
            sizes: dict[str, int] = {}
            for endpoint, path in paths.items():
                t0 = time.perf_counter()
                warm = run_cell(server.url, path, tokens, requests=args.warmup, duration=0, stop=stop)
                if warm["errors"]:
                    raise BenchError(f"{kind} {endpoint}: {warm['errors']} failed requests in the warm-up; first: "
                                     f"{warm['first_error']}; server log: {server.tail()}")
                sizes[endpoint] = len(httpx.get(server.url + path, timeout=60,
                                                headers={"Authorization": f"Bearer {tokens[0]}"}).content)
                progress(f"{kind} {endpoint}: warmed up ({most} clients x {args.warmup}) in "
                         f"{time.perf_counter() - t0:.1f} s; a response is {sizes[endpoint]} bytes")
            for endpoint, path in paths.items():
                for clients in args.clients:
                    for repeat in range(1, args.repeats + 1):
                        cell = run_cell(server.url, path, tokens[:clients], requests=args.requests,
                                        duration=args.duration, stop=stop, server_pid=server.process.pid)
                        if server.process.poll() is not None:
                            raise BenchError(f"crewplan serve stopped during the run "
                                             f"(exit {server.process.returncode}): {server.tail()}")
                        row = {"database": kind, "processes": args.processes, "endpoint": endpoint,
                               "clients": clients, "repeat": repeat,
                               "response_bytes": sizes[endpoint], **cell}
                        rows.append(row)
                        progress(f"{kind} {endpoint} clients={clients} repeat={repeat}: {cell['requests']} ok, "
                                 f"{cell['errors']} errors, p50 {cell['p50_ms']} ms, p95 {cell['p95_ms']} ms, "
                                 f"{cell['rps']} req/s, load {load_average()[:1]}")
    return rows


def summarise(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    keys = list(dict.fromkeys((r["database"], r["endpoint"], r["clients"]) for r in rows))
    for kind, endpoint, clients in keys:
        cells = [r for r in rows if (r["database"], r["endpoint"], r["clients"]) == (kind, endpoint, clients)]
        entry: dict[str, Any] = {"database": kind, "endpoint": endpoint, "clients": clients, "repeats": len(cells),
                                 "requests": sum(c["requests"] for c in cells),
                                 "errors": sum(c["errors"] for c in cells)}
        for metric in ("p50_ms", "p95_ms", "rps", "server_cpu_ms_per_request", "client_cpu_ms_per_request",
                       "machine_busy_cores"):
            values = [c[metric] for c in cells if c[metric] is not None and c[metric] == c[metric]]
            entry[metric] = ({"median": round(statistics.median(values), 2), "min": min(values), "max": max(values)}
                             if values else None)
        entry["max_ms"] = max((c["max_ms"] for c in cells if c["max_ms"] == c["max_ms"]), default=None)
        out.append(entry)
    return out


def verdict(summary: list[dict[str, Any]], databases: list[str]) -> dict[str, Any]:
    """The issue's target: p95 < 100 ms for the summary at 32 clients, on every database measured."""
    found = {s["database"]: s for s in summary if s["endpoint"] == "summary" and s["clients"] == TARGET_CLIENTS}
    per_db: dict[str, Any] = {}
    for kind in databases:
        s = found.get(kind)
        per_db[kind] = (None if s is None or s["p95_ms"] is None else
                        {"p95_ms_median": s["p95_ms"]["median"], "p95_ms_max": s["p95_ms"]["max"],
                         "met": s["p95_ms"]["median"] < TARGET_MS})
    measured = [v for v in per_db.values() if v is not None]
    return {"target": f"summary p95 < {TARGET_MS:g} ms at {TARGET_CLIENTS} clients", "databases": per_db,
            "met": all(v["met"] for v in measured) if measured and len(measured) == len(databases) else None}


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text}")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bench_service.py", description=(__doc__ or "").splitlines()[0])
    p.add_argument("--databases", nargs="+", choices=DATABASES, default=list(DATABASES))
    p.add_argument("--endpoints", nargs="+", choices=list(ENDPOINTS), default=list(ENDPOINTS))
    p.add_argument("--clients", nargs="+", type=positive_int, default=[1, 8, 32],
                   help="numbers of concurrent clients (default: 1 8 32)")
    p.add_argument("--duration", type=positive_float, default=15.0,
                   help="seconds each client sends requests in a cell (default 15)")
    p.add_argument("--requests", type=positive_int, default=None,
                   help="exactly this many requests per client per cell, instead of --duration")
    p.add_argument("--warmup", type=positive_int, default=10,
                   help="untimed requests per client and endpoint before the cells (default 10)")
    p.add_argument("--processes", type=positive_int, default=1,
                   help="server processes (crewplan serve --processes; default 1)")
    p.add_argument("--repeats", type=positive_int, default=3, help="cells per figure (default 3)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if max(args.clients) > 256:
        parser().error(f"--clients {max(args.clients)}: at most 256 clients")
    args.databases = list(dict.fromkeys(args.databases))
    args.endpoints = list(dict.fromkeys(args.endpoints))
    args.clients = list(dict.fromkeys(args.clients))
    stop = threading.Event()

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def terminated(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    started = dt.datetime.now(dt.UTC)
    load_before = load_average()
    rows: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}
    try:
        for kind in args.databases:
            try:
                rows += bench_database(kind, args, stop, progress)
            except Skipped as why:
                skipped[kind] = str(why)
                progress(f"{kind}: SKIPPED: {why}")
    except KeyboardInterrupt:
        stop.set()
        print("bench_service.py: interrupted; the server and temporary databases are stopped and removed",
              file=sys.stderr)
        return 130
    except BenchError as error:
        stop.set()
        print(f"bench_service.py: error: {error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    summary = summarise(rows)
    measured = [d for d in args.databases if d not in skipped]
    result: dict[str, Any] = {"date": started.isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "cpu": cpu_model(), "cores": os.cpu_count(),
                          "system": f"{platform.system()} {platform.machine()}"},
              "load_before": load_before, "load_after": load_average(),
              "settings": {"databases": args.databases, "endpoints": args.endpoints, "clients": args.clients,
                           "duration_s": None if args.requests else args.duration, "requests": args.requests,
                           "warmup": args.warmup, "repeats": args.repeats,
                           "processes": args.processes,
                           "login": "one token per client"},
              "skipped": skipped, "runs": rows, "summary": summary, "target": verdict(summary, measured)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"python {result['machine']['python']} on {result['machine']['cpu']} ({result['machine']['cores']} "
              f"cores); load {load_before} before, {result['load_after']} after")
        for kind, reason in skipped.items():
            print(f"{kind}: skipped: {reason}")
        print(f"{'database':10s} {'endpoint':8s} {'clients':>7s} {'p50 ms (range)':>22s} {'p95 ms (range)':>22s} "
              f"{'max ms':>8s} {'req/s (range)':>22s} {'server CPU ms/req':>17s} {'errors':>6s}")
        for s in summary:
            def shown(m: dict[str, Any] | None) -> str:
                return "-" if m is None else f"{m['median']:g} ({m['min']:g}-{m['max']:g})"
            print(f"{s['database']:10s} {s['endpoint']:8s} {s['clients']:7d} {shown(s['p50_ms']):>22s} "
                  f"{shown(s['p95_ms']):>22s} {s['max_ms'] or 0:8.1f} {shown(s['rps']):>22s} "
                  f"{shown(s['server_cpu_ms_per_request']):>17s} {s['errors']:6d}")
        target = result["target"]
        print(f"target ({target['target']}): " + ", ".join(
            f"{k}: {'not measured' if v is None else ('met' if v['met'] else 'NOT met')}"
            for k, v in target["databases"].items()))
    errors = sum(r["errors"] for r in rows)
    if errors:
        first = next(r["first_error"] for r in rows if r["first_error"])
        print(f"bench_service.py: {errors} requests failed; first: {first}", file=sys.stderr)
        return 1
    if not rows:
        print("bench_service.py: error: nothing was measured (every database was skipped)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
