"""Leverage over time: the importer's dependence and each side's bargaining power, per policy.

:func:`timeline_plot` draws several :class:`~negotiation.dynamics.result.Timeline` results
(e.g. no restriction, a temporary and a sustained one) on one axes: the importer's
dependence on the exporter as solid lines and the exporter's bargaining power as dashed
lines, one colour per policy, years along the bottom. Both are shares in [0, 1].
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from negotiation.errors import NegotiationError
from negotiation.plot._style import OKABE_ITO, axes

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from negotiation.dynamics.result import Timeline

__all__ = ["timeline_plot"]


def _label(t: Timeline) -> str:
    if t.policy == "temporary" and t.months:
        return f"temporary {t.months:g} months"
    return t.policy


def timeline_plot(
    results: Timeline | Sequence[Timeline], *, ax: Axes | None = None, power: bool = True
) -> Axes:
    """Dependence (solid) and the exporter's bargaining power (dashed) over time.

    Parameters
    ----------
    results
        One timeline or several (same model, different policies).
    ax
        Axes to draw on (a new figure when None).
    power
        Also draw the exporter's bargaining power.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from pathlib import Path
    >>> from negotiation.dynamics import read_timeline_model, timeline
    >>> m = read_timeline_model(Path(__file__).parents[2] / "payoffs" / "us_china_dynamics.yaml")
    >>> runs = [timeline(m, years=10, policy=p) for p in ("none", "sustained")]
    >>> ax = timeline_plot(runs)
    >>> len(ax.lines)
    4
    """
    runs: list[Any] = [results] if hasattr(results, "years") else list(results)
    if not runs:
        raise NegotiationError("timeline_plot needs at least one timeline")
    ax = axes(ax, figsize=(7.5, 4.5))
    for k, run in enumerate(runs):
        colour = OKABE_ITO[k % len(OKABE_ITO)]
        ax.plot(
            run.years,
            run.dependence[run.importer],
            color=colour,
            lw=2,
            label=f"{run.importer} dependence — {_label(run)}",
        )
        if power:
            ax.plot(
                run.years,
                run.bargaining_power[run.exporter],
                color=colour,
                lw=1.5,
                ls="--",
                label=f"{run.exporter} bargaining power — {_label(run)}",
            )
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # 2030, never 2027.5
    ax.set_ylabel("share (0–1)")
    ax.set_title(runs[0].title or "Leverage over time", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best", frameon=False)
    return ax
