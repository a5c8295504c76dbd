"""Batch answers equal exact answers, sample for sample (issue 12, "Correctness").

The reference is the library's exact path, independent of the batch's floats: each
sample's exact game (built in integers from the rounded decimals, and checked equal to
the scenario rebuilt with ``Scenario.with_overrides`` on a spread of samples), solved by
``negotiation.solvers.solve(game, "all")`` and ``iterated_dominance`` (on the game left
after exact pure dominance, and on the whole game for the spread) and bargained by the
library's ``leverage`` + ``nash_bargaining`` (and ``bargaining.bargain`` on rebuilt
scenarios). Samples on ties are in the sets on purpose: every tenth sample of the
default scenario zeroes the effects on the US of the lever that separates its last two
moves (so they tie), and ``tests/whatif/data/ties.yaml`` ties each side's two moves at
``pull = 0.5`` and ``push = 0.25``."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.exact import to_fraction
from negotiation.game import Game
from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.scenario.model import DECIMALS
from negotiation.solvers import iterated_dominance
from negotiation.whatif import batch
from negotiation.whatif.engine import _exact_deal, analyse_batch, exact_key
from negotiation.whatif.sampling import draw
from negotiation.workflows.bargain import bargain
from tests.repo_paths import PAYOFFS, ROOT

DEFAULT = PAYOFFS / "us_china_rare_earths.yaml"
TIES = ROOT / "tests" / "whatif" / "data" / "ties.yaml"


@pytest.fixture(scope="module")
def compiled():
    return compile_scenario(read_scenario(DEFAULT))


def _tie_paths(compiled):
    """The effects on the US of its last move's extra lever (software controls in the
    default file): set to 0, the US's last two moves pay the same wherever no interaction
    involves that lever — ties by construction, whatever the other numbers are."""
    moves = compiled.scenario.moves["US"]
    extra = set(moves[-1].levers) - set(moves[-2].levers)
    return [
        p
        for p in compiled.variable_paths()
        if any(p.startswith(f"levers.US.{lever}.effects.US.") for lever in extra)
    ]


def _samples(compiled, n, seed, tie_every=10):
    values = draw(compiled.inputs, seed=seed, start=0, stop=n)
    for path in _tie_paths(compiled):  # ties on purpose in every tenth sample
        column = np.full(n, compiled.default(path))
        column[::tie_every] = 0.0
        values[path] = column
    return values


def _one(values, k):
    return {p: float(v[k]) for p, v in values.items()}


def test_payoffs_match_the_rebuilt_scenario(compiled):
    values = _samples(compiled, 40, seed=11)
    ev = compiled.evaluate(values)
    for k in range(40):
        exact = compiled.exact(_one(values, k))
        assert np.abs(ev.payoffs[k] - exact.game.payoffs).max() < 1e-9
        fast = compiled.exact_game(_one(values, k))
        if fast is not None:  # the exact game from the compiled decimals is the same game
            assert (fast[0].exact == exact.game.exact).all()
            assert _exact_deal(fast)[0] == _exact_deal(exact)[0]


def _integer_games(compiled, values):
    """Every sample's exact game, built here in integers (independently of the batch's
    floats): the builder's payoff is ``Σ_c w · e`` over the *rounded* decimals (4
    places, ``scenario.model.DECIMALS``), so ``10^8 · payoff`` is an exact integer sum
    of ``(10^4 w)(10^4 e)`` over the effects each cell counts. Returns the games, the
    integer payoffs ``(N, n_players, *shape)`` and the exact discount rates."""
    ev = compiled.evaluate(values)
    n = ev.payoffs.shape[0]

    def scaled(a):
        k = np.rint(np.asarray(a) * 10**DECIMALS)
        assert (k / 10**DECIMALS == a).all()  # a 4-decimal number, as rounded
        return k.astype(np.int64)

    w = scaled(ev.weights)
    cells = int(np.prod(compiled.shape))
    ints = np.zeros((n, len(compiled.players), cells), dtype=np.int64)
    for (_path, _player, i, c, mult, _v), e in zip(compiled._effects, ev.effects, strict=True):
        ints[:, i] += (w[:, i, c] * scaled(e))[:, None] * mult.reshape(-1).astype(np.int64)
    ints = ints.reshape(n, len(compiled.players), *compiled.shape)
    base = compiled.scenario.game
    scale = 10 ** (2 * DECIMALS)
    games = [
        Game(
            base.players,
            base.moves,
            np.array([Fraction(int(x), scale) for x in p.reshape(-1)], dtype=object).reshape(
                p.shape
            ),
        )
        for p in ints
    ]
    rates = [
        {
            p: to_fraction(float(ev.parameters[p]["discount_rate"][k]))
            for p in compiled.players
            if "discount_rate" in ev.parameters.get(p, {})
        }
        for k in range(n)
    ]
    return games, ints, rates


def _pure_dominance(p):
    """Iterated strict dominance by pure moves on one integer payoff array (exact)."""
    left = [list(range(m)) for m in p.shape[1:]]
    changed = True
    while changed:
        changed = False
        for i in range(p.shape[0]):
            rows = np.moveaxis(p[i][np.ix_(*left)], i, 0).reshape(len(left[i]), -1)
            gone = {
                a
                for a in range(len(rows))
                for b in range(len(rows))
                if a != b and (rows[b] > rows[a]).all()
            }
            if gone:
                left[i] = [m for j, m in enumerate(left[i]) if j not in gone]
                changed = True
    return left


def _lift(left, key):
    return tuple(
        sorted(tuple(tuple(left[i][m] for m in s) for i, s in enumerate(eq)) for eq in key)
    )


def _reference(game, ints):
    """The exact equilibrium key and iterated dominance (pure and by mixtures) of one
    game, on the game left after exact pure dominance: no equilibrium uses a strictly
    dominated move, and strict dominance removes the same moves in any order (Osborne
    2004, ch. 12; Gilboa, Kalai and Zemel 1990). A game that pure dominance solves has
    that one cell as its only equilibrium; otherwise the exact solver and
    :func:`iterated_dominance` (an LP per move, re-checked exactly) run on what is left."""
    left = _pure_dominance(ints)
    if all(len(r) == 1 for r in left):
        return (tuple((r[0],) for r in left),), tuple(tuple(r) for r in left)
    sub = game.restrict(left)
    key = _lift(left, exact_key(sub))
    kept = iterated_dominance(sub).remaining
    dom = tuple(tuple(left[i][sub.moves[i].index(m)] for m in r) for i, r in enumerate(kept))
    return key, dom


def test_1000_samples_equilibria_dominance_and_deal_equal_exact(compiled):
    values = _samples(compiled, 1000, seed=12)
    out = analyse_batch(compiled, values)
    assert _tie_paths(compiled)
    assert out.exact[::10].all()  # every tie sample went to the exact path
    games, ints, rates = _integer_games(compiled, values)
    for k in range(1000):
        key, dom = _reference(games[k], ints[k])
        assert out.sets[out.set_id[k]] == key, k
        assert out.dominance_sets[out.dominance_id[k]] == dom, k
        assert out.deal_main[k] == _exact_deal((games[k], rates[k]))[0], k
    # the shortcuts above, checked on a spread that includes tie samples: the integer
    # game is the rebuilt scenario's (Scenario.with_overrides), and the full exact
    # solver and iterated dominance on the whole game give the same answers
    for k in range(0, 1000, 25):
        scenario = compiled.exact(_one(values, k))
        assert (games[k].exact == scenario.game.exact).all(), k
        assert exact_key(scenario.game) == out.sets[out.set_id[k]], k
        remaining = out.dominance_sets[out.dominance_id[k]]
        names = tuple(tuple(games[k].moves[i][m] for m in r) for i, r in enumerate(remaining))
        assert names == iterated_dominance(scenario.game).remaining, k


small_game = st.integers(2, 3).flatmap(
    lambda m: st.integers(2, 3).flatmap(
        lambda n: st.lists(st.integers(-4, 4), min_size=2 * m * n, max_size=2 * m * n).map(
            lambda xs: np.array(xs, dtype=float).reshape(1, 2, m, n)
        )
    )
)


def _game(u):
    return Game(
        ("Row", "Col"),
        [[f"r{i}" for i in range(u.shape[2])], [f"c{j}" for j in range(u.shape[3])]],
        u[0].astype(int).tolist(),
    )


@settings(max_examples=200, deadline=None)
@given(small_game, st.sampled_from([0.25, 0.5, 0.75]))
def test_batch_dominance_by_mixtures_equals_the_exact_lp(u, w):
    """Small games where a move is beaten only by a mixture of two others are built on
    purpose (the middle row pays a bit less than the ``w``-mix of the outer rows against
    every column), then compared with :func:`iterated_dominance` (HiGHS, re-checked
    exactly); a sample the batch calls unsure is left to the exact path, as in use."""
    if u.shape[2] == 3:
        u = u.copy()
        u[0, 0, 1] = w * u[0, 0, 0] + (1 - w) * u[0, 0, 2] - 0.25
    left, unsure = batch.dominance(u)
    if unsure[0]:
        return
    game = _game(np.round(u * 4))  # integer payoffs (w is a quarter), the same dominance
    names = tuple(tuple(game.moves[i][m] for m in np.flatnonzero(r[0])) for i, r in enumerate(left))
    assert names == iterated_dominance(game).remaining


def test_truce_delta_equals_analyse(compiled):
    """The batched critical δ and self-enforcement are analyse's, sample for sample."""
    from negotiation.workflows.analyse import analyse

    values = _samples(compiled, 40, seed=14, tie_every=8)
    out = analyse_batch(compiled, values)
    for k in range(40):
        truce = analyse(compiled.exact(_one(values, k)), robustness=False).truce
        if truce is None:
            assert np.isnan(out.truce_delta[k]), k
            continue
        delta = truce.critical_discount_factor
        if delta is None:
            assert np.isnan(out.truce_delta[k]), k
        else:
            assert out.truce_delta[k] == pytest.approx(float(delta), abs=1e-9), k
        assert bool(out.truce_holds[k]) == all((truce.self_enforcing or {"": False}).values()), k


