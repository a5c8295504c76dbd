"""Fixtures of the repeated-play tests."""

from __future__ import annotations

import pytest

from negotiation.game import Game
from tests.repeated.repeated_games import asymmetric_game, prisoners_dilemma


@pytest.fixture
def pd() -> Game:
    return prisoners_dilemma()


@pytest.fixture
def asymmetric() -> Game:
    return asymmetric_game()
