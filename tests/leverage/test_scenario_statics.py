"""Comparative statics on the default US–China scenario, each over a sweep of a pressure.

The bargaining power α_i = r_j / (r_i + r_j) (Binmore, Rubinstein & Wolinsky 1986) must
move the way the issue's correctness bar demands: China's stress pressures raise its
cost of delay, so they never raise China's power; US chokepoint dependence raises the
US's cost of delay on rare earths, so it never raises the US's power.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from conftest import PAYOFFS

from negotiation.bargaining import bargain
from negotiation.leverage import leverage

SCENARIO = PAYOFFS / "us_china_rare_earths.yaml"
scenario = pytest.importorskip(
    "negotiation.scenario", reason="the scenario package builds the default scenario"
)


def _sweep(player: str, pressure: str, who: str, points: int = 5) -> list[Fraction]:
    base = scenario.read_scenario(SCENARIO)
    lo, hi = base.pressures[player][pressure].range
    powers = []
    for value in np.linspace(lo, hi, points):
        sc = scenario.read_scenario(SCENARIO, overrides=[f"pressures.{player}.{pressure}={value}"])
        lev = leverage(sc)
        powers.append(lev[who].bargaining_power)
    return powers


@pytest.mark.parametrize("pressure", ["deflation", "property_decline"])
def test_china_stress_never_raises_china_bargaining_power(pressure):
    powers = _sweep("China", pressure, "China")
    assert all(b <= a for a, b in itertools.pairwise(powers)), powers
    assert powers[-1] < powers[0]  # the pressure matters at all


@pytest.mark.parametrize("pressure", ["magnet_share", "defence_cutoff"])
def test_us_dependence_never_raises_us_bargaining_power(pressure):
    powers = _sweep("US", pressure, "US")
    assert all(b <= a for a, b in itertools.pairwise(powers)), powers
    assert powers[-1] < powers[0]


def test_china_impatience_never_raises_its_deal_share_in_the_scenario_game():
    # holding the scenario's game and escalation point fixed, a higher Chinese discount
    # rate never raises China's Nash or Rubinstein share of the surplus (Rubinstein 1982)
    sc = scenario.read_scenario(SCENARIO)
    r_us = sc.parameters["US"]["discount_rate"]
    nash, rub = [], []
    for r_china in np.linspace(0.02, 0.5, 5):
        result = bargain(sc, discount_rates={"US": r_us, "China": float(r_china)})
        nash.append(result.nash.share[1])
        rub.append(result.rubinstein.share[1])
    assert all(b <= a for a, b in itertools.pairwise(nash)), nash
    assert all(b <= a for a, b in itertools.pairwise(rub)), rub
    assert rub[-1] < rub[0]


def test_scenario_bargain_has_linkage_over_the_three_issues():
    result = bargain(scenario.read_scenario(SCENARIO)).to_dict()
    assert set(result["linkage"]["issues"]) == {"rare_earth_licences", "chip_access", "tariffs"}
    assert sum(result["nash"]["share"].values()) == pytest.approx(1)
    assert sum(result["rubinstein"]["share"].values()) == pytest.approx(1)
