"""Regenerate the README's screenshot of the report: ``docs/img/report.png``.

Writes the built-in scenario's report (or the manifest given) with crewplan's own report writer, loads it
in headless Chromium (Debian's ``chromium`` package) and saves the top of the page as a PNG.

    .venv/bin/python scripts/screenshot.py [MANIFEST] [--out docs/img/report.png] [--height 2400]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from crewplan.report import write_report
from crewplan.report.browser import render, screenshot
from crewplan.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", nargs="?", type=Path, help="manifest (default: the built-in scenario)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "report.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args(argv)
    manifest = load_scenario(args.manifest)
    with tempfile.TemporaryDirectory(prefix="crewplan-screenshot-") as folder:
        page = write_report(manifest, Path(folder))
        console = render(page).console
        if console:
            print("the report logged to the browser console:", *console, sep="\n  ", file=sys.stderr)
            return 1
        png = screenshot(page, args.out, args.width, args.height)
    print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
