"""Evaluating a compiled scenario: numpy's formula walk vs the numba kernel (scenario.tape).

``CompiledScenario.evaluate`` turns N samples of the default scenario's 64 ranged inputs
into payoffs, weights, effects and parameters. It prints samples/s of both paths (the
draws made beforehand), best of several runs, in wall-clock and CPU time, at chunks of
4,096, 16,384 (the what-if default) and 65,536 samples, with their ratio and the
machine's load; then the kernel's first call in a fresh process with an empty numba
cache (compilation) and with the cache filled. Both paths give the same arrays bit for
bit (tests/scenario/test_compiled_kernel.py); this only times them. Pin it to one core
on a shared machine::

    taskset -c 1 .venv/bin/python benchmarks/evaluate.py
    taskset -c 1 .venv/bin/python benchmarks/evaluate.py --quick
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILE = Path(__file__).parents[1] / "payoffs" / "us_china_rare_earths.yaml"
TARGET = 5e6

_FIRST_CALL = f"""
import time
from pathlib import Path
from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.whatif.sampling import draw
c = compile_scenario(read_scenario(Path({str(FILE)!r})))
values = draw(c.inputs, seed=1, start=0, stop=1000)
start = time.perf_counter()
c.evaluate(values, jit=True)
print(time.perf_counter() - start)
"""


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"[load {one:.2f} / {five:.2f}, {os.cpu_count()} cores]"


def best_rate(compiled, values, n: int, jit: bool, repeats: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best samples/s over ``repeats`` runs: (wall clock, CPU time of this process)."""
    compiled.evaluate(values, jit=jit)
    wall = cpu = float("inf")
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        compiled.evaluate(values, jit=jit)
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return n / wall, n / max(cpu, 1e-9)


def first_call(cache: str) -> float:
    """Seconds of the kernel's first call in a fresh process using numba cache ``cache``."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache, "NEGOTIATION_JIT": "1"}
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_CALL], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.split()[-1])


def main() -> None:
    from negotiation.scenario import read_scenario
    from negotiation.scenario.compiled import compile_scenario
    from negotiation.whatif.sampling import draw

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one chunk size, few runs")
    args = parser.parse_args()
    compiled = compile_scenario(read_scenario(FILE))
    sizes = (16_384,) if args.quick else (4_096, 16_384, 65_536)
    print(f"evaluate, default scenario ({len(compiled.inputs)} inputs), best of several runs")
    for n in sizes:
        values = draw(compiled.inputs, seed=1, start=0, stop=n)
        repeats = 3 if args.quick else max(3, 400_000 // n)
        numpy_wall, numpy_cpu = best_rate(compiled, values, n, False, repeats)
        kernel_wall, kernel_cpu = best_rate(compiled, values, n, True, repeats)
        print(
            f"  chunk {n:>6,}: numpy {numpy_wall / 1e6:.2f}M/s (CPU {numpy_cpu / 1e6:.2f}M/s), "
            f"kernel {kernel_wall / 1e6:.2f}M/s (CPU {kernel_cpu / 1e6:.2f}M/s), "
            f"× {kernel_wall / numpy_wall:.1f} wall, × {kernel_cpu / numpy_cpu:.1f} CPU; "
            f"target {TARGET / 1e6:.0f}M/s {load()}"
        )
    with tempfile.TemporaryDirectory() as cache:
        cold = first_call(cache)
        warm = first_call(cache)
    print(
        f"  first kernel call: {cold:.1f} s with an empty numba cache, {warm:.2f} s cached {load()}"
    )


if __name__ == "__main__":
    main()
