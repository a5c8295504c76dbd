"""Exact numbers: the one reader of every number a user writes.

:func:`to_fraction` turns what a payoff file, a Gambit file, a command-line flag or a
``--set`` value says into the exact :class:`~fractions.Fraction` its writer meant, with
limits (:data:`MAX_NUMBER_CHARS`, :data:`MAX_EXPONENT`) so that no text can make it
compute for ever; :func:`to_float` is its float twin. :mod:`negotiation.game` re-exports
both (``from negotiation.game import to_fraction`` keeps working).
"""

from __future__ import annotations

import math
import re
import sys
from fractions import Fraction
from numbers import Rational, Real
from typing import Any

import numpy as np

from negotiation.errors import NumberError

__all__ = ["MAX_EXPONENT", "MAX_NUMBER_CHARS", "NUMBER_PATTERN", "to_float", "to_fraction"]

#: longest number accepted as text (Python refuses to print integers over 4300 digits)
MAX_NUMBER_CHARS = 1000
#: largest decimal exponent accepted as text: ``1e1000`` is exact; ``1e99999999`` would hang
MAX_EXPONENT = 1000
#: numbers written as text: integers, decimals, exponents and fractions such as "3/2"
NUMBER_PATTERN = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?(\s*/\s*\d+)?\s*$"
_NUMBER = re.compile(NUMBER_PATTERN)
_NOT_FINITE = re.compile(r"^\s*[-+]?\.?(nan|inf|infinity)\s*$", re.IGNORECASE)


def to_fraction(value: Any, *, what: str = "number") -> Fraction:
    """Turn a number into the exact :class:`~fractions.Fraction` its writer meant.

    This is the one number reader of the package: payoff files, ``.nfg`` files, command
    line flags and ``--set`` values all come through here (see
    :mod:`negotiation.files.numbers`). Floats go through their shortest decimal form, so
    ``0.1`` becomes ``1/10`` rather than the binary expansion
    ``3602879701896397/36028797018963968``. Text is read exactly with the same limits
    everywhere: at most :data:`MAX_NUMBER_CHARS` characters, exponents within
    ±:data:`MAX_EXPONENT`, no NaN or infinity, no booleans.

    Parameters
    ----------
    value
        An int, float, Fraction, numpy scalar or text such as ``"3/2"``, ``"-1.5e3"``.
    what
        What the number is, for messages (``"payoff"``, ``"--floor"``).

    Raises
    ------
    NumberError
        Saying which token is wrong and why (a :class:`GameError`, so a ``ValueError``).

    Examples
    --------
    >>> to_fraction(0.1), to_fraction(3), to_fraction("3/2")
    (Fraction(1, 10), Fraction(3, 1), Fraction(3, 2))
    >>> to_fraction("1e99999999", what="--floor")
    Traceback (most recent call last):
    ...
    negotiation.errors.NumberError: --floor '1e99999999' has an exponent beyond ±1000
    >>> to_fraction("nan", what="--discount")
    Traceback (most recent call last):
    ...
    negotiation.errors.NumberError: --discount must be a finite number, got 'nan'
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise NumberError(f"{what} must be a number, got {value!r}", "is not a number")
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, Rational):
        return Fraction(value)
    if isinstance(value, (float, np.floating, Real)):
        number = float(value)
        if not math.isfinite(number):
            raise NumberError(
                f"{what} must be a finite number, got {number!r}", "is not a finite number"
            )
        return Fraction(repr(number))
    if isinstance(value, str):
        return _parse_text(value, what)
    raise NumberError(f"{what} must be a number, got {_short(value)}", "is not a number")


def _parse_text(text: str, what: str) -> Fraction:
    if len(text) > MAX_NUMBER_CHARS:
        token = _clip(text.strip())
        reason = f"has more than {MAX_NUMBER_CHARS} characters"
        raise NumberError(f"{what} {token!r} {reason}", reason)
    plain = text.strip()
    if plain.isascii() and (plain.isdigit() or (plain[:1] == "-" and plain[1:].isdigit())):
        return Fraction(int(plain))  # the common case, fast
    token = _clip(plain)
    if _NOT_FINITE.match(text):
        raise NumberError(f"{what} must be a finite number, got {token!r}", "is not finite")
    match = _NUMBER.match(text)
    if match is None:
        raise NumberError(f"{what} must be a number, got {token!r}", "is not a number")
    exponent = match.group(3)
    if exponent and abs(int(exponent[1:])) > MAX_EXPONENT:
        reason = f"has an exponent beyond ±{MAX_EXPONENT}"
        raise NumberError(f"{what} {token!r} {reason}", reason)
    top, _, bottom = text.strip().partition("/")
    denominator = Fraction(bottom.strip()) if bottom else Fraction(1)
    if denominator == 0:
        raise NumberError(f"{what} {token!r} divides by zero", "divides by zero")
    return Fraction(top.strip()) / denominator


def to_float(value: Any, *, what: str = "number") -> float:
    """A number as a float, refusing what a float cannot hold (instead of overflowing).

    Exact values beyond ±1.8e308, or so close to 0 that a float loses them (below
    2.2e-308, the smallest normal double), raise :class:`NumberError` naming the value,
    so float code never meets ``inf`` or an ``OverflowError``.

    >>> to_float("3/2")
    1.5
    >>> to_float("1e400", what="payoff")
    Traceback (most recent call last):
    ...
    negotiation.errors.NumberError: payoff ≈1e+400 is beyond the floating-point range (±1.8e308) — scale the payoffs down
    """
    q = to_fraction(value, what=what)
    try:
        number = float(q)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        reason = "is beyond the floating-point range (±1.8e308)"
        raise NumberError(f"{what} {_approx(q)} {reason} — scale the payoffs down", reason)
    if q != 0 and abs(number) < sys.float_info.min:
        reason = "is too close to 0 for floating-point arithmetic (below 2.2e-308)"
        raise NumberError(f"{what} {_approx(q)} {reason} — write 0 or a larger number", reason)
    return number


def _approx(q: Fraction) -> str:
    """``≈1e+400`` for a Fraction too big or too small to print in full."""
    bits = q.numerator.bit_length() - q.denominator.bit_length()
    if abs(bits) < 900:
        return f"≈{float(q):.4g}"
    exponent = round(bits * math.log10(2))
    return f"≈{'-' if q < 0 else ''}1e{exponent:+d}"


def _clip(text: str) -> str:
    return text if len(text) <= 24 else text[:21] + "..."


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
