"""Real servers for the tests, on loopback: a throwaway PostgreSQL cluster from Debian's package.

``initdb`` and ``pg_ctl`` run in a temporary folder, as a non-root user when the tests run as root (PostgreSQL
refuses root): the ``postgres`` user the package creates, else ``nobody``. The cluster trusts loopback
connections (it lives only as long as the test session) and is stopped at the end. Its programs run in a
session of their own, so a Ctrl-C reaches only the caller, which stops them. ``benchmarks/bench_service.py``
uses it too.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise RuntimeError("PostgreSQL's server programs are missing (initdb, pg_ctl): make test installs Debian's "
                       "postgresql package when run as root; else run 'sudo apt-get install postgresql'")


@dataclass
class Postgres:
    port: int
    user: str = "crewplan"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]


def _as_owner(command: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *command] if owner else command


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Postgres]:
    """A PostgreSQL server on a free loopback port, for as long as the block runs."""
    bin_dir = postgres_bin()
    owner = None
    if os.geteuid() == 0:
        owner = next((u for u in ("postgres", "nobody") if _has_user(u)), None)
        if owner is None:
            raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")
    root = Path(tempfile.mkdtemp(prefix="crewplan-pg-"))
    data, log = root / "data", root / "server.log"
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    os.chmod(root, 0o700)
    port = free_port()
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    try:
        subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", "crewplan", "--auth=trust",
                                  "-E", "UTF8", "--no-instructions"], owner),
                       check=True, capture_output=True, env=env, cwd=root, start_new_session=True)
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=on"
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                                  "-o", options, "start"], owner),
                       check=True, capture_output=True, env=env, cwd=root, start_new_session=True)
        yield Postgres(port)
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or b"").decode(errors="replace")
        if log.exists():
            detail += log.read_text(errors="replace")
        raise RuntimeError(f"PostgreSQL did not start: {detail}") from None
    finally:
        if data.exists():
            subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                                     owner), capture_output=True, env=env, cwd=root, start_new_session=True)
        shutil.rmtree(root, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
