"""``negotiation solve``, run in-process on the shipped payoff files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.cli.main import main

PAYOFFS = Path(__file__).resolve().parent.parent.parent / "payoffs"
BOS = str(PAYOFFS / "battle_of_the_sexes.yaml")


def run_json(capsys, *argv):
    assert main(["solve", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_default_is_all_equilibria_with_contract_shape(capsys):
    data = run_json(capsys, BOS)
    assert data["method"] == "all"
    assert data["players"] == ["Player 1", "Player 2"]
    assert data["moves"]["Player 1"] == ["Bach", "Stravinsky"]  # as Osborne lays it out
    assert data["game"].startswith("Bach or Stravinsky")
    # Osborne (2004), §2.3 and §4.3: (Bach, Bach), (Stravinsky, Stravinsky) and the mixed
    # one in which each player goes to her favourite concert with probability 2/3.
    mixed = [e for e in data["equilibria"] if 0 < e["strategies"]["Player 1"]["Bach"] < 1]
    assert len(data["equilibria"]) == 3 and len(mixed) == 1
    assert mixed[0]["exact"]["strategies"]["Player 1"] == {"Stravinsky": "1/3", "Bach": "2/3"}
    assert mixed[0]["exact"]["payoffs"] == {"Player 1": "2/3", "Player 2": "2/3"}
    assert data["verified"] is True and data["exact"] is True
    assert len(data["components"]) == 3


def test_text_output_names_moves_and_exact_probabilities(capsys):
    assert main(["solve", BOS]) == 0
    out = capsys.readouterr().out
    assert "3 extreme Nash equilibria (exact, complete)" in out
    assert "2/3 Bach + 1/3 Stravinsky" in out


@pytest.mark.parametrize(
    ("method", "key"),
    [
        ("pure", "equilibria"),
        ("lemke-howson", "details"),
        ("dominance", "steps"),
        ("correlated", "welfare_maximising"),
        ("stackelberg", "commitments"),
        ("maximin", "security_levels"),
        ("pareto", "pareto_optimal"),
        ("br-graph", "cycles"),
    ],
)
def test_every_method_runs_on_the_default_scenario(capsys, method, key):
    data = run_json(capsys, str(PAYOFFS / "us_china_rare_earths.yaml"), "--method", method)
    assert key in data
    assert data["players"] == ["US", "China"]
    assert main(["solve", str(PAYOFFS / "us_china_rare_earths.yaml"), "--method", method]) == 0
    assert capsys.readouterr().out.strip()


def test_zero_sum_method(capsys):
    # Osborne (2004), §2.4 "Matching Pennies": value 0, both players mix 1/2-1/2.
    data = run_json(capsys, str(PAYOFFS / "matching_pennies.yaml"), "-m", "zero-sum")
    assert data["value_exact"] == "0" and data["certified"] is True
    assert list(data["equilibria"][0]["strategies"]["Player 1"].values()) == [0.5, 0.5]


def test_user_errors_exit_1(capsys):
    assert main(["solve", BOS, "-m", "zero-sum"]) == 1
    assert "not zero-sum" in capsys.readouterr().err
    assert main(["solve", BOS, "--leader", "Player 1"]) == 1
    assert main(["solve", BOS, "-m", "stackelberg", "--leader", "Nobody"]) == 1
    assert "unknown player" in capsys.readouterr().err


def test_weak_dominance_and_leader_flags(capsys):
    data = run_json(capsys, BOS, "-m", "dominance", "--weak")
    assert data["kind"] == "weak" and any("order" in n for n in data["notes"])
    data = run_json(capsys, BOS, "-m", "stackelberg", "--leader", "Player 2")
    assert [c["leader"] for c in data["commitments"]] == ["Player 2"]


def test_overrides_reach_the_solver(capsys):
    # With (Bach, Bach) worth 0 to player 1 she is indifferent against Bach, and player 2
    # prefers Bach exactly when player 1 goes to Bach with probability >= 2/3 (by hand:
    # 1 * p >= 2 * (1 - p)). So a segment of equilibria appears: player 2 at Bach, player
    # 1 at Bach with probability from 2/3 to 1; plus (Stravinsky, Stravinsky).
    data = run_json(capsys, BOS, "--set", "payoffs.Bach.Bach.0=0")
    found = {
        (e["exact"]["strategies"]["Player 1"]["Bach"], e["exact"]["strategies"]["Player 2"]["Bach"])
        for e in data["equilibria"]
    }
    assert found == {("0", "0"), ("1", "1"), ("2/3", "1")}
    assert any(len(c["equilibria"]) == 2 for c in data["components"])
