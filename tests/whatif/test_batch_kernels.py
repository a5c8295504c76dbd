"""The numba kernels of the batch solvers give numpy's answers, element by element.

``best_responses``, ``pure_equilibria`` and ``dominance`` of :mod:`negotiation.whatif.batch`
run as kernels (:mod:`negotiation.whatif.batch_kernels`) with ``jit=True``; every mask,
every move left and every ``unsure`` flag must equal the numpy path's, ties included
(small integer payoffs make ties common), and a sample the kernel cannot finish (a
mixture's linear program) must come back from numpy unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.whatif import batch
from negotiation.whatif.sampling import draw
from tests.repo_paths import PAYOFFS, ROOT

pytest.importorskip("numba")

from negotiation.whatif import batch_kernels  # needs numba

SHAPES = [(2, 2), (3, 3), (3, 4), (4, 5), (2, 2, 2), (3, 2, 2)]


def _same(a, b) -> bool:
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a.shape == b.shape and a.dtype == b.dtype and bool((a == b).all())


def assert_identical(u: np.ndarray, tol: np.ndarray | None = None) -> None:
    """Kernel and numpy agree on every output of the three solvers for the games ``u``."""
    tol = batch.tolerance(u) if tol is None else tol
    for solve in (batch.best_responses, batch.pure_equilibria):
        assert _same(solve(u, tol, jit=True), solve(u, tol, jit=False)), solve.__name__
        assert _same(solve(u, jit=True), solve(u, jit=False)), solve.__name__
    for mixed in (True, False):
        kernel = batch.dominance(u, tol=tol, mixed=mixed, jit=True)
        assert _same(kernel, batch.dominance(u, tol=tol, mixed=mixed, jit=False)), mixed


@pytest.fixture(scope="module")
def default_payoffs() -> np.ndarray:
    compiled = compile_scenario(read_scenario(PAYOFFS / "us_china_rare_earths.yaml"))
    return compiled.payoffs(draw(compiled.inputs, seed=12, start=0, stop=10_000))


def test_default_scenario_draws(default_payoffs) -> None:
    assert default_payoffs.shape == (10_000, 2, 4, 5)
    assert_identical(default_payoffs)
    # the kernel finishes every one of them itself (pure dominance leaves one move each)
    _, _, deferred = batch_kernels.dominance(
        default_payoffs, batch.tolerance(default_payoffs), True
    )
    assert deferred.size == 0


@pytest.mark.parametrize(
    "path", [ROOT / "tests" / "whatif" / "data" / "ties.yaml", PAYOFFS / "japan_2010_stage.yaml"]
)
def test_other_scenarios(path) -> None:
    compiled = compile_scenario(read_scenario(path))
    u = compiled.payoffs(draw(compiled.inputs, seed=3, start=0, stop=2_000))
    assert_identical(np.where(np.isfinite(u), u, 0.0))


@pytest.mark.parametrize("shape", SHAPES, ids=["x".join(map(str, s)) for s in SHAPES])
@pytest.mark.parametrize("high", [2, 4, 10])
def test_random_integer_games(shape, high) -> None:
    rng = np.random.default_rng(sum(shape) * 100 + high)
    n = 3_000 if np.prod(shape) <= 12 else 400  # numpy's LPs make big games slow
    u = rng.integers(0, high, (n, len(shape), *shape)).astype(float)
    assert_identical(u)


def test_ties_are_flagged_alike() -> None:
    """Payoffs 0..1 tie almost everywhere: the flags must still agree (and many are set)."""
    rng = np.random.default_rng(5)
    u = rng.integers(0, 2, (4_000, 2, 3, 4)).astype(float)
    assert_identical(u)
    assert batch.pure_equilibria(u, jit=True)[1].mean() > 0.5


def test_layouts_and_scales() -> None:
    """The solvers' own SoA layout, a strided view, scaled payoffs and one sample."""
    rng = np.random.default_rng(6)
    u = rng.integers(0, 4, (100, 2, 4, 5)).astype(float) * 1e6 + rng.random((100, 2, 4, 5))
    assert_identical(np.moveaxis(batch.soa(u), -1, 0))
    assert_identical(u[::3])
    assert_identical(u[:1])
    # a tolerance passed in (tighter than the default) is used as it is
    assert_identical(u, batch.tolerance(u) * 1e3)


def test_non_finite_payoffs() -> None:
    """NaN and ±inf as numpy treats them (the mixtures' LP needs finite payoffs: pure only)."""
    rng = np.random.default_rng(7)
    u = rng.integers(0, 3, (2_000, 2, 3, 3)).astype(float)
    u.reshape(-1)[rng.choice(u.size, 300, replace=False)] = np.nan
    u.reshape(-1)[rng.choice(u.size, 100, replace=False)] = np.inf
    u.reshape(-1)[rng.choice(u.size, 100, replace=False)] = -np.inf
    tol = np.full(u.shape[0], 1e-9)
    for solve in (batch.best_responses, batch.pure_equilibria):
        assert _same(solve(u, tol, jit=True), solve(u, tol, jit=False)), solve.__name__
    kernel = batch.dominance(u, tol=tol, mixed=False, jit=True)
    assert _same(kernel, batch.dominance(u, tol=tol, mixed=False, jit=False))


