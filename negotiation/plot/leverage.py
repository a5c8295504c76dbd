"""A bar chart of each side's leverage, component by component.

The components are those of :mod:`negotiation.bargaining.leverage`, each on a 0-to-1 scale so they
can stand side by side (one bar per player, in the player's colour):

- **bargaining power** ``α`` — from relative patience (the discount rates, printed under
  the label): the more patient side has more;
- **threat power** — the best threat's share of the pain falling on the other side;
- **outside option** — the disagreement payoff placed within the player's own range of
  payoffs in the game (0: its worst outcome, 1: its best), when the game is given;
- **chokepoint dependence** — hatched, because it is a *weakness*: the share of a
  critical input only the other side supplies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.numbers import format_number
from negotiation.plot._style import axes, player_colour

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from negotiation.game import Game

__all__ = ["leverage_components"]


def leverage_components(
    result: Any,
    game: Game | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw each side's leverage components as grouped bars.

    Parameters
    ----------
    result
        A :class:`~negotiation.bargaining.Leverage` (from :func:`negotiation.bargaining.leverage`).
    game
        The game the leverage was computed on; adds the "outside option" group (the
        disagreement payoff scaled to the player's payoff range).
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default when None.

    Returns
    -------
    matplotlib.axes.Axes
        One bar container per player (``label`` = player name); x tick labels name the
        components; each bar is annotated with its value.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> from negotiation.workflows.bargain import leverage
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"))
    >>> lev = leverage(pd, discount_rates={"US": 0.1, "China": 0.3})
    >>> ax = leverage_components(lev, pd)
    >>> [c.get_label() for c in ax.containers]
    ['US', 'China']
    >>> round(float(ax.containers[0][0].get_height()), 2)   # α_US = 0.3 / (0.1 + 0.3)
    0.75
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    players = list(result.players)
    per = [result.per_player[p] for p in players]
    rates = ", ".join(
        f"{p} {format_number(x.discount_rate)}" for p, x in zip(players, per, strict=True)
    )
    groups: list[tuple[str, list[float | None], bool]] = [
        (
            f"bargaining power α\n(discount rates per year:\n{rates})",
            [float(x.bargaining_power) for x in per],
            False,
        ),
        (
            "threat power\n(best threat's share of\nthe pain on the other side)",
            [float(x.threat_power) for x in per],
            False,
        ),
    ]
    if game is not None:
        values: list[float | None] = []
        for i, x in enumerate(per):
            lo, hi = float(game.payoffs[i].min()), float(game.payoffs[i].max())
            values.append(0.5 if hi == lo else (float(x.disagreement_payoff) - lo) / (hi - lo))
        groups.append(
            ("outside option\n(disagreement payoff within\nown worst..best outcome)", values, False)
        )
    if any(x.dependence is not None for x in per):
        groups.append(
            (
                "chokepoint dependence\n(a weakness: share only\nthe other side supplies)",
                [x.dependence for x in per],
                True,
            )
        )

    ax = axes(ax, figsize=(2.0 + 2.3 * len(groups), 4.6))
    n = len(players)
    width = 0.8 / n
    x = np.arange(len(groups))
    for i, player in enumerate(players):
        heights = [float(v) if (v := g[1][i]) is not None else 0.0 for g in groups]
        bars = ax.bar(
            x - 0.4 + width * (i + 0.5),
            heights,
            width=width * 0.95,
            color=player_colour(i),
            label=player,
        )
        for bar, g in zip(bars, groups, strict=True):
            if g[2]:
                bar.set_hatch("//")
                bar.set_facecolor("white")
                bar.set_edgecolor(player_colour(i))
        ax.bar_label(
            bars,
            labels=["n/a" if g[1][i] is None else format_number(g[1][i], digits=2) for g in groups],
            fontsize=8,
            padding=2,
        )
    ax.set_xticks(x, [g[0] for g in groups], fontsize=8)
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("0 (none) to 1 (all)")
    ax.axhline(0.5, color="0.75", lw=0.8, ls="--", zorder=0)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.legend(frameon=False, loc="upper right", ncol=n)
    ax.set_title(title if title is not None else "Leverage, component by component")
    return ax
