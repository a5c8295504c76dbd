"""A finite-horizon Markov perfect equilibrium by backward induction on a state grid.

Maskin and Tirole (2001), "Markov perfect equilibrium I: observable actions", *Journal of
Economic Theory* 100(2): strategies depend on the payoff-relevant state only. With a
finite horizon of ``T`` years the equilibrium is found backwards (Fudenberg and Tirole
1991, *Game Theory*, §13.2):

1. ``V_T = 0`` after the horizon.
2. For ``t = T-1, …, 0`` and every grid state ``x``: for each action profile ``a`` move
   the state one year on (twelve monthly steps, :mod:`negotiation.dynamics.state`), read
   ``V_{t+1}`` there by simplicial (Kuhn-triangulation) interpolation between grid
   points (see :meth:`Grid.weights`), and form the one-period game
   ``Q_i(x, a) = u_i(x, a) + δ_i(x) V_{i,t+1}(x')``.
3. Solve that game at every state: its pure equilibria, found by comparing best
   responses (ties between equilibria go to the exporter's preferred, then the
   importer's); where none exists, an extreme mixed equilibrium from
   :func:`negotiation.solvers.enumeration.enumerate_equilibria`. ``V_{i,t}(x)`` is the
   chosen equilibrium's value.
4. **Check** (the one-shot deviation principle): at every state and period, no player
   gains more than the printed tolerance by changing its action for one period.

The equilibrium is that of the grid game: values between grid points are interpolated,
so it is exact on the grid (to the tolerance) and approximate between grid points.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.dynamics.game import (
    discount_factors,
    period_payoffs,
    profile_actions,
    profile_controls,
)
from negotiation.dynamics.load import TimelineModel
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.solvers.enumeration import enumerate_equilibria

__all__ = ["MAX_STATES", "MPE", "Grid", "solve_mpe", "solve_one_period"]

#: default bound on the grid size (states); a 20-year horizon on it solves in seconds
MAX_STATES = 20_000


class GridTooLargeError(NegotiationError):
    """The declared state grid is larger than the solver's bound."""


