"""What-if at scale: batch vs per-variant, memory by chunking, Dask vs serial, EMA Workbench.

Side by side in one run, printing ratios and the machine's load beside each row (issue
12, "Speed and memory"); pin it to one core on a shared machine::

    taskset -c 1 .venv/bin/python benchmarks/whatif.py           # 10^6 / 10^5 samples
    taskset -c 1 .venv/bin/python benchmarks/whatif.py --quick   # a smoke run
    .venv/bin/python benchmarks/whatif.py --big                  # 10^7 for memory and Dask

1. payoffs + pure equilibria + iterated dominance (pure and by mixtures) of the default
   scenario: samples/s of the compiled batch with the numba kernels (``jit=True``; the
   draws timed apart, µs per sample split into evaluate / tolerance / pure / dominance)
   and of the numpy path beside it, vs per-variant ``Scenario.with_overrides`` +
   ``solve(..., "pure")`` + ``iterated_dominance``;
2. full analysis (adds every equilibrium, the Nash deal, the truce's critical δ and
   exact re-solves of ties): ``analyse_batch`` vs per-variant ``with_overrides`` +
   ``analyse`` (which computes the same things);
3. peak memory of a chunked Monte Carlo (``tracemalloc``, and the process's peak RSS);
4. a local Dask cluster of 2 workers vs serial at the same N, with the overhead per task;
5. the EMA Workbench driving the per-variant API (the tool policy analysts reach for),
   if ``ema_workbench`` is installed (``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import os
import resource
import time
import tracemalloc
from pathlib import Path

import numpy as np

from negotiation import jit
from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.solvers import iterated_dominance, solve
from negotiation.whatif import batch
from negotiation.whatif.engine import analyse_batch
from negotiation.whatif.execution import DEFAULT_CHUNK
from negotiation.whatif.montecarlo import montecarlo
from negotiation.whatif.sampling import draw
from negotiation.workflows.analyse import analyse

FILE = Path(__file__).parents[1] / "payoffs" / "us_china_rare_earths.yaml"
TARGET_PURE = 1e6
TARGET_FULL = 1e4


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"[load {one:.2f} / {five:.2f}, {os.cpu_count()} cores]"


def rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.0f} samples/s"


def per_variant(compiled, values, n, full: bool) -> float:
    start = time.perf_counter()
    for k in range(n):
        s = compiled.exact({p: float(v[k]) for p, v in values.items()})
        if full:
            analyse(s, robustness=False)
        else:
            solve(s.game, "pure")
            iterated_dominance(s.game)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--big", action="store_true")
    args = parser.parse_args()
    n = 2 * 10**5 if args.quick else 10**6
    compiled = compile_scenario(read_scenario(FILE))
    inputs = compiled.inputs
    print(f"default scenario: {len(inputs)} ranged inputs, game {compiled.shape}; {load()}")
    # warm the exact path once (its imports are not what is measured)
    analyse(compiled.scenario, robustness=False)

    # 1. payoffs + pure equilibria + dominance: the kernels (numba), numpy beside them
    kernels = jit.available()
    if kernels:  # numba's import and the kernels' compilation (cached on disk) are not timed
        start = time.perf_counter()
        warm = compiled.payoffs(draw(inputs, seed=1, start=0, stop=64))
        batch.pure_equilibria(warm, jit=True)
        batch.dominance(warm, jit=True)
        print(f"   numba kernels ready in {time.perf_counter() - start:.1f} s {load()}")
    # tape's payoff kernel, once ``payoffs`` takes ``jit=``
    evaluate_jit = "jit" in inspect.signature(compiled.payoffs).parameters
    small = draw(inputs, seed=1, start=0, stop=20)
    t_var = per_variant(compiled, small, 20, full=False)
    for use in (True, False) if kernels else (False,):
        split = np.zeros(4)  # evaluate, tolerance, pure, dominance
        t_draw = 0.0
        for a in range(0, n, DEFAULT_CHUNK):
            start = time.perf_counter()
            values = draw(inputs, seed=1, start=a, stop=min(a + DEFAULT_CHUNK, n))
            t_draw += time.perf_counter() - start
            marks = [time.perf_counter()]
            u = compiled.payoffs(values, jit=use) if evaluate_jit else compiled.payoffs(values)
            marks.append(time.perf_counter())
            tol = batch.tolerance(u)
            marks.append(time.perf_counter())
            batch.pure_equilibria(u, tol, jit=use)
            marks.append(time.perf_counter())
            batch.dominance(u, tol=tol, jit=use)
            marks.append(time.perf_counter())
            split += np.diff(marks)
        t_batch = float(split.sum())
        if use:
            t_kernel, split_kernel = t_batch, split
        parts = ", ".join(
            f"{name} {t / n * 1e6:.3f}"
            for name, t in zip(("evaluate", "tolerance", "pure", "dominance"), split, strict=True)
        )
        if use:
            print(
                f"1. payoffs + pure equilibria + dominance (pure and mixed), {n:,} samples, "
                f"kernels{'' if evaluate_jit else ' (payoffs on numpy)'}: "
                f"{rate(n, t_batch)} ({rate(n, t_batch + t_draw)} with the draws); µs per "
                f"sample: {parts} {load()}"
            )
        else:
            label = "numpy" if kernels else "numpy (numba not installed)"
            print(
                f"   {label}: {rate(n, t_batch)}; µs per sample: {parts}; per-variant "
                f"{rate(20, t_var)} {load()}"
            )
            best = t_kernel if kernels else t_batch
            ratio = f"kernels/numpy {t_batch / t_kernel:.2f}× (solvers alone " if kernels else ""
            if kernels:
                ratio += f"{split[2:].sum() / split_kernel[2:].sum():.2f}×); "
            print(
                f"   {ratio}batch/per-variant {(n / best) / (20 / t_var):,.0f}×; "
                f"{n / best / TARGET_PURE:.2f} of the 10^6/s target {load()}"
            )

    # 2. full analysis
    m = n // 10
    exact = 0
    start = time.perf_counter()
    for a in range(0, m, DEFAULT_CHUNK):
        out = analyse_batch(compiled, draw(inputs, seed=2, start=a, stop=min(a + DEFAULT_CHUNK, m)))
        exact += int(out.exact.sum())
    t_full = time.perf_counter() - start
    t_var_full = per_variant(compiled, small, 5, full=True)
    print(
        f"2. full analysis (all equilibria, deal, truce δ, {exact} exact re-solves), {m:,} "
        f"samples: batch {rate(m, t_full)}, per-variant {rate(5, t_var_full)}; ratio "
        f"{(m / t_full) / (5 / t_var_full):,.0f}×; {m / t_full / TARGET_FULL:.2f} of the "
        f"10^4/s target {load()}"
    )

    # 3. memory of a chunked Monte Carlo
    big = 10**7 if args.big else m
    tracemalloc.start()
    start = time.perf_counter()
    montecarlo(compiled, big, seed=3, keep=10_000, discover=False)
    t_serial = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"3. Monte Carlo of {big:,} draws serially: {rate(big, t_serial)}; peak traced "
        f"{peak / 2**20:,.0f} MB (process peak RSS {rss:,.0f} MB; target ≤ 500 MB) {load()}"
    )
    start = time.perf_counter()
    montecarlo(compiled, big, seed=3, keep=10_000, discover=False)
    t_serial = time.perf_counter() - start  # untraced, for the Dask ratio

    # 4. Dask
    if importlib.util.find_spec("distributed") is None:
        print("4. Dask: distributed not installed (pip install -e '.[whatif]'), skipped")
    else:
        from distributed import Client, LocalCluster

        start = time.perf_counter()
        montecarlo(compiled, big, seed=3, keep=10_000, discover=False, workers=2)
        t_dask = time.perf_counter() - start
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            client.gather(client.map(abs, range(10)))
            start = time.perf_counter()
            client.gather(client.map(abs, range(200), pure=False))
            overhead = (time.perf_counter() - start) / 200
        print(
            f"4. Dask, 2 local workers, {big:,} draws: {rate(big, t_dask)} (cluster start-up "
            f"included); {t_serial / t_dask:.2f}× serial (target ≥ 1.6×); overhead "
            f"{overhead * 1e3:.1f} ms per task {load()}"
        )

    # 5. EMA Workbench
    if importlib.util.find_spec("ema_workbench") is None:
        print("5. EMA Workbench: not installed (pip install -e '.[bench]'), skipped")
    else:
        import logging
        import warnings

        warnings.filterwarnings("ignore", module="ema_workbench")
        from ema_workbench import Model, RealParameter, ScalarOutcome, perform_experiments

        logging.getLogger("EMA").setLevel(logging.WARNING)
        names = {i.path.replace(".", "__"): i.path for i in inputs}

        def model(**kwargs):
            s = compiled.exact({names[k]: v for k, v in kwargs.items() if k in names})
            result = analyse(s, robustness=False)
            return {"equilibria": float(len(result.equilibria.equilibria))}

        ema = Model("negotiation", function=model)
        ema.uncertainties = [RealParameter(k, *compiled.input(p).range) for k, p in names.items()]
        ema.outcomes = [ScalarOutcome("equilibria")]
        k = 10
        start = time.perf_counter()
        perform_experiments(ema, k)
        t_ema = time.perf_counter() - start
        print(
            f"5. EMA Workbench driving the per-variant analysis: {rate(k, t_ema)}; the batch "
            f"full analysis is {(m / t_full) / (k / t_ema):,.0f}× faster {load()}"
        )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
