"""Pure-strategy Nash equilibria of N-player games, found by array operations.

A pure profile is an equilibrium when every player's move is a best response to the
others'. For player ``i`` the best responses to every profile of the others are the
maxima of ``payoffs[i]`` along axis ``i``; a profile is an equilibrium when it is such a
maximum for all players at once. The whole test is a handful of NumPy reductions over
the payoff array, not a loop over profiles, and it is exact: each player's payoffs are
first scaled to integers by the LCM of their denominators.
"""

from __future__ import annotations

import numpy as np

from negotiation.game import Game
from negotiation.solvers._exact import integer_scaled
from negotiation.solvers.result import Equilibrium, EquilibriumSet
from negotiation.solvers.verify import require_equilibrium

__all__ = ["best_response_mask", "pure_equilibria", "pure_equilibrium_profiles"]

_INT64_SAFE = 2**62


def _integer_payoffs(game: Game, player: int) -> np.ndarray:
    ints = integer_scaled(game.exact[player])
    if ints.size and max(abs(int(v)) for v in ints.flat) < _INT64_SAFE:
        return ints.astype(np.int64)
    return ints  # object array of Python ints: slower, still exact


def best_response_mask(game: Game, player: int) -> np.ndarray:
    """Boolean array shaped like the game: is ``player``'s move a best response there?

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> best_response_mask(pd, 0).astype(int)
    array([[0, 0],
           [1, 1]])
    """
    u = _integer_payoffs(game, player)
    return np.asarray(u == u.max(axis=player, keepdims=True), dtype=bool)


def pure_equilibrium_profiles(game: Game) -> list[tuple[int, ...]]:
    """Index tuples of all pure Nash equilibria, in row-major order.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> pure_equilibrium_profiles(pd)
    [(1, 1)]
    """
    mask = np.ones(game.shape, dtype=bool)
    for i in range(game.n_players):
        mask &= best_response_mask(game, i)
    return [tuple(int(k) for k in idx) for idx in np.argwhere(mask)]


def pure_equilibria(game: Game) -> EquilibriumSet:
    """All pure-strategy Nash equilibria of a game with any number of players.

    Parameters
    ----------
    game
        Any finite game.

    Returns
    -------
    EquilibriumSet
        Method ``"pure"``; every profile verified exactly.

    Examples
    --------
    Bach or Stravinsky (Osborne 2004, *An Introduction to Game Theory*, §2.3, p. 18)
    has two pure equilibria:

    >>> bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                          players=("Ann", "Bob"),
    ...                          moves=(("Bach", "Stravinsky"), ("Bach", "Stravinsky")))
    >>> for eq in pure_equilibria(bos):
    ...     print(eq)
    Ann: Bach; Bob: Bach -> payoffs 2, 1
    Ann: Stravinsky; Bob: Stravinsky -> payoffs 1, 2
    """
    equilibria = []
    for profile in pure_equilibrium_profiles(game):
        strategies = tuple(
            tuple(1 if k == j else 0 for k in range(n))
            for j, n in zip(profile, game.shape, strict=True)
        )
        eq = Equilibrium.from_strategies(game, strategies)
        require_equilibrium(game, eq, "pure")
        equilibria.append(eq)
    notes = () if equilibria else ("no pure-strategy equilibrium: look for mixed ones",)
    return EquilibriumSet(game, "pure", tuple(equilibria), notes=notes)
