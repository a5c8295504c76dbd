"""Figures of learning and evolutionary dynamics: where populations of players drift.

:func:`replicator_plot` draws trajectories of the replicator dynamics (or fictitious
play) in the most telling picture the game allows:

- **phase square** — two populations with two types each: the horizontal axis is the
  share of the first population playing its second (more escalatory) move, the vertical
  axis the same for the second population; each trajectory runs from a hollow circle to
  a filled dot;
- **simplex** — one population with three types (e.g. rock–paper–scissors): each corner
  is a population made of one type only;
- **time series** — anything else: each type's share against time, solid lines for the
  first population and dashed for the second.

:func:`moran_plot` draws a run of the Moran process: how many individuals of each type
there are after each birth–death step, until one type takes over.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.errors import NegotiationError
from negotiation.plot._style import OKABE_ITO, axes

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["moran_plot", "replicator_plot"]

_TRACE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


def _series(
    result: Any,
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], np.ndarray, list[np.ndarray]]:
    """(populations, type labels, times, shares per population) of either result type."""
    if hasattr(result, "shares"):  # negotiation.repeated.evolution.ReplicatorResult
        return (
            tuple(result.players),
            tuple(tuple(t) for t in result.types),
            np.asarray(result.times),
            [np.asarray(s) for s in result.shares],
        )
    if hasattr(result, "trajectories"):  # negotiation.solvers.dynamics.DynamicsResult
        game = result.game
        shares = [np.asarray(t) for t in result.trajectories]
        if "symmetric" in result.method and "asymmetric" not in result.method:
            return ((game.players[0],), (game.moves[0],), np.asarray(result.times), shares[:1])
        return (tuple(game.players), tuple(game.moves), np.asarray(result.times), shares)
    raise NegotiationError(
        f"cannot plot {type(result).__name__}: pass a replicator or fictitious-play result"
    )


def replicator_plot(
    results: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw one or more trajectories of the replicator dynamics or fictitious play.

    Parameters
    ----------
    results
        A :class:`~negotiation.repeated.evolution.ReplicatorResult` or a
        :class:`~negotiation.solvers.dynamics.DynamicsResult`, or a list of them for
        the same game (several starting points).
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default naming the picture when None.

    Returns
    -------
    matplotlib.axes.Axes
        Every trajectory is a line with ``gid="trajectory"``; in the phase square and
        the simplex its end point is a dot with ``gid="end"``.

    Examples
    --------
    In the prisoner's dilemma both populations drift to defection (Weibull 1995, §3.1):

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> from negotiation.repeated.evolution import replicator_dynamics
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> runs = [replicator_dynamics(pd, x0=x, y0=y, t_max=20, n_points=50)
    ...         for x, y in [([0.9, 0.1], [0.8, 0.2]), ([0.6, 0.4], [0.95, 0.05])]]
    >>> ax = replicator_plot(runs)
    >>> ends = [line for line in ax.lines if line.get_gid() == "end"]
    >>> [(round(float(e.get_xdata()[0]), 2), round(float(e.get_ydata()[0]), 2)) for e in ends]
    [(1.0, 1.0), (1.0, 1.0)]
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    runs = list(results) if isinstance(results, (list, tuple)) else [results]
    if not runs:
        raise NegotiationError("no trajectory to plot")
    series = [_series(r) for r in runs]
    _, types, _, first = series[0]
    if len(first) == 2 and all(len(t) == 2 for t in types):
        return _phase_square(series, ax, title)
    if len(first) == 1 and len(types[0]) == 3:
        return _simplex(series, ax, title)
    return _time_series(series, ax, title)


def _phase_square(series: list[Any], ax: Axes | None, title: str | None) -> Axes:
    players, types, _, _ = series[0]
    ax = axes(ax, figsize=(5.6, 5.2))
    for k, (_, _, _, shares) in enumerate(series):
        x, y = shares[0][:, 1], shares[1][:, 1]
        colour = _TRACE[k % len(_TRACE)]
        ax.plot(x, y, color=colour, lw=1.8, gid="trajectory")
        mid = len(x) // 3
        if mid + 1 < len(x) and (x[mid + 1] != x[mid] or y[mid + 1] != y[mid]):
            ax.annotate(
                "",
                (x[mid + 1], y[mid + 1]),
                (x[mid], y[mid]),
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.5},
            )
        ax.plot([x[0]], [y[0]], "o", color=colour, markerfacecolor="white", markersize=7)
        ax.plot([x[-1]], [y[-1]], "o", color=colour, markersize=8, gid="end")
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    ax.set_xlabel(f"share of {players[0]} playing {types[0][1]}")
    ax.set_ylabel(f"share of {players[1]} playing {types[1][1]}")
    for x0, y0 in ((0, 0), (0, 1), (1, 0), (1, 1)):
        ax.annotate(
            f"{types[0][x0]} / {types[1][y0]}",
            (x0, y0),
            fontsize=8,
            color="0.35",
            ha="left" if x0 == 0 else "right",
            va="bottom" if y0 == 0 else "top",
            xytext=(4 if x0 == 0 else -4, 4 if y0 == 0 else -4),
            textcoords="offset points",
        )
    ax.grid(color="0.93")
    ax.set_title(title if title is not None else "Replicator dynamics (○ start, ● end)")
    return ax


def _simplex(series: list[Any], ax: Axes | None, title: str | None) -> Axes:
    _, types, _, _ = series[0]
    ax = axes(ax, figsize=(5.6, 5.2))
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])
    ax.plot(*np.vstack([corners, corners[:1]]).T, color="0.4", lw=1)
    for label, (cx, cy), va in zip(types[0], corners, ("top", "top", "bottom"), strict=True):
        ax.annotate(
            label,
            (cx, cy),
            ha="center",
            va=va,
            fontsize=10,
            xytext=(0, -6 if va == "top" else 6),
            textcoords="offset points",
        )
    for k, (_, _, _, shares) in enumerate(series):
        points = shares[0] @ corners
        colour = _TRACE[k % len(_TRACE)]
        ax.plot(points[:, 0], points[:, 1], color=colour, lw=1.5, gid="trajectory")
        ax.plot(*points[0], "o", color=colour, markerfacecolor="white", markersize=7)
        ax.plot(*points[-1], "o", color=colour, markersize=8, gid="end")
    ax.set_aspect("equal")
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.12, 1.0)
    ax.axis("off")
    ax.set_title(
        title if title is not None else "Replicator dynamics on the simplex (○ start, ● end)"
    )
    return ax


def _time_series(series: list[Any], ax: Axes | None, title: str | None) -> Axes:
    players, types, _, _ = series[0]
    ax = axes(ax, figsize=(7.5, 4.4))
    styles = ("-", "--")
    for k, (_, _, times, shares) in enumerate(series):
        for p, population in enumerate(shares):
            for t, label in enumerate(types[p]):
                ax.plot(
                    times,
                    population[:, t],
                    color=_TRACE[t % len(_TRACE)],
                    ls=styles[p % 2],
                    lw=1.6,
                    gid="trajectory",
                    label=f"{players[p]}: {label}" if k == 0 else "_nolegend_",
                )
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("time")
    ax.set_ylabel("share of the population")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    ax.grid(color="0.93")
    ax.set_title(title if title is not None else "Replicator dynamics: shares over time")
    return ax


def moran_plot(result: Any, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Draw a Moran-process run as stacked counts of each type over the steps.

    Parameters
    ----------
    result
        A :class:`~negotiation.repeated.evolution.MoranResult`.
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default stating which type took over when None.

    Returns
    -------
    matplotlib.axes.Axes
        One stacked band per type (``label`` = the type).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> from negotiation.repeated.evolution import moran_process
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> run = moran_process(pd, {"C": 5, "D": 5}, seed=1)
    >>> ax = moran_plot(run)
    >>> [c.get_label() for c in ax.collections]
    ['C', 'D']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    ax = axes(ax, figsize=(7.5, 4.0))
    counts = np.asarray(result.counts, dtype=float)
    steps = np.arange(counts.shape[0])
    colours: Sequence[str] = [OKABE_ITO[k % len(OKABE_ITO)] for k in range(counts.shape[1])]
    ax.stackplot(steps, counts.T, labels=list(result.types), colors=colours, alpha=0.9)
    ax.set_xlim(0, max(int(steps[-1]), 1))
    ax.set_ylim(0, counts[0].sum())
    ax.set_xlabel("birth–death step")
    ax.set_ylabel("individuals")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    outcome = f"{result.fixated} takes over" if result.fixated else "no fixation yet"
    ax.set_title(
        title
        if title is not None
        else f"Moran process: {outcome} after {result.steps} steps (seed {result.seed})"
    )
    return ax
