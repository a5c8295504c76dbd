"""The compiled evaluation kernel (negotiation.scenario.tape) against numpy, bit for bit.

``CompiledScenario.evaluate(jit=True)`` runs the scenario's formulas as a flat program
in one numba kernel; ``jit=False`` walks them over numpy arrays (the reference). Every
array an :class:`Evaluation` holds must be identical — compared as int64 bit patterns,
so that ``-0.0`` against ``0.0`` or a different NaN would fail — on the default
scenario's seeded draws, on every shipped scenario, on values placed exactly on
rounding half-way points, on samples where a formula divides by zero or clips with
``lo > hi``, and on random formulas.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.files import parse_yaml
from negotiation.scenario import build_scenario, read_scenario
from negotiation.scenario.compiled import CompiledScenario, Evaluation, compile_scenario
from negotiation.whatif.sampling import draw
from tests.scenario.scenario_fixtures import DEFAULT, ROOT, SMALL

pytest.importorskip("numba")


@pytest.fixture(autouse=True)
def _kernels_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests choose numpy or the kernel themselves, whatever the environment says."""
    monkeypatch.delenv("NEGOTIATION_JIT", raising=False)


def bits(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.float64).view(np.int64)


def assert_same(a: Evaluation, b: Evaluation) -> None:
    """Every array of two evaluations identical bit for bit (shapes included)."""
    assert a.payoffs.shape == b.payoffs.shape
    assert np.array_equal(bits(a.payoffs), bits(b.payoffs))
    assert np.array_equal(a.unsure, b.unsure)
    assert np.array_equal(a.invalid, b.invalid)
    assert a.weights is not None and b.weights is not None
    assert a.weights.shape == b.weights.shape
    assert np.array_equal(bits(a.weights), bits(b.weights))
    assert len(a.effects) == len(b.effects)
    for x, y in zip(a.effects, b.effects, strict=True):
        assert x.shape == y.shape and np.array_equal(bits(x), bits(y))
    assert a.parameters.keys() == b.parameters.keys()
    for player, named in b.parameters.items():
        assert a.parameters[player].keys() == named.keys()
        for name, values in named.items():
            assert np.array_equal(bits(a.parameters[player][name]), bits(values)), name


def compare(compiled: CompiledScenario, values: dict[str, np.ndarray]) -> Evaluation:
    """The kernel's evaluation, checked against numpy's; it must really be the kernel's."""
    kernel = compiled.evaluate(values, jit=True)
    assert compiled._programs[("tape", tuple(values))] is not None, "numpy ran, not the kernel"
    assert_same(kernel, compiled.evaluate(values, jit=False))
    return kernel


def small(**formulas: tuple[str, str]) -> CompiledScenario:
    """The small fixture scenario with some formulas replaced (``(old, new)`` pairs)."""
    text = SMALL
    for old, new in formulas.values():
        assert old in text
        text = text.replace(old, new)
    return compile_scenario(build_scenario(parse_yaml(text, "small.yaml")))


@pytest.fixture(scope="module")
def default_compiled() -> CompiledScenario:
    return compile_scenario(read_scenario(DEFAULT))


# ------------------------------------------------------------------ real scenarios
def test_default_scenario_ten_thousand_draws(default_compiled: CompiledScenario) -> None:
    values = draw(default_compiled.inputs, seed=12, start=0, stop=10_000)
    assert len(values) == 64
    ev = compare(default_compiled, values)
    assert ev.payoffs.shape == (10_000, 2, 4, 5)


def test_default_scenario_some_inputs_and_a_scalar(default_compiled: CompiledScenario) -> None:
    """Inputs left out keep the file's value; a scalar is broadcast; N from ``n``."""
    paths = [i.path for i in default_compiled.inputs][::7]
    values = {p: np.linspace(*default_compiled.input(p).range, 3001) for p in paths}
    values[paths[0]] = np.float64(default_compiled.default(paths[0]))  # type: ignore[assignment]
    compare(default_compiled, values)
    one = default_compiled.evaluate({paths[1]: 0.5}, 5, jit=True)
    assert one.payoffs.shape[0] == 5
    assert_same(one, default_compiled.evaluate({paths[1]: 0.5}, 5, jit=False))


