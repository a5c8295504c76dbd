"""``negotiation leverage``: readable table, JSON shape, options and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.cli.main import main

#: the shipped payoff files (tests/<folder>/<file> -> repository root)
PAYOFFS = Path(__file__).resolve().parents[2] / "payoffs"

PD_YAML = """\
version: 1
title: Prisoner's dilemma
players:
  - name: US
    moves: {cooperate: hold, defect: escalate}
  - name: China
    moves: {cooperate: hold, defect: escalate}
payoffs:
  cooperate: {cooperate: [3, 3], defect: [0, 5]}
  defect: {cooperate: [5, 0], defect: [1, 1]}
"""


@pytest.fixture
def pd_file(tmp_path):
    path = tmp_path / "pd.yaml"
    path.write_text(PD_YAML, encoding="utf-8")
    return str(path)


def test_leverage_table_explains_every_row(pd_file, capsys):
    assert main(["leverage", pd_file]) == 0
    out = capsys.readouterr().out
    for words in (
        "what each side gets if talks fail",
        "discount rate r [per year]",
        "bargaining power α [share, sums to 1]",
        "threat power [0 to 1]",
        "equally patient",  # the assumption is said out loud for a plain payoff file
    ):
        assert words in out


def test_leverage_json_with_discount_rates(pd_file, capsys):
    args = [
        "leverage",
        pd_file,
        "--json",
        "--discount-rate",
        "US=0.10",
        "--discount-rate",
        "China=0.05",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    # BRW (1986): α_US = 0.05 / (0.10 + 0.05) = 1/3
    assert data["players"]["US"]["bargaining_power"] == pytest.approx(1 / 3)
    assert data["players"]["China"]["disagreement_payoff"] == 1
    assert data["notes"] == []


def test_leverage_disagreement_option(pd_file, capsys):
    assert main(["leverage", pd_file, "--json", "--disagreement", "cooperate,defect"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["disagreement"]["profile"] == ["cooperate", "defect"]
    assert data["players"]["China"]["disagreement_payoff"] == 5


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--discount-rate", "US"], "PLAYER=VALUE"),
        (["--discount-rate", "EU=0.1"], "unknown player 'EU'"),
        (["--discount-rate", "US=0.1"], "missing China"),
        (["--disagreement", "panic"], "unknown disagreement rule"),
    ],
)
def test_leverage_user_errors_exit_1(pd_file, capsys, extra, message):
    assert main(["leverage", pd_file, *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_leverage_of_the_default_scenario_traces_rates_to_pressures(capsys):
    pytest.importorskip("negotiation.scenario", reason="scenario files need the scenario package")
    path = str(PAYOFFS / "us_china_rare_earths.yaml")
    assert main(["leverage", path, "--set", "pressures.China.deflation=0.9"]) == 0
    out = capsys.readouterr().out
    assert "China.deflation" in out  # the discount rate's inputs are named
    assert main(["leverage", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["players"]) == {"US", "China"}
    assert data["players"]["US"]["dependence"] is not None
