"""Warnings, threats and credibility (Schelling 1960), scale-free and reference-dependent."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from negotiation.bargaining import move_threats, threats
from negotiation.data import shipped
from negotiation.game import Game
from negotiation.scenario import read_scenario


def test_prisoners_dilemma_defection_is_a_credible_warning() -> None:
    # Axelrod (1984) payoffs T=5, R=3, P=1, S=0: defecting from (C, C) gains the
    # defector 2 and costs the other 3 of its range of 5 — in its own interest
    pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], moves=(("C", "D"), ("C", "D")))
    (row,) = move_threats(pd)["Row"]
    assert (row.move, row.kind, row.credible, row.power) == ("D", "warning", True, Fraction(3, 5))


def test_a_costly_punishment_is_a_threat_credible_only_if_a_best_reply_to_defiance() -> None:
    # Row can 'punish' at a cost to itself. Column's defiance (its best reply to Row's
    # reference move 'ok') is 'take'; against 'take', punishing pays Row 0 against 1 for
    # 'ok', so the threat is not credible (Schelling's point: it needs commitment).
    game = Game.from_matrices(
        [[2, 1], [0, 0]], [[2, 3], [-4, -4]], moves=(("ok", "punish"), ("give", "take"))
    )
    (t,) = move_threats(game)["Row"]
    assert (t.kind, t.credible) == ("threat", False)
    assert t.cost_imposed == 6 and t.cost_borne == 2
    # make punishing Row's best reply to 'take': now credible
    credible = Game.from_matrices(
        [[2, 1], [0, 2]], [[2, 3], [-4, -4]], moves=(("ok", "punish"), ("give", "take"))
    )
    (c,) = move_threats(credible)["Row"]
    assert (c.kind, c.credible) == ("threat", True)


@pytest.mark.parametrize("seed", range(6))
def test_classification_and_power_do_not_depend_on_either_sides_units(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(-9, 10, size=(3, 4))
    b = rng.integers(-9, 10, size=(3, 4))
    k, m = Fraction(int(rng.integers(1, 30)), 7), int(rng.integers(-5, 6))
    base = Game.from_matrices(a.tolist(), b.tolist())
    exact = np.array(base.exact, dtype=object)
    exact[1] = exact[1] * k + m
    scaled = Game(base.players, base.moves, exact)

    def summary(g: Game) -> dict:
        return {
            p: [(t.move, t.kind, t.credible, t.power) for t in found]
            for p, found in move_threats(g).items()
        }

    assert summary(scaled) == summary(base)


def test_threat_power_in_the_scenario_depends_on_the_reference() -> None:
    s = read_scenario(shipped())
    game = s.game
    status_quo = {game.profile_index(s.status_quo): Fraction(1)}
    at_status_quo = threats(game, status_quo)
    at_first_moves = threats(game)
    assert at_status_quo["US"] is not None and at_first_moves["US"] is not None
    assert at_status_quo["US"].power != at_first_moves["US"].power
    # the tariffs cost the US in every column: never a warning
    for t in move_threats(game, status_quo)["US"]:
        assert t.kind == "threat"
