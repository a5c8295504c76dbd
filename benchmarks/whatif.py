"""What-if at scale: batch vs per-variant, memory by chunking, Dask vs serial, EMA Workbench.

Side by side in one run, printing ratios and the machine's load beside each row (issue
12, "Speed and memory"); pin it to one core on a shared machine::

    taskset -c 1 .venv/bin/python benchmarks/whatif.py           # 10^6 / 10^5 samples
    taskset -c 1 .venv/bin/python benchmarks/whatif.py --quick   # a smoke run
    .venv/bin/python benchmarks/whatif.py --big                  # 10^7 for memory and Dask
    .venv/bin/python benchmarks/whatif.py --big --rows 34        # rows 3 and 4 only

1. payoffs + pure equilibria + iterated dominance (pure and by mixtures) of the default
   scenario: samples/s of the compiled batch with the numba kernels (``jit=True``; the
   draws timed apart, µs per sample split into evaluate / tolerance / pure / dominance)
   and of the numpy path beside it, vs per-variant ``Scenario.with_overrides`` +
   ``solve(..., "pure")`` + ``iterated_dominance``;
2. full analysis (adds every equilibrium, the Nash deal, the truce's critical δ and
   exact re-solves of ties): ``analyse_batch`` vs per-variant ``with_overrides`` +
   ``analyse`` (which computes the same things);
3. peak memory of the chunked Monte Carlo (discovery off and on), each run in a child
   process that reports its peak RSS (``VmHWM``), and its speed serially;
4. a local Dask cluster of 2 single-threaded workers vs that serial run at the same N:
   started for the run (start-up included) and already running (``--scheduler``, warmed
   by an earlier run), with the overhead per task and a check that the results are the
   serial one's, bit for bit;
5. the EMA Workbench driving the per-variant API (the tool policy analysts reach for),
   if ``ema_workbench`` is installed (``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import inspect
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from negotiation import jit
from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.solvers import iterated_dominance, solve
from negotiation.whatif import batch
from negotiation.whatif.engine import analyse_batch
from negotiation.whatif.execution import DASK_CHUNK, DEFAULT_CHUNK, worker_environ
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
    parser.add_argument(
        "--rows", default="12345", help="which rows to run, e.g. 34 (row 5 needs row 2)"
    )
    args = parser.parse_args()
    n = 2 * 10**5 if args.quick else 10**6
    compiled = compile_scenario(read_scenario(FILE))
    inputs = compiled.inputs
    print(f"default scenario: {len(inputs)} ranged inputs, game {compiled.shape}; {load()}")
    # warm the exact path once (its imports are not what is measured)
    analyse(compiled.scenario, robustness=False)

    if not set(args.rows) & {"1", "2", "5"}:
        rows_3_4(args, compiled, n)
        return

    small = draw(inputs, seed=1, start=0, stop=20)
    if "1" in args.rows:
        # 1. payoffs + pure equilibria + dominance: the kernels (numba), numpy beside them
        kernels = jit.available()
        if kernels:  # numba's import and the kernels' compilation (cached on disk) are not timed
            start = time.perf_counter()
            warm = compiled.payoffs(draw(inputs, seed=1, start=0, stop=64), jit=True)
            batch.pure_equilibria(warm, jit=True)
            batch.dominance(warm, jit=True)
            print(f"   numba kernels ready in {time.perf_counter() - start:.1f} s {load()}")
        # steady state: one untimed chunk on each path first (the allocator's first
        # large arrays are fresh pages; later chunks reuse them)
        first = draw(inputs, seed=1, start=0, stop=DEFAULT_CHUNK)
        for use in (True, False) if kernels else (False,):
            u = compiled.payoffs(first, jit=use)
            batch.dominance(u, tol=batch.tolerance(u), jit=use)
            batch.pure_equilibria(u, jit=use)
        # tape's payoff kernel, once ``payoffs`` takes ``jit=``
        evaluate_jit = "jit" in inspect.signature(compiled.payoffs).parameters
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
                for name, t in zip(
                    ("evaluate", "tolerance", "pure", "dominance"), split, strict=True
                )
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
                ratio = (
                    f"kernels/numpy {t_batch / t_kernel:.2f}× (solvers alone " if kernels else ""
                )
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

    # 3. memory of a chunked Monte Carlo, and 4. Dask, each at the same N
    rows_3_4(args, compiled, n)

    # 5. EMA Workbench
    if "5" not in args.rows:
        return
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


#: draws kept for quantiles and discovery in rows 3 and 4 (montecarlo's default)
KEEP = 100_000


def vm_peak_mb() -> float:
    """This process's peak resident memory (``VmHWM``; ``ru_maxrss`` off Linux), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_montecarlo(samples: int, discover: bool) -> None:
    """Row 3's measured run, in a fresh process: one JSON line on stdout."""
    compiled = compile_scenario(read_scenario(FILE))
    montecarlo(compiled, 20_000, seed=1, discover=discover)  # imports and caches warm
    warm = vm_peak_mb()
    start = time.perf_counter()
    result = montecarlo(compiled, samples, seed=3, keep=KEEP, discover=discover)
    seconds = time.perf_counter() - start
    digest = hashlib.sha256(_dump(result).encode()).hexdigest()
    print(json.dumps({"seconds": seconds, "peak": vm_peak_mb(), "warm": warm, "sha": digest}))


