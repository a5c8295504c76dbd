"""The previous PRIM peeling (before the sorted, blocked one): a reference for the tests.

This is ``negotiation/whatif/prim.py``'s ``prim_box`` as of commit ed0088b, trimmed to
what it computes: at every step ``np.quantile`` of every input over the whole box and
a comparison of every draw of the box against every cut — ``O(d · n_box)`` a step. The
fast implementation must give the same box, bit for bit.
"""

from __future__ import annotations

import numpy as np


def reference_box(
    x: np.ndarray,
    y: np.ndarray,
    *,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    min_coverage: float = 0.5,
    prune: float = 0.01,
) -> tuple[dict[int, tuple[float, float]], float, float, float]:
    """``(limits by column index, coverage, density, mass)`` of the old implementation."""
    n, d = x.shape
    y = np.asarray(y, dtype=bool)
    total = max(int(y.sum()), 1)
    full_lo = x.min(axis=0).astype(float)
    full_hi = x.max(axis=0).astype(float)
    lo, hi = full_lo.copy(), full_hi.copy()
    inside = np.ones(n, dtype=bool)
    columns = np.ascontiguousarray(x.T)
    best = (float(y.mean()) if n else 0.0, lo.copy(), hi.copy())
    while inside.sum() > min_mass * n:
        xi, yi = x[inside], y[inside]
        qs = np.quantile(columns[:, inside], [alpha, 1 - alpha], axis=1)
        keep = np.stack([xi >= qs[0], xi <= qs[1]], axis=2)  # (n_i, d, 2)
        count = keep.sum(axis=0)
        hits = (keep & yi[:, None, None]).sum(axis=0)
        usable = (count > 0) & (count < xi.shape[0])
        with np.errstate(all="ignore"):
            dens_all = np.where(usable, hits / np.maximum(count, 1), -np.inf)
        if not usable.any():
            break
        k, side = divmod(int(np.argmax(dens_all.reshape(-1))), 2)
        dens, q = float(dens_all[k, side]), float(qs[side, k])
        if side == 0:
            lo[k] = q
        else:
            hi[k] = q
        inside &= (x[:, k] >= lo[k]) & (x[:, k] <= hi[k])
        if inside.mean() < min_mass or (inside & y).sum() / total < min_coverage:
            break
        if dens > best[0] + 1e-12:
            best = (dens, lo.copy(), hi.copy())
    _, blo, bhi = best

    def density(box: np.ndarray) -> float:
        return float(y[box].mean()) if box.any() else 0.0

    within = (x >= blo) & (x <= bhi)
    failing = (~within).sum(axis=1)
    current = density(failing == 0)
    for k in range(d):
        for side in (0, 1):
            a, b = blo.copy(), bhi.copy()
            if side == 0:
                a[k] = full_lo[k]
            else:
                b[k] = full_hi[k]
            if not ((a != blo).any() or (b != bhi).any()):
                continue
            column = (x[:, k] >= a[k]) & (x[:, k] <= b[k])
            box = (failing - ~within[:, k] == 0) & column
            relaxed = density(box)
            if relaxed >= current - prune:
                blo, bhi = a, b
                within[:, k] = column
                failing = (~within).sum(axis=1)
                current = relaxed
    box = np.all((x >= blo) & (x <= bhi), axis=1)
    limits = {
        k: (
            float(blo[k]) if blo[k] > full_lo[k] else -np.inf,
            float(bhi[k]) if bhi[k] < full_hi[k] else np.inf,
        )
        for k in range(d)
        if blo[k] > full_lo[k] or bhi[k] < full_hi[k]
    }
    coverage = float((box & y).sum() / total)
    dens = float(y[box].mean()) if box.any() else 0.0
    return limits, coverage, dens, float(box.mean())
