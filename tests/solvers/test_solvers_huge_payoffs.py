"""Exact payoffs beyond float range (issue 10, "exact paths stay exact; float paths scale,
or refuse with a message").

The reference answer is the game itself at ordinary size: a positive rescaling of each
player's payoffs changes no best response (von Neumann and Morgenstern 1944, §3.5–3.6;
Maschler, Solan and Zamir 2013, *Game Theory*, §5.5), so a game multiplied by
``10**400`` (or divided by ``10**330``) must have the same equilibria, with payoffs
multiplied by the same factor, exactly. Every method of ``solve --method`` is swept over
random games; methods that cannot hold a game in floats refuse with a
:class:`FloatRangeError` (a ``NegotiationError``) naming the game and the exact methods.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.cli.main import main
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.solvers import METHODS, solve
from negotiation.solvers.scaling import FloatRangeError, needs_scaling, scaled_game, unscale

from ..repo_paths import PAYOFFS

BIG = Fraction(10) ** 400
TINY = Fraction(1, 10**330)
#: factors outside the float range, and a 999-digit integer
FACTORS = [BIG, TINY, Fraction(7 * 10**998)]


def _scaled(game: Game, factors: tuple[Fraction, ...]) -> Game:
    exact = np.empty(game.exact.shape, dtype=object)
    for index, value in np.ndenumerate(game.exact):
        exact[index] = value * factors[index[0]]
    return game.with_payoffs(exact)


@st.composite
def small_games(draw: st.DrawFn, zero_sum: bool = False) -> Game:
    m, n = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    cell = st.integers(-5, 5)
    a = [[draw(cell) for _ in range(n)] for _ in range(m)]
    if zero_sum:
        return Game.zero_sum(a, title="random")
    b = [[draw(cell) for _ in range(n)] for _ in range(m)]
    return Game.from_matrices(a, b, title="random")


def _times(values: tuple[Fraction, ...], factors: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    return tuple(v * f for v, f in zip(values, factors, strict=True))


@settings(max_examples=25, deadline=None)
@given(
    small_games(),
    st.sampled_from(FACTORS),
    st.sampled_from(FACTORS),
    st.sampled_from(["all", "pure", "lemke-howson", "dominance", "pareto", "br-graph"]),
)
def test_equilibria_are_the_same_after_scaling(
    game: Game, f0: Fraction, f1: Fraction, method: str
) -> None:
    big = _scaled(game, (f0, f1))
    want, got = solve(game, method), solve(big, method)
    if method in ("all", "pure", "lemke-howson"):
        assert got.strategy_set() == want.strategy_set()
        pays = {e.key(): e.payoffs for e in got}
        for e in want:
            assert pays[e.key()] == _times(e.payoffs, (f0, f1))
    elif method == "dominance":
        assert got.to_dict()["remaining"] == want.to_dict()["remaining"]
    elif method == "pareto":
        assert [p for p, _ in got.outcomes] == [p for p, _ in want.outcomes]
        for (_, pg), (_, pw) in zip(got.outcomes, want.outcomes, strict=True):
            assert pg == _times(pw, (f0, f1))
    else:
        assert got.sinks == want.sinks and got.cycles == want.cycles
    json.dumps(got.to_dict(), allow_nan=False)  # --json holds: no inf, no OverflowError


@settings(max_examples=25, deadline=None)
@given(small_games(), st.sampled_from(FACTORS), st.sampled_from(FACTORS), st.integers(0, 1))
def test_values_scale_exactly(game: Game, f0: Fraction, f1: Fraction, leader: int) -> None:
    factors = (f0, f1)
    big = _scaled(game, factors)
    s_want, s_got = (
        solve(game, "stackelberg", leader=leader),
        solve(big, "stackelberg", leader=leader),
    )
    fl, ff = factors[leader], factors[1 - leader]
    assert s_got.pure.leader_payoff == s_want.pure.leader_payoff * fl
    assert s_got.pure.follower_payoff == s_want.pure.follower_payoff * ff
    assert s_got.pessimistic_pure_value == s_want.pessimistic_pure_value * fl
    assert (s_got.mixed is None) == (s_want.mixed is None)
    if s_want.mixed is not None and s_got.mixed is not None:
        assert s_got.mixed.leader_payoff == s_want.mixed.leader_payoff * fl
    m_want, m_got = solve(game, "maximin"), solve(big, "maximin")
    for i, (lw, lg) in enumerate(zip(m_want.levels, m_got.levels, strict=True)):
        assert lg.pure_value == lw.pure_value * factors[i]
        assert lg.pure_moves == lw.pure_moves
        assert lw.mixed_value is not None and lg.mixed_value == lw.mixed_value * factors[i]
    for result in (s_got, m_got):
        json.dumps(result.to_dict(), allow_nan=False)


@settings(max_examples=20, deadline=None)
@given(small_games(), st.sampled_from(FACTORS))
def test_correlated_values_scale_exactly(game: Game, factor: Fraction) -> None:
    # one factor for both players: welfare (a sum over players) then scales too
    want, got = solve(game, "correlated"), solve(_scaled(game, (factor, factor)), "correlated")
    assert sum(got.welfare.payoffs) == sum(want.welfare.payoffs) * factor
    for i, (w, g) in enumerate(zip(want.best_for, got.best_for, strict=True)):
        assert g.payoffs[i] == w.payoffs[i] * factor
    json.dumps(got.to_dict(), allow_nan=False)


@settings(max_examples=20, deadline=None)
@given(small_games(zero_sum=True), st.sampled_from(FACTORS))
def test_zero_sum_value_scales_exactly(game: Game, factor: Fraction) -> None:
    big = _scaled(game, (factor, factor))
    want, got = solve(game, "zero-sum"), solve(big, "zero-sum")
    assert want.value is not None and got.value == want.value * factor
    assert got.constant == want.constant * factor
    json.dumps(got.to_dict(), allow_nan=False)


def test_scaling_is_exact_and_leaves_ordinary_games_alone() -> None:
    ordinary = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert not needs_scaling(ordinary)
    big = _scaled(ordinary, (BIG, TINY))
    small, exps = scaled_game(big, "all")
    for index, value in np.ndenumerate(small.exact):
        assert 0 <= abs(value) < 1
        assert unscale(value, exps[index[0]]) == big.exact[index]


SPAN = Game.from_matrices([[BIG, TINY], [1, 0]], [[1, 2], [3, 4]], title="span")


@pytest.mark.parametrize("method", METHODS)
def test_a_span_no_float_holds_is_refused_by_float_methods_only(method: str) -> None:
    """Row's payoffs run from 1e-330 to 1e400: exact methods answer, float methods refuse."""
    game = Game.zero_sum([[BIG, TINY], [1, 0]], title="span") if method == "zero-sum" else SPAN
    try:
        result = solve(game, method)
    except FloatRangeError as exc:
        assert method in ("all", "correlated", "stackelberg", "maximin", "zero-sum")
        text = str(exc)
        assert "'span'" in text and f"'{method}'" in text and "--method pure" in text
        assert isinstance(exc, NegotiationError) and "\n" not in text
    else:
        assert method in ("pure", "lemke-howson", "dominance", "pareto", "br-graph")
        json.dumps(result.to_dict(), allow_nan=False)


