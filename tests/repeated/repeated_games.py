"""Stage games and paths shared by the repeated-play tests (imported by name)."""

from __future__ import annotations

from pathlib import Path

from negotiation.game import Game

ROOT = Path(__file__).resolve().parents[2]


def prisoners_dilemma(r: int = 3, s: int = 0, t: int = 5, p: int = 1) -> Game:
    """The prisoner's dilemma with payoffs (R, S, T, P); Axelrod (1984) uses (3, 0, 5, 1)."""
    return Game.from_matrices(
        [[r, s], [t, p]],
        [[r, t], [s, p]],
        players=("Row", "Column"),
        moves=(("cooperate", "defect"), ("cooperate", "defect")),
    )


def asymmetric_game() -> Game:
    """A 2x3 game with different moves and payoffs per side (US vs China style)."""
    return Game.from_matrices(
        [[4, 1, 0], [5, 2, 1]],
        [[3, 4, 5], [1, 2, 3]],
        players=("US", "China"),
        moves=(("talk", "tariff"), ("talk", "curb", "ban")),
    )
