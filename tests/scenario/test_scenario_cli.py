"""The scenario commands: explain, set, diff (run through the real entry point)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from negotiation.cli.main import main
from negotiation.scenario import read_scenario

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "payoffs" / "us_china_rare_earths.yaml"


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------- explain
def test_explain_lists_weights_with_formulas_and_quotes(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "explain", DEFAULT)
    assert code == 0
    assert "trade_access = 1.49" in out
    assert "= 1 + export_stress * (deflation + youth_unemployment)" in out
    assert '"China is dealing with entrenched deflation" [article]' in out
    assert "discount_rate ≈ 0.1186 per year" in out  # numbers.format_relation


def test_explain_cell_adds_up(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "explain", DEFAULT, "--cell", "tariffs", "defence_ban")
    assert code == 0
    game = read_scenario(DEFAULT).game
    us, china = game.payoff(("tariffs", "defence_ban"))
    assert f"US: payoff {float(us):g}" in out
    assert f"China: payoff {float(china):g}" in out
    assert "China lever licensing -3; China lever defence_ban -1" in out


def test_explain_cell_json_contributions_sum_to_payoff(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "explain", DEFAULT, "--cell", "hold", "widen", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["profile"] == {"US": "hold", "China": "widen"}
    for player in ("US", "China"):
        block = data["players"][player]
        total = sum(Fraction(t["contribution"]) for t in block["terms"])
        assert total == Fraction(block["payoff"])


def test_explain_with_set_warns_out_of_range(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "explain", DEFAULT, "--set", "pressures.China.deflation=1.4")
    assert code == 0
    # warnings go to stderr for every command, never into the report (issue 9)
    assert err.startswith("warning: pressure China.deflation = 1.4 is outside its range")
    assert "warning" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--cell", "tariffs"], "--cell takes one move per player"),
        (["--cell", "tarifs", "suspend"], "unknown move 'tarifs' for US"),
        (["--set", "pressures.China.deflaton=1"], "did you mean 'pressures.China.deflation'"),
    ],
)
def test_explain_user_errors_exit_1(capsys, argv: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "explain", DEFAULT, *argv)
    assert code == 1
    assert message in err
    assert "Traceback" not in err


def test_explain_refuses_a_plain_payoff_file(capsys, root: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "explain", root / "payoffs" / "prisoners_dilemma.yaml")
    assert code == 1
    assert "not a scenario" in err


# ----------------------------------------------------------------------------- set
def test_set_writes_a_variant_keeping_comments(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "hot.yaml"
    code, out, _ = run(capsys, "set", DEFAULT, "pressures.China.deflation=0.9", "-o", out_file)
    assert code == 0
    assert "pressures.China.deflation.value: 0.6 -> 0.9" in out
    before = DEFAULT.read_text(encoding="utf-8").splitlines()
    after = out_file.read_text(encoding="utf-8").splitlines()
    # exactly one line differs, and its comment survives
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    assert changed[0][1].strip().startswith("value: 0.9")
    # the lines around it (kind, reason, quote) survive unchanged
    assert any("reason:" in line for line in after)
    assert read_scenario(out_file).pressure("China", "deflation").value == 0.9


def test_set_refuses_to_overwrite_without_force(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "v.yaml"
    out_file.write_text("keep me\n")
    code, _, err = run(capsys, "set", DEFAULT, "pressures.China.deflation=0.9", "-o", out_file)
    assert code == 1 and "already exists" in err
    assert out_file.read_text() == "keep me\n"
    code, _, _ = run(
        capsys, "set", DEFAULT, "pressures.China.deflation=0.9", "-o", out_file, "--force"
    )
    assert code == 0 and "deflation" in out_file.read_text()


def test_set_never_touches_the_original_without_in_place(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = tmp_path / "s.yaml"
    original.write_text(DEFAULT.read_text(encoding="utf-8"), encoding="utf-8")
    text = original.read_text(encoding="utf-8")
    code, _, err = run(capsys, "set", original, "pressures.US.mp_stake=800", "-o", original)
    assert code == 1 and "--in-place" in err
    assert original.read_text(encoding="utf-8") == text
    code, _, _ = run(capsys, "set", original, "pressures.US.mp_stake=800", "--in-place")
    assert code == 0
    assert read_scenario(original).pressure("US", "mp_stake").value == 800


def test_set_refuses_a_variant_that_does_not_build(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "bad.yaml"
    code, _, err = run(
        capsys, "set", DEFAULT, "weights.China.trade_access=1 + nope", "-o", out_file
    )
    assert code == 1 and "unknown name 'nope'" in err
    assert not out_file.exists()


# ---------------------------------------------------------------------------- diff
def test_diff_with_set_reports_inputs_weights_and_leverage(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "diff", DEFAULT, "--set", "pressures.China.deflation=0.9")
    assert code == 0
    assert "pressures.China.deflation.value: 0.6 -> 0.9" in out
    assert "China weights.trade_access: 1.49 -> 1.595" in out
    assert "China parameters.discount_rate: ≈ 0.1186 -> ≈ 0.1253" in out  # numbers.format_number


def test_diff_of_identical_files(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "diff", DEFAULT, DEFAULT)
    assert code == 0 and out.rstrip().endswith("no differences")


def test_diff_json_between_two_files(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    variant = tmp_path / "v.yaml"
    assert (
        main(
            [
                "set",
                str(DEFAULT),
                "levers.China.full_ban.effects.China.trade_access=-0.5",
                "-o",
                str(variant),
            ]
        )
        == 0
    )
    capsys.readouterr()
    code, out, _ = run(capsys, "diff", DEFAULT, variant, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["inputs"] == [
        {
            "path": "levers.China.full_ban.effects.China.trade_access.value",
            "before": -2.5,
            "after": -0.5,
        }
    ]
    # the full ban is part of only one China move, so only its column's China payoffs move
    assert data["payoffs"] and all(
        c["path"].split(" / ")[1].startswith("full_ban") and c["path"].endswith("China")
        for c in data["payoffs"]
    )
    assert set(data["equilibria"]) == {"changed", "strategies_changed", "before", "after"}
    # the full ban is never played in equilibrium, so nothing there moves
    assert data["equilibria"]["changed"] is False


def test_diff_of_plain_payoff_files_lists_inputs(capsys, root: Path) -> None:  # type: ignore[no-untyped-def]
    pd = root / "payoffs" / "prisoners_dilemma.yaml"
    code, out, _ = run(capsys, "diff", pd, "--set", "payoffs.defect.defect=[2, 2]")
    assert code == 0
    assert "payoffs.defect.defect.0: 1 -> 2" in out
    assert "defect / defect: Row: 1 -> 2" in out
    assert "equilibria: the same strategies, with new payoffs" in out


def test_diff_needs_something_to_compare(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "diff", DEFAULT)
    assert code == 1 and "needs a second file" in err


def test_explain_pressure_lists_its_uses(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "explain", DEFAULT, "--pressure", "US.magnet_share", "--json")
    assert code == 0
    data = json.loads(out)
    names = [(u["player"], u["name"]) for u in data["used_by"]]
    # magnet share -> chokepoint -> dependence -> the rare-earth weight and the discount rate
    for expected in [
        ("US", "parameters.chokepoint"),
        ("US", "parameters.dependence"),
        ("US", "parameters.discount_rate"),
        ("US", "weights.rare_earth_supply"),
    ]:
        assert expected in names
    assert all(player == "US" for player, _ in names)


def test_explain_unknown_pressure_suggests(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "explain", DEFAULT, "--pressure", "China.deflaton")
    assert code == 1 and "did you mean China.deflation?" in err


def test_explain_cell_accepts_a_comma(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "explain", DEFAULT, "--cell", "tariffs,licensing")
    assert code == 0 and out.startswith("Cell: US plays tariffs, China plays licensing")
