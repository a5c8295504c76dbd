"""PRIM (Friedman and Fisher 1999): known answers, and the fast peeling equals the old one.

* a box worked by hand on ten draws (every peel, quantile and density below);
* a box planted in uniform noise is found, its bounds within a tolerance;
* the sorted, blocked peeling gives the same box, bit for bit, as the previous
  implementation (``tests/whatif/prim_reference.py``: ``np.quantile`` over the whole box at
  every step) on seeded continuous, tied and constant data and on the default scenario's
  own draws and outcomes;
* the quantile it computes from two neighbours is ``np.quantile``'s, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.whatif.prim import PrimBox, linear_quantile, prim_box, sort_draws
from tests.whatif.prim_reference import reference_box


def _same_as_reference(x, y, **kw):
    names = [f"x{k}" for k in range(x.shape[1])]
    fast = prim_box(x, y, names, **kw)
    limits, coverage, density, mass = reference_box(x, y, **kw)
    assert fast.limits == {names[k]: v for k, v in limits.items()}
    assert (fast.coverage, fast.density, fast.mass) == (coverage, density, mass)
    return fast


def test_a_box_worked_by_hand():
    """Ten draws ``x = 0..9``, the outcome at 2, 6, 7, 8, 9; ``alpha = 0.2``, min mass 0.3.

    numpy's linear quantile of ``m`` sorted values at ``q`` sits at index ``(m - 1) q``.
    1. ten draws: low cut ``q(0.2) = 1.8`` removes {0, 1} (density 5/8), high cut 7.2
       removes {8, 9} (3/8): peel low, box [1.8, 9], density 0.625.
    2. eight draws 2..9: low cut 3.4 removes {2, 3} (4/6), high cut 7.6 removes {8, 9}
       (3/6): box [3.4, 9], density 2/3.
    3. six draws 4..9: low cut 5 removes {4} (4/5 = 0.8), high cut 8 removes {9} (3/5).
    4. five draws 5..9: low cut 5.8 removes {5}: density 1 — the densest box, [5.8, 9].
    5. four draws 6..9: both peels leave density 1, no gain; the box (mass 0.3) is the
       last one peeled. Pruning (0 here) keeps ``x ≥ 5.8``: draws 6..9, coverage 4/5,
       density 4/4, mass 4/10.
    """
    x = np.arange(10.0)[:, None]
    y = np.isin(np.arange(10), [2, 6, 7, 8, 9])
    box = prim_box(x, y, ["a"], alpha=0.2, min_mass=0.3, min_coverage=0.5, prune=0.0)
    assert list(box.limits) == ["a"]
    assert box.limits["a"][0] == pytest.approx(5.8) and box.limits["a"][1] == np.inf
    assert (box.coverage, box.density, box.mass) == (0.8, 1.0, 0.4)
    _same_as_reference(x, y, alpha=0.2, min_mass=0.3, min_coverage=0.5, prune=0.0)


@pytest.mark.parametrize("seed", range(4))
def test_a_planted_box_is_found(seed):
    """Outcome with probability 0.9 in ``x1 ≥ 0.6, x3 ≤ 0.3``, 0.05 elsewhere, five inputs."""
    rng = np.random.default_rng(seed)
    x = rng.random((20_000, 5))
    planted = (x[:, 1] >= 0.6) & (x[:, 3] <= 0.3)
    y = np.where(planted, rng.random(20_000) < 0.9, rng.random(20_000) < 0.05)
    box = prim_box(x, y, list("abcde"))
    assert set(box.limits) == {"b", "d"}
    assert 0.58 <= box.limits["b"][0] <= 0.67 and box.limits["b"][1] == np.inf
    assert box.limits["d"][0] == -np.inf and 0.24 <= box.limits["d"][1] <= 0.32
    assert box.density > 0.85 and box.coverage >= 0.5
    # coverage, density and mass are those of the draws inside the reported box
    inside = (x[:, 1] >= box.limits["b"][0]) & (x[:, 3] <= box.limits["d"][1])
    assert box.mass == inside.mean()
    assert box.density == y[inside].mean()
    assert box.coverage == (inside & y).sum() / y.sum()


@pytest.mark.parametrize(
    ("n", "d", "kind", "alpha", "min_coverage"),
    [
        (60, 2, "uniform", 0.05, 0.5),
        (500, 4, "uniform", 0.1, 0.5),
        (3000, 6, "uniform", 0.05, 0.3),
        (3000, 6, "integers", 0.05, 0.5),
        (2000, 5, "mixed", 0.2, 0.5),
        (20_000, 8, "uniform", 0.05, 0.5),
    ],
)
def test_equal_to_the_previous_implementation(n, d, kind, alpha, min_coverage):
    rng = np.random.default_rng(n + d)
    if kind == "uniform":
        x = rng.random((n, d))
    elif kind == "integers":  # heavy ties: every cut sits on a run of equal values
        x = rng.integers(0, 6, (n, d)).astype(float)
    else:  # a constant input, a tied one, the rest continuous and negative
        x = -rng.random((n, d)) * 3
        x[:, 0] = 1.5
        x[:, 1] = np.round(x[:, 1])
    score = x[:, -1] - 0.7 * x[:, -2] + 0.3 * rng.standard_normal(n)
    for y in (score > np.quantile(score, 0.7), score < np.quantile(score, 0.1)):
        _same_as_reference(x, y, alpha=alpha, min_coverage=min_coverage)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(20, 400),
    d=st.integers(1, 4),
    levels=st.integers(2, 12),
    share=st.floats(0.02, 0.9),
    seed=st.integers(0, 10_000),
)
def test_equal_to_the_previous_implementation_on_tied_draws(n, d, levels, share, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, levels, (n, d)) / levels
    y = rng.random(n) < np.where(x[:, 0] > 0.5, share, share / 3)
    _same_as_reference(x, y, alpha=0.1, min_mass=0.05, min_coverage=0.4)


def test_equal_to_the_previous_implementation_on_the_default_scenario():
    """The default scenario's draws and its equilibrium sets and deals, shared presort."""
    from negotiation.scenario import read_scenario
    from negotiation.scenario.compiled import compile_scenario
    from negotiation.whatif.engine import analyse_batch
    from negotiation.whatif.sampling import draw
    from tests.repo_paths import PAYOFFS

    compiled = compile_scenario(read_scenario(PAYOFFS / "us_china_rare_earths.yaml"))
    values = draw(compiled.inputs, seed=3, start=0, stop=4000)
    out = analyse_batch(compiled, values, 4000, dominance=False)
    x = np.stack([values[i.path] for i in compiled.inputs], axis=1)
    names = [i.path for i in compiled.inputs]
    presorted = sort_draws(x)
    checked = 0
    for labels in (out.set_id, out.deal_main):
        for value in np.unique(labels):
            y = labels == value
            if 0.01 <= y.mean() <= 0.99:
                fast = prim_box(x, y, names, presorted=presorted)
                limits, coverage, density, mass = reference_box(x, y)
                assert fast.limits == {names[k]: v for k, v in limits.items()}
                assert (fast.coverage, fast.density, fast.mass) == (coverage, density, mass)
                checked += 1
    assert checked >= 4


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.integers(-5, 5) | st.floats(-1e3, 1e3), min_size=1, max_size=60),
    q=st.floats(0, 1) | st.sampled_from([0.05, 0.95, 0.1, 0.9, 0.2, 0.8, 0.5]),
)
def test_linear_quantile_is_numpys(values, q):
    v = np.sort(np.array(values, dtype=float))
    n = len(v)
    h = (n - 1) * q
    a = min(int(np.floor(h)), n - 1)
    b = min(a + 1, n - 1)
    if h >= n - 1:
        a = b = n - 1
    got = linear_quantile(v[a : a + 1], v[b : b + 1], n, q)
    assert got[0] == np.quantile(v, q)


def test_presorted_draws_must_match():
    x = np.random.default_rng(0).random((100, 2))
    with pytest.raises(ValueError, match="presorted"):
        prim_box(x, x[:, 0] > 0.5, ["a", "b"], presorted=sort_draws(x[:50]))


def test_describe_names_inputs_unambiguously():
    box = PrimBox(
        {
            "levers.US.ease_chips.effects.US.security": (-np.inf, -6.0),
            "levers.China.licensing.effects.China.security": (0.5, 1.25),
            "pressures.China.deflation": (0.72, np.inf),
        },
        0.5,
        0.9,
        0.2,
    )
    assert box.describe() == (
        "ease_chips → US security ≤ -6 and 0.5 ≤ licensing → China security ≤ 1.25 "
        "and China deflation ≥ 0.72"
    )
    assert PrimBox({}, 1.0, 0.3, 1.0).describe() == "everywhere"
