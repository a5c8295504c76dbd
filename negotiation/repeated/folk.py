"""Folk-theorem tools: the critical δ of a target outcome, and the folk analysis.

Can a truce hold? In the infinitely repeated game with discount factor δ, a target
outcome ``a*`` (say, both sides conciliating) is sustained by the threat of punishment
if, for each player ``i``, the one-shot gain from the best deviation is outweighed by
the discounted loss that follows. With ``R = u_i(a*)``, ``T = max_d u_i(d, a*_-i)`` (the
best deviation) and ``P`` the per-period payoff while punished:

* **Nash reversion** (Friedman 1971): after any deviation both play forever the stage
  Nash equilibrium that is worst for the deviator -- credible, since repeating a stage
  equilibrium is subgame perfect. The target holds iff ``δ >= δ* = (T - R)/(T - P)``;
  in the prisoner's dilemma this is the textbook ``(T - R)/(T - P)``.
* **Minmax punishment**: the harshest conceivable threat, ``P = v_i`` (the mixed minmax
  value). It gives the smallest δ any punishment could need; it is *credible* as a
  grim threat only when some stage equilibrium already holds ``i`` to ``v_i``;
  otherwise the punishers must be rewarded for punishing (Fudenberg & Maskin 1986;
  Abreu 1988) and :mod:`~negotiation.repeated.spe` gives the exact answer.
* **k-period punishment** (Nash reversion for ``k`` periods, then back to ``a*``):
  the target holds iff ``T - R <= (R - P) (δ + δ² + ... + δ^k)``.

Exact :class:`~fractions.Fraction` arithmetic is used throughout. The minmax values and
the feasible and individually rational regions are in :mod:`negotiation.repeated.minmax_values`
(re-exported here).

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
Economic Studies* 38(1), 1-12.
Fudenberg, D. & Maskin, E. (1986). The folk theorem in repeated games with discounting
or with incomplete information. *Econometrica* 54(3), 533-554.
Abreu, D. (1988). On the theory of infinitely repeated games with discounting.
*Econometrica* 56(2), 383-396.
Mailath, G. J. & Samuelson, L. (2006). *Repeated Games and Reputations*, ch. 2-3.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.repeated.minmax_values import (
    MinmaxValue,
    Number,
    check_two_player,
    feasible_region,
    individually_rational_region,
    jsonable,
    minmax,
    own_matrix,
    show_number,
    stage_equilibrium_payoffs,
)
from negotiation.repeated.spe import spe_payoff_set
from negotiation.solvers.result import EquilibriumSet

__all__ = [
    "CriticalDiscount",
    "FolkAnalysis",
    "MinmaxValue",
    "critical_discount_factor",
    "feasible_region",
    "folk_analysis",
    "individually_rational_region",
    "minmax",
    "optimal_critical_discount_factor",
    "stage_equilibrium_payoffs",
]


# ===================================================== critical discount factors
@dataclass(frozen=True)
class CriticalDiscount:
    """The incentive arithmetic of one player at the target outcome.

    Attributes
    ----------
    player
        The player tempted to deviate.
    target_payoff
        ``R``: its payoff at the target outcome.
    deviation_payoff, deviation
        ``T`` and the move achieving it (the target move itself when nothing is better).
    punishment_payoff
        ``P``: its per-period payoff while punished.
    delta
        Smallest δ at which the target holds for this player (``0`` when deviating never
        pays, ``None`` when no δ < 1 suffices).
    """

    player: str
    target_payoff: Fraction
    deviation_payoff: Fraction
    deviation: str
    punishment_payoff: Number
    delta: Number | None

    def holds_at(self, discount: float) -> bool:
        return self.delta is not None and discount >= float(self.delta)

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "target_payoff": float(self.target_payoff),
            "deviation_payoff": float(self.deviation_payoff),
            "deviation": self.deviation,
            "punishment_payoff": float(self.punishment_payoff),
            "critical_discount_factor": jsonable(self.delta),
            "critical_discount_factor_exact": (
                str(self.delta) if isinstance(self.delta, Fraction) else None
            ),
        }


def _deviation(game: Game, target: tuple[int, int], i: int) -> tuple[Fraction, Fraction, int]:
    u = own_matrix(game, i)
    own, other = target[i], target[1 - i]
    column = [Fraction(x) for x in u[:, other]]
    best = max(range(len(column)), key=lambda k: (column[k], k == own))
    return column[own], column[best], best


def _grim_delta(r: Fraction, t: Fraction, p: Number) -> Number | None:
    if t <= r:
        return Fraction(0)
    if r <= p:
        return None
    return (t - r) / (t - p)


def _k_period_delta(r: Fraction, t: Fraction, p: Number, k: int) -> float | Fraction | None:
    """Smallest δ with ``T - R <= (R - P)(δ + ... + δ^k)``."""
    if t <= r:
        return Fraction(0)
    if r <= p or k * (r - p) <= t - r:
        return None
    gain, loss = float(t - r), float(r - p)
    if k == 1:
        return (t - r) / (r - p) if isinstance(p, Fraction) else gain / loss
    from scipy.optimize import brentq

    def slack(d: float) -> float:
        return loss * sum(d**s for s in range(1, k + 1)) - gain

    return float(brentq(slack, 0.0, 1.0, xtol=1e-15, rtol=1e-15))


def critical_discount_factor(
    game: Game,
    target: Sequence[str | int],
    *,
    punishment: str = "nash",
    periods: int | None = None,
    stage_equilibria: EquilibriumSet | None = None,
) -> Number | None:
    """Smallest discount factor at which ``target`` is sustained, or ``None``.

    Parameters
    ----------
    game
        A two-player stage game.
    target
        The outcome to sustain, one move (name or index) per player.
    punishment
        ``"nash"`` -- revert to the stage equilibrium worst for the deviator;
        ``"minmax"`` -- hold the deviator to its mixed minmax value.
    periods
        Punish for this many periods and then return to the target (``None``: forever).
    stage_equilibria
        The stage game's equilibria, if already computed (Nash reversion uses the worst
        one for the deviator; from an incomplete set the δ found is sufficient, perhaps
        not the smallest).

    Returns
    -------
    The maximum over both players of their critical δ (a Fraction where exact), or
    ``None`` when the target cannot be sustained at any δ < 1 this way.

    Examples
    --------
    Grim trigger in the prisoner's dilemma needs δ >= (T - R)/(T - P):

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> critical_discount_factor(pd, ("C", "C"))
    Fraction(1, 2)
    >>> critical_discount_factor(pd, ("C", "C"), periods=1)   # one period is too short
    >>> round(critical_discount_factor(pd, ("C", "C"), periods=2), 6)  # δ + δ² = 1
    0.618034
    """
    worst = _punishments(game, punishment, stage_equilibria)
    players = _incentives(game, target, worst, periods)
    if any(c.delta is None for c in players):
        return None
    return max((c.delta for c in players if c.delta is not None), key=float)


def _punishments(
    game: Game, punishment: str, stage_equilibria: EquilibriumSet | None
) -> list[Number]:
    """Each player's per-period payoff while punished."""
    check_two_player(game)
    if punishment == "nash":
        equilibria = stage_equilibrium_payoffs(game, stage_equilibria)
        return [min((e[i] for e in equilibria), key=float) for i in (0, 1)]
    if punishment == "minmax":
        return [v.mixed for v in minmax(game)]
    raise GameError(f"punishment must be 'nash' or 'minmax', got {punishment!r}")


