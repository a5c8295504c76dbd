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
from itertools import combinations
from math import comb, gcd

import numpy as np

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers._exact import integer_scaled, solve_integer
from negotiation.solvers.budget import (
    MAX_VERTICES,
    Deadline,
    check_max_seconds,
    enumeration_cost,
    progress,
)
from negotiation.solvers.components import connected_subsets, maximal_bicliques
from negotiation.solvers.result import Equilibrium, EquilibriumSet, NashSubset
from negotiation.solvers.scaling import (
    EXACT_METHODS,
    FloatRangeError,
    is_float_safe,
    needs_scaling,
    row_scaled_floats,
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

#: up to this many square subsystems, vertices are found by solving them all at once
BRUTE_FORCE_LIMIT = 500
#: most square subsystems tried when re-deriving a cluster of nearby vertices
CLUSTER_LIMIT = 20000
#: relative tolerance under which a float slack counts as a (candidate) label
LABEL_TOL = 1e-9


@dataclass(frozen=True)
class PolytopeVertex:
    """An exact vertex of a best-response polytope and its set of labels."""

    point: tuple[Fraction, ...]
    labels: frozenset[int]


# --------------------------------------------------------------------------- polytopes
class _Polytope:
    """``{z : G z <= h}`` with integer ``G``, ``h`` (object arrays) and float copies."""

    def __init__(self, rows: np.ndarray, rhs: np.ndarray) -> None:
        self.G = rows  # object ints, shape (k, d)
        self.h = rhs
        self.k, self.d = rows.shape
        # Floats are used on a rescaled copy: coordinates z = c * x with c_j the largest
        # coefficient of x_j, and every row divided by its largest entry. The polytope is
        # the same up to this diagonal map, and payoffs spanning many orders of magnitude
        # no longer make Qhull's facets nearly parallel. Labels are row indices, unchanged.
        if is_float_safe(rows):
            gf = rows.astype(float)
            col = np.abs(gf).max(axis=0)
            col[col == 0] = 1.0
            gf = gf / col[None, :]
            row = np.abs(gf).max(axis=1)
            row[row == 0] = 1.0
            self.col = col
            self.Gi: np.ndarray | None = rows.astype(float)  # unscaled (integers)
            self.Gf = gf / row[:, None]
            self.hf = rhs.astype(float) / row
        else:  # integers beyond float range: the same two scalings, by exact powers of two
            self.Gf, exps = row_scaled_floats(rows, "the best-response polytope", columns=True)
            self.Gi = None
            try:
                self.hf = np.array(
                    [
                        float(Fraction(int(v)) / Fraction(2) ** int(e))
                        for v, e in zip(rhs, exps, strict=True)
                    ]
                )
            except OverflowError as exc:
                raise FloatRangeError(
                    "the best-response polytope is beyond the floating-point range after "
                    f"rescaling; use an exact method ({EXACT_METHODS})"
                ) from exc
        positive = self.hf > 0
        sums = self.Gf.sum(axis=1)
        t = float(np.min(self.hf[positive] / (2.0 * np.maximum(sums[positive], 1e-300))))
        self.interior = np.full(self.d, t)
        # rows of the form -z_c <= 0 fix a coordinate to zero when tight
        self.unit_coord = np.full(self.k, -1, dtype=np.intp)
        for r in range(self.k):
            nz = [c for c in range(self.d) if rows[r, c] != 0]
            if len(nz) == 1 and rows[r, nz[0]] == -1 and rhs[r] == 0:
                self.unit_coord[r] = nz[0]

    def float_vertices(self) -> tuple[np.ndarray, np.ndarray | None]:
        """Float vertices (N × d) and, when known, a basis of ``d`` rows for each."""
        if comb(self.k, self.d) <= BRUTE_FORCE_LIMIT or self.d == 1:
            return self._brute_force()
        try:
            return self._qhull()
        except MemoryError as exc:
            raise SolverError(
                "vertex enumeration ran out of memory; use --method lemke-howson or "
                "--max-seconds with a smaller budget, or a smaller game"
            ) from exc
        except Exception as exc:  # scipy.spatial.QhullError and numerical failures
            if comb(self.k, self.d) <= 50 * BRUTE_FORCE_LIMIT:
                return self._brute_force()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise SolverError(
                f"vertex enumeration failed in Qhull ({first[:120]}); try --method lemke-howson"
            ) from exc

    def _brute_force(self) -> tuple[np.ndarray, np.ndarray | None]:
        subsets = np.array(list(combinations(range(self.k), self.d)), dtype=np.intp)
        if self.Gi is not None:
            mats = self.Gi[subsets]  # (S, d, d) integer matrices: a nonzero det is >= 1
            dets = np.linalg.det(mats)
            bound = np.prod(np.linalg.norm(mats, axis=2), axis=1)  # Hadamard bound on |det|
            # while the Hadamard bound is moderate the float error in det is far below 0.5;
            # beyond it keep every subsystem not exactly singular (exact re-derivation decides)
            ok = np.where(bound <= 1e12, np.abs(dets) > 0.5, dets != 0)
        else:  # huge integers: keep every subsystem not singular in the rescaled floats
            ok = np.linalg.det(self.Gf[subsets]) != 0
        subsets = subsets[ok]
        mats, rhs = self.Gf[subsets], self.hf[subsets]  # solve in the rescaled coordinates
        try:
            points = np.linalg.solve(mats, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:
            points = np.array(
                [np.linalg.lstsq(a, b, rcond=None)[0] for a, b in zip(mats, rhs, strict=True)]
            ).reshape(-1, self.d)
        slack = self.hf[None, :] - points @ self.Gf.T
        feasible = np.all(slack >= -self._tolerance(points)[None, :], axis=1)
        return points[feasible], subsets[feasible]

    def _qhull(self) -> tuple[np.ndarray, np.ndarray | None]:
        from scipy.spatial import ConvexHull

        z0 = self.interior
        gap = self.hf - self.Gf @ z0  # > 0 at an interior point
        points = self.Gf / gap[:, None]
        hull = ConvexHull(points)
        eq = hull.equations
        with np.errstate(divide="ignore", invalid="ignore"):
            w = -eq[:, :-1] / eq[:, -1:]
        good = np.all(np.isfinite(w), axis=1)
        return w[good] + z0, np.asarray(hull.simplices)[good]

    def _tolerance(self, points: np.ndarray) -> np.ndarray:
        size = max(1.0, float(np.abs(points).max())) if points.size else 1.0
        return LABEL_TOL * (np.abs(self.hf) + np.abs(self.Gf).sum(axis=1) * size)

    def float_labels(self, points: np.ndarray, bases: np.ndarray | None = None) -> np.ndarray:
        """Rows tight within tolerance, plus the rows each vertex was computed from."""
        slack = self.hf[None, :] - points @ self.Gf.T
        tight = np.abs(slack) <= self._tolerance(points)[None, :]
        if bases is not None and len(bases):
            tight[np.arange(len(points))[:, None], bases] = True
        return tight

    def exact_vertices(
        self, point: np.ndarray, basis: np.ndarray | None, tight: np.ndarray
    ) -> list[tuple[tuple[int, ...], int, int]] | None:
        """Re-derive a float vertex exactly.

        Returns a list of ``(numerators, denominator, label bits)``, each vertex equal to
        ``numerators / denominator`` in lowest terms. Usually one vertex; several when
        the float vertex stands for a cluster of exact vertices closer together than the
        float tolerance (nearly tied payoffs): then every feasible vertex spanned by the
        float-tight constraints is returned. ``None`` when there are too many subsets of
        constraints to try.
        """
        tight_rows = [int(r) for r in np.flatnonzero(tight)]
        attempts: list[list[int]] = []
        if basis is not None:
            attempts.append([int(r) for r in basis])
        attempts.append(tight_rows)
        if len(tight_rows) > self.d:
            slack = np.abs(self.hf[tight_rows] - self.Gf[tight_rows] @ point)
            order = [tight_rows[i] for i in np.argsort(slack, kind="stable")]
            attempts.append(self._independent_rows(order))
        for rows in attempts:
            found = self._exact_from_rows(rows)
            if found is not None:
                exact_tight = [r for r in range(self.k) if found[2] >> r & 1]
                if set(tight_rows) <= set(exact_tight):
                    return [found]  # every float label is exact: no cluster
                break
        # a cluster of nearby vertices (or a failed re-derivation): try every basis
        if comb(len(tight_rows), self.d) > CLUSTER_LIMIT:
            return None
        out: dict[tuple[int, ...], tuple[tuple[int, ...], int, int]] = {}
        for subset in combinations(tight_rows, self.d):
            found = self._exact_from_rows(list(subset))
            if found is not None:
                out[found[0]] = found
        return list(out.values())

    def _exact_from_rows(self, rows: list[int]) -> tuple[tuple[int, ...], int, int] | None:
        if len(rows) < self.d:
            return None
        solved = self._solve_rows(rows)
        if solved is None:
            return None
        num, den = solved
        slack = self.h * den - self.G.dot(num)
        if any(v < 0 for v in slack):
            return None
        bits = sum(1 << r for r in np.flatnonzero(slack == 0).tolist())
        g = gcd(den, *num.tolist())
        return tuple(int(v) // g for v in num), den // g, bits

    def _solve_rows(self, rows: list[int]) -> tuple[np.ndarray, int] | None:
        """Solve ``G[rows] z = h[rows]``, eliminating coordinates fixed at zero first."""
        zero = {int(self.unit_coord[r]) for r in rows if self.unit_coord[r] >= 0}
        free = [c for c in range(self.d) if c not in zero]
        other = [r for r in rows if self.unit_coord[r] < 0]
        num = np.empty(self.d, dtype=object)
        num[:] = 0
        if not free:
            return num, 1
        solved = solve_integer(self.G[np.ix_(other, free)], self.h[other])
        if solved is None:
            return None
        num[free] = solved[0]
        return num, solved[1]

    def _independent_rows(self, order: list[int]) -> list[int]:
        chosen: list[int] = []
        for r in order:
            trial = [*chosen, r]
            if np.linalg.matrix_rank(self.Gf[trial]) == len(trial):
                chosen = trial
            if len(chosen) == self.d:
                break
        return chosen


def _positive(matrix: np.ndarray) -> np.ndarray:
    """Integers with the same best responses, all positive (the smallest 1).

    When the integers are beyond float range the shift is instead about 1/1024 of their
    range, so no row of a polytope spans more orders of magnitude than the payoffs do.
    """
    ints = integer_scaled(matrix, positive=True)
    if is_float_safe(ints):
        return ints
    flat = integer_scaled(matrix)
    low, high = min(flat.flat), max(flat.flat)
    shift = -low + max(1, (high - low) >> 10)
    out = np.empty(flat.shape, dtype=object)
    for index, v in np.ndenumerate(flat):
        out[index] = v + shift
    return out


def _polytopes(game: Game) -> tuple[_Polytope, _Polytope]:
    a_exact, b_exact = game.matrices(exact=True)
    a = _positive(a_exact)
    b = _positive(b_exact)
    m, n = a.shape
    eye_m = np.array([[-int(i == j) for j in range(m)] for i in range(m)], dtype=object)
    eye_n = np.array([[-int(i == j) for j in range(n)] for i in range(n)], dtype=object)
    ones_m = np.array([1] * m, dtype=object)
    ones_n = np.array([1] * n, dtype=object)
    zeros_m = np.array([0] * m, dtype=object)
    zeros_n = np.array([0] * n, dtype=object)
    # P: labels 0..m-1 are x_i >= 0, labels m..m+n-1 are (B^T x)_j <= 1
    p_rows = np.concatenate([eye_m, b.T])
    p_rhs = np.concatenate([zeros_m, ones_n])
    # Q: labels 0..m-1 are (A y)_i <= 1, labels m..m+n-1 are y_j >= 0
    q_rows = np.concatenate([a, eye_n])
    q_rhs = np.concatenate([ones_m, zeros_n])
    return _Polytope(p_rows, p_rhs), _Polytope(q_rows, q_rhs)


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
    poly: _Polytope,
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
    poly_p, poly_q = _polytopes(game)
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
    poly = _polytopes(game)[i]
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
