"""The one number formatter for people: exact where readable, rounded and marked where not.

Every ``__str__``, ``_repr_html_``, plot label and CLI line shows numbers through this
module, so a reader meets one style everywhere:

- integers and short decimals as they are: ``3``, ``-1.5``, ``0.075``;
- short exact fractions where they read at a glance: ``2/3``, ``119/74``, ``-38/55``;
- anything else as a decimal to 4 significant digits, marked as rounded: ``≈ -1.1``,
  ``≈ 0.07746``.

The exact value is always one step away: ``exact=True`` returns it, :func:`format_html`
puts it in the ``title`` attribute (hover in Jupyter or a browser), and ``--json`` always
carries it. :func:`exact_numbers` switches every formatter to exact output for a block of
code (the CLI's global ``--exact`` flag runs the whole command inside it), so one flag
reaches every ``__str__`` without each result taking a parameter. A table is formatted as one group with :func:`format_numbers`, which picks a
single style for every cell, so ``11/142`` never sits beside ``0.0779``.

The rule is the one numeric tables in textbooks follow (e.g. Osborne, *An Introduction to
Game Theory*, prints ``2/3`` but rounds irrational or long values): exact when short,
otherwise rounded and said to be.

>>> from fractions import Fraction
>>> format_number(Fraction(2, 3)), format_number(Fraction(119, 74)), format_number(1.5)
('2/3', '119/74', '1.5')
>>> format_number(Fraction(-104156491, 94725020))
'≈ -1.1'
>>> format_number(Fraction(-104156491, 94725020), exact=True)
'-104156491/94725020'
>>> format_numbers([Fraction(11, 142), Fraction(11, 131), 0.0779009])
['≈ 0.07746', '≈ 0.08397', '≈ 0.0779']
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from fractions import Fraction
from numbers import Rational, Real
from typing import Any

__all__ = [
    "SIGNIFICANT_DIGITS",
    "exact_mode",
    "exact_numbers",
    "exact_text",
    "format_html",
    "format_html_numbers",
    "format_number",
    "format_numbers",
    "format_pair",
    "format_percent",
    "format_probabilities",
    "format_relation",
    "format_signed",
    "is_readable",
]

SIGNIFICANT_DIGITS = 4
"""Digits kept when a value has to be rounded."""

_MAX_FRACTION_PART = 999  # numerator and denominator of a readable fraction: at most 3 digits
_MAX_DECIMALS = 4  # a readable exact decimal has at most 4 digits after the point …
_MAX_DECIMAL_DIGITS = 6  # … and at most 6 significant digits in all
_ROUNDED = "≈ "

_EXACT: ContextVar[bool] = ContextVar("negotiation_exact_numbers", default=False)


@contextmanager
def exact_numbers(on: bool = True) -> Iterator[None]:
    """Within the block, every formatter here shows exact values (``exact=None`` means this).

    This is the one switch behind the CLI's ``--exact``: a command runs inside
    ``with exact_numbers(args.exact):`` and every ``__str__`` it prints follows.

    >>> from fractions import Fraction
    >>> with exact_numbers():
    ...     format_number(Fraction(-104156491, 94725020))
    '-104156491/94725020'
    >>> format_number(Fraction(-104156491, 94725020))
    '≈ -1.1'
    """
    token = _EXACT.set(on)
    try:
        yield
    finally:
        _EXACT.reset(token)


def _exact_mode(exact: bool | None) -> bool:
    return _EXACT.get() if exact is None else exact


def exact_mode() -> bool:
    """Whether :func:`exact_numbers` is on here (``--exact``): for text that adds a rounding.

    >>> exact_mode()
    False
    """
    return _EXACT.get()


def _fraction(value: Any) -> Fraction | None:
    """The exact value behind ``value``, or None for nan/inf (floats through their repr)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    if isinstance(value, str):
        return Fraction(value.strip())
    if isinstance(value, Real) or hasattr(value, "__float__"):
        number = float(value)
        if not math.isfinite(number):
            return None
        return Fraction(repr(number))
    raise TypeError(f"not a number: {value!r}")


def _special(value: Any) -> str:
    number = float(value)
    if math.isnan(number):
        return "nan"
    return "∞" if number > 0 else "-∞"


