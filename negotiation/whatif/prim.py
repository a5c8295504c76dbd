"""Scenario discovery: PRIM boxes of input space where an outcome happens.

The Patient Rule Induction Method (Friedman and Fisher 1999, "Bump hunting in
high-dimensional data", *Statistics and Computing* 9; as used for scenario discovery by
Bryant and Lempert 2010, *Technological Forecasting & Social Change* 77) finds a box
``lo_k <= x_k <= hi_k`` where an outcome is much more frequent than overall:

1. start from the box holding every draw;
2. **peel**: of the ``2d`` candidate slices that remove a fraction ``alpha`` of the
   draws in the box (below the ``alpha`` quantile or above the ``1 - alpha`` quantile of
   one input, numpy's linear quantile of the draws in the box), remove the one leaving
   the highest *density* (share of the draws in the box with the outcome; the first
   best in input order, low side before high);
3. stop when the box holds fewer than ``min_mass`` of all draws or less than
   ``min_coverage`` of the outcome's draws; keep the densest box on the trajectory, then
   drop each restriction that barely changes its density (``prune``).

*Coverage* is the share of all outcome draws that fall in the box, *density* the share
of the box's draws with the outcome, *mass* the share of all draws in the box. Only the
restricted inputs are reported. Step 3 is this module's fixed point on Friedman and
Fisher's coverage–density trade-off (their peeling trajectory, read at the densest box
that still covers ``min_coverage``); there is no pasting step and one box per outcome.
The EMA Workbench's ``prim`` module is the full interactive tool.

**How it is fast.** Each input's draws are sorted once (:func:`sort_draws`, shared by
every outcome of one Monte Carlo) and cut into blocks of about ``sqrt(n) / 2`` positions;
the box keeps, per input and block, how many of its draws (and of its outcome draws) the
block holds. A candidate peel needs the box's draws of two ranks around the quantile and
the box's draws below the cut: a cumulative sum over the blocks and a pass over one
block each, not a pass over the box. Removing a peel's draws updates the blocks of every
input, so ``s`` steps cost ``O(d · (n + s · sqrt(n)))`` after the sort, where a quantile
and a comparison over all ``d · n_box`` values at every step cost ``O(s · d · n)``. The boxes are **the same**, bit
for bit, as peeling with ``np.quantile`` over the box at every step (the tests compare
both on seeded data sets, ties included).

>>> rng = np.random.default_rng(0)
>>> x = rng.random((4000, 2))
>>> box = prim_box(x, x[:, 0] > 0.7, ["a", "b"])
>>> box.limits["a"][0] > 0.6, "b" in box.limits, box.density > 0.9
(True, False, True)
>>> box.describe()
'a ≥ ≈ 0.7055'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.numbers import format_number
from negotiation.whatif.labels import input_labels

__all__ = ["PrimBox", "SortedDraws", "linear_quantile", "prim_box", "sort_draws"]


@dataclass(frozen=True)
class PrimBox:
    """A box of input space: ``limits[name] = (lo, hi)`` for the inputs it restricts."""

    limits: dict[str, tuple[float, float]]
    coverage: float
    density: float
    mass: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "limits": {
                k: [None if not np.isfinite(v) else v for v in pair]
                for k, pair in self.limits.items()
            },
            "coverage": self.coverage,
            "density": self.density,
            "mass": self.mass,
        }

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """The box in words: ``"China deflation ≥ ≈ 0.72 and …"``.

        Each input is named by ``labels[path]`` when given, else by its short label
        (:func:`negotiation.whatif.labels.input_labels`: owner and name, unambiguous).
        """
        if not self.limits:
            return "everywhere"
        names = dict(input_labels(list(self.limits)))
        if labels:
            names.update({k: v for k, v in labels.items() if k in names})
        parts = []
        for name, (lo, hi) in self.limits.items():
            short = names[name]
            if np.isfinite(lo) and np.isfinite(hi):
                parts.append(f"{format_number(lo)} ≤ {short} ≤ {format_number(hi)}")
            elif np.isfinite(lo):
                parts.append(f"{short} ≥ {format_number(lo)}")
            else:
                parts.append(f"{short} ≤ {format_number(hi)}")
        return " and ".join(parts)


@dataclass(frozen=True)
class SortedDraws:
    """Each input's draws in ascending order, in blocks: what :func:`prim_box` peels on.

    ``columns[k]`` is input ``k``'s draws; ``values[k]`` the same sorted ascending, padded
    with ``+inf`` to ``blocks * block`` entries; ``order[k]`` the draw behind each entry
    (``n`` for padding); ``blocks_of[i, k]`` the block of ``order[k]`` holding draw ``i``,
    numbered across inputs (input ``k``'s blocks follow input ``k - 1``'s).
    Build it once with :func:`sort_draws` and pass it to every outcome of the same draws.
    """

    columns: np.ndarray
    values: np.ndarray
    order: np.ndarray
    blocks_of: np.ndarray
    block: int

    @property
    def n(self) -> int:
        return int(self.columns.shape[1])


def sort_draws(x: np.ndarray, *, columns: bool = False) -> SortedDraws:
    """Sort every input of the draws ``x`` once (see :class:`SortedDraws`).

    ``x`` is ``(n, d)``, one column per input, or ``(d, n)`` when ``columns=True``. The
    order among equal values does not matter to the boxes.

    >>> s = sort_draws(np.array([[2.0, 0.0], [1.0, 5.0], [3.0, 4.0]]))
    >>> s.values[:, :3].tolist(), s.order[:, :3].tolist()
    ([[1.0, 2.0, 3.0], [0.0, 4.0, 5.0]], [[1, 0, 2], [0, 2, 1]])
    """
    x = np.asarray(x, dtype=float)
    xt = np.ascontiguousarray(x if columns else x.T)
    d, n = xt.shape
    block = 16  # about sqrt(n) / 2: a block's scan and a pass over the blocks cost alike
    while 4 * block * block < n:
        block *= 2
    width = (n // block + 1) * block  # at least one padding entry: a cut can sit past the end
    values = np.empty((d, width))
    values[:, n:] = np.inf
    # 32-bit positions and block ids where they fit (half the memory of 64-bit ones)
    small = np.int32 if d * width < 2**31 else np.intp
    padded = np.full((d, width), n, dtype=small)
    blocks_of = np.empty((n, d), dtype=small)  # written in place: no transposed copy
    blk = np.arange(n, dtype=small) // block
    for k in range(d):  # input by input: no (d, n) temporaries, not even the argsort
        order = np.argsort(xt[k])
        padded[k, :n] = order
        np.take(xt[k], order, out=values[k, :n])
        blocks_of[order, k] = blk + k * (width // block)
    return SortedDraws(xt, values, padded, blocks_of, block)


def linear_quantile(lower: np.ndarray, upper: np.ndarray, n: int, q: float) -> np.ndarray:
    """numpy's linear quantile ``q`` of ``n`` sorted values, from its two neighbours.

    ``lower`` and ``upper`` are the sorted values at positions ``floor((n - 1) q)`` and
    the next one (both the last value when that index is past the end). The arithmetic
    is numpy's own (Hyndman and Fan 1996's method 7, interpolated from the nearer end),
    so the result equals ``np.quantile(values, q)`` bit for bit.

    >>> v = np.array([0.1, 0.4, 0.5, 2.0])
    >>> bool(linear_quantile(v[0:1], v[1:2], 4, 0.3)[0] == np.quantile(v, 0.3))
    True
    """
    h = (n - 1) * q
    t = h - math.floor(h) if h < n - 1 else 0.0
    diff = upper - lower
    if t >= 0.5:
        return upper - diff * (1 - t)
    return lower + diff * t


def _positions(n: int, q: float) -> tuple[int, int]:
    """The ranks of a linear quantile's two neighbours among ``n`` sorted values."""
    h = (n - 1) * q
    if h >= n - 1:
        return n - 1, n - 1
    f = math.floor(h)
    return f, f + 1


