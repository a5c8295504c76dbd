"""Nash bargaining speed and accuracy: the exact frontier method vs a generic optimiser.

No peer library solves the asymmetric Nash bargaining problem over a bimatrix game's
lotteries, so the reference is what a user would otherwise write: maximise
``α log(u1 - d1) + (1 - α) log(u2 - d2)`` over lottery weights on the game's cells with
SciPy's SLSQP. Both run on the same random games (seeded); the script checks that the
exact Nash product is never beaten (beyond 1e-9) by the optimiser's, and prints the time
per solve and the ratio::

    .venv/bin/python benchmarks/bargaining.py
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
from scipy.optimize import minimize

from negotiation.bargaining import feasible_set, nash_bargaining
from negotiation.game import Game

ALPHA = Fraction(3, 5)


def reference(game: Game, d: tuple[float, float], alpha: float) -> tuple[float, float]:
    """SLSQP over lottery weights (the generic approach)."""
    a, b = game.payoffs[0].ravel(), game.payoffs[1].ravel()
    n = a.size

    def objective(w: np.ndarray) -> float:
        g1, g2 = w @ a - d[0], w @ b - d[1]
        if g1 <= 0 or g2 <= 0:
            return 1e9
        return -(alpha * np.log(g1) + (1 - alpha) * np.log(g2))

    best = None
    rng = np.random.default_rng(0)
    for _ in range(5):  # restarts: the objective is concave in u, not strictly in w
        w0 = rng.dirichlet(np.ones(n))
        res = minimize(
            objective,
            w0,
            method="SLSQP",
            bounds=[(0, 1)] * n,
            constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
            options={"ftol": 1e-12, "maxiter": 500},
        )
        if best is None or res.fun < best.fun:
            best = res
    assert best is not None
    w = best.x
    return float(w @ a), float(w @ b)


def logp(u: tuple[float, float], d: tuple[float, float]) -> float:
    """Log of the asymmetric Nash product."""
    a = float(ALPHA)
    return float(a * np.log(u[0] - d[0]) + (1 - a) * np.log(u[1] - d[1]))


def main() -> None:
    rng = np.random.default_rng(2024)
    print(f"{'size':>6} {'exact ms':>10} {'SLSQP ms':>10} {'ratio':>8} {'SLSQP better by':>16}")
    for size, count in ((3, 10), (5, 10), (10, 4)):
        games = [
            Game.from_matrices(
                rng.integers(-9, 10, (size, size)), rng.integers(-9, 10, (size, size))
            )
            for _ in range(count)
        ]
        t_exact = t_ref = 0.0
        gap = 0.0
        for g in games:
            d = (float(g.payoffs[0].min()), float(g.payoffs[1].min()))
            t0 = time.perf_counter()
            sol = nash_bargaining(feasible_set(g), d, ALPHA)
            t1 = time.perf_counter()
            ref = reference(g, d, float(ALPHA))
            t2 = time.perf_counter()
            t_exact += t1 - t0
            t_ref += t2 - t1
            exact = (float(sol.payoffs[0]), float(sol.payoffs[1]))

            # compare Nash products (the optimiser may stop at another point of a flat face)
            gap = max(gap, logp(ref, d) - logp(exact, d))
            assert logp(exact, d) >= logp(ref, d) - 1e-9, (exact, ref)
        n = len(games)
        print(
            f"{size:>4}x{size:<1} {1e3 * t_exact / n:>10.2f} {1e3 * t_ref / n:>10.2f} "
            f"{t_ref / t_exact:>7.1f}x {gap:>16.1e}"
        )


if __name__ == "__main__":
    main()