def _shipped_scenarios() -> list[Path]:
    from negotiation.workflows.load import load_model

    found = []
    for path in sorted((ROOT / "payoffs").rglob("*.yaml")):
        try:
            if load_model(path).kind == "scenario":
                found.append(path)
        except Exception:  # not a model file (a schema, a tree's part): not a scenario
            continue
    return found


SHIPPED = _shipped_scenarios()


def test_shipped_scenarios_are_found() -> None:
    assert DEFAULT in SHIPPED and len(SHIPPED) >= 2


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_scenario(path: Path) -> None:
    compiled = compile_scenario(read_scenario(path))
    compare(compiled, draw(compiled.inputs, seed=5, start=0, stop=2_000))


# ------------------------------------------------------------------ rounding half-way points
def test_given_values_on_half_way_points(default_compiled: CompiledScenario) -> None:
    """A weight given directly, at k + 1/2 units of its 4th decimal: numpy rounds those
    in Python (correctly rounded); the kernel must hand them back to numpy."""
    path = next(p for p in default_compiled.variable_paths() if p.startswith("weights."))
    x = (np.arange(2_000) + 0.5) / 1e4
    python = np.array([round(float(v), 4) for v in x])
    assert (np.rint(x * 1e4) / 1e4 != python).any()  # rint alone would get some wrong
    ev = compare(default_compiled, {path: x})
    assert not ev.unsure.any()


def test_formula_results_on_half_way_points() -> None:
    """Pressures placed so that ``1 + need`` (A's trade weight) lands on …5 in the 5th
    decimal: numpy rounds those in Python, and so must the kernel's result. Under
    ``sqrt`` (B's security weight, ``sqrt(0.25) / 2 + need``) numpy flags them unsure."""
    compiled = small(w=("security: fear / 2 + A.need", "security: sqrt(fear) / 2 + A.need"))
    need = (np.arange(1_000) + 0.5) / 1e4
    fear = np.full(need.size, 0.25)
    ev = compare(compiled, {"pressures.A.need": need, "pressures.B.fear": fear})
    trade = compiled.scenario.channels.index("trade")
    python = np.array([round(1 + float(v), 4) for v in need])
    assert np.array_equal(ev.weights[:, 0, trade], python)  # type: ignore[index]
    assert (np.rint((1 + need) * 1e4) / 1e4 != python).any()  # rint alone is wrong here
    assert ev.unsure.mean() > 0.5  # sqrt's half-way points, flagged as numpy flags them


# ------------------------------------------------------------------ failing formulas
def test_division_by_zero_clip_and_sqrt_out_of_domain() -> None:
    compiled = small(
        w=("trade: 1 + need", "trade: 1 / (need - 0.25) + abs(-need)"),
        d=("dependence: clip(need, 0, 1)", "dependence: clip(need, B.fear - 2, 1)"),
        s=("trade: 2\n", "trade: 1 + sqrt(fear - 1) + min(fear, 3, -A.need)\n"),
    )
    need = np.tile([0.25, 0.5, 0.0, 1.0], 50)
    fear = np.repeat(np.linspace(0, 4, 50), 4)
    ev = compare(compiled, {"pressures.A.need": need, "pressures.B.fear": fear})
    assert ev.invalid[need == 0.25].all()  # 1 / 0
    assert ev.invalid[fear > 3].all()  # clip with lo = fear - 2 > 1
    assert ev.invalid[fear < 1].all()  # sqrt of a negative number
    assert not ev.invalid[(need != 0.25) & (fear >= 1) & (fear <= 3)].any()
    assert (ev.invalid <= ev.unsure).all()


