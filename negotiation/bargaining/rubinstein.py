"""Rubinstein alternating offers: impatience turned into bargaining power.

Two players take turns proposing a deal; the other accepts or rejects, and each round
of delay shrinks player ``i``'s gains by a factor ``δ_i`` (Rubinstein 1982,
"Perfect equilibrium in a bargaining model", *Econometrica* 50). With a unit surplus the
unique subgame-perfect equilibrium has the first proposer ``i`` offering the other
exactly what it would get by waiting one round, and keeping

.. math::  x_i = \\frac{1 - \\delta_j}{1 - \\delta_i \\delta_j}

(Osborne & Rubinstein 1990, *Bargaining and Markets*, ch. 3). With
discount *rates* ``r_i`` and a round length ``Δ``, ``δ_i = e^{-r_i Δ}``; as offers speed up
(``Δ → 0``) the first proposer's advantage vanishes and the split converges to the
asymmetric Nash solution with bargaining power

.. math::  \\alpha_i = \\frac{r_j}{r_i + r_j}

(Binmore, Rubinstein & Wolinsky 1986, "The Nash bargaining solution in economic
modelling", *RAND J. Econ.* 17; Muthoo 1999, *Bargaining Theory with Applications*,
ch. 2–3): the more patient side — lower cost of delay — has more power.

Over a general feasible set (not a straight line) the equilibrium offers ``x`` (by
player 1) and ``y`` (by player 2) are the Pareto-optimal deals with
``y_1 - d_1 = δ_1 (x_1 - d_1)`` and ``x_2 - d_2 = δ_2 (y_2 - d_2)`` (Binmore 1987, "Perfect
equilibria in bargaining models", in Binmore & Dasgupta (eds.) *The Economics of
Bargaining*; Osborne & Rubinstein 1990 ch. 4), where ``d`` is the payoff while the
parties keep disagreeing — here the escalation point. (Where the frontier ends before
the responder's constraint binds, the proposer simply takes its best deal.) Each offer
is the proposer's best deal giving the responder at least its discounted value of
waiting, so player 1's offer solves ``x_1 = h(x_1)`` for a non-decreasing
piecewise-linear ``h``; :func:`rubinstein` finds the root exactly, piece by piece.
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
from negotiation.bargaining.nash import scale_free_shares
from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.numbers import format_html_numbers, format_number

__all__ = [
    "RubinsteinSolution",
    "discount_factor",
    "patience_power",
    "rubinstein",
    "rubinstein_shares",
]


def _check_deltas(delta1: Any, delta2: Any) -> tuple[Fraction, Fraction]:
    d1, d2 = to_fraction(delta1), to_fraction(delta2)
    for name, d in (("δ1", d1), ("δ2", d2)):
        if not 0 <= d <= 1:
            raise GameError(f"discount factor {name} must lie in [0, 1], got {format_number(d)}")
    if d1 * d2 == 1:
        raise GameError(
            "with both discount factors equal to 1 nobody is hurt by delay and "
            "alternating offers have no unique outcome; give at least one δ below 1"
        )
    return d1, d2


def rubinstein_shares(
    delta1: Any, delta2: Any, first_proposer: int = 0
) -> tuple[Fraction, Fraction]:
    """Equilibrium split of a unit surplus in Rubinstein's alternating-offers game.

    Parameters
    ----------
    delta1, delta2
        Per-round discount factors of players 1 and 2, in ``[0, 1]``.
    first_proposer
        ``0`` if player 1 makes the first offer, ``1`` if player 2 does.

    Returns
    -------
    (x1, x2)
        Exact shares, summing to 1: the proposer ``i`` gets ``(1-δ_j)/(1-δ_iδ_j)``.

    Examples
    --------
    Osborne & Rubinstein (1990), *Bargaining and Markets*, ch. 3:

    >>> [round(float(x), 4) for x in rubinstein_shares(0.9, 0.9)]
    [0.5263, 0.4737]
    >>> rubinstein_shares(0.9, 0.8)[0]
    Fraction(5, 7)
    """
    d1, d2 = _check_deltas(delta1, delta2)
    if first_proposer not in (0, 1):
        raise GameError("first_proposer is 0 (player 1) or 1 (player 2)")
    if first_proposer == 0:
        x1 = (1 - d2) / (1 - d1 * d2)
        return (x1, 1 - x1)
    x2 = (1 - d1) / (1 - d1 * d2)
    return (1 - x2, x2)


def discount_factor(rate: Any, period: Any = 1) -> float:
    """Per-round discount factor ``δ = exp(-r Δ)`` for a rate ``r`` per unit of time.

    Binmore, Rubinstein & Wolinsky (1986): a player who loses a fraction ``r`` of the
    value of a deal per year of delay, bargaining in rounds ``Δ`` years long.

    >>> round(discount_factor(0.10, 1), 6)
    0.904837
    """
    r, dt = float(rate), float(period)
    if r < 0 or dt < 0 or not math.isfinite(r) or not math.isfinite(dt):
        raise GameError(f"discount rate and period must be non-negative, got r={r}, Δ={dt}")
    return math.exp(-r * dt)


def patience_power(rates: Sequence[Any]) -> tuple[Fraction, ...]:
    """Bargaining powers from discount rates: ``α_i ∝ 1 / r_i``, summing to 1.

    For two players this is ``α_1 = r_2 / (r_1 + r_2)``, the Binmore–Rubinstein–Wolinsky
    (1986) limit of alternating offers as the time between offers goes to zero. With
    more players the weights ``1/r_i`` are used as the natural extension (a modelling
    choice; Krishna & Serrano 1996, *Rev. Econ. Stud.* 63, study n-player alternating
    offers). Players with a zero rate (infinitely patient) share all the power equally.

    >>> patience_power([0.10, 0.05])
    (Fraction(1, 3), Fraction(2, 3))
    """
    rs = [to_fraction(r) for r in rates]
    if not rs:
        raise GameError("give at least one discount rate")
    if any(r < 0 for r in rs):
        raise GameError("discount rates must be non-negative")
    zero = [r == 0 for r in rs]
    if any(zero):
        k = sum(zero)
        return tuple(Fraction(1, k) if z else Fraction(0) for z in zero)
    inverse = [1 / r for r in rs]
    total = sum(inverse, Fraction(0))
    return tuple(w / total for w in inverse)


@dataclass(frozen=True)
class RubinsteinSolution:
    """Subgame-perfect equilibrium of alternating offers over a feasible set.

    Attributes
    ----------
    players
        The two players.
    discount_factors
        ``(δ1, δ2)`` per round.
    first_proposer
        Index of the player who proposes first.
    offers
        Each player's equilibrium proposal (a payoff pair on the frontier).
    payoffs
        The deal struck: the first proposer's offer, accepted at once.
    disagreement
        Payoffs while talks go on (the impasse point).
    share
        Scale-free shares at the deal: each side's gain over ``disagreement`` as a
        fraction of its own largest feasible gain
        (:func:`~negotiation.bargaining.nash.scale_free_shares`).
    unit_pie_share
        Rubinstein's closed form for a linear frontier, ``(1-δ_j)/(1-δ_iδ_j)`` for the
        proposer — equal to ``share`` when the frontier is one straight segment from
        one side's ideal point to the other's.
    degenerate
        True when no deal improves on ``disagreement`` for both sides; ``share`` is then
        ``unit_pie_share`` by convention.
    """

    players: tuple[str, str]
    discount_factors: tuple[Fraction, Fraction]
    first_proposer: int
    offers: tuple[Point, Point]
    payoffs: Point
    disagreement: Point
    share: tuple[Fraction, Fraction]
    unit_pie_share: tuple[Fraction, Fraction]
    lottery: dict[tuple[str, ...], Fraction] = field(default_factory=dict)
    degenerate: bool = False

    def to_dict(self) -> dict[str, Any]:
        p = self.players
        return {
            "first_proposer": p[self.first_proposer],
            "discount_factor": {
                p[0]: float(self.discount_factors[0]),
                p[1]: float(self.discount_factors[1]),
            },
            "payoffs": per_player(p, self.payoffs),
            "share": per_player(p, self.share),
            "unit_pie_share": {
                p[0]: float(self.unit_pie_share[0]),
                p[1]: float(self.unit_pie_share[1]),
            },
            "offers": {name: per_player(p, o) for name, o in zip(p, self.offers, strict=True)},
            "disagreement": per_player(p, self.disagreement),
            "lottery": lottery_to_list(self.lottery),
            "degenerate": self.degenerate,
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        deltas = format_html_numbers(self.discount_factors)
        offers = format_html_numbers([x for offer in self.offers for x in offer[:2]])
        payoffs = format_html_numbers(self.payoffs)
        shares = format_html_numbers(self.share)
        rows = "".join(
            f"<tr><th>{esc(name)}</th><td>{deltas[i]}</td>"
            f"<td>{offers[2 * i]}, {offers[2 * i + 1]}</td>"
            f"<td>{payoffs[i]}</td><td>{shares[i]}</td></tr>"
            for i, name in enumerate(self.players)
        )
        return (
            "<table><caption>Rubinstein alternating offers "
            f"({esc(self.players[self.first_proposer])} proposes first)</caption>"
            "<thead><tr><th>player</th><th>δ per round</th><th>its offer</th>"
            "<th>deal payoff</th><th>share of its largest gain</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def _offers(fs: FeasibleSet, d: Point, dl1: Fraction, dl2: Fraction) -> tuple[Point, Point]:
    """Equilibrium offers (x by player 1, y by player 2) when player 1 proposes first."""
    f = fs.frontier
    top = f[0]
    phi = fs.frontier_value  # best u2 given u1 >= value
    psi = fs.frontier_inverse  # best u1 given u2 >= value

    def h(x1: Fraction) -> Fraction:
        z = d[0] + dl1 * (x1 - d[0])
        y2 = phi(z)
        assert y2 is not None
        w = d[1] + dl2 * (y2 - d[1])
        x = psi(w)
        assert x is not None
        return x

    lo = max(d[0], top[0])
    hi = psi(d[1])  # player 1's best deal that still leaves player 2 its d2
    assert hi is not None
    points = {lo, hi}
    for v in f:
        if dl1 > 0:
            points.add(d[0] + (v[0] - d[0]) / dl1)
            if dl2 > 0:
                target = d[1] + (v[1] - d[1]) / dl2
                z = psi(target)
                if z is not None:
                    points.add(d[0] + (z - d[0]) / dl1)
    grid = sorted(p for p in points if lo <= p <= hi)
    x1: Fraction | None = None
    prev, g_prev = grid[0], h(grid[0]) - grid[0]
    if g_prev == 0:
        x1 = prev
    for b in grid[1:]:
        if x1 is not None:
            break
        g = h(b) - b
        if g == 0:
            x1 = b
        elif (g_prev > 0) != (g > 0):
            cand = prev - g_prev * (b - prev) / (g - g_prev)
            if h(cand) == cand:
                x1 = cand
        prev, g_prev = b, g
    if x1 is None:  # pragma: no cover - a missed breakpoint; fall back to bisection
        left, right = float(lo), float(hi)
        for _ in range(200):
            mid = (left + right) / 2
            if float(h(Fraction(mid))) - mid > 0:
                left = mid
            else:
                right = mid
        x1 = Fraction((left + right) / 2)
    x2 = phi(x1)
    y2 = phi(d[0] + dl1 * (x1 - d[0]))
    assert x2 is not None and y2 is not None
    y1 = psi(y2)
    assert y1 is not None
    return (x1, x2), (y1, y2)


def rubinstein(
    source: Game | FeasibleSet,
    disagreement: Sequence[Any],
    discount_factors: Sequence[Any],
    *,
    first_proposer: int | str = 0,
) -> RubinsteinSolution:
    """Rubinstein alternating-offers equilibrium over the feasible deals of a game.

    Parameters
    ----------
    source
        A two-player :class:`~negotiation.game.Game` or a
        :class:`~negotiation.bargaining.feasible.FeasibleSet`.
    disagreement
        Payoffs ``(d1, d2)`` each side gets while no deal is struck.
    discount_factors
        ``(δ1, δ2)`` per round of offers.
    first_proposer
        The player (index or name) who makes the first offer.

    Examples
    --------
    A unit surplus with δ = (0.9, 0.8): player 1, proposing first, gets 5/7 ≈ 0.7143
    (Osborne & Rubinstein 1990, ch. 3).

    >>> pie = feasible_set([(1, 0), (0, 1)])
    >>> rubinstein(pie, (0, 0), (0.9, 0.8)).share
    (Fraction(5, 7), Fraction(2, 7))

    If player 2 proposes first it gets ``(1-0.9)/(1-0.72) = 5/14``:

    >>> rubinstein(pie, (0, 0), (0.9, 0.8), first_proposer=1).share[1]
    Fraction(5, 14)
    """
    fs = source if isinstance(source, FeasibleSet) else feasible_set(source)
    if isinstance(first_proposer, str):
        if first_proposer not in fs.players:
            raise GameError(
                f"unknown first proposer {first_proposer!r}; players are {', '.join(fs.players)}"
            )
        first = fs.players.index(first_proposer)
    else:
        first = int(first_proposer)
    if first not in (0, 1):
        raise GameError("first_proposer is 0 (player 1) or 1 (player 2)")
    if len(discount_factors) != 2:
        raise GameError("give one discount factor per player (two)")
    dl1, dl2 = _check_deltas(discount_factors[0], discount_factors[1])
    d: Point = (to_fraction(disagreement[0]), to_fraction(disagreement[1]))
    if fs.frontier_value(d[0]) is None or fs.frontier_value(d[0]) < d[1]:  # type: ignore[operator]
        raise GameError(
            f"no feasible deal gives both players their disagreement payoffs "
            f"({format_number(d[0])}, {format_number(d[1])}): nothing to bargain over"
        )
    if first == 0:
        x, y = _offers(fs, d, dl1, dl2)
        offers = (x, y)
    else:
        swapped = feasible_set([(b, a) for a, b in fs.vertices])
        x_s, y_s = _offers(swapped, (d[1], d[0]), dl2, dl1)
        offers = ((y_s[1], y_s[0]), (x_s[1], x_s[0]))
    deal = offers[first]
    shares = scale_free_shares(fs, deal, d)
    unit = rubinstein_shares(dl1, dl2, first)
    return RubinsteinSolution(
        players=fs.players,
        discount_factors=(dl1, dl2),
        first_proposer=first,
        offers=offers,
        payoffs=deal,
        disagreement=d,
        share=shares if shares is not None else unit,
        unit_pie_share=unit,
        lottery=fs.lottery(deal),
        degenerate=shares is None,
    )
