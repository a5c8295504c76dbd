"""All equilibria of bimatrix games: our exact enumeration against nashpy, QuantEcon, Gambit.

Every tool runs on the same seeded games: random integer payoffs in [-50, 50) at 6×6,
8×8, 10×10 and 12×12, and tie-ridden (degenerate) games with payoffs in {0, 1, 2} and a
duplicated column. For each tool and size the script prints the median time per game,
its ratio to ours, and on how many games it found the same set of extreme equilibria as
our exact solver (float answers are compared after rounding to 1e-6). Tools too slow
for a size are run once under a time limit in a child process and skipped beyond it;
that is printed. Peak memory of our solver is measured with ``tracemalloc``.

    .venv/bin/python benchmarks/equilibria.py            # full run (a few minutes)
    .venv/bin/python benchmarks/equilibria.py --quick    # fewer games, small sizes

QuantEcon's numba functions are compiled before timing. Gambit (``pygambit``) is used
when importable, with ``enummixed_solve(rational=True)`` (exact) and ``rational=False``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.game import Game
from negotiation.solvers import enumerate_equilibria

Pairs = set[tuple[float, ...]]


def _rounded(pairs: Any) -> Pairs:
    return {
        tuple(np.round(np.concatenate([np.asarray(x, float), np.asarray(y, float)]), 6) + 0.0)
        for x, y in pairs
    }


# ---------------------------------------------------------------- the tools
def ours(a: np.ndarray, b: np.ndarray) -> Pairs:
    result = enumerate_equilibria(Game.from_matrices(a, b))
    return _rounded(e.strategies for e in result)


def nashpy_vertex(a: np.ndarray, b: np.ndarray) -> Pairs:
    import nashpy

    return _rounded(nashpy.Game(a, b).vertex_enumeration())


def nashpy_support(a: np.ndarray, b: np.ndarray) -> Pairs:
    import nashpy

    return _rounded(nashpy.Game(a, b).support_enumeration())


def quantecon_vertex(a: np.ndarray, b: np.ndarray) -> Pairs:
    from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration

    return _rounded(vertex_enumeration(NormalFormGame((Player(a), Player(b.T)))))


def _gambit(a: np.ndarray, b: np.ndarray, rational: bool) -> Pairs:
    import pygambit as gbt

    g = gbt.Game.from_arrays(a.tolist(), b.tolist())
    result = gbt.nash.enummixed_solve(g, rational=rational)
    return _rounded(
        tuple(tuple(float(Fraction(str(eq[s]))) for s in p.strategies) for p in g.players)
        for eq in result.equilibria
    )


def gambit_rational(a: np.ndarray, b: np.ndarray) -> Pairs:
    return _gambit(a, b, True)


def gambit_float(a: np.ndarray, b: np.ndarray) -> Pairs:
    return _gambit(a, b, False)


def _available() -> dict[str, Callable[[np.ndarray, np.ndarray], Pairs]]:
    tools: dict[str, Callable[[np.ndarray, np.ndarray], Pairs]] = {"ours (exact)": ours}
    try:
        import nashpy  # noqa: F401

        tools["nashpy vertex_enumeration"] = nashpy_vertex
        tools["nashpy support_enumeration"] = nashpy_support
    except ImportError:
        print("nashpy not installed: skipped")
    try:
        import quantecon  # noqa: F401

        tools["QuantEcon vertex_enumeration"] = quantecon_vertex
    except ImportError:
        print("QuantEcon not installed: skipped")
    try:
        import pygambit  # noqa: F401

        tools["Gambit enummixed rational"] = gambit_rational
        tools["Gambit enummixed float"] = gambit_float
    except ImportError:
        print("pygambit not installed: Gambit skipped")
    return tools


#: tools timed in this process (the others run their first call under a time limit)
IN_PROCESS = {"QuantEcon vertex_enumeration", "Gambit enummixed float"}


# ---------------------------------------------------------------- games
def random_games(size: int, count: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    return [
        (rng.integers(-50, 50, (size, size)), rng.integers(-50, 50, (size, size)))
        for _ in range(count)
    ]


def degenerate_games(size: int, count: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    games = []
    for _ in range(count):
        a, b = rng.integers(0, 3, (size, size)), rng.integers(0, 3, (size, size))
        a[:, 1], b[:, 1] = a[:, 0], b[:, 0]
        games.append((a, b))
    return games


# ---------------------------------------------------------------- timing
def _child(func: Callable[..., Pairs], a: np.ndarray, b: np.ndarray, queue: Any) -> None:
    start = time.perf_counter()
    result = func(a, b)
    queue.put((time.perf_counter() - start, result))


def timed_with_limit(
    func: Callable[..., Pairs], a: np.ndarray, b: np.ndarray, limit: float
) -> tuple[float, Pairs] | None:
    """One call in a child process; None if it takes longer than ``limit`` seconds."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(func, a, b, queue))
    proc.start()
    try:
        return queue.get(timeout=limit)  # type: ignore[no-any-return]
    except Exception:
        return None
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join()


