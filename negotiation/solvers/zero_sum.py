"""Two-player zero-sum and constant-sum games: the value and optimal strategies by LP.

Von Neumann's minimax theorem (1928): in a zero-sum game the row player can guarantee
``v = max_x min_j (xᵀA)_j`` and the column player can hold her to ``min_y max_i (Ay)_i``,
and the two are equal. Each side is one linear program (Dantzig 1951; Osborne 2004, *An
Introduction to Game Theory*, ch. 11; von Stengel 2022, *Game Theory Basics*, ch. 8):

* row player:    maximise ``v`` subject to ``Aᵀx >= v·1``, ``Σx = 1``, ``x >= 0``;
* column player: minimise ``w`` subject to ``Ay <= w·1``,  ``Σy = 1``, ``y >= 0``.

Both are solved with SciPy's HiGHS, re-derived exactly, and certified: the solution is
reported as exact only when ``min_j (xᵀA)_j = max_i (Ay)_i`` holds in rational
arithmetic, which proves both strategies optimal. A constant-sum game (payoffs adding
up to the same ``c`` everywhere) is solved as the zero-sum game ``(A, c - A)``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.errors import GameError, SolverError
from negotiation.game import Game
from negotiation.numbers import exact_text, format_number
from negotiation.solvers._lp import solve_lp
from negotiation.solvers.budget import Deadline, check_exact_lp_size, check_max_seconds
from negotiation.solvers.enumeration import enumerate_equilibria
from negotiation.solvers.result import Equilibrium
from negotiation.solvers.scaling import (
    as_json_float,
    needs_scaling,
    scaled_game,
    unscale,
    unscale_float,
)

__all__ = ["ZeroSumSolution", "maximin_lp", "solve_zero_sum"]


def maximin_lp(
    matrix: Any, *, certify: bool = True, deadline: Deadline | None = None
) -> tuple[tuple[Fraction, ...] | None, Fraction | None, np.ndarray, float]:
    """Best guarantee of the player choosing rows of ``matrix`` (payoffs to that player).

    Returns ``(strategy, value, strategy_float, value_float)``; the exact entries are
    ``None`` when the LP solution could not be certified (or ``certify=False``, or the
    ``deadline`` passed before the certificate).

    Method: one LP (von Neumann's minimax theorem as a linear program, e.g. Maschler,
    Solan and Zamir 2013, §5.2.4), solved by HiGHS's dual simplex; its vertex and dual
    are re-derived exactly and checked by LP duality (:func:`~negotiation.solvers._lp.solve_lp`).

    >>> x, v, _, _ = maximin_lp([[1, -1], [-1, 1]])
    >>> x, v
    ((Fraction(1, 2), Fraction(1, 2)), Fraction(0, 1))
    """
    a = np.asarray(matrix, dtype=object)
    m, n = a.shape
    # variables (x_1..x_m, v); minimise -v;  -A^T x + v <= 0;  sum x = 1
    c = [0] * m + [-1]
    a_ub = np.concatenate([-a.T, np.ones((n, 1), dtype=object)], axis=1)
    b_ub = [0] * n
    a_eq = [[1] * m + [0]]
    sol = solve_lp(c, a_ub, b_ub, a_eq, [1], free=[m], certify=certify, deadline=deadline)
    if sol is None:
        raise SolverError("maximin LP infeasible (this cannot happen for a finite game)")
    if sol.certified and sol.z is not None:
        x = sol.z[:m]
        return x, sol.z[m], sol.z_float[:m], float(sol.z_float[m])
    if not certify or (deadline is not None and deadline.expired()):
        return None, None, sol.z_float[:m], float(sol.z_float[m])
    # HiGHS's vertex could not be certified (nearly tied payoffs): every equilibrium of
    # the zero-sum game (M, -M) is a pair of optimal strategies, and the exact
    # enumeration finds one without tolerances deciding the answer.

    try:
        eqs = enumerate_equilibria(Game.zero_sum(a)).equilibria
    except SolverError:
        eqs = ()
    if eqs:
        x = eqs[0].strategies[0]
        value = eqs[0].payoffs[0]
        if min(sum(x[i] * a[i, j] for i in range(m)) for j in range(n)) == value:
            return x, value, sol.z_float[:m], float(sol.z_float[m])
    return None, None, sol.z_float[:m], float(sol.z_float[m])


@dataclass(frozen=True)
class ZeroSumSolution:
    """Value and one pair of optimal (minimax) strategies of a constant-sum game.

    Attributes
    ----------
    value
        Row player's value (exact), or ``None`` if not certified.
    equilibrium
        The optimal strategies as an :class:`Equilibrium` (exact), or ``None``.
    value_float, strategies_float
        HiGHS's floating-point answer, always present.
    certified
        True when the exact optimality check passed.
    constant
        The constant sum ``c`` of the payoffs (0 for zero-sum).
    complete
        False when the exact certificate was skipped (a game past the size budget) or
        stopped at ``max_seconds``: only HiGHS's floats are reported.
    """

    game: Game
    value: Fraction | None
    equilibrium: Equilibrium | None
    value_float: float
    strategies_float: tuple[tuple[float, ...], tuple[float, ...]]
    certified: bool
    constant: Fraction
    complete: bool = True

    @property
    def notes(self) -> tuple[str, ...]:
        notes = ["optimal strategies need not be unique; method 'all' lists every extreme one"]
        if not self.complete:
            notes.insert(
                0,
                "WARNING: incomplete — the exact certificate was skipped (game past the size "
                "budget) or stopped at --max-seconds; the floats below are HiGHS's answer",
            )
        elif not self.certified:
            notes.insert(
                0,
                "WARNING: the LP answer could not be certified exactly; the floats below "
                "may be inaccurate",
            )
        return tuple(notes)

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        data: dict[str, Any] = {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": "zero-sum",
            "value": {
                g.players[0]: as_json_float(self.value)
                if self.value is not None
                else as_json_float(self.value_float),
                g.players[1]: as_json_float(self.constant - self.value)
                if self.value is not None
                else as_json_float(float(self.constant) - self.value_float),
            },
            "value_exact": exact_text(self.value) if self.value is not None else None,
            "constant_sum": exact_text(self.constant),
            "certified": self.certified,
            "exact": self.certified,
            "verified": self.certified,
            "complete": self.complete,
            "notes": list(self.notes),
        }
        if self.equilibrium is not None:
            data["equilibria"] = [self.equilibrium.to_dict()]
        else:
            data["equilibria"] = [
                {
                    "strategies": {
                        p: dict(zip(ms, s, strict=True))
                        for p, ms, s in zip(g.players, g.moves, self.strategies_float, strict=True)
                    },
                    "payoffs": {
                        g.players[0]: as_json_float(self.value_float),
                        g.players[1]: as_json_float(float(self.constant) - self.value_float),
                    },
                }
            ]
        return data

    def __str__(self) -> str:
        g = self.game
        if self.equilibrium is None:
            return f"value {format_number(self.value_float)} (not certified)"
        assert self.value is not None
        lines = [f"value to {g.players[0]}: {format_number(self.value)}"]
        for i, p in enumerate(g.players):
            lines.append(f"  {p} optimal strategy: {self.equilibrium.describe(i)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def solve_zero_sum(game: Game, *, max_seconds: float | None = None) -> ZeroSumSolution:
    """Value and optimal strategies of a two-player zero-sum or constant-sum game.

    Bounded: a payoff matrix past :data:`~negotiation.solvers.budget.MAX_EXACT_LP_CELLS`
    is refused in one line unless ``max_seconds`` is given; then (and whenever
    ``max_seconds`` passes before the exact certificate) HiGHS's floats are returned,
    ``complete=False``.

    Raises
    ------
    GameError
        If the payoffs do not add up to the same constant in every cell.

    Examples
    --------
    Matching pennies (Osborne 2004, *An Introduction to Game Theory*, §2.4, p. 19)
    has value 0 and both players mix 1/2–1/2:

    >>> sol = solve_zero_sum(Game.zero_sum([[1, -1], [-1, 1]]))
    >>> sol.value, sol.certified
    (Fraction(0, 1), True)
    >>> print(sol)
    value to Row: 0
      Row optimal strategy: 1/2 r1 + 1/2 r2
      Column optimal strategy: 1/2 c1 + 1/2 c2
    """
    game._require_two_players()
    seconds = check_max_seconds(max_seconds)
    if not game.is_constant_sum:
        raise GameError(
            "this game is not zero-sum or constant-sum (payoffs do not add up to the same "
            "number in every cell); use method 'all' for its equilibria"
        )
    certify = check_exact_lp_size((game.shape[0], game.shape[1]), "the zero-sum LP", seconds)
    deadline = Deadline(seconds)
    if needs_scaling(game):  # exact payoffs beyond float range: solve a rescaled copy
        small, (e, _) = scaled_game(game, "zero-sum", common=True)  # stays constant-sum
        found = solve_zero_sum(small, max_seconds=max_seconds)
        return replace(
            found,
            game=game,
            value=unscale(found.value, e) if found.value is not None else None,
            equilibrium=Equilibrium.from_strategies(game, found.equilibrium.strategies)
            if found.equilibrium is not None
            else None,
            value_float=unscale_float(found.value_float, e),
            constant=unscale(found.constant, e),
        )
    a, b = game.matrices(exact=True)
    constant = a[0, 0] + b[0, 0]
    x, v, xf, vf = maximin_lp(a, certify=certify, deadline=deadline)
    # the column player maximises her payoff c - A, i.e. minimises A
    y, w, yf, _ = maximin_lp((-a).T, certify=certify, deadline=deadline)
    complete = certify and ((x is not None and y is not None) or not deadline.expired())
    strategies_float = (tuple(float(p) for p in xf), tuple(float(p) for p in yf))
    certified = x is not None and y is not None and v is not None and w is not None and v == -w
    equilibrium = None
    value = None
    if certified:
        assert x is not None and y is not None
        equilibrium = Equilibrium.from_strategies(game, (x, y))
        value = v
        # exact optimality: x guarantees v and y holds the row player to v
        row_guarantee = min(sum(x[i] * a[i, j] for i in range(len(x))) for j in range(a.shape[1]))
        col_guarantee = max(sum(a[i, j] * y[j] for j in range(len(y))) for i in range(a.shape[0]))
        certified = row_guarantee == col_guarantee == v
        if not certified:
            equilibrium, value = None, None
    return ZeroSumSolution(
        game, value, equilibrium, vf, strategies_float, certified, constant, complete
    )
