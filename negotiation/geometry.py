"""The one convex-polygon kit for payoff sets: hulls, Pareto frontiers, clipping, areas.

Feasible deals (:mod:`negotiation.bargaining.feasible`), individually rational regions
and subgame-perfect payoff sets (:mod:`negotiation.repeated`) and the plots of them are
all convex polygons in the plane of the two players' payoffs; every operation on them
lives here.

A convex set in the plane is a list of vertices in counter-clockwise order: one vertex
for a point, two for a segment, none for the empty set. Functions work on exact
:class:`~fractions.Fraction` coordinates (``eps = 0``) or on floats with a tolerance.
Hulls use Andrew's monotone chain (Andrew 1979, "Another efficient algorithm for convex
hulls in two dimensions", *Inf. Process. Lett.* 9(5)), which needs only sign tests of
cross products, so exact input gives an exact hull; clipping is one Sutherland–Hodgman
pass per half-plane (Sutherland & Hodgman 1974, *Comm. ACM* 17(1)).

>>> square = convex_hull([(0, 0), (2, 0), (2, 2), (0, 2), (1, 1)])
>>> area(square), set(clip_box(square, (1, 1))) == {(1, 1), (2, 1), (2, 2), (1, 2)}
(Fraction(4, 1), True)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from negotiation.errors import GameError
from negotiation.game import to_fraction

__all__ = [
    "ExactPoint",
    "Point",
    "area",
    "clip",
    "clip_box",
    "contains",
    "convex_hull",
    "cross",
    "hausdorff",
    "hull",
    "pareto_frontier",
    "point_distance",
    "simplify",
]

#: a payoff pair, exact or float
Point = tuple[Any, Any]
#: a payoff pair, exact
ExactPoint = tuple[Fraction, Fraction]


def cross(o: Point, a: Point, b: Point) -> Any:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def hull(points: Iterable[Point], eps: float = 0.0) -> list[Point]:
    """Convex hull, counter-clockwise from the lowest-leftmost vertex (Andrew 1979).

    Points closer than ``eps`` are merged and vertices within ``eps`` (in area terms,
    relative to edge length) of collinear are dropped.

    >>> hull([(0, 0), (2, 0), (1, 0), (0, 2), (1, 1)])
    [(0, 0), (2, 0), (0, 2)]
    >>> hull([(1, 1), (1, 1)]), hull([(0, 0), (1, 1), (2, 2)])
    ([(1, 1)], [(0, 0), (2, 2)])
    """
    pts = sorted(set(points))
    if eps > 0 and len(pts) > 1:
        pts = _merge_close(pts, eps)
    if len(pts) <= 1:
        return pts
    if eps <= 0:
        lower: list[Point] = []
        for p in pts:
            while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
                lower.pop()
            lower.append(p)
        upper: list[Point] = []
        for p in reversed(pts):
            while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
                upper.pop()
            upper.append(p)
    else:
        lower = _chain(pts, eps)
        upper = _chain(pts[::-1], eps)
    result = lower[:-1] + upper[:-1]
    if len(result) == 2 and result[0] == result[1]:
        return result[:1]
    return result


def _chain(pts: Sequence[Point], eps: float) -> list[Point]:
    """One monotone chain keeping only turns larger than ``eps`` times the chord length."""
    out: list[Point] = []
    for p in pts:
        px, py = p
        while len(out) >= 2:
            ox, oy = out[-2]
            ax, ay = out[-1]
            bx, by = px - ox, py - oy
            c = (ax - ox) * by - (ay - oy) * bx
            if c > eps * max(math.sqrt(bx * bx + by * by), 1.0):
                break
            out.pop()
        out.append(p)
    return out


def simplify(polygon: Sequence[Point], tol: float) -> tuple[list[Point], float]:
    """A tidier convex set within ``tol``-ish of ``polygon``, and the grid used.

    Coordinates are snapped to a power-of-ten grid ``g >= tol`` (so ``9.7500000006``
    reads ``9.75``), then vertices closer than ``g`` to the chord of their neighbours
    are dropped and a segment shorter than ``g`` becomes a point.

    >>> simplify([(2.999999995, 3.0000000175), (3.0000000175, 2.999999995), (9, 9)], 1e-8)
    ([(3.0, 3.0), (9.0, 9.0)], 1e-07)
    """
    if not polygon:
        return [], 0.0
    grid = 10.0 ** math.ceil(math.log10(tol * 10))
    snapped = {(round(p[0] / grid) * grid, round(p[1] / grid) * grid) for p in polygon}
    digits = max(0, -math.floor(math.log10(grid)))
    points = hull({(round(x, digits) + 0.0, round(y, digits) + 0.0) for x, y in snapped})
    changed = True
    while changed and len(points) >= 3:
        changed = False
        n = len(points)
        heights = []
        for k in range(n):
            a, p, b = points[k - 1], points[k], points[(k + 1) % n]
            heights.append(_segment_distance(p, a, b))
        k = min(range(n), key=heights.__getitem__)
        if heights[k] < grid:
            points = points[:k] + points[k + 1 :]
            changed = True
    if (
        len(points) == 2
        and math.hypot(points[0][0] - points[1][0], points[0][1] - points[1][1]) < grid
    ):
        points = points[:1]
    return points, grid


def _merge_close(pts: list[Point], eps: float) -> list[Point]:
    """Drop points within ``eps`` (in both coordinates) of an already kept one (sorted input)."""
    kept: list[Point] = [pts[0]]
    for p in pts[1:]:
        for q in kept[-4:]:
            if abs(p[0] - q[0]) <= eps and abs(p[1] - q[1]) <= eps:
                break
        else:
            kept.append(p)
    return kept


def clip(polygon: Sequence[Point], axis: int, bound: Any, eps: float = 0.0) -> list[Point]:
    """The part of a convex set where coordinate ``axis`` is at least ``bound``.

    >>> clip([(0, 0), (4, 0), (0, 4)], 0, 1.0)
    [(1.0, 0.0), (4, 0), (1.0, 3.0)]
    >>> clip([(0, 0), (2, 2)], 1, 1), clip([(0, 0)], 0, 1)
    ([(Fraction(1, 1), 1), (2, 2)], [])
    """
    n = len(polygon)
    if n == 0:
        return []
    inside = [p[axis] >= bound - eps for p in polygon]
    if all(inside):
        return list(polygon)
    if not any(inside):
        return []
    out: list[Point] = []
    for k in range(n):
        p, q = polygon[k], polygon[(k + 1) % n]
        if inside[k]:
            out.append(p)
        if inside[k] != inside[(k + 1) % n]:
            num, den = bound - p[axis], q[axis] - p[axis]
            t = Fraction(num, den) if isinstance(num, int) and isinstance(den, int) else num / den
            x = p[0] + t * (q[0] - p[0])
            y = p[1] + t * (q[1] - p[1])
            point = (bound, y) if axis == 0 else (x, bound)
            out.append(point)
    # clipping a convex polygon keeps it convex and in order: drop repeated points only
    kept = [out[0]]
    for p in out[1:]:
        q = kept[-1]
        if abs(p[0] - q[0]) > eps or abs(p[1] - q[1]) > eps:
            kept.append(p)
    if (
        len(kept) > 1
        and abs(kept[0][0] - kept[-1][0]) <= eps
        and abs(kept[0][1] - kept[-1][1]) <= eps
    ):
        kept.pop()
    return kept


def point_distance(p: Point, polygon: Sequence[Point]) -> float:
    """Euclidean distance from a point to a convex set (0 inside)."""
    n = len(polygon)
    if n == 0:
        return math.inf
    if n == 1:
        return math.hypot(p[0] - polygon[0][0], p[1] - polygon[0][1])
    if n >= 3 and all(cross(polygon[k], polygon[(k + 1) % n], p) >= 0 for k in range(n)):
        return 0.0
    edges = range(n) if n >= 3 else range(1)
    return min(_segment_distance(p, polygon[k], polygon[(k + 1) % n]) for k in edges)


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = (
        0.0
        if length2 == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    )
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def hausdorff(first: Sequence[Point], second: Sequence[Point]) -> float:
    """Hausdorff distance between two convex sets (attained at a vertex of one of them)."""
    if not first or not second:
        return 0.0 if not first and not second else math.inf
    a = max(point_distance(p, second) for p in first)
    b = max(point_distance(p, first) for p in second)
    return max(a, b)


def area(polygon: Sequence[Point]) -> Any:
    """Area of a counter-clockwise convex polygon (0 for points and segments)."""
    n = len(polygon)
    if n < 3:
        return 0
    total = sum(
        polygon[k][0] * polygon[(k + 1) % n][1] - polygon[(k + 1) % n][0] * polygon[k][1]
        for k in range(n)
    )
    return total / 2


def contains(polygon: Sequence[Point], p: Point, eps: float = 0.0) -> bool:
    """Whether a point lies in a convex set (within ``eps`` for floats)."""
    if not polygon:
        return False
    if eps <= 0:
        n = len(polygon)
        if n == 1:
            return bool(tuple(p) == tuple(polygon[0]))
        if n == 2:
            a, b = polygon
            return bool(
                cross(a, b, p) == 0
                and min(a[0], b[0]) <= p[0] <= max(a[0], b[0])
                and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])
            )
        return all(cross(polygon[k], polygon[(k + 1) % n], p) >= 0 for k in range(n))
    return point_distance(p, polygon) <= eps


def clip_box(polygon: Sequence[Point], floor: Sequence[Any], eps: float = 0.0) -> list[Point]:
    """The part of a convex set where each coordinate is at least ``floor`` (both axes).

    >>> clip_box([(0, 0), (4, 0), (0, 4)], (1, 1))
    [(Fraction(3, 1), 1), (1, Fraction(3, 1)), (Fraction(1, 1), 1)]
    """
    out = list(polygon)
    for axis in (0, 1):
        out = clip(out, axis, floor[axis], eps)
    return out


def convex_hull(points: Iterable[Sequence[Any]]) -> list[ExactPoint]:
    """Exact vertices of the convex hull, counter-clockwise from the lowest-leftmost point.

    Coordinates are read exactly (:func:`negotiation.game.to_fraction`); collinear points
    on edges are dropped. A single point or a segment gives one or two vertices.

    >>> convex_hull([(0, 0), (1, 0), (0, 1), (1, 1), (Fraction(1, 2), Fraction(1, 2))])
    [(Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1))]
    """
    return hull({(to_fraction(p[0]), to_fraction(p[1])) for p in points})


def pareto_frontier(points: Iterable[Sequence[Any]]) -> list[ExactPoint]:
    """Vertices of the (strong) Pareto frontier of the convex hull of ``points``.

    Ordered by the first player's payoff increasing (so the second player's decreases):
    from the best deal for player 2 (ties broken by player 1's payoff) to the best deal
    for player 1. Between consecutive vertices the frontier is a straight segment; no
    segment is horizontal or vertical, so every point on it is strongly Pareto-optimal.

    >>> pareto_frontier([(0, 0), (3, 1), (1, 3), (2, 2), (0, 2)])
    [(Fraction(1, 1), Fraction(3, 1)), (Fraction(3, 1), Fraction(1, 1))]
    """
    vertices = convex_hull(points)
    if not vertices:
        raise GameError("the feasible set needs at least one payoff point")
    if len(vertices) == 1:
        return vertices
    # start: maximal u2, then maximal u1; end: maximal u1, then maximal u2
    top = max(vertices, key=lambda p: (p[1], p[0]))
    right = max(vertices, key=lambda p: (p[0], p[1]))
    if top == right:
        return [top]
    # walk clockwise (backwards through the counter-clockwise list) from top to right
    n = len(vertices)
    i = vertices.index(top)
    chain = [top]
    while vertices[i] != right:
        i = (i - 1) % n
        chain.append(vertices[i])
    return chain
