"""Timeline speed: the Markov perfect equilibrium of the US dynamics over 20 years.

For grids of about 10³ and 10⁴ states (points per state variable set with ``--set``
overrides of ``payoffs/us_china_dynamics.yaml``) it times ``solve_mpe`` — backward
induction vectorised over the whole state grid per period, every action profile's next
states in one run of the transition, the one-period-deviation check as array
reductions — with our simplicial interpolation (d+1 vertices a state) and, beside it, the
same backward induction reading the continuation values with SciPy's multilinear
``ndimage.map_coordinates`` (2^d vertices), the standard tool. It prints both times, the
states·periods solved per second, their ratio, the largest deviation gain of each and
how far the two equilibria's values differ (they are different approximations); then the
whole ``timeline`` command's work (reading the file and its scenario, the equilibrium,
the fixed policies, half-life, best length and hedges) on the same grid.

    python benchmarks/timeline.py [--quick]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from negotiation.dynamics import read_timeline_model, timeline
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

    def reader(self, X: np.ndarray) -> np.ndarray:
        coords = []
        for k, a in enumerate(self.axes):
            if len(a) == 1:
                coords.append(np.zeros(X.shape[0]))
            else:
                coords.append(
                    np.clip((X[:, k] - a[0]) / (a[-1] - a[0]) * (len(a) - 1), 0, len(a) - 1)
                )
        return np.array(coords)

    def read(self, values: np.ndarray, reader: np.ndarray) -> np.ndarray:
        from scipy.ndimage import map_coordinates

        stack = values.reshape(-1, *self.shape)
        return np.stack([map_coordinates(v, reader, order=1, mode="nearest") for v in stack])

    def interpolate(self, values: np.ndarray, X: np.ndarray) -> np.ndarray:
        out = self.read(values, self.reader(X))
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
        work = ours.grid.size * 20
        print(
            f"{label} ({ours.grid.size:,} states, 20 years): simplicial {t_ours:.2f} s "
            f"({work / t_ours:,.0f} states·periods/s), multilinear (scipy) {t_theirs:.2f} s "
            f"({work / t_theirs:,.0f}/s), ratio {t_theirs / t_ours:.1f}×; "
            f"max deviation gain {ours.max_gain:.2g} / {theirs.max_gain:.2g} "
            f"(tolerance {ours.tolerance:.2g}); values differ by at most {gap:.3g}"
        )
        start = time.perf_counter()
        timeline(read_timeline_model(US, [f"{k}={v}" for k, v in grid.items()]), years=20)
        print(f"  the whole timeline command's work on it: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
