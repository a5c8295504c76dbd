"""SPE payoff-set speed and correctness: negotiation.repeated.spe vs QuantEcon (warm).

QuantEcon's ``RepeatedGame.equilibrium_payoffs`` implements Abreu & Sannikov (2014) with
numba; it is timed after a first call has compiled it. For each case the script prints
both times, the ratio and the vertices each returns, so wrong or failed answers show
(QuantEcon raises QhullError when the set collapses to a segment or a point, and stops
silently at ``max_iter=500``).

    python benchmarks/spe.py
"""

from __future__ import annotations

import time

import numpy as np

from negotiation.game import Game
from negotiation.repeated.spe import spe_payoff_set

CASES = [
    # (label, row payoffs, column payoffs, δ)
    ("QuantEcon PD, δ=0.9", [[9, 1], [10, 3]], [[9, 10], [1, 3]], 0.9),
    ("QuantEcon PD, δ=0.99", [[9, 1], [10, 3]], [[9, 10], [1, 3]], 0.99),
    ("Axelrod PD, δ=0.6", [[3, 0], [5, 1]], [[3, 5], [0, 1]], 0.6),
    ("Axelrod PD, δ=0.3 (triangle)", [[3, 0], [5, 1]], [[3, 5], [0, 1]], 0.3),
    ("Axelrod PD, δ=0.1 (a point)", [[3, 0], [5, 1]], [[3, 5], [0, 1]], 0.1),
    ("battle of the sexes, δ=0.1 (a segment)", [[2, 0], [0, 1]], [[1, 0], [0, 2]], 0.1),
]


def best_time(run, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def quantecon_vertices(a, b, delta):
    import quantecon.game_theory as gt
    from quantecon.game_theory.repeated_game import RepeatedGame

    game = gt.NormalFormGame(
        [gt.Player(np.array(a, dtype=float)), gt.Player(np.array(b, dtype=float).T)]
    )
    hull = RepeatedGame(game, delta).equilibrium_payoffs()
    return hull.points[hull.vertices]


def main() -> None:
    try:
        import quantecon  # noqa: F401
    except ImportError:
        quantecon_ok = False
    else:
        quantecon_ok = True
        quantecon_vertices(*CASES[0][1:])  # compile (warm)
    for label, a, b, delta in CASES:
        game = Game.from_matrices(a, b)
        ours = spe_payoff_set(game, delta)
        t_ours = best_time(lambda g=game, d=delta: spe_payoff_set(g, d))
        print(f"{label}")
        print(
            f"  ours      {t_ours * 1e3:8.2f} ms  {ours.kind}, converged={ours.converged}, "
            f"{ours.iterations} iterations: {ours.rounded(4)}"
        )
        if not quantecon_ok:
            continue
        try:
            theirs = quantecon_vertices(a, b, delta)
            t_theirs = best_time(lambda a=a, b=b, d=delta: quantecon_vertices(a, b, d))
        except Exception as exc:  # QuantEcon fails on degenerate sets
            print(f"  QuantEcon failed: {type(exc).__name__}: {str(exc).splitlines()[0][:70]}")
            continue
        points = sorted((round(float(x), 4), round(float(y), 4)) for x, y in theirs)
        print(f"  QuantEcon {t_theirs * 1e3:8.2f} ms  {points}")
        print(f"  ratio QuantEcon/ours: {t_theirs / t_ours:6.2f}x  (target >= 1)")


if __name__ == "__main__":
    main()
