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


#: what chance reveals about each type, as written in the tree file (scenario inputs)
TYPES = {
    "retaliatory": ["interactions.climbdown.effects.China.security=-0.5"],
    "strategic": [
        "pressures.China.tariff_stability_need=0.3",
        "levers.China.licensing.effects.China.security=1.5",
    ],
}


def test_every_leaf_is_a_scenario_cell_under_its_types_inputs() -> None:
    model = read_sequence(SEQUENCE)
    typed = {t: read_scenario(SCENARIO, sets) for t, sets in TYPES.items()}
    for node in model.tree.nodes:
        if not node.is_leaf:
            continue
        cell = dict(part.split(" ") for part in node.outcome.split(" / "))
        where = model.leaves[node.name]
        scenario = typed[where.path[0][1]]
        assert node.payoffs == payoffs_for_position(scenario, cell), node.name
        assert model.scenario_at(node.name).game == scenario.game


def test_the_types_differ_in_chinas_payoffs_only() -> None:
    model = read_sequence(SEQUENCE)
    by_name = {n.name: n.payoffs for n in model.tree.nodes if n.is_leaf}
    for name, pays in by_name.items():
        if "_r_" in name and name.replace("_r_", "_s_") in by_name:
            other = by_name[name.replace("_r_", "_s_")]
            assert pays[0] == other[0], name  # the US's payoffs do not depend on the type


def test_licensing_then_threat_carried_out_is_the_tariff_cell() -> None:
    model = read_sequence(SEQUENCE)
    base = read_scenario(SCENARIO)
    leaf = _leaf(model, "dec_r_tariffs.hold")
    assert leaf.payoffs[0] == base.game.payoff(("tariffs_software", "licensing"))[0]


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
    prior = model.tree.uncertain[0]
    assert prior.path == "nodes.type.moves.retaliatory.probability"
    assert prior.range == (Fraction(1, 5), Fraction(4, 5))


def test_every_types_difference_is_a_ranged_input_with_a_reason() -> None:
    model = read_sequence(SEQUENCE)
    revealed = [u for u in model.tree.uncertain if ".set." in u.path]
    assert len(revealed) == 3
    for u in revealed:
        assert u.range is not None and u.range[0] <= u.value <= u.range[1], u.path
        assert u.reason and u.source == "article", u.path


@pytest.mark.parametrize(
    ("override", "moved", "kept"),
    [
        # a strategic type's input moves the strategic leaves only
        (
            "nodes.type.moves.strategic.set.pressures.China.tariff_stability_need=0.5",
            "dec_s_tariffs.hold",
            "dec_r_tariffs.hold",
        ),
        # a retaliatory type's input moves the leaf where it climbs down under tariffs
        (
            "nodes.type.moves.retaliatory.set.interactions.climbdown.effects.China.security=-1",
            "dec_r_tariffs.climb_down",
            "dec_s_tariffs.climb_down",
        ),
        # a scenario pressure moves both types' leaves
        ("pressures.China.deflation=0.9", "dec_s_withdrawn.hold", None),
    ],
)
def test_set_moves_the_right_leaves(override: str, moved: str, kept: str | None) -> None:
    base = {n.name: n.payoffs for n in read_sequence(SEQUENCE).tree.nodes if n.is_leaf}
    varied = {
        n.name: n.payoffs for n in read_sequence(SEQUENCE, [override]).tree.nodes if n.is_leaf
    }
    assert varied[moved][1] != base[moved][1]
    assert varied[moved][0] == base[moved][0]  # China's inputs: the US's payoff stays
    if kept is not None:
        assert varied[kept] == base[kept]


def test_unknown_scenario_move_is_positioned(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = SEQUENCE.read_text(encoding="utf-8").replace(
        "hold: {to: summit_r_hold, scenario_move: hold}",
        "hold: {to: summit_r_hold, scenario_move: hld}",
        1,
    )
    path = tmp_path / "seq.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "us_china_rare_earths.yaml").write_text(
        SCENARIO.read_text(encoding="utf-8"), encoding="utf-8"
    )
    from negotiation.errors import PayoffFileError

    with pytest.raises(PayoffFileError, match="no scenario move 'hld'") as err:
        read_sequence(path)
    assert str(err.value).startswith(f"{path}:")