@dataclass(frozen=True, eq=False)
class Grid:
    """The declared state grid: points per state column, simplicial interpolation."""

    axes: tuple[np.ndarray, ...]
    names: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @classmethod
    def from_model(cls, model: TimelineModel) -> Grid:
        tr, spec = model.transition, model.spec
        n = tr.n_stages
        g = spec.grid
        x0 = tr.initial
        M = tr.capacity_limit

        def axis(points: int, lo: float, hi: float, start: float) -> np.ndarray:
            if points == 1 or hi <= lo:
                return np.array([start])
            return np.linspace(lo, hi, points)

        stock_hi = max(tr.target, float(x0[-1]), 1e-9)
        axes = [axis(g["capacity"], 0.0, M, float(x0[k])) for k in range(n)]
        axes += [axis(g["pipeline"], 0.0, M, float(x0[n + k])) for k in range(n)]
        axes += [
            axis(g["substitution"], 0.0, tr.sub_limit, float(x0[2 * n])),
            axis(g["urgency"], 0.0, 1.0, float(x0[2 * n + 1])),
            axis(g["stockpile"], 0.0, stock_hi, float(x0[2 * n + 2])),
        ]
        names = (
            [f"capacity.{s}" for s in tr.stages]
            + [f"pipeline.{s}" for s in tr.stages]
            + ["substitution", "urgency", "stockpile"]
        )
        return cls(tuple(axes), tuple(names))

    def points(self) -> np.ndarray:
        mesh = np.meshgrid(*self.axes, indexing="ij")
        return np.stack([m.ravel() for m in mesh], axis=1)

    def weights(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flat grid indices ``(N, d+1)`` and simplicial weights ``(N, d+1)`` of states ``X``.

        Kuhn's triangulation of each grid cell (Kuhn 1960; simplicial interpolation as in
        Munos and Moore 2002, "Variable resolution discretization in optimal control",
        *Machine Learning* 49): sort the state's fractional positions ``f`` within its
        cell in decreasing order; the simplex holding it has vertices ``v_0`` (the cell's
        lower corner) and ``v_j = v_{j-1} + e_{(j)}``, with weights ``1 − f_(1)``,
        ``f_(j) − f_(j+1)`` and ``f_(d)``. Piecewise linear, exact at grid points, weights
        non-negative and summing to one, and ``d + 1`` vertices instead of ``2^d``.
        """
        shape = self.shape
        strides = np.cumprod((1, *shape[::-1]))[:-1][::-1]
        N = X.shape[0]
        live = [k for k, a in enumerate(self.axes) if len(a) > 1]
        base = np.zeros(N, dtype=np.int64)
        fracs = np.zeros((N, len(live)))
        for j, k in enumerate(live):
            a = self.axes[k]
            pos = np.clip((X[:, k] - a[0]) / (a[-1] - a[0]) * (len(a) - 1), 0, len(a) - 1)
            lo = np.minimum(pos.astype(np.int64), len(a) - 2)
            fracs[:, j] = pos - lo
            base += lo * strides[k]
        order = np.argsort(-fracs, axis=1, kind="stable")
        f = np.take_along_axis(fracs, order, axis=1)
        steps = (
            np.asarray(strides, dtype=np.int64)[np.array(live, dtype=np.int64)][order]
            if live
            else order
        )
        idx = np.concatenate([base[:, None], base[:, None] + np.cumsum(steps, axis=1)], axis=1)
        ones = np.ones((N, 1))
        zeros = np.zeros((N, 1))
        upper = np.concatenate([ones, f], axis=1)
        lower = np.concatenate([f, zeros], axis=1)
        return idx, upper - lower

    def interpolate(self, values: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``values`` (shaped like the grid, or ``(m, *grid)``) at states ``X`` ``(N, W)``.

        >>> g = Grid((np.array([0.0, 1.0]), np.array([0.0, 1.0])), ("a", "b"))
        >>> v = np.array([[0.0, 1.0], [2.0, 3.0]])     # v = 2a + b, linear
        >>> g.interpolate(v, np.array([[0.25, 0.5], [1.0, 1.0]])).round(12).tolist()
        [1.0, 3.0]
        """
        return self.combine(values, *self.weights(X))

    def reader(self, X: np.ndarray) -> Any:
        """What :meth:`read` needs to read values at states ``X`` (the weights)."""
        return self.weights(X)

    def read(self, values: np.ndarray, reader: Any) -> np.ndarray:
        """``values`` ``(m, *grid)`` at the states a :meth:`reader` was made for, ``(m, N)``."""
        return self.combine(values.reshape(-1, *self.shape), *reader)

    def combine(self, values: np.ndarray, idx: np.ndarray, w: np.ndarray) -> np.ndarray:
        """``values`` read at precomputed :meth:`weights`."""
        flat = values.reshape(-1, self.size)
        out = np.einsum("pnk,nk->pn", flat[:, idx], w)
        return out[0] if values.ndim == len(self.shape) else out


@dataclass(frozen=True, eq=False)
class MPE:
    """A solved dynamic game: values, strategies and the deviation check.

    Attributes
    ----------
    years
        Horizon ``T``.
    grid
        The state grid.
    values
        ``(T+1, n_players, *grid.shape)``: ``values[t]`` is ``V_t`` (``values[T] = 0``).
    strategies
        Per period, per player, ``(N, A_i)`` probabilities of each action at each grid state.
    max_gain
        Largest gain of a one-period deviation found at any grid state and period.
    tolerance
        The tolerance the check used (``1e-9`` times the largest ``|Q|``, at least 1e-9).
    mixed_states
        How many (state, period) pairs needed a mixed equilibrium.
    """

    years: int
    grid: Grid
    values: np.ndarray
    strategies: tuple[tuple[np.ndarray, ...], ...]
    max_gain: float
    tolerance: float
    mixed_states: int

    @property
    def verified(self) -> bool:
        return self.max_gain <= self.tolerance


