"""Nash's variable-threat bargaining: each side picks the threat it would carry out.

Nash (1953, "Two-person cooperative games", *Econometrica* 21) lets the disagreement
point be chosen strategically: before bargaining each side commits to a (mixed) *threat*
``x`` or ``y`` — what it will play if talks fail — and the deal is then the Nash
bargaining solution from ``d = (xᵀAy, xᵀBy)``. Since a better ``d`` for one side moves
the deal its way along the frontier, choosing threats is a zero-sum game, and Nash
proved it has optimal threats.

Algorithm (exact on a piecewise-linear frontier)
------------------------------------------------
With bargaining power ``α`` and a frontier segment of slope ``−k`` (line
``u_2 = c − k u_1``) the asymmetric Nash deal from ``d`` is

.. math::  u_1 = \\frac{\\alpha c + (1-\\alpha) k d_1 - \\alpha d_2}{k},

so on that segment player 1 wants to maximise and player 2 to minimise
``L_k(d) = (1−α) k d_1 − α d_2``: the zero-sum matrix game ``M(k) = (1−α) k A − α B``
(for the symmetric, transferable-utility case ``k = 1``: ``A − B``, Nash 1953). For each segment we solve ``M(k)`` exactly (certified LP, von Neumann
1928) and keep the answer if its deal lies on that segment. If the answer lies at a
vertex ``V`` instead — its supporting slopes ``k ∈ [k_left, k_right]`` — the value
``g(k) = val M(k) − L_k(V)`` changes sign on that interval; a root ``k*`` (found by
bisection) gives the optimal threats, whose ``d`` lies on the ray from ``V`` that makes
``V`` the deal.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.bargaining.feasible import FeasibleSet, Point, feasible_set
from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.numbers import format_number
from negotiation.solvers.zero_sum import maximin_lp

__all__ = ["ThreatPoint", "nash_threat_point"]


@dataclass(frozen=True)
class ThreatPoint:
    """Optimal threats (Nash 1953) and the disagreement point they create.

    Attributes
    ----------
    players
        The two players.
    strategies
        Each side's optimal threat: probabilities over its moves.
    moves
        The move names, per player.
    disagreement
        ``d = (xᵀAy, xᵀBy)`` — the payoffs if both threats are carried out.
    slope
        The frontier slope ``k`` at the resulting deal (the threat game ``M(k)``).
    exact
        Whether the threats are certified optimal in exact arithmetic; ``False`` when the
        threat game's LP could only be solved in floating point (the strategies are then
        the LP's floats read as decimals, not rounded to look exact).
    """

    players: tuple[str, str]
    moves: tuple[tuple[str, ...], tuple[str, ...]]
    strategies: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
    disagreement: Point
    slope: Fraction
    exact: bool = True

    def describe(self, player: int) -> str:
        """A threat in words: ``"2/3 tariffs + 1/3 hold"``."""
        parts = [
            (p, m) for p, m in zip(self.strategies[player], self.moves[player], strict=True) if p
        ]
        if len(parts) == 1:
            return parts[0][1]
        return " + ".join(f"{format_number(p)} {m}" for p, m in parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "threats": {
                name: dict(zip(self.moves[i], (float(p) for p in self.strategies[i]), strict=True))
                for i, name in enumerate(self.players)
            },
            "disagreement": {
                name: float(self.disagreement[i]) for i, name in enumerate(self.players)
            },
            "slope": float(self.slope),
            "exact": self.exact,
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th>{esc(name)}</th><td>{esc(self.describe(i))}</td>"
            f"<td>{format_number(self.disagreement[i])}</td></tr>"
            for i, name in enumerate(self.players)
        )
        return (
            "<table><caption>Optimal threats (Nash 1953)</caption><thead><tr><th>side</th>"
            f"<th>threat</th><th>payoff if carried out</th></tr></thead><tbody>{rows}</tbody>"
            "</table>"
        )


def _solve(
    a: np.ndarray, b: np.ndarray, k: Fraction, alpha: Fraction
) -> tuple[Fraction, tuple[Fraction, ...], tuple[Fraction, ...], Point, bool]:
    """Value and optimal strategies of ``M(k) = (1-α) k A - α B``, the threat point, and
    whether all of it is certified exactly (else it comes from the LP's floats)."""
    m = (1 - alpha) * k * a - alpha * b
    x, v, xf, vf = maximin_lp(m)
    y, _, yf, _ = maximin_lp(-m.T)
    exact = x is not None and y is not None and v is not None
    xs = tuple(x) if x is not None else tuple(to_fraction(float(p)) for p in xf)
    ys = tuple(y) if y is not None else tuple(to_fraction(float(p)) for p in yf)
    value = v if v is not None else to_fraction(vf)
    xv = np.array(xs, dtype=object)
    yv = np.array(ys, dtype=object)
    d = (xv @ a @ yv, xv @ b @ yv)
    return value, xs, ys, (Fraction(d[0]), Fraction(d[1])), exact


def nash_threat_point(
    source: Game, power: Any = Fraction(1, 2), *, iterations: int = 60
) -> ThreatPoint:
    """The disagreement point from Nash's (1953) optimal threats.

    Parameters
    ----------
    source
        A two-player game (threats are its mixed strategies; deals are lotteries over
        its outcomes).
    power
        Player 1's bargaining power ``α`` in ``(0, 1)``.
    iterations
        Bisection steps when the deal is a frontier vertex.

    Examples
    --------
    A transferable-utility frontier (``u1 + u2 = 4`` from (1, 3) to (2, 2)), α = 1/2: the
    threat game is ``A − B = [[0, −1], [1, −2]]``. Row's first move guarantees −1, its
    second only −2, and no mix does better; column's second move holds row to −1. So the
    threats are (r1, c2), ``d = (0, 1)``, and the deal splits the remaining 3 evenly,
    (1.5, 2.5) (Nash 1953):

    >>> g = Game.from_matrices([[2, 0], [2, 1]], [[2, 1], [1, 3]])
    >>> t = nash_threat_point(g)
    >>> t.describe(0), t.describe(1), t.disagreement
    ('r1', 'c2', (Fraction(0, 1), Fraction(1, 1)))
    """
    game = source
    if not isinstance(game, Game) or game.n_players != 2:
        raise GameError("Nash's threat game needs a two-player game")
    alpha = to_fraction(power)
    if not 0 < alpha < 1:
        raise GameError("the threat game needs a bargaining power strictly between 0 and 1")
    a, b = game.exact
    fs: FeasibleSet = feasible_set(game)
    f = fs.frontier
    players = (game.players[0], game.players[1])
    moves = (game.moves[0], game.moves[1])

    def result(k: Fraction) -> ThreatPoint:
        _, xs, ys, d, exact = _solve(a, b, k, alpha)
        return ThreatPoint(players, moves, (xs, ys), d, k, exact)

    if len(f) == 1:  # one best deal for both: any threats do; take the k = 1 game
        return result(Fraction(1))
    slopes = [(p[1] - q[1]) / (q[0] - p[0]) for p, q in fs.segments]  # k_j > 0, increasing
    # segments first: the deal strictly inside a segment
    for (p, q), k in zip(fs.segments, slopes, strict=True):
        value, xs, ys, d, exact = _solve(a, b, k, alpha)
        c = p[1] + k * p[0]
        u1 = (alpha * c + value) / k
        if p[0] <= u1 <= q[0]:
            return ThreatPoint(players, moves, (xs, ys), d, k, exact)

    # otherwise a vertex: g(k) = val M(k) - L_k(V) changes sign on its slope interval
    def g(k: Fraction, v: Point) -> Fraction:
        value = _solve(a, b, k, alpha)[0]
        return value - ((1 - alpha) * k * v[0] - alpha * v[1])

    for j, v in enumerate(f):
        lo = slopes[j - 1] if j > 0 else Fraction(0)
        hi = slopes[j] if j < len(slopes) else None
        if hi is None:  # last vertex: slopes up to infinity; use a large finite k
            hi = max(lo * 2, Fraction(1)) * 10**6
        g_lo, g_hi = g(lo, v), g(hi, v)
        if g_lo >= 0 >= g_hi:
            left, right = float(lo), float(hi)
            for _ in range(iterations):
                mid = (left + right) / 2
                if g(Fraction(mid), v) >= 0:
                    left = mid
                else:
                    right = mid
            # the slope found by bisection (a search parameter; the threats are then exact
            # optimal threats of the threat game at that slope)
            return result(to_fraction((left + right) / 2))
        # the deal sits at an end of the frontier and wants to go beyond it: where the
        # frontier turns vertical (last vertex, k -> infinity) or horizontal (first, k -> 0)
        if j == len(f) - 1 and g_lo >= 0 and g_hi >= 0:
            return result(hi)
        if j == 0 and g_lo <= 0 and g_hi <= 0:
            return result(lo)
    raise GameError(  # pragma: no cover - Nash (1953) guarantees a solution
        "could not locate the optimal threats on the frontier"
    )
