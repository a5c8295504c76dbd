"""Utilities of different players are added only where the file declares one unit (issue 11.4).

Every choice that compares sums of different players' payoffs — the disagreement point's
``"escalation"`` and ``"worst"`` rules and the welfare-maximising correlated
equilibrium — rescales each player's payoffs to ``[0, 1]`` unless
``NegotiationInputs.common_unit`` says all payoffs share one unit. Property: multiplying
one player's payoffs by a positive constant then changes none of these choices.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.bargaining.disagreement import disagreement_point
from negotiation.bargaining.leverage import leverage
from negotiation.game import Game
from negotiation.inputs import NegotiationInputs
from negotiation.solvers.correlated import correlated_equilibrium, welfare_weights

payoff = st.integers(-6, 6)
scale = st.fractions(min_value=Fraction(1, 20), max_value=20, max_denominator=20)


@st.composite
def games(draw: st.DrawFn) -> Game:
    rows, cols = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    a = draw(st.lists(st.lists(payoff, min_size=cols, max_size=cols), min_size=rows, max_size=rows))
    b = draw(st.lists(st.lists(payoff, min_size=cols, max_size=cols), min_size=rows, max_size=rows))
    return Game.from_matrices(a, b)


def scaled(game: Game, player: int, c: Fraction) -> Game:
    exact = game.exact.copy()
    exact[player] = exact[player] * c
    return Game(game.players, game.moves, exact, title=game.title)


@settings(max_examples=60, deadline=None)
@given(games(), st.integers(0, 1), scale)
def test_scaling_one_side_changes_no_disagreement_choice(
    game: Game, player: int, c: Fraction
) -> None:
    other = scaled(game, player, c)
    for rule in ("escalation", "worst"):
        before, after = disagreement_point(game, rule), disagreement_point(other, rule)
        assert (after.rule, after.profile) == (before.rule, before.profile)
        expected = list(before.payoffs)
        expected[player] *= c
        assert list(after.payoffs) == expected
    # leverage reads its disagreement point through the same rule, with the inputs' unit
    assert leverage(other).disagreement.profile == leverage(game).disagreement.profile


@settings(max_examples=30, deadline=None)
@given(games(), st.integers(0, 1), scale)
def test_scaling_one_side_changes_no_welfare_choice(game: Game, player: int, c: Fraction) -> None:
    other = scaled(game, player, c)
    # the welfare the correlated-equilibrium LP maximises is the same, cell by cell
    assert (welfare_weights(other) == welfare_weights(game)).all()
    before, after = correlated_equilibrium(game), correlated_equilibrium(other)
    weights = welfare_weights(game)
    cell = {names: weights[game.profile_index(names)] for names in _names(game)}

    def value(result: object) -> float:
        return float(sum(cell[names] * p for names, p in result.distribution))  # type: ignore[attr-defined]

    assert abs(value(after) - value(before)) < 1e-9


def _names(game: Game) -> list[tuple[str, ...]]:
    return [game.profile_names(p) for p in game.profiles()]


def test_a_common_unit_adds_the_payoffs_as_they_are() -> None:
    # found by a search over small games: raw sums and rescaled sums disagree on the
    # "worst" rule, so the flag is read (the property above could fail without it)
    game = Game.from_matrices([[8, 1], [4, 1]], [[40, 10], [20, 90]])
    assert disagreement_point(game, "worst").profile == ("r2", "c2")
    assert disagreement_point(game, "worst", common_unit=True).profile == ("r1", "c1")
    one_unit = dataclasses.replace(NegotiationInputs.defaults(game), common_unit=True)
    assert leverage(game, one_unit, disagreement="worst").disagreement.profile == ("r1", "c1")
    assert leverage(game, disagreement="worst").disagreement.profile == ("r2", "c2")
    raw = welfare_weights(game, common_unit=True)
    assert raw.tolist() == (np.array(game.exact[0]) + np.array(game.exact[1])).tolist()


_ONE_UNIT_FILE = """\
version: 1
title: one unit
common_unit: true   # both sides' payoffs in dollars
players:
  - {name: Row, moves: [r1, r2]}
  - {name: Column, moves: [c1, c2]}
payoffs:
  r1: {c1: [8, 40], c2: [1, 10]}
  r2: {c1: [4, 20], c2: [1, 90]}
"""


def test_a_payoff_file_declares_its_common_unit(tmp_path, capsys) -> None:
    """``common_unit: true`` in a payoff file reaches every comparison across players (the
    game of the test above: the "worst" disagreement point moves), ``show --json`` says
    so, ``convert`` keeps it in YAML and names it as lost for ``.nfg``."""
    from negotiation.cli.main import main
    from negotiation.workflows.load import load_model

    path = tmp_path / "one_unit.yaml"
    path.write_text(_ONE_UNIT_FILE)
    plain = tmp_path / "plain.yaml"
    plain.write_text(_ONE_UNIT_FILE.replace("common_unit: true", "common_unit: false"))
    model, other = load_model(path), load_model(plain)
    assert model.inputs.common_unit and not other.inputs.common_unit
    pick = leverage(model.game, model.inputs, disagreement="worst").disagreement.profile
    assert pick == ("r1", "c1")
    assert leverage(other.game, other.inputs, disagreement="worst").disagreement.profile == (
        "r2",
        "c2",
    )
    assert main(["show", str(path), "--json"]) == 0
    assert '"common_unit": true' in capsys.readouterr().out
    copy = tmp_path / "copy.yaml"
    assert main(["convert", str(path), str(copy)]) == 0
    assert load_model(copy).inputs.common_unit
    capsys.readouterr()
    assert main(["convert", str(path), str(tmp_path / "copy.nfg")]) == 1
    assert "the common-unit declaration" in capsys.readouterr().err


def test_common_unit_must_be_true_or_false(tmp_path, capsys) -> None:
    from negotiation.cli.main import main

    path = tmp_path / "bad.yaml"
    path.write_text(_ONE_UNIT_FILE.replace("common_unit: true", "common_unit: yes please"))
    assert main(["show", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{path}:3:") and "common_unit" in err and "\n" not in err
