"""Iterated elimination of dominated moves, by pure moves and by mixtures, step by step.

A move ``a`` of player ``i`` is *strictly dominated* when some strategy ``σ`` of ``i``
(a pure move or a mixture of her other moves) pays strictly more than ``a`` against every
profile of the others' remaining moves. A rational player never plays it, so it can be
deleted; deleting it may make other moves dominated. The moves that survive do not
depend on the order of deletion (Gilboa, Kalai and Zemel 1990, "On the order of eliminating dominated strategies",
*Operations Research Letters* 9; Osborne 2004, *An Introduction to Game Theory*, ch. 12), and no equilibrium is lost.

Domination by a mixture is a linear program (Shoham and Leyton-Brown 2009, *Multiagent
Systems*, §4.5.1): maximise ``ε`` subject to
``Σ_b σ_b u(b, s) >= u(a, s) + ε`` for all others' profiles ``s``, ``σ`` a probability
vector on ``i``'s other moves; ``a`` is strictly dominated iff the optimum is positive.
The LP is solved by HiGHS and the dominating mixture is re-derived and checked exactly.

*Weak* dominance (``>=`` everywhere, ``>`` somewhere) is a separate option: its result
**depends on the order of deletion** and it can delete equilibria. Here moves are
deleted one at a time: the first player in order with a dominated move, her first such
move (most conciliatory first).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers._lp import solve_lp
from negotiation.solvers.budget import check_lp_game_size
from negotiation.solvers.result import describe_strategy
from negotiation.solvers.scaling import MAX_SPAN_BITS, is_float_safe, power_of_two

__all__ = ["DominanceResult", "DominanceStep", "iterated_dominance"]

Kind = Literal["strict", "weak"]


@dataclass(frozen=True)
class DominanceStep:
    """One deletion: ``player``'s ``move`` is dominated by ``dominated_by`` (move → prob)."""

    step: int
    player: str
    move: str
    dominated_by: tuple[tuple[str, Fraction], ...]
    kind: Kind

    @property
    def by_mixture(self) -> bool:
        return len(self.dominated_by) > 1

    def describe(self) -> str:
        moves = [m for m, _ in self.dominated_by]
        probs = [p for _, p in self.dominated_by]
        by = describe_strategy(moves, probs)
        return f"{self.step}. {self.player}: {self.move!r} is {self.kind}ly dominated by {by}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "player": self.player,
            "move": self.move,
            "dominated_by": {m: str(p) for m, p in self.dominated_by},
            "kind": self.kind,
        }


