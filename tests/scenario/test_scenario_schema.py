"""The scenario part of the published schema: shipped scenarios pass, broken ones fail."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from negotiation.errors import PayoffFileError
from negotiation.files import parse_yaml
from negotiation.files.schema import to_plain
from negotiation.files.yamldoc import load_yaml
from negotiation.scenario import build_scenario
from negotiation.scenario.schema import published_schema, validate_scenario_document

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "payoffs" / "us_china_rare_earths.yaml"
SCENARIOS = [DEFAULT]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenarios_satisfy_the_published_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema checks the published schema")
    schema = json.loads((ROOT / "payoffs" / "schema.json").read_text())
    jsonschema.validate(to_plain(load_yaml(path).data), schema)
    validate_scenario_document(load_yaml(path))


def test_published_schema_rejects_broken_scenarios() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema checks the published schema")
    schema = published_schema()
    data = to_plain(load_yaml(DEFAULT).data)
    lever = data["levers"]["US"]["tariff_100"]
    for change in (
        lambda d: d.update(version=2),
        lambda d: d.pop("channels"),
        lambda d: d["pressures"]["China"]["deflation"].pop("unit"),
        lambda d: d["pressures"]["China"]["deflation"].update(kind="guess"),
        lambda d: d["levers"]["US"]["tariff_100"].update(effect=lever["effects"]),
    ):
        broken = copy.deepcopy(data)
        change(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


UNCERTAIN = """\
version: 1
players: [A, B]
sources: {paper: "A paper, table 2"}
channels: {trade: trade}
pressures:
  A: {need: {value: 0.5, unit: index, range: [0, 1]}}
  B: {}
weights:
  A: {trade: 1}
  B: {trade: 1}
parameters:
  A: {discount_rate: 0.1, dependence: 0.5}
  B: {discount_rate: 0.1, dependence: 0.5}
levers:
  A:
    tax:
      effects:
        B: {trade: EFFECT}
  B: {}
moves:
  A: {calm: {levers: []}, tax: {levers: [tax]}}
  B: {calm: {levers: []}}
"""


def test_an_uncertain_effect_is_used_and_listed_with_its_range() -> None:
    effect = "{value: -2, range: [-3, -1], kind: estimate, source: paper, reason: 'table 2'}"
    s = build_scenario(parse_yaml(UNCERTAIN.replace("EFFECT", effect), "s.yaml"))
    assert s.game.payoff(("tax", "calm"))[1] == -2
    records = {r.path: r for r in s.uncertain_inputs()}
    record = records["levers.A.tax.effects.B.trade"]
    assert (record.player, record.value, record.range, record.kind, record.source) == (
        "B",
        -2.0,
        (-3.0, -1.0),
        "estimate",
        "paper",
    )
    hotter = s.with_overrides({"levers.A.tax.effects.B.trade": -3})
    assert hotter.game.payoff(("tax", "calm"))[1] == -3


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        ("{value: -2, kind: judgement, reason: why}", "a judgement needs a 'range'"),
        ("{value: -2, range: [-3, -1], kind: judgement}", "a judgement gives its reason"),
        ("{value: -2, range: [-3, -1], kind: estimate, reason: x}", "an estimate names its source"),
        ("{value: -2, range: [-3, -1], kind: guess}", "unknown kind 'guess'"),
        ("{value: -2, range: [-1, -3], kind: fact, source: paper}", "low end -1 is above"),
        ("{value: -2, rnage: [-3, -1]}", "did you mean 'range'"),
    ],
)
def test_bad_uncertain_numbers_are_positioned_errors(effect: str, message: str) -> None:
    with pytest.raises(PayoffFileError) as caught:
        build_scenario(parse_yaml(UNCERTAIN.replace("EFFECT", effect), "s.yaml"))
    assert message in str(caught.value)
    assert str(caught.value).startswith("s.yaml:18:")
