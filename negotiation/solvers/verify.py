"""Exact verification: no equilibrium is reported before it passes :func:`verify`.

A profile is a Nash equilibrium when no player can gain by deviating to any pure move
(it suffices to check pure deviations, Nash 1951). Here the check is done with
:class:`fractions.Fraction` arithmetic on the game's exact payoffs, so "zero regret"
means exactly zero, not "below a tolerance".
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers._exact import integer_scaled

__all__ = [
    "BimatrixCheck",
    "deviation_payoffs",
    "expected_payoffs",
    "is_equilibrium",
    "regrets",
    "require_equilibrium",
    "verify",
]


def _common_denominator(strategy: Sequence[Any]) -> tuple[np.ndarray, int]:
    probs = [Fraction(p) for p in strategy]
    den = lcm(*(q.denominator for q in probs))
    num = np.empty(len(probs), dtype=object)
    num[:] = [q.numerator * (den // q.denominator) for q in probs]
    return num, den


class BimatrixCheck:
    """Exact integer checks for one two-player game, set up once and reused.

    Payoff matrices are scaled to integers (LCM of denominators); a profile is an
    equilibrium when, with probabilities over a common denominator, every move in each
    player's support attains the maximum of its integer payoff vector.

    >>> check = BimatrixCheck(Game.zero_sum([[1, -1], [-1, 1]]))
    >>> half = (Fraction(1, 2), Fraction(1, 2))
    >>> check.is_equilibrium(half, half), check.is_equilibrium(half, (1, 0))
    (True, False)
    >>> check.payoffs(half, (1, 0))
    (Fraction(0, 1), Fraction(0, 1))
    """

    def __init__(self, game: Game) -> None:
        a, b = game.matrices(exact=True)
        self.a = integer_scaled(a)
        self.b = integer_scaled(b)
        self.scale_a = lcm(*(q.denominator for q in a.flat))
        self.scale_b = lcm(*(q.denominator for q in b.flat))

    def is_equilibrium(self, x: Sequence[Any], y: Sequence[Any]) -> bool:
        return self.is_equilibrium_int(*_common_denominator(x), *_common_denominator(y))

    def is_equilibrium_int(self, nx: np.ndarray, dx: int, ny: np.ndarray, dy: int) -> bool:
        """The check for ``x = nx / dx`` and ``y = ny / dy`` (integer object arrays)."""
        if len(nx) != self.a.shape[0] or len(ny) != self.a.shape[1]:
            return False
        if any(v < 0 for v in nx) or any(v < 0 for v in ny) or sum(nx) != dx or sum(ny) != dy:
            return False
        u = self.a.dot(ny)
        best = max(u)
        if any(u[i] != best for i in np.flatnonzero(nx != 0)):
            return False
        v = nx.dot(self.b)
        best = max(v)
        return all(v[j] == best for j in np.flatnonzero(ny != 0))

    def payoffs(self, x: Sequence[Any], y: Sequence[Any]) -> tuple[Fraction, Fraction]:
        return self.payoffs_int(*_common_denominator(x), *_common_denominator(y))

    def payoffs_int(
        self, nx: np.ndarray, dx: int, ny: np.ndarray, dy: int
    ) -> tuple[Fraction, Fraction]:
        """Exact payoffs for ``x = nx / dx`` and ``y = ny / dy``."""
        return (
            Fraction(int(nx.dot(self.a.dot(ny))), dx * dy * self.scale_a),
            Fraction(int(nx.dot(self.b.dot(ny))), dx * dy * self.scale_b),
        )


def _contract(tensor: np.ndarray, strategies: Sequence[Sequence[Any]], skip: int | None) -> Any:
    """Contract ``tensor`` (one axis per player) with every strategy except ``skip``'s."""
    result = tensor
    for axis in range(tensor.ndim - 1, -1, -1):
        if axis == skip:
            continue
        vector = np.asarray(strategies[axis], dtype=result.dtype)
        result = np.tensordot(result, vector, axes=([axis], [0]))
    return result