def _terminating(q: Fraction) -> bool:
    d = q.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _decimal_text(q: Fraction) -> str:
    """Exact decimal text of a terminating fraction (``3/8`` → ``0.375``)."""
    text = format(Decimal(q.numerator) / Decimal(q.denominator), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact_text(value: Any) -> str:
    """The exact value as short text: ``3``, ``-1.5``, ``2/3``, ``-104156491/94725020``.

    Terminating decimals are written as decimals, other rationals as ``p/q``. This is
    what ``--json`` and ``exact=True`` carry.

    >>> exact_text(Fraction(3, 2)), exact_text(Fraction(2, 3)), exact_text(4.0), exact_text(0.1)
    ('1.5', '2/3', '4', '0.1')
    """
    q = _fraction(value)
    if q is None:
        return _special(value)
    if q.denominator == 1:
        return str(q.numerator)
    if _terminating(q):
        # the same test as ever (``--json`` outputs depend on it): ten decimals that round-trip
        text = f"{float(q):.10f}".rstrip("0").rstrip(".")
        if Fraction(text) == q:
            return text
    return f"{q.numerator}/{q.denominator}"


def _readable_decimal(q: Fraction) -> bool:
    if not _terminating(q):
        return False
    text = _decimal_text(q).lstrip("-")
    decimals = len(text.partition(".")[2])
    digits = len(text.replace(".", "").lstrip("0"))
    return decimals <= _MAX_DECIMALS and digits <= _MAX_DECIMAL_DIGITS


def _readable_fraction(q: Fraction) -> bool:
    return abs(q.numerator) <= _MAX_FRACTION_PART and q.denominator <= _MAX_FRACTION_PART


def is_readable(value: Any) -> bool:
    """Whether ``value`` can be shown exactly at a glance (integer, short decimal or fraction).

    >>> is_readable(Fraction(119, 74)), is_readable(Fraction(110603, 1000000))
    (True, False)
    """
    q = _fraction(value)
    return q is not None and (q.denominator == 1 or _readable_decimal(q) or _readable_fraction(q))


def _rounded(q: Fraction, digits: int) -> str:
    x = float(q)
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    if exponent >= 9 or exponent < -5:
        mantissa, _, power = f"{x:.{digits - 1}e}".partition("e")
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        return f"{mantissa}e{int(power)}"
    decimals = max(0, digits - 1 - exponent)
    text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _approx(value: Any, q: Fraction | None, digits: int) -> str:
    if q is None:
        return _special(value)
    if q.denominator == 1:
        return str(q.numerator)
    text = _rounded(q, digits)
    return text if Fraction(text) == q else _ROUNDED + text


def format_numbers(
    values: Iterable[Any], *, exact: bool | None = None, digits: int = SIGNIFICANT_DIGITS
) -> list[str]:
    """Format a group of numbers (a table, a column, a profile's payoffs) in ONE style.

    The style is the first of these that shows every value exactly and readably:
    decimals (integers and short terminating decimals), then short fractions
    (``3/2`` rather than ``1.5`` when a ``2/3`` sits beside it); otherwise every value is
    rounded to ``digits`` significant digits and the rounded ones are marked ``≈``.

    Parameters
    ----------
    values
        Numbers: ``Fraction``, ``int``, ``float`` (read through its shortest repr),
        NumPy scalars, ``Decimal``.
    exact
        Return the exact text of every value instead (see :func:`exact_text`); ``None``
        (the default) follows :func:`exact_numbers` (off unless switched on).
    digits
        Significant digits kept when rounding.

    Returns
    -------
    list of str
        One text per value, in order.

    Examples
    --------
    >>> from fractions import Fraction
    >>> format_numbers([3, Fraction(3, 2), Fraction(-3, 40)])
    ['3', '1.5', '-0.075']
    >>> format_numbers([Fraction(3, 2), Fraction(2, 3)])
    ['3/2', '2/3']
    >>> format_numbers([Fraction(3, 40), Fraction(-38, 55)])
    ['3/40', '-38/55']
    >>> format_numbers([Fraction(-104156491, 94725020), Fraction(119, 74)])
    ['≈ -1.1', '≈ 1.608']
    """
    items = list(values)
    if _exact_mode(exact):
        return [exact_text(v) for v in items]
    exacts = [_fraction(v) for v in items]
    if all(q is not None for q in exacts):
        qs = [q for q in exacts if q is not None]
        if all(q.denominator == 1 or _readable_decimal(q) for q in qs):
            return [exact_text(q) for q in qs]
        if all(_readable_fraction(q) for q in qs):
            return [str(q) for q in qs]
    return [_approx(v, q, digits) for v, q in zip(items, exacts, strict=True)]


def format_number(
    value: Any, *, exact: bool | None = None, digits: int = SIGNIFICANT_DIGITS
) -> str:
    """One number for people: exact when short, else 4 significant digits marked ``≈``.

    Parameters
    ----------
    value
        A number (``Fraction``, ``int``, ``float``, NumPy scalar, ``Decimal``).
    exact
        Return the exact value (``p/q`` or a decimal) however long it is; ``None`` follows
        :func:`exact_numbers`.
    digits
        Significant digits kept when rounding.

    Examples
    --------
    >>> from fractions import Fraction
    >>> format_number(3), format_number(Fraction(-38, 55)), format_number(0.0779009)
    ('3', '-38/55', '≈ 0.0779')
    >>> format_number(Fraction(729095437, 206166220)), format_number(float("inf"))
    ('≈ 3.536', '∞')
    """
    return format_numbers([value], exact=exact, digits=digits)[0]


def format_html(value: Any, *, text: str | None = None) -> str:
    """HTML for one number: the people's text, the exact value in a ``title`` when rounded.

    ``text`` is the already chosen display text (from :func:`format_numbers` for a
    table); by default it is :func:`format_number` of ``value``.

    >>> format_html(Fraction(1, 3))
    '1/3'
    >>> format_html(Fraction(-104156491, 94725020))
    '<span title="exact: -104156491/94725020">≈ -1.1</span>'
    """
    shown = format_number(value) if text is None else text
    full = exact_text(value)
    if shown == full or not shown.startswith(_ROUNDED):  # shown exactly: nothing to hover
        return html.escape(shown)
    return f'<span title="exact: {html.escape(full)}">{html.escape(shown)}</span>'


def format_html_numbers(values: Iterable[Any]) -> list[str]:
    """HTML for a group of numbers (a table) in one style, exact values in ``title``.

    >>> format_html_numbers([Fraction(1, 2), Fraction(1, 3)])
    ['1/2', '1/3']
    >>> format_html_numbers([1, Fraction(39521, 75197)])[1]
    '<span title="exact: 39521/75197">≈ 0.5256</span>'
    """
    items = list(values)
    return [format_html(v, text=t) for v, t in zip(items, format_numbers(items), strict=True)]


def format_probabilities(values: Iterable[Any], *, exact: bool | None = None) -> list[str]:
    """Probabilities of one strategy or distribution: short fractions as textbooks write
    them (``1/2``, ``1/3``) when all are short, else :func:`format_numbers`' one style.

    >>> format_probabilities([Fraction(1, 4), Fraction(3, 4)])
    ['1/4', '3/4']
    >>> format_probabilities([Fraction(1, 3), Fraction(110603, 1000000)])
    ['≈ 0.3333', '≈ 0.1106']
    """
    items = list(values)
    exacts = [_fraction(v) for v in items]
    if not _exact_mode(exact) and all(
        (q is not None and _readable_fraction(q) and q.denominator > 1) or q in (0, 1)
        for q in exacts
    ):
        return [str(q) for q in exacts]
    return format_numbers(items, exact=exact)


def format_pair(first: Any, second: Any, labels: tuple[str, str]) -> str:
    """Two numbers side by side that cannot be misread as one fraction.

    ``"pure 1 · mixed 1"``, never ``"1 / 1"``.

    >>> format_pair(1, Fraction(1, 3), ("pure", "mixed"))
    'pure 1 · mixed 1/3'
    """
    a, b = format_numbers([first, second])
    return f"{labels[0]} {a} · {labels[1]} {b}"


def format_percent(value: Any, *, decimals: int = 1, exact: bool | None = None) -> str:
    """A share (0.5 = half) as a percentage for people: ``52.6%``; exact mode gives ``p/q``.

    The percentage is a rounding by nature, so it is not marked ``≈``; under
    :func:`exact_numbers` (``--exact``) the share itself is shown exactly instead.

    >>> from fractions import Fraction
    >>> format_percent(Fraction(39521, 75197)), format_percent(0.5, decimals=0)
    ('52.6%', '50%')
    >>> format_percent(Fraction(39521, 75197), exact=True)
    '39521/75197'
    """
    q = _fraction(value)
    if q is None:
        return _special(value)
    if _exact_mode(exact):
        return exact_text(q)
    text = f"{float(q) * 100:.{decimals}f}"
    return ("0" + text[2:] if text.startswith("-0") and float(text) == 0 else text) + "%"


def format_signed(value: Any, *, exact: bool | None = None) -> str:
    """A change for people, with its sign always shown: ``+3/2``, ``≈ -4.149``, ``0``.

    >>> from fractions import Fraction
    >>> format_signed(Fraction(3, 2)), format_signed(Fraction(-188713211721, 44742215000))
    ('+1.5', '≈ -4.218')
    """
    text = format_number(value, exact=exact)
    mark = _ROUNDED if text.startswith(_ROUNDED) else ""
    number = text[len(mark) :]
    q = _fraction(value)
    positive = q > 0 if q is not None else float(value) > 0
    return mark + ("+" + number if positive else number)


def format_relation(name: str, relation: str, value: Any, *, exact: bool | None = None) -> str:
    """``δ = 1/3``; a rounded value reads ``δ ≈ 0.9917`` or ``δ ≥ 0.5714 (rounded)``.

    Never ``δ = ≈ 0.99``: the ``≈`` mark takes the place of ``=``.

    >>> from fractions import Fraction
    >>> format_relation("δ", "=", Fraction(1, 3)), format_relation("δ", "=", 0.99166)
    ('δ = 1/3', 'δ ≈ 0.9917')
    >>> format_relation("δ", "≥", Fraction(4, 7) + Fraction(1, 10**9))
    'δ ≥ 0.5714 (rounded)'
    """
    text = format_number(value, exact=exact)
    if not text.startswith(_ROUNDED):
        return f"{name} {relation} {text}"
    if relation == "=":
        return f"{name} {text}"
    return f"{name} {relation} {text[len(_ROUNDED) :]} (rounded)"
