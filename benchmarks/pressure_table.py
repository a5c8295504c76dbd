"""Which pressures move which outputs of the default scenario, and by how much.

Run ``python benchmarks/pressure_table.py`` (from the repository root) to print the table
in README's "How the model works": for each pressure, swept over its declared range with
every other input at its value, the equilibrium outcomes met, each side's discount rate,
bargaining power and scale-free share of the Nash deal. ``--sweep N`` also draws N seeded
points of *all* ranged inputs at once and counts the equilibrium outcomes met.

The share is ``bargain --json``'s scale-free share: each side's gain over the
disagreement point as a fraction of its own largest gain among the feasible deals that
leave the other no worse than disagreement (the Kalai–Smorodinsky ideal point; Kalai &
Smorodinsky 1975, see :func:`negotiation.bargaining.nash.scale_free_shares`).
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import numpy as np

from negotiation.scenario import read_scenario
from negotiation.solvers.pure import pure_equilibria
from negotiation.workflows.bargain import bargain

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "payoffs" / "us_china_rare_earths.yaml"


def _names(game, equilibrium) -> str:  # type: ignore[no-untyped-def]
    """``"hold / defence_ban"`` for a pure equilibrium."""
    moves = [game.moves[k][int(np.argmax(s))] for k, s in enumerate(equilibrium.floats)]
    return " / ".join(moves)


def outcome(scenario) -> dict:  # type: ignore[no-untyped-def]
    """Equilibrium outcomes, rates, powers and scale-free shares of one scenario."""
    game = scenario.game
    result = bargain(scenario).to_dict()
    nash = result["nash"]
    players = game.players
    names = sorted(_names(game, q) for q in pure_equilibria(game).equilibria)
    return {
        "equilibria": names,
        "rate": {p: scenario.parameters[p]["discount_rate"] for p in players},
        "power": {p: float(nash["bargaining_power"][p]) for p in players},
        "share": {p: float(nash["share"][p]) for p in players},
    }


def sweep_pressure(base, player: str, name: str, points: int = 5) -> list[dict]:  # type: ignore[no-untyped-def]
    """:func:`outcome` at ``points`` evenly spaced values of one pressure's range."""
    lo, hi = base.pressures[player][name].range
    return [
        outcome(base.with_overrides({f"pressures.{player}.{name}": float(v)}))
        for v in np.linspace(lo, hi, points)
    ]


def random_sweep(base, draws: int, seed: int = 0) -> collections.Counter[str]:  # type: ignore[no-untyped-def]
    """Equilibrium outcomes met over ``draws`` seeded uniform draws of every ranged input."""
    rng = np.random.default_rng(seed)
    inputs = base.uncertain_inputs()
    counts: collections.Counter[str] = collections.Counter()
    for _ in range(draws):
        values = {r.path: float(rng.uniform(*r.range)) for r in inputs}
        variant = base.with_overrides(values)
        names = sorted(_names(variant.game, q) for q in pure_equilibria(variant.game).equilibria)
        counts[", ".join(names) or "no pure equilibrium"] += 1
    return counts


def deciders(base, draws: int, seed: int = 0, top: int = 8) -> list[str]:  # type: ignore[no-untyped-def]
    """The inputs that decide the equilibrium outcome over seeded draws of all of them.

    For each ranged input: how often each outcome is met when the input is in the lower
    versus the upper half of its range; the inputs whose halves differ most come first.
    """
    rng = np.random.default_rng(seed)
    inputs = base.uncertain_inputs()
    rows = []
    for _ in range(draws):
        values = {r.path: float(rng.uniform(*r.range)) for r in inputs}
        variant = base.with_overrides(values)
        eqs = pure_equilibria(variant.game).equilibria
        rows.append((values, ", ".join(sorted(_names(variant.game, q) for q in eqs))))
    outcomes = sorted({o for _, o in rows})
    scored = []
    for r in inputs:
        mid = (r.range[0] + r.range[1]) / 2
        low = [o for v, o in rows if v[r.path] < mid]
        high = [o for v, o in rows if v[r.path] >= mid]
        if not low or not high:
            continue
        freq = {o: (low.count(o) / len(low), high.count(o) / len(high)) for o in outcomes}
        spread = sum(abs(b - a) for a, b in freq.values())
        scored.append((spread, r.path, freq))
    scored.sort(key=lambda t: -t[0])
    lines = [
        "| input (low half → high half of its range) | " + " | ".join(outcomes) + " |",
        "|---|" + "---|" * len(outcomes),
    ]
    for _, path, freq in scored[:top]:
        cells = " | ".join(f"{freq[o][0]:.0%} → {freq[o][1]:.0%}" for o in outcomes)
        lines.append(f"| `{path}` | {cells} |")
    return lines


def table(base) -> str:  # type: ignore[no-untyped-def]
    """The README table: one row per pressure, its low and high end side by side."""
    rows = [
        "| pressure | range | equilibria met | r US | r China | power US | share US | share China |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for player, named in base.pressures.items():
        for name, pressure in named.items():
            sweep = sweep_pressure(base, player, name)
            lo, hi = sweep[0], sweep[-1]
            met = sorted({e for point in sweep for e in point["equilibria"]})

            def span(key: str, who: str, lo: dict = lo, hi: dict = hi) -> str:  # type: ignore[type-arg]
                return f"{lo[key][who]:.3g} → {hi[key][who]:.3g}"

            rows.append(
                f"| {player}.{name} | {pressure.range[0]:g}–{pressure.range[1]:g} | "
                f"{'; '.join(met)} | {span('rate', 'US')} | {span('rate', 'China')} | "
                f"{span('power', 'US')} | {span('share', 'US')} | {span('share', 'China')} |"
            )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", type=int, default=0, help="also draw N points of all inputs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    base = read_scenario(SCENARIO)
    print(table(base))
    if args.sweep:
        print()
        for name, count in random_sweep(base, args.sweep, args.seed).most_common():
            print(f"{count:4d}  {name}")
        print()
        print("\n".join(deciders(base, args.sweep, args.seed)))


if __name__ == "__main__":
    main()