def _q_values(
    model: TimelineModel,
    X: np.ndarray,
    t: int,
    cont: np.ndarray | None,
    grid: Grid | None,
    cache: dict[object, Any] | None = None,
) -> np.ndarray:
    """``Q`` shaped ``(N, n_players, A_1, A_2)`` at states ``X`` in year ``t``.

    Next states depend on ``t`` only through which policy levers are still in force, so
    with a ``cache`` they (and their interpolation weights) are computed once per profile
    and lever signature."""
    if cache is not None and "base" in cache:
        Q0, delta = cache["base"]
        Q = Q0.copy()
    else:
        Q = period_payoffs(model, X)
        delta = discount_factors(model, X)
        if cache is not None:
            cache["base"] = (Q.copy(), delta)
    if cont is None or grid is None:
        return Q
    signature = model.transition.signature(float(t))
    profiles = profile_actions(model)
    # profiles that set the same controls (restriction, investment) move the state alike:
    # the next states and their continuation values are computed once per distinct control
    controls = np.array([profile_controls(model, prof)[:2] for prof in profiles])
    distinct, which = np.unique(controls, axis=0, return_inverse=True)
    which = which.reshape(-1)
    found = None if cache is None else cache.get(signature)
    if found is None:
        # every distinct control's next states in one vectorised run of the transition
        N = len(X)
        nxt = model.transition.advance(
            np.tile(X, (len(distinct), 1)),
            np.repeat(distinct[:, 0], N),
            np.repeat(distinct[:, 1], N),
            float(t),
        )
        found = [grid.reader(nxt[k * N : (k + 1) * N]) for k in range(len(distinct))]
        if cache is not None:
            cache[signature] = found
    values = [grid.read(cont, r) for r in found]  # per distinct control, (n_players, N)
    for k, profile in enumerate(profiles):
        v = values[which[k]]
        for i in range(len(model.players)):
            Q[(slice(None), i, *profile)] += delta[:, i] * v[i]
    return Q


def solve_one_period(
    Q: np.ndarray, exporter: int, importer: int
) -> tuple[list[np.ndarray], np.ndarray, float, int]:
    """Solve the two-player one-period games ``Q`` ``(N, 2, A_1, A_2)``.

    Returns the strategies ``[(N, A_1), (N, A_2)]``, the values ``(N, 2)``, the largest
    one-period deviation gain and the number of states needing a mixed equilibrium.
    """
    N, _, A1, A2 = Q.shape
    scale = max(1.0, float(np.max(np.abs(Q))))
    tol = 1e-9 * scale
    br0 = Q[:, 0] >= Q[:, 0].max(axis=1, keepdims=True) - tol
    br1 = Q[:, 1] >= Q[:, 1].max(axis=2, keepdims=True) - tol
    ne = br0 & br1
    score_e = np.where(ne, Q[:, exporter], -np.inf)
    best_e = score_e.reshape(N, -1).max(axis=1)
    cand = ne & (Q[:, exporter] >= best_e[:, None, None] - tol)
    score_i = np.where(cand, Q[:, importer], -np.inf).reshape(N, -1)
    pick = score_i.argmax(axis=1)
    s0 = np.zeros((N, A1))
    s1 = np.zeros((N, A2))
    rows, cols = np.unravel_index(pick, (A1, A2))
    s0[np.arange(N), rows] = 1.0
    s1[np.arange(N), cols] = 1.0
    has = ne.reshape(N, -1).any(axis=1)
    mixed = np.flatnonzero(~has)
    for k in mixed:
        p, q = _mixed(Q[k])
        s0[k], s1[k] = p, q
    values = np.stack(
        [np.einsum("na,nab,nb->n", s0, Q[:, i], s1) for i in range(2)],
        axis=1,
    )
    dev0 = np.einsum("nab,nb->na", Q[:, 0], s1).max(axis=1) - values[:, 0]
    dev1 = np.einsum("na,nab->nb", s0, Q[:, 1]).max(axis=1) - values[:, 1]
    gain = float(max(dev0.max(initial=0.0), dev1.max(initial=0.0)))
    return [s0, s1], values, gain, len(mixed)


