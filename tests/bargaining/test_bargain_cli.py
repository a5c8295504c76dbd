"""``negotiation bargain``: readable report, JSON shape, win-set options and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.cli.main import main

#: the shipped payoff files (tests/<folder>/<file> -> repository root)
PAYOFFS = Path(__file__).resolve().parents[2] / "payoffs"

BOS_YAML = """\
version: 1
title: Battle of the sexes
players:
  - name: Ann
    moves: {Bach: go to Bach, Stravinsky: go to Stravinsky}
  - name: Bob
    moves: {Bach: go to Bach, Stravinsky: go to Stravinsky}
payoffs:
  Bach: {Bach: [2, 1], Stravinsky: [0, 0]}
  Stravinsky: {Bach: [0, 0], Stravinsky: [1, 2]}
"""


@pytest.fixture
def bos_file(tmp_path):
    path = tmp_path / "bos.yaml"
    path.write_text(BOS_YAML, encoding="utf-8")
    return str(path)


def test_bargain_json_shape_and_lottery(bos_file, capsys):
    # security levels (2/3, 2/3) as d (von Neumann 1928 maxmin) and equal power: the fair
    # coin between the two equilibria, (3/2, 3/2) (Luce & Raiffa 1957 ch. 6)
    assert main(["bargain", bos_file, "--json", "--disagreement", "security"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nash"]["payoffs"] == {"Ann": 1.5, "Bob": 1.5}
    # scale-free shares: each a fraction of that side's own largest gain (issue 11 item 4)
    for method in ("nash", "rubinstein"):
        assert all(0 <= s <= 1 + 1e-12 for s in data[method]["share"].values())
    assert data["linkage"] is None  # a plain game has no issues
    assert {tuple(x["profile"]) for x in data["nash"]["lottery"]} == {
        ("Bach", "Bach"),
        ("Stravinsky", "Stravinsky"),
    }
    plot = data["plot"]
    assert {"polygon", "frontier", "disagreement", "nash", "rubinstein"} <= set(plot)


def test_bargain_report_reads_in_words(bos_file, capsys):
    assert (
        main(["bargain", bos_file, "--disagreement", "security", "--ratification", "Ann=0.5"]) == 0
    )
    out = capsys.readouterr().out
    assert "Asymmetric Nash bargaining" in out
    assert "of the time Ann Bach / Bob Bach" in out
    assert "Rubinstein alternating offers" in out
    assert "Win-sets (Putnam 1988)" in out


def test_bargain_first_proposer_and_errors(bos_file, capsys):
    assert main(["bargain", bos_file, "--json", "--first-proposer", "Bob"]) == 0
    assert json.loads(capsys.readouterr().out)["rubinstein"]["first_proposer"] == "Bob"
    assert main(["bargain", bos_file, "--first-proposer", "Carl"]) == 1
    assert "unknown first proposer" in capsys.readouterr().err
    assert main(["bargain", bos_file, "--floor", "Ann=1", "--ratification", "Bob=0.5"]) == 1
    assert "not both" in capsys.readouterr().err


def test_bargain_default_scenario_reports_linkage(capsys):
    pytest.importorskip("negotiation.scenario", reason="scenario files need the scenario package")
    path = str(PAYOFFS / "us_china_rare_earths.yaml")
    assert main(["bargain", path]) == 0
    out = capsys.readouterr().out
    assert "Issue linkage" in out and "Gain from linking" in out
    assert main(["bargain", path, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["linkage"]["issue_by_issue"]["payoffs"]) == {"US", "China"}