def _incentives(
    game: Game, target: Sequence[str | int], worst: Sequence[Number], periods: int | None
) -> tuple[CriticalDiscount, ...]:
    check_two_player(game)
    index = game.profile_index(target)
    profile = (index[0], index[1])
    if periods is not None and (int(periods) != periods or periods < 1):
        raise GameError(f"periods must be a positive integer, got {periods}")
    out = []
    for i in (0, 1):
        r, t, best = _deviation(game, profile, i)
        p = worst[i]
        delta = _grim_delta(r, t, p) if periods is None else _k_period_delta(r, t, p, periods)
        out.append(CriticalDiscount(game.players[i], r, t, game.moves[i][best], p, delta))
    return tuple(out)


def optimal_critical_discount_factor(
    game: Game,
    target: Sequence[str | int],
    *,
    tol: float = 1e-6,
    upper: float = 0.999,
) -> float | None:
    """Smallest δ at which playing ``target`` forever is a (pure) subgame-perfect path.

    Uses the harshest *credible* punishment, Abreu's (1988) optimal penal code: after a
    deviation, player ``i`` gets its lowest payoff in the SPE payoff set ``V(δ)``
    (:func:`~negotiation.repeated.spe.spe_payoff_set`, pure actions with public
    randomisation). The path holds iff ``R_i >= (1 - δ) T_i + δ min_{v ∈ V(δ)} v_i`` for
    both players. The threshold is found by bisection to ``tol`` (``V(δ)`` grows with δ
    under public randomisation; Abreu, Pearce & Stacchetti 1990). It never exceeds the
    Nash-reversion threshold when the harshest stage equilibrium is pure, and never
    falls below the pure-minmax bound ``(T - R)/(T - v_i)``.

    Returns ``None`` when the path fails even at ``upper``.

    Examples
    --------
    >>> pd = Game.from_matrices([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> round(optimal_critical_discount_factor(pd, (0, 0)), 5)   # = 1/7, as grim trigger
    0.14286
    """
    check_two_player(game)
    i0, j0 = game.profile_index(target)
    a, b = game.matrices()
    r = (float(a[i0, j0]), float(b[i0, j0]))
    t = (float(a[:, j0].max()), float(b[i0, :].max()))
    scale = max(float(np.ptp(a)), float(np.ptp(b)), 1.0)
    slack = 1e-7 * scale
    if r[0] >= t[0] and r[1] >= t[1]:
        return 0.0

    def holds(delta: float) -> bool:
        spe = spe_payoff_set(game, delta, tol=min(1e-9, tol))
        worst = spe.worst()
        if worst is None:
            return False
        return all(r[k] >= (1 - delta) * t[k] + delta * worst[k] - slack for k in (0, 1))

    if not holds(upper):
        return None
    low, high = 0.0, upper
    while high - low > tol:
        middle = (low + high) / 2
        if holds(middle):
            high = middle
        else:
            low = middle
    return high