class _Box:
    """The draws still in the box, read through each input's sorted order.

    ``inside[i]``: draw ``i`` is in the box (``inside[n]``, the padding, never is);
    ``count`` and ``hits`` are the box's draws and outcome draws per block of ``block``
    positions of each input's order, so the box's draw of a given rank, or the box's
    draws below a given position, take one pass over the blocks and one over a block —
    not over the box.
    """

    def __init__(self, s: SortedDraws, y: np.ndarray) -> None:
        d, width = s.values.shape
        n, self.s, self.d = s.n, s, d
        self.nb = width // s.block
        self.inside = np.ones(n + 1, dtype=bool)
        self.inside[n] = False
        self.y = np.zeros(n + 1, dtype=bool)
        self.y[:n] = y
        self.of = s.order.reshape(-1)
        self.vv = s.values.reshape(-1)
        self.rows = np.arange(d)
        self.base = self.rows * width
        self.count = np.full((d, self.nb), s.block, dtype=np.int64)
        self.count[:, -1] -= width - n
        if 2 * int(y.sum()) <= n:
            self.hits = self._tally(s.blocks_of[np.flatnonzero(y)])
        else:  # fewer draws to tally without the outcome
            self.hits = self.count - self._tally(s.blocks_of[np.flatnonzero(~y)])
        self.step = np.arange(s.block)
        self.start = np.zeros(d, dtype=np.intp)  # every position below is out of the box
        self.stop = np.full(d, n, dtype=np.intp)  # every position from here is out
        self.cumulate()

    def _tally(self, where: np.ndarray) -> np.ndarray:
        """``(d, blocks)``: how many of the draws with blocks ``where`` each block holds."""
        return np.bincount(where.reshape(-1), minlength=self.d * self.nb).reshape(self.d, self.nb)

    def cumulate(self) -> None:
        self.ccount = np.cumsum(self.count, axis=1)
        self.chits = np.cumsum(self.hits, axis=1)

    def _block(self, blk: np.ndarray) -> np.ndarray:
        """The draws of block ``blk[k]`` of each input ``k``, ``(d, block)``."""
        return self.of[(self.base + blk * self.s.block)[:, None] + self.step]

    def select(self, r: int) -> np.ndarray:
        """Per input, the position of the box's draw of rank ``r`` (0: its lowest)."""
        blk = (self.ccount <= r).sum(axis=1)
        before = self.ccount[self.rows, blk] - self.count[self.rows, blk]
        seen = np.cumsum(self.inside[self._block(blk)], axis=1)
        return blk * self.s.block + (seen <= (r - before)[:, None]).sum(axis=1)

    def below(self, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per input, the box's draws and outcome draws at positions below ``pos``."""
        blk = pos // self.s.block
        ids = self._block(blk)
        part = self.inside[ids] & (self.step < (pos - blk * self.s.block)[:, None])
        c = self.ccount[self.rows, blk] - self.count[self.rows, blk] + part.sum(axis=1)
        h = self.chits[self.rows, blk] - self.hits[self.rows, blk] + (part & self.y[ids]).sum(1)
        return c, h

    def value(self, pos: np.ndarray) -> np.ndarray:
        return self.vv[self.base + pos]

    def search(self, pos: np.ndarray, cut: np.ndarray, odd: np.ndarray, side: str) -> None:
        """Where ``pos`` is not known from the ranks (ties at the cut), search the values."""
        for k in np.flatnonzero(odd):
            pos[k] = np.searchsorted(self.s.values[k], cut[k], side=side)  # type: ignore[call-overload]

    def remove(self, k: int, lo: int, hi: int) -> None:
        """Take the box's draws at positions ``lo:hi`` of input ``k`` out of the box."""
        ids = self.s.order[k, lo:hi]
        ids = ids[self.inside[ids]]
        self.inside[ids] = False
        where = self.s.blocks_of[ids]  # (g, d)
        self.count -= self._tally(where)
        self.hits -= self._tally(where[self.y[ids]])
        self.cumulate()


def _peel(
    s: SortedDraws,
    y: np.ndarray,
    alpha: float,
    min_mass: float,
    min_coverage: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The peeling trajectory's densest box ``(lo, hi)`` (see the module doc)."""
    n = s.n
    box = _Box(s, y)
    total = max(int(y.sum()), 1)
    lo, hi = s.values[:, 0].copy(), s.values[:, n - 1].copy()
    best = (float(y.mean()) if n else 0.0, lo.copy(), hi.copy())
    n_in, hits = n, int(y.sum())
    while n_in > min_mass * n:
        # low side: the box's draws below the alpha quantile (ranks a, b around it)
        a, b = _positions(n_in, alpha)
        pa, pb = box.select(a), box.select(b)
        va, vb = box.value(pa), box.value(pb)
        cut_lo = linear_quantile(va, vb, n_in, alpha)
        pos_lo = pa + 1  # with no tie at the cut, ranks 0..a go
        box.search(pos_lo, cut_lo, ~((va < cut_lo) & (cut_lo <= vb)), "left")
        gone_lo, taken_lo = box.below(pos_lo)
        # high side: the box's draws above the 1 - alpha quantile
        a, b = _positions(n_in, 1 - alpha)
        pa, pb = box.select(a), box.select(b)
        va, vb = box.value(pa), box.value(pb)
        cut_hi = linear_quantile(va, vb, n_in, 1 - alpha)
        pos_hi = pb.copy()  # with no tie at the cut, ranks b.. go
        box.search(pos_hi, cut_hi, ~((va <= cut_hi) & (cut_hi < vb)), "right")
        stay_hi, kept_hi = box.below(pos_hi)
        r = np.stack([gone_lo, n_in - stay_hi], axis=1)  # (d, 2): draws each peel removes
        count = n_in - r
        kept_hits = np.stack([hits - taken_lo, kept_hi], axis=1)
        usable = (r > 0) & (count > 0)
        if not usable.any():
            break
        with np.errstate(all="ignore"):
            dens_all = np.where(usable, kept_hits / np.maximum(count, 1), -np.inf)
        k, side = divmod(int(np.argmax(dens_all.reshape(-1))), 2)
        dens = float(dens_all[k, side])
        if side == 0:
            lo[k] = cut_lo[k]
            box.remove(k, int(box.start[k]), int(pos_lo[k]))
            box.start[k] = pos_lo[k]
        else:
            hi[k] = cut_hi[k]
            box.remove(k, int(pos_hi[k]), int(box.stop[k]))
            box.stop[k] = pos_hi[k]
        n_in -= int(r[k, side])
        hits = int(kept_hits[k, side])
        if n_in / n < min_mass or hits / total < min_coverage:
            break
        if dens > best[0] + 1e-12:
            best = (dens, lo.copy(), hi.copy())
    return best[1], best[2]


def _prune(
    xt: np.ndarray,
    y: np.ndarray,
    blo: np.ndarray,
    bhi: np.ndarray,
    prune: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Drop, in input order, each restriction whose removal costs less than ``prune`` density."""
    full_lo, full_hi = xt.min(axis=1), xt.max(axis=1)
    blo, bhi = blo.copy(), bhi.copy()
    restricted = [k for k in range(xt.shape[0]) if blo[k] != full_lo[k] or bhi[k] != full_hi[k]]
    within = {k: (xt[k] >= blo[k]) & (xt[k] <= bhi[k]) for k in restricted}
    failing = np.zeros(xt.shape[1], dtype=np.int64)
    for column in within.values():
        failing += ~column

    def density(box: np.ndarray) -> float:
        return float(y[box].mean()) if box.any() else 0.0

    current = density(failing == 0)
    for k in restricted:
        for side in (0, 1):
            if (blo[k] if side == 0 else bhi[k]) == (full_lo[k] if side == 0 else full_hi[k]):
                continue
            a = full_lo[k] if side == 0 else blo[k]
            b = bhi[k] if side == 0 else full_hi[k]
            column = (xt[k] >= a) & (xt[k] <= b)
            relaxed = density((failing - ~within[k] == 0) & column)
            if relaxed >= current - prune:
                blo[k], bhi[k] = a, b
                failing -= ~within[k]  # the old restriction's failures out, the new one's in
                failing += ~column
                within[k] = column
                current = relaxed
    return blo, bhi


def prim_box(
    x: np.ndarray,
    y: np.ndarray,
    names: Sequence[str],
    *,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    min_coverage: float = 0.5,
    prune: float = 0.01,
    presorted: SortedDraws | None = None,
) -> PrimBox:
    """The PRIM box for outcome ``y`` (bool per draw) over inputs ``x`` ``(n, d)``.

    Of the boxes on the peeling trajectory holding at least ``min_coverage`` of the
    outcome's draws, the densest is kept; then each restriction whose removal lowers the
    density by less than ``prune`` is dropped, so the box names only inputs that matter.
    ``presorted`` is :func:`sort_draws` of ``x``, computed here when not given.

    Examples
    --------
    Four draws 0, 1, 2, 3, the outcome at 3 (``alpha=0.25``): the low cuts 0.75, 1.5
    and 2.25 (numpy's quantile 0.25 of the box) each leave a denser box, the high ones
    drop the outcome; the last box holds draw 3 alone.

    >>> x = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> box = prim_box(x, np.array([False, False, False, True]), ["a"], alpha=0.25,
    ...                min_mass=0.2, min_coverage=1.0)
    >>> box.limits, box.coverage, box.density, box.mass
    ({'a': (2.25, inf)}, 1.0, 1.0, 0.25)
    """
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    y = np.asarray(y, dtype=bool)
    if presorted is None:
        presorted = sort_draws(x)
    if presorted.columns.shape != (d, n):
        raise ValueError(f"presorted holds {presorted.columns.shape} draws, expected {(d, n)}")
    xt = presorted.columns
    blo, bhi = _peel(presorted, y, alpha, min_mass, min_coverage)
    blo, bhi = _prune(xt, y, blo, bhi, prune)
    full_lo, full_hi = xt.min(axis=1), xt.max(axis=1)
    box = np.ones(n, dtype=bool)
    for k in range(d):
        if blo[k] > full_lo[k] or bhi[k] < full_hi[k]:
            box &= (xt[k] >= blo[k]) & (xt[k] <= bhi[k])
    limits = {
        names[k]: (
            float(blo[k]) if blo[k] > full_lo[k] else -np.inf,
            float(bhi[k]) if bhi[k] < full_hi[k] else np.inf,
        )
        for k in range(d)
        if blo[k] > full_lo[k] or bhi[k] < full_hi[k]
    }
    total = max(int(y.sum()), 1)
    coverage = float((box & y).sum() / total)
    dens = float(y[box].mean()) if box.any() else 0.0
    return PrimBox(limits, coverage, dens, float(box.mean()))
