"""Timeline speed: the Markov perfect equilibrium of the US dynamics over 20 years.

For grids of about 10³ and 10⁴ states (points per state variable set with ``--set``
overrides of ``payoffs/us_china_dynamics.yaml``) it times ``solve_mpe`` with our
simplicial interpolation (d+1 vertices a state) and, beside it, the same backward
induction with SciPy's multilinear ``ndimage.map_coordinates`` (2^d vertices), the
standard tool, printing both times, their ratio, the largest deviation gain of each
and how far the two equilibria's values differ (they are different approximations).

    python benchmarks/timeline.py [--quick]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from negotiation.dynamics import read_timeline_model
from negotiation.dynamics.mpe import Grid, solve_mpe

US = Path(__file__).resolve().parent.parent / "payoffs" / "us_china_dynamics.yaml"

GRIDS = {
    "≈10³ states": {
        "grid.capacity": 3,
        "grid.pipeline": 2,
        "grid.substitution": 2,
        "grid.urgency": 3,
        "grid.stockpile": 1,
    },
    "≈10⁴ states": {
        "grid.capacity": 4,
        "grid.pipeline": 2,
        "grid.substitution": 3,
        "grid.urgency": 3,
        "grid.stockpile": 2,
    },
}


class MultilinearGrid(Grid):
    """The same grid read with SciPy's multilinear interpolation (the baseline)."""

    def interpolate(self, values: np.ndarray, X: np.ndarray) -> np.ndarray:
        from scipy.ndimage import map_coordinates

        coords = []
        for k, a in enumerate(self.axes):
            if len(a) == 1:
                coords.append(np.zeros(X.shape[0]))
            else:
                coords.append(
                    np.clip((X[:, k] - a[0]) / (a[-1] - a[0]) * (len(a) - 1), 0, len(a) - 1)
                )
        c = np.array(coords)
        stack = values.reshape(-1, *self.shape)
        out = np.stack([map_coordinates(v, c, order=1, mode="nearest") for v in stack])
        return out[0] if values.ndim == len(self.shape) else out


def _solve_multilinear(model):
    """``solve_mpe`` with the grid read by :class:`MultilinearGrid` instead."""
    import negotiation.dynamics.mpe as mpe_module

    original = mpe_module.Grid.from_model

    def multilinear(cls, m):
        return MultilinearGrid(*original.__func__(Grid, m).__dict__.values())

    mpe_module.Grid.from_model = classmethod(multilinear)  # type: ignore[method-assign,assignment]
    try:
        return solve_mpe(model, 20)
    finally:
        mpe_module.Grid.from_model = original  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the 10³ grid only")
    args = parser.parse_args()
    base = read_timeline_model(US)
    for label, grid in GRIDS.items():
        if args.quick and "10⁴" in label:
            continue
        model = base.with_overrides(grid)
        start = time.perf_counter()
        ours = solve_mpe(model, 20)
        t_ours = time.perf_counter() - start
        start = time.perf_counter()
        theirs = _solve_multilinear(model)
        t_theirs = time.perf_counter() - start
        gap = float(np.max(np.abs(ours.values[0] - theirs.values[0])))
        print(
            f"{label} ({ours.grid.size:,} states, 20 years): simplicial {t_ours:.2f} s, "
            f"multilinear (scipy) {t_theirs:.2f} s, ratio {t_theirs / t_ours:.1f}×; "
            f"max deviation gain {ours.max_gain:.2g} / {theirs.max_gain:.2g} "
            f"(tolerance {ours.tolerance:.2g}); values differ by at most {gap:.3g}"
        )


if __name__ == "__main__":
    main()