# ------------------------------------------------------------------------------- the CLI
PD_TEXT = (PAYOFFS / "prisoners_dilemma.yaml").read_text()


def _pd_file(tmp_path: Path, name: str, scale: str) -> Path:
    """Axelrod's prisoner's dilemma (T=5, R=3, P=1, S=0) with each payoff times ``scale``."""

    def v(x: int) -> str:
        return "0" if x == 0 else f"'{x}{scale}'"

    text = (
        PD_TEXT.replace("cooperate: [3, 3]", f"cooperate: [{v(3)}, {v(3)}]")
        .replace("defect: [0, 5]", f"defect: [{v(0)}, {v(5)}]")
        .replace("cooperate: [5, 0]", f"cooperate: [{v(5)}, {v(0)}]")
        .replace("defect: [1, 1]", f"defect: [{v(1)}, {v(1)}]")
    )
    path = tmp_path / name
    path.write_text(text)
    return path


SCALES = {"big": "e400", "tiny": "e-330", "digits": "0" * 998, "span": None}
SOLVE_METHODS = [m for m in METHODS if m != "zero-sum"]  # the PD is not zero-sum
COMMANDS = [
    ["analyse"],
    ["leverage"],
    ["bargain"],
    ["repeat", "--turns", "5", "--repetitions", "1"],
    ["folk"],
    ["spe", "--discount", "0.9"],
    ["show"],
    ["validate"],
]


def _make(tmp_path: Path, case: str) -> Path:
    if case == "span":
        path = _pd_file(tmp_path, "span.yaml", "e400")
        path.write_text(
            path.read_text().replace("defect: [0, '5e400']", "defect: ['1e-400', '5e400']")
        )
        return path
    return _pd_file(tmp_path, f"{case}.yaml", SCALES[case])


def _one_line(capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    out, err = capsys.readouterr()
    lines = [ln for ln in err.splitlines() if not ln.startswith("warning: ")]
    return out, lines


@pytest.mark.parametrize("case", list(SCALES))
@pytest.mark.parametrize("method", SOLVE_METHODS)
def test_solve_every_method(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, method: str
) -> None:
    """Exit 0 with the prisoner's dilemma's answer, or exit 1 with one line."""
    path = _make(tmp_path, case)
    code = main(["solve", str(path), "--method", method, "--json"])
    out, lines = _one_line(capsys)
    if code == 1:
        assert len(lines) == 1 and "Traceback" not in lines[0], lines
        assert case == "span" and method in ("all", "correlated", "stackelberg", "maximin")
        assert "span more than 1e300" in lines[0] and "--method pure" in lines[0]
        return
    assert code == 0 and not lines, lines
    got = json.loads(out)
    main(["solve", str(PAYOFFS / "prisoners_dilemma.yaml"), "--method", method, "--json"])
    want = json.loads(capsys.readouterr().out)
    for key in ("equilibria", "remaining", "sinks"):
        if key in want:
            if key == "equilibria":
                assert [e["strategies"] for e in got[key]] == [e["strategies"] for e in want[key]]
            else:
                assert got[key] == want[key]


@pytest.mark.parametrize("case", list(SCALES))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, command: list[str]
) -> None:
    path = _make(tmp_path, case)
    code = main([command[0], str(path), *command[1:]])
    _, lines = _one_line(capsys)
    assert code in (0, 1), lines
    if code == 1:
        assert len(lines) == 1 and "Traceback" not in lines[0], lines
        assert "Prisoner's dilemma" in lines[0], lines[0]
        assert "floating" in lines[0] and "--method pure" in lines[0], lines[0]
    else:
        assert not lines, lines
