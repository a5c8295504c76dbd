"""The main job: `negotiation analyse` and `negotiation.workflows.analyse.analyse`."""

from __future__ import annotations

import json

import pytest

from negotiation import Game
from negotiation.cli.main import main
from negotiation.workflows.analyse import analyse
from tests.repo_paths import PAYOFFS

# Prisoner's dilemma with (R, S, T, P) = (3, 0, 5, 1): Axelrod (1984), ch. 1 — both have a
# dominant move (defect) and the unique equilibrium is Pareto-dominated by mutual cooperation.
PD = Game.from_matrices(
    [[3, 0], [5, 1]],
    [[3, 5], [0, 1]],
    players=("US", "China"),
    moves=(("cooperate", "defect"), ("cooperate", "defect")),
)


def test_reading_of_the_prisoners_dilemma() -> None:
    text = "\n".join(analyse(PD).reading())
    assert "US has a dominant move, defect" in text
    assert "China has a dominant move, defect" in text
    assert "one equilibrium: US plays defect, China plays defect" in text
    assert "better off at cooperate / cooperate (US 3, China 3)" in text


def test_truce_in_the_prisoners_dilemma_needs_the_textbook_delta() -> None:
    # grim trigger sustains (C, C) iff δ ≥ (T − R)/(T − P) = (5 − 3)/(5 − 1) = 1/2
    # (Axelrod 1984; Osborne 2004, §14.7)
    result = analyse(PD)
    assert result.truce is not None and result.truce.target == ("cooperate", "cooperate")
    assert float(result.truce.critical_discount_factor) == 0.5


def test_matching_pennies_reading_names_the_mixed_equilibrium() -> None:
    # matching pennies: unique equilibrium, both mix 1/2–1/2 (Osborne 2004, §4.1)
    game = Game.zero_sum([[1, -1], [-1, 1]], players=("A", "B"), moves=(("H", "T"), ("H", "T")))
    text = "\n".join(analyse(game).reading())
    assert "A plays 1/2 H + 1/2 T" in text and "keeps the other guessing" in text


def test_cli_analyse_defaults_to_the_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse"]) == 0
    out = capsys.readouterr().out
    assert "US–China" in out and "Reading" in out and "equilibri" in out


def test_cli_analyse_json_keeps_the_solve_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", str(PAYOFFS / "prisoners_dilemma.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"game", "players", "moves", "equilibria", "reading"} <= set(data)
    (eq,) = data["equilibria"]
    players = data["players"]
    assert set(eq["strategies"]) == set(players) and set(eq["payoffs"]) == set(players)


def test_cli_analyse_bad_file_is_one_line_no_traceback(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nplayers: [\n", encoding="utf-8")
    assert main(["analyse", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:") and "Traceback" not in err
