"""The what-if commands on dynamics files, and one source of truth with the scenario.

Issue 14, item 6 (``--vary`` and Monte Carlo on the timeline's outputs) and item 5 (the
dynamics file reads the scenario's lead-time, dependence and hedge inputs). Runs use a
coarse state grid (``SMALL``) so each model evaluation takes a fraction of a second.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from negotiation.cli.main import main
from negotiation.dynamics import read_dynamics, read_timeline_model, simulate
from negotiation.dynamics.headline import TimelineOutputs
from negotiation.scenario import read_scenario
from negotiation.whatif.dynamic_model import sensitivity_outputs
from tests.dynamics.conftest import JAPAN, US

SMALL = ["grid.capacity=2", "grid.substitution=2", "grid.urgency=2", "grid.stockpile=1"]
SMALL_FLAGS = [f for o in SMALL for f in ("--set", o)]
SCENARIO = US.parent / "us_china_rare_earths.yaml"


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


# ------------------------------------------------------------- one source of truth
@pytest.mark.parametrize(
    ("stage", "path"),
    [
        ("mining", "pressures.US.mine_lead_time"),
        ("processing", "pressures.US.processing_lead_time"),
        ("magnets", "pressures.US.magnet_lead_time"),
    ],
)
def test_lead_times_are_the_scenarios(stage: str, path: str) -> None:
    spec = read_dynamics(US)
    scenario = read_scenario(SCENARIO)
    player, name = path.split(".")[1:]
    lead = {s.name: s.lead_time for s in spec.stages}[stage]
    assert lead.scenario_path == path
    assert lead.value == float(scenario.pressures[player][name].value)
    assert lead.set_path in [x.path for x in TimelineOutputs(read_timeline_model(US)).inputs]


def test_dependence_shares_and_the_floor_are_the_scenarios() -> None:
    spec = read_dynamics(US)
    scenario = read_scenario(SCENARIO)
    for s in spec.stages:
        assert s.dependence.scenario_path == s.scenario_input
        name = s.scenario_input.rsplit(".", 1)[1]
        assert s.dependence.value == float(scenario.pressures["US"][name].value)
    floor = next(lv for lv in spec.levers if lv.name == "price_floor")
    assert floor.years is not None and floor.years.scenario_path == "pressures.US.price_floor_years"


@pytest.mark.parametrize("stake", [0.0, 200.0, 400.0, 800.0, 2000.0])
def test_the_mp_stake_is_the_scenarios_and_scales_its_lever(stake: float) -> None:
    """Zero stake is the lever switched off; the pipeline it adds grows with the stake."""
    base = read_timeline_model(US)
    n = base.transition.n_stages
    off = base.without(["mp_stake"]).transition.initial[n : 2 * n]
    on = base.transition.initial[n : 2 * n]
    model = read_timeline_model(US, [f"pressures.US.mp_stake={stake}"])
    pipe = model.transition.initial[n : 2 * n]
    room = base.spec.capacity_limit.value - base.transition.initial[:n]
    expected = np.minimum(off + (on - off) * stake / 400, room)
    np.testing.assert_allclose(pipe, expected, atol=1e-12)
    lever = next(lv for lv in model.spec.levers if lv.name == "mp_stake")
    assert lever.size is not None and lever.size.scenario_path == "pressures.US.mp_stake"


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = SCENARIO.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / SCENARIO.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    target = tmp_path / US.name
    target.write_text(US.read_text(encoding="utf-8"), encoding="utf-8")
    return target


@pytest.mark.parametrize("years", [10, 20, 35])
def test_changing_the_scenarios_lead_time_changes_the_timeline(tmp_path: Path, years: int) -> None:
    """Edit the scenario file only: the dynamics follow, exactly as --set on either path."""
    edited = _copy_with(tmp_path, "      value: 29\n", f"      value: {years}\n")
    from_file = read_timeline_model(edited)
    by_set = read_timeline_model(US, [f"pressures.US.mine_lead_time={years}"])
    by_own_path = read_timeline_model(US, [f"stages.mining.lead_time={years}"])
    base = read_timeline_model(US)
    for m in (from_file, by_set, by_own_path):
        assert m.transition.lead[0] == years
        np.testing.assert_allclose(m.stage.rates, from_file.stage.rates)
    # the stage game moves too: the scenario's discount rate reads the lead time
    assert (years == 29) == bool(np.allclose(from_file.stage.rates, base.stage.rates))
    end = simulate(from_file, [np.inf], 120).states[-1]
    end_base = simulate(base, [np.inf], 120).states[-1]
    mining = from_file.transition.dependence(end)[0, 0]
    mining_base = base.transition.dependence(end_base)[0, 0]
    # a shorter lead time never slows substitution (issue 14's sanity property)
    assert (mining <= mining_base + 1e-12) if years < 29 else (mining >= mining_base - 1e-12)
    assert mining != mining_base


def test_a_bad_scenario_path_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["timeline", str(US), "--set", "pressures.US.mine_lead_tim=3", "--years", "2"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and "\n" not in err
    assert "did you mean 'pressures.US.mine_lead_time'" in err


def test_explain_shows_each_transition_parameters_provenance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _json(capsys, ["timeline", str(US), "--explain", "--json"])
    rows = {r["path"]: r for r in data["inputs"]}
    spec = read_dynamics(US)
    assert set(rows) == {x.path for x in spec.inputs}
    lead = rows["stages.mining.lead_time"]
    assert lead["scenario_path"] == "pressures.US.mine_lead_time"
    assert lead["source"] == "article" and "29 years" in lead["quote"]
    assert main(["timeline", str(US), "--explain"]) == 0
    text = capsys.readouterr().out
    assert "stages.mining.lead_time = 29 (from the scenario's pressures.US.mine_lead_time)" in text


# ------------------------------------------------------------------ what-if engine
def test_montecarlo_on_a_dynamics_file_is_seeded_and_chunk_free(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["montecarlo", str(JAPAN), "--samples", "4", "--json", *SMALL_FLAGS]
    a = _json(capsys, [*argv, "--seed", "5"])
    b = _json(capsys, [*argv, "--seed", "5", "--chunk", "1"])
    c = _json(capsys, [*argv, "--seed", "6"])
    assert a == b
    assert a["quantiles"] != c["quantiles"]
    assert set(a["frequencies"]) == {"first_move.Japan", "first_move.China"}
    for freq in a["frequencies"].values():
        assert abs(sum(freq.values()) - 1) < 1e-12
    hl = a["quantiles"]["half_life_years"]
    assert hl["5%"] <= hl["50%"] <= hl["95%"]


def test_sweep_varies_a_scenario_input_through_the_dynamics_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _json(
        capsys,
        ["sweep", str(US), "--vary", "pressures.US.mine_lead_time=10:35:3", "--json", *SMALL_FLAGS],
    )
    rows = data["rows"]
    assert [r["inputs"]["pressures.US.mine_lead_time"] for r in rows] == [10.0, 22.5, 35.0]
    dep10 = [r["outputs"]["dependence.US.year10"] for r in rows]
    assert dep10 == sorted(dep10), "a longer mine lead time never lowers dependence"
    halves = [r["outputs"]["half_life_years"] for r in rows]
    assert halves == sorted(halves), "a longer mine lead time never shortens the half-life"
    assert halves[0] < halves[-1]


def test_sensitivity_swings_only_where_an_output_reads_the_input() -> None:
    model = read_timeline_model(US, SMALL)
    f = TimelineOutputs(model, paths=("pressures.US.mine_lead_time", "actions.US.invest.cost"))
    result = sensitivity_outputs(f, "tornado")
    swing = {(r["input"], r["output"]): r["swing"] for r in result.rows}
    assert swing[("pressures.US.mine_lead_time", "half_life_years")] > 0
    # the half-life is a fixed-policy simulation: the cost of public investment is not in it
    assert swing[("actions.US.invest.cost", "half_life_years")] == 0


def test_morris_and_sobol_run_through_salib() -> None:
    model = read_timeline_model(JAPAN, SMALL)
    f = TimelineOutputs(model, paths=("stages.mining.lead_time", "attrition"))
    morris = sensitivity_outputs(f, "morris", samples=2, seed=1)
    assert {r["input"] for r in morris.rows} == set(f.paths or ())
    assert all(r["mu_star"] >= 0 for r in morris.rows)
    sobol = sensitivity_outputs(f, "sobol", samples=2, seed=1)
    assert sobol.samples == 2 * (2 + 2)  # Saltelli's N (d + 2) evaluations, first order only
    assert {r["output"] for r in sobol.rows} >= {"half_life_years", "dependence.Japan.year10"}


def test_the_draws_can_travel_to_dask_workers() -> None:
    """Chunks run on Dask workers are pickled (cloudpickle); the same chunk gives the same rows."""
    import pickle

    import cloudpickle  # comes with dask[distributed], in the test extra

    from negotiation.whatif.dynamic_model import _chunk_runner

    f = TimelineOutputs(read_timeline_model(JAPAN, SMALL), paths=("attrition",))
    run = _chunk_runner(f, f.inputs, 3)
    assert pickle.loads(cloudpickle.dumps(run))(0, 2) == run(0, 2)


def test_tipping_finds_where_the_first_move_changes(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(
        capsys,
        [
            "tipping",
            str(US),
            "--input",
            "bargaining.deal_value",
            "--grid",
            "3",
            "--json",
            *SMALL_FLAGS,
        ],
    )
    assert data["inputs"] == ["bargaining.deal_value"]
    model = TimelineOutputs(read_timeline_model(US, SMALL))
    for p in data["tipping_points"]:
        lo, hi = p["bracket"]
        assert hi - lo <= data["tolerance"] * 30 + 1e-12
        # confirmed on both sides by a fresh evaluation
        assert model.outputs({p["input"]: lo})[p["output"]] == p["below"]
        assert model.outputs({p["input"]: hi})[p["output"]] == p["above"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sweep", str(US), "--vary", "stages.mining.lead_tim=1:3:2"], "no such number"),
        (["sweep", str(US), "--vary", "attrition=0:1:2", "--plot", "x.png"], "--plot draws"),
        (["montecarlo", str(US), "--samples", "5000"], "more than 2,000"),
    ],
)
def test_bad_what_if_requests_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
