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
* :func:`dominance` — iterated elimination of moves strictly dominated by another
  pure move or by a mixture, as :func:`negotiation.solvers.iterated_dominance` does
  (order does not matter for strict dominance; Osborne 2004, ch. 12);
  :func:`pure_dominance` the pure-move part alone.
* :func:`security_levels` — each player's pure maxmin.

:func:`best_responses`, :func:`pure_equilibria` and :func:`dominance` also run as numba
kernels (:mod:`negotiation.whatif.batch_kernels`, identical answers) when ``jit=True``,
or by default for runs large enough (:func:`negotiation.jit.wanted`).

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
from types import ModuleType

import numpy as np

from negotiation import jit as switch

__all__ = [
    "MAX_SUPPORT_MOVES",
    "SupportEnumeration",
    "best_responses",
    "dominance",
    "pure_dominance",
    "pure_equilibria",
    "row_groups",
    "security_levels",
    "soa",
    "support_enumeration",
    "tolerance",
]

#: support enumeration is used for two-player games with at most this many moves each
MAX_SUPPORT_MOVES = 6
#: relative tolerance under which two float payoffs count as a possible tie
RTOL = 1e-9


def tolerance(u: np.ndarray) -> np.ndarray:
    """Per-sample absolute tolerance ``RTOL · max(1, max |u|)``, shaped ``(N,)``."""
    flat = soa(u).reshape(-1, u.shape[0])
    return RTOL * np.maximum(1.0, np.maximum(flat.max(axis=0), -flat.min(axis=0)))


def _bcast(t: np.ndarray, ndim: int) -> np.ndarray:
    return t.reshape((-1,) + (1,) * (ndim - 1))


def _kernels(n: int, jit: bool | None) -> ModuleType | None:
    """The kernel module if ``jit`` asks for it (``None``: :func:`negotiation.jit.wanted`).

    ``True`` uses the kernels whenever numba is installed and ``NEGOTIATION_JIT`` is not
    ``0`` (:func:`negotiation.jit.available`); ``False`` always uses numpy.
    """
    if not (switch.wanted(n) if jit is None else jit and switch.available()):
        return None
    from negotiation.whatif import batch_kernels

    return batch_kernels


def best_responses(
    u: np.ndarray, tol: np.ndarray | None = None, *, jit: bool | None = None
) -> tuple[list[np.ndarray], np.ndarray]:
    """Best-response masks per player and the samples where a best response ties.

    Returns ``(masks, unsure)``: ``masks[i]`` is shaped ``(N, *n_moves)`` and true where
    player ``i``'s move is a best response to the others' moves in that cell. ``jit``
    chooses the numba kernel or numpy (see :func:`_kernels`); the answers are the same.
    """
    n = u.shape[0]
    tol = tolerance(u) if tol is None else tol
    kernels = _kernels(n, jit)
    if kernels is not None:
        return kernels.best_responses(u, tol)
    ut = soa(u)
    masks = []
    unsure = np.zeros(n, dtype=bool)
    for i in range(u.shape[1]):
        ui = ut[i]
        best = ui.max(axis=i, keepdims=True)
        near = (ui >= best - tol).sum(axis=i) > 1
        unsure |= near.reshape(-1, n).any(axis=0)
        masks.append(np.moveaxis(ui == best, -1, 0))
    return masks, unsure


