"""One number reader for files, flags and ``--set`` values, with one set of limits.

Every number the package reads from a person goes through
:func:`negotiation.game.to_fraction` (it lives beside the :class:`~negotiation.game.Game`
so that the game can use it without importing this package); this module is its public
face for readers and writers of files and for the command line's argument types
(:mod:`negotiation.cli.args`):

* text is read **exactly** as a :class:`~fractions.Fraction` (``"0.1"`` is 1/10, ``"3/2"``
  is 3/2), never through a float;
* at most :data:`MAX_NUMBER_CHARS` characters and exponents within ±:data:`MAX_EXPONENT`,
  so ``1e99999999`` is refused at once instead of computing ``10**99999999``;
* NaN and infinities (``nan``, ``.inf``, ``-Infinity``) and booleans are refused;
* :func:`parse_float` / :func:`to_float` refuse an exact value that a float cannot hold
  (beyond ±1.8e308, or nonzero below 2.2e-308) instead of overflowing later.

Each failure is a :class:`~negotiation.errors.NumberError` whose message names what was
being read and quotes the offending token, e.g. ``--floor '1e99999999' has an exponent
beyond ±1000``.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from negotiation.errors import NumberError
from negotiation.game import MAX_EXPONENT, MAX_NUMBER_CHARS, NUMBER_PATTERN, to_float, to_fraction

__all__ = [
    "MAX_EXPONENT",
    "MAX_NUMBER_CHARS",
    "NUMBER_PATTERN",
    "check_numbers",
    "parse_float",
    "parse_number",
    "to_float",
]


def parse_number(value: Any, *, what: str = "number") -> Fraction:
    """The exact value of a number (text, int, float or Fraction), within the limits.

    Parameters
    ----------
    value
        ``"3/2"``, ``"-0.25"``, ``"1e3"``, ``7``, ``0.1``…
    what
        What is being read, for the message (``"payoff"``, ``"--discount"``).

    Examples
    --------
    >>> parse_number("3/2"), parse_number(" -1.25e1 "), parse_number(".5/2")
    (Fraction(3, 2), Fraction(-25, 2), Fraction(1, 4))
    >>> parse_number("inf", what="--noise")
    Traceback (most recent call last):
    ...
    negotiation.errors.NumberError: --noise must be a finite number, got 'inf'
    """
    return to_fraction(value, what=what)


def parse_float(value: Any, *, what: str = "number") -> float:
    """:func:`parse_number`, then a float that holds it (see :func:`to_float`).

    >>> parse_float("0.25")
    0.25
    >>> parse_float("1e-400", what="--prob-end")
    Traceback (most recent call last):
    ...
    negotiation.errors.NumberError: --prob-end ≈1e-400 is too close to 0 for floating-point arithmetic (below 2.2e-308) — write 0 or a larger number
    """
    return to_float(parse_number(value, what=what), what=what)


def check_numbers(value: Any, *, what: str = "value") -> None:
    """Refuse non-finite floats and over-long integers anywhere inside a parsed value.

    Used on ``--set`` values, which YAML reads into plain floats and ints: ``1e999``
    becomes ``inf`` there, and an integer of 5000 digits cannot even be printed.

    >>> check_numbers([1, 2.5, {"a": "text"}])
    >>> check_numbers([1, float("inf")], what="--set payoffs.a.b")
    Traceback (most recent call last):
    ...
    negotiation.errors.NumberError: --set payoffs.a.b must be a finite number, got inf
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, bool):
            continue
        elif isinstance(item, int) and item.bit_length() > MAX_NUMBER_CHARS * 3.33:
            reason = f"has more than {MAX_NUMBER_CHARS} digits"
            raise NumberError(f"{what} {reason}", reason)
        elif isinstance(item, float) and item != item:  # NaN
            raise NumberError(f"{what} must be a finite number, got nan", "is not finite")
        elif isinstance(item, float) and item in (float("inf"), float("-inf")):
            raise NumberError(f"{what} must be a finite number, got {item!r}", "is not finite")
