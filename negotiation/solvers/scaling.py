"""Exact payoffs on float paths: rescale each player's payoffs by a power of two, or refuse.

Exact payoffs may be far beyond what a float holds (``'1e400'``, ``5e-324``, a 999-digit
integer). A method that computes in floating point (an LP, Qhull, a float tournament)
first goes through :func:`scaled_game`, which divides every payoff of player ``i`` by
an exact power of two ``2**e_i`` chosen so that the player's largest payoff lies in
``[1/2, 1)``. Dividing by a power of two is exact in rationals and, inside the normal
range, exact in binary floating point too.

A positive rescaling of one player's payoffs changes no best response, so it changes no
Nash, correlated or dominance solution, no maximin strategy and no Stackelberg
commitment; values (payoffs, security levels) are multiplied back by ``2**e_i``,
exactly. This is the invariance of von Neumann–Morgenstern utility to positive affine
transformations (von Neumann and Morgenstern 1944, *Theory of Games and Economic
Behavior*, §3.5–3.6; Maschler, Solan and Zamir 2013, *Game Theory*, Theorem 2.23 and
§5.5 on equivalent games).

Where no such factor makes the game representable — one player's nonzero payoffs span
more than :data:`MAX_SPAN_BITS` binary orders of magnitude, so the smallest would vanish
next to the largest — the method refuses with a :class:`FloatRangeError` naming the game
and the exact methods to use instead. Games whose payoffs already sit comfortably inside
the float range (within ``2**±SAFE_BITS``) are not touched at all, so ordinary games give
the same floats as before.

>>> from negotiation.game import Game
>>> g = Game.from_matrices([["3e400", 0], ["5e400", "1e400"]], [[1, 2], [3, 4]])
>>> small, exponents = scaled_game(g, "maximin")
>>> exponents  # 5e400 < 2**1332, and 4 < 2**3
(1332, 3)
>>> float(small.exact[0, 1, 0])
0.5333...
>>> unscale(small.exact[0, 1, 0], exponents[0]) == g.exact[0, 1, 0]
True
>>> scaled_game(Game.from_matrices([["1e400", "1e-400"]], [[0, 0]]), "maximin")
Traceback (most recent call last):
...
negotiation.solvers.scaling.FloatRangeError: game 'untitled': Row's payoffs span more than 1e300 (from ≈1e-400 to ≈1e+400), beyond what floating point holds after any rescaling; method 'maximin' computes in floating point — use an exact method (--method pure, dominance, lemke-howson, pareto or br-graph), or round the smallest payoffs to 0
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.errors import SolverError
from negotiation.game import Game

__all__ = [
    "EXACT_METHODS",
    "MAX_SPAN_BITS",
    "SAFE_BITS",
    "FloatRangeError",
    "as_json_float",
    "float_payoffs",
    "is_float_safe",
    "needs_scaling",
    "power_of_two",
    "require_float_range",
    "row_scaled_floats",
    "scaled_game",
    "unscale",
    "unscale_float",
]

#: payoffs within ``2**±SAFE_BITS`` (about 1e±150) are used as they are
SAFE_BITS = 500
#: a player's nonzero payoffs may span at most this many binary orders (about 1e300)
MAX_SPAN_BITS = 997
#: the methods that never convert payoffs to float (named in refusals)
EXACT_METHODS = "--method pure, dominance, lemke-howson, pareto or br-graph"


class FloatRangeError(SolverError, ArithmeticError):
    """Payoffs that no exact rescaling brings into floating-point range."""


def _bits(value: Fraction) -> int:
    """``floor(log2 |value|)`` for a nonzero Fraction, computed exactly."""
    num, den = abs(value.numerator), value.denominator
    bits = num.bit_length() - den.bit_length()
    # 2**bits <= num/den < 2**(bits + 2); adjust to the exact floor
    if (num << max(0, -bits)) < (den << max(0, bits)):
        bits -= 1
    return bits


def _approx(bits: int) -> str:
    """The decimal order of magnitude of a value in ``[2**bits, 2**(bits + 1))``."""
    return f"≈1e{math.floor((bits + 0.5) * math.log10(2)):+d}"


def power_of_two(values: Any) -> int:
    """The exponent ``e`` such that ``max |v| / 2**e`` lies in ``[1/2, 1)`` (0 if all zero).

    >>> power_of_two([Fraction(3), Fraction(-1, 8)])
    2
    """
    bits = [_bits(Fraction(v)) for v in np.asarray(values, dtype=object).flat if v != 0]
    return max(bits) + 1 if bits else 0


def needs_scaling(game: Game) -> bool:
    """True when some payoff is beyond ``2**±SAFE_BITS`` (and so near the float limits)."""
    return any(value != 0 and abs(_bits(value)) > SAFE_BITS for value in game.exact.flat)


def is_float_safe(values: Any) -> bool:
    """True when every entry of an exact array lies within ``2**±SAFE_BITS`` (or is 0)."""
    return all(
        v == 0 or abs(_bits(Fraction(v))) <= SAFE_BITS
        for v in np.asarray(values, dtype=object).flat
    )


def row_scaled_floats(
    rows: Any, what: str, *, columns: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Floats of an exact matrix with each row divided by a power of two, and the exponents.

    For linear constraints ``G z <= h``: dividing a row and its right-hand side by the
    same positive number changes no solution, so a float solver may work on the scaled
    rows while exact certificates use the original integers. Each row's largest entry
    lands in ``[1/2, 1)``. With ``columns=True`` each column is first divided by a power
    of two as well (for rank decisions, where rescaling unknowns changes nothing). Refuses (:class:`FloatRangeError`, naming ``what``) a row
    whose nonzero entries span more than floats hold.

    >>> floats, exps = row_scaled_floats([[10**400, 3 * 10**399], [1, 2]], "an LP")
    >>> floats.round(3).tolist(), exps.tolist()
    ([[0.853, 0.256], [0.25, 0.5]], [1329, 2])
    """
    exact = np.asarray(rows, dtype=object)
    if exact.ndim == 1:
        exact = exact.reshape(1, -1)
    if columns:  # unknowns rescaled too (z_j = 2**c_j x_j): same rank, same solutions
        exact = exact.copy()
        for c in range(exact.shape[1]):
            e = power_of_two(exact[:, c])
            if e:
                factor = Fraction(2) ** -e
                exact[:, c] = [Fraction(v) * factor for v in exact[:, c]]
    out = np.zeros(exact.shape, dtype=float)
    exps = np.zeros(exact.shape[0], dtype=np.int64)
    for r in range(exact.shape[0]):
        bits = [_bits(Fraction(v)) for v in exact[r] if v != 0]
        if not bits:
            continue
        if max(bits) - min(bits) > MAX_SPAN_BITS:
            raise FloatRangeError(
                f"{what}: coefficients span more than 1e300 (from {_approx(min(bits))} to "
                f"{_approx(max(bits))}), beyond what floating point holds after any "
                f"rescaling — use an exact method ({EXACT_METHODS}), or round the smallest "
                "payoffs to 0"
            )
        e = max(bits) + 1
        exps[r] = e
        factor = Fraction(2) ** -e
        out[r] = [float(Fraction(v) * factor) for v in exact[r]]
    return out, exps