def pure_equilibria(
    u: np.ndarray, tol: np.ndarray | None = None, *, jit: bool | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Pure Nash equilibria of N games: ``(mask (N, *n_moves), unsure (N,))``.

    ``jit`` chooses the numba kernel or numpy (see :func:`_kernels`); the same answers.
    """
    kernels = _kernels(u.shape[0], jit)
    if kernels is not None:
        return kernels.pure_equilibria(u, tolerance(u) if tol is None else tol)
    masks, unsure = best_responses(u, tol, jit=False)
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


def soa(u: np.ndarray) -> np.ndarray:
    """``(N, k, *moves)`` as ``(k, *moves, N)``, contiguous: one ``(N,)`` row per payoff.

    Free (a view) for the payoffs of :meth:`CompiledScenario.evaluate`, which are stored
    this way; the batch solvers work on it so every numpy operation runs over long
    contiguous rows of samples instead of small strided axes.
    """
    return np.ascontiguousarray(np.moveaxis(u, 0, -1))


def pure_dominance(u: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Moves left after iterated strict dominance by pure moves only, for N games."""
    return dominance(u, mixed=False)


def dominance(
    u: np.ndarray,
    *,
    mixed: bool = True,
    tol: np.ndarray | None = None,
    jit: bool | None = None,
) -> tuple[list[np.ndarray], np.ndarray]:
    """Moves left after iterated strict dominance — by pure moves and by mixtures — for N games.

    The same elimination as :func:`negotiation.solvers.iterated_dominance` (strict
    dominance by a mixture is a small linear program there; Shoham and Leyton-Brown 2009,
    §4.5.1), for N games at once:

    * by pure moves: every pair of moves compared against every remaining profile of the
      others, all samples in one array operation;
    * by mixtures: a move can be strictly dominated by a mixture only if it is a best
      response to no remaining profile of the others (a best response against ``s``
      pays at least as much there as any mixture). Those few candidates get the LP's
      value ``max_σ min_s Σ_b σ_b (u(b, s) − u(a, s))`` by enumerating its vertices
      (equal-size sets of moves and binding profiles, each a small linear system solved
      for all candidate samples at once); the move is dominated iff the value is positive.

    Strict dominance removes the same moves in any order (Gilboa, Kalai and Zemel 1990),
    so all moves dominated in a round go at once. A sample is ``unsure`` (for the exact
    path) when some comparison is within :func:`tolerance` of a tie.

    Returns ``(remaining, unsure)`` with ``remaining[i]`` shaped ``(N, n_i)``. ``jit``
    chooses the numba kernel or numpy (see :func:`_kernels`); the kernel leaves the
    samples that need a mixture's linear program to this numpy code, so the answers are
    the same.

    >>> g = np.array([[[[3, 0], [1, 1], [0, 3]], [[1, 0], [0, 2], [0, 1]]]], dtype=float)
    >>> left, unsure = dominance(g)   # M is dominated by 1/2 T + 1/2 B only
    >>> left[0].astype(int).tolist(), left[1].astype(int).tolist(), bool(unsure[0])
    ([[1, 0, 1]], [[1, 1]], False)
    """
    n, k = u.shape[0], u.shape[1]
    shape = u.shape[2:]
    tol = tolerance(u) if tol is None else tol
    kernels = _kernels(n, jit)
    if kernels is not None:
        kept, flags, deferred = kernels.dominance(u, tol, mixed)
        if deferred.size:  # samples that need a mixture's LP: numpy's answers
            left, doubt = dominance(u[deferred], mixed=mixed, tol=tol[deferred], jit=False)
            for r, part in zip(kept, left, strict=True):
                r[deferred] = part
            flags[deferred] = doubt
        return kept, flags
    ut = soa(u)
    rows = [
        np.ascontiguousarray(np.moveaxis(ut[i], i, 0)).reshape(shape[i], -1, n) for i in range(k)
    ]
    remaining = [np.ones((m, n), dtype=bool) for m in shape]
    unsure = np.zeros(n, dtype=bool)
    # better[i][a, b, p]: u(b, p) > u(a, p) + tol, for every sample at once
    better = [rows[i][None, :] > (rows[i] + tol)[:, None] for i in range(k)]
    active = np.arange(n)  # a sample nothing left in a round is done
    for _ in range(sum(shape) + 1):
        changed = np.zeros(active.size, dtype=bool)
        whole = active.size == n
        for i in range(k):
            if shape[i] < 2:
                continue
            sub = [r if whole else r[:, active] for r in remaining]
            b_i = better[i] if whole else better[i][..., active]
            notworse = ~np.swapaxes(b_i, 0, 1)
            close = notworse & ~b_i
            others = _others_mask(sub, i, active.size)[None, None]  # (1, 1, P, A)
            own = sub[i]
            live = own[:, None] & own[None, :]
            live &= ~np.eye(shape[i], dtype=bool)[:, :, None]
            dom = (b_i | ~others).all(axis=2) & live  # b dominates a
            unsure[active] |= (
                live & (notworse | ~others).all(axis=2) & (close & others).any(axis=2)
            ).any(axis=(0, 1))
            gone = dom.any(axis=1)
            if gone.any():
                sub[i] = own & ~gone
                changed |= gone.any(axis=0)
            if mixed and shape[i] >= 3:
                rows_i = rows[i] if whole else rows[i][..., active]
                gone, doubt = _mixed_dominated(rows_i, b_i, close, sub, i, tol[active])
                unsure[active] |= doubt
                if gone.any():
                    sub[i] = sub[i] & ~gone
                    changed |= gone.any(axis=0)
            if whole:
                remaining[i] = sub[i]
            else:
                remaining[i][:, active] = sub[i]
        active = active[changed]
        if active.size == 0:
            break
    return [r.T.copy() for r in remaining], unsure


def _others_mask(remaining: list[np.ndarray], i: int, n: int) -> np.ndarray:
    """``(P, N)``: which profiles of the players other than ``i`` remain, row-major."""
    mask = np.ones((1, n), dtype=bool)
    for j, r in enumerate(remaining):
        if j != i:
            mask = (mask[:, None, :] & r[None, :, :]).reshape(-1, n)
    return mask


def _mixed_dominated(
    rows: np.ndarray,
    better: np.ndarray,
    close: np.ndarray,
    remaining: list[np.ndarray],
    i: int,
    tol: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Player ``i``'s remaining moves strictly dominated by a mixture: ``(gone (m, N), unsure (N,))``."""
    m, _, n = rows.shape
    own = remaining[i]
    gone = np.zeros((m, n), dtype=bool)
    unsure = np.zeros(n, dtype=bool)
    enough = np.flatnonzero(own.sum(axis=0) >= 3)
    if enough.size == 0:
        return gone, unsure
    own_e = own[:, enough]
    others = _others_mask([r[:, enough] for r in remaining], i, enough.size)  # (P, E)
    rival = own_e[None, :] & ~np.eye(m, dtype=bool)[:, :, None]  # (a, b, E)
    # a is a best response at p (within tolerance) unless some remaining b beats it there
    beaten = (better[..., enough] & rival[:, :, None]).any(axis=1)  # (a, P, E)
    near = (close[..., enough] & rival[:, :, None]).any(axis=1)
    br_loose = (~beaten & others[None]).any(axis=1)  # (a, E)
    br_sure = (~beaten & ~near & others[None]).any(axis=1)
    unsure[enough] = (own_e & br_loose & ~br_sure).any(axis=0)
    candidate = np.zeros((m, n), dtype=bool)
    candidate[:, enough] = own_e & ~br_loose
    if not candidate.any():
        return gone, unsure
    others = _others_mask(remaining, i, n)
    bits = np.concatenate([own, others], axis=0)
    for a in range(m):
        idx = np.flatnonzero(candidate[a])
        if idx.size == 0:
            continue
        patterns, inverse = np.unique(bits[:, idx], axis=1, return_inverse=True)
        inverse = inverse.reshape(-1)
        for g in range(patterns.shape[1]):
            sel = idx[inverse == g]
            moves = [b for b in np.flatnonzero(patterns[:m, g]) if b != a]
            profiles = np.flatnonzero(patterns[m:, g])
            diff = rows[moves][:, profiles][:, :, sel] - rows[a][profiles][:, sel][None]
            value = _maxmin_value(np.moveaxis(diff, -1, 0))  # (g,)
            t = tol[sel]
            gone[a, sel] = value > t
            unsure[sel] |= np.abs(value) <= t
    return gone, unsure


def _maxmin_value(d: np.ndarray) -> np.ndarray:
    """``max_σ min_s Σ_b σ_b d[:, b, s]`` over probability vectors σ, for each of G samples.

    The optimum of this linear program sits on a vertex: a support of ``q`` moves with
    ``q`` binding columns, where ``σ`` solves the indifference system. Every vertex is
    enumerated; each feasible ``σ`` (clipped to the simplex) gives a true lower bound
    ``min_s σ·d_s``, and the optimal vertex gives the value.
    """
    _g, kb, ks = d.shape
    best = d.min(axis=2).max(axis=1)  # pure σ
    for q in range(2, min(kb, ks) + 1):
        for b_sub in combinations(range(kb), q):
            for s_sub in combinations(range(ks), q):
                block = np.swapaxes(d[:, list(b_sub)][:, :, list(s_sub)], 1, 2)  # (G, s, b)
                sigma, _v, singular, _ = _indifference(block)
                ok = ~singular & (sigma >= -1e-9).all(axis=1)
                if not ok.any():
                    continue
                sigma = np.clip(sigma, 0.0, None)
                sigma /= np.where(ok, sigma.sum(axis=1), 1.0)[:, None]
                pay = np.einsum("gb,gbs->gs", sigma, d[:, list(b_sub)]).min(axis=1)
                best = np.where(ok, np.maximum(best, pay), best)
    return best


def row_groups(bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of an ``(N, w)`` bool array: ``(first index of each, inverse)``.

    Rows are packed into bytes and compared as one opaque value each (``np.unique`` over
    ``axis=0`` of bools sorts column by column and is far slower).
    """
    n = bits.shape[0]
    if n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    packed = np.packbits(bits.reshape(n, -1), axis=1)
    pad = (-packed.shape[1]) % 8
    if pad:
        packed = np.concatenate([packed, np.zeros((n, pad), dtype=np.uint8)], axis=1)
    packed = np.ascontiguousarray(packed)
    codes: np.ndarray = (
        packed.view(np.uint64).reshape(-1)
        if packed.shape[1] == 8
        else packed.view(np.dtype((np.void, packed.shape[1]))).reshape(-1)
    )
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    return first, inverse.reshape(-1)


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
