"""Slow, independent reference algorithms for the solver tests (not part of the package).

Nothing here imports from ``negotiation.solvers``: these are textbook definitions coded
as directly as possible with :class:`fractions.Fraction`, so that the fast solvers are
checked against something that shares none of their code.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import Any

Vector = tuple[Fraction, ...]


def gauss_solve(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Solve a square system by Gauss–Jordan elimination; None if singular."""
    n = len(rows)
    a = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if a[r][col] != 0), None)
        if pivot is None:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        p = a[col][col]
        a[col] = [v / p for v in a[col]]
        for r in range(n):
            if r != col and a[r][col] != 0:
                f = a[r][col]
                a[r] = [v - f * w for v, w in zip(a[r], a[col], strict=True)]
    return [a[r][n] for r in range(n)]


def polytope_vertices(
    rows: list[list[Fraction]], rhs: list[Fraction]
) -> dict[Vector, frozenset[int]]:
    """All vertices of ``{z : rows z <= rhs}`` by solving every square subsystem."""
    k, d = len(rows), len(rows[0])
    vertices: dict[Vector, frozenset[int]] = {}
    for subset in combinations(range(k), d):
        z = gauss_solve([rows[r] for r in subset], [rhs[r] for r in subset])
        if z is None:
            continue
        slack = [rhs[r] - sum(g * v for g, v in zip(rows[r], z, strict=True)) for r in range(k)]
        if all(s >= 0 for s in slack):
            vertices[tuple(z)] = frozenset(r for r in range(k) if slack[r] == 0)
    return vertices


def extreme_equilibria(a: Any, b: Any) -> set[tuple[Vector, Vector]]:
    """Extreme equilibria of the bimatrix game (A, B) as exact probability vectors.

    Vertex pairs of the best-response polytopes whose labels cover all moves (von
    Stengel 2007, *Algorithmic Game Theory* ch. 3, Theorem 3.4 and §3.5).
    """
    a = [[Fraction(v) for v in row] for row in a]
    b = [[Fraction(v) for v in row] for row in b]
    m, n = len(a), len(a[0])
    low = min(min(min(r) for r in a), min(min(r) for r in b))
    a = [[v - low + 1 for v in r] for r in a]
    b = [[v - low + 1 for v in r] for r in b]
    zero, one = Fraction(0), Fraction(1)
    p_rows = [[-one if c == i else zero for c in range(m)] for i in range(m)]
    p_rows += [[b[i][j] for i in range(m)] for j in range(n)]
    p_rhs = [zero] * m + [one] * n
    q_rows = [list(a[i]) for i in range(m)]
    q_rows += [[-one if c == j else zero for c in range(n)] for j in range(n)]
    q_rhs = [one] * m + [zero] * n
    xs = polytope_vertices(p_rows, p_rhs)
    ys = polytope_vertices(q_rows, q_rhs)
    full = frozenset(range(m + n))
    result = set()
    for x, lx in xs.items():
        if not any(x):
            continue
        for y, ly in ys.items():
            if any(y) and lx | ly == full:
                result.add((tuple(v / sum(x) for v in x), tuple(v / sum(y) for v in y)))
    return result


def is_nondegenerate(a: Any, b: Any) -> bool:
    """No vertex of either best-response polytope has more labels than its dimension."""
    a = [[Fraction(v) for v in row] for row in a]
    b = [[Fraction(v) for v in row] for row in b]
    m, n = len(a), len(a[0])
    low = min(min(min(r) for r in a), min(min(r) for r in b))
    a = [[v - low + 1 for v in r] for r in a]
    b = [[v - low + 1 for v in r] for r in b]
    zero, one = Fraction(0), Fraction(1)
    p_rows = [[-one if c == i else zero for c in range(m)] for i in range(m)]
    p_rows += [[b[i][j] for i in range(m)] for j in range(n)]
    q_rows = [list(a[i]) for i in range(m)]
    q_rows += [[-one if c == j else zero for c in range(n)] for j in range(n)]
    xs = polytope_vertices(p_rows, [zero] * m + [one] * n)
    ys = polytope_vertices(q_rows, [one] * m + [zero] * n)
    return all(len(v) == m for v in xs.values()) and all(len(v) == n for v in ys.values())


def regret(a: Any, b: Any, x: Vector, y: Vector) -> tuple[Fraction, Fraction]:
    """Each player's gain from the best pure deviation, by the definition."""
    m, n = len(a), len(a[0])
    a = [[Fraction(v) for v in row] for row in a]
    b = [[Fraction(v) for v in row] for row in b]
    row_values = [sum(a[i][j] * y[j] for j in range(n)) for i in range(m)]
    col_values = [sum(b[i][j] * x[i] for i in range(m)) for j in range(n)]
    value_x = sum(x[i] * row_values[i] for i in range(m))
    value_y = sum(y[j] * col_values[j] for j in range(n))
    return max(row_values) - value_x, max(col_values) - value_y