# ================================================================= the analysis
@dataclass(frozen=True)
class FolkAnalysis:
    """Is a target outcome self-enforcing in the repeated game, and from which δ?

    Attributes
    ----------
    players, target
        Labels; ``target`` holds one move name per player.
    target_payoffs
        Stage payoffs at the target (exact).
    minmax
        :class:`MinmaxValue` per player.
    individually_rational
        Whether the target gives each player at least its mixed minmax value.
    nash_reversion, minmax_punishment
        :class:`CriticalDiscount` per player under each punishment (forever).
    minmax_credible
        Whether grim minmax punishment is credible (some stage equilibrium holds each
        deviator to its minmax).
    k_period
        ``{k: (CriticalDiscount, CriticalDiscount)}`` for Nash reversion lasting ``k``
        periods.
    discount
        The discount factor of each player to compare with (``None`` if not given).
    optimal
        Smallest δ under optimal (harshest credible, pure) punishments, when computed
        (``optimal_computed``); see :func:`optimal_critical_discount_factor`.
    """

    players: tuple[str, str]
    target: tuple[str, str]
    target_payoffs: tuple[Fraction, Fraction]
    minmax: tuple[MinmaxValue, MinmaxValue]
    individually_rational: bool
    nash_reversion: tuple[CriticalDiscount, CriticalDiscount]
    minmax_punishment: tuple[CriticalDiscount, CriticalDiscount]
    minmax_credible: bool
    k_period: dict[int, tuple[CriticalDiscount, CriticalDiscount]] = field(default_factory=dict)
    discount: tuple[float, float] | None = None
    optimal: float | None = None
    optimal_computed: bool = False

    @property
    def critical_discount_factor(self) -> Number | None:
        """Smallest δ sustaining the target under Nash reversion (``None``: never)."""
        deltas = [c.delta for c in self.nash_reversion]
        if any(d is None for d in deltas):
            return None
        return max((d for d in deltas if d is not None), key=float)

    @property
    def self_enforcing(self) -> dict[str, bool] | None:
        """For each player, whether its own δ meets its Nash-reversion threshold."""
        if self.discount is None:
            return None
        return {
            c.player: c.holds_at(d) for c, d in zip(self.nash_reversion, self.discount, strict=True)
        }

    def to_dict(self) -> dict[str, Any]:
        p1, p2 = self.players
        return {
            "players": list(self.players),
            "target": {p1: self.target[0], p2: self.target[1]},
            "target_payoffs": {
                p1: float(self.target_payoffs[0]),
                p2: float(self.target_payoffs[1]),
            },
            "critical_discount_factor": jsonable(self.critical_discount_factor),
            "critical_discount_factor_exact": (
                str(self.critical_discount_factor)
                if isinstance(self.critical_discount_factor, Fraction)
                else None
            ),
            "minmax": {v.player: v.to_dict() for v in self.minmax},
            "individually_rational": self.individually_rational,
            "nash_reversion": {c.player: c.to_dict() for c in self.nash_reversion},
            "minmax_punishment": {
                "credible": self.minmax_credible,
                "players": {c.player: c.to_dict() for c in self.minmax_punishment},
            },
            "k_period_punishment": {
                str(k): {c.player: jsonable(c.delta) for c in pair}
                for k, pair in self.k_period.items()
            },
            "discount": None
            if self.discount is None
            else dict(zip(self.players, self.discount, strict=True)),
            "self_enforcing": self.self_enforcing,
            "optimal_punishment": (
                {"critical_discount_factor": self.optimal} if self.optimal_computed else None
            ),
        }

    def rows(self) -> list[list[str]]:
        """Text rows (header first): one per player."""
        header = [
            "player",
            "target payoff",
            "best deviation",
            "minmax (pure · mixed)",
            "δ* Nash reversion",
            "δ* minmax",
        ]
        header += [f"δ* {k}-period" for k in self.k_period]
        if self.discount is not None:
            header += ["own δ", "self-enforcing"]
        rows = [header]
        for i in (0, 1):
            c, m, v = self.nash_reversion[i], self.minmax_punishment[i], self.minmax[i]
            row = [
                c.player,
                show_number(c.target_payoff),
                f"{c.deviation} → {show_number(c.deviation_payoff)}",
                f"{show_number(v.pure)} · {show_number(v.mixed)}",
                show_number(c.delta) if c.delta is not None else "never",
                show_number(m.delta) if m.delta is not None else "never",
            ]
            row += [
                show_number(pair[i].delta) if pair[i].delta is not None else "never"
                for pair in self.k_period.values()
            ]
            if self.discount is not None:
                row += [
                    show_number(self.discount[i]),
                    "yes" if c.holds_at(self.discount[i]) else "no",
                ]
            rows.append(row)
        return rows

    def _repr_html_(self) -> str:
        rows = self.rows()
        esc = html.escape
        head = "".join(f"<th>{esc(c)}</th>" for c in rows[0])
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows[1:]
        )
        caption = (
            f"Sustaining ({esc(self.target[0])}, {esc(self.target[1])}): "
            f"critical δ = {esc(show_number(self.critical_discount_factor) if self.critical_discount_factor is not None else 'never')}"
        )
        return f"<table><caption>{caption}</caption><tr>{head}</tr>{body}</table>"


