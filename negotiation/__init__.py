"""negotiation — game-theory models of negotiations.

Payoff files become labelled games; games go to exact equilibrium solvers, bargaining
models and repeated-game runs. Heavy libraries (matplotlib) load only when plotting.

>>> import negotiation
>>> game = negotiation.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> game.shape
(2, 2)
"""

from negotiation.errors import (
    GameError,
    NegotiationError,
    OverrideError,
    PayoffFileError,
    SolverError,
    StrategyError,
)
from negotiation.game import Game, Source

__version__ = "0.1.0"

__all__ = [
    "Game",
    "GameError",
    "NegotiationError",
    "OverrideError",
    "PayoffFileError",
    "SolverError",
    "Source",
    "StrategyError",
    "__version__",
]