def _mixed(Q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    def frac(v: float) -> Fraction:
        return Fraction(v).limit_denominator(10**9)

    A = [[frac(v) for v in row] for row in Q[0]]
    B = [[frac(v) for v in row] for row in Q[1]]
    eq = enumerate_equilibria(Game.from_matrices(A, B)).equilibria[0]
    return (
        np.array([float(p) for p in eq.strategies[0]]),
        np.array([float(p) for p in eq.strategies[1]]),
    )


def solve_mpe(model: TimelineModel, years: int, *, max_states: int = MAX_STATES) -> MPE:
    """The Markov perfect equilibrium of the dynamic game over ``years`` periods of a year.

    Raises
    ------
    GridTooLargeError
        Before any work, when the declared grid has more than ``max_states`` states.
    """
    if len(model.players) != 2:
        raise NegotiationError("the dynamic game is solved for two players")
    grid = Grid.from_model(model)
    if grid.size > max_states:
        key = max(model.spec.grid, key=lambda k: model.spec.grid[k])
        raise GridTooLargeError(
            f"the state grid has {grid.size:,} states ({' × '.join(map(str, grid.shape))}), "
            f"more than the {max_states:,} the solver allows — lower the points under 'grid:' in "
            f"{model.spec.path} (e.g. --set grid.{key}={max(1, model.spec.grid[key] // 2)})"
        )
    if years < 1:
        raise NegotiationError("the horizon must be at least one year")
    X = grid.points()
    n = len(model.players)
    values = np.zeros((years + 1, n, *grid.shape))
    strategies: list[tuple[np.ndarray, ...]] = [() for _ in range(years)]
    worst = 0.0
    tol = 0.0
    mixed = 0
    cache: dict[object, Any] = {}
    for t in range(years - 1, -1, -1):
        Q = _q_values(model, X, t, values[t + 1] if t + 1 < years else None, grid, cache)
        strat, vals, gain, m = solve_one_period(Q, model.exporter_index, model.importer_index)
        tol = max(tol, 1e-9 * max(1.0, float(np.max(np.abs(Q)))))
        worst = max(worst, gain)
        mixed += m
        strategies[t] = tuple(strat)
        for i in range(n):
            values[t, i] = vals[:, i].reshape(grid.shape)
    return MPE(years, grid, values, tuple(strategies), worst, tol, mixed)


def play_mpe(
    model: TimelineModel, mpe: MPE, x0: np.ndarray
) -> tuple[list[np.ndarray], list[tuple[np.ndarray, ...]], float]:
    """Follow the equilibrium from ``x0``: states at the start of each year, the strategies
    played (solved at the actual, off-grid, state) and the largest deviation gain on the path."""
    X = x0[None, :].copy()
    states = [X[0].copy()]
    played: list[tuple[np.ndarray, ...]] = []
    worst = 0.0
    for t in range(mpe.years):
        cont = mpe.values[t + 1] if t + 1 < mpe.years else None
        Q = _q_values(model, X, t, cont, mpe.grid)
        strat, _, gain, _ = solve_one_period(Q, model.exporter_index, model.importer_index)
        worst = max(worst, gain)
        played.append((strat[0][0], strat[1][0]))
        # the state moves under the most likely profile (pure in every case we ship)
        profile = (int(strat[0][0].argmax()), int(strat[1][0].argmax()))
        r, x, _ = profile_controls(model, profile)
        X = model.transition.advance(X, np.array([r]), np.array([x]), float(t))
        states.append(X[0].copy())
    return states, played, worst
