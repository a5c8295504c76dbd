"""Scenario trees: leaves priced by the scenario's channel model, so --set moves the tree."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.scenario import read_scenario
from negotiation.scenario.sequence import payoffs_for_position, read_sequence
from tests.repo_paths import PAYOFFS

SEQUENCE = PAYOFFS / "us_china_sequence.yaml"
SCENARIO = PAYOFFS / "us_china_rare_earths.yaml"


def _leaf(model, name: str):  # type: ignore[no-untyped-def]
    return model.tree.nodes[model.tree.index[name]]


def test_every_leaf_is_a_scenario_cell() -> None:
    model = read_sequence(SEQUENCE)
    base = read_scenario(SCENARIO)
    strategic = read_scenario(SCENARIO, ["pressures.China.tariff_stability_need=0.3"])
    for node in model.tree.nodes:
        if not node.is_leaf:
            continue
        cell = dict(part.split(" ") for part in node.outcome.split(" / "))
        scenario = strategic if node.name.startswith(("strategic", "summit_s", "us_s")) else base
        assert node.payoffs == payoffs_for_position(scenario, cell), node.name


def test_licensing_then_threat_carried_out_is_the_tariff_cell() -> None:
    model = read_sequence(SEQUENCE)
    base = read_scenario(SCENARIO)
    leaf = _leaf(model, "us_r_hold.carry_out")
    assert leaf.payoffs == base.game.payoff(("tariffs_software", "licensing"))


@settings(max_examples=8, deadline=None)
@given(st.sampled_from([0.1, 0.3, 0.6, 0.9]))
def test_set_on_a_pressure_moves_the_tree_like_the_matrix(value: float) -> None:
    override = [f"pressures.China.deflation={value}"]
    model = read_sequence(SEQUENCE, override)
    matrix = read_scenario(SCENARIO, override)
    leaf = _leaf(model, "summit_r_hold.defence_ban")
    assert leaf.payoffs == matrix.game.payoff(("hold", "defence_ban"))


def test_set_on_the_prior_changes_the_chance_node() -> None:
    model = read_sequence(SEQUENCE, ["nodes.type.moves.retaliatory.probability=0.3"])
    assert model.tree.root.probabilities == (Fraction(3, 10), Fraction(7, 10))
    (prior,) = model.tree.uncertain
    assert prior.range == (Fraction(1, 5), Fraction(4, 5))


def test_unknown_scenario_move_is_positioned(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = SEQUENCE.read_text(encoding="utf-8").replace(
        "refrain: {scenario_move: suspend}", "refrain: {scenario_move: suspnd}", 1
    )
    path = tmp_path / "seq.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "us_china_rare_earths.yaml").write_text(
        SCENARIO.read_text(encoding="utf-8"), encoding="utf-8"
    )
    from negotiation.errors import PayoffFileError

    with pytest.raises(PayoffFileError, match="no scenario move 'suspnd'") as err:
        read_sequence(path)
    assert str(err.value).startswith(f"{path}:")
