"""Figures of a scenario as a whole: one cell taken apart, and the model at a glance.

- :func:`cell_contributions` — one cell's payoffs taken apart: for each player, each
  channel's contribution (effect × weight) as a bar, and the payoff as a black tick.
- :func:`scenario_overview` — the payoff heatmap with its equilibria beside the
  bargaining picture (feasible deals, disagreement point, Nash and Rubinstein deals): the
  two figures a what-if redraws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.plot._style import axes, player_colour

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["cell_contributions", "scenario_overview"]


def cell_contributions(
    explanation: Any, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Draw how one cell's payoffs are built, channel by channel.

    Parameters
    ----------
    explanation
        A :class:`~negotiation.scenario.explain.CellExplanation`
        (``scenario.explain((us_move, china_move))``).
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default naming the cell when None.

    Returns
    -------
    matplotlib.axes.Axes
        One bar container per player (``label`` = player), one bar per channel, whose
        length is that channel's contribution ``effect × weight``; the payoff (their
        sum) is a black tick on each player's ``"payoff"`` row.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> ax = cell_contributions(s.explain(("tariffs", "licensing")))
    >>> [c.get_label() for c in ax.containers]
    ['US', 'China']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    players = explanation.players
    channels = [t.channel for t in players[0].terms]
    ax = axes(ax, figsize=(7.5, 1.2 + 0.55 * (len(channels) + 1) * len(players) / 1.6))
    k = len(players)
    height = 0.8 / k
    y = np.arange(len(channels) + 1)
    for i, breakdown in enumerate(players):
        values = [float(t.contribution) for t in breakdown.terms]
        offset = -0.4 + height * (i + 0.5)
        bars = ax.barh(
            y[:-1] + offset,
            values,
            height=height * 0.95,
            color=player_colour(i),
            label=breakdown.player,
        )
        ax.bar_label(bars, labels=[f"{v:+.3g}" if v else "" for v in values], fontsize=8, padding=2)
        total = float(breakdown.payoff)
        ax.plot(
            [total],
            [y[-1] + offset],
            marker="|",
            markersize=16,
            markeredgewidth=3,
            color=player_colour(i),
            linestyle="none",
        )
        ax.annotate(
            f"{breakdown.player} {total:+.4g}",
            (total, y[-1] + offset),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_yticks(y, [*channels, "payoff (sum)"])
    ax.invert_yaxis()
    ax.set_xlabel("contribution to the payoff (effect × weight)")
    ax.legend(frameon=False, loc="lower right", fontsize=9)
    ax.grid(axis="x", color="0.93")
    ax.set_axisbelow(True)
    moves = " / ".join(b.move for b in players)
    ax.set_title(title if title is not None else f"How the payoffs of {moves} are built")
    return ax


def scenario_overview(
    scenario: Any,
    *,
    analysis: Any = None,
    axs: Any = None,
    title: str | None = None,
) -> Any:
    """Draw a scenario's payoff heatmap (with equilibria) beside its bargaining picture.

    Parameters
    ----------
    scenario
        A :class:`~negotiation.scenario.Scenario` (or a two-player game).
    analysis
        Its :class:`~negotiation.bargaining.analysis.BargainingAnalysis`; computed with
        :func:`negotiation.bargaining.bargain` when None.
    axs
        Two axes to draw on (heatmap, bargaining); a new figure when None.
    title
        A heading for the pair (e.g. the what-if being shown).

    Returns
    -------
    numpy.ndarray
        The two axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"))
    >>> heat, deal = scenario_overview(pd, title="PD")
    >>> heat.figure.get_suptitle()
    'PD'
    >>> import matplotlib.pyplot as plt; plt.close(heat.figure)
    """
    from negotiation.plot.payoffs import payoff_heatmap
    from negotiation.plot.region import bargaining_plot

    game = getattr(scenario, "game", scenario)
    if analysis is None:
        from negotiation.bargaining import bargain

        analysis = bargain(scenario)
    if axs is None:
        import matplotlib.pyplot as plt

        m, n = game.shape
        fig, axs = plt.subplots(
            1,
            2,
            figsize=(min(6 + 1.5 * n, 16) + 7, max(4.8, 1.4 + m)),
            gridspec_kw={"width_ratios": [1.4, 1.0], "wspace": 0.55},
        )
    else:
        fig = axs[0].figure
    payoff_heatmap(game, ax=axs[0], colorbar=False)
    bargaining_plot(analysis, game, ax=axs[1], label_cells=False)
    if title:
        fig.suptitle(title, y=1.08, fontsize=13, fontweight="bold")
    return np.asarray(axs)
