"""What-if at scale: batch vs per-variant, memory by chunking, Dask vs serial, EMA Workbench.

Side by side in one run, printing ratios (issue 12, "Speed and memory")::

    .venv/bin/python benchmarks/whatif.py            # 10^6 samples for the batch rows
    .venv/bin/python benchmarks/whatif.py --quick    # 10^5, a smoke run
    .venv/bin/python benchmarks/whatif.py --big      # also 10^7 for memory and Dask

1. payoffs + pure equilibria + pure dominance of the default scenario: samples/s of the
   compiled batch vs per-variant ``Scenario.with_overrides`` + ``solve(..., "pure")`` +
   ``iterated_dominance``;
2. full analysis (adds every equilibrium, the Nash deal, exact re-solves of ties):
   ``analyse_batch`` vs per-variant ``with_overrides`` + ``solve(..., "all")`` + ``bargain``;
3. peak resident memory of a chunked Monte Carlo (65,536 draws a chunk);
4. a local Dask cluster of 2 workers vs serial at the same N, and the overhead per task;
5. the EMA Workbench driving the per-variant API (the tool policy analysts reach for),
   if ``ema_workbench`` is installed (``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import time
from pathlib import Path

import numpy as np

from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.solvers import iterated_dominance, solve
from negotiation.whatif import batch
from negotiation.whatif.engine import analyse_batch
from negotiation.whatif.montecarlo import montecarlo
from negotiation.whatif.sampling import draw
from negotiation.workflows.bargain import bargain

FILE = Path(__file__).parents[1] / "payoffs" / "us_china_rare_earths.yaml"


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} samples/s"


def per_variant(compiled, values, n, full: bool) -> float:
    start = time.perf_counter()
    for k in range(n):
        s = compiled.exact({p: float(v[k]) for p, v in values.items()})
        if full:
            solve(s.game, "all")
            bargain(s)
        else:
            solve(s.game, "pure")
            iterated_dominance(s.game)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--big", action="store_true")
    args = parser.parse_args()
    n = 10**5 if args.quick else 10**6
    compiled = compile_scenario(read_scenario(FILE))
    inputs = compiled.inputs

    # 1. payoffs + pure equilibria + dominance
    start = time.perf_counter()
    for a in range(0, n, 65536):
        values = draw(inputs, seed=1, start=a, stop=min(a + 65536, n))
        u = compiled.payoffs(values)
        batch.pure_equilibria(u)
        batch.pure_dominance(u)
    t_batch = time.perf_counter() - start
    small = draw(inputs, seed=1, start=0, stop=20)
    t_var = per_variant(compiled, small, 20, full=False)
    print(
        f"1. payoffs + pure equilibria + dominance: batch {rate(n, t_batch)}, per-variant "
        f"{rate(20, t_var)}; ratio {(n / t_batch) / (20 / t_var):,.0f}×"
    )

    # 2. full analysis
    m = n // 10
    start = time.perf_counter()
    for a in range(0, m, 65536):
        analyse_batch(compiled, draw(inputs, seed=2, start=a, stop=min(a + 65536, m)))
    t_full = time.perf_counter() - start
    t_var_full = per_variant(compiled, small, 5, full=True)
    print(
        f"2. full analysis (all equilibria, deal, exact ties): batch {rate(m, t_full)}, "
        f"per-variant {rate(5, t_var_full)}; ratio {(m / t_full) / (5 / t_var_full):,.0f}×"
    )

    # 3. memory of a chunked Monte Carlo
    big = 10**7 if args.big else m
    start = time.perf_counter()
    montecarlo(compiled, big, seed=3, keep=10_000, discover=False)
    t_serial = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"3. Monte Carlo of {big:,} draws serially: {rate(big, t_serial)}; peak RSS {peak_mb:,.0f} MB"
    )

    # 4. Dask
    if importlib.util.find_spec("distributed") is None:
        print("4. Dask: distributed not installed, skipped")
    else:
        from distributed import Client, LocalCluster

        start = time.perf_counter()
        montecarlo(compiled, big, seed=3, keep=10_000, discover=False, workers=2)
        t_dask = time.perf_counter() - start
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            client.gather(client.map(lambda x: x, range(10)))
            start = time.perf_counter()
            client.gather(client.map(lambda x: x, range(200), pure=False))
            overhead = (time.perf_counter() - start) / 200
        print(
            f"4. Dask, 2 local workers: {rate(big, t_dask)} (cluster start-up included); "
            f"{t_serial / t_dask:.2f}× serial; overhead {overhead * 1e3:.1f} ms per task"
        )

    # 5. EMA Workbench
    if importlib.util.find_spec("ema_workbench") is None:
        print("5. EMA Workbench: not installed (pip install -e '.[bench]'), skipped")
    else:
        from ema_workbench import Model, RealParameter, ScalarOutcome, perform_experiments

        def model(**kwargs):
            s = compiled.exact({k.replace("__", "."): v for k, v in kwargs.items()})
            eqs = solve(s.game, "all")
            return {"equilibria": float(len(eqs.equilibria))}

        ema = Model("negotiation", function=model)
        ema.uncertainties = [RealParameter(i.path.replace(".", "__"), *i.range) for i in inputs]
        ema.outcomes = [ScalarOutcome("equilibria")]
        k = 20
        start = time.perf_counter()
        perform_experiments(ema, k)
        t_ema = time.perf_counter() - start
        print(
            f"5. EMA Workbench on the per-variant API: {rate(k, t_ema)}; batch is {(m / t_full) / (k / t_ema):,.0f}× faster"
        )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
