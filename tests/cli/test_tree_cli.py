"""The command line on trees: solve's JSON contract, show, convert .efg ↔ YAML, analyse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.cli.main import main
from negotiation.files.efg import read_efg
from negotiation.files.tree_file import read_tree
from tests.repo_paths import PAYOFFS

TREES = PAYOFFS / "trees"


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("method", ["spe", "subgame", "pure", "all", "sequence-form"])
def test_solve_json_keeps_the_contract(capsys: pytest.CaptureFixture[str], method: str) -> None:
    data = _json(
        capsys, ["solve", str(TREES / "entry_deterrence.yaml"), "--method", method, "--json"]
    )
    assert data["game"] == "Entry deterrence"
    assert data["players"] == ["Entrant", "Incumbent"]
    eq = next(e for e in data["equilibria"] if e["payoffs"] == {"Entrant": 1.0, "Incumbent": 1.0})
    assert eq["behaviour"]["Incumbent"]["respond"] == {"fight": 0.0, "accommodate": 1.0}
    assert [(s["player"], s["move"]) for s in eq["path"]] == [
        ("Entrant", "in"),
        ("Incumbent", "accommodate"),
    ]


def test_solve_pbe_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["solve", str(TREES / "beer_quiche.yaml"), "--method", "pbe", "--json"])
    assert [e["intuitive_criterion"] for e in data["equilibria"]] == [True, False]


def test_matrix_method_on_a_tree_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(TREES / "centipede.yaml"), "--method", "correlated"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "spe" in err


def test_show_prints_an_outline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(TREES / "beer_quiche.yaml")]) == 0
    out = capsys.readouterr().out
    assert "after_beer: weak_beer, strong_beer" in out
    assert "  weak (1/10) -> Sender [weak]" in out


def test_convert_yaml_efg_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    efg, back = tmp_path / "bq.efg", tmp_path / "bq.yaml"
    assert main(["convert", str(TREES / "beer_quiche.yaml"), str(efg)]) == 0
    assert main(["convert", str(efg), str(back)]) == 0
    assert main(["convert", str(efg), str(back)]) == 1  # never overwrites without --force
    original = read_tree(TREES / "beer_quiche.yaml")
    for tree in (read_efg(efg), read_tree(back)):
        assert [(n.player, n.actions, n.probabilities, n.payoffs) for n in tree.nodes] == [
            (n.player, n.actions, n.probabilities, n.payoffs) for n in original.nodes
        ]


def test_analyse_the_standoff_tree(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["analyse", str(PAYOFFS / "us_china_sequence.yaml"), "--json"])
    assert data["kind"] == "tree"
    assert data["prior"]["path"] == "nodes.type.moves.retaliatory.probability"
    assert len(data["prior"]["sweep"]) == 7
    assert any(
        t["player"] == "US" and t["move"] == "carry_out" and t["credible"] for t in data["threats"]
    )
    assert data["reading"]


PRIOR = "nodes.type.moves.retaliatory.probability"


@pytest.mark.parametrize("command", ["show", "solve", "analyse", "explain"])
def test_set_works_on_every_tree_command(capsys: pytest.CaptureFixture[str], command: str) -> None:
    path = str(PAYOFFS / "us_china_sequence.yaml")
    extra = ["retaliatory/hold/hold"] if command == "explain" else []
    base = _json(capsys, [command, path, *extra, "--json"])
    varied = _json(capsys, [command, path, *extra, "--json", "--set", f"{PRIOR}=0.25"])
    if command == "show":
        (root,) = [n for n in varied["nodes"] if n["name"] == "type"]
        assert root["probabilities"] == {"retaliatory": "1/4", "strategic": "3/4"}
    elif command == "explain":  # the prior does not touch a leaf's payoffs …
        assert varied["payoffs"] == base["payoffs"]
        override = (
            "nodes.type.moves.retaliatory.set.interactions.climbdown.effects.China.security=-1"
        )
        leaf = "retaliatory/threaten/hold/carry_out/climb_down"
        before = _json(capsys, [command, path, leaf, "--json"])
        moved = _json(capsys, [command, path, leaf, "--json", "--set", override])
        # … a type's input does, on that type's leaf
        assert moved["payoffs"]["China"] != before["payoffs"]["China"]
        assert moved["payoffs"]["US"] == before["payoffs"]["US"]
    else:
        assert varied != base
    assert main([command, path, *extra, "--set", f"{PRIOR}=2"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