def _span_check(game: Game, players: list[int], method: str) -> int:
    """The common exponent for ``players``' payoffs; refuse a span floats cannot hold."""
    bits: list[int] = []
    for i in players:
        own = [_bits(v) for v in game.exact[i].flat if v != 0]
        if own and max(own) - min(own) > MAX_SPAN_BITS:
            raise FloatRangeError(
                f"game {game.title or 'untitled'!r}: {game.players[i]}'s payoffs span more "
                f"than 1e300 (from {_approx(min(own))} to {_approx(max(own))}), beyond what "
                f"floating point holds after any rescaling; method {method!r} computes in "
                f"floating point — use an exact method ({EXACT_METHODS}), or round the "
                "smallest payoffs to 0"
            )
        bits += own
    if bits and max(bits) - min(bits) > MAX_SPAN_BITS:
        raise FloatRangeError(
            f"game {game.title or 'untitled'!r}: the payoffs span more than 1e300 (from "
            f"{_approx(min(bits))} to {_approx(max(bits))}), beyond what floating point "
            f"holds after any rescaling; method {method!r} scales all players alike — use "
            f"an exact method ({EXACT_METHODS}), or round the smallest payoffs to 0"
        )
    return max(bits) + 1 if bits else 0


def scaled_game(game: Game, method: str, *, common: bool = False) -> tuple[Game, tuple[int, ...]]:
    """``game`` with player ``i``'s payoffs divided by ``2**e_i``, and the exponents ``e_i``.

    Each player's largest payoff lands in ``[1/2, 1)``; the game's equilibria are
    unchanged (see the module docstring). With ``common=True`` every player gets the
    same exponent, which keeps a constant-sum game constant-sum. Raises
    :class:`FloatRangeError` when a player's payoffs cannot all be held as floats at
    once, naming ``method``.
    """
    players = list(range(game.n_players))
    if common:
        exponents = (_span_check(game, players, method),) * game.n_players
    else:
        exponents = tuple(_span_check(game, [i], method) for i in players)
    if not any(exponents):
        return game, exponents
    exact = np.empty(game.exact.shape, dtype=object)
    for i, e in enumerate(exponents):
        factor = Fraction(2) ** -e
        for index, value in np.ndenumerate(game.exact[i]):
            exact[(i, *index)] = value * factor
    return game.with_payoffs(exact), exponents


