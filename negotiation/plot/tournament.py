"""Figures of a repeated-game tournament: who scores what against whom, and what is played.

- :func:`score_heatmap` — the score matrix: one row per strategy of the first player,
  one column per strategy of the second, each cell split like the payoff heatmap
  (lower-left: first player's mean score per turn, upper-right: second player's). It is
  the tournament's *meta-game*: reading it like a payoff matrix shows which strategy
  answers which.
- :func:`outcome_frequencies` — for each match, a stacked bar of how often each outcome
  (pair of moves) was played: mutual conciliation, one-sided escalation, open conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.game import Game
from negotiation.numbers import format_number, format_percent
from negotiation.plot._style import axes
from negotiation.plot.payoffs import colour_bars, split_cells
from negotiation.solvers import pure_equilibria

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["outcome_frequencies", "score_heatmap"]


def score_heatmap(
    result: Any,
    *,
    per_turn: bool = True,
    ax: Axes | None = None,
    title: str | None = None,
    colorbar: bool = True,
    equilibria: bool = False,
) -> Axes:
    """Draw a tournament's score matrix as a split-cell heatmap.

    Parameters
    ----------
    result
        A :class:`~negotiation.repeated.tournament.TournamentResult`.
    per_turn
        Show mean payoff per turn (default; comparable across match lengths) rather
        than mean total score.
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default describing the run when None.
    colorbar
        Draw one colour scale per player below the matrix.
    equilibria
        Star the pure Nash equilibria of the meta-game — pairs of strategies each of
        which is a best reply to the other, given the scores shown (rounded to 9 digits,
        so float noise makes no spurious ties); found by
        :func:`negotiation.solvers.pure_equilibria`.

    Returns
    -------
    matplotlib.axes.Axes
        Row tick labels are the first player's strategies, column tick labels the
        second player's; stars carry ``gid="pure-equilibrium"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> from negotiation.repeated import tournament
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> result = tournament(pd, ["tit-for-tat", "always-escalate"], turns=20, seed=1)
    >>> ax = score_heatmap(result)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['tit-for-tat', 'always-escalate']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    pools = result.pools
    values = np.stack([result.score_matrix(k, per_turn=per_turn) for k in range(2)])
    texts = np.vectorize(lambda v: format_number(v, digits=3), otypes=[object])(values)
    n1, n2 = len(pools[0]), len(pools[1])
    ax = axes(ax, figsize=(min(max(2.6 + 1.3 * n2, 5.0), 16.0), min(max(1.6 + 0.8 * n1, 3.5), 13)))
    norms, cmaps = split_cells(
        ax,
        values,
        texts,
        rows=pools[0],
        columns=pools[1],
        players=result.players,
        label_width=14,
    )
    if equilibria:
        _meta_equilibria(ax, result, values)
    what = "score per turn" if per_turn else "mean score"
    if colorbar:
        colour_bars(ax, result.players, norms, cmaps, what=what)
    s = result.settings
    conditions = [
        f"{s.turns} turns"
        if s.turns
        else f"ends with probability {format_number(s.prob_end)} after each turn"
    ]
    if s.noise:
        conditions.append(f"noise {s.noise:g}")
    if s.discount is not None:
        conditions.append(f"δ = {s.discount:g}")
    if s.repetitions > 1:
        conditions.append(f"{s.repetitions} repetitions")
    ax.set_title(
        title if title is not None else f"Tournament {what} ({', '.join(conditions)})", pad=14
    )
    return ax


def _meta_equilibria(ax: Axes, result: Any, values: np.ndarray) -> None:
    meta = Game.from_matrices(
        np.round(values[0], 9).tolist(),
        np.round(values[1], 9).tolist(),
        players=result.players,
        moves=result.pools,
    )
    n = max(len(result.pools[0]), len(result.pools[1]))
    for e in pure_equilibria(meta):
        r, c = meta.profile_index(e.support(0) + e.support(1))
        ax.plot(
            [c],
            [r],
            marker="*",
            markersize=20 if n <= 6 else 13,
            color="black",
            markeredgecolor="white",
            markeredgewidth=1.2,
            linestyle="none",
            zorder=5,
            gid="pure-equilibrium",
        )


def outcome_frequencies(
    result: Any,
    matches: Sequence[tuple[str, str]] | None = None,
    *,
    top: int = 6,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw, for each match, how often each outcome was played, as stacked bars.

    Parameters
    ----------
    result
        A :class:`~negotiation.repeated.tournament.TournamentResult` (or a single
        :class:`~negotiation.repeated.match.MatchResult`).
    matches
        ``(strategy of player 1, strategy of player 2)`` pairs to show; every match when
        None (keep it to a few dozen).
    top
        Outcomes with the largest overall share get their own colour (at most this
        many); the rest are pooled as "other outcomes".
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default when None.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per match (y tick labels ``"A vs B"``); bar segments are the
        outcome shares, summing to 1, with the outcome's move names in the legend.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from negotiation.game import Game
    >>> from negotiation.repeated import tournament
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> result = tournament(pd, ["tit-for-tat", "always-escalate"], turns=10, seed=1)
    >>> ax = outcome_frequencies(result)
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['tit-for-tat vs tit-for-tat', 'tit-for-tat vs always-escalate']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    if hasattr(result, "pools"):
        chosen = (
            list(result.matches) if matches is None else [result.match(a, b) for a, b in matches]
        )
    else:
        chosen = [result]
    players, moves = chosen[0].players, chosen[0].moves
    shares = np.stack([m.outcome_distribution.ravel() for m in chosen])  # (matches, cells)
    n2 = len(moves[1])
    order = np.argsort(-shares.sum(axis=0), kind="stable")
    shown = [int(k) for k in order[:top] if shares[:, k].sum() > 0]
    rest = [int(k) for k in order if int(k) not in shown]
    ax = axes(ax, figsize=(8.0, min(max(1.2 + 0.35 * len(chosen), 3.0), 14.0)))
    # legend from calm to conflict: outcomes sorted by total escalation level, coloured
    # from green (mutual conciliation) to vermillion (the most escalated shown)
    shown.sort(key=lambda k: (k // n2 + k % n2, k))
    palette = ["#009E73", "#56B4E9", "#E69F00", "#CC79A7", "#0072B2"]
    left = np.zeros(len(chosen))
    ypos = np.arange(len(chosen))
    for c, k in enumerate(shown):
        colour = "#D55E00" if c == len(shown) - 1 and c > 0 else palette[c % len(palette)]
        name = f"{players[0]}: {moves[0][k // n2]} / {players[1]}: {moves[1][k % n2]}"
        ax.barh(ypos, shares[:, k], left=left, color=colour, label=name, height=0.75, gid="outcome")
        left += shares[:, k]
    if rest and shares[:, rest].sum() > 0:
        ax.barh(
            ypos,
            shares[:, rest].sum(axis=1),
            left=left,
            color="0.8",
            height=0.75,
            label="other outcomes",
            gid="outcome",
        )
    ax.set_yticks(ypos, [f"{m.strategies[0]} vs {m.strategies[1]}" for m in chosen])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of turns")
    ax.xaxis.set_major_formatter(lambda x, _: format_percent(x, decimals=0, exact=False))
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=8,
        title="outcome",
        title_fontsize=9,
    )
    ax.set_title(
        title
        if title is not None
        else f"What was played, match by match ({players[0]} strategy vs {players[1]})"
    )
    return ax