def test_deal_equals_exact_bargain(compiled):
    values = _samples(compiled, 150, seed=13, tie_every=5)
    out = analyse_batch(compiled, values)
    for k in range(0, 150, 3):
        scenario = compiled.exact(_one(values, k))
        nash = bargain(scenario).nash
        game = scenario.game
        main = np.ravel_multi_index(game.profile_index(nash.main_outcome), game.shape)
        assert out.deal_main[k] == main, k
        assert np.allclose(out.deal_payoffs[k], [float(x) for x in nash.payoffs], atol=1e-9)


def test_constructed_ties_are_solved_exactly():
    compiled = compile_scenario(read_scenario(TIES))
    pull = np.array([0.5, 0.5, 0.2, 0.8, 0.5, 0.3])
    push = np.array([0.25, 0.7, 0.25, 0.1, 0.1, 0.25])
    values = {"pressures.Row.pull": pull, "pressures.Col.push": push}
    out = analyse_batch(compiled, values)
    assert out.exact[[0, 1, 2, 4, 5]].all()
    for k in range(len(pull)):
        scenario = compiled.exact(_one(values, k))
        assert out.sets[out.set_id[k]] == exact_key(scenario.game), k
        assert out.deal_main[k] == _exact_deal(scenario)[0], k


small = st.integers(-3, 3)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 3).flatmap(
        lambda m: st.integers(1, 3).flatmap(
            lambda n: st.lists(small, min_size=2 * m * n, max_size=2 * m * n).map(
                lambda xs: np.array(xs, dtype=float).reshape(1, 2, m, n)
            )
        )
    )
)
def test_support_enumeration_matches_exact_or_says_unsure(u):
    """Small integer games are often degenerate: the batch must then say it is unsure."""
    se = batch.support_enumeration(u)
    if se.unsure[0]:
        return
    game = Game(
        ("Row", "Col"),
        [[f"r{i}" for i in range(u.shape[2])], [f"c{j}" for j in range(u.shape[3])]],
        u[0].astype(int).tolist(),
    )
    key = tuple(sorted(s for s, found in zip(se.supports, se.equilibria[0], strict=True) if found))
    assert key == exact_key(game)


