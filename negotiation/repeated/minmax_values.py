"""Minmax values, and the feasible and individually rational payoff regions.

Player ``i``'s (mixed) minmax value ``v_i`` is the least the others can hold it to when
they try: ``min over their mixed profiles of max over i's replies`` (Mailath &
Samuelson 2006, §2.1). The feasible region is the convex hull of the pure payoff
profiles; the individually rational region is its part where every player gets at least
its minmax value — the payoffs the folk theorem sustains (Fudenberg & Maskin 1986). A
mixed minmax value comes from a linear program (HiGHS) and is returned exactly when the
rationalised optimal strategies certify it, as a float otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation import geometry
from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.solvers.enumeration import enumerate_equilibria
from negotiation.solvers.result import EquilibriumSet
from negotiation.solvers.scaling import require_float_range
from negotiation.solvers.zero_sum import maximin_lp

__all__ = [
    "MinmaxValue",
    "Number",
    "check_two_player",
    "feasible_region",
    "individually_rational_region",
    "minmax",
    "stage_equilibrium_payoffs",
]

Number = Fraction | float


def show_number(x: Number | None) -> str:
    if x is None:
        return "-"
    return format_number(x)


def jsonable(x: Number | None) -> float | None:
    return None if x is None else float(x)


# ===================================================================== minmax
@dataclass(frozen=True)
class MinmaxValue:
    """What a player can guarantee itself when the other side tries to hold it down.

    Attributes
    ----------
    player
        The player whose payoff is held down.
    pure
        Pure minmax: ``min_b max_a u(a, b)`` over pure moves (exact).
    mixed
        Mixed minmax: the opponent may randomise (exact when certified, see ``exact``).
    punisher_pure
        The opponent's move achieving the pure minmax.
    punisher_mixed
        The opponent's mixed strategy achieving the mixed minmax.
    exact
        Whether ``mixed`` is an exact, certified Fraction.
    """

    player: str
    pure: Fraction
    mixed: Number
    punisher_pure: str
    punisher_mixed: tuple[Number, ...]
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "pure": float(self.pure),
            "mixed": float(self.mixed),
            "pure_exact": str(self.pure),
            "mixed_exact": str(self.mixed) if self.exact else None,
            "punisher_pure": self.punisher_pure,
            "punisher_mixed": [float(p) for p in self.punisher_mixed],
        }


def check_two_player(game: Game) -> None:
    if not isinstance(game, Game) or game.n_players != 2:
        raise GameError("folk-theorem tools need a two-player game")


def own_matrix(game: Game, player: int) -> np.ndarray:
    """Exact payoffs of ``player`` indexed ``[own move, opponent move]``."""
    a = game.exact[player]
    return a if player == 0 else a.T


def minmax(game: Game) -> tuple[MinmaxValue, MinmaxValue]:
    """Pure and mixed minmax value of each player of a two-player game.

    Examples
    --------
    Matching pennies: the pure minmax is 1 (whoever moves second wins), the mixed one
    is 0 (von Neumann's value):

    >>> pennies = Game.zero_sum([[1, -1], [-1, 1]])
    >>> row, column = minmax(pennies)
    >>> row.pure, row.mixed, row.punisher_mixed
    (Fraction(1, 1), Fraction(0, 1), (Fraction(1, 2), Fraction(1, 2)))
    """
    check_two_player(game)
    require_float_range(game, "folk")
    out = []
    for i in (0, 1):
        u = own_matrix(game, i)
        best = [max(u[:, b]) for b in range(u.shape[1])]
        b_star = int(np.argmin([float(x) for x in best]))
        value, strategy, exact = _mixed_minmax(u)
        out.append(
            MinmaxValue(
                game.players[i],
                Fraction(best[b_star]),
                value,
                game.moves[1 - i][b_star],
                strategy,
                exact,
            )
        )
    return (out[0], out[1])


def _mixed_minmax(u: np.ndarray) -> tuple[Number, tuple[Number, ...], bool]:
    """min over opponent mixtures y of max over own moves of (u y), exact if certified.

    The punisher's problem is the zero-sum game in which it maximises ``-u``: its
    maximin LP (:func:`~negotiation.solvers.zero_sum.maximin_lp`, certified exactly by
    LP duality). When the certificate fails the value and strategy stay HiGHS's floats,
    labelled ``exact=False`` — never rounded into fractions.
    """
    y, value, y_float, value_float = maximin_lp((-u).T)
    if y is not None and value is not None:
        return -value, tuple(y), True
    return -value_float, tuple(float(p) for p in y_float), False


# ============================================================ feasible region
def feasible_region(game: Game) -> list[tuple[Fraction, Fraction]]:
    """Vertices (counter-clockwise) of the convex hull of the pure payoff pairs.

    With public randomisation (or long-run averages) every point of it is attainable.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [tuple(map(str, v)) for v in feasible_region(pd)]
    [('0', '5'), ('1', '1'), ('5', '0'), ('3', '3')]
    """
    check_two_player(game)
    a, b = game.exact
    points = {(Fraction(a[idx]), Fraction(b[idx])) for idx in np.ndindex(a.shape)}
    return geometry.hull(points)


def individually_rational_region(game: Game, *, kind: str = "mixed") -> list[tuple[Number, Number]]:
    """The feasible payoffs giving each player at least its minmax value.

    ``kind`` is ``"mixed"`` (the folk theorem's bound) or ``"pure"`` (the bound that
    applies when punishers may only use pure moves, as in
    :func:`~negotiation.repeated.spe.spe_payoff_set`). Empty when no feasible payoff
    is individually rational.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [tuple(map(str, v)) for v in individually_rational_region(pd)]
    [('1', '1'), ('13/3', '1'), ('3', '3'), ('1', '13/3')]
    """
    if kind not in ("mixed", "pure"):
        raise GameError(f"kind must be 'mixed' or 'pure', got {kind!r}")
    values = minmax(game)
    region: list[Any] = feasible_region(game)
    for i, v in enumerate(values):
        bound = v.mixed if kind == "mixed" else v.pure
        eps = 0.0 if isinstance(bound, Fraction) else 1e-12
        if eps:
            region = [(float(x), float(y)) for x, y in region]
        region = geometry.clip(region, i, bound, eps)
    return region


# ========================================================= stage equilibria
def stage_equilibrium_payoffs(
    game: Game, stage_equilibria: EquilibriumSet | None = None
) -> list[tuple[Fraction, Fraction]]:
    """Payoff pairs of the stage game's extreme Nash equilibria (pure and mixed), exact.

    ``stage_equilibria`` reuses equilibria already computed (e.g. by ``analyse``);
    otherwise they are enumerated exactly (:func:`~negotiation.solvers.enumerate_equilibria`,
    bounded by its size budget).

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> stage_equilibrium_payoffs(pd)
    [(Fraction(1, 1), Fraction(1, 1))]
    """
    check_two_player(game)
    found = stage_equilibria if stage_equilibria is not None else _enumerate(game)
    if found.game.shape != game.shape or found.game.players != game.players:
        raise GameError("stage_equilibria were computed for another game")
    pairs = {(Fraction(e.payoffs[0]), Fraction(e.payoffs[1])) for e in found.equilibria}
    return sorted(pairs)


def _enumerate(game: Game) -> EquilibriumSet:
    return enumerate_equilibria(game)
