"""Scenario discovery: PRIM boxes of input space where an outcome happens.

The Patient Rule Induction Method (Friedman and Fisher 1999, "Bump hunting in
high-dimensional data", *Statistics and Computing* 9; as used for scenario discovery by
Bryant and Lempert 2010, *Technological Forecasting & Social Change* 77) finds a box
``lo_k <= x_k <= hi_k`` where an outcome is much more frequent than overall:

1. start from the box holding every draw;
2. **peel**: of the ``2d`` candidate slices that remove a fraction ``alpha`` of the
   draws in the box (below a low quantile or above a high quantile of one input), remove
   the one leaving the highest *density* (share of the draws in the box with the outcome);
3. stop when the box holds fewer than ``min_mass`` of all draws or less than
   ``min_coverage`` of the outcome's draws; keep the densest box on the trajectory, then
   drop each restriction that barely changes its density.

*Coverage* is the share of all outcome draws that fall in the box, *density* the share
of the box's draws with the outcome. Only the restricted inputs are reported. This is a
small, documented implementation (no pasting step, one box per outcome); the EMA
Workbench's ``prim`` module is the full one.

>>> rng = np.random.default_rng(0)
>>> x = rng.random((4000, 2))
>>> box = prim_box(x, x[:, 0] > 0.7, ["a", "b"])
>>> box.limits["a"][0] > 0.6, "b" in box.limits, box.density > 0.9
(True, False, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.numbers import format_number

__all__ = ["PrimBox", "prim_box"]


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

    def describe(self) -> str:
        if not self.limits:
            return "everywhere"
        parts = []
        for name, (lo, hi) in self.limits.items():
            short = name.rsplit(".", 1)[-1]
            if np.isfinite(lo) and np.isfinite(hi):
                parts.append(f"{format_number(lo)} ≤ {short} ≤ {format_number(hi)}")
            elif np.isfinite(lo):
                parts.append(f"{short} ≥ {format_number(lo)}")
            else:
                parts.append(f"{short} ≤ {format_number(hi)}")
        return " and ".join(parts)


def prim_box(
    x: np.ndarray,
    y: np.ndarray,
    names: Sequence[str],
    *,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    min_coverage: float = 0.5,
    prune: float = 0.01,
) -> PrimBox:
    """The PRIM box for outcome ``y`` (bool per draw) over inputs ``x`` ``(n, d)``.

    Of the boxes on the peeling trajectory holding at least ``min_coverage`` of the
    outcome's draws, the densest is kept; then each restriction whose removal lowers the
    density by less than ``prune`` is dropped, so the box names only inputs that matter.
    """
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
        # per input, along contiguous rows (the same numbers, several times faster)
        qs = np.quantile(columns[:, inside], [alpha, 1 - alpha], axis=1)
        # every peel at once: (d, 2) densities, k-major then side, the first best kept
        keep = np.stack([xi >= qs[0], xi <= qs[1]], axis=2)  # (n_i, d, 2)
        count = keep.sum(axis=0)
        hits = (keep & yi[:, None, None]).sum(axis=0)
        usable = (count > 0) & (count < xi.shape[0])
        with np.errstate(all="ignore"):
            dens_all = np.where(usable, hits / np.maximum(count, 1), -np.inf)
        if not usable.any():
            break
        flat = int(np.argmax(dens_all.reshape(-1)))
        k, side = divmod(flat, 2)
        choice = (float(dens_all[k, side]), k, side, float(qs[side, k]))
        dens, k, side, q = choice
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

    within = (x >= blo) & (x <= bhi)  # (n, d): each draw inside each side's limits
    failing = (~within).sum(axis=1)
    current = density(failing == 0)
    for k in range(d):  # drop restrictions that do not matter
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
        names[k]: (
            float(blo[k]) if blo[k] > full_lo[k] else -np.inf,
            float(bhi[k]) if bhi[k] < full_hi[k] else np.inf,
        )
        for k in range(d)
        if blo[k] > full_lo[k] or bhi[k] < full_hi[k]
    }
    coverage = float((box & y).sum() / total)
    dens = float(y[box].mean()) if box.any() else 0.0
    return PrimBox(limits, coverage, dens, float(box.mean()))
