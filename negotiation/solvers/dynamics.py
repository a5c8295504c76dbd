"""Learning dynamics: fictitious play and (asymmetric) replicator dynamics.

These do not compute equilibria; they show how boundedly rational players might *reach*
one — or cycle forever. Both are seeded and reproducible.

* **Fictitious play** (Brown 1951, "Iterative solution of games by fictitious play";
  Fudenberg and Levine 1998, *The Theory of Learning in Games*, ch. 2): each round every
  player best-responds to the empirical frequencies of the other's past moves; ties are
  broken uniformly at random with the given seed. Converges in zero-sum games
  (Robinson 1951) and 2×2 games, but cycles in Shapley's (1964) 3×3 example.
* **Replicator dynamics** (Taylor and Jonker 1978; Weibull 1995, *Evolutionary Game
  Theory*, ch. 3 and §5.1 for the two-population form): the share of each move grows
  in proportion to how much better it does than the population average,
  ``ẋ_i = x_i((Ay)_i − xᵀAy)``, ``ẏ_j = y_j((xᵀB)_j − xᵀBy)`` (asymmetric, two
  populations) or ``ẋ_i = x_i((Ax)_i − xᵀAx)`` (symmetric, one population, needs
  ``B = Aᵀ``). Integrated with SciPy's ``solve_ivp`` (RK45).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from negotiation.errors import GameError
from negotiation.game import Game

__all__ = ["DynamicsResult", "fictitious_play", "replicator_dynamics"]


@dataclass(frozen=True)
class DynamicsResult:
    """A trajectory of mixed strategies.

    Attributes
    ----------
    times
        Round numbers (fictitious play) or integration times (replicator).
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
            f"{p}: " + ", ".join(f"{m} {v:.3f}" for m, v in zip(ms, f, strict=True))
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


def _interior(rng: np.random.Generator, k: int) -> np.ndarray:
    return rng.dirichlet(np.ones(k))


def replicator_dynamics(
    game: Game,
    *,
    kind: Literal["asymmetric", "symmetric"] = "asymmetric",
    t_max: float = 50.0,
    steps: int = 501,
    initial: Any = None,
    seed: int | None = 0,
) -> DynamicsResult:
    """Integrate the replicator dynamics from ``initial`` (or a seeded random interior point).

    Examples
    --------
    In the prisoner's dilemma defection takes over both populations:

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> result = replicator_dynamics(pd, initial=([0.9, 0.1], [0.9, 0.1]))
    >>> [round(p, 3) for p in result.final[0]]
    [0.0, 1.0]
    """
    from scipy.integrate import solve_ivp

    game._require_two_players()
    a, b = game.matrices()
    m, n = a.shape
    rng = np.random.default_rng(seed)
    times = np.linspace(0.0, t_max, steps)
    if kind == "symmetric":
        if m != n or not np.array_equal(game.exact[1], game.exact[0].T):
            raise GameError("symmetric replicator dynamics need a symmetric game (B = Aᵀ)")
        x0 = np.asarray(initial if initial is not None else _interior(rng, m), dtype=float)

        def field(_t: float, x: np.ndarray) -> np.ndarray:
            f = a @ x
            return x * (f - x @ f)

        sol = solve_ivp(field, (0.0, t_max), x0 / x0.sum(), t_eval=times, rtol=1e-8, atol=1e-10)
        xs = np.clip(sol.y.T, 0.0, None)
        xs /= xs.sum(axis=1, keepdims=True)
        return DynamicsResult(game, "symmetric replicator", sol.t, (xs, xs.copy()), seed)
    if kind != "asymmetric":
        raise GameError(f"kind must be 'asymmetric' or 'symmetric', not {kind!r}")
    if initial is None:
        x0, y0 = _interior(rng, m), _interior(rng, n)
    else:
        x0, y0 = (np.asarray(v, dtype=float) for v in initial)
    z0 = np.concatenate([x0 / x0.sum(), y0 / y0.sum()])

    def field2(_t: float, z: np.ndarray) -> np.ndarray:
        x, y = z[:m], z[m:]
        fx, fy = a @ y, x @ b
        return np.concatenate([x * (fx - x @ fx), y * (fy - y @ fy)])

    sol = solve_ivp(field2, (0.0, t_max), z0, t_eval=times, rtol=1e-8, atol=1e-10)
    traj = np.clip(sol.y.T, 0.0, None)
    xs = traj[:, :m] / traj[:, :m].sum(axis=1, keepdims=True)
    ys = traj[:, m:] / traj[:, m:].sum(axis=1, keepdims=True)
    return DynamicsResult(game, "asymmetric replicator", sol.t, (xs, ys), seed)