def test_non_finite_inputs() -> None:
    compiled = small()
    need = np.array([0.5, np.inf, -np.inf, 0.75])
    ev = compare(compiled, {"pressures.A.need": need})
    assert ev.invalid.tolist() == [False, True, True, False]
    effect = "levers.A.tax.effects.A.trade"  # a plain number: used unrounded
    assert effect in compiled.variable_paths()
    ev = compare(compiled, {effect: np.array([-1.0, np.nan, np.inf, 1e308])})
    assert ev.invalid.tolist() == [False, True, True, False]


def test_exp_log_and_powers_stay_on_numpy() -> None:
    compiled = small(w=("trade: 1 + need", "trade: exp(need) + need ^ 2"))
    values = {"pressures.A.need": np.linspace(0, 1, 101)}
    ev = compiled.evaluate(values, jit=True)
    assert compiled._programs[("tape", tuple(values))] is None
    assert_same(ev, compiled.evaluate(values, jit=False))


# ------------------------------------------------------------------ the switch
def test_negotiation_jit_zero_gives_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = small()
    monkeypatch.setenv("NEGOTIATION_JIT", "0")
    compiled.evaluate({"pressures.A.need": np.linspace(0, 1, 10)}, jit=True)
    assert compiled._programs == {}
    monkeypatch.setenv("NEGOTIATION_JIT", "1")
    compiled.evaluate({"pressures.A.need": np.linspace(0, 1, 10)})  # jit=None: forced on
    assert next(iter(compiled._programs.values())) is not None


def test_without_numba_numpy_evaluates(monkeypatch: pytest.MonkeyPatch) -> None:
    import negotiation.jit

    monkeypatch.setattr(negotiation.jit, "available", lambda env=None: False)
    compiled = small()
    values = {"pressures.A.need": np.linspace(0, 1, 10)}
    assert_same(compiled.evaluate(values, jit=True), compiled.evaluate(values, jit=False))
    assert compiled._programs == {}


def test_small_runs_default_to_numpy() -> None:
    compiled = small()
    compiled.evaluate({"pressures.A.need": np.linspace(0, 1, 10)})
    assert compiled._programs == {}  # below negotiation.jit.MIN_SAMPLES


# ------------------------------------------------------------------ random formulas
_NUMBERS = ("0.5", "2", "3.25", "0", "1e-3")


def _formulas(*names: str) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(names + _NUMBERS)

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from("+-*/"), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        )
        calls = st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda a: f"min({', '.join(a)})"),
            st.lists(inner, min_size=1, max_size=3).map(lambda a: f"max({', '.join(a)})"),
            inner.map(lambda a: f"abs({a})"),
            inner.map(lambda a: f"sqrt(abs({a}))"),
            inner.map(lambda a: f"-{a}"),
            st.tuples(inner, inner, inner).map(lambda t: f"clip({t[0]}, {t[1]}, {t[2]})"),
        )
        return st.one_of(binary, calls)

    return st.recursive(leaf, grow, max_leaves=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weight=_formulas("fear", "A.need", "B.fear"), parameter=_formulas("need", "B.fear"))
def test_random_formulas(weight: str, parameter: str) -> None:
    """A random weight (B's security) and parameter (A's dependence) over the small
    scenario: where the file builds at all, the kernel equals numpy on a grid."""
    from hypothesis import assume

    from negotiation.errors import NegotiationError

    try:
        compiled = small(
            w=("security: fear / 2 + A.need", f"security: {weight}"),
            d=("dependence: clip(need, 0, 1)", f"dependence: clip({parameter}, 0, 1)"),
        )
    except NegotiationError:
        assume(False)
        return
    need, fear = np.meshgrid(np.linspace(-0.25, 1.25, 23), np.linspace(-1, 5, 29))
    compare(compiled, {"pressures.A.need": need.ravel(), "pressures.B.fear": fear.ravel()})
