"""The one loader: every file type, overrides, inputs with their provenance (issue 9)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from negotiation.cli.main import main
from negotiation.data import shipped
from negotiation.errors import NegotiationError, OverrideError, PayoffFileError
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
