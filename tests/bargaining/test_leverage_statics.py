"""Comparative statics on the default US–China scenario, each over a sweep of a pressure.

The issue's correctness bar: China's stress pressures raise its cost of delay, so they
never raise China's bargaining power α_i = r_j / (r_i + r_j) (Binmore, Rubinstein &
Wolinsky 1986) nor its share of the surplus in the Nash and Rubinstein deals; US
chokepoint dependence raises the US's cost of delay and worsens its escalation payoff,
so it never raises the US's power or share. Each is asserted over a sweep of the
pressure's declared range, not at one point.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from negotiation.workflows.bargain import bargain

#: the shipped payoff files (tests/<folder>/<file> -> repository root)
PAYOFFS = Path(__file__).resolve().parents[2] / "payoffs"

SCENARIO = PAYOFFS / "us_china_rare_earths.yaml"
scenario = pytest.importorskip(
    "negotiation.scenario", reason="the scenario package builds the default scenario"
)


def _sweep(player: str, pressure: str, who: str, points: int = 5) -> dict[str, list[Fraction]]:
    """Bargaining power and Nash / Rubinstein surplus shares of ``who`` along a sweep."""
    base = scenario.read_scenario(SCENARIO)
    lo, hi = base.pressures[player][pressure].range
    out: dict[str, list[Fraction]] = {"power": [], "nash": [], "rubinstein": []}
    for value in np.linspace(lo, hi, points):
        sc = scenario.read_scenario(SCENARIO, overrides=[f"pressures.{player}.{pressure}={value}"])
        result = bargain(sc)
        k = sc.game.players.index(who)
        out["power"].append(result.leverage[who].bargaining_power)
        out["nash"].append(result.nash.share[k])
        out["rubinstein"].append(result.rubinstein.share[k])
    return out


def _never_rises(values: list[Fraction]) -> bool:
    return all(b <= a for a, b in itertools.pairwise(values))


@pytest.mark.parametrize(
    ("player", "pressure"),
    [
        ("China", "deflation"),
        ("China", "property_decline"),
        ("US", "magnet_share"),
        ("US", "mining_share"),
    ],
)
def test_a_sides_pressure_never_raises_its_bargaining_share(player, pressure):
    # China's stress raises its cost of delay; US dependence raises the US's (and worsens
    # its escalation payoff): neither may raise that side's power or surplus share
    sweep = _sweep(player, pressure, player)
    for measure in ("power", "nash", "rubinstein"):
        assert _never_rises(sweep[measure]), (measure, sweep[measure])
    assert sweep["power"][-1] < sweep["power"][0]  # the pressure matters at all
    assert sweep["nash"][-1] < sweep["nash"][0]


def test_defence_cutoff_never_raises_us_bargaining_power():
    # the Dec. 1 defence-buyer ban raises the US cost of delay on rare earths
    powers = _sweep("US", "defence_cutoff", "US", points=4)["power"]
    assert _never_rises(powers) and powers[-1] < powers[0]


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
    # scale-free shares: each a fraction of that side's own largest gain (issue 11 item 4)
    for method in ("nash", "rubinstein"):
        assert all(0 <= s <= 1 + 1e-12 for s in result[method]["share"].values())
