"""The one polygon kit: exact hulls, frontiers, clipping and areas, checked by properties."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import geometry

points = st.lists(st.tuples(st.integers(-20, 20), st.integers(-20, 20)), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(points)
def test_the_hull_contains_every_point_and_is_convex(pts):
    hull = geometry.convex_hull(pts)
    assert all(isinstance(c, Fraction) for p in hull for c in p)
    for p in pts:
        assert geometry.contains(hull, (Fraction(p[0]), Fraction(p[1])))
    n = len(hull)
    if n >= 3:  # strictly convex, counter-clockwise: every turn is a left turn
        assert all(
            geometry.cross(hull[k], hull[(k + 1) % n], hull[(k + 2) % n]) > 0 for k in range(n)
        )
    assert set(hull) <= {(Fraction(x), Fraction(y)) for x, y in pts}


@settings(max_examples=80, deadline=None)
@given(points, st.integers(-20, 20), st.integers(-20, 20))
def test_clipping_keeps_exactly_the_part_above_the_floor(pts, fx, fy):
    hull = geometry.convex_hull(pts)
    clipped = geometry.clip_box(hull, (Fraction(fx), Fraction(fy)))
    assert all(p[0] >= fx and p[1] >= fy for p in clipped)
    assert geometry.area(clipped) <= geometry.area(hull)
    for p in pts:  # every original point above the floor stays inside
        if p[0] >= fx and p[1] >= fy:
            assert geometry.contains(clipped, (Fraction(p[0]), Fraction(p[1])))


def test_area_and_frontier_of_the_prisoners_dilemma():
    # Osborne & Rubinstein (1994), Fig. 146.1: the hull of (3,3), (0,5), (5,0), (1,1)
    cells = [(3, 3), (0, 5), (5, 0), (1, 1)]
    hull = geometry.convex_hull(cells)
    # shoelace by hand: (1,1),(5,0),(3,3),(0,5) -> |(0-5) + (15-0) + (15-0) + (0-5)| / 2 = 10
    assert geometry.area(hull) == 10
    assert geometry.pareto_frontier(cells) == [(0, 5), (3, 3), (5, 0)]
