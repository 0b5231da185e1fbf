"""Render a report in headless Chromium (Debian's ``chromium`` package): DOM after scripts, console output,
and a PNG screenshot. Used by the browser test and by ``scripts/screenshot.py``; no browser download.

Chromium runs with the flags this machine needs (root, no GPU, no background networking) and a fresh
profile folder each time. With ``--enable-logging=stderr`` it writes every console message of the page as
an ``INFO:CONSOLE`` line; the report itself logs nothing, so any such line is an error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crewplan.errors import UsageError

INSTALL_HINT = "apt-get update && apt-get install -y chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1")
_CONSOLE = re.compile(r":CONSOLE[:(]\d*\)?\]\s*(?P<message>.*)$")


@dataclass(frozen=True)
class Rendered:
    dom: str
    """The document after its scripts ran (``--dump-dom``)."""
    console: list[str]
    """Console messages the page produced (with their source), in order."""


def find_chromium() -> str | None:
    """The Chromium executable: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on the PATH."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(args: list[str], timeout_s: float) -> subprocess.CompletedProcess[str]:
    chromium = find_chromium()
    if chromium is None:
        raise UsageError(f"Chromium is not installed; install it with: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="crewplan-chromium-") as profile:
        command = [chromium, *FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)


def render(page: Path, timeout_s: float = 60.0) -> Rendered:
    """Load ``page`` from disk; return its DOM after scripts and the console messages it logged."""
    url = page.resolve().as_uri()
    done = _run(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--window-size=1400,1000",
                 "--dump-dom", url], timeout_s)
    if done.returncode != 0 or "<html" not in done.stdout:
        raise UsageError(f"Chromium failed to render {page} (exit {done.returncode}): {done.stderr[-2000:]}")
    console = [m.group("message") for line in done.stderr.splitlines() if (m := _CONSOLE.search(line))]
    return Rendered(done.stdout, console)


def screenshot(page: Path, png: Path, width_px: int = 1400, height_px: int = 2400, timeout_s: float = 60.0) -> Path:
    """A PNG of the top ``width_px`` x ``height_px`` of ``page``."""
    png.parent.mkdir(parents=True, exist_ok=True)
    done = _run([f"--window-size={width_px},{height_px}", f"--screenshot={png.resolve()}",
                 "--virtual-time-budget=5000", page.resolve().as_uri()], timeout_s)
    if done.returncode != 0 or not png.exists():
        raise UsageError(f"Chromium failed to screenshot {page} (exit {done.returncode}): {done.stderr[-2000:]}")
    return png
