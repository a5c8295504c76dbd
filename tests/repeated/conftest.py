"""Fixtures of the repeated-play tests."""

from __future__ import annotations

import pytest
from repeated_games import asymmetric_game, prisoners_dilemma

from negotiation.game import Game


@pytest.fixture
def pd() -> Game:
    return prisoners_dilemma()


@pytest.fixture
def asymmetric() -> Game:
    return asymmetric_game()
