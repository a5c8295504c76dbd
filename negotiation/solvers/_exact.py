"""Exact integer and rational linear algebra for the solvers (private).

Float algorithms propose; these functions decide. Everything here works on Python
integers or :class:`fractions.Fraction`, so an answer that passes through them is exact.
The elimination is fraction-free (Bareiss 1968, "Sylvester's identity and multistep
integer-preserving Gaussian elimination", *Math. Comp.* 22): every intermediate entry
is an integer, a minor of the input, so numbers stay small.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

__all__ = [
    "as_fraction_array",
    "integer_scaled",
    "solve_exact",
    "solve_integer",
    "solve_rational",
]


def as_fraction_array(values: Any) -> np.ndarray:
    """An object array of Fractions from any array-like of exact numbers."""
    array = np.asarray(values, dtype=object)
    out = np.empty(array.shape, dtype=object)
    for index, value in np.ndenumerate(array):
        out[index] = value if isinstance(value, Fraction) else Fraction(value)
    return out


def integer_scaled(values: np.ndarray, *, positive: bool = False) -> np.ndarray:
    """Multiply an exact array by the LCM of its denominators (and optionally shift).

    A positive multiple plus a constant leaves every best response, and so every
    equilibrium, unchanged. With ``positive=True`` the result is shifted so that its
    smallest entry is 1.

    >>> integer_scaled(np.array([Fraction(1, 2), Fraction(-1, 3)], dtype=object), positive=True)
    array([6, 1], dtype=object)
    """
    flat = [v if isinstance(v, Fraction) else Fraction(v) for v in values.flat]
    scale = lcm(*(v.denominator for v in flat)) if flat else 1
    ints = [v.numerator * (scale // v.denominator) for v in flat]
    if positive and ints:
        low = min(ints)
        ints = [v - low + 1 for v in ints]
    out = np.empty(len(ints), dtype=object)
    out[:] = ints
    return out.reshape(values.shape)


def solve_integer(rows: Any, rhs: Any) -> tuple[np.ndarray, int] | None:
    """Unique solution of an integer system as ``(numerators, denominator)``, or ``None``.

    ``rows`` is ``r × n`` with ``r >= n`` (extra equations are checked for consistency).
    The solution is ``numerators / denominator`` with ``denominator > 0``; all arithmetic
    is on Python integers, row operations vectorised over NumPy object arrays.

    >>> num, den = solve_integer([[2, 1], [1, 3], [1, -2]], [3, 4, -1])
    >>> [int(v) for v in num], den
    ([5, 5], 5)
    """
    a = np.array(rows, dtype=object)
    if a.ndim != 2 or a.shape[0] == 0:
        return None
    r, n = a.shape
    if r < n:
        return None
    m = np.empty((r, n + 1), dtype=object)
    m[:, :n] = a
    m[:, n] = list(rhs)
    prev = 1
    for col in range(n):
        nonzero = np.flatnonzero(m[col:, col] != 0)
        if len(nonzero) == 0:
            return None  # a free variable: the solution is not unique
        pivot = col + int(nonzero[0])
        if pivot != col:
            m[[col, pivot]] = m[[pivot, col]]
        p = m[col, col]
        if col + 1 < r:
            below = m[col + 1 :]
            m[col + 1 :] = (p * below - np.outer(below[:, col], m[col])) // prev
        prev = p
    if any(v != 0 for v in m[n:, n]):
        return None  # inconsistent
    det = m[n - 1, n - 1]  # ± the determinant of the pivot rows
    y = [0] * n  # y = det * z, integers by Cramer's rule
    for k in range(n - 1, -1, -1):
        acc = det * m[k, n]
        for j in range(k + 1, n):
            acc -= m[k, j] * y[j]
        y[k] = acc // m[k, k]
    if det < 0:
        det, y = -det, [-v for v in y]
    out = np.empty(n, dtype=object)
    out[:] = y
    return out, int(det)


def solve_exact(rows: Sequence[Sequence[int]], rhs: Sequence[int]) -> list[Fraction] | None:
    """The unique solution of an integer system ``rows @ z = rhs``, or ``None``.

    The system may have more equations than unknowns. ``None`` means it is
    inconsistent or its solution is not unique (rank below the number of unknowns).

    >>> solve_exact([[2, 1], [1, 3], [1, -2]], [3, 4, -1])
    [Fraction(1, 1), Fraction(1, 1)]
    >>> solve_exact([[1, 1], [2, 2]], [1, 2]) is None  # not unique
    True
    """
    solved = solve_integer(rows, rhs)
    if solved is None:
        return None
    num, den = solved
    return [Fraction(int(v), den) for v in num]


def solve_rational(
    rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]
) -> list[Fraction] | None:
    """:func:`solve_exact` for rational coefficients (each row is scaled to integers).

    >>> solve_rational([[Fraction(1, 2), 1]], [Fraction(1)]) is None
    True
    >>> solve_rational([[Fraction(1, 2), 0], [0, Fraction(1, 3)]], [1, 1])
    [Fraction(2, 1), Fraction(3, 1)]
    """
    int_rows = []
    int_rhs = []
    for row, b in zip(rows, rhs, strict=True):
        values = [Fraction(v) for v in (*row, b)]
        scale = lcm(*(v.denominator for v in values))
        ints = [v.numerator * (scale // v.denominator) for v in values]
        int_rows.append(ints[:-1])
        int_rhs.append(ints[-1])
    return solve_exact(int_rows, int_rhs)
