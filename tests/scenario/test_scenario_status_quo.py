"""The optional ``status_quo`` of a scenario: read, checked, and used for threats."""

from __future__ import annotations

import pytest

from negotiation.errors import PayoffFileError
from negotiation.files import parse_yaml
from negotiation.scenario import build_scenario, read_scenario
from negotiation.workflows.bargain import leverage
from tests.scenario.scenario_fixtures import DEFAULT, SMALL


def _with(text: str) -> str:
    return SMALL + text


def test_default_scenario_starts_from_the_oct_9_position() -> None:
    # the article: 30% tariffs in place, licensing "announced on Oct. 9"
    scenario = read_scenario(DEFAULT)
    assert scenario.status_quo == ("hold", "licensing")
    assert "status quo (hold / licensing)" in leverage(scenario).threat_reference


def test_no_status_quo_means_the_most_conciliatory_reference() -> None:
    scenario = build_scenario(parse_yaml(SMALL, "small.yaml"))
    assert scenario.status_quo is None
    assert leverage(scenario).threat_reference.startswith("the most conciliatory outcome")


def test_threats_are_measured_against_the_status_quo() -> None:
    scenario = build_scenario(parse_yaml(_with("status_quo: {A: tax, B: calm}\n"), "s.yaml"))
    assert scenario.status_quo == ("tax", "calm")
    # B's threat 'ban' against (tax, calm): A loses its security effect of 2 plus the
    # 'war' interaction's trade point (weight 1 + need = 1.5), i.e. 2 * 1 + 1 * 1.5 = 3.5
    threat = leverage(scenario)["B"].threat
    assert threat is not None and threat.move == "ban"
    assert threat.cost_imposed == pytest.approx(3.5)


def test_unknown_status_quo_move_is_positioned() -> None:
    text = _with("status_quo:\n  A: taxx\n  B: calm\n")
    with pytest.raises(PayoffFileError) as info:
        build_scenario(parse_yaml(text, "s.yaml"))
    line = text.splitlines().index("  A: taxx") + 1
    assert (info.value.line, info.value.col) == (line, 6)
    assert "'taxx' is not a move of A" in info.value.message
    assert info.value.hint == "did you mean 'tax'?"
