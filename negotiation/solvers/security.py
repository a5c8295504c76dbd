"""Security levels: what each player can guarantee whatever the others do (maximin).

A player's *pure* security level is ``max_a min_s u(a, s)`` over her moves ``a`` and the
others' pure profiles ``s``; her *mixed* security level allows her to randomise:
``max_x min_s Σ_a x_a u(a, s)``, one linear program (Osborne 2004, *An Introduction to
Game Theory*, ch. 11; Maschler, Solan and Zamir 2013, *Game Theory*, §4.10). The minimum
over the others' mixed strategies is attained at a pure profile, so the LP is exact for
any number of players. In a negotiation this is each side's walk-away guarantee.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.game import Game
from negotiation.numbers import exact_text, format_number
from negotiation.solvers.budget import Deadline, check_exact_lp_size, check_max_seconds
from negotiation.solvers.result import describe_strategy
from negotiation.solvers.scaling import (
    as_json_float,
    needs_scaling,
    scaled_game,
    unscale,
    unscale_float,
)
from negotiation.solvers.zero_sum import maximin_lp

__all__ = ["SecurityLevel", "SecurityLevels", "security_levels"]


@dataclass(frozen=True)
class SecurityLevel:
    """One player's guarantees: pure and mixed maximin value and strategy."""

    player: str
    moves: tuple[str, ...]
    pure_value: Fraction
    pure_moves: tuple[str, ...]
    mixed_value: Fraction | None
    mixed_strategy: tuple[Fraction, ...] | None
    mixed_value_float: float
    mixed_strategy_float: tuple[float, ...]
    certified: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "pure": {
                "value": as_json_float(self.pure_value),
                "value_exact": exact_text(self.pure_value),
                "moves": list(self.pure_moves),
            },
            "mixed": {
                "value": as_json_float(self.mixed_value)
                if self.mixed_value is not None
                else as_json_float(self.mixed_value_float),
                "value_exact": exact_text(self.mixed_value)
                if self.mixed_value is not None
                else None,
                "strategy": dict(
                    zip(self.moves, (float(p) for p in self.mixed_strategy), strict=True)
                )
                if self.mixed_strategy is not None
                else dict(zip(self.moves, self.mixed_strategy_float, strict=True)),
                "certified": self.certified,
            },
        }

    def __str__(self) -> str:
        pure = f"pure {format_number(self.pure_value)} by {' or '.join(self.pure_moves)}"
        if self.mixed_strategy is None or self.mixed_value is None:
            mixed = f"mixed {format_number(self.mixed_value_float)} (not certified)"
        else:
            mixed = f"mixed {format_number(self.mixed_value)} by {describe_strategy(self.moves, self.mixed_strategy)}"
        return f"{self.player}: {pure}; {mixed}"


@dataclass(frozen=True)
class SecurityLevels:
    """Security levels of every player of a game."""

    game: Game
    levels: tuple[SecurityLevel, ...]
    #: False when an exact certificate was skipped (past the size budget) or stopped at
    #: ``max_seconds``: those levels carry HiGHS's floats only
    complete: bool = True

    def __getitem__(self, player: str | int) -> SecurityLevel:
        return self.levels[self.game.player_index(player)]

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": "maximin",
            "security_levels": {lv.player: lv.to_dict() for lv in self.levels},
            "exact": all(lv.certified for lv in self.levels),
            "complete": self.complete,
        }

    def __str__(self) -> str:
        lines = [str(lv) for lv in self.levels]
        if not self.complete:
            lines.append(
                "(incomplete: the exact certificate was skipped past the size budget or "
                "stopped at --max-seconds)"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def _own_rows(game: Game, player: int) -> np.ndarray:
    """Player's exact payoffs as a matrix: own moves × the others' pure profiles."""
    u = np.moveaxis(game.exact[player], player, 0)
    return u.reshape(game.shape[player], -1)


def security_levels(game: Game, *, max_seconds: float | None = None) -> SecurityLevels:
    """Pure and mixed maximin value and strategy of every player.

    One LP per player (own moves × the others' profiles), certified exactly. Bounded:
    a matrix past :data:`~negotiation.solvers.budget.MAX_EXACT_LP_CELLS` is refused in
    one line unless ``max_seconds`` is given; then (and whenever ``max_seconds`` passes
    first) the mixed levels are HiGHS's floats and the result is ``complete=False``.

    Examples
    --------
    In matching pennies each player can guarantee only -1 with a pure move but 0 by
    mixing 1/2–1/2 (Osborne 2004, §2.4 for the game; the value 0 is von Neumann's
    minimax value):

    >>> print(security_levels(Game.zero_sum([[1, -1], [-1, 1]])))
    Row: pure -1 by r1 or r2; mixed 0 by 1/2 r1 + 1/2 r2
    Column: pure -1 by c1 or c2; mixed 0 by 1/2 c1 + 1/2 c2
    """
    seconds = check_max_seconds(max_seconds)
    certify = [
        check_exact_lp_size(_own_rows(game, i).shape, f"{player}'s maximin LP", seconds)
        for i, player in enumerate(game.players)
    ]
    if needs_scaling(game):  # exact payoffs beyond float range: solve a rescaled copy
        small, exponents = scaled_game(game, "maximin")
        found = security_levels(small, max_seconds=max_seconds)
        return replace(
            found,
            game=game,
            levels=tuple(_unscaled(lv, e) for lv, e in zip(found.levels, exponents, strict=True)),
        )
    deadline = Deadline(seconds)
    levels = []
    complete = all(certify)
    for i, player in enumerate(game.players):
        rows = _own_rows(game, i)
        worst = [min(r) for r in rows]
        best = max(worst)
        pure_moves = tuple(game.moves[i][k] for k, w in enumerate(worst) if w == best)
        x, v, xf, vf = maximin_lp(rows, certify=certify[i], deadline=deadline)
        if x is None and deadline.expired():
            complete = False
        levels.append(
            SecurityLevel(
                player,
                game.moves[i],
                best,
                pure_moves,
                v,
                x,
                vf,
                tuple(float(p) for p in xf),
                x is not None,
            )
        )
    return SecurityLevels(game, tuple(levels), complete)


def _unscaled(level: SecurityLevel, exponent: int) -> SecurityLevel:
    """A level of the rescaled game in the original payoffs (strategies are unchanged)."""
    mixed = unscale(level.mixed_value, exponent) if level.mixed_value is not None else None
    return replace(
        level,
        pure_value=unscale(level.pure_value, exponent),
        mixed_value=mixed,
        mixed_value_float=unscale_float(level.mixed_value_float, exponent),
    )
