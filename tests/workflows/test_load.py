"""The one loader: every file type, overrides, inputs with their provenance (issue 9)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from negotiation.cli.main import main
from negotiation.data import shipped
from negotiation.errors import (
    NegotiationError,
    NegotiationWarning,
    OverrideError,
    PayoffFileError,
)
from negotiation.files import write_payoffs
from negotiation.inputs import GIVEN, NegotiationInputs
from negotiation.scenario import read_scenario
from negotiation.workflows.load import inputs_from_scenario, load_model, resolve

SCENARIO = shipped()


def test_a_scenario_brings_its_inputs_with_their_sources() -> None:
    model = load_model(SCENARIO)
    assert model.is_scenario and model.doc is not None
    rate = model.inputs.discount_rates["US"]
    # the file's formula and the scenario's own parameter value, not a copy of them
    assert rate.value == Fraction(str(model.scenario.parameters["US"]["discount_rate"]))
    assert rate.formula and rate.pressures and rate.path == "parameters.US.discount_rate"
    assert model.inputs.status_quo == model.scenario.status_quo == ("hold", "licensing")
    assert set(model.inputs.issues) == set(model.scenario.issues)


def test_a_plain_file_gets_the_defaults() -> None:
    model = load_model(shipped("chicken.yaml"))
    assert model.scenario is None
    assert model.inputs == NegotiationInputs.defaults(model.game)
    assert not model.inputs.discount_rates and model.inputs.status_quo is None


def test_overrides_reach_the_inputs() -> None:
    base = load_model(SCENARIO).inputs.discount_rates["China"].value
    hot = load_model(SCENARIO, ["pressures.China.deflation=0.9"]).inputs
    assert hot.discount_rates["China"].value > base


def test_nfg_is_detected_once_and_refuses_overrides(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pd.nfg"
    write_payoffs(load_model(shipped("prisoners_dilemma.yaml")).game, path)
    model = load_model(path)
    assert model.doc is None and model.game.shape == (2, 2)
    with pytest.raises(OverrideError):
        load_model(path, ["payoffs.cooperate.cooperate.0=1"])
    with pytest.raises(PayoffFileError, match="not a scenario"):
        model.require_scenario()


def test_resolve_is_typed_not_duck_typed() -> None:
    scenario = read_scenario(SCENARIO)
    assert resolve(scenario)[1] == inputs_from_scenario(scenario)
    with pytest.raises(NegotiationError):
        resolve(object())  # type: ignore[arg-type]


def test_options_are_marked_as_given() -> None:
    inputs = load_model(SCENARIO).inputs.with_values(discount_rates={"US": "0.2"})
    assert inputs.discount_rates["US"].source == GIVEN
    assert inputs.discount_rates["US"].value == Fraction(1, 5)
    assert inputs.discount_rates["China"].source != GIVEN
    with pytest.raises(NegotiationError):
        inputs.with_values(discount_rates={"EU": 1})


def run_json(capsys, *argv: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.parametrize("command", ["show", "solve", "spe", "repeat"])
def test_every_command_takes_a_scenario_and_set_the_same_way(capsys, command: str) -> None:  # type: ignore[no-untyped-def]
    # before the one loader, repeat and spe read the file as a plain game and lost --set
    # semantics on scenarios; now each sees the variant's payoffs
    extra = {"spe": ["--discount", "0.9"], "repeat": ["--turns", "5", "--seed", "1"]}
    argv = [command, str(SCENARIO), *extra.get(command, [])]
    base = run_json(capsys, *argv)
    variant = run_json(capsys, *argv, "--set", "pressures.China.deflation=0.9")
    assert base != variant


# ------------------------------------------------------------------ every kind, once
KINDS = [
    ("chicken.yaml", "game"),
    ("us_china_rare_earths.yaml", "scenario"),
    ("trees/entry_deterrence.yaml", "tree"),
    ("us_china_sequence.yaml", "tree"),
    ("us_china_dynamics.yaml", "dynamics"),
    ("japan_2010.yaml", "dynamics"),
    ("japan_2010_stage.yaml", "scenario"),
]


@pytest.mark.parametrize(("name", "kind"), KINDS)
def test_the_loader_tells_every_kind_apart(name: str, kind: str) -> None:
    model = load_model(shipped(name))
    assert model.kind == kind
    assert (model.matrix is not None) == (kind in ("game", "scenario"))
    assert (model.tree_model is not None) == (kind == "tree")
    assert (model.dynamics is not None) == (kind == "dynamics")


def test_gambit_files_are_detected_by_the_loader(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.repo_paths import ROOT

    efg = load_model(ROOT / "tests" / "data" / "efg" / "random_00.efg")
    assert efg.kind == "tree" and efg.tree.n_players >= 2
    with pytest.warns(NegotiationWarning, match="renamed"):
        nfg = load_model(ROOT / "tests" / "data" / "nfg_repeated_labels.nfg")
    assert nfg.kind == "game" and nfg.doc is None
    with pytest.raises(OverrideError, match="--set works on YAML files only"):
        load_model(ROOT / "tests" / "data" / "efg" / "random_00.efg", ["x=1"])


def test_a_scenario_tree_splits_its_overrides_between_tree_and_scenario() -> None:
    base = load_model(shipped("us_china_sequence.yaml"))
    moved = load_model(shipped("us_china_sequence.yaml"), ["pressures.China.deflation=0.95"])
    assert base.scenario is not None and moved.scenario is not None
    assert base.scenario.game.payoffs.tolist() != moved.scenario.game.payoffs.tolist()
    assert moved.tree.players == base.tree.players


@pytest.mark.parametrize(
    ("name", "wanted"),
    [("us_china_dynamics.yaml", "`negotiation timeline`"), ("trees/centipede.yaml", "solve")],
)
def test_what_a_kind_does_not_hold_is_one_line_naming_the_command(name: str, wanted: str) -> None:
    model = load_model(shipped(name))
    with pytest.raises(NegotiationError, match=wanted) as caught:
        _ = model.game
    assert "\n" not in str(caught.value)
    with pytest.raises(
        NegotiationError, match=f"`negotiation folk` does not read it; use .*{wanted}"
    ):
        model.require(("game", "scenario"), "folk")


@pytest.mark.parametrize("command", ["leverage", "bargain", "folk", "explain", "repeat", "solve"])
def test_commands_refuse_a_dynamics_file_in_one_line(command: str, capsys) -> None:  # type: ignore[no-untyped-def]
    path = str(shipped("us_china_dynamics.yaml"))
    assert main([command, path]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "dynamics file" in err and "`negotiation timeline`" in err
    assert "unknown key" not in err


def test_show_summarises_a_dynamics_file(capsys) -> None:  # type: ignore[no-untyped-def]
    path = str(shipped("us_china_dynamics.yaml"))
    assert main(["show", path]) == 0
    out = capsys.readouterr().out
    for needle in ("State at the start", "mining", "processing", "magnets", "Moves", "Horizon"):
        assert needle in out
    assert main(["show", path, "--json", "--set", "stages.magnets.lead_time=2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "dynamics" and data["horizon"] == {"years": 20, "from": 2025}
    magnets = next(s for s in data["stages"] if s["name"] == "magnets")
    assert magnets["lead_time"] == 2  # --set reaches the dynamics file through the one loader
    assert set(data["moves"]) == {"US", "China"}


def test_the_summary_horizon_is_the_timeline_default() -> None:
    import inspect

    from negotiation.dynamics import timeline
    from negotiation.workflows.summary import DEFAULT_YEARS

    assert inspect.signature(timeline).parameters["years"].default == DEFAULT_YEARS
