"""The repeat, folk and spe commands: JSON contracts, readable output, user errors."""

from __future__ import annotations

import json

import pytest

from negotiation.cli.main import main
from tests.repeated.repeated_games import ROOT

PD = str(ROOT / "payoffs" / "prisoners_dilemma.yaml")
PENNIES = str(ROOT / "payoffs" / "matching_pennies.yaml")
SCENARIO = str(ROOT / "payoffs" / "us_china_rare_earths.yaml")


def run_json(capsys, *argv):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_repeat_json_has_one_entry_per_strategy_pair(capsys):
    data = run_json(
        capsys,
        "repeat",
        PD,
        "--strategies",
        "tit-for-tat,always-escalate,alternator",
        "--turns",
        "200",
        "--seed",
        "1",
    )
    assert len(data["matches"]) == 9
    by_pair = {(m["strategies"]["Row"], m["strategies"]["Column"]): m for m in data["matches"]}
    # issue #5: TFT vs always-defect over 200 turns scores (199, 204)
    assert by_pair[("tit-for-tat", "always-escalate")]["scores"] == {"Row": 199, "Column": 204}
    assert by_pair[("alternator", "tit-for-tat")]["scores"] == {"Row": 503, "Column": 498}
    assert data["ranking"][0] == "tit-for-tat" or data["symmetric"]


def test_repeat_seeded_noisy_json_is_reproducible_and_process_independent(capsys):
    argv = [
        "repeat",
        SCENARIO,
        "--strategies",
        "tit-for-tat,random,graduated-escalation",
        "--turns",
        "30",
        "--noise",
        "0.1",
        "--repetitions",
        "3",
        "--seed",
        "5",
    ]
    first = run_json(capsys, *argv)
    second = run_json(capsys, *argv, "--processes", "2")
    assert first == second
    assert len(first["matches"]) == 9
    assert set(first["matches"][0]["scores"]) == {"US", "China"}


def test_repeat_text_and_list(capsys):
    assert main(["repeat", PD, "--strategies", "tit-for-tat,always-escalate", "--turns", "10"]) == 0
    out = capsys.readouterr().out
    assert "Ranking" in out and "tit-for-tat" in out
    assert main(["repeat", "--list-strategies"]) == 0
    listing = capsys.readouterr().out
    assert "zd-extort" in listing and "fictitious-play" in listing


def test_repeat_prob_end_and_discount_are_exclusive(capsys):
    with pytest.raises(SystemExit):
        main(["repeat", PD, "--prob-end", "0.1", "--discount", "0.9"])


def test_repeat_unknown_strategy_is_a_user_error(capsys):
    assert main(["repeat", PD, "--strategies", "tit-for-tatt"]) == 1
    assert "did you mean tit-for-tat" in capsys.readouterr().err


def test_folk_json_contract(capsys):
    data = run_json(capsys, "folk", PD, "--target", "cooperate,cooperate")
    # grim trigger in Axelrod's PD: δ* = (5 - 3)/(5 - 1) = 1/2
    assert data["critical_discount_factor"] == 0.5
    assert data["minmax"]["Row"]["mixed"] == 1.0
    assert data["individually_rational"] is True
    unsustainable = run_json(capsys, "folk", PD, "--target", "cooperate,defect")
    assert unsustainable["critical_discount_factor"] is None


def test_folk_compares_with_discount_factors(capsys):
    data = run_json(capsys, "folk", PD, "--discount", "Row=0.4", "--discount", "Column=0.7")
    assert data["self_enforcing"] == {"Row": False, "Column": True}
    # a scenario supplies δ from its pressures
    data = run_json(capsys, "folk", SCENARIO)
    assert set(data["self_enforcing"]) == {"US", "China"}
    assert main(["folk", PD, "--target", "cooperate,shrug"]) == 1
    assert "unknown move" in capsys.readouterr().err


def test_spe_json_contract(capsys):
    data = run_json(capsys, "spe", PD, "--discount", "0.3")
    # issue #5: for 1/4 <= δ < 1/2 the triangle (1, 1), (4, 1), (1, 4)
    assert sorted(map(tuple, data["vertices"])) == [(1, 1), (1, 4), (4, 1)]
    assert data["converged"] is True
    empty = run_json(capsys, "spe", PENNIES, "--discount", "0.9")
    assert empty["vertices"] == [] and empty["kind"] == "empty"


def test_spe_reports_non_convergence(capsys):
    assert main(["spe", PD, "--discount", "0.45", "--max-iter", "3"]) == 0
    captured = capsys.readouterr()
    assert "not converged" in captured.err and "NOT converged" in captured.out
    assert main(["spe", PD, "--discount", "0.45", "--max-iter", "3", "--strict"]) == 1
    assert main(["spe", PD, "--discount", "1.5"]) == 1


def test_folk_optimal_threshold(capsys):
    data = run_json(capsys, "folk", PD, "--optimal")
    # Axelrod's PD: Nash reversion is already optimal, δ* = 1/2 (Abreu 1988)
    assert data["optimal_punishment"]["critical_discount_factor"] == pytest.approx(0.5, abs=1e-5)
    assert main(["folk", PD, "--optimal"]) == 0
    assert "optimal penal codes" in capsys.readouterr().out


def test_repeat_lists_matches(capsys):
    assert main(["repeat", PD, "--strategies", "tit-for-tat,alternator", "--turns", "200"]) == 0
    out = capsys.readouterr().out
    assert "Matches (means over repetitions)" in out and "most common outcome" in out
