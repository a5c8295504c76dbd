"""Pareto-optimal pure outcomes: profiles no other profile improves for everyone.

A profile ``s`` is Pareto-dominated when some ``t`` gives every player at least as much
and someone strictly more (Osborne 2004, *An Introduction to Game Theory*, ch. 2). In a
negotiation the Pareto-optimal outcomes are the deals worth talking about; an
equilibrium off this list (the prisoner's dilemma's mutual defection) leaves value on
the table. All profiles are compared at once with NumPy on integer-scaled payoffs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.solvers._exact import integer_scaled
from negotiation.solvers.scaling import as_json_float

__all__ = ["ParetoResult", "pareto_optimal"]


@dataclass(frozen=True)
class ParetoResult:
    """Pareto-optimal pure profiles (move names) with their exact payoffs."""

    game: Game
    outcomes: tuple[tuple[tuple[str, ...], tuple[Fraction, ...]], ...]

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": "pareto",
            "pareto_optimal": [
                {
                    "profile": dict(zip(g.players, prof, strict=True)),
                    "payoffs": {p: as_json_float(v) for p, v in zip(g.players, pay, strict=True)},
                }
                for prof, pay in self.outcomes
            ],
        }

    def __str__(self) -> str:
        return "\n".join(
            f"{' / '.join(prof)} -> {', '.join(format_number(v) for v in pay)}"
            for prof, pay in self.outcomes
        )

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def pareto_optimal(game: Game) -> ParetoResult:
    """All pure profiles not Pareto-dominated by another pure profile.

    Examples
    --------
    Prisoner's dilemma (Axelrod 1984): every outcome except mutual defection.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> print(pareto_optimal(pd))
    C / C -> 3, 3
    C / D -> 0, 5
    D / C -> 5, 0
    """
    n = game.n_players
    cols = []
    for i in range(n):
        ints = integer_scaled(game.exact[i]).ravel()
        big = max((abs(int(v)) for v in ints), default=0) >= 2**62
        cols.append(ints if big else ints.astype(np.int64))
    u = np.stack(cols, axis=1)  # profiles × players
    ge = np.all(u[:, None, :] >= u[None, :, :], axis=2)  # t (row) >= s (col) for everyone
    gt = np.any(u[:, None, :] > u[None, :, :], axis=2)
    dominated = np.any(ge & gt, axis=0)
    profiles = list(game.profiles())
    outcomes = tuple(
        (game.profile_names(p), tuple(game.exact[(i, *p)] for i in range(n)))
        for p, d in zip(profiles, dominated, strict=True)
        if not d
    )
    return ParetoResult(game, outcomes)
