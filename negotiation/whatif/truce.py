"""The truce's critical discount factor for N two-player games at once.

The same number ``analyse`` reports (:func:`negotiation.repeated.folk.folk_analysis`
with Nash reversion, as :mod:`negotiation.workflows.analyse` calls it), per sample:
the target is the Nash deal's main outcome; for each player ``i``, ``R`` is its payoff
there, ``T`` its best payoff from deviating against the other's target move, ``P`` its
worst payoff over the stage game's equilibria (pure and mixed); the grim-trigger
threshold is ``δ_i = (T − R)/(T − P)`` (Friedman 1971; Fudenberg and Tirole 1991,
§5.1), ``0`` when deviating never pays (``T ≤ R``) and none when ``R ≤ P``; the
truce's critical δ is the larger of the two, and it is self-enforcing when each side's
per-round factor ``exp(−r_i Δ)`` reaches its own ``δ_i``.

A sample is flagged for the exact path when ``T − R``, ``R − P`` or a factor minus its
threshold is within tolerance of zero.

>>> pd = np.array([[[[9, 1], [10, 3]], [[9, 10], [1, 3]]]], dtype=float)
>>> out = critical_delta(pd, np.array([0]), np.array([[3.0, 3.0]]), np.array([[0.1, 0.5]]))
>>> round(float(out.delta[0]), 6), out.holds.tolist()   # (T - R)/(T - P) = 1/7
(0.142857, [[False, True]])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.whatif.batch import _indifference, tolerance

__all__ = ["BatchTruce", "critical_delta", "worst_equilibrium_payoffs"]


@dataclass(frozen=True)
class BatchTruce:
    """``delta (N,)`` the critical δ (NaN: no δ < 1 suffices), ``per_player (N, 2)``,
    ``holds (N, 2)`` each side's factor reaches its δ, ``unsure (N,)``."""

    delta: np.ndarray
    per_player: np.ndarray
    holds: np.ndarray
    unsure: np.ndarray


def worst_equilibrium_payoffs(
    u: np.ndarray, supports: list[tuple[tuple[int, ...], tuple[int, ...]]]
) -> np.ndarray:
    """Each player's lowest payoff over the given equilibria (support pairs), ``(N, 2)``.

    Every sample of ``u`` has these equilibria; a mixed one's payoffs are the values of
    its indifference equations (the row player's ``v`` with ``A[r, c] y = v``).
    """
    n = u.shape[0]
    worst = np.full((n, 2), np.inf)
    a, b = u[:, 0], u[:, 1]
    for rows, cols in supports:
        r, c = list(rows), list(cols)
        if len(r) == 1 and len(c) == 1:
            pay = u[:, :, r[0], c[0]]
        else:
            _y, v, _s, _m = _indifference(a[:, r][:, :, c])
            _x, w, _s2, _m2 = _indifference(np.swapaxes(b[:, r][:, :, c], 1, 2))
            pay = np.stack([v, w], axis=1)
        worst = np.minimum(worst, pay)
    return worst


def critical_delta(
    u: np.ndarray, target: np.ndarray, worst: np.ndarray, factors: np.ndarray
) -> BatchTruce:
    """The truce's critical δ at flat cell ``target`` (see the module doc).

    Parameters
    ----------
    u
        ``(N, 2, m, k)`` payoffs.
    target
        ``(N,)`` flat index of the target cell (the deal's main outcome).
    worst
        ``(N, 2)`` each player's worst stage-equilibrium payoff (the punishment).
    factors
        ``(N, 2)`` per-round discount factors.
    """
    n, _, m, k = u.shape
    tol = tolerance(u)
    rows = np.arange(n)
    tr, tc = np.unravel_index(target, (m, k))
    r = u[rows, :, tr, tc]  # (N, 2)
    own_row = np.arange(m)[None, :] == tr[:, None]
    own_col = np.arange(k)[None, :] == tc[:, None]
    # the best deviation to another move (T is the larger of it and R)
    other = np.stack(
        [
            np.where(own_row, -np.inf, u[rows, 0, :, tc]).max(axis=1),
            np.where(own_col, -np.inf, u[rows, 1, tr, :]).max(axis=1),
        ],
        axis=1,
    )
    t = np.maximum(other, r)
    p = worst
    with np.errstate(all="ignore"):
        grim = (t - r) / (t - p)
    none = (r <= p) & (t > r)
    per = np.where(t <= r, 0.0, np.where(none, np.nan, grim))
    delta = np.where(
        np.isnan(per).any(axis=1), np.nan, np.where(np.isnan(per), -1.0, per).max(axis=1)
    )
    holds = ~np.isnan(per) & (factors >= per)
    t_ = tol[:, None]
    gap = np.abs(r - p)
    unsure = (
        (np.abs(other - r) <= t_)
        | ((gap <= t_) & (gap > 0))
        | (~np.isnan(per) & (np.abs(factors - per) <= 1e-9))
    ).any(axis=1)
    return BatchTruce(delta, per, holds, unsure)
