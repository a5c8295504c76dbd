"""The asymmetric Nash deal of N two-player games at once.

The same deal :func:`negotiation.bargaining.bargain` finds for one game, in floats:

* the **disagreement point** by the ``escalation`` rule of
  :func:`negotiation.bargaining.disagreement.disagreement_point` — the pure equilibrium with the most
  escalatory moves (the largest sum of move ranks scaled to [0, 1]), ties to the lower
  rescaled total payoff; games where the rule singles out none (it falls back to mixed
  security levels, a linear program) are left to the exact path;
* the **power** ``α_1 = r_2 / (r_1 + r_2)`` from the discount rates (Binmore, Rubinstein
  and Wolinsky 1986);
* the **deal** maximises ``(u_1 − d_1)^α (u_2 − d_2)^{1−α}`` over the convex hull of the
  outcomes (Nash 1950; Roth 1979 for the asymmetric form). The maximum of this
  Pareto-increasing function lies on a frontier edge, and every edge joins two
  outcomes, so it is the best over all segments between pairs of outcomes: on the line
  ``u_2 = c − s u_1`` (``s > 0``) the optimum is ``u_1 − d_1 = α (c − s d_1 − d_2) / s``,
  clipped to the segment.

The deal's **main outcome** is the outcome with the larger weight of the lottery. A
sample is flagged for the exact path when two candidates with different main outcomes
come within tolerance, when the weight is within tolerance of 1/2, when two outcomes
share one payoff point, or when no deal improves on the disagreement point for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation.whatif.batch import row_groups, tolerance

__all__ = ["BatchDeal", "escalation_disagreement", "nash_deal"]


@dataclass(frozen=True)
class BatchDeal:
    """``payoffs (N, 2)``, ``main (N,)`` flat cell index, ``disagreement (N, 2)``, ``unsure (N,)``."""

    payoffs: np.ndarray
    main: np.ndarray
    disagreement: np.ndarray
    unsure: np.ndarray


def escalation_disagreement(u: np.ndarray, eq_mask: np.ndarray, *, cells: bool = False) -> Any:
    """Disagreement payoffs ``(N, 2)`` by the escalation rule, and the unsure samples
    (with ``cells=True`` also the flat index of the equilibrium chosen)."""
    n, k = u.shape[0], u.shape[1]
    shape = u.shape[2:]
    flat = u.reshape(n, k, -1)
    rank = np.zeros(flat.shape[2])
    for cell, idx in enumerate(np.ndindex(*shape)):
        rank[cell] = sum(i / (m - 1) if m > 1 else 0.0 for i, m in zip(idx, shape, strict=True))
    lo = flat.min(axis=2, keepdims=True)
    span = flat.max(axis=2, keepdims=True) - lo
    span = np.where(span == 0, 1.0, span)
    welfare = ((flat - lo) / span).sum(axis=1)  # (N, cells)
    eqs = eq_mask.reshape(n, -1)
    esc = np.where(eqs, np.round(rank, 12)[None, :], -np.inf)
    top = esc.max(axis=1, keepdims=True)
    tied = eqs & (esc == top)
    w = np.where(tied, welfare, np.inf)
    best = w.argmin(axis=1)
    second = np.sort(w, axis=1)[:, 1] if w.shape[1] > 1 else np.full(n, np.inf)
    with np.errstate(invalid="ignore"):  # inf - inf where no cell ties: not a tie
        unsure = ~eqs.any(axis=1) | (np.abs(second - w[np.arange(n), best]) <= 1e-9)
    if cells:
        return flat[np.arange(n), :, best], unsure, best
    return flat[np.arange(n), :, best], unsure


def nash_deal(
    u: np.ndarray, d: np.ndarray, alpha: np.ndarray, d_cell: np.ndarray | None = None
) -> BatchDeal:
    """The asymmetric Nash deal of N two-player games (see the module doc).

    Only outcomes no other outcome weakly Pareto-dominates can be frontier vertices, so
    samples are grouped by that set and each group searches the segments between its
    own frontier candidates.
    """
    n = u.shape[0]
    pts = u.reshape(n, 2, -1).transpose(0, 2, 1)  # (N, K, 2)
    tol = tolerance(u)
    dominated = _pareto_dominated(u.reshape(n, 2, -1))
    payoffs = np.empty((n, 2))
    main = np.empty(n, dtype=np.int64)
    unsure = np.zeros(n, dtype=bool)
    first, inverse = row_groups(~dominated)
    for g, f in enumerate(first):
        idx = np.flatnonzero(inverse == g)
        cells = np.flatnonzero(~dominated[f])
        sub_pts = pts[idx][:, cells]
        sub = _deal(sub_pts, d[idx], alpha[idx], tol[idx])
        payoffs[idx] = sub.payoffs
        main[idx] = cells[sub.main]
        if d_cell is not None:
            # no deal improves on d for both and d is the only deal as good for both:
            # the deal is d itself, the disagreement outcome (as nash_bargaining decides)
            only = sub.only_d
            payoffs[idx[only]] = d[idx[only]]
            main[idx[only]] = d_cell[idx[only]]
        # two frontier outcomes with one payoff point: the lottery could name either
        gap = np.abs(sub_pts[:, :, None, :] - sub_pts[:, None, :, :]).max(axis=3)
        gap[:, np.arange(cells.size), np.arange(cells.size)] = np.inf
        unsure[idx] = (sub.unsure & ~(sub.only_d & (d_cell is not None))) | (
            gap <= tol[idx][:, None, None]
        ).any(axis=(1, 2))
    return BatchDeal(payoffs, main, d, unsure)


def _pareto_dominated(flat: np.ndarray) -> np.ndarray:
    """``(N, K)``: outcome ``b`` is weakly Pareto-dominated by another outcome ``a``
    (``a`` at least as good for both and better for one), for N two-player games.

    One pass per outcome ``a`` over rows of N contiguous samples (the payoffs' own
    structure-of-arrays layout), instead of an ``(N, K, K)`` array.
    """
    n, _, k = flat.shape
    x = np.ascontiguousarray(flat[:, 0].T)  # (K, N)
    y = np.ascontiguousarray(flat[:, 1].T)
    dominated = np.zeros((k, n), dtype=bool)
    for a in range(k):
        xa, ya = x[a], y[a]
        dominated |= (xa >= x) & (ya >= y) & ((xa > x) | (ya > y))
    return dominated.T


@dataclass(frozen=True)
class _GroupDeal(BatchDeal):
    only_d: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def _deal(pts: np.ndarray, d: np.ndarray, alpha: np.ndarray, tol: np.ndarray) -> _GroupDeal:
    n, k = pts.shape[0], pts.shape[1]
    a = alpha[:, None]
    i_idx, j_idx = np.triu_indices(k, 1)
    p, q = pts[:, i_idx], pts[:, j_idx]  # (N, P, 2)
    dx = q - p
    with np.errstate(all="ignore"):
        s = -dx[..., 1] / dx[..., 0]
        c = p[..., 1] + s * p[..., 0]
        g1 = a * (c - s * d[:, None, 0] - d[:, None, 1]) / s
        x1 = d[:, None, 0] + g1
        t = np.clip((x1 - p[..., 0]) / dx[..., 0], 0.0, 1.0)
    usable = (s > 0) & np.isfinite(s) & (dx[..., 0] != 0)
    t = np.where(usable, t, 0.0)
    cand = p + t[..., None] * dx  # (N, P, 2)
    # the outcomes themselves are candidates too (weight 1 on one cell)
    allc = np.concatenate([pts, cand], axis=1)
    weight_main = np.concatenate([np.zeros((n, k)), t], axis=1)
    main = np.concatenate(
        [np.broadcast_to(np.arange(k), (n, k)), np.where(t > 0.5, j_idx, i_idx)], axis=1
    )
    gains = allc - d[:, None, :]
    with np.errstate(all="ignore"):
        score = np.where(
            (gains > 0).all(axis=2),
            a * np.log(gains[..., 0]) + (1 - a) * np.log(gains[..., 1]),
            -np.inf,
        )
    best = score.argmax(axis=1)
    rows = np.arange(n)
    top = score[rows, best]
    chosen = main[rows, best]
    rival = np.where(main == chosen[:, None], -np.inf, score).max(axis=1)
    with np.errstate(invalid="ignore"):
        unsure = ~np.isfinite(top) | (top - rival <= 1e-9)
    w = weight_main[rows, best]
    unsure |= (best >= k) & (np.abs(w - 0.5) <= 1e-9)
    t_ = tol[:, None, None]
    feasible = (gains >= -t_).all(axis=2)
    at_d = (np.abs(gains) <= t_).all(axis=2)
    only_d = ~np.isfinite(top) & (feasible <= at_d).all(axis=1) & at_d.any(axis=1)
    return _GroupDeal(allc[rows, best], chosen, d, unsure, only_d)
