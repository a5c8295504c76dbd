"""Correlated equilibria by linear programming: welfare-maximising and each player's best.

A correlated equilibrium (Aumann 1974, "Subjectivity and correlation in randomized
strategies", *J. Math. Econ.* 1) is a probability distribution ``p`` over pure profiles
— think of a mediator privately recommending a move to each player — such that no
player gains by disobeying her recommendation:

``Σ_{s: s_i = a} p(s) · (u_i(s) − u_i(a', s_{-i})) >= 0`` for every player ``i`` and
every pair of her moves ``a, a'``.

These constraints are linear, so the set of correlated equilibria is a polytope and the
best one for any linear objective is an LP (Papadimitriou and Roughgarden 2008; Shoham
and Leyton-Brown 2009, *Multiagent Systems*, §4.6). Here: the welfare-maximising
correlated equilibrium (largest sum of payoffs) and, for each player, the one best for
her. Each LP is solved with HiGHS, re-derived exactly and certified by LP duality; the
resulting distribution is checked against every constraint with rational arithmetic.
Works for any number of players.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.numbers import exact_text, format_number
from negotiation.solvers._lp import solve_lp

__all__ = [
    "CorrelatedEquilibrium",
    "CorrelatedResult",
    "correlated_equilibria",
    "correlated_equilibrium",
    "is_correlated_equilibrium",
]


@dataclass(frozen=True)
class CorrelatedEquilibrium:
    """A distribution over pure profiles that nobody wants to disobey.

    Attributes
    ----------
    objective
        What it maximises: ``"welfare"`` or a player's name.
    distribution
        ``(profile names, probability)`` for every profile with positive probability.
    payoffs
        Each player's exact expected payoff.
    certified
        True when the LP optimum was certified exactly (otherwise ``distribution`` holds
        rounded floats and must not be trusted as optimal).
    """

    players: tuple[str, ...]
    objective: str
    distribution: tuple[tuple[tuple[str, ...], Fraction], ...]
    payoffs: tuple[Fraction, ...]
    certified: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "distribution": [
                {
                    "profile": dict(zip(self.players, prof, strict=True)),
                    "probability": float(p),
                    "probability_exact": str(p),
                }
                for prof, p in self.distribution
            ],
            "payoffs": {p: float(v) for p, v in zip(self.players, self.payoffs, strict=True)},
            "payoffs_exact": {
                p: exact_text(v) for p, v in zip(self.players, self.payoffs, strict=True)
            },
            "certified": self.certified,
        }

    def __str__(self) -> str:
        cells = ", ".join(f"{p!s} ({' / '.join(prof)})" for prof, p in self.distribution)
        pay = ", ".join(format_number(v) for v in self.payoffs)
        flag = "" if self.certified else " [NOT CERTIFIED]"
        return f"best for {self.objective}: {cells} -> payoffs {pay}{flag}"


@dataclass(frozen=True)
class CorrelatedResult:
    """The welfare-maximising correlated equilibrium and each player's best one."""

    game: Game
    welfare: CorrelatedEquilibrium
    best_for: tuple[CorrelatedEquilibrium, ...]

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": "correlated",
            "welfare_maximising": self.welfare.to_dict(),
            "best_for_player": {ce.objective: ce.to_dict() for ce in self.best_for},
            "exact": self.welfare.certified and all(c.certified for c in self.best_for),
        }

    def __str__(self) -> str:
        return "\n".join(str(c) for c in (self.welfare, *self.best_for))

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def _incentive_rows(game: Game) -> np.ndarray:
    """One row per (player, recommended move, alternative): gain from disobeying."""
    rows = []
    for i in range(game.n_players):
        u = game.exact[i]
        for a in range(game.shape[i]):
            for alt in range(game.shape[i]):
                if alt == a:
                    continue
                row = np.zeros(game.shape, dtype=object)
                row[...] = Fraction(0)
                index: list[Any] = [slice(None)] * game.n_players
                index[i] = a
                alt_index = list(index)
                alt_index[i] = alt
                row[tuple(index)] = u[tuple(alt_index)] - u[tuple(index)]
                rows.append(row.ravel())
    if not rows:
        return np.zeros((0, int(np.prod(game.shape))), dtype=object)
    return np.array(rows, dtype=object)


