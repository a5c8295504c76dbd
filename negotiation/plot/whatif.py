"""What-if figures: tornado, outcome map or bands, outcome frequencies, PRIM boxes.

Each function takes a result of :mod:`negotiation.whatif` and ``ax=`` (a new figure when
None), returns the axes, and imports matplotlib only when called.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.errors import NegotiationError
from negotiation.numbers import format_percent
from negotiation.plot._style import axes, wrap
from negotiation.whatif.labels import input_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "prim_boxes",
    "restricted_most",
    "save_figure",
    "sweep_map",
    "tornado",
    "whatif_frequencies",
]

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
    names = input_labels(r["input"] for r in result.rows)  # unambiguous over every input
    ax.set_yticks(range(len(rows)), [names[r["input"]] for r in rows])
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


def restricted_most(box: Any, frame: Any) -> list[str]:
    """The inputs a PRIM box restricts, most restrictive first.

    An input's restriction is measured by the share of all draws it excludes on its own
    (its limits alone, the other inputs free), so the first two are the plane in which
    the box cuts deepest.
    """
    excluded = {}
    for name, (lo, hi) in box.limits.items():
        col = frame[name].to_numpy()
        excluded[name] = float(((col < lo) | (col > hi)).mean())
    return sorted(excluded, key=lambda k: -excluded[k])


def prim_boxes(
    result: Any,
    x: str | None = None,
    y: str | None = None,
    *,
    ax: Axes | None = None,
    what: str = "deal",
    outcome: str | None = None,
) -> Axes:
    """A Monte Carlo's draws coloured by outcome, with the PRIM box of one outcome.

    By default the box of ``outcome`` (the most frequent outcome of ``what`` that has a
    box) is drawn over the two inputs it restricts most (:func:`restricted_most`) — the
    others it restricts are named under the title; over one input, the draws are
    stacked histograms with the box's interval shaded. With ``x`` and ``y`` given, every
    box of ``what`` is drawn over those two. Without any box (no outcome between 1% and
    99% of the draws), the axes say so.
    """
    from matplotlib.patches import Rectangle

    ax = axes(ax, (6.4, 4.8))
    frame = result.frame()
    boxes = [d for d in result.discovery if d.what == what]
    kind = "equilibrium" if what == "equilibria" else "deal"
    if outcome is not None:
        boxes = [d for d in boxes if d.outcome == outcome]
    if not boxes or (x is None and not boxes[0].box.limits):
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"no PRIM box for {outcome or what}", ha="center", va="center")
        ax.set_title(f"{kind}: where each outcome happens (PRIM)")
        return ax
    labels = list(dict.fromkeys(frame[what]))
    colour = {lab: _PALETTE[k % len(_PALETTE)] for k, lab in enumerate(labels)}
    xy = [v for v in (x, y) if v is not None]
    if len(xy) < 2:  # the box's own plane: the inputs it restricts most
        boxes = boxes[:1]
        xy += [k for k in restricted_most(boxes[0].box, frame) if k not in xy]
        xy = xy[:2]
    names = input_labels(list(frame.columns))
    if len(xy) == 1:  # one input: stacked histograms of the outcomes along it
        (x,) = xy
        data = [frame[x][(frame[what] == lab).to_numpy()] for lab in labels]
        ax.hist(data, bins=40, stacked=True, color=[colour[lab] for lab in labels], label=labels)
        lo, hi = boxes[0].box.limits.get(x, (-np.inf, np.inf))
        xs = frame[x].to_numpy()
        ax.axvspan(max(lo, xs.min()), min(hi, xs.max()), color="black", alpha=0.12, label="box")
        ax.set_xlabel(names[x])
        ax.set_ylabel("draws")
    else:
        x, y = xy
        for lab in labels:
            on = (frame[what] == lab).to_numpy()
            ax.scatter(frame[x][on], frame[y][on], s=4, alpha=0.35, color=colour[lab], label=lab)
        xs, ys = frame[x].to_numpy(), frame[y].to_numpy()
        for d in boxes:
            lx = d.box.limits.get(x, (-np.inf, np.inf))
            ly = d.box.limits.get(y, (-np.inf, np.inf))
            x0, x1 = max(lx[0], xs.min()), min(lx[1], xs.max())
            y0, y1 = max(ly[0], ys.min()), min(ly[1], ys.max())
            ax.add_patch(
                Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, lw=2.5, color="black", zorder=3)
            )
        ax.set_xlabel(names[x])
        ax.set_ylabel(names[y])
    if len(boxes) == 1:
        d = boxes[0]
        pct = partial(format_percent, decimals=0)
        title = (
            f"{kind} {d.outcome} in {pct(d.box.density)} of the draws in the box,\n"
            f"which hold {pct(d.box.coverage)} of its draws (overall {pct(d.frequency)})"
        )
        rest = {k: v for k, v in d.box.limits.items() if k not in xy}
        if rest:
            title += "\n" + wrap(
                f"(the box also needs {replace(d.box, limits=rest).describe()})", 70
            )
        ax.set_title(title, fontsize="medium")
    else:
        ax.set_title(f"{kind}: where each outcome happens (PRIM boxes)")
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize="small", markerscale=3, ncol=2
    )
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
