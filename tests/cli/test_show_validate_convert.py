"""``negotiation show / validate / convert``, run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.cli.main import main
from negotiation.files import read_payoffs

ROOT = Path(__file__).resolve().parent.parent.parent
PAYOFFS = ROOT / "payoffs"
BROKEN = ROOT / "tests" / "data" / "broken"


def test_show_prints_the_labelled_game(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(PAYOFFS / "prisoners_dilemma.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Prisoner's dilemma\n==================\n")
    assert "Players and moves (most conciliatory first):" in out
    assert "1. cooperate  keep the deal" in out
    assert "Row \\ Column  cooperate  defect" in out
    assert "defect        5, 0       1, 1" in out
    assert "[1] Axelrod, R. (1984)" in out


def test_show_json_and_overrides(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    path = str(PAYOFFS / "stag_hunt.yaml")
    assert main(["show", path, "--json", "--set", "payoffs.Hare.Hare.0=3/2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["players"] == ["Hunter 1", "Hunter 2"]
    assert data["moves"]["Hunter 1"] == ["Stag", "Hare"]
    cell = next(
        c for c in data["payoffs"] if c["profile"] == {"Hunter 1": "Hare", "Hunter 2": "Hare"}
    )
    assert cell["payoffs"] == {"Hunter 1": "1.5", "Hunter 2": "1"}
    assert data["sources"][0]["citation"].startswith("Osborne")


def test_validate_good_files(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in PAYOFFS.glob("*.yaml"))
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok") == len(files)
    assert "rock_paper_scissors.yaml: ok (Rock, paper, scissors): 2 players, 3×3 moves" in out


def test_validate_reports_each_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    good = str(PAYOFFS / "chicken.yaml")
    bad = str(BROKEN / "wrong_version.yaml")
    assert main(["validate", good, bad, "missing.yaml"]) == 1
    captured = capsys.readouterr()
    assert f"{good}: ok" in captured.out
    assert f"{bad}:1:10: unsupported format version 2" in captured.err
    assert "missing.yaml: no such file" in captured.err and ":0:0" not in captured.err


@pytest.mark.parametrize("path", sorted(BROKEN.iterdir()), ids=lambda p: p.name)
@pytest.mark.parametrize("command", ["show", "validate"])
def test_no_traceback_on_broken_files(
    path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith(f"{path}:")
    assert err.count("\n") == 1  # one message, one line


def test_convert_yaml_to_nfg_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = PAYOFFS / "rock_paper_scissors.yaml"
    nfg = tmp_path / "rps.nfg"
    back = tmp_path / "rps.yaml"
    assert main(["convert", str(source), str(nfg), "--lossy"]) == 0
    assert nfg.read_text().startswith('NFG 1 R "Rock, paper, scissors" { "Player 1" "Player 2" }')
    assert main(["convert", str(nfg), str(back), "--nfg-body", "outcomes"]) == 0
    assert read_payoffs(back) == read_payoffs(source)
    assert "wrote" in capsys.readouterr().out


def test_convert_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.nfg"
    target.write_text("precious")
    assert main(["convert", str(PAYOFFS / "chicken.yaml"), str(target), "--lossy"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "precious"
    args = ["convert", str(PAYOFFS / "chicken.yaml"), str(target), "--force", "--lossy"]
    assert main(args) == 0
    assert target.read_text().startswith("NFG 1 R")


def test_convert_with_overrides(tmp_path: Path) -> None:
    target = tmp_path / "pd.nfg"
    args = ["convert", str(PAYOFFS / "prisoners_dilemma.yaml"), str(target), "--lossy"]
    assert main([*args, "--set", "payoffs.defect.defect=[2, 2]"]) == 0
    assert read_payoffs(target).payoff(("defect", "defect")) == (2, 2)


def test_override_on_nfg_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nfg = tmp_path / "g.nfg"
    assert main(["convert", str(PAYOFFS / "chicken.yaml"), str(nfg), "--lossy"]) == 0
    assert main(["show", str(nfg), "--set", "x=1"]) == 1
    assert "YAML files only" in capsys.readouterr().err