def test_ranged_weights_effects_and_parameters_compile_exactly(tmp_path):
    """Numbers written as {value, range} (the model issue's form) and plain-number effects
    varied by --vary round exactly as the builder rounds them."""
    text = DEFAULT.read_text()
    text = text.replace(
        "chip_access: 7 ", "chip_access: {value: 7, range: [5, 9], kind: judgement, reason: t} ", 1
    )
    text = text.replace(
        "tariff_stability: 0.5   #",
        "tariff_stability: {value: 0.5, range: [0.2, 1], kind: judgement, reason: t}   #",
        1,
    )
    path = tmp_path / "ranged.yaml"
    path.write_text(text)
    compiled = compile_scenario(read_scenario(path))
    paths = {i.path for i in compiled.inputs}
    assert {
        "weights.US.tariff_stability",
        "levers.US.ease_chips.effects.China.chip_access",
    } <= paths
    values = draw(compiled.inputs, seed=3, start=0, stop=12)
    values["levers.US.tariff_100.effects.China.trade_access"] = np.linspace(-6, -4, 12)
    ev = compiled.evaluate(values)
    for k in range(12):
        exact = compiled.exact(_one(values, k))
        assert np.abs(ev.payoffs[k] - exact.game.payoffs).max() < 1e-9
        fast = compiled.exact_game(_one(values, k))
        assert fast is None or (fast[0].exact == exact.game.exact).all()