def timed(func: Callable[..., Pairs], a: np.ndarray, b: np.ndarray) -> tuple[float, Pairs]:
    start = time.perf_counter()
    result = func(a, b)
    return time.perf_counter() - start, result


def peak_memory_mb(a: np.ndarray, b: np.ndarray) -> float:
    tracemalloc.start()
    enumerate_equilibria(Game.from_matrices(a, b))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def bench(
    label: str, games: list[tuple[np.ndarray, np.ndarray]], tools: dict[str, Any], limit: float
) -> list[tuple[str, str, float | None, str, str]]:
    rows = []
    reference: list[Pairs] = []
    our_times = []
    for a, b in games:
        ours(a, b)  # warm caches
        t, res = timed(ours, a, b)
        our_times.append(t)
        reference.append(res)
    ours_median = statistics.median(our_times)
    rows.append((label, "ours (exact)", ours_median, "1", f"{len(games)}/{len(games)}"))
    for name, func in tools.items():
        if name == "ours (exact)":
            continue
        if name in IN_PROCESS:  # fast and cannot hang; numba dislikes forked children
            first: tuple[float, Pairs] | None = timed(func, *games[0])
        else:
            first = timed_with_limit(func, *games[0], limit)
        if first is None:
            rows.append((label, name, None, f"> {limit:g} s: skipped", "-"))
            continue
        times, same = [first[0]], int(first[1] == reference[0])
        budget = max(limit, 20 * first[0])
        spent = first[0]
        for k, (a, b) in enumerate(games[1:], start=1):
            if spent > budget:
                break
            t, res = timed(func, a, b)
            spent += t
            times.append(t)
            same += int(res == reference[k])
        med = statistics.median(times)
        rows.append((label, name, med, f"{med / ours_median:.3g}", f"{same}/{len(times)}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 games per size, up to 8×8")
    parser.add_argument("--games", type=int, default=10, help="games per size (default 10)")
    parser.add_argument("--limit", type=float, default=10.0, help="seconds allowed for one call")
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="square sizes to run (default 6 8 10 12)"
    )
    parser.add_argument("--random-only", action="store_true", help="skip the degenerate games")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # nashpy's degeneracy warnings
    count = 3 if args.quick else args.games
    sizes = tuple(args.sizes) if args.sizes else (6, 8) if args.quick else (6, 8, 10, 12)
    tools = _available()
    if "QuantEcon vertex_enumeration" in tools:  # compile numba before timing
        quantecon_vertex(*random_games(3, 1, 0)[0])
    rows = []
    for size in sizes:
        rows += bench(
            f"{size}×{size} random", random_games(size, count, seed=size), tools, args.limit
        )
    for size in () if args.random_only else [s for s in sizes if s <= 10]:
        rows += bench(
            f"{size}×{size} degenerate",
            degenerate_games(size, count, seed=100 + size),
            tools,
            args.limit,
        )
    header = ("games", "tool", "median", "× ours", "same set as ours")
    table = [header] + [
        (g, t, f"{m * 1000:.2f} ms" if m is not None else "-", r, s) for g, t, m, r, s in rows
    ]
    widths = [max(len(row[c]) for row in table) for c in range(len(header))]
    for k, row in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    biggest = max(sizes)
    a, b = random_games(biggest, 1, seed=biggest)[0]
    print(
        f"\npeak memory (tracemalloc) of our solver on a {biggest}×{biggest} game: "
        f"{peak_memory_mb(a, b):.1f} MB"
    )
    print(
        "'same set' counts games where the tool's extreme equilibria equal ours (rounded to 1e-6);"
        " ours are exact and verified, and match Gambit's exact enummixed in tests/solvers."
    )


if __name__ == "__main__":
    main()