def _dump(result) -> str:
    return json.dumps(result.to_dict(), sort_keys=True, default=float)


def rows_3_4(args: argparse.Namespace, compiled, n: int) -> None:
    big = 10**7 if args.big else n // 10
    t_serial = row_memory(big) if "3" in args.rows else None
    if "4" in args.rows:
        row_dask(compiled, big, t_serial)


def row_memory(big: int) -> float:
    """Row 3: peak RSS of the serial Monte Carlo, discovery off and on, each in a child
    process (tracemalloc slows numpy and misses native buffers). Returns the serial
    seconds with discovery off, for row 4."""
    seconds = 0.0
    for discover in (False, True):
        before = load()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(big), "1" if discover else "0"],
            capture_output=True,
            text=True,
            check=True,
        )
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        if not discover:
            seconds = got["seconds"]
            SERIAL_SHA[big] = got["sha"]
        print(
            f"3. Monte Carlo of {big:,} draws serially, discovery {'on' if discover else 'off'}"
            f": {rate(big, got['seconds'])}; peak RSS {got['peak']:,.0f} MB (after imports "
            f"and a warm-up run {got['warm']:,.0f} MB; target ≤ 500 MB) {before} → {load()}"
        )
    return seconds


#: the serial result's digest by N, to check the Dask runs give the same result
SERIAL_SHA: dict[int, str] = {}


def _noop(x: int) -> int:
    return x


def row_dask(compiled, big: int, t_serial: float | None) -> None:
    """Row 4: a local cluster of 2 single-threaded workers vs the serial run of row 3,
    with cluster start-up included and against an already running (warmed) cluster."""
    if importlib.util.find_spec("distributed") is None:
        print("4. Dask: distributed not installed (pip install -e '.[whatif]'), skipped")
        return
    from distributed import Client, LocalCluster

    if t_serial is None:
        start = time.perf_counter()
        SERIAL_SHA[big] = hashlib.sha256(
            _dump(montecarlo(compiled, big, seed=3, keep=KEEP, discover=False)).encode()
        ).hexdigest()
        t_serial = time.perf_counter() - start
    tasks = -(-big // DASK_CHUNK)
    # what two workers could reach at best here: two serial processes side by side, half
    # the draws each (on a VM two vCPUs may share a physical core, or a neighbour's load)
    before = load()
    half = big // 2
    children = [
        subprocess.Popen(
            [sys.executable, __file__, "--child", str(half), "0"], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    t_two = max(
        json.loads(c.communicate()[0].strip().splitlines()[-1])["seconds"] for c in children
    )
    print(
        f"4. the machine's ceiling: two serial processes side by side, {half:,} draws each: "
        f"{t_serial / t_two:.2f}× one serial process doing all {big:,} {before} → {load()}"
    )
    before = load()
    start = time.perf_counter()
    cold = montecarlo(compiled, big, seed=3, keep=KEEP, discover=False, workers=2)
    t_cold = time.perf_counter() - start
    print(
        f"4a. Dask, 2 local workers started for the run, {big:,} draws in {tasks} tasks: "
        f"{rate(big, t_cold)} (start-up included); {t_serial / t_cold:.2f}× serial (target "
        f"≥ 1.6×); same result as serial: {_same(cold, big)} {before} → {load()}"
    )
    import dask

    # a running cluster as README says to start one: workers without Dask's
    # MALLOC_TRIM_THRESHOLD_ (negotiation.whatif.execution.worker_environ)
    with (
        dask.config.set({"distributed.nanny.pre-spawn-environ": worker_environ()}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        address = cluster.scheduler_address
        # a running cluster that has done a run before: workers hold the imports
        montecarlo(compiled, 2 * DASK_CHUNK, seed=1, discover=False, scheduler=address)
        before = load()
        start = time.perf_counter()
        warm = montecarlo(compiled, big, seed=3, keep=KEEP, discover=False, scheduler=address)
        t_warm = time.perf_counter() - start
        client.gather(client.map(_noop, range(10)))
        start = time.perf_counter()
        client.gather(client.map(_noop, range(400), pure=False))
        overhead = (time.perf_counter() - start) / 400
        print(
            f"4b. Dask, an already running cluster of 2 workers (--scheduler), {big:,} draws: "
            f"{rate(big, t_warm)}; {t_serial / t_warm:.2f}× serial (target ≥ 1.6×); "
            f"overhead {overhead * 1e3:.2f} ms per empty task, {tasks} tasks of "
            f"{DASK_CHUNK:,} draws; the run's time beyond half the serial time: "
            f"{(t_warm - t_serial / 2) / tasks * 1e3:,.0f} ms per task; same result as "
            f"serial: {_same(warm, big)} {before} → {load()}"
        )


def _same(result, big: int) -> str:
    want = SERIAL_SHA.get(big)
    if want is None:
        return "not compared"
    return "yes" if hashlib.sha256(_dump(result).encode()).hexdigest() == want else "NO"


if __name__ == "__main__":
    np.seterr(all="ignore")
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child_montecarlo(int(sys.argv[2]), sys.argv[3] == "1")
    else:
        main()
