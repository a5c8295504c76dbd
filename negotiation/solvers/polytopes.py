"""Best-response polytopes of a bimatrix game, with their vertices and labels.

Player 1's polytope is ``P = {x ≥ 0 : B^T x ≤ 1}`` and player 2's ``Q = {y ≥ 0 : A y ≤
1}`` (payoffs first made positive); a vertex's labels are the tight inequalities. Vertex
enumeration (Qhull's convex hull of the polar, with an exact re-check) gives the points
:func:`negotiation.solvers.enumeration.enumerate_equilibria` pairs up — the method of
Avis, Rosenberg, Savani & von Stengel (2010), *Economic Theory* 42, and von Stengel's
chapter 3 of *Algorithmic Game Theory* (2007).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb, gcd

import numpy as np

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers._exact import integer_scaled, solve_integer
from negotiation.solvers.scaling import (
    EXACT_METHODS,
    FloatRangeError,
    is_float_safe,
    row_scaled_floats,
)

__all__ = [
    "BRUTE_FORCE_LIMIT",
    "CLUSTER_LIMIT",
    "LABEL_TOL",
    "Polytope",
    "polytopes",
    "positive_matrix",
]

#: up to this many square subsystems, vertices are found by solving them all at once
BRUTE_FORCE_LIMIT = 500
#: most square subsystems tried when re-deriving a cluster of nearby vertices
CLUSTER_LIMIT = 20000
#: relative tolerance under which a float slack counts as a (candidate) label
LABEL_TOL = 1e-9


# --------------------------------------------------------------------------- polytopes
class Polytope:
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


def positive_matrix(matrix: np.ndarray) -> np.ndarray:
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


def polytopes(game: Game) -> tuple[Polytope, Polytope]:
    a_exact, b_exact = game.matrices(exact=True)
    a = positive_matrix(a_exact)
    b = positive_matrix(b_exact)
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
    return Polytope(p_rows, p_rhs), Polytope(q_rows, q_rhs)