def folk_analysis(
    game: Game,
    target: Sequence[str | int],
    *,
    discount: float | Sequence[float] | Mapping[str, float] | None = None,
    punishment_periods: Sequence[int] = (1, 2, 3, 5),
    optimal: bool = False,
    stage_equilibria: EquilibriumSet | None = None,
) -> FolkAnalysis:
    """Everything about sustaining ``target``: minmax, IR, critical δ under three threats.

    Parameters
    ----------
    game
        A two-player stage game.
    target
        One move (name or index) per player, e.g. ``("talk", "talk")``.
    discount
        Each player's discount factor (one number for both, a pair, or
        ``{player: δ}``), e.g. from the scenario's pressures; the result then says
        whether the truce is self-enforcing for each side.
    punishment_periods
        Lengths ``k`` of finite Nash-reversion punishments to evaluate.
    optimal
        Also find the threshold under optimal penal codes (a bisection over SPE payoff
        sets; slower).
    stage_equilibria
        The stage game's equilibria if already computed (``analyse`` passes its own), so
        they are not enumerated again; otherwise they are enumerated once here.

    Examples
    --------
    >>> pd = Game.from_matrices([[9, 1], [10, 3]], [[9, 10], [1, 3]],
    ...                         players=("US", "China"), moves=(("C", "D"), ("C", "D")))
    >>> result = folk_analysis(pd, ("C", "C"), discount={"US": 0.1, "China": 0.5})
    >>> result.critical_discount_factor    # (T - R)/(T - P) = (10 - 9)/(10 - 3)
    Fraction(1, 7)
    >>> result.self_enforcing
    {'US': False, 'China': True}
    """
    check_two_player(game)
    index = game.profile_index(target)
    names = game.profile_names(index)
    equilibria = stage_equilibrium_payoffs(game, stage_equilibria)  # once, and first:
    values = minmax(game)  # a game too large to enumerate fails before any LP
    payoffs = (Fraction(game.exact[(0, *index)]), Fraction(game.exact[(1, *index)]))
    ir = all(payoffs[i] >= values[i].mixed for i in (0, 1))
    worst_nash: list[Number] = [min((e[i] for e in equilibria), key=float) for i in (0, 1)]
    nash = _incentives(game, target, worst_nash, None)
    mm = _incentives(game, target, [v.mixed for v in values], None)
    credible = all(any(_close(e[i], values[i].mixed) for e in equilibria) for i in (0, 1))
    k_period = {int(k): _incentives(game, target, worst_nash, int(k)) for k in punishment_periods}
    return FolkAnalysis(
        (game.players[0], game.players[1]),
        (names[0], names[1]),
        payoffs,
        values,
        ir,
        (nash[0], nash[1]),
        (mm[0], mm[1]),
        credible,
        {k: (v[0], v[1]) for k, v in k_period.items()},
        _discounts(game, discount),
        optimal_critical_discount_factor(game, target) if optimal else None,
        optimal,
    )


def _close(a: Number, b: Number) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _discounts(
    game: Game, discount: float | Sequence[float] | Mapping[str, float] | None
) -> tuple[float, float] | None:
    if discount is None:
        return None
    if isinstance(discount, Mapping):
        missing = [p for p in game.players if p not in discount]
        if missing:
            raise GameError(f"no discount factor given for {', '.join(missing)}")
        values = [float(discount[p]) for p in game.players]
    elif isinstance(discount, (int, float, Fraction)):
        values = [float(discount)] * 2
    else:
        values = [float(d) for d in discount]
        if len(values) != 2:
            raise GameError("give one discount factor per player")
    for d in values:
        if not 0.0 <= d < 1.0:
            raise GameError(f"a discount factor must lie in [0, 1), got {d}")
    return (values[0], values[1])
