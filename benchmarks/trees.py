"""Game-tree speed: backward induction on 10^4-node trees (without and with ties); .efg reading and sequence-form
Lemke side by side with pygambit (which has no subgame-perfect solver to compare with).

For seeded random perfect-information trees of about 10^4 nodes (branching 2–3, integer
payoffs) it times our ``backward_induction`` (every tie-break, every profile checked
exactly), our ``read_efg`` vs ``pygambit.read_efg`` on the same text, and, on smaller
imperfect-information trees, our exact sequence-form Lemke vs ``pygambit.nash.lcp_solve``
(rational), printing medians and ratios.

    python benchmarks/trees.py [--quick]
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import time
from fractions import Fraction

from negotiation.extensive.sequence_form import sequence_form_lemke
from negotiation.extensive.spe import backward_induction
from negotiation.files.efg import format_efg, parse_efg
from negotiation.tree import Tree


def random_tree(seed: int, nodes: int, spread: int = 10**6) -> Tree:
    rng = random.Random(seed)
    count = [0]

    def spec(depth: int) -> object:
        count[0] += 1
        if count[0] > nodes or (depth > 3 and rng.random() < 0.25):
            return [Fraction(rng.randint(-spread, spread)) for _ in range(2)]
        n = rng.randint(2, 3)
        return (rng.choice(("A", "B")), {f"m{k}": spec(depth + 1) for k in range(n)})

    sys.setrecursionlimit(100_000)
    return Tree.build(("A", "B"), spec(0))


def timed(run, rounds: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    quick = "--quick" in sys.argv
    try:
        import pygambit as gbt
    except ImportError:  # pragma: no cover
        gbt = None
        print("pygambit not installed: peer columns skipped")
    seeds = range(2 if quick else 5)
    print("backward induction and .efg reading, ~10^4 nodes")
    for seed in seeds:
        tree = random_tree(seed, 5_000)
        ours = timed(lambda tree=tree: backward_induction(tree))
        text = format_efg(tree)
        read_ours = timed(lambda text=text: parse_efg(text), rounds=1)
        line = f"  seed {seed}: {len(tree)} nodes; backward induction {ours * 1e3:.0f} ms; read_efg {read_ours * 1e3:.0f} ms"
        if gbt is not None:
            read_theirs = timed(lambda text=text: gbt.read_efg(io.StringIO(text)), rounds=1)
            line += f"; pygambit.read_efg {read_theirs * 1e3:.0f} ms (ratio ours/theirs {read_ours / read_theirs:.1f})"
        print(line)
    print(
        "with ties (payoffs in -3..3), ~2000 nodes: the solutions multiply, bounded by max_equilibria"
    )
    for seed in seeds:
        tree = random_tree(seed, 1_000, spread=3)
        start = time.perf_counter()
        sol = backward_induction(tree, max_equilibria=200)
        took = time.perf_counter() - start
        print(
            f"  seed {seed}: {len(tree)} nodes; {len(sol)} SPE (complete: {sol.complete}) in {took * 1e3:.0f} ms"
        )
    if gbt is None:
        return
    print("sequence-form Lemke (exact) vs pygambit lcp_solve (rational), imperfect information")
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "tests" / "data" / "efg"
    ratios = []
    for path in sorted(data.glob("*.efg")):
        text = path.read_text(encoding="utf-8")
        tree = parse_efg(text)
        if tree.is_perfect_information:
            continue
        ours = timed(lambda tree=tree: sequence_form_lemke(tree))
        game = gbt.read_efg(str(path))
        theirs = timed(lambda game=game: gbt.nash.lcp_solve(game, rational=True))
        ratios.append(ours / theirs)
        print(
            f"  {path.stem}: {len(tree)} nodes; ours {ours * 1e3:.1f} ms, pygambit {theirs * 1e3:.1f} ms, ratio {ours / theirs:.1f}"
        )
    print(f"  median ratio ours/pygambit: {statistics.median(ratios):.1f}")


if __name__ == "__main__":
    main()
