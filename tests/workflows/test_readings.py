"""The analysis reading names each game by its ordinal class and never contradicts itself.

Classes after Robinson & Goforth (2005), *The Topology of the 2×2 Games*, with Bruns's
(2015) names; brinkmanship in Schelling's sense (*The Strategy of Conflict*, 1960, ch. 8,
"The threat that leaves something to chance") only where a mixed equilibrium puts
weight on an outcome that is the worst for both sides.
"""

from __future__ import annotations

import pytest

from negotiation.data import shipped
from negotiation.workflows.analyse import analyse
from negotiation.workflows.load import load_model


def reading(name: str) -> str:
    return " ".join(analyse(load_model(shipped(name))).reading())


def test_only_the_prisoners_dilemma_is_called_a_prisoners_dilemma_trap() -> None:
    assert "the trap of a prisoner's dilemma" in reading("prisoners_dilemma.yaml")
    stag = reading("stag_hunt.yaml")
    assert "prisoner's dilemma" not in stag
    assert "also an equilibrium" in stag and "Stag Hunt" in stag


@pytest.mark.parametrize(
    "name", ["coordination.yaml", "matching_pennies.yaml", "battle_of_the_sexes.yaml"]
)
def test_no_brinkmanship_without_a_mutual_disaster(name: str) -> None:
    assert "brinkmanship" not in reading(name)


def test_chicken_is_brinkmanship_with_the_risk_stated() -> None:
    text = reading("chicken.yaml")
    assert "Chicken" in text
    # 1/2 straight each in the mixed equilibrium: the crash with probability 1/4
    assert "with probability 25% both end at straight / straight" in text
    assert "brinkmanship" in text


def test_the_default_scenario_names_each_sides_preference_type() -> None:
    text = reading("us_china_rare_earths.yaml")
    assert "Its 2×2 core (US ease_chips or hold; China suspend or defence_ban)" in text
    assert "US has prisoner's-dilemma preferences, China stag-hunt preferences" in text
    assert "the trap of a prisoner's dilemma" not in text
