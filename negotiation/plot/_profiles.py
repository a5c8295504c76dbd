"""Turn the many ways of writing an equilibrium into one shape the figures can draw.

A *profile* here is one probability vector per player (floats summing to one). The
figures accept what the solvers return and what a person types:

- a pure profile as move names or indices, ``("defect", "defect")`` or ``(1, 1)``;
- a mixed profile as one probability vector per player, ``([0.5, 0.5], [1/3, 2/3])``,
  or as ``{move: probability}`` mappings, per player in order or keyed by player name;
- a result object with a ``strategies``, ``profile`` or ``probabilities`` attribute
  holding any of the above (the solvers' equilibrium objects).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from numbers import Real
from typing import Any

import numpy as np

from negotiation.errors import GameError
from negotiation.game import Game

__all__ = ["as_profile", "as_profiles", "is_pure", "pure_cell"]

_ATTRIBUTES = ("strategies", "profile", "probabilities", "mixed")


def as_profile(game: Game, equilibrium: Any) -> tuple[np.ndarray, ...]:
    """One probability vector per player for ``equilibrium`` (see the module docstring).

    >>> from negotiation.game import Game
    >>> g = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                        moves=(("C", "D"), ("C", "D")))
    >>> [p.tolist() for p in as_profile(g, ("D", "D"))]
    [[0.0, 1.0], [0.0, 1.0]]
    >>> [p.tolist() for p in as_profile(g, {"Column": {"C": 0.25, "D": 0.75}, "Row": [1, 0]})]
    [[1.0, 0.0], [0.25, 0.75]]
    """
    for name in _ATTRIBUTES:
        inner = getattr(equilibrium, name, None)
        if inner is not None and not callable(inner):
            return as_profile(game, inner)
    if isinstance(equilibrium, Mapping):
        missing = [p for p in game.players if p not in equilibrium]
        if missing:
            raise GameError(f"equilibrium gives no strategy for {', '.join(missing)}")
        parts: Sequence[Any] = [equilibrium[p] for p in game.players]
    elif isinstance(equilibrium, (str, bytes)) or not isinstance(equilibrium, Iterable):
        raise GameError(f"cannot read {equilibrium!r} as a strategy profile")
    else:
        parts = list(equilibrium)
    if len(parts) != game.n_players:
        raise GameError(
            f"a profile gives one strategy per player ({game.n_players}), got {len(parts)}"
        )
    return tuple(_strategy(game, i, part) for i, part in enumerate(parts))


def as_profiles(game: Game, equilibria: Iterable[Any]) -> list[tuple[np.ndarray, ...]]:
    """:func:`as_profile` of each item, in order."""
    return [as_profile(game, eq) for eq in equilibria]


def is_pure(profile: Sequence[np.ndarray], tol: float = 1e-9) -> bool:
    """True when every player puts probability one on a single move."""
    return all(float(np.max(p)) > 1 - tol for p in profile)


def pure_cell(profile: Sequence[np.ndarray]) -> tuple[int, ...]:
    """Move indices of the most likely move of each player (the cell of a pure profile)."""
    return tuple(int(np.argmax(p)) for p in profile)


def _strategy(game: Game, i: int, part: Any) -> np.ndarray:
    n = game.shape[i]
    for name in _ATTRIBUTES:
        inner = getattr(part, name, None)
        if inner is not None and not callable(inner):
            part = inner
            break
    if isinstance(part, (str, int, np.integer)) and not isinstance(part, bool):
        vector = np.zeros(n)
        vector[game.move_index(i, part if isinstance(part, str) else int(part))] = 1.0
        return vector
    if isinstance(part, Mapping):
        vector = np.zeros(n)
        for move, p in part.items():
            vector[game.move_index(i, move)] = float(p)
    else:
        values = list(part)
        if len(values) != n or not all(
            isinstance(v, Real) or hasattr(v, "__float__") for v in values
        ):
            raise GameError(
                f"{game.players[i]}'s strategy must be a move or {n} probabilities, got {part!r}"
            )
        vector = np.array([float(v) for v in values])
    if np.any(vector < -1e-9) or abs(vector.sum() - 1) > 1e-6:
        raise GameError(f"{game.players[i]}'s probabilities must be >= 0 and sum to 1: {part!r}")
    return vector