def deviation_payoffs(
    game: Game, strategies: Sequence[Sequence[Any]], player: int, *, exact: bool = True
) -> np.ndarray:
    """Payoff of each pure move of ``player`` against the others' mixed strategies.

    >>> g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> list(deviation_payoffs(g, [(1, 0), (Fraction(1, 2), Fraction(1, 2))], 0))
    [Fraction(3, 2), Fraction(3, 1)]
    """
    tensor = game.exact[player] if exact else game.payoffs[player]
    strategies = [[Fraction(p) for p in s] if exact else [float(p) for p in s] for s in strategies]
    return np.asarray(_contract(tensor, strategies, player))


def expected_payoffs(game: Game, strategies: Sequence[Sequence[Any]]) -> tuple[Fraction, ...]:
    """Exact expected payoff of every player under a mixed profile.

    >>> g = Game.zero_sum([[1, -1], [-1, 1]])
    >>> expected_payoffs(g, [(1, 0), (Fraction(1, 4), Fraction(3, 4))])
    (Fraction(-1, 2), Fraction(1, 2))
    """
    strategies = [[Fraction(p) for p in s] for s in strategies]
    if game.n_players == 2:
        return BimatrixCheck(game).payoffs(*strategies)
    values = []
    for i in range(game.n_players):
        value = _contract(game.exact[i], strategies, None)
        values.append(Fraction(value.item() if isinstance(value, np.ndarray) else value))
    return tuple(values)


def _check_profile(game: Game, strategies: Sequence[Sequence[Any]]) -> list[list[Fraction]]:
    if len(strategies) != game.n_players:
        raise SolverError(f"a profile needs one strategy per player ({game.n_players})")
    probs = []
    for i, s in enumerate(strategies):
        q = [Fraction(p) for p in s]
        if len(q) != game.shape[i]:
            raise SolverError(
                f"{game.players[i]} has {game.shape[i]} moves, got {len(q)} probabilities"
            )
        probs.append(q)
    return probs


def regrets(game: Game, strategies: Sequence[Sequence[Any]]) -> tuple[Fraction, ...]:
    """Each player's exact gain from the best pure deviation (0 at an equilibrium).

    >>> g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> regrets(g, [(1, 0), (1, 0)])
    (Fraction(2, 1), Fraction(2, 1))
    """
    probs = _check_profile(game, strategies)
    values = expected_payoffs(game, probs)
    return tuple(
        max(deviation_payoffs(game, probs, i).tolist()) - values[i] for i in range(game.n_players)
    )


def is_equilibrium(game: Game, strategies: Sequence[Sequence[Any]]) -> bool:
    """True when ``strategies`` are probability vectors and nobody gains by deviating.

    >>> g = Game.zero_sum([[1, -1], [-1, 1]])
    >>> half = (Fraction(1, 2), Fraction(1, 2))
    >>> is_equilibrium(g, [half, half]), is_equilibrium(g, [(1, 0), half])
    (True, False)
    """
    try:
        probs = _check_profile(game, strategies)
    except SolverError:
        return False
    if game.n_players == 2:
        return BimatrixCheck(game).is_equilibrium(*probs)
    if any(p < 0 for s in probs for p in s) or any(sum(s) != 1 for s in probs):
        return False
    return all(r == 0 for r in regrets(game, probs))


def verify(game: Game, equilibrium: Any) -> bool:
    """Exact check of an :class:`~negotiation.solvers.result.Equilibrium` or a profile.

    Checks that the probabilities are non-negative and sum to one, that no player has a
    profitable pure deviation, and (for an ``Equilibrium``) that its stated payoffs are
    the exact expected payoffs.

    >>> from negotiation.solvers import enumerate_equilibria
    >>> g = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> all(verify(g, eq) for eq in enumerate_equilibria(g))
    True
    >>> verify(g, [(1, 0), (0, 1)])
    False
    """
    strategies = getattr(equilibrium, "strategies", equilibrium)
    if not is_equilibrium(game, strategies):
        return False
    stated = getattr(equilibrium, "payoffs", None)
    return stated is None or tuple(stated) == expected_payoffs(game, strategies)


def require_equilibrium(game: Game, equilibrium: Any, method: str) -> None:
    """Raise :class:`SolverError` if ``equilibrium`` fails :func:`verify` (a solver bug)."""
    if not verify(game, equilibrium):
        raise SolverError(
            f"{method}: a computed profile failed the exact equilibrium check and was not "
            "reported; please file a bug with the payoff file"
        )
