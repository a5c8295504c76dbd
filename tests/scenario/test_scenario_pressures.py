"""The default scenario's pressures decide its outcome, each in the right direction.

Issue 11's bar, each asserted over a sweep of the pressure's declared range (seeded
grids, not single points):

* raising a China stress (deflation, youth unemployment, property decline,
  tariff-stability need, chip want) never raises China's bargaining power nor its
  share; raising a US dependence (mining, processing and magnet shares, defence
  cut-off, lead times) never raises the US's; raising a US hedge (MP stake, floor years,
  alternative supply) never lowers the US's;
* every discount rate stays inside the bounds the file states (2%-20%/year) at every
  corner of the ranges (each rate is monotone in each input, so the corners bound it);
* over seeded draws of *all* ranged inputs the equilibrium outcome is not always the same;
* multiplying one side's payoffs by a positive constant (in the scenario, by scaling its
  weights; in a plain payoff file) changes no equilibrium, deal, power or share.

Bargaining power is α_i = r_j / (r_i + r_j) (Binmore, Rubinstein & Wolinsky 1986). The
share is scale-free: each side's gain over the disagreement point as a fraction of its
own largest gain among the deals that leave the other at least its disagreement payoff
(the Kalai–Smorodinsky ideal point; Kalai & Smorodinsky 1975), as ``bargain --json``
reports it (:func:`negotiation.bargaining.nash.scale_free_shares`); the sweeps are
``benchmarks/pressure_table.py``'s, which prints README's table.
"""

from __future__ import annotations

import importlib.util
import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from negotiation.files import read_payoffs
from negotiation.game import Game
from negotiation.scenario import read_scenario

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "payoffs" / "us_china_rare_earths.yaml"

_spec = importlib.util.spec_from_file_location(
    "pressure_table", ROOT / "benchmarks" / "pressure_table.py"
)
assert _spec is not None and _spec.loader is not None
table = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(table)

CHINA_STRESS = [
    "deflation",
    "youth_unemployment",
    "property_decline",
    "tariff_stability_need",
    "chip_want",
]
US_DEPENDENCE = [
    "mining_share",
    "processing_share",
    "magnet_share",
    "defence_cutoff",
    "mine_lead_time",
    "processing_lead_time",
    "magnet_lead_time",
]
US_HEDGES = ["mp_stake", "price_floor_years", "alternative_supply"]
TOL = 1e-9


@pytest.fixture(scope="module")
def base():  # type: ignore[no-untyped-def]
    return read_scenario(DEFAULT)


def _never_rises(values: list[float]) -> bool:
    return all(b <= a + TOL for a, b in itertools.pairwise(values))


def _series(sweep: list[dict], key: str, who: str) -> list[float]:
    return [point[key][who] for point in sweep]


@pytest.mark.parametrize("name", CHINA_STRESS)
def test_china_stress_never_raises_chinas_power_or_share(base, name: str) -> None:  # type: ignore[no-untyped-def]
    sweep = table.sweep_pressure(base, "China", name, points=5)
    power, share = _series(sweep, "power", "China"), _series(sweep, "share", "China")
    assert _never_rises(power), power
    assert _never_rises(share), share
    assert power[-1] < power[0]  # the pressure bites


@pytest.mark.parametrize("name", US_DEPENDENCE)
def test_us_dependence_never_raises_the_us_power_or_share(base, name: str) -> None:  # type: ignore[no-untyped-def]
    sweep = table.sweep_pressure(base, "US", name, points=5)
    power, share = _series(sweep, "power", "US"), _series(sweep, "share", "US")
    assert _never_rises(power), power
    assert _never_rises(share), share
    assert power[-1] < power[0]


@pytest.mark.parametrize("name", US_HEDGES)
def test_us_hedges_never_lower_the_us_power_or_share(base, name: str) -> None:  # type: ignore[no-untyped-def]
    sweep = table.sweep_pressure(base, "US", name, points=5)
    power, share = _series(sweep, "power", "US"), _series(sweep, "share", "US")
    assert _never_rises(power[::-1]), power
    assert _never_rises(share[::-1]), share
    assert power[-1] > power[0]


