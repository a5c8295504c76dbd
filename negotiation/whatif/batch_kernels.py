"""numba kernels of the batch solvers: best responses, pure equilibria, iterated dominance.

The same arithmetic as the numpy functions of :mod:`negotiation.whatif.batch`, done
sample by sample in one compiled pass (samples in the outer loop, the small game in the
inner loops) instead of one array operation per comparison over all samples. Every
comparison is the numpy code's own float expression (``u(b, p) > u(a, p) + tol``,
``u >= best - tol``, ``u == best``), so the masks, the moves left and the ``unsure``
flags are **identical** to numpy's, element by element (tests compare them on many
samples, ties included).

Any number of players and moves: a game is flattened to ``(player, cell, sample)``
(cells in row-major order) and an index table ``cells[i, a, p]`` gives the cell where
player ``i`` plays ``a`` against the ``p``-th profile of the others (row-major over the
other players in order), as :func:`negotiation.whatif.batch.dominance` numbers them.

Dominance by a mixture needs the vertex enumeration of
:func:`negotiation.whatif.batch._maxmin_value`, whose values come from LAPACK
(``np.linalg.det`` and ``np.linalg.solve``); a hand-written small solve would not round
the same way, so a sample that reaches that step — a player with at least three moves
left of which one is a best response to no remaining profile of the others — is
**deferred**: the kernel marks it and the caller runs the numpy code on those samples.
On the default scenario no sample gets that far (pure dominance leaves one move each).

This module imports numba at the top; it is imported only inside functions (numba is an
optional extra and costs about a second to import), see :mod:`negotiation.jit`.

>>> import numpy as np
>>> from negotiation.whatif import batch
>>> pd = np.array([[[[3, 0], [5, 1]], [[3, 5], [0, 1]]]], dtype=float)
>>> mask, unsure = pure_equilibria(pd, batch.tolerance(pd))
>>> mask[0].astype(int).tolist(), bool(unsure[0])
([[0, 0], [0, 1]], False)
"""

from __future__ import annotations

from functools import lru_cache

import numba
import numpy as np

__all__ = ["BLOCK", "best_responses", "dominance", "layout", "pure_equilibria"]

#: samples a kernel takes at a time: the game's small loops outside, the block's samples
#: in the innermost loop (contiguous runs of the ``(k · cells, N)`` payoffs, no branches,
#: so the compiler vectorises them); a block's rows and work arrays stay in the L2 cache
BLOCK = 512


@lru_cache(maxsize=64)
def layout(shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Index tables of a game with ``shape`` moves per player, for the kernels (read-only).

    Returns ``(moves, profiles, cells, others)``: the moves of each player and the number
    of profiles of the others; ``cells[i, a, p]``, the row of ``(player, cell)`` (``i ·
    cells + cell``, cells row-major) where player ``i`` plays ``a`` against the others'
    profile ``p``; and ``others[i, p, j]``, player ``j``'s move in that profile (``-1`` for
    ``j = i``). Unused entries are 0.

    >>> moves, profiles, cells, others = layout((2, 3))
    >>> profiles.tolist(), cells[1, 2, :2].tolist(), others[1, 1].tolist()
    ([3, 2], [8, 11], [1, -1])
    """
    k = len(shape)
    moves = np.asarray(shape, dtype=np.int64)
    grid = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    profiles = np.array([grid.size // shape[i] for i in range(k)], dtype=np.int64)
    cells = np.zeros((k, max(shape), int(profiles.max())), dtype=np.int64)
    others = np.zeros((k, int(profiles.max()), k), dtype=np.int64)
    cell_moves = np.stack(np.unravel_index(np.arange(grid.size), shape), axis=1)
    for i in range(k):
        own = np.moveaxis(grid, i, 0).reshape(shape[i], -1)
        cells[i, : shape[i], : own.shape[1]] = i * grid.size + own
        others[i, : own.shape[1]] = cell_moves[own[0]]
        others[i, :, i] = -1
    for table in (moves, profiles, cells, others):
        table.flags.writeable = False
    return moves, profiles, cells, others


def _flat(u: np.ndarray) -> np.ndarray:
    """``(N, k, *moves)`` as the contiguous ``(k · cells, N)`` the kernels read (free for SoA)."""
    n = u.shape[0]
    return np.ascontiguousarray(np.moveaxis(u, 0, -1), dtype=np.float64).reshape(-1, n)


def _tol(tol: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(tol, dtype=np.float64)


def best_responses(u: np.ndarray, tol: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """:func:`negotiation.whatif.batch.best_responses` by a kernel (same masks and flags)."""
    n, k, shape = u.shape[0], u.shape[1], u.shape[2:]
    moves, profiles, cells, _ = layout(tuple(shape))
    out = np.empty((k * int(np.prod(shape)), n), dtype=np.bool_)
    unsure = np.zeros(n, dtype=np.bool_)
    _best_responses(_flat(u), _tol(tol), moves, profiles, cells, out, unsure)
    masks = out.reshape((k, *shape, n))
    return [np.moveaxis(masks[i], -1, 0) for i in range(k)], unsure


def pure_equilibria(u: np.ndarray, tol: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`negotiation.whatif.batch.pure_equilibria` by a kernel (same mask and flags)."""
    n, shape = u.shape[0], u.shape[2:]
    moves, profiles, cells, _ = layout(tuple(shape))
    mask = np.empty((n, int(np.prod(shape))), dtype=np.bool_)
    unsure = np.zeros(n, dtype=np.bool_)
    _pure_equilibria(_flat(u), _tol(tol), moves, profiles, cells, mask, unsure)
    return mask.reshape((n, *shape)), unsure


