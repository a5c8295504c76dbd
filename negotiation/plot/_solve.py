"""The analysis calls the figures make when the caller passes ``"auto"``.

Figures never compute game theory themselves; they ask the solvers. This module is the
one place that knows the solvers' function names, so a rename touches one file.
"""

from __future__ import annotations

from typing import Any

from negotiation.game import Game
from negotiation.solvers.br_graph import best_response_graph
from negotiation.solvers.enumeration import enumerate_equilibria

__all__ = ["all_equilibria"]


def all_equilibria(game: Game) -> Any:
    """Every extreme equilibrium of a two-player game, with components (exact solver)."""
    return enumerate_equilibria(game)


def br_graph(game: Game) -> Any:
    """The pure best-response graph (networkx DiGraph) from the solvers."""
    return best_response_graph(game).graph
