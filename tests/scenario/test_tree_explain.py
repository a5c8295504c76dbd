"""``explain`` on a game tree: each leaf's payoffs traced exactly to its path and the scenario."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from negotiation.cli.main import main
from negotiation.scenario.sequence import read_tree_model
from negotiation.scenario.tree_explain import explain_leaf, find_leaf, leaf_paths
from tests.repo_paths import PAYOFFS

SEQUENCE = PAYOFFS / "us_china_sequence.yaml"


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return read_tree_model(SEQUENCE)


def test_every_leaf_adds_up_exactly_to_its_payoffs(model) -> None:  # type: ignore[no-untyped-def]
    for name in leaf_paths(model.tree):
        why = explain_leaf(model, name)
        assert why.cell is not None
        for player, pay in zip(why.players, why.payoffs, strict=True):
            terms = why.cell[player].terms
            assert sum((t.contribution for t in terms), Fraction(0)) == pay, name
            assert all(t.weight * t.effect == t.contribution for t in terms)


def test_the_position_is_the_levers_pulled_on_the_path(model) -> None:  # type: ignore[no-untyped-def]
    why = explain_leaf(model, "strategic/threaten/hold/withdraw/defence_ban")
    assert why.position == {"US": "hold", "China": "defence_ban"}
    why = explain_leaf(model, "retaliatory/threaten/climb_down")
    # the threat lapses before it is carried out: the US is still at its status quo
    assert why.position == {"US": "hold", "China": "suspend"}
    why = explain_leaf(model, "dec_r_tariffs.climb_down")
    assert why.position == {"US": "tariffs_software", "China": "suspend"}
    parts = {p.label for t in why.cell["China"].terms for p in t.parts}
    assert "interaction climbdown" in parts and "US lever tariff_100" in parts


def test_what_chance_revealed_is_listed_with_its_provenance(model) -> None:  # type: ignore[no-untyped-def]
    why = explain_leaf(model, "strategic/hold/hold")
    paths = [r["path"] for r in why.revealed]
    assert paths == [
        "pressures.China.tariff_stability_need",
        "levers.China.licensing.effects.China.security",
    ]
    assert all(r["range"] and r["reason"] for r in why.revealed)
    assert explain_leaf(model, "retaliatory/hold/hold").revealed[0]["value"] == "-0.5"


def test_set_moves_the_explained_leaf(capsys: pytest.CaptureFixture[str]) -> None:
    leaf = "strategic/threaten/hold/carry_out/hold"
    argv = ["explain", str(SEQUENCE), leaf, "--json"]
    assert main(argv) == 0
    base = json.loads(capsys.readouterr().out)
    override = "nodes.type.moves.strategic.set.pressures.China.tariff_stability_need=0.5"
    assert main([*argv, "--set", override]) == 0
    varied = json.loads(capsys.readouterr().out)
    assert varied["payoffs"]["US"] == base["payoffs"]["US"]
    assert Fraction(varied["payoffs"]["China"]) < Fraction(base["payoffs"]["China"])
    assert varied["revealed"][0]["value"] == "0.5"


def test_without_a_leaf_the_leaves_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(SEQUENCE)]) == 0
    out = capsys.readouterr().out
    assert "20 leaves, payoffs built by the scenario" in out
    assert "retaliatory/threaten/hold/carry_out/climb_down" in out
    assert "Take one apart" in out


def test_a_plain_tree_says_its_payoffs_are_typed_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(PAYOFFS / "trees" / "entry_deterrence.yaml"), "in/fight"]) == 0
    out = capsys.readouterr().out
    assert "typed in" in out and "Selten" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", str(SEQUENCE), "retaliatory/threaten/nonsense"],
        ["explain", str(SEQUENCE), "--cell", "hold", "suspend"],
        ["explain", str(PAYOFFS / "us_china_rare_earths.yaml"), "some/leaf"],
    ],
)
def test_bad_leaf_is_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_find_leaf_accepts_arrows(model) -> None:  # type: ignore[no-untyped-def]
    assert find_leaf(model.tree, "retaliatory → hold → hold") == "summit_r_hold.hold"
