"""Static chart of the pairs' rank distributions from the sensitivity analysis (matplotlib → SVG).

One row per pair (in base-rank order), one column per rank: the cell's shade is the
share of Monte-Carlo draws in which the pair took that rank; a ring marks the base
rank and a bar the 5–95 % range. Text is converted to paths (``svg.fonttype =
"path"``), so the image needs no font, and the SVG is deterministic: a fixed hash
salt for element ids and no date in the metadata.

The object-oriented ``Figure`` API is used without pyplot, so no global figure state
is touched (the web application may build reports in threads).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

SVG_RC: dict[str, Any] = {
    "svg.hashsalt": "shekara-report",
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "font.family": "DejaVu Sans",
    "font.size": 8.0,
    "axes.linewidth": 0.6,
}
# Light to dark blue: readable in print and for common colour-vision deficiencies.
SHARE_CMAP = LinearSegmentedColormap.from_list(
    "share", ["#ffffff", "#c6dbef", "#4292c6", "#08306b"]
)


def _rc() -> Any:
    # rc_context's parameter is typed with the literal rcParams keys; these are all valid.
    return SVG_RC


@dataclass(frozen=True)
class RankRow:
    """One pair's rank distribution, ready to draw."""

    label: str
    base_rank: int
    rank_p05: int
    rank_p95: int
    counts: tuple[int, ...]


def svg_bytes(fig: Figure) -> bytes:
    """The figure as compact SVG bytes without a creation date (same figure, same bytes).

    The DOCTYPE (a DTD URL) and the RDF metadata are dropped: the report refers to
    nothing outside itself, not even in a declaration no renderer fetches. Runs of
    white space are folded (text is drawn as paths, so no text content changes).
    """
    buf = io.BytesIO()
    with matplotlib.rc_context(_rc()):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue().decode("utf-8")
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s+", " ", svg).replace("> <", "><").strip()
    return svg.encode("utf-8")


def rank_distribution_svg(
    rows: Sequence[RankRow], *, xlabel: str, ylabel: str, colour_label: str, legend: Sequence[str]
) -> bytes:
    """Heat map pairs × ranks of the share of draws; *legend* = (base rank, 5–95 % range)."""
    if not rows:
        raise ValueError("no pairs to draw")
    n_ranks = len(rows[0].counts)
    shares = np.array([np.asarray(r.counts, dtype=float) / max(sum(r.counts), 1) for r in rows])
    with matplotlib.rc_context(_rc()):
        # Fixed margins in inches (labels left, axis title below, legend above).
        height_in = 0.24 * len(rows) + 1.1
        bottom, top = 0.5 / height_in, 1.0 - 0.4 / height_in
        fig = Figure(figsize=(6.7, height_in))
        ax = fig.add_axes((0.34, bottom, 0.56, top - bottom))
        cax = fig.add_axes((0.92, bottom, 0.015, top - bottom))
        y = np.arange(len(rows))
        # Cells never reached are left out (masked): most of the matrix is empty, and
        # every drawn cell is a separate SVG path.
        mesh = ax.pcolormesh(
            np.arange(n_ranks + 1) + 0.5,
            np.arange(len(rows) + 1) - 0.5,
            np.ma.masked_equal(shares, 0.0),
            cmap=SHARE_CMAP,
            vmin=0.0,
            vmax=1.0,
        )
        ax.set_xticks(np.arange(1, n_ranks + 1) + 0.5, minor=True)
        ax.set_yticks(np.arange(len(rows)) + 0.5, minor=True)
        ax.grid(which="minor", color="#e6e6e6", linewidth=0.4)
        ax.tick_params(which="minor", length=0)
        ax.hlines(
            y,
            [r.rank_p05 for r in rows],
            [r.rank_p95 for r in rows],
            colors="#c0392b",
            linewidth=1.2,
            label=legend[1],
        )
        ax.scatter(
            [r.base_rank for r in rows],
            y,
            s=16,
            facecolors="none",
            edgecolors="#c0392b",
            linewidths=1.0,
            label=legend[0],
            zorder=3,
        )
        ax.set_yticks(y, [r.label for r in rows])
        ax.set_xticks(np.arange(1, n_ranks + 1))
        ax.set_xlim(0.5, n_ranks + 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.tick_params(length=2)
        bar = fig.colorbar(mesh, cax=cax)
        bar.set_label(colour_label)
        bar.outline.set_linewidth(0.4)
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=2,
            frameon=False,
            fontsize=7.5,
        )
        return svg_bytes(fig)
