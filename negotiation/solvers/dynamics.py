"""Learning dynamics: fictitious play.

It does not compute equilibria; it shows how boundedly rational players might *reach*
one — or cycle forever. It is seeded and reproducible. (The replicator dynamics, for
stage games and tournaments alike, are :func:`negotiation.repeated.evolution.replicator_dynamics`:
one implementation in the package.)

* **Fictitious play** (Brown 1951, "Iterative solution of games by fictitious play";
  Fudenberg and Levine 1998, *The Theory of Learning in Games*, ch. 2): each round every
  player best-responds to the empirical frequencies of the other's past moves; ties are
  broken uniformly at random with the given seed. Converges in zero-sum games
  (Robinson 1951) and 2×2 games, but cycles in Shapley's (1964) 3×3 example.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.game import Game
from negotiation.numbers import format_numbers

__all__ = ["DynamicsResult", "fictitious_play"]


@dataclass(frozen=True)
class DynamicsResult:
    """A trajectory of mixed strategies.

    Attributes
    ----------
    times
        Round numbers.
    trajectories
        For each player, an array ``len(times) × n_moves`` of probabilities.
    seed
        The seed used (``None`` if nothing was random).
    """

    game: Game
    method: str
    times: np.ndarray
    trajectories: tuple[np.ndarray, ...]
    seed: int | None

    @property
    def final(self) -> tuple[tuple[float, ...], ...]:
        return tuple(tuple(float(p) for p in t[-1]) for t in self.trajectories)

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": self.method,
            "seed": self.seed,
            "final": {
                p: dict(zip(ms, f, strict=True))
                for p, ms, f in zip(g.players, g.moves, self.final, strict=True)
            },
            "steps": len(self.times),
        }

    def __str__(self) -> str:
        parts = [
            f"{p}: " + ", ".join(f"{m} {v}" for m, v in zip(ms, format_numbers(f), strict=True))
            for p, ms, f in zip(self.game.players, self.game.moves, self.final, strict=True)
        ]
        return f"{self.method} after {self.times[-1]:g}: " + "; ".join(parts)


def fictitious_play(
    game: Game,
    iterations: int = 1000,
    *,
    seed: int | None = 0,
    initial: tuple[int, int] | None = None,
) -> DynamicsResult:
    """Fictitious play in a two-player game; returns the empirical frequencies.

    Parameters
    ----------
    iterations
        Number of rounds after the initial one.
    seed
        Seeds the random tie-breaking and, if ``initial`` is None, the first moves.
    initial
        The first round's move indices.

    Examples
    --------
    In matching pennies the empirical frequencies approach 1/2–1/2 (Robinson 1951):

    >>> fp = fictitious_play(Game.zero_sum([[1, -1], [-1, 1]]), 2000, seed=1)
    >>> [round(p, 1) for p in fp.final[0]]
    [0.5, 0.5]
    """
    game._require_two_players()
    rng = np.random.default_rng(seed)
    a, b = game.matrices()
    m, n = a.shape
    counts = [np.zeros(m), np.zeros(n)]
    if initial is None:
        first = (int(rng.integers(m)), int(rng.integers(n)))
    else:
        first = (game.move_index(0, initial[0]), game.move_index(1, initial[1]))
    counts[0][first[0]] += 1
    counts[1][first[1]] += 1
    history_x = np.empty((iterations + 1, m))
    history_y = np.empty((iterations + 1, n))
    history_x[0], history_y[0] = counts[0], counts[1]
    for t in range(1, iterations + 1):
        row_values = a @ counts[1]
        col_values = counts[0] @ b
        rows = np.flatnonzero(
            row_values >= row_values.max() - 1e-12 * max(1.0, abs(row_values.max()))
        )
        cols = np.flatnonzero(
            col_values >= col_values.max() - 1e-12 * max(1.0, abs(col_values.max()))
        )
        counts[0][rows[rng.integers(len(rows))] if len(rows) > 1 else rows[0]] += 1
        counts[1][cols[rng.integers(len(cols))] if len(cols) > 1 else cols[0]] += 1
        history_x[t], history_y[t] = counts[0], counts[1]
    history_x /= history_x.sum(axis=1, keepdims=True)
    history_y /= history_y.sum(axis=1, keepdims=True)
    return DynamicsResult(
        game, "fictitious play", np.arange(iterations + 1), (history_x, history_y), seed
    )