def unscale(value: Any, exponent: int) -> Fraction:
    """An exact value of the scaled game mapped back: ``value * 2**exponent``."""
    return Fraction(value) * Fraction(2) ** exponent


def unscale_float(value: float, exponent: int) -> float:
    """A float of the scaled game mapped back (``inf`` when the result is beyond floats)."""
    try:
        return math.ldexp(value, exponent)
    except OverflowError:
        return math.copysign(math.inf, value)


def require_float_range(game: Game, method: str) -> None:
    """Refuse, naming the game and the exact methods, when payoffs do not fit a float.

    For methods whose *results* are floats of the payoffs' size (a tournament's scores,
    a bargaining deal): a rescaled answer could not be mapped back into a float.
    """
    for i in range(game.n_players):
        bits = [_bits(v) for v in game.exact[i].flat if v != 0]
        # floats hold up to 2**1024 (exclusive) and, at full precision, down to 2**-1022
        if bits and (max(bits) >= 1024 or min(bits) < -1022):
            worst = max(bits) if max(bits) >= 1024 else min(bits)
            raise FloatRangeError(
                f"game {game.title or 'untitled'!r}: {game.players[i]}'s payoff {_approx(worst)} "
                f"is beyond the floating-point range (±1.8e308, nonzero above 2.2e-308) and "
                f"method {method!r} reports floats of the payoffs' size — rescale the "
                f"payoffs in the file, or use an exact method ({EXACT_METHODS})"
            )


def float_payoffs(game: Game, method: str) -> np.ndarray:
    """The payoffs as floats for a float method, refusing what a float cannot hold."""
    require_float_range(game, method)
    return game.payoffs


def as_json_float(value: Any) -> float | None:
    """A float for ``--json``, or ``None`` when the exact value is beyond float range.

    Every ``to_dict`` that repeats an exact value as a float uses this, so a game with
    payoffs like ``1e400`` still prints its JSON (the exact strings sit beside it).

    >>> as_json_float(Fraction(3, 2)), as_json_float(Fraction(10) ** 400)
    (1.5, None)
    """
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