def dominance(
    u: np.ndarray, tol: np.ndarray, mixed: bool
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """:func:`negotiation.whatif.batch.dominance` by a kernel: ``(remaining, unsure, deferred)``.

    ``deferred`` lists the samples that reached dominance by a mixture (see the module
    doc), or all of them in a game where a player has more than 64 moves or its others
    more than 64 profiles; their ``remaining`` and ``unsure`` are to be taken from the
    numpy code.
    """
    n, k, shape = u.shape[0], u.shape[1], u.shape[2:]
    moves, profiles, cells, others = layout(tuple(shape))
    left = np.ones((n, k, max(shape)), dtype=np.bool_)
    unsure = np.zeros(n, dtype=np.bool_)
    deferred = np.ones(n, dtype=np.bool_)
    if max(shape) <= 64 and profiles.max() <= 64 and n:
        _dominance(_flat(u), _tol(tol), moves, profiles, cells, others, bool(mixed), left,
                   unsure, deferred)  # fmt: skip
    remaining = [np.ascontiguousarray(left[:, i, : shape[i]]) for i in range(k)]
    return remaining, unsure, np.flatnonzero(deferred)


@numba.njit(cache=True)
def _column_best(u, cells, i, m, p, n0, nb, best):
    """Player ``i``'s best payoff against profile ``p`` as ``ndarray.max`` gives it (NaN wins)."""
    c = cells[i, 0, p]
    for j in range(nb):
        best[j] = u[c, n0 + j]
    for a in range(1, m):
        c = cells[i, a, p]
        for j in range(nb):
            v = u[c, n0 + j]
            b = best[j]
            best[j] = v if (v > b or v != v) else b


@numba.njit(cache=True)
def _best_responses(u, tol, moves, profiles, cells, out, unsure):
    size = u.shape[1]
    best = np.empty(BLOCK)
    low = np.empty(BLOCK)
    near = np.empty(BLOCK, dtype=np.int64)
    doubt = np.empty(BLOCK, dtype=np.bool_)
    for n0 in range(0, size, BLOCK):
        nb = min(BLOCK, size - n0)
        doubt[:nb] = False
        for i in range(moves.size):
            m = moves[i]
            for p in range(profiles[i]):
                _column_best(u, cells, i, m, p, n0, nb, best)
                for j in range(nb):
                    low[j] = best[j] - tol[n0 + j]
                    near[j] = 0
                for a in range(m):
                    c = cells[i, a, p]
                    for j in range(nb):
                        v = u[c, n0 + j]
                        near[j] += v >= low[j]
                        out[c, n0 + j] = v == best[j]
                for j in range(nb):
                    doubt[j] |= near[j] > 1
        for j in range(nb):
            unsure[n0 + j] = doubt[j]


@numba.njit(cache=True)
def _pure_equilibria(u, tol, moves, profiles, cells, mask, unsure):
    size = u.shape[1]
    width = mask.shape[1]
    best = np.empty(BLOCK)
    low = np.empty(BLOCK)
    near = np.empty(BLOCK, dtype=np.int64)
    doubt = np.empty(BLOCK, dtype=np.bool_)
    hit = np.empty((width, BLOCK), dtype=np.bool_)
    for n0 in range(0, size, BLOCK):
        nb = min(BLOCK, size - n0)
        doubt[:nb] = False
        hit[:, :nb] = True
        for i in range(moves.size):
            m = moves[i]
            for p in range(profiles[i]):
                _column_best(u, cells, i, m, p, n0, nb, best)
                for j in range(nb):
                    low[j] = best[j] - tol[n0 + j]
                    near[j] = 0
                for a in range(m):
                    c = cells[i, a, p]
                    h = hit[c - i * width]
                    for j in range(nb):
                        v = u[c, n0 + j]
                        near[j] += v >= low[j]
                        h[j] &= v == best[j]
                for j in range(nb):
                    doubt[j] |= near[j] > 1
        for j in range(nb):
            unsure[n0 + j] = doubt[j]
            for c in range(width):
                mask[n0 + j, c] = hit[c, j]


@numba.njit(cache=True)
def _dominance(u, tol, moves, profiles, cells, others, mixed, left, unsure, deferred):
    """Iterated dominance: the comparisons a block at a time, then each sample's rounds.

    ``up[j, (i · w + a) · w + b]`` holds, one bit per profile ``p`` of the others, whether
    ``u(b, p) > u(a, p) + tol`` (so the ``(b, a)`` row is numpy's "a beats b"): computed
    once per sample, the block's samples in the innermost loop; a round then only ands
    and ors those bits with the profiles still live. At most 64 profiles of the others
    and 64 moves per player (:func:`dominance` defers larger games whole).
    """
    size = u.shape[1]
    k = moves.size
    width = left.shape[2]
    rounds = 1
    for i in range(k):
        rounds += moves[i]
    block = min(BLOCK, size)
    up = np.zeros((block, k * width * width), dtype=np.uint64)  # sample-major: one row a game
    acc = np.zeros(block, dtype=np.uint64)
    # prof[i, jj, mv]: the profiles of i's others where player jj plays mv; full[i]: all
    prof = np.zeros((k, k, width), dtype=np.uint64)
    full = np.zeros(k, dtype=np.uint64)
    bit = np.zeros(64, dtype=np.uint64)
    for b in range(64):
        bit[b] = np.uint64(1) << np.uint64(b)
    for i in range(k):
        for p in range(profiles[i]):
            full[i] |= bit[p]
            for jj in range(k):
                if jj != i:
                    prof[i, jj, others[i, p, jj]] |= bit[p]
    rem = np.empty(k, dtype=np.uint64)
    for n0 in range(0, size, BLOCK):
        nb = min(BLOCK, size - n0)
        t = tol[n0 : n0 + nb]
        for i in range(k):
            for a in range(moves[i]):
                for b in range(moves[i]):
                    if b == a:
                        continue
                    acc[:nb] = 0
                    for p in range(profiles[i]):
                        ua = u[cells[i, a, p], n0 : n0 + nb]
                        ub = u[cells[i, b, p], n0 : n0 + nb]
                        shift = np.uint64(p)
                        for j in range(nb):
                            acc[j] |= np.uint64(ub[j] > ua[j] + t[j]) << shift
                    pair = (i * width + a) * width + b
                    for j in range(nb):
                        up[j, pair] = acc[j]
        for j in range(nb):
            n = n0 + j
            for i in range(k):
                rem[i] = 0
                for a in range(moves[i]):
                    rem[i] |= bit[a]
            unsure[n], deferred[n] = _eliminate(up[j], moves, prof, full, bit, mixed, rounds, rem)
            for i in range(k):
                for a in range(width):
                    left[n, i, a] = (rem[i] & bit[a]) != 0


@numba.njit(cache=True)
def _eliminate(up, moves, prof, full, bit, mixed, rounds, rem):
    """One sample's iterated dominance, in place on ``rem``: ``(unsure, deferred)``.

    Rounds as :func:`negotiation.whatif.batch.dominance` runs them: players in order,
    each seeing the moves the players before it lost in the same round; all of a
    player's dominated moves go at once; the last round is the first that removes none.
    For a pair ``(a, b)`` of remaining moves numpy's flag is "``b`` nowhere worse beyond
    the tolerance, and somewhere within it": with ``b`` nowhere worse, that is ``b`` not
    better everywhere, i.e. not dominating.
    """
    k = moves.size
    width = prof.shape[2]
    zero = np.uint64(0)
    doubt = False
    for _ in range(rounds):
        changed = False
        for i in range(k):
            m = moves[i]
            if m < 2:
                continue
            live = full[i]
            for jj in range(k):
                if jj != i:
                    seen = zero
                    for mv in range(moves[jj]):
                        if rem[jj] & bit[mv]:
                            seen |= prof[i, jj, mv]
                    live &= seen
            own = rem[i]
            base = i * width * width
            # by pure moves: b dominates a if better by more than the tolerance at every live profile
            gone = zero
            for a in range(m):
                if not own & bit[a]:
                    continue
                for b in range(m):
                    if b == a or not own & bit[b]:
                        continue
                    if up[base + b * width + a] & live:
                        continue  # a beats b somewhere: no dominance, no near tie
                    if up[base + a * width + b] & live == live:
                        gone |= bit[a]
                    else:
                        doubt = True
            if gone:
                changed = True
                own &= ~gone
                rem[i] = own
            if not mixed or m < 3:
                continue
            count = 0
            for a in range(m):
                if own & bit[a]:
                    count += 1
            if count < 3:
                continue
            # by mixtures: only a move that is a best response to no live profile
            candidate = False
            for a in range(m):
                if not own & bit[a]:
                    continue
                beaten = zero
                near = zero
                for b in range(m):
                    if b == a or not own & bit[b]:
                        continue
                    ab = up[base + a * width + b]
                    beaten |= ab
                    near |= ~(ab | up[base + b * width + a])
                free = live & ~beaten
                if free and not free & ~near:
                    doubt = True
                if not free:
                    candidate = True
            if candidate:
                return doubt, True
        if not changed:
            break
    return doubt, False
