"""What-if figures: tornado, outcome map or bands, outcome frequencies, PRIM boxes.

Each function takes a result of :mod:`negotiation.whatif` and ``ax=`` (a new figure when
None), returns the axes, and imports matplotlib only when called.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.errors import NegotiationError
from negotiation.plot._style import axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["prim_boxes", "save_figure", "sweep_map", "tornado", "whatif_frequencies"]

_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def tornado(result: Any, output: str, *, ax: Axes | None = None, top: int = 10) -> Axes:
    """Tornado diagram of one output: each input's low and high end as a bar around the base."""
    ax = axes(ax, (6.4, 4.8))
    rows = [r for r in result.rows if r["output"] == output]
    rows = sorted(rows, key=lambda r: r["swing"], reverse=True)[:top][::-1]
    if not rows:
        ax.set_title(f"{output}: no rows")
        return ax
    base = rows[0]["base"]
    for k, r in enumerate(rows):
        ax.barh(
            k,
            r["low"] - base,
            left=base,
            color=_PALETTE[0],
            label="input at low end" if k == 0 else None,
        )
        ax.barh(
            k,
            r["high"] - base,
            left=base,
            color=_PALETTE[1],
            alpha=0.8,
            label="input at high end" if k == 0 else None,
        )
    ax.axvline(base, color="black", lw=0.8)
    ax.set_yticks(range(len(rows)), [r["input"].rsplit(".", 1)[-1] for r in rows])
    ax.set_xlabel(output)
    ax.set_title(f"Tornado: {output}")
    ax.legend(loc="best", fontsize="small")
    return ax


def sweep_map(result: Any, *, ax: Axes | None = None, what: str = "equilibria") -> Axes:
    """Outcome bands along one input, or a map of outcome regions over two."""
    ax = axes(ax, (6.4, 4.8))
    frame = result.frame()
    labels = list(dict.fromkeys(frame[what]))
    colour = {lab: _PALETTE[k % len(_PALETTE)] for k, lab in enumerate(labels)}
    inputs = list(result.inputs)
    if len(inputs) == 1:
        x = frame[inputs[0]].to_numpy()
        codes = np.array([labels.index(v) for v in frame[what]])
        for k, lab in enumerate(labels):
            on = codes == k
            ax.fill_between(x, 0, 1, where=on, step="mid", color=colour[lab], alpha=0.7, label=lab)
        ax.set_yticks([])
        ax.set_xlabel(inputs[0])
    else:
        x, y = (frame[p].to_numpy() for p in inputs[:2])
        for lab in labels:
            on = (frame[what] == lab).to_numpy()
            ax.scatter(x[on], y[on], s=18, marker="s", color=colour[lab], label=lab)
        ax.set_xlabel(inputs[0])
        ax.set_ylabel(inputs[1])
    ax.set_title(f"{what} over the sweep")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize="small", ncol=1)
    return ax


def whatif_frequencies(result: Any, *, ax: Axes | None = None, what: str = "equilibria") -> Axes:
    """How often each equilibrium set (or deal outcome) occurred in a Monte Carlo."""
    ax = axes(ax, (6.4, 3.6))
    if what == "equilibria":
        items = [(s.label, s.frequency) for s in result.equilibrium_sets]
    else:
        items = [(o, f) for o, _c, f in result.deals]
    names = [n for n, _ in items][::-1]
    ax.barh(range(len(items)), [f for _, f in items][::-1], color=_PALETTE[0])
    ax.set_yticks(range(len(items)), names)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of draws")
    ax.set_title(f"{what}: {result.samples:,} draws")
    return ax


def prim_boxes(result: Any, x: str, y: str, *, ax: Axes | None = None, what: str = "deal") -> Axes:
    """Draws of a Monte Carlo in two inputs, coloured by outcome, with the PRIM boxes."""
    from matplotlib.patches import Rectangle

    ax = axes(ax, (6.4, 4.8))
    frame = result.frame()
    labels = list(dict.fromkeys(frame[what]))
    for k, lab in enumerate(labels):
        on = (frame[what] == lab).to_numpy()
        ax.scatter(
            frame[x][on], frame[y][on], s=4, alpha=0.4, color=_PALETTE[k % len(_PALETTE)], label=lab
        )
    xs, ys = frame[x].to_numpy(), frame[y].to_numpy()
    for d in result.discovery:
        if d.what != what:
            continue
        k = labels.index(d.outcome) if d.outcome in labels else 0
        lx = d.box.limits.get(x, (-np.inf, np.inf))
        ly = d.box.limits.get(y, (-np.inf, np.inf))
        x0, x1 = max(lx[0], xs.min()), min(lx[1], xs.max())
        y0, y1 = max(ly[0], ys.min()), min(ly[1], ys.max())
        ax.add_patch(
            Rectangle(
                (x0, y0), x1 - x0, y1 - y0, fill=False, lw=2, color=_PALETTE[k % len(_PALETTE)]
            )
        )
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(f"{what}: where each outcome happens (PRIM boxes)")
    ax.legend(loc="best", fontsize="small", markerscale=3)
    return ax


def save_figure(ax: Axes, path: str, *, force: bool = False) -> None:
    """Save the figure of ``ax`` to ``path`` (PNG, SVG or PDF), never over a file unless ``force``."""
    if os.path.exists(path) and not force:
        raise NegotiationError(f"--plot {path}: the file exists; add --force to replace it")
    fig: Any = ax.figure
    tmp = f"{path}.part{os.getpid()}{os.path.splitext(path)[1]}"
    try:
        fig.savefig(tmp, bbox_inches="tight")
        os.replace(tmp, path)
    except (OSError, ValueError) as exc:
        raise NegotiationError(f"--plot {path}: cannot write it ({exc})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