def is_correlated_equilibrium(game: Game, probabilities: Any) -> bool:
    """Exact check of a distribution over profiles (array shaped like the game).

    >>> chicken = Game.from_matrices([[0, 7], [2, 6]], [[0, 2], [7, 6]])
    >>> third = Fraction(1, 3)
    >>> is_correlated_equilibrium(chicken, [[0, third], [third, third]])
    True
    """
    p = np.asarray(probabilities, dtype=object).ravel()
    p = np.array([Fraction(v) for v in p], dtype=object)
    if any(v < 0 for v in p) or sum(p) != 1:
        return False
    rows = _incentive_rows(game)
    return all(v <= 0 for v in rows.dot(p)) if len(rows) else True


def correlated_equilibrium(game: Game, objective: str | int = "welfare") -> CorrelatedEquilibrium:
    """The correlated equilibrium maximising welfare (default) or one player's payoff.

    Examples
    --------
    Chicken with payoffs (Dare, Chicken) as in Aumann (1974) and the Wikipedia
    article "Correlated equilibrium": the welfare-maximising correlated equilibrium
    recommends (Chicken, Chicken) half the time and each asymmetric outcome a quarter,
    giving 21/4 each — more than any Nash equilibrium's total.

    >>> chicken = Game.from_matrices([[0, 7], [2, 6]], [[0, 2], [7, 6]],
    ...                              moves=(("Dare", "Chicken"), ("Dare", "Chicken")))
    >>> print(correlated_equilibrium(chicken))
    best for welfare: 1/4 (Dare / Chicken), 1/4 (Chicken / Dare), 1/2 (Chicken / Chicken) -> payoffs 5.25, 5.25
    """
    size = int(np.prod(game.shape))
    if objective == "welfare":
        c = game.exact.sum(axis=0).ravel()
        name = "welfare"
    else:
        i = game.player_index(objective)
        c = game.exact[i].ravel()
        name = game.players[i]
    rows = _incentive_rows(game)
    sol = solve_lp(
        c,
        rows if len(rows) else None,
        [0] * len(rows) if len(rows) else None,
        [[1] * size],
        [1],
        maximize=True,
    )
    if sol is None:
        raise SolverError(
            "correlated-equilibrium LP infeasible (this cannot happen: Nash equilibria exist)"
        )
    profiles = list(game.profiles())
    if sol.certified and sol.z is not None:
        probs = list(sol.z)
        certified = is_correlated_equilibrium(
            game, np.array(probs, dtype=object).reshape(game.shape)
        )
    else:
        probs = [Fraction(float(v)).limit_denominator(10**6) for v in sol.z_float]
        certified = False
    dist = tuple(
        (game.profile_names(prof), p) for prof, p in zip(profiles, probs, strict=True) if p
    )
    payoffs = tuple(
        sum(
            (game.exact[(i, *prof)] * p for prof, p in zip(profiles, probs, strict=True)),
            Fraction(0),
        )
        for i in range(game.n_players)
    )
    return CorrelatedEquilibrium(game.players, name, dist, payoffs, certified)


def correlated_equilibria(game: Game) -> CorrelatedResult:
    """Welfare-maximising correlated equilibrium and the best one for each player.

    In the prisoner's dilemma (Axelrod 1984) the only correlated equilibrium is mutual
    defection, since defecting is dominant whatever is recommended:

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> print(correlated_equilibria(pd))
    best for welfare: 1 (D / D) -> payoffs 1, 1
    best for Row: 1 (D / D) -> payoffs 1, 1
    best for Column: 1 (D / D) -> payoffs 1, 1
    """
    return CorrelatedResult(
        game,
        correlated_equilibrium(game, "welfare"),
        tuple(correlated_equilibrium(game, i) for i in range(game.n_players)),
    )
