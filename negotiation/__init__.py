"""negotiation — game-theory models of negotiations.

Payoff files become labelled games; games go to exact equilibrium solvers, bargaining
models and repeated-game runs. Heavy libraries (matplotlib) load only when plotting.

>>> import negotiation
>>> game = negotiation.Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> game.shape
(2, 2)
"""

import importlib

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

#: public functions re-exported lazily, so ``import negotiation`` stays light
_LAZY = {
    "read_payoffs": "negotiation.workflows.load",  # any file's game, scenarios included
    "parse_payoffs": "negotiation.files",
    "write_payoffs": "negotiation.files",
    "read_scenario": "negotiation.scenario",
    "load_model": "negotiation.workflows.load",
    "NegotiationInputs": "negotiation.inputs",
    "solve": "negotiation.solvers",
    "leverage": "negotiation.workflows.bargain",
    "bargain": "negotiation.workflows.bargain",
    "analyse": "negotiation.workflows.analyse",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'negotiation' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Game",
    "GameError",
    "NegotiationError",
    "NegotiationInputs",
    "OverrideError",
    "PayoffFileError",
    "SolverError",
    "Source",
    "StrategyError",
    "__version__",
    "analyse",
    "bargain",
    "leverage",
    "load_model",
    "parse_payoffs",
    "read_payoffs",
    "read_scenario",
    "solve",
    "write_payoffs",
]
