"""Matplotlib figures to inline SVG: the Agg-free SVG backend, text kept as text, no network, no dates.

Every chart is drawn on a bare :class:`matplotlib.figure.Figure` (no pyplot, no global figure state) and
written with the SVG backend. ``svg.fonttype: none`` keeps labels as ``<text>`` (small, selectable, in the
page's font); ``svg.hashsalt`` is the chart's key, so the ids matplotlib generates are stable from run to
run and distinct between the charts of one page; the ``Date`` metadata is dropped so a report of the same
manifest is byte-identical.
"""

from __future__ import annotations

import io
import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from html import escape
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Helvetica", "Arial", "sans-serif"],
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "legend.frameon": False,
}

_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)


@dataclass(frozen=True)
class Chart:
    """One chart of the report: a key unique in the page, a title, a caption and the inline SVG.

    ``data`` becomes ``data-*`` attributes of the chart's ``<figure>`` (machine-readable facts such as the
    lifeboat gap days, so that tests and other tools need not parse the drawing).
    """

    key: str
    title: str
    caption: str
    svg: str
    data: dict[str, str] = field(default_factory=dict)


def style() -> AbstractContextManager[None]:
    """The report's matplotlib settings; draw every chart inside it (rcParams are read as artists are made)."""
    return matplotlib.rc_context(STYLE)


def new_figure(width_in: float, height_in: float) -> Figure:
    return Figure(figsize=(width_in, height_in), layout="constrained")


def to_svg(fig: Figure, key: str, label: str) -> str:
    """The figure as an ``<svg>`` element (no XML prologue) labelled for screen readers."""
    buffer = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": key}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    return text.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