def test_discount_rates_stay_within_the_files_bounds_at_every_corner(base) -> None:  # type: ignore[no-untyped-def]
    """Each rate is monotone in each input, so all-low and all-high bound it; the
    inputs that lower a rate (hedges) go the other way."""
    inputs = base.uncertain_inputs()
    hedges = {f"pressures.US.{n}" for n in US_HEDGES}
    for high in (False, True):
        values = {
            r.path: r.range[1] if (high != (r.path in hedges)) else r.range[0] for r in inputs
        }
        s = base.with_overrides(values)
        for player in s.players:
            rate = s.parameters[player]["discount_rate"]
            assert 0.02 - TOL <= rate <= 0.20 + TOL, (player, high, rate)
    rng = np.random.default_rng(11)
    for _ in range(10):
        s = base.with_overrides({r.path: float(rng.uniform(*r.range)) for r in inputs})
        for player in s.players:
            assert 0.02 - TOL <= s.parameters[player]["discount_rate"] <= 0.20 + TOL


def test_a_seeded_sweep_of_all_inputs_meets_more_than_one_equilibrium_outcome(base) -> None:  # type: ignore[no-untyped-def]
    counts = table.random_sweep(base, draws=30, seed=0)
    assert len(counts) > 1, counts


def _scaled_scenario(base, player: str, k: float):  # type: ignore[no-untyped-def]
    """The scenario with every weight of ``player`` multiplied by ``k``."""
    overrides = {}
    for channel in base.channels:
        formula = base.quantity(player, f"weights.{channel}").formula
        try:
            overrides[f"weights.{player}.{channel}"] = k * float(formula)
        except ValueError:  # a formula
            overrides[f"weights.{player}.{channel}"] = f"{k} * ({formula})"
    return base.with_overrides(overrides)


def _headline(scenario_or_game) -> tuple:  # type: ignore[no-untyped-def]
    game = getattr(scenario_or_game, "game", scenario_or_game)
    point = table.outcome(scenario_or_game) if hasattr(scenario_or_game, "game") else None
    eqs = tuple(sorted(table._names(game, q) for q in table.pure_equilibria(game).equilibria))
    if point is None:
        return (eqs,)
    return (
        eqs,
        tuple(round(point["power"][p], 9) for p in game.players),
        tuple(round(point["share"][p], 3) for p in game.players),  # weights keep 4 decimals,
    )


@pytest.mark.parametrize(("player", "k"), [("US", 2.5), ("China", 0.4), ("China", 7.0)])
def test_scaling_one_sides_payoffs_in_the_scenario_changes_no_headline(base, player, k) -> None:  # type: ignore[no-untyped-def]
    scaled = _scaled_scenario(base, player, k)
    i = base.players.index(player)
    assert np.allclose(
        np.array(scaled.game.payoffs[i], dtype=float),
        k * np.array(base.game.payoffs[i], dtype=float),
        atol=1e-3,
    )
    assert _headline(scaled) == _headline(base)


@pytest.mark.parametrize("seed", range(4))
def test_scaling_one_sides_payoffs_in_a_payoff_file_changes_no_headline(seed) -> None:  # type: ignore[no-untyped-def]
    from negotiation.workflows.bargain import bargain

    rng = np.random.default_rng(seed)
    game = read_payoffs(ROOT / "payoffs" / "chicken.yaml")
    k = Fraction(int(rng.integers(1, 50)), int(rng.integers(1, 50)))
    who = int(rng.integers(0, 2))
    payoffs = np.array(game.exact, dtype=object)
    payoffs[who] = payoffs[who] * k
    scaled = Game(game.players, game.moves, payoffs, title=game.title)

    def summary(g: Game) -> tuple:
        nash = bargain(g).nash
        eqs = tuple(sorted(table._names(g, q) for q in table.pure_equilibria(g).equilibria))
        return eqs, nash.share, nash.power, nash.lottery

    assert summary(scaled) == summary(game)
