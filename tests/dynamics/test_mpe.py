"""The Markov perfect equilibrium: one-period games and the deviation check."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.dynamics import TimelineModel
from negotiation.dynamics.game import (
    discount_factors,
    period_payoffs,
    profile_actions,
    profile_controls,
)
from negotiation.dynamics.mpe import Grid, GridTooLargeError, solve_mpe, solve_one_period


def test_one_period_prisoners_dilemma_is_mutual_defection() -> None:
    # Axelrod (1984) payoffs: (defect, defect) is the unique equilibrium
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    Q = np.stack([A, A.T])[None]
    (s0, s1), values, gain, mixed = solve_one_period(Q, exporter=1, importer=0)
    assert s0[0].tolist() == [0, 1] and s1[0].tolist() == [0, 1]
    assert values[0].tolist() == [1.0, 1.0] and gain == 0 and mixed == 0


def test_one_period_matching_pennies_is_mixed_half_half() -> None:
    # von Neumann–Morgenstern: the unique equilibrium mixes 1/2–1/2
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    Q = np.stack([A, -A])[None]
    (s0, s1), _values, gain, mixed = solve_one_period(Q, exporter=1, importer=0)
    assert np.allclose(s0[0], [0.5, 0.5]) and np.allclose(s1[0], [0.5, 0.5])
    assert mixed == 1 and abs(gain) < 1e-12


def test_ties_between_equilibria_go_to_the_exporter() -> None:
    # battle of the sexes (Osborne 2004, §2.7.2): two pure equilibria; player 1 is the exporter
    A = np.array([[2.0, 0.0], [0.0, 1.0]])
    B = np.array([[1.0, 0.0], [0.0, 2.0]])
    (s0, s1), *_ = solve_one_period(np.stack([A, B])[None], exporter=1, importer=0)
    assert s0[0].tolist() == [0, 1] and s1[0].tolist() == [0, 1]


def _independent_gain(model: TimelineModel, mpe, t: int, rows: np.ndarray) -> float:
    """Recompute Q at some grid states of period t the slow way and check deviations."""
    X = mpe.grid.points()[rows]
    u = period_payoffs(model, X)
    delta = discount_factors(model, X)
    worst = 0.0
    for k in range(len(rows)):
        Q = u[k].copy()
        if t + 1 < mpe.years:
            for profile in profile_actions(model):
                r, x, _ = profile_controls(model, profile)
                nxt = model.transition.advance(X[k : k + 1], np.array([r]), np.array([x]), float(t))
                for i in range(2):
                    Q[(i, *profile)] += (
                        delta[k, i] * mpe.grid.interpolate(mpe.values[t + 1, i], nxt)[0]
                    )
        s0, s1 = mpe.strategies[t][0][rows[k]], mpe.strategies[t][1][rows[k]]
        v0, v1 = s0 @ Q[0] @ s1, s0 @ Q[1] @ s1
        worst = max(worst, float((Q[0] @ s1).max() - v0), float((s0 @ Q[1]).max() - v1))
        # the stored value is the value of the stored strategies
        idx = np.unravel_index(rows[k], mpe.grid.shape)
        assert abs(mpe.values[(t, 0, *idx)] - v0) < 1e-9 * max(1, abs(v0))
    return worst


@pytest.mark.parametrize("fixture", ["us_model", "japan_model"])
def test_no_profitable_one_period_deviation(fixture: str, request: pytest.FixtureRequest) -> None:
    model: TimelineModel = request.getfixturevalue(fixture)
    small = model.with_overrides({"grid.capacity": 2, "grid.substitution": 2, "grid.urgency": 2})
    mpe = solve_mpe(small, 6)
    assert mpe.verified and mpe.max_gain <= mpe.tolerance
    rng = np.random.default_rng(2)
    for t in range(mpe.years):
        rows = rng.choice(mpe.grid.size, size=12, replace=False)
        assert _independent_gain(small, mpe, t, rows) <= mpe.tolerance


def test_the_check_finds_a_planted_deviation(us_model: TimelineModel) -> None:
    small = us_model.with_overrides({"grid.capacity": 2, "grid.substitution": 2, "grid.urgency": 2})
    mpe = solve_mpe(small, 2)
    s0, s1 = mpe.strategies[0]
    bad = s1.copy()
    bad[:] = 0
    bad[:, 0] = 1  # China always suspends, whatever pays best
    planted = type(mpe)(mpe.years, mpe.grid, mpe.values, ((s0, bad), mpe.strategies[1]), 0, 0, 0)
    rows = np.arange(mpe.grid.size)
    with pytest.raises(AssertionError):
        assert _independent_gain(small, planted, 0, rows) <= mpe.tolerance


def test_grid_size_is_checked_before_solving(us_model: TimelineModel) -> None:
    big = us_model.with_overrides({"grid.capacity": 40})
    with pytest.raises(
        GridTooLargeError,
        match=r"state grid has 9,216,000 states .* lower the points .* --set grid.capacity=20",
    ):
        solve_mpe(big, 20)


def test_interpolation_is_exact_for_linear_values(us_model: TimelineModel) -> None:
    grid = Grid.from_model(us_model)
    X = grid.points()
    c = np.arange(1.0, X.shape[1] + 1)
    lo = np.array([a[0] for a in grid.axes])
    hi = np.array([a[-1] for a in grid.axes])
    P = lo + (hi - lo) * np.random.default_rng(0).random((500, X.shape[1]))
    assert np.allclose(grid.interpolate((X @ c).reshape(grid.shape), P), P @ c)
    # and at grid points it returns the grid values themselves
    V = np.random.default_rng(1).random(grid.shape)
    assert np.allclose(grid.interpolate(V, X), V.ravel())
