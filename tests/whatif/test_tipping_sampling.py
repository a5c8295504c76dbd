"""Tipping points are confirmed exactly and none is missed; draws follow their distributions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import UncertainInput, compile_scenario
from negotiation.whatif import batch
from negotiation.whatif.engine import analyse_batch
from negotiation.whatif.prim import prim_box
from negotiation.whatif.sampling import draw
from negotiation.whatif.tipping import tipping_points
from tests.repo_paths import PAYOFFS, ROOT

TIES = ROOT / "tests" / "whatif" / "data" / "ties.yaml"


@pytest.fixture(scope="module")
def compiled():
    return compile_scenario(read_scenario(PAYOFFS / "us_china_rare_earths.yaml"))


def _changes(compiled, path, xs):
    out = analyse_batch(compiled, {path: xs}, dominance=False)
    masks, _ = batch.best_responses(out.payoffs)
    br = np.concatenate([m.reshape(len(xs), -1) for m in masks], axis=1)
    sig = np.concatenate([out.set_id[:, None], out.deal_main[:, None], br], axis=1)
    return xs[:-1][(sig[1:] != sig[:-1]).any(axis=1)], xs[1:][(sig[1:] != sig[:-1]).any(axis=1)]


#: the shipped matrix scenarios with ranged inputs, and the constructed ties
_SCENARIOS = {
    "ties": TIES,
    "japan_2010_stage": PAYOFFS / "japan_2010_stage.yaml",
    "us_china_rare_earths": PAYOFFS / "us_china_rare_earths.yaml",
}
_COMPILED: dict[str, object] = {}


def _compiled(name):
    if name not in _COMPILED:
        _COMPILED[name] = compile_scenario(read_scenario(_SCENARIOS[name]))
    return _COMPILED[name]


def _cases():
    """Every input of every shipped matrix scenario with ranges, and of the ties file."""
    cases = []
    for name in _SCENARIOS:
        cases += [(name, i.path) for i in _compiled(name).inputs]
    return cases


def test_every_shipped_scenario_with_ranges_is_covered():
    from negotiation.errors import PayoffFileError

    for path in PAYOFFS.glob("*.yaml"):
        try:
            scenario = read_scenario(path)
        except PayoffFileError:
            continue  # a payoff, dynamics or tree file: no matrix scenario
        if compile_scenario(scenario).inputs:
            assert path in _SCENARIOS.values(), path


@pytest.mark.parametrize(("name", "path"), _cases())
def test_every_flip_is_confirmed_and_a_10000_point_sweep_finds_no_other(name, path):
    """Each reported flip is confirmed exactly on both sides; a 10^4-point sweep of the
    input's range (exact at every flagged sample) sees no change that tipping missed."""
    compiled = _compiled(name)
    found = tipping_points(compiled, [path], grid=2001)
    if name == "ties" and path == "pressures.Col.push":
        assert found.tipping_points  # built to flip
    for t in found.tipping_points:
        assert t.confirmed, t
    item = compiled.input(path)
    xs = np.linspace(*item.range, 10_000)
    lows, highs = _changes(compiled, path, xs)
    values = [t.value for t in found.tipping_points]
    for a, b in zip(lows, highs, strict=True):
        assert any(a - 1e-9 <= v <= b + 1e-9 for v in values), (a, b)


def test_tipping_locates_a_constructed_tie_exactly():
    compiled = compile_scenario(read_scenario(TIES))
    found = tipping_points(compiled, ["pressures.Row.pull"], grid=101)
    equilibria = [t for t in found.tipping_points if t.what == "equilibria"]
    assert equilibria and all(t.confirmed for t in equilibria)
    # Row's act pays 1 - w against wait, w = 2 pull rounded to 4 places as the builder
    # does: w = 1 (a tie) for pull in [0.499975, 0.500025), so the set flips at both ends
    values = sorted(t.value for t in equilibria)
    assert len(values) == 2
    assert abs(values[0] - 0.499975) < 1e-9 and abs(values[1] - 0.500025) < 1e-9


@settings(max_examples=60, deadline=None)
@given(
    lo=st.floats(-100, 100),
    width=st.floats(0.001, 100),
    where=st.floats(0, 1),
    dist=st.sampled_from(["uniform", "triangular", "normal"]),
    seed=st.integers(0, 2**32),
)
def test_draws_stay_in_range_and_centre_on_the_value(lo, width, where, dist, seed):
    hi = lo + width
    value = lo + where * width
    item = UncertainInput("pressures.A.x", value, (lo, hi), dist)
    x = draw((item,), seed=seed, start=0, stop=5000)["pressures.A.x"]
    assert (x >= lo).all() and (x <= hi).all()
    if dist == "triangular":  # the mode: the mean is (lo + hi + value) / 3
        assert abs(x.mean() - (lo + hi + value) / 3) < 0.05 * width
    if dist == "uniform":
        assert abs(x.mean() - (lo + hi) / 2) < 0.05 * width


@settings(max_examples=30, deadline=None)
@given(cut=st.floats(0.2, 0.8), seed=st.integers(0, 1000))
def test_prim_recovers_a_planted_box(cut, seed):
    """A planted outcome ``x0 > cut`` (Friedman & Fisher 1999): the box finds that limit."""
    rng = np.random.default_rng(seed)
    x = rng.random((3000, 3))
    box = prim_box(x, x[:, 0] > cut, ["a", "b", "c"])
    assert set(box.limits) == {"a"}
    assert abs(box.limits["a"][0] - cut) < 0.08
    assert box.density > 0.9 and box.coverage > 0.5
