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

from negotiation.numbers import format_signed
from negotiation.plot._style import axes, player_colour
from negotiation.plot.payoffs import payoff_heatmap
from negotiation.plot.region import bargaining_plot
from negotiation.workflows.bargain import bargain

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
        ax.bar_label(
            bars, labels=[format_signed(v) if v else "" for v in values], fontsize=8, padding=2
        )
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
            f"{breakdown.player} {format_signed(total)}",
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
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
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
    limits: Any = None,
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
    limits
        Each player's colour scale for the heatmap, ``((lo, hi), (lo, hi))``; to compare
        variants on one scale use :func:`scenario_comparison`, which sets it.

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
    game = getattr(scenario, "game", scenario)
    if analysis is None:
        analysis = bargain(scenario)  # a scenario's leverage comes from its pressures
    if axs is None:
        import matplotlib.pyplot as plt

        m, n = game.shape
        fig, axs = plt.subplots(
            1,
            2,
            figsize=(min(6 + 1.5 * n, 16) + 7, max(5.2, 2.0 + m)),
            gridspec_kw={"width_ratios": [1.4, 1.0]},
            layout="constrained",
        )
    else:
        fig = axs[0].figure
    payoff_heatmap(game, ax=axs[0], colorbar=False, limits=limits)
    bargaining_plot(analysis, game, ax=axs[1], label_cells=False)
    if title:
        fig.suptitle(title, fontsize=13, fontweight="bold")
    return np.asarray(axs)


def scenario_comparison(
    scenarios: Any,
    *,
    title: str | None = None,
) -> Any:
    """Draw variants of a scenario one row each, on ONE colour scale and one set of axes.

    Every heatmap shades a payoff the same way in every row (each player's scale spans
    its payoffs in all the variants), and every bargaining picture shows the same
    ranges, so a change of shade or position is a change of the model, not of the scale.

    Parameters
    ----------
    scenarios
        A mapping ``{label: scenario}`` (or a sequence of ``(label, scenario)`` pairs)
        of two-player scenarios (or games) with the same players.
    title
        A heading for the whole figure.

    Returns
    -------
    numpy.ndarray
        The axes, shaped ``(n_variants, 2)``: heatmap and bargaining picture per row.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"))
    >>> mild = Game.from_matrices([[3, 0], [4, 1]], [[3, 4], [0, 1]], players=("US", "China"))
    >>> axs = scenario_comparison({"baseline": pd, "milder": mild})
    >>> axs.shape, axs[0][1].get_xlim() == axs[1][1].get_xlim()
    ((2, 2), True)
    >>> import matplotlib.pyplot as plt; plt.close(axs[0][0].figure)
    """
    import matplotlib.pyplot as plt

    items = list(scenarios.items() if hasattr(scenarios, "items") else scenarios)
    games = [getattr(s, "game", s) for _, s in items]
    limits = [
        (
            min(float(np.min(g.payoffs[i])) for g in games),
            max(float(np.max(g.payoffs[i])) for g in games),
        )
        for i in range(2)
    ]
    m, n = games[0].shape
    fig, axs = plt.subplots(
        len(items),
        2,
        figsize=(min(6 + 1.5 * n, 16) + 7, len(items) * max(5.2, 2.0 + m)),
        gridspec_kw={"width_ratios": [1.4, 1.0]},
        layout="constrained",
        squeeze=False,
    )
    for row, (label, scenario) in zip(axs, items, strict=True):
        scenario_overview(scenario, axs=row, limits=limits)
        row[0].set_title(f"{label}\n{row[0].get_title()}")
    xs = [ax.get_xlim() for ax in axs[:, 1]]
    ys = [ax.get_ylim() for ax in axs[:, 1]]
    for ax in axs[:, 1]:
        ax.set_xlim(min(x[0] for x in xs), max(x[1] for x in xs))
        ax.set_ylim(min(y[0] for y in ys), max(y[1] for y in ys))
    if title:
        fig.suptitle(title, fontsize=13, fontweight="bold")
    return axs
