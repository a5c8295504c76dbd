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

import numba
import numpy as np

__all__ = ["best_responses", "dominance", "layout", "pure_equilibria"]


def layout(shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Index tables of a game with ``shape`` moves per player.

    Returns ``(moves, profiles, cells, cell_moves)``: moves and profiles of the others per
    player, ``cells[i, a, p]`` (padded with 0) and ``cell_moves[c, j]``, player ``j``'s move
    in cell ``c``.

    >>> moves, profiles, cells, cell_moves = layout((2, 3))
    >>> cells[1, 2, :2].tolist(), cell_moves[5].tolist()
    ([2, 5], [1, 2])
    """
    k = len(shape)
    moves = np.asarray(shape, dtype=np.int64)
    grid = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    profiles = np.array([grid.size // shape[i] for i in range(k)], dtype=np.int64)
    cells = np.zeros((k, max(shape), int(profiles.max())), dtype=np.int64)
    for i in range(k):
        own = np.moveaxis(grid, i, 0).reshape(shape[i], -1)
        cells[i, : shape[i], : own.shape[1]] = own
    cell_moves = np.stack(np.unravel_index(np.arange(grid.size), shape), axis=1).astype(np.int64)
    return moves, profiles, cells, cell_moves


def _flat(u: np.ndarray) -> np.ndarray:
    """``(N, k, *moves)`` as the contiguous ``(k, cells, N)`` the kernels read."""
    n, k = u.shape[0], u.shape[1]
    return np.ascontiguousarray(np.moveaxis(u, 0, -1), dtype=np.float64).reshape(k, -1, n)


def best_responses(u: np.ndarray, tol: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """:func:`negotiation.whatif.batch.best_responses` by a kernel (same masks and flags)."""
    n, k, shape = u.shape[0], u.shape[1], u.shape[2:]
    moves, profiles, cells, _ = layout(shape)
    out = np.empty((k, int(np.prod(shape)), n), dtype=np.bool_)
    unsure = np.zeros(n, dtype=np.bool_)
    _best_responses(_flat(u), np.ascontiguousarray(tol, dtype=np.float64), moves, profiles,
                    cells, out, unsure)  # fmt: skip
    masks = out.reshape((k, *shape, n))
    return [np.moveaxis(masks[i], -1, 0) for i in range(k)], unsure


def pure_equilibria(u: np.ndarray, tol: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`negotiation.whatif.batch.pure_equilibria` by a kernel (same mask and flags)."""
    n, shape = u.shape[0], u.shape[2:]
    moves, profiles, cells, _ = layout(shape)
    mask = np.empty((n, int(np.prod(shape))), dtype=np.bool_)
    unsure = np.zeros(n, dtype=np.bool_)
    _pure_equilibria(_flat(u), np.ascontiguousarray(tol, dtype=np.float64), moves, profiles,
                     cells, mask, unsure)  # fmt: skip
    return mask.reshape((n, *shape)), unsure


def dominance(
    u: np.ndarray, tol: np.ndarray, mixed: bool
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """:func:`negotiation.whatif.batch.dominance` by a kernel: ``(remaining, unsure, deferred)``.

    ``deferred`` lists the samples that reached dominance by a mixture (see the module
    doc); their ``remaining`` and ``unsure`` are to be taken from the numpy code.
    """
    n, k, shape = u.shape[0], u.shape[1], u.shape[2:]
    moves, profiles, cells, cell_moves = layout(shape)
    left = np.empty((n, k, max(shape)), dtype=np.bool_)
    unsure = np.zeros(n, dtype=np.bool_)
    deferred = np.zeros(n, dtype=np.bool_)
    _dominance(_flat(u), np.ascontiguousarray(tol, dtype=np.float64), moves, profiles, cells,
               cell_moves, bool(mixed), left, unsure, deferred)  # fmt: skip
    remaining = [np.ascontiguousarray(left[:, i, : shape[i]]) for i in range(k)]
    return remaining, unsure, np.flatnonzero(deferred)


@numba.njit(cache=True)
def _column_best(u, i, cells, m, p, n):  # type: ignore[no-untyped-def]
    """Player ``i``'s best payoff against profile ``p`` as ``ndarray.max`` gives it."""
    best = u[i, cells[i, 0, p], n]
    for a in range(1, m):
        v = u[i, cells[i, a, p], n]
        if v > best or np.isnan(v):
            best = v
    return best


@numba.njit(cache=True)
def _best_responses(u, tol, moves, profiles, cells, out, unsure):  # type: ignore[no-untyped-def]
    k, _, size = u.shape
    for n in range(size):
        t = tol[n]
        doubt = False
        for i in range(k):
            m = moves[i]
            for p in range(profiles[i]):
                best = _column_best(u, i, cells, m, p, n)
                low = best - t
                near = 0
                for a in range(m):
                    v = u[i, cells[i, a, p], n]
                    if v >= low:
                        near += 1
                    out[i, cells[i, a, p], n] = v == best
                if near > 1:
                    doubt = True
        unsure[n] = doubt


@numba.njit(cache=True)
def _pure_equilibria(u, tol, moves, profiles, cells, mask, unsure):  # type: ignore[no-untyped-def]
    k, _, size = u.shape
    for n in range(size):
        t = tol[n]
        doubt = False
        mask[n, :] = True
        for i in range(k):
            m = moves[i]
            for p in range(profiles[i]):
                best = _column_best(u, i, cells, m, p, n)
                low = best - t
                near = 0
                for a in range(m):
                    c = cells[i, a, p]
                    v = u[i, c, n]
                    if v >= low:
                        near += 1
                    if not v == best:
                        mask[n, c] = False
                if near > 1:
                    doubt = True
        unsure[n] = doubt


@numba.njit(cache=True)
def _dominance(  # type: ignore[no-untyped-def]
    u, tol, moves, profiles, cells, cell_moves, mixed, left, unsure, deferred
):
    k, _, size = u.shape
    width = left.shape[2]
    depth = cells.shape[2]
    rounds = 1
    for i in range(k):
        rounds += moves[i]
    live = np.empty(depth, dtype=np.bool_)  # which profiles of the others remain
    gone = np.empty(width, dtype=np.bool_)
    beaten = np.empty((width, depth), dtype=np.bool_)
    near = np.empty((width, depth), dtype=np.bool_)
    for n in range(size):
        t = tol[n]
        rem = left[n]
        rem[:, :] = False
        for i in range(k):
            rem[i, : moves[i]] = True
        doubt = False
        defer = False
        for _ in range(rounds):
            changed = False
            for i in range(k):
                m = moves[i]
                if m < 2:
                    continue
                np_ = profiles[i]
                for p in range(np_):
                    c = cells[i, 0, p]
                    ok = True
                    for j in range(k):
                        if j != i and not rem[j, cell_moves[c, j]]:
                            ok = False
                            break
                    live[p] = ok
                # by pure moves: b dominates a if better against every remaining profile
                any_gone = False
                for a in range(m):
                    gone[a] = False
                    if not rem[i, a]:
                        continue
                    for b in range(m):
                        if b == a or not rem[i, b]:
                            continue
                        dom = True
                        notworse = True
                        close = False
                        for p in range(np_):
                            if not live[p]:
                                continue
                            ua = u[i, cells[i, a, p], n]
                            ub = u[i, cells[i, b, p], n]
                            up = ub > ua + t
                            down = ua > ub + t
                            if not up:
                                dom = False
                            if down:
                                notworse = False
                            if not up and not down:
                                close = True
                        if notworse and close:
                            doubt = True
                        if dom:
                            gone[a] = True
                    if gone[a]:
                        any_gone = True
                if any_gone:
                    changed = True
                    for a in range(m):
                        if gone[a]:
                            rem[i, a] = False
                if not mixed or m < 3:
                    continue
                count = 0
                for a in range(m):
                    if rem[i, a]:
                        count += 1
                if count < 3:
                    continue
                # by mixtures: only a move that is a best response to no remaining profile
                for a in range(m):
                    if not rem[i, a]:
                        continue
                    for p in range(np_):
                        beaten[a, p] = False
                        near[a, p] = False
                        ua = u[i, cells[i, a, p], n]
                        for b in range(m):
                            if b == a or not rem[i, b]:
                                continue
                            ub = u[i, cells[i, b, p], n]
                            up = ub > ua + t
                            if up:
                                beaten[a, p] = True
                            elif not ua > ub + t:
                                near[a, p] = True
                candidate = False
                for a in range(m):
                    if not rem[i, a]:
                        continue
                    loose = False
                    sure = False
                    for p in range(np_):
                        if live[p] and not beaten[a, p]:
                            loose = True
                            if not near[a, p]:
                                sure = True
                    if loose and not sure:
                        doubt = True
                    if not loose:
                        candidate = True
                if candidate:
                    defer = True
                    break
            if defer or not changed:
                break
        unsure[n] = doubt
        deferred[n] = defer
