"""``analyse`` enumerates the equilibria once and hands them on (issue 9, item 5)."""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

import pytest

import negotiation.solvers.enumeration as enumeration
from negotiation.data import shipped
from negotiation.solvers.methods import REGISTRY
from negotiation.workflows.analyse import analyse
from negotiation.workflows.load import load_model


def count_enumerations(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Wrap ``enumerate_equilibria`` wherever a module of the package holds it."""
    original = enumeration.enumerate_equilibria
    calls: list[Any] = []

    def counted(game: Any) -> Any:
        calls.append(game)
        return original(game)

    for name, module in list(sys.modules.items()):
        if name.startswith("negotiation") and module is not None:
            for attr, value in list(vars(module).items()):
                if value is original:
                    monkeypatch.setattr(module, attr, counted)
    for key, method in list(REGISTRY.items()):  # the method registry holds it too
        if method.solver is original:
            monkeypatch.setitem(REGISTRY, key, dataclasses.replace(method, solver=counted))
    return calls


@pytest.mark.parametrize("name", ["us_china_rare_earths.yaml", "battle_of_the_sexes.yaml"])
def test_analyse_enumerates_the_equilibria_once(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    model = load_model(shipped(name))
    calls = count_enumerations(monkeypatch)
    result = analyse(model)
    assert result.truce is not None  # the folk analysis ran, on the equilibria it was given
    # the robustness paragraph's Monte Carlo re-solves other games (its near-tie samples)
    # exactly; the analysed game itself is enumerated once
    same = [
        g
        for g in calls
        if g.players == model.game.players
        and g.shape == model.game.shape
        and (g.exact == model.game.exact).all()
    ]
    assert len(same) == 1


def test_the_counter_sees_a_second_enumeration(monkeypatch: pytest.MonkeyPatch) -> None:
    # the counting itself can fail: the folk analysis alone enumerates again
    from negotiation.repeated.folk import folk_analysis

    game = load_model(shipped()).game
    calls = count_enumerations(monkeypatch)
    analyse(game)
    folk_analysis(game, ("hold", "suspend"))
    assert len(calls) == 2


def test_a_game_and_its_model_analyse_alike() -> None:
    model = load_model(shipped("prisoners_dilemma.yaml"))
    assert analyse(model).to_dict() == analyse(model.game).to_dict()


def test_a_one_player_game_is_analysed_not_crashed() -> None:
    # issue 10: `analyse` on a one-player game raised AttributeError ('bool' ... 'all')
    from negotiation.game import Game

    solo = Game(("A",), (("x", "y"),), [[1, 2]])
    result = analyse(solo)
    assert result.bargaining is None and result.truce is None
    assert [e.describe(0) for e in result.equilibria.equilibria] == ["y"]
