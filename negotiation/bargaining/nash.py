"""Asymmetric (generalized) Nash bargaining over a piecewise-linear frontier, solved exactly.

Nash (1950, "The bargaining problem", *Econometrica* 18) showed that the only bargaining
rule that is Pareto-optimal, symmetric, invariant to rescaling each player's utility and
independent of irrelevant alternatives picks the deal maximising the product of the
gains over the disagreement point ``d``. Dropping symmetry (Kalai 1977; Roth 1979,
*Axiomatic Models of Bargaining*, ch. 1) leaves the **asymmetric Nash solution**

.. math::  \\max_{u \\in S,\\ u \\ge d}\\ (u_1 - d_1)^{\\alpha}\\,(u_2 - d_2)^{1-\\alpha},

where ``α`` is player 1's bargaining power. Binmore, Rubinstein & Wolinsky (1986,
*RAND J. Econ.* 17) derive ``α = r_2 / (r_1 + r_2)`` from the players' discount rates as
the limit of alternating offers (see :mod:`negotiation.bargaining.rubinstein`).

Algorithm (exact)
-----------------
The feasible set ``S`` is a convex polygon (:mod:`negotiation.bargaining.feasible`), so
the maximiser lies on its Pareto frontier, a chain of segments. On a segment
``u(t) = P + t (Q - P)``, ``t ∈ [0, 1]``, the log of the Nash product is strictly concave
in ``t`` and its derivative vanishes at

.. math::  t^* = -\\frac{\\alpha a_1 (P_2 - d_2) + (1-\\alpha) a_2 (P_1 - d_1)}{a_1 a_2},
           \\qquad a = Q - P,

a rational number when the inputs are. Clipping ``t*`` to the part of the segment where
both gains are non-negative gives the segment's best deal; the best over the segments
is the solution. Optional payoff floors (``floor``, used by the win-set analysis of
:mod:`negotiation.bargaining.winsets`) clip the segment further.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation.bargaining.feasible import (
    FeasibleSet,
    Point,
    feasible_set,
    lottery_to_list,
    per_player,
)
from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.numbers import format_html_numbers, format_number

__all__ = [
    "NashBargainingSolution",
    "ideal_gains",
    "nash_bargaining",
    "scale_free_shares",
    "surplus_shares",
]


@dataclass(frozen=True)
class NashBargainingSolution:
    """The asymmetric Nash bargaining solution.

    Attributes
    ----------
    players
        The two players.
    payoffs
        The deal's payoffs ``(u1, u2)``, exact.
    disagreement
        The disagreement point ``d``.
    power
        Bargaining powers ``(α, 1 - α)``.
    share
        Each player's **scale-free share**: its gain over ``d`` as a fraction of its own
        largest feasible gain, ``(u_i - d_i) / (I_i - d_i)``, where ``I_i`` is the most
        player ``i`` can get in a deal that leaves the other at least ``d_j`` (the
        Kalai–Smorodinsky ideal point; Kalai & Smorodinsky 1975, *Econometrica* 43).
        Multiplying one side's payoffs by a positive constant leaves it unchanged, and
        no player's utility is added to another's. When there is no surplus at all the
        shares are set to ``power`` and ``degenerate`` is true.
    lottery
        The deal as a lottery over pure outcomes ``{profile: probability}`` (empty when
        the feasible set was given as bare points).
    degenerate
        True when no feasible deal improves on ``d`` for both players.
    """

    players: tuple[str, str]
    payoffs: Point
    disagreement: Point
    power: tuple[Fraction, Fraction]
    share: tuple[Fraction, Fraction]
    lottery: dict[tuple[str, ...], Fraction] = field(default_factory=dict)
    degenerate: bool = False

    @property
    def main_outcome(self) -> tuple[str, ...] | None:
        """The outcome with the largest weight in the deal's lottery (``None`` if none).

        It is the natural "truce" to test for self-enforcement in the repeated game.
        """
        if not self.lottery:
            return None
        return max(self.lottery.items(), key=lambda item: item[1])[0]

    @property
    def gains(self) -> tuple[Fraction, Fraction]:
        return (self.payoffs[0] - self.disagreement[0], self.payoffs[1] - self.disagreement[1])

    def to_dict(self) -> dict[str, Any]:
        p = self.players
        return {
            "payoffs": per_player(p, self.payoffs),
            "gains": per_player(p, self.gains),
            "share": per_player(p, self.share),
            "disagreement": per_player(p, self.disagreement),
            "bargaining_power": per_player(p, self.power),
            "exact": {
                "payoffs": per_player(p, self.payoffs, str),
                "share": per_player(p, self.share, str),
            },
            "lottery": lottery_to_list(self.lottery),
            "degenerate": self.degenerate,
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        n = len(self.players)
        texts = format_html_numbers([*self.disagreement, *self.payoffs])  # one style
        ratios = format_html_numbers([*self.share, *self.power])
        rows = "".join(
            f"<tr><th>{esc(name)}</th><td>{texts[i]}</td>"
            f"<td>{texts[n + i]}</td><td>{ratios[i]}</td>"
            f"<td>{ratios[n + i]}</td></tr>"
            for i, name in enumerate(self.players)
        )
        return (
            "<table><caption>Asymmetric Nash bargaining solution</caption>"
            "<thead><tr><th>player</th><th>disagreement</th><th>deal</th>"
            "<th>share of its largest gain</th><th>bargaining power</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def ideal_gains(fs: FeasibleSet, disagreement: Sequence[Any]) -> tuple[Fraction, Fraction]:
    """Each player's largest gain over ``d`` among deals leaving the other at least ``d_j``.

    The gains to the Kalai–Smorodinsky ideal point (Kalai & Smorodinsky 1975); 0 for a
    player no such deal improves.

    >>> pie = feasible_set([(1, 0), (0, 1), (0, 0)])
    >>> ideal_gains(pie, (Fraction(2, 5), 0))
    (Fraction(3, 5), Fraction(3, 5))
    """
    d = (to_fraction(disagreement[0]), to_fraction(disagreement[1]))
    best1 = fs.frontier_inverse(d[1])
    best2 = fs.frontier_value(d[0])
    return (
        max(best1 - d[0], Fraction(0)) if best1 is not None else Fraction(0),
        max(best2 - d[1], Fraction(0)) if best2 is not None else Fraction(0),
    )


def scale_free_shares(
    fs: FeasibleSet, payoffs: Sequence[Any], disagreement: Sequence[Any]
) -> tuple[Fraction, Fraction] | None:
    """Each side's gain over ``d`` as a fraction of its own largest feasible gain.

    ``None`` when some side can gain nothing at all. Unchanged when one side's payoffs
    are multiplied by a positive constant (its gain and its ideal gain scale alike).

    >>> pie = feasible_set([(1, 0), (0, 1), (0, 0)])
    >>> scale_free_shares(pie, (Fraction(7, 10), Fraction(3, 10)), (Fraction(2, 5), 0))
    (Fraction(1, 2), Fraction(1, 2))
    >>> stretched = feasible_set([(1, 0), (0, 10), (0, 0)])
    >>> scale_free_shares(stretched, (Fraction(7, 10), 3), (Fraction(2, 5), 0))
    (Fraction(1, 2), Fraction(1, 2))
    """
    ideal = ideal_gains(fs, disagreement)
    if ideal[0] <= 0 or ideal[1] <= 0:
        return None
    return (
        (to_fraction(payoffs[0]) - to_fraction(disagreement[0])) / ideal[0],
        (to_fraction(payoffs[1]) - to_fraction(disagreement[1])) / ideal[1],
    )


def surplus_shares(
    payoffs: Sequence[Any], disagreement: Sequence[Any]
) -> tuple[Fraction, Fraction] | None:
    """Shares ``(u_i - d_i) / Σ_j (u_j - d_j)`` of the surplus; ``None`` if there is none.

    This adds one player's utility to another's, so it means something only when the
    payoffs share one unit (``NegotiationInputs.common_unit``); the results report
    :func:`scale_free_shares` instead.

    >>> surplus_shares((Fraction(7, 10), Fraction(3, 10)), (Fraction(2, 5), 0))
    (Fraction(1, 2), Fraction(1, 2))
    """
    g = [to_fraction(u) - to_fraction(d) for u, d in zip(payoffs, disagreement, strict=True)]
    total = g[0] + g[1]
    if total <= 0:
        return None
    return (g[0] / total, g[1] / total)


def _log_product(gains: tuple[Fraction, Fraction], power: tuple[Fraction, Fraction]) -> float:
    total = 0.0
    for g, a in zip(gains, power, strict=True):
        if a == 0:
            continue
        if g <= 0:
            return -math.inf
        total += float(a) * math.log(g)
    return total


def _segment_best(p: Point, q: Point, d: Point, low: Point, alpha: Fraction) -> Point | None:
    """Best point of segment PQ for the weighted Nash product, subject to ``u >= low``."""
    a1, a2 = q[0] - p[0], q[1] - p[1]
    lo, hi = Fraction(0), Fraction(1)
    # u1(t) = p1 + t a1 >= low1 (a1 > 0 on the frontier)
    if a1 != 0:
        lo = max(lo, (low[0] - p[0]) / a1)
    elif p[0] < low[0]:
        return None
    # u2(t) = p2 + t a2 >= low2 (a2 < 0 on the frontier)
    if a2 != 0:
        hi = min(hi, (low[1] - p[1]) / a2)
    elif p[1] < low[1]:
        return None
    if lo > hi:
        return None
    if a1 == 0 or a2 == 0:  # a single point
        t = lo
    else:
        t = -(alpha * a1 * (p[1] - d[1]) + (1 - alpha) * a2 * (p[0] - d[0])) / (a1 * a2)
        t = min(max(t, lo), hi)
    return (p[0] + t * a1, p[1] + t * a2)


def nash_bargaining(
    source: Game | FeasibleSet,
    disagreement: Sequence[Any],
    power: Any = Fraction(1, 2),
    *,
    floor: Sequence[Any] | None = None,
) -> NashBargainingSolution:
    """Asymmetric Nash bargaining solution over the feasible deals of a two-player game.

    Parameters
    ----------
    source
        A two-player :class:`~negotiation.game.Game` (deals: lotteries over its cells) or
        a :class:`~negotiation.bargaining.feasible.FeasibleSet`.
    disagreement
        The disagreement point ``(d1, d2)``: what each side gets if talks fail.
    power
        Player 1's bargaining power ``α`` in ``[0, 1]``; player 2 has ``1 - α``.
        ``1/2`` is Nash's symmetric solution.
    floor
        Optional minimum payoffs ``(m1, m2)`` a deal must give (e.g. ratification
        constraints); the product is still measured from ``disagreement``.

    Returns
    -------
    NashBargainingSolution

    Raises
    ------
    GameError
        If ``α`` is outside ``[0, 1]`` or no feasible deal gives both players at least
        their disagreement payoff (and floor).

    Examples
    --------
    Splitting a unit surplus (deals on the line ``u1 + u2 = 1``) with ``d = (0.4, 0)``:
    each side gets ``d_i`` plus half of what is left, so player 1 gets 0.7 (Nash 1950;
    Osborne & Rubinstein 1990, *Bargaining and Markets*, ch. 2).

    >>> pie = feasible_set([(1, 0), (0, 1), (0, 0)])
    >>> nash_bargaining(pie, (Fraction(2, 5), 0)).payoffs
    (Fraction(7, 10), Fraction(3, 10))

    With bargaining power α = 0.6 and ``d = (0.2, 0.1)``, player 1 gets
    ``0.2 + 0.6 × 0.7 = 0.62`` (Roth 1979, asymmetric Nash solution):

    >>> nash_bargaining(pie, ("0.2", "0.1"), "0.6").payoffs
    (Fraction(31, 50), Fraction(19, 50))
    """
    fs = source if isinstance(source, FeasibleSet) else feasible_set(source)
    alpha = to_fraction(power)
    if not 0 <= alpha <= 1:
        raise GameError(f"bargaining power must lie in [0, 1], got {format_number(alpha)}")
    if len(disagreement) != 2:
        raise GameError("the disagreement point needs one payoff per player (two)")
    d: Point = (to_fraction(disagreement[0]), to_fraction(disagreement[1]))
    low: Point = d
    if floor is not None:
        low = (max(d[0], to_fraction(floor[0])), max(d[1], to_fraction(floor[1])))
    pw = (alpha, 1 - alpha)

    candidates: list[Point] = []
    f = fs.frontier
    if len(f) == 1 and f[0][0] >= low[0] and f[0][1] >= low[1]:
        candidates.append(f[0])
    for p, q in fs.segments:
        best = _segment_best(p, q, d, low, alpha)
        if best is not None:
            candidates.append(best)
    if not candidates:
        what = "disagreement point" if floor is None else "disagreement point and floors"
        raise GameError(
            f"no feasible deal gives both players at least the {what} "
            f"({format_number(low[0])}, {format_number(low[1])}): there is nothing to bargain "
            "over — check the disagreement point"
        )
    scored = [(_log_product((c[0] - d[0], c[1] - d[1]), pw), c) for c in candidates]
    best_score = max(s for s, _ in scored)
    degenerate = best_score == -math.inf
    if degenerate:
        # no deal improves on d for both: take the strongly Pareto-optimal one among them,
        # comparing gains as fractions of each side's largest gain among them (scale-free:
        # no utilities of different players are added, issue 11.4)
        ideal = [max(c[i] - d[i] for c in candidates) or Fraction(1) for i in (0, 1)]
        point = max(
            candidates,
            key=lambda c: ((c[0] - d[0]) / ideal[0] + (c[1] - d[1]) / ideal[1], c[0]),
        )
    else:
        point = next(c for s, c in scored if s == best_score)
    shares = scale_free_shares(fs, point, d)
    return NashBargainingSolution(
        players=fs.players,
        payoffs=point,
        disagreement=d,
        power=pw,
        share=shares if shares is not None else pw,
        lottery=fs.lottery(point),
        degenerate=degenerate or shares is None,
    )
