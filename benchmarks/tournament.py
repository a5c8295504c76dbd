"""Tournament speed: negotiation.repeated vs the Axelrod library (when installed).

The same round robin in both: Axelrod's prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1),
six deterministic strategies, 200 turns, 5 repetitions, self-play included (21 matches,
21,000 nominal turns). The script checks that every mean per-turn score agrees and
prints turns per second and the ratio. Run it with an interpreter that has both
packages (Axelrod pulls in torch, so it is not a test dependency)::

    python -m venv /tmp/bench && /tmp/bench/bin/pip install axelrod -e .
    /tmp/bench/bin/python benchmarks/tournament.py

Both libraries simulate a deterministic, noiseless match once and reuse it across
repetitions (Axelrod's deterministic cache; our ``cache=True``); the ``cache=False``
line shows the cost of simulating every repetition.
"""

from __future__ import annotations

import importlib.util
import itertools
import subprocess
import sys
import time
import warnings

import numpy as np

from negotiation.game import Game
from negotiation.repeated import tournament

TURNS, REPETITIONS = 200, 5
OURS = [
    "tit-for-tat",
    "always-escalate",
    "always-conciliate",
    "grim-trigger",
    "alternator",
    "win-stay-lose-shift",
]
THEIRS = ["TitForTat", "Defector", "Cooperator", "Grudger", "Alternator", "WinStayLoseShift"]
NOMINAL_TURNS = len(OURS) * (len(OURS) + 1) // 2 * TURNS * REPETITIONS


def best_time(run, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])

    def ours(cache: bool = True):
        return tournament(pd, OURS, turns=TURNS, repetitions=REPETITIONS, seed=0, cache=cache)

    ours()  # warm
    t_ours = best_time(ours, rounds=20)
    t_ours_nocache = best_time(lambda: ours(cache=False), rounds=20)
    print(
        f"negotiation.repeated (cached):   {t_ours * 1e3:8.1f} ms  "
        f"{NOMINAL_TURNS / t_ours:12,.0f} turns/s"
    )
    print(
        f"negotiation.repeated (uncached): {t_ours_nocache * 1e3:8.1f} ms  "
        f"{NOMINAL_TURNS / t_ours_nocache:12,.0f} turns/s"
    )
    print(f"import negotiation: {import_time('negotiation'):.3f} s")

    if importlib.util.find_spec("axelrod") is None:
        print("axelrod is not installed here: no comparison (see the module docstring)")
        return
    import axelrod as axl

    players = [getattr(axl, name)() for name in THEIRS]

    def theirs(build_results: bool = True):
        t = axl.Tournament(players, turns=TURNS, repetitions=REPETITIONS, seed=0)
        return t.play(progress_bar=False, build_results=build_results)  # serial

    def their_matches():
        # the bare simulation: one Match per pairing played REPETITIONS times (cached)
        for i, j in itertools.combinations_with_replacement(range(len(players)), 2):
            match = axl.Match((players[i].clone(), players[j].clone()), turns=TURNS)
            for _ in range(REPETITIONS):
                match.play()

    results = theirs()  # warm, and the scores to compare
    t_full = best_time(theirs, rounds=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_play = best_time(lambda: theirs(build_results=False))
    t_match = best_time(their_matches)
    print(f"axelrod {axl.__version__}:")
    for label, t in (
        ("Tournament.play() (with ResultSet)", t_full),
        ("Tournament.play(build_results=False)", t_play),
        ("bare Match.play() loop", t_match),
    ):
        print(
            f"  {label:38s} {t * 1e3:9.1f} ms  {NOMINAL_TURNS / t:12,.0f} turns/s  "
            f"ratio ours/theirs: {t / t_ours:7.1f}x"
        )
    print(f"import axelrod: {import_time('axelrod'):.1f} s")

    # scores must agree: Axelrod's payoff_matrix is the mean payoff per turn of i against j
    expected = np.array(results.payoff_matrix)
    got = ours().score_matrix(0, per_turn=True)
    assert np.allclose(got, expected), (got, expected)
    print("scores agree with Axelrod for all 36 pairings")

    # with noise nothing can be cached: every turn of every repetition is simulated
    def ours_noisy():
        return tournament(pd, OURS, turns=TURNS, repetitions=REPETITIONS, noise=0.05, seed=0)

    def theirs_noisy():
        t = axl.Tournament(players, turns=TURNS, repetitions=REPETITIONS, noise=0.05, seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return t.play(progress_bar=False, build_results=False)

    t_on, t_tn = best_time(ours_noisy), best_time(theirs_noisy, rounds=3)
    print(
        f"noise 0.05: ours {t_on * 1e3:.1f} ms, Axelrod play(build_results=False) "
        f"{t_tn * 1e3:.1f} ms, ratio {t_tn / t_on:.1f}x"
    )
    print("target: >= 20x (issue #5); see the Axelrod lines for what is compared")


if __name__ == "__main__":
    main()
