"""Comparative statics of the default scenario's bargaining outcome (issue 4).

Raising a pressure that makes no deal costlier for a side must never raise that side's
bargaining share. The scenario's numbers were chosen so the Nash deal lies inside an
edge of the Pareto frontier (a mix of hold / suspend and ease_chips / suspend). On a
straight edge the first-order condition of the asymmetric Nash product makes the ratio
of the two sides' gains depend only on bargaining power and the edge's slope, not on the
disagreement point (see Muthoo 1999, *Bargaining Theory with Applications*, ch. 2, for
the asymmetric Nash solution). These sweeps guard that design against later edits.
"""

from __future__ import annotations

import itertools

import pytest

bargaining = pytest.importorskip(
    "negotiation.workflows.bargain", reason="the bargaining package is written separately"
)

SWEEPS = [
    ("China", "deflation", [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    ("China", "youth_unemployment", [0.0, 0.25, 0.5, 0.75, 1.0]),
    ("China", "property_decline", [0.0, 0.2, 0.4, 0.6, 0.8]),
    ("US", "magnet_share", [0.6, 0.7, 0.8, 0.9, 1.0]),
    ("US", "processing_share", [0.6, 0.7, 0.8, 0.9, 1.0]),
    ("US", "mine_lead_time", [10, 15, 20, 25, 30, 35]),
]


@pytest.mark.parametrize(
    ("player", "pressure", "values"), SWEEPS, ids=[f"{p}.{n}" for p, n, _ in SWEEPS]
)
def test_more_pressure_never_raises_the_share(default_scenario, player, pressure, values) -> None:  # type: ignore[no-untyped-def]
    power, nash, rubinstein = [], [], []
    for value in values:
        variant = default_scenario.with_overrides({f"pressures.{player}.{pressure}": value})
        result = bargaining.bargain(variant).to_dict()
        power.append(result["nash"]["bargaining_power"][player])
        nash.append(result["nash"]["share"][player])
        rubinstein.append(result["rubinstein"]["share"][player])
    for series in (power, nash, rubinstein):
        assert all(b <= a + 1e-12 for a, b in itertools.pairwise(series)), series
    assert power[-1] < power[0]  # and the pressure does bite