@dataclass(frozen=True)
class DominanceResult:
    """The elimination sequence and the game that remains."""

    game: Game
    kind: Kind
    steps: tuple[DominanceStep, ...]
    reduced: Game
    notes: tuple[str, ...] = ()

    @property
    def remaining(self) -> tuple[tuple[str, ...], ...]:
        return self.reduced.moves

    @property
    def solved(self) -> bool:
        """True when one move per player survives (the game is dominance solvable)."""
        return all(len(m) == 1 for m in self.reduced.moves)

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": "dominance",
            "kind": self.kind,
            "steps": [s.to_dict() for s in self.steps],
            "remaining": {p: list(m) for p, m in zip(g.players, self.reduced.moves, strict=True)},
            "dominance_solvable": self.solved,
            "exact": True,
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        lines = [s.describe() for s in self.steps] or [f"no {self.kind}ly dominated moves"]
        lines.append(
            "remaining: "
            + "; ".join(
                f"{p}: {', '.join(m)}"
                for p, m in zip(self.game.players, self.remaining, strict=True)
            )
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def _matrix(game: Game, player: int, remaining: list[list[int]]) -> np.ndarray:
    """Player's payoffs, own remaining moves × others' remaining profiles (exact)."""
    sub = game.exact[player][np.ix_(*remaining)]
    return np.moveaxis(sub, player, 0).reshape(len(remaining[player]), -1)


def _dominator(
    u: np.ndarray, row: int, kind: Kind, notes: list[str]
) -> tuple[tuple[int, Fraction], ...] | None:
    """Indices (into ``u``'s rows) and weights of a strategy dominating ``row``."""
    target = u[row]
    others = [b for b in range(u.shape[0]) if b != row]
    for b in others:
        diff = u[b] - target
        if kind == "strict" and all(d > 0 for d in diff):
            return ((b, Fraction(1)),)
        if kind == "weak" and all(d >= 0 for d in diff) and any(d > 0 for d in diff):
            return ((b, Fraction(1)),)
    if len(others) < 2:
        return None
    if not is_float_safe(u):  # the LP below is in floats: rescale by a power of two, exactly
        bits = [power_of_two([v]) for v in u.flat if v != 0]
        if max(bits) - min(bits) > MAX_SPAN_BITS:
            note = "payoffs span more than floats hold: domination by mixtures was not checked"
            if note not in notes:
                notes.append(note)
            return None
        u = u * (Fraction(2) ** -max(bits))
        target = u[row]
    k, s = len(others), u.shape[1]
    block = u[others].T  # s × k
    if kind == "strict":
        # variables (σ_1..σ_k, ε): max ε;  -block σ + ε <= -target;  Σσ = 1
        a_ub = np.concatenate([-block, np.ones((s, 1), dtype=object)], axis=1)
        # a clearly negative float optimum means no mixture dominates: skip the certificate
        scale = 1.0 + max(abs(float(v)) for v in u.flat)
        sol = solve_lp(
            [0] * k + [1],
            a_ub,
            -target,
            [[1] * k + [0]],
            [1],
            free=[k],
            maximize=True,
            unless_below=-1e-7 * scale,
        )
    else:
        # max Σ_s (block σ - target)_s subject to block σ >= target, Σσ = 1
        sol = solve_lp(block.sum(axis=0), -block, -target, [[1] * k], [1], maximize=True)
    if sol is None:
        return None
    if not sol.certified or sol.z is None:
        if sol.value_float > 1e-9:
            notes.append(
                "a possible domination by a mixture could not be certified exactly; kept the move"
            )
        return None
    sigma = sol.z[:k]
    payoff = block.dot(np.array(sigma, dtype=object))
    diff = payoff - target
    ok = (
        all(d > 0 for d in diff)
        if kind == "strict"
        else all(d >= 0 for d in diff) and any(d > 0 for d in diff)
    )
    if not ok:
        return None
    return tuple((others[j], p) for j, p in enumerate(sigma) if p)


def iterated_dominance(game: Game, *, kind: Kind = "strict") -> DominanceResult:
    """Delete dominated moves one at a time, recording each step, until none is left.

    Parameters
    ----------
    game
        Any finite game (any number of players).
    kind
        ``"strict"`` (default; order does not matter, no equilibrium is lost) or
        ``"weak"`` (order matters, equilibria may be lost — labelled as such).

    Examples
    --------
    The prisoner's dilemma (Axelrod 1984): cooperating is strictly dominated for both.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> print(iterated_dominance(pd))
    1. Row: 'C' is strictly dominated by D
    2. Column: 'C' is strictly dominated by D
    remaining: Row: D; Column: D

    A move dominated only by a mixture: ``M`` pays 1 against both columns, no pure
    move beats it everywhere, but ``1/2 T + 1/2 B`` pays 3/2 against each.

    >>> g = Game.from_matrices([[3, 0], [1, 1], [0, 3]], [[0, 0], [0, 0], [0, 0]],
    ...                        moves=(("T", "M", "B"), ("L", "R")))
    >>> print(iterated_dominance(g).steps[0].describe())
    1. Row: 'M' is strictly dominated by 1/2 T + 1/2 B
    """
    check_lp_game_size(game.shape, "iterated dominance")
    remaining = [list(range(n)) for n in game.shape]
    steps: list[DominanceStep] = []
    notes: list[str] = []
    if kind == "weak":
        notes.append(
            "weak dominance: the result depends on the order of deletion (here: first player, "
            "first move in file order) and may delete equilibria"
        )
    elif kind != "strict":
        raise SolverError(f"kind must be 'strict' or 'weak', not {kind!r}")
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            if len(remaining[i]) < 2:
                continue
            u = _matrix(game, i, remaining)
            for row in range(len(remaining[i])):
                dom = _dominator(u, row, kind, notes)
                if dom is None:
                    continue
                names = game.moves[i]
                steps.append(
                    DominanceStep(
                        len(steps) + 1,
                        game.players[i],
                        names[remaining[i][row]],
                        tuple((names[remaining[i][b]], p) for b, p in dom),
                        kind,
                    )
                )
                del remaining[i][row]
                changed = True
                break
            if changed:
                break
    reduced = game.restrict(remaining)
    return DominanceResult(game, kind, tuple(steps), reduced, tuple(dict.fromkeys(notes)))
