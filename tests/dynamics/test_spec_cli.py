"""Reading dynamics files (positioned errors) and the ``timeline`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.cli.main import main
from negotiation.dynamics import read_dynamics
from negotiation.errors import NegotiationError, PayoffFileError
from tests.dynamics.conftest import US

TEXT = US.read_text(encoding="utf-8")


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TEXT, old
    path = tmp_path / "variant.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    # the scenario is named relative to the file
    (tmp_path / "us_china_rare_earths.yaml").write_text(
        (US.parent / "us_china_rare_earths.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "\ncapacity_limit:",
            "\ncapacity_limt:",
            "unknown key 'capacity_limt' — did you mean 'capacity_limit'?",
        ),
        ("  value: 0.08\n", "  value: fast\n", "expected a number, got 'fast'"),
        ("  range: [0.02, 0.15]", "  range: [0.15, 0.02]", "range [0.15, 0.02] has LO > HI"),
        ("    source: wsj2025\n", "    source: wsj2052\n", "unknown source 'wsj2052'"),
        (
            "lead_time: {scenario: pressures.US.mine_lead_time}",
            "lead_time: {scenario: pressures.US.mine_lead_tme}",
            "has no number at 'pressures.US.mine_lead_tme'",
        ),
        ("    size_per: 400\n", "", "a lever's 'size' needs 'size_per'"),
        ("      reason: a trickle without pressure\n", "", "a judgement needs a reason"),
        (
            "  restrict: full_ban",
            "  restrict: blockade",
            "policies.restrict must name one of China's actions",
        ),
        (
            "scenario: us_china_rare_earths.yaml",
            "scenario: nowhere.yaml",
            "scenario file 'nowhere.yaml' not found",
        ),
    ],
)
def test_bad_files_say_where_and_how(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(PayoffFileError) as info:
        read_dynamics(_variant(tmp_path, old, new))
    text = str(info.value)
    assert message in text
    assert text.startswith(str(tmp_path / "variant.yaml") + ":")
    line = int(text.split(":")[1])
    assert line > 1


def test_every_estimate_and_judgement_has_a_range_and_every_fact_a_source() -> None:
    for path in (US, US.parent / "japan_2010.yaml"):
        spec = read_dynamics(path)
        for x in spec.inputs:
            if x.kind == "fact":
                assert x.source, x.path
            elif x.reason != "plain number in the file" and not x.path.startswith(
                "scenario_overrides"
            ):
                assert x.range is not None and x.range[0] <= x.value <= x.range[1], x.path
            if x.kind == "estimate":
                assert x.source, x.path


def test_overrides_reach_the_transitions() -> None:
    fast = read_dynamics(US, ["stages.magnets.lead_time=2"])
    assert [s.lead_time.value for s in fast.stages][-1] == 2


def test_timeline_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "timeline",
                str(US),
                "--policy",
                "temporary",
                "--months",
                "3",
                "--years",
                "5",
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["years"] == [2025, 2026, 2027, 2028, 2029, 2030]
    assert (
        set(data["dependence"])
        == set(data["bargaining_power"])
        == set(data["moves"])
        == {"US", "China"}
    )
    assert all(len(v) == 6 for v in data["dependence"].values())
    assert all(len(v) == 5 for v in data["moves"].values())
    assert data["moves"]["China"][0] == "full_ban" and data["moves"]["China"][1] == "suspend"
    for k in range(6):
        assert abs(sum(data["bargaining_power"][p][k] for p in ("US", "China")) - 1) < 1e-12
    assert isinstance(data["half_life_years"], float)
    assert 0 <= data["best_restriction_months"] <= 60
    assert [p["policy"] for p in data["policies"]] == ["none", "temporary", "sustained"]
    assert {h["lever"] for h in data["hedges"]} == {
        "fast_track",
        "mp_stake",
        "price_floor",
        "lynas_offtake",
    }


def test_timeline_equilibrium_prints_its_check(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "timeline",
        str(US),
        "--years",
        "3",
        "--set",
        "grid.capacity=2",
        "--set",
        "grid.urgency=2",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Equilibrium check: largest one-period deviation gain" in out and "tolerance" in out
    assert "NOT verified" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--policy", "temporary"], "--policy temporary needs --months K"),
        (["--months", "3"], "--months goes with --policy temporary"),
        (["--set", "grid.capacity=50"], "the state grid has"),
        (["--set", "stages.magnets.nope=1"], "no such setting"),
    ],
)
def test_bad_flags_get_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["timeline", str(US), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_years_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    # a bad flag value is a user error (exit 1, one line), like a bad file (cli/args.py)
    assert main(["timeline", str(US), "--years", "0"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--years must be between 1 and 100" in err[0]


def test_half_life_distribution_is_seeded_and_spread(capsys: pytest.CaptureFixture[str]) -> None:
    from negotiation.dynamics import read_timeline_model
    from negotiation.dynamics.uncertainty import half_life_distribution

    m = read_timeline_model(US.parent / "japan_2010.yaml")
    paths = ["stages.mining.lead_time", "substitution.rate"]
    a = half_life_distribution(m, samples=6, seed=4, paths=paths)
    b = half_life_distribution(m, samples=6, seed=4, paths=paths)
    c = half_life_distribution(m, samples=6, seed=5, paths=paths)
    assert a.half_lives == b.half_lives != c.half_lives
    assert len(set(a.half_lives)) > 1  # the ranges matter
    q = a.quantiles
    assert q["5%"] is not None and q["5%"] <= q["50%"] <= q["95%"]
    with pytest.raises(NegotiationError, match="no ranged input at nowhere"):
        half_life_distribution(m, samples=2, paths=["nowhere"])
    argv = ["timeline", str(US.parent / "japan_2010.yaml"), "--policy", "none", "--years", "3"]
    assert main([*argv, "--samples", "3", "--seed", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["half_life_distribution"]["samples"] == 3 and data["years"][0] == 2010
