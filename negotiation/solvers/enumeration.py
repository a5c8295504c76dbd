"""All extreme Nash equilibria of a two-player game, exact, with their convex components.

Method (vertex enumeration of the best-response polytopes, von Stengel 2007,
"Equilibrium computation for two-player games in strategic and extensive form",
ch. 3 of *Algorithmic Game Theory*, §3.5; Avis, Rosenberg, Savani and von Stengel 2010,
"Enumeration of Nash equilibria for two-player games", *Economic Theory* 42):

1. Make the payoff matrices ``A`` (row player) and ``B`` (column player) integer and
   positive by a positive affine map per player (LCM of denominators, then a shift);
   this changes no best response.
2. The best-response polytopes are ``P = {x >= 0 : Bᵀx <= 1}`` and
   ``Q = {y >= 0 : Ay <= 1}``. A point carries label ``i`` (a row) when ``x_i = 0`` in
   ``P`` or ``(Ay)_i = 1`` in ``Q``, and label ``m + j`` (a column) when ``(Bᵀx)_j = 1``
   or ``y_j = 0``. A vertex pair ``(x, y) != (0, 0)`` whose labels cover all ``m + n``
   moves is, rescaled to probabilities, an *extreme* equilibrium; every equilibrium is a
   convex combination inside a maximal Nash subset of those.
3. **Propose in floating point.** Vertices are enumerated with fast float arithmetic on
   a rescaled copy of each polytope (every coordinate and every constraint scaled to
   unit size, so payoffs spanning many orders of magnitude stay well conditioned): for
   small polytopes by solving every square subsystem of constraints in one batched
   NumPy call, otherwise as the facets of the polar polytope with Qhull
   (``scipy.spatial.ConvexHull``; the approach of QuantEcon's ``vertex_enumeration``).
   Each vertex gets the labels of *all* constraints within a generous tolerance — in a
   degenerate game a vertex has more labels than dimensions, and a vertex pair is
   matched when the *union* of labels is complete, not when they are complementary.
4. **Decide exactly.** Every vertex in a candidate pair is re-derived from its tight
   constraints with fraction-free integer elimination, its labels and feasibility are
   recomputed with integers, and the pairs are matched again exactly. Each resulting
   profile is finally checked for zero regret with :func:`~negotiation.solvers.verify.verify`.
5. **Components.** Extreme equilibria form a bipartite graph (row vertex — column
   vertex); its maximal bicliques are the maximal Nash subsets (convex sets of
   equilibria), and subsets sharing a row and a column vertex lie in one connected
   component.

Floating point can only *propose* candidates; the tolerance in step 3 errs on the side
of too many labels, and anything too many is removed in step 4.

Bounded: before step 3 the number of vertices is bounded by McMullen's upper bound theorem
(:mod:`negotiation.solvers.budget`); past :data:`~negotiation.solvers.budget.MAX_VERTICES`
the enumeration refuses, in one line, unless ``max_seconds`` is given — then it reports the
equilibria a timed search finds (:mod:`negotiation.solvers.search`), marked incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers.budget import (
    MAX_VERTICES,
    Deadline,
    check_max_seconds,
    enumeration_cost,
    progress,
)
from negotiation.solvers.components import connected_subsets, maximal_bicliques
from negotiation.solvers.polytopes import (
    Polytope,
    polytopes,
)
from negotiation.solvers.result import Equilibrium, EquilibriumSet, NashSubset
from negotiation.solvers.scaling import (
    needs_scaling,
    scaled_game,
)
from negotiation.solvers.search import timed_search
from negotiation.solvers.verify import BimatrixCheck

__all__ = [
    "PolytopeVertex",
    "best_response_polytope_vertices",
    "enumerate_equilibria",
    "is_degenerate",
    "maximal_bicliques",
]


@dataclass(frozen=True)
class PolytopeVertex:
    """An exact vertex of a best-response polytope and its set of labels."""

    point: tuple[Fraction, ...]
    labels: frozenset[int]


def _bits(tight: np.ndarray) -> np.ndarray:
    k = tight.shape[1]
    weights = np.left_shift(np.uint64(1), np.arange(k, dtype=np.uint64))
    return (tight.astype(np.uint64) * weights[None, :]).sum(axis=1, dtype=np.uint64)


def _dedupe(points: np.ndarray, bases: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    if len(points) == 0:
        return points, bases
    scale = 1e9 / max(1e-300, float(np.abs(points).max()))
    rounded = np.ascontiguousarray(np.round(points * scale).astype(np.int64))
    rows = rounded.view(np.dtype((np.void, rounded.dtype.itemsize * rounded.shape[1])))
    _, first = np.unique(rows.ravel(), return_index=True)
    first.sort()
    return points[first], None if bases is None else bases[first]


def _candidate_pairs(
    tight_x: np.ndarray, tight_y: np.ndarray, m: int, n: int
) -> list[tuple[int, int]]:
    """Index pairs whose float label sets together cover all ``m + n`` labels."""
    k = m + n
    if k > 63:  # no 64-bit masks: count labels missing on both sides with a matrix product
        missing = (~tight_x).astype(np.float32) @ (~tight_y).astype(np.float32).T
        return [(int(i), int(j)) for i, j in np.argwhere(missing == 0)]
    full = np.uint64((1 << k) - 1)
    bx, by = _bits(tight_x), _bits(tight_y)
    need = full & ~bx
    count_x, count_y = tight_x.sum(axis=1), tight_y.sum(axis=1)
    pairs: set[tuple[int, int]] = set()
    simple_y = np.flatnonzero(count_y == n)
    other_y = np.flatnonzero(count_y != n)
    simple_x = np.flatnonzero(count_x == m)
    other_x = np.flatnonzero(count_x != m)
    # simple x, simple y: labels complementary, found by binary search
    order = simple_y[np.argsort(by[simple_y], kind="stable")]
    sorted_bits = by[order]
    lo = np.searchsorted(sorted_bits, need[simple_x], side="left")
    hi = np.searchsorted(sorted_bits, need[simple_x], side="right")
    for i, a, b in zip(simple_x[hi > lo], lo[hi > lo], hi[hi > lo], strict=True):
        pairs.update((int(i), int(j)) for j in order[a:b])
    # anything involving a vertex with extra (or missing) labels: superset tests
    for j in other_y:
        pairs.update((int(i), int(j)) for i in np.flatnonzero((bx | by[j]) == full))
    for i in other_x:
        pairs.update((int(i), int(j)) for j in np.flatnonzero((bx[i] | by) == full))
    return sorted(pairs)


def _exact_side(
    poly: Polytope,
    points: np.ndarray,
    bases: np.ndarray | None,
    tight: np.ndarray,
    indices: set[int],
    notes: list[str],
    side: str,
    deadline: Deadline,
) -> set[tuple[tuple[int, ...], int, int]]:
    """Exact vertices (other than the origin) behind the float candidates ``indices``."""
    out: set[tuple[tuple[int, ...], int, int]] = set()
    failed = 0
    bar = progress(len(indices), f"exact vertices ({side} polytope)", unit="vertex")
    for count, i in enumerate(sorted(indices)):
        bar.update(1)
        if count % 64 == 0 and deadline.expired():
            notes.append(
                f"INCOMPLETE: stopped after {deadline.max_seconds:g} s while re-deriving the "
                f"{side} polytope's vertices exactly ({count} of {len(indices)} done); "
                "give a larger --max-seconds for the complete list"
            )
            break
        basis = None if bases is None else bases[i]
        found = poly.exact_vertices(points[i], basis, tight[i])
        if found is None:
            failed += 1
            continue
        out.update(v for v in found if any(v[0]))
    bar.close()
    if failed:
        notes.append(
            f"WARNING: {failed} float candidate vertex/vertices of the {side} polytope could "
            "not be re-derived exactly and were discarded; the list may be incomplete"
        )
    return out


def enumerate_equilibria(
    game: Game, *, max_seconds: float | None = None, max_vertices: int = MAX_VERTICES
) -> EquilibriumSet:
    """Every extreme Nash equilibrium of a two-player game, exactly, with components.

    Parameters
    ----------
    game
        A two-player game (any payoffs, including ties and 1×n games).
    max_seconds
        Stop after about this many seconds with the equilibria found so far, marked
        ``complete=False`` (checked between steps; vertex enumeration itself is bounded
        by ``max_vertices``). Also allows a timed search on games past the size budget.
    max_vertices
        The size budget: the largest McMullen bound on either best-response polytope's
        vertices that is enumerated (:data:`~negotiation.solvers.budget.MAX_VERTICES`).
        Past it, :class:`~negotiation.errors.SolverError` unless ``max_seconds`` is given.

    Returns
    -------
    EquilibriumSet
        Method ``"all"``. ``equilibria`` are the extreme equilibria (vertex pairs of the
        best-response polytopes) in a canonical order, each verified exactly;
        ``components`` are the maximal Nash subsets (every pairing of their extreme
        strategies is an equilibrium, and so is every convex combination), and
        ``connected`` groups the subsets that intersect.

    Notes
    -----
    The algorithm is described in the module docstring. In a *non-degenerate* game
    (no mixed strategy with ``k`` moves in its support has more than ``k`` pure best
    responses) every component is a single point and the number of equilibria is odd
    (Lemke and Howson 1964).

    Examples
    --------
    The 3×2 game of von Stengel (2007), *Algorithmic Game Theory* ch. 3, Figure 3.3
    (also QuantEcon's example) has three equilibria:

    >>> g = Game.from_matrices([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> for eq in enumerate_equilibria(g):
    ...     print(eq)
    Row: r1; Column: c1 -> payoffs 3, 3
    Row: 4/5 r1 + 1/5 r2; Column: 2/3 c1 + 1/3 c2 -> payoffs 3, 2.8
    Row: 1/3 r2 + 2/3 r3; Column: 1/3 c1 + 2/3 c2 -> payoffs 4, 8/3

    A degenerate game: the column player is always indifferent, so equilibria form a
    continuum — three segments (maximal Nash subsets) joined into one connected piece:

    >>> g = Game.from_matrices([[1, 0], [0, 1]], [[1, 1], [0, 0]])
    >>> result = enumerate_equilibria(g)
    >>> len(result.equilibria), len(result.components), result.connected
    (4, 3, ((0, 1, 2),))
    >>> for subset in result.components:
    ...     print(subset.describe(g))
    Row: r1 | Column: any mix of [c1] and [1/2 c1 + 1/2 c2]
    Row: any mix of [r1] and [r2] | Column: 1/2 c1 + 1/2 c2
    Row: r2 | Column: any mix of [1/2 c1 + 1/2 c2] and [c2]
    """
    game._require_two_players()
    seconds = check_max_seconds(max_seconds)
    deadline = Deadline(seconds)
    m, n = game.shape
    bound = enumeration_cost(m, n)
    if bound > max_vertices:
        why = (
            f"the best-response polytopes of this {m}×{n} game may have up to {bound:,} "
            f"vertices (McMullen's upper bound), past the budget of {max_vertices:,} for "
            "exact enumeration"
        )
        if seconds is None:
            raise SolverError(
                f"{why}; use --method lemke-howson (some equilibria, exact), --max-seconds S "
                "(the equilibria found in S seconds, marked incomplete) or a smaller game"
            )

        return timed_search(game, deadline, f"exact enumeration skipped: {why}")
    if needs_scaling(game):  # the polytopes are rescaled; refuse what no scaling holds
        scaled_game(game, "all")
    poly_p, poly_q = polytopes(game)
    xs, xb = _dedupe(*poly_p.float_vertices())
    ys, yb = _dedupe(*poly_q.float_vertices())
    tight_x, tight_y = poly_p.float_labels(xs, xb), poly_q.float_labels(ys, yb)
    # the origin of each polytope (the artificial equilibrium) is dropped after the exact
    # re-derivation: in float, tiny vertices of badly scaled games can look like it
    pairs = _candidate_pairs(tight_x, tight_y, m, n)

    notes: list[str] = []
    ex = _exact_side(
        poly_p, xs, xb, tight_x, {i for i, _ in pairs}, notes, "row player's", deadline
    )
    ey = _exact_side(
        poly_q, ys, yb, tight_y, {j for _, j in pairs}, notes, "column player's", deadline
    )

    # exact vertices, deduplicated; as strategies (num / sum(num)), in a canonical order
    def strategies(found: set[tuple[tuple[int, ...], int, int]]) -> list[_Vertex]:
        distinct = {(num, bits) for num, _, bits in found}
        out = [_Vertex(num, bits) for num, bits in distinct]
        return sorted(out, key=lambda v: v.strategy, reverse=True)

    x_vertices, y_vertices = strategies(ex), strategies(ey)
    full = (1 << (m + n)) - 1
    edges = {
        (a, b)
        for a, vx in enumerate(x_vertices)
        for b, vy in enumerate(y_vertices)
        if vx.bits | vy.bits == full
    }
    ordered = sorted(edges)
    index_of = {e: k for k, e in enumerate(ordered)}
    check = BimatrixCheck(game)
    equilibria = []
    for a, b in ordered:
        vx, vy = x_vertices[a], y_vertices[b]
        if not check.is_equilibrium_int(vx.num, vx.total, vy.num, vy.total):
            raise SolverError(
                "enumeration: a computed profile failed the exact equilibrium check and was "
                "not reported; please file a bug with the payoff file"
            )
        payoffs = check.payoffs_int(vx.num, vx.total, vy.num, vy.total)
        equilibria.append(
            Equilibrium(game.players, game.moves, (vx.strategy, vy.strategy), payoffs)
        )
    x_strats = [v.strategy for v in x_vertices]
    y_strats = [v.strategy for v in y_vertices]
    bicliques = maximal_bicliques(edges)
    bicliques.sort(key=lambda lr: min(index_of[(a, b)] for a in lr[0] for b in lr[1]))
    subsets = [
        NashSubset(
            strategies=(tuple(x_strats[a] for a in left), tuple(y_strats[b] for b in right)),
            equilibria=tuple(sorted(index_of[(a, b)] for a in left for b in right)),
        )
        for left, right in bicliques
    ]
    connected = connected_subsets(bicliques)
    degenerate = any(bin(v.bits).count("1") > m for v in x_vertices) or any(
        bin(v.bits).count("1") > n for v in y_vertices
    )
    if degenerate:
        notes.append(
            "degenerate game: some equilibrium strategy has more best responses than moves "
            "in its support; equilibria may form continua (see components)"
        )
    if any(not s.is_singleton for s in subsets):
        notes.append(
            "some components are not single points: every mixture of a component's "
            "extreme strategies (for each player independently) is also an equilibrium"
        )
    return EquilibriumSet(
        game,
        "all",
        tuple(equilibria),
        components=tuple(subsets),
        connected=connected,
        complete=not any(note.startswith(("WARNING", "INCOMPLETE")) for note in notes),
        notes=tuple(notes),
        details={"vertices": {"row": len(xs), "column": len(ys)}, "degenerate": degenerate},
    )


class _Vertex:
    """An exact polytope vertex ``num / den`` with its label bits, seen as a strategy."""

    __slots__ = ("bits", "num", "strategy", "total")

    def __init__(self, num: tuple[int, ...], bits: int) -> None:
        self.bits = bits
        self.num = np.empty(len(num), dtype=object)
        self.num[:] = num
        self.total = sum(num)
        self.strategy = tuple(Fraction(v, self.total) for v in num)


def best_response_polytope_vertices(game: Game, player: int | str) -> list[PolytopeVertex]:
    """Exact vertices of a player's best-response polytope with their labels.

    Player 0's polytope is ``P = {x >= 0 : Bᵀx <= 1}`` and player 1's is
    ``Q = {y >= 0 : Ay <= 1}`` after ``A`` and ``B`` are made integer and positive (so
    coordinates depend on that scaling). Labels ``0..m-1`` are the row player's moves,
    ``m..m+n-1`` the column player's.

    >>> g = Game.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> [sorted(v.labels) for v in best_response_polytope_vertices(g, 0)]
    [[0, 1], [0, 3], [1, 2], [2, 3]]
    """
    game._require_two_players()
    i = game.player_index(player)
    poly = polytopes(game)[i]
    pts, bases = _dedupe(*poly.float_vertices())
    tight = poly.float_labels(pts, bases)
    found: dict[tuple[Fraction, ...], int] = {}
    for k in range(len(pts)):
        result = poly.exact_vertices(pts[k], None if bases is None else bases[k], tight[k])
        if result is None:
            raise SolverError("too many nearly tied constraints to re-derive the vertices exactly")
        for num, den, bits in result:
            found[tuple(Fraction(v, den) for v in num)] = bits
    vertices = [
        PolytopeVertex(p, frozenset(r for r in range(poly.k) if bits >> r & 1))
        for p, bits in found.items()
    ]
    return sorted(vertices, key=lambda v: (sum(v.point), v.point))


def is_degenerate(game: Game) -> bool:
    """True when some vertex of a best-response polytope has too many labels.

    Equivalently (von Stengel 2007, Definition 3.2 and Theorem 3.6): some mixed strategy
    with support size ``k`` has more than ``k`` pure best responses.

    >>> is_degenerate(Game.from_matrices([[1, 0], [0, 1]], [[1, 0], [0, 1]]))
    False
    >>> is_degenerate(Game.from_matrices([[1, 0], [0, 1]], [[1, 1], [0, 0]]))
    True
    """
    game._require_two_players()
    m, n = game.shape
    return any(
        len(v.labels) > dim
        for player, dim in ((0, m), (1, n))
        for v in best_response_polytope_vertices(game, player)
    )
