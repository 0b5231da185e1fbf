"""What the running service holds besides the database: the token secret, the failed-login limiter (its
counts are in the database) and the cache of loaded revisions (immutable: a revision's document never
changes, so a cache keyed by its hash is always right)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crewplan.domain import Scenario
from crewplan.storage import Database, logins
from crewplan.storage.documents import from_document


class RevisionCache:
    """Loaded scenarios (and their checker findings) by document hash; least recently used out first."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._folder = tempfile.TemporaryDirectory(prefix="crewplan-serve-")
        self._items: OrderedDict[str, Scenario] = OrderedDict()
        self._findings: dict[str, list[dict[str, Any]]] = {}
        self._computing: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def scenario(self, sha: str, document: str | Callable[[], str]) -> Scenario:
        """The scenario of the document with hash ``sha``; ``document`` (or a function that reads it, called
        only on a miss: a revision's document is large) when it is not cached."""
        with self._lock:
            if sha in self._items:
                self._items.move_to_end(sha)
                return self._items[sha]
        text = document() if callable(document) else document
        loaded = from_document(text, Path(self._folder.name) / sha.removeprefix("sha256:"))
        with self._lock:
            self._items[sha] = loaded
            while len(self._items) > self.size:
                gone, _ = self._items.popitem(last=False)
                self._findings.pop(gone, None)
        return loaded

    def findings(self, sha: str, scenario: Scenario) -> list[dict[str, Any]]:
        """The checker's findings on the scenario, computed once per hash (concurrent first requests wait for
        the one that computes them)."""
        with self._lock:
            if sha in self._findings:
                return self._findings[sha]
            computing = self._computing.setdefault(sha, threading.Lock())
        with computing:
            with self._lock:
                if sha in self._findings:
                    return self._findings[sha]
            from crewplan.check import check_scenario

            found = [v.model_dump(mode="json") for v in check_scenario(scenario).violations]
            with self._lock:
                self._findings[sha] = found
                self._computing.pop(sha, None)
        return found

    def close(self) -> None:
        self._folder.cleanup()


@dataclass
class LoginLimiter:
    """Failed log-ins slowed per user name and per address (OWASP's authentication cheat sheet): after
    ``free`` failures of one user name (``free_per_address`` from one address, which many users may share)
    within ``window_s``, each further attempt must wait, doubling up to ``max_wait_s``; a success clears the
    user's count. The failures are kept in the database (:mod:`crewplan.storage.logins`), so every server
    process of it counts the same ones, and a restart forgets none."""

    db: Database
    free: int = 5
    free_per_address: int = 20
    window_s: float = 900.0
    max_wait_s: float = 900.0

    def wait_s(self, *keys: str) -> float:
        """Seconds the caller must still wait before another attempt (0: may try now)."""
        now = dt.datetime.now(dt.UTC)
        with self.db.reading() as session:
            found = logins.failures(session, keys, now - dt.timedelta(seconds=self.window_s))
        longest = 0.0
        for key, recent in found.items():
            free = self.free_per_address if key.startswith("addr:") else self.free
            if len(recent) >= free:
                wait = min(self.max_wait_s, 2.0 ** (len(recent) - free))
                longest = max(longest, (recent[-1] - now).total_seconds() + wait)
        return max(0.0, longest)

    def failed(self, *keys: str) -> None:
        now = dt.datetime.now(dt.UTC)
        with self.db.transaction() as session:
            logins.record(session, keys, now, now - dt.timedelta(seconds=self.window_s))

    def succeeded(self, key: str) -> None:
        with self.db.transaction() as session:
            logins.forget(session, key)


@dataclass
class ServiceState:
    db: Database
    max_job_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    """A solve job may use at most this many solver threads (default: this machine's processors)."""
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    token_minutes: int = 15
    cache: RevisionCache = field(default_factory=RevisionCache)
    limiter: LoginLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.limiter = LoginLimiter(self.db)
