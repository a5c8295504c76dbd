"""Batch solvers over payoff tensors ``(N, n_players, *n_moves)``: N games at once.

Each function does with numpy over the sample axis what the exact solvers of
:mod:`negotiation.solvers` do for one game, and says per sample whether its float answer
can be trusted: a sample whose numbers sit within a tolerance of a tie (two moves paying
the same, a probability at zero, a move exactly indifferent) is flagged ``unsure``, and
:mod:`negotiation.whatif.engine` re-solves flagged samples on the exact path, so the
answers reported are the exact answers.

* :func:`best_responses` — for each player and each profile of the others, which moves
  are best (and whether the best is within tolerance of the second best).
* :func:`pure_equilibria` — cells where every player plays a best response.
* :func:`support_enumeration` — every Nash equilibrium of a nondegenerate two-player
  game: for each pair of equal-size supports solve the indifference equations and keep
  the solutions that are probabilities and best responses (Nash 1951; the algorithm as in
  Nisan et al. 2007, *Algorithmic Game Theory*, §3.3, and nashpy's
  ``support_enumeration``). A degenerate sample (a tie at some support) is flagged.
* :func:`pure_dominance` — iterated elimination of moves strictly dominated by another
  pure move (order does not matter for strict dominance; Osborne 2004, ch. 12).
* :func:`security_levels` — each player's pure maxmin.

Examples
--------
>>> import numpy as np
>>> pd = np.array([[[[3, 0], [5, 1]], [[3, 5], [0, 1]]]], dtype=float)  # prisoner's dilemma
>>> mask, unsure = pure_equilibria(pd)
>>> mask[0].astype(int).tolist(), bool(unsure[0])
([[0, 0], [0, 1]], False)
>>> bos = np.array([[[[2, 0], [0, 1]], [[1, 0], [0, 2]]]], dtype=float)
>>> sup = support_enumeration(bos)
>>> [s for s, found in zip(sup.supports, sup.equilibria[0]) if found]
[((0,), (0,)), ((1,), (1,)), ((0, 1), (0, 1))]
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

__all__ = [
    "MAX_SUPPORT_MOVES",
    "SupportEnumeration",
    "best_responses",
    "pure_dominance",
    "pure_equilibria",
    "security_levels",
    "support_enumeration",
    "tolerance",
]

#: support enumeration is used for two-player games with at most this many moves each
MAX_SUPPORT_MOVES = 6
#: relative tolerance under which two float payoffs count as a possible tie
RTOL = 1e-9


def tolerance(u: np.ndarray) -> np.ndarray:
    """Per-sample absolute tolerance ``RTOL · max(1, max |u|)``, shaped ``(N,)``."""
    return RTOL * np.maximum(1.0, np.abs(u.reshape(u.shape[0], -1)).max(axis=1))


def _bcast(t: np.ndarray, ndim: int) -> np.ndarray:
    return t.reshape((-1,) + (1,) * (ndim - 1))


def best_responses(u: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Best-response masks per player and the samples where a best response ties.

    Returns ``(masks, unsure)``: ``masks[i]`` is shaped ``(N, *n_moves)`` and true where
    player ``i``'s move is a best response to the others' moves in that cell.
    """
    n = u.shape[0]
    tol = tolerance(u)
    masks = []
    unsure = np.zeros(n, dtype=bool)
    for i in range(u.shape[1]):
        ui = u[:, i]
        best = ui.max(axis=1 + i, keepdims=True)
        near = ui >= best - _bcast(tol, ui.ndim)
        unsure |= (near.sum(axis=1 + i) > 1).reshape(n, -1).any(axis=1)
        masks.append(ui == best)
    return masks, unsure