def test_mixed_dominance_is_left_to_numpy() -> None:
    """The module doc's game: M is dominated by ½T + ½B only — the kernel defers it."""
    g = np.array([[[[3, 0], [1, 1], [0, 3]], [[1, 0], [0, 2], [0, 1]]]], dtype=float)
    _, _, deferred = batch_kernels.dominance(g, batch.tolerance(g), True)
    assert deferred.tolist() == [0]
    left, unsure = batch.dominance(g, jit=True)
    assert [r.astype(int).tolist() for r in left] == [[[1, 0, 1]], [[1, 1]]]
    assert not unsure[0]
    assert_identical(g)


def test_mixture_within_tolerance() -> None:
    """M ties ½T + ½B (exactly, and within the tolerance): not removed, flagged unsure."""
    games = []
    for m in (1.5, 1.5 - 1e-12, 1.5 + 1e-12, 1.4):
        games.append([[[3, 0], [m, m], [0, 3]], [[1, 0], [0, 2], [0, 1]]])
    g = np.array(games, dtype=float)
    left, unsure = batch.dominance(g, jit=True)
    assert left[0][:, 1].tolist() == [True, True, True, False]
    assert unsure.tolist() == [True, True, True, False]
    assert_identical(g)


def test_several_rounds() -> None:
    """Gibbons (1992), *A Primer in Game Theory*, fig. 1.1.1: Right, then Down and Left go."""
    row = [[1, 1, 0], [0, 0, 2]]
    col = [[0, 2, 1], [3, 1, 0]]
    g = np.array([[row, col]], dtype=float)
    left, unsure = batch.dominance(g, jit=True)
    assert [r.astype(int).tolist() for r in left] == [[[1, 0]], [[0, 1, 0]]]
    assert not unsure[0]
    # a chain one move at a time: each player's worst move goes in turn
    n = 5
    a = np.add.outer(np.arange(n), -0.5 * np.arange(n))  # row: higher is better
    b = np.add.outer(-0.5 * np.arange(n), np.arange(n))
    chain = np.stack([a, b])[None]
    assert_identical(chain)
    assert_identical(np.concatenate([g[:, :, :, :2], chain[:, :, :2, :2]]))


def test_large_games_are_left_to_numpy() -> None:
    """Over 64 profiles of the others: the kernel defers the whole batch, answers unchanged."""
    rng = np.random.default_rng(8)
    u = rng.integers(0, 3, (200, 3, 2, 9, 9)).astype(float)
    _, _, deferred = batch_kernels.dominance(u, batch.tolerance(u), True)
    assert deferred.size == 200
    assert_identical(u)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 4), min_size=2, max_size=3).flatmap(
        lambda shape: hnp.arrays(
            np.float64,
            st.tuples(st.integers(1, 40), st.just(len(shape)), *map(st.just, shape)),
            elements=st.sampled_from([0.0, 1.0, 2.0, 3.0, 1.5, 1.0 + 1e-12, -1.0]),
        )
    )
)
def test_property_random_small_games(u) -> None:
    assert_identical(u)


def test_switch_env_off(monkeypatch) -> None:
    """``NEGOTIATION_JIT=0`` (or numba missing) keeps every call on numpy, even ``jit=True``."""
    u = np.random.default_rng(9).integers(0, 3, (50, 2, 3, 3)).astype(float)

    def boom(*args, **kwargs):
        raise AssertionError("the kernel ran")

    for name in ("best_responses", "pure_equilibria", "dominance"):
        monkeypatch.setattr(batch_kernels, name, boom)
    with pytest.raises(AssertionError, match="the kernel ran"):  # the check can fail
        batch.dominance(u, jit=True)
    monkeypatch.setenv("NEGOTIATION_JIT", "0")
    for jit in (None, True):
        batch.best_responses(u, jit=jit)
        batch.pure_equilibria(u, jit=jit)
        batch.dominance(u, jit=jit)
    monkeypatch.delenv("NEGOTIATION_JIT")
    monkeypatch.setattr("negotiation.jit.available", lambda env=None: False)
    batch.dominance(u, jit=True)
    batch.pure_equilibria(u)


def test_switch_by_size(monkeypatch) -> None:
    """``jit=None`` uses the kernel from :data:`negotiation.jit.MIN_SAMPLES` on (or forced)."""
    calls = []
    real = batch_kernels.pure_equilibria
    monkeypatch.setattr(
        batch_kernels, "pure_equilibria", lambda u, tol: calls.append(len(u)) or real(u, tol)
    )
    monkeypatch.delenv("NEGOTIATION_JIT", raising=False)
    u = np.zeros((10, 2, 2, 2))
    batch.pure_equilibria(u)
    batch.pure_equilibria(u, jit=False)
    assert calls == []
    monkeypatch.setenv("NEGOTIATION_JIT", "1")
    batch.pure_equilibria(u)
    assert calls == [10]
    monkeypatch.setattr("negotiation.jit.MIN_SAMPLES", 5)
    monkeypatch.delenv("NEGOTIATION_JIT")
    batch.pure_equilibria(u)
    assert calls == [10, 10]
