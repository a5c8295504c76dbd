"""Scenario discovery (PRIM) on the default scenario's own Monte Carlo draws.

Side by side in one run, printing ratios and the machine's load beside each row; pin it
to one core on a shared machine::

    taskset -c 1 .venv/bin/python benchmarks/prim.py           # 10^4 and 10^5 draws
    taskset -c 1 .venv/bin/python benchmarks/prim.py --quick   # 10^4 only

For each size, the draws and outcomes come from ``montecarlo(..., discover=False)`` (not
timed); then, for every equilibrium set and deal outcome between 1% and 99% of the draws
(what ``montecarlo`` runs PRIM on):

1. ours: ``sort_draws`` once, then ``prim_box`` per outcome (the sorted, blocked peeling);
2. the previous implementation (``tests/whatif/prim_reference.py``: ``np.quantile`` over
   the whole box at every step), and whether its boxes equal ours bit for bit;
3. the EMA Workbench's ``prim`` (``pip install -e ".[bench]"``), objective ``ORIGINAL``
   (the densest peel, as ours), ``peel_alpha`` 0.05, ``mass_min`` 0.05, at 10^4 draws
   only: its time, and the density of its peeling trajectory's densest box that still
   covers half the outcome's draws — a cross-check of the boxes' quality, not of their
   digits (its quantiles, and its pasting, differ).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.whatif.montecarlo import montecarlo
from negotiation.whatif.prim import prim_box, sort_draws

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
from tests.whatif.prim_reference import reference_box  # noqa: E402

FILE = ROOT / "payoffs" / "us_china_rare_earths.yaml"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"[load {one:.2f} / {five:.2f}, {os.cpu_count()} cores]"


def outcomes(mc) -> list[tuple[str, np.ndarray]]:
    """The (name, indicator) of every outcome ``montecarlo`` runs discovery on."""
    out = []
    for what in ("equilibria", "deal"):
        labels = mc.draws[what]
        for value in dict.fromkeys(labels):
            y = labels == value
            if 0.01 <= y.mean() <= 0.99:
                out.append((f"{what} {value}", y))
    return out


def ema(x: np.ndarray, names: list[str], y: np.ndarray) -> tuple[float, float, float]:
    """EMA Workbench PRIM: seconds, and its densest box covering ≥ 0.5 (density, coverage)."""
    import pandas as pd
    from ema_workbench.analysis import prim as ema_prim

    frame = pd.DataFrame(x, columns=names)
    start = time.perf_counter()
    alg = ema_prim.Prim(
        frame,
        y,
        threshold=0.0,
        obj_function=ema_prim.PRIMObjectiveFunctions.ORIGINAL,
        peel_alpha=0.05,
        mass_min=0.05,
    )
    box = alg.find_box()
    seconds = time.perf_counter() - start
    traj = box.peeling_trajectory  # "mean" is the share of the box with the outcome
    coverage = traj["mean"] * traj["n"] / y.sum()
    ok = traj[coverage >= 0.5]
    best = ok["mean"].idxmax()
    return seconds, float(ok.loc[best, "mean"]), float(coverage[best])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^4 draws only")
    args = parser.parse_args()
    compiled = compile_scenario(read_scenario(FILE))
    names = [i.path for i in compiled.inputs]
    have_ema = importlib.util.find_spec("ema_workbench") is not None
    for n in (10_000,) if args.quick else (10_000, 100_000):
        mc = montecarlo(compiled, n, seed=0, discover=False)
        x = np.stack([mc.draws[p] for p in names], axis=1)
        cases = outcomes(mc)
        print(f"\n{n:,} draws x {len(names)} inputs, {len(cases)} outcomes {load()}")
        start, cpu = time.perf_counter(), time.process_time()
        presorted = sort_draws(x)
        sort_s = time.perf_counter() - start
        ours, boxes = 0.0, []
        for _, y in cases:
            start = time.perf_counter()
            boxes.append(prim_box(x, y, names, presorted=presorted))
            ours += time.perf_counter() - start
        cpu = time.process_time() - cpu
        print(
            f"  ours: {sort_s + ours:.2f} s (sort {sort_s:.2f} s, peeling {ours:.2f} s; "
            f"CPU {cpu:.2f} s) {load()}"
        )
        start, cpu, same = time.perf_counter(), time.process_time(), 0
        for (_, y), box in zip(cases, boxes, strict=True):
            limits, coverage, density, mass = reference_box(x, y)
            same += box.limits == {names[k]: v for k, v in limits.items()} and (
                box.coverage,
                box.density,
                box.mass,
            ) == (coverage, density, mass)
        old, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"  previous implementation: {old:.2f} s (CPU {cpu:.2f} s), "
            f"{old / (sort_s + ours):.1f}x ours; "
            f"boxes equal bit for bit: {same}/{len(cases)} {load()}"
        )
        if have_ema and n <= 10_000:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for (name, y), box in zip(cases, boxes, strict=True):
                    seconds, dens, cov = ema(x, names, y)
                    print(
                        f"  EMA prim {name}: {seconds:.2f} s; densest box covering half: "
                        f"density {dens:.3f}, coverage {cov:.3f} — ours {box.density:.3f}, "
                        f"{box.coverage:.3f}"
                    )
        elif not have_ema:
            print("  EMA Workbench not installed (extra 'bench'): cross-check skipped")


if __name__ == "__main__":
    main()