def pure_equilibria(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pure Nash equilibria of N games: ``(mask (N, *n_moves), unsure (N,))``."""
    masks, unsure = best_responses(u)
    mask = masks[0].copy()
    for m in masks[1:]:
        mask &= m
    return mask, unsure


def security_levels(u: np.ndarray) -> np.ndarray:
    """Each player's pure security level (maxmin), shaped ``(N, n_players)``."""
    out = []
    for i in range(u.shape[1]):
        ui = np.moveaxis(u[:, i], 1 + i, 1).reshape(u.shape[0], u.shape[2 + i], -1)
        out.append(ui.min(axis=2).max(axis=1))
    return np.stack(out, axis=1)


def pure_dominance(u: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Moves left after iterated strict dominance by pure moves, for N games.

    Returns ``(remaining, unsure)`` with ``remaining[i]`` shaped ``(N, n_i)``.
    """
    n, k = u.shape[0], u.shape[1]
    shape = u.shape[2:]
    tol = tolerance(u)
    remaining = [np.ones((n, m), dtype=bool) for m in shape]
    unsure = np.zeros(n, dtype=bool)
    for _ in range(sum(shape)):
        changed = False
        for i in range(k):
            ui = np.moveaxis(u[:, i], 1 + i, 1).reshape(n, shape[i], -1)
            others = np.ones((n, 1), dtype=bool)
            for j in range(k):
                if j != i:
                    others = (others[:, :, None] & remaining[j][:, None, :]).reshape(n, -1)
            # diff[:, a, b] = min over the others' remaining profiles of u(b) - u(a)
            diff = np.where(
                others[:, None, None, :], ui[:, None, :, :] - ui[:, :, None, :], np.inf
            ).min(axis=3)
            live = remaining[i][:, :, None] & remaining[i][:, None, :]
            live &= ~np.eye(shape[i], dtype=bool)[None]
            unsure |= (live & (np.abs(diff) <= tol[:, None, None])).any(axis=(1, 2))
            gone = (live & (diff > tol[:, None, None])).any(axis=2)
            if gone.any():
                remaining[i] = remaining[i] & ~gone
                changed = True
        if not changed:
            break
    return remaining, unsure


@dataclass(frozen=True)
class SupportEnumeration:
    """Which support pairs are equilibria in each of N two-player games.

    ``supports[k]`` is ``(row moves, column moves)``; ``equilibria[:, k]`` says where that
    pair supports an equilibrium; ``unsure`` marks degenerate (or near-tie) samples.
    """

    supports: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    equilibria: np.ndarray
    unsure: np.ndarray


def support_pairs(m: int, n: int) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Equal-size support pairs, smallest first (pure profiles in row-major order first)."""
    return tuple(
        (rows, cols)
        for size in range(1, min(m, n) + 1)
        for rows in combinations(range(m), size)
        for cols in combinations(range(n), size)
    )


def _indifference(block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Solve ``block @ p = v·1, Σp = 1`` per sample: ``(p, v, singular, continuum)``.

    ``continuum`` marks singular systems that may still have solutions: every Cramer
    determinant (a column replaced by the right-hand side) vanishes too — exact when
    the matrix has corank one, and on the safe side (flagged) otherwise.
    """
    n, k, _ = block.shape
    mat = np.zeros((n, k + 1, k + 1))
    mat[:, :k, :k] = block
    mat[:, :k, k] = -1.0
    mat[:, k, :k] = 1.0
    rhs = np.zeros((n, k + 1))
    rhs[:, k] = 1.0
    scale = np.maximum(1.0, np.abs(block).reshape(n, -1).max(axis=1))
    eps = 1e-10 * scale ** max(k - 1, 0)
    det = np.linalg.det(mat)
    singular = np.abs(det) <= eps
    continuum = singular.copy()
    if singular.any():
        for j in range(k + 1):
            cramer = mat[singular].copy()
            cramer[:, :, j] = rhs[singular]
            continuum[singular] &= np.abs(np.linalg.det(cramer)) <= eps[singular]
    mat[singular] = np.eye(k + 1)
    z = np.linalg.solve(mat, rhs[..., None])[..., 0]
    return z[:, :k], z[:, k], singular, continuum


def support_enumeration(u: np.ndarray) -> SupportEnumeration:
    """All equilibria of N nondegenerate two-player games by support enumeration.

    A sample is ``unsure`` when some support pair is an equilibrium within tolerance but
    not strictly (a probability at 0, an outside move exactly as good), when a singular
    system might hide a continuum of equilibria, or when two pure moves tie as best
    responses: such games may be degenerate and are left to the exact solver.
    """
    n, _, m, k = u.shape
    a, b = u[:, 0], u[:, 1]
    tol = tolerance(u)
    pairs = support_pairs(m, k)
    found = np.zeros((n, len(pairs)), dtype=bool)
    _, unsure = best_responses(u)
    t = tol[:, None]
    for index, (rows, cols) in enumerate(pairs):
        r, c = list(rows), list(cols)
        y, v, sing_y, more_y = _indifference(a[:, r][:, :, c])
        x, w, sing_x, more_x = _indifference(np.swapaxes(b[:, r][:, :, c], 1, 2))
        row_pay = np.einsum("nij,nj->ni", a[:, :, c], y)  # every row against y
        col_pay = np.einsum("nij,ni->nj", b[:, r, :], x)  # every column against x
        out_r = np.ones(m, dtype=bool)
        out_r[r] = False
        out_c = np.ones(k, dtype=bool)
        out_c[c] = False
        gap_r = (v[:, None] - row_pay)[:, out_r]
        gap_c = (w[:, None] - col_pay)[:, out_c]
        strict = (
            (y > t).all(axis=1)
            & (x > t).all(axis=1)
            & (gap_r > t).all(axis=1)
            & (gap_c > t).all(axis=1)
        )
        loose = (
            (y >= -t).all(axis=1)
            & (x >= -t).all(axis=1)
            & (gap_r >= -t).all(axis=1)
            & (gap_c >= -t).all(axis=1)
        )
        singular = sing_x | sing_y
        found[:, index] = strict & ~singular
        unsure |= (loose & ~strict & ~singular) | more_x | more_y
    return SupportEnumeration(pairs, found, unsure)
