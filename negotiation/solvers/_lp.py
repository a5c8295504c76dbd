"""Linear programs solved in floating point by HiGHS, then certified exactly (private).

SciPy's HiGHS dual simplex returns a *basic* solution. Its tight constraints determine
that vertex, so it can be recomputed with exact rational arithmetic; the same is done
for the dual solution from the reported marginals. The pair is then checked exactly:
primal feasible, dual feasible and equal objective values prove optimality (LP
duality). When any step fails the result says ``certified=False`` and the caller must
say so rather than print the float answer as if it were exact.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.errors import SolverError
from negotiation.solvers._exact import as_fraction_array, solve_integer, solve_rational
from negotiation.solvers.scaling import (
    EXACT_METHODS,
    SAFE_BITS,
    FloatRangeError,
    is_float_safe,
    row_scaled_floats,
)

if TYPE_CHECKING:
    from negotiation.solvers.budget import Deadline

__all__ = ["LPSolution", "solve_lp"]

_TOL = 1e-9


@dataclass(frozen=True)
class LPSolution:
    """Solution of ``min c·z`` (or max) subject to linear constraints.

    ``z`` and ``value`` are exact when ``certified`` is True; ``z_float`` and
    ``value_float`` are HiGHS's answer.
    """

    z: tuple[Fraction, ...] | None
    value: Fraction | None
    z_float: np.ndarray
    value_float: float
    certified: bool


def solve_lp(
    c: Any,
    a_ub: Any = None,
    b_ub: Any = None,
    a_eq: Any = None,
    b_eq: Any = None,
    *,
    free: Sequence[int] = (),
    maximize: bool = False,
    unless_below: float | None = None,
    deadline: Deadline | None = None,
    certify: bool = True,
) -> LPSolution | None:
    """Solve and certify an LP with variables ``z >= 0`` except those in ``free``.

    Coefficients may be exact (Fractions, ints). Returns ``None`` when the LP is
    infeasible; raises :class:`SolverError` when it is unbounded or HiGHS fails.

    ``unless_below`` (maximisation only) skips the exact certificate when HiGHS's optimum
    is below it: the caller only needs to know that the value is clearly too small (e.g.
    no mixture dominates a move), and the answer comes back ``certified=False`` with the
    float value. Callers use it to screen many LPs and certify only the ones that matter.
    ``deadline`` (a :class:`~negotiation.solvers.budget.Deadline`) stops the exact
    certificate once it has expired, and ``certify=False`` skips it: the answer is then
    HiGHS's floats, ``certified=False``.

    >>> sol = solve_lp([1, 1], a_ub=[[-1, -2], [-3, -1]], b_ub=[-2, -3])
    >>> sol.z, sol.value, sol.certified
    ((Fraction(4, 5), Fraction(3, 5)), Fraction(7, 5), True)
    """
    from scipy.optimize import linprog

    cq = as_fraction_array(c).ravel()
    nvar = len(cq)
    aub = (
        as_fraction_array(a_ub).reshape(-1, nvar)
        if a_ub is not None
        else np.zeros((0, nvar), object)
    )
    bub = as_fraction_array(b_ub).ravel() if b_ub is not None else np.zeros(0, object)
    aeq = (
        as_fraction_array(a_eq).reshape(-1, nvar)
        if a_eq is not None
        else np.zeros((0, nvar), object)
    )
    beq = as_fraction_array(b_eq).ravel() if b_eq is not None else np.zeros(0, object)
    sign = -1 if maximize else 1
    cmin = cq * sign
    freeset = set(free)
    bounds = [(None, None) if i in freeset else (0, None) for i in range(nvar)]

    def fl(arr: np.ndarray) -> np.ndarray | None:
        if not arr.size:
            return None
        if not is_float_safe(arr):
            raise FloatRangeError(
                "a linear program's coefficients are beyond the floating-point range; "
                f"rescale the payoffs or use an exact method ({EXACT_METHODS})"
            )
        return arr.astype(float)

    res = linprog(
        fl(cmin),
        A_ub=fl(aub),
        b_ub=fl(bub),
        A_eq=fl(aeq),
        b_eq=fl(beq),
        bounds=bounds,
        method="highs-ds",
    )
    if res.status == 2:
        return None
    if res.status != 0:
        raise SolverError(f"linear program failed: {res.message}")
    z_float = np.asarray(res.x, dtype=float)
    value_float = float(res.fun) * sign
    if not certify or (unless_below is not None and maximize and value_float < unless_below):
        return LPSolution(None, None, z_float, value_float, False)
    scale = 1.0 + float(np.abs(z_float).max(initial=0.0))

    u_float = np.asarray(res.ineqlin.marginals, dtype=float) if len(bub) else np.zeros(0)
    w_float = np.asarray(res.eqlin.marginals, dtype=float) if len(beq) else np.zeros(0)
    n_u, n_w = len(bub), len(beq)
    ndual = n_u + n_w
    at = np.concatenate([aub, aeq]).T if ndual else np.zeros((nvar, 0), object)  # nvar × ndual
    dual_guess = np.concatenate([u_float, w_float])
    reduced = cmin.astype(float) - at.astype(float) @ dual_guess if ndual else cmin.astype(float)
    dscale = 1.0 + float(np.abs(dual_guess).max(initial=0.0))
    slack = (bub.astype(float) - aub.astype(float) @ z_float) if len(bub) else np.zeros(0)
    nonfree = np.array([i not in freeset for i in range(nvar)], dtype=bool)

    # Candidate sets of tight constraints, from HiGHS's primal answer at several
    # tolerances and from complementary slackness with its dual answer. Each set gives
    # an exact candidate vertex; the first primal/dual pair that certifies wins.
    primal_sets: list[tuple[np.ndarray, np.ndarray]] = []  # (tight ub rows, zero variables)
    dual_sets: list[tuple[np.ndarray, np.ndarray]] = []  # (tight dual rows, zero u's)
    for tol in (1e-9, 1e-7, 1e-5):
        primal_sets.append(
            (np.abs(slack) <= tol * scale, nonfree & (np.abs(z_float) <= tol * scale))
        )
        dual_sets.append(
            (~nonfree | (np.abs(reduced) <= tol * dscale), np.abs(u_float) <= tol * dscale)
        )
    primal_sets.append(
        (np.abs(u_float) > 1e-9 * dscale, nonfree & (np.abs(reduced) > 1e-9 * dscale))
    )
    dual_sets.append((~nonfree | (z_float > 1e-7 * scale), slack > 1e-7 * scale))

    # candidates are derived lazily, in order: the first pair usually certifies, and each
    # derivation is an exact elimination as large as the LP
    def primal_gen() -> Iterator[list[Fraction]]:
        seen: list[list[Fraction]] = []
        for tight_rows, zero_vars in primal_sets:
            rows = [list(aub[k]) for k in np.flatnonzero(tight_rows)] + [list(r) for r in aeq]
            rhs = [bub[k] for k in np.flatnonzero(tight_rows)] + list(beq)
            for i in np.flatnonzero(zero_vars):
                rows.append([Fraction(int(i == j)) for j in range(nvar)])
                rhs.append(Fraction(0))
            z = solve_rational(rows, rhs) if rows else None
            if z is not None and z not in seen:
                seen.append(z)
                yield z
        yield [Fraction(float(v)).limit_denominator(10**6) for v in z_float]

    def dual_gen() -> Iterator[list[Fraction]]:
        if not ndual:
            yield []
            return
        seen: list[list[Fraction]] = []
        for tight_cols, zero_u in dual_sets:
            drows = [list(at[i]) for i in np.flatnonzero(tight_cols)]
            drhs = [cmin[i] for i in np.flatnonzero(tight_cols)]
            for k in np.flatnonzero(zero_u):
                drows.append([Fraction(int(k == j)) for j in range(ndual)])
                drhs.append(Fraction(0))
            dual = solve_rational(drows, drhs) if drows else None
            if dual is not None and dual not in seen:
                seen.append(dual)
                yield dual
        yield [Fraction(float(v)).limit_denominator(10**6) for v in dual_guess]

    duals: list[list[Fraction]] = []
    dual_source = dual_gen()

    def all_duals() -> Iterator[list[Fraction]]:
        yield from duals
        for dual in dual_source:
            duals.append(dual)
            yield dual

    for z in primal_gen():
        for dual in all_duals():
            if deadline is not None and deadline.expired():
                return LPSolution(None, None, z_float, value_float, False)
            if _certify(cmin, aub, bub, aeq, beq, freeset, z, dual):
                value = sum((ci * zi for ci, zi in zip(cq, z, strict=True)), Fraction(0))
                return LPSolution(tuple(z), value, z_float, value_float, True)
    return LPSolution(None, None, z_float, value_float, False)


def _certify(
    cmin: np.ndarray,
    aub: np.ndarray,
    bub: np.ndarray,
    aeq: np.ndarray,
    beq: np.ndarray,
    free: set[int],
    z: list[Fraction],
    dual: list[Fraction],
) -> bool:
    nvar = len(cmin)
    if any(z[i] < 0 for i in range(nvar) if i not in free):
        return False
    if any(
        sum(a * v for a, v in zip(row, z, strict=True)) > b for row, b in zip(aub, bub, strict=True)
    ):
        return False
    if any(
        sum(a * v for a, v in zip(row, z, strict=True)) != b
        for row, b in zip(aeq, beq, strict=True)
    ):
        return False
    n_u = len(bub)
    u, w = dual[:n_u], dual[n_u:]
    if any(v > 0 for v in u):
        return False
    for i in range(nvar):
        lhs = sum((aub[k, i] * u[k] for k in range(n_u)), Fraction(0)) + sum(
            (aeq[k, i] * w[k] for k in range(len(beq))), Fraction(0)
        )
        if (i in free and lhs != cmin[i]) or (i not in free and lhs > cmin[i]):
            return False
    primal = sum((ci * zi for ci, zi in zip(cmin, z, strict=True)), Fraction(0))
    dual_value = sum((b * v for b, v in zip(bub, u, strict=True)), Fraction(0)) + sum(
        (b * v for b, v in zip(beq, w, strict=True)), Fraction(0)
    )
    return primal == dual_value


# ------------------------------------------------------------------ sparse, structured
class SparseRows:
    """An integer matrix by rows: ``cols[r]`` (index array) and ``vals[r]`` (an integer
    array: ``int64``, or Python ints in an object array when entries are larger).

    The exact form of a large, sparse constraint matrix (the correlated-equilibrium LP):
    HiGHS gets a float copy, the certificate uses these integers. While every entry is
    below 2**53 the float copy is itself exact and slices of it are used for the exact
    products.
    """

    def __init__(self, n_cols: int, cols: Sequence[np.ndarray], vals: Sequence[np.ndarray]):
        from scipy.sparse import csr_matrix

        self.n_cols = n_cols
        self.cols = tuple(cols)
        self.vals = tuple(np.asarray(v) for v in vals)
        flat = np.concatenate(self.vals) if self.vals else np.zeros(0, dtype=np.int64)
        if flat.dtype == object and not all(abs(int(v)) < 2**SAFE_BITS for v in flat):
            # beyond float range: HiGHS gets each row divided by a power of two (the
            # same inequalities); the exact certificate still uses the integers
            self.floats_exact = False
            parts = [
                row_scaled_floats(v, "the LP's constraints")[0].ravel() if len(v) else v
                for v in self.vals
            ]
            data = np.concatenate(parts).astype(float) if parts else np.zeros(0)
        elif flat.dtype == object:
            self.floats_exact = all(abs(int(v)) < 2**53 for v in flat)
            data = np.array([float(v) for v in flat], dtype=float)
        else:
            self.floats_exact = bool(np.all(np.abs(flat) < 2**53))
            data = flat.astype(float)
        indptr = np.cumsum([0, *(len(c) for c in self.cols)])
        indices = np.concatenate(self.cols) if self.cols else np.zeros(0, dtype=np.intp)
        self.matrix = csr_matrix((data, indices, indptr), shape=(len(self.cols), n_cols))

    def __len__(self) -> int:
        return len(self.cols)

    def columns(self, which: np.ndarray) -> np.ndarray:
        """The exact integer submatrix ``G[:, which]`` as an object array."""
        which = np.asarray(which, dtype=np.intp)
        if self.floats_exact:
            dense = self.matrix[:, which].toarray()
            out = np.zeros(dense.shape, dtype=object)
            for index in zip(*np.nonzero(dense), strict=True):
                out[index] = int(dense[index])
            return out
        where = {int(j): k for k, j in enumerate(which)}
        out = np.zeros((len(self.cols), len(which)), dtype=object)
        for r, (cols, vals) in enumerate(zip(self.cols, self.vals, strict=True)):
            for j, v in zip(cols, vals, strict=True):
                k = where.get(int(j))
                if k is not None:
                    out[r, k] = int(v)
        return out

    def times(self, p: Sequence[Fraction]) -> np.ndarray:
        """``G p`` exactly (object array of Fractions), looking only at ``p``'s support."""
        support = np.array([j for j, v in enumerate(p) if v], dtype=np.intp)
        if not len(support):
            out = np.empty(len(self.cols), dtype=object)
            out[:] = Fraction(0)
            return out
        fractions = [Fraction(p[int(j)]) for j in support]
        scale = lcm(*(q.denominator for q in fractions))
        values = np.empty(len(support), dtype=object)
        values[:] = [q.numerator * (scale // q.denominator) for q in fractions]
        integers = self.columns(support).dot(values)  # integer arithmetic, then one division
        out = np.empty(len(integers), dtype=object)
        out[:] = [Fraction(int(v), scale) for v in integers]
        return out


def solve_simplex_lp(
    c: Sequence[int], rows: SparseRows, *, max_exact: int
) -> tuple[tuple[Fraction, ...] | None, np.ndarray]:
    """Maximise ``c·p`` over ``{p >= 0, Σp = 1, G p <= 0}`` and certify the optimum exactly.

    ``c`` and ``G`` (``rows``) are integers. HiGHS (dual simplex) proposes a vertex; its
    support ``S`` and tight rows ``T`` give a square integer system that is solved with
    fraction-free elimination; the dual multipliers ``(u, w)`` of the tight rows are
    re-derived the same way from complementary slackness. The answer is exact only if
    ``p`` is feasible, ``u >= 0``, ``Gᵀu + w >= c`` for every column and ``w = c·p`` —
    a proof of optimality by LP duality. Returns ``(p, p_float)``, ``p`` ``None`` when the
    certificate fails or the support is larger than ``max_exact`` unknowns.

    >>> g = SparseRows(2, (np.array([0, 1]),), (np.array([1, -1]),))   # p0 <= p1
    >>> solve_simplex_lp([2, 1], g, max_exact=10)[0]
    (Fraction(1, 2), Fraction(1, 2))
    """
    from scipy.optimize import linprog

    n = rows.n_cols
    a_ub = rows.matrix
    if is_float_safe(c):
        cf = -np.array([float(v) for v in c])
    else:  # a positive multiple of the objective has the same maximisers
        cf = -row_scaled_floats([list(c)], "the LP's objective")[0][0]
    res = linprog(
        cf,
        A_ub=a_ub if len(rows) else None,
        b_ub=np.zeros(len(rows.cols)) if len(rows.cols) else None,
        A_eq=np.ones((1, n)),
        b_eq=[1.0],
        bounds=[(0, None)] * n,
        method="highs-ds",
    )
    if res.status != 0:
        raise SolverError(f"linear program failed: {str(res.message).splitlines()[0]}")
    p_float = np.asarray(res.x, dtype=float)
    marg = -np.asarray(res.ineqlin.marginals, dtype=float) if len(rows.cols) else np.zeros(0)
    slack = -(a_ub @ p_float) if len(rows.cols) else np.zeros(0)
    reduced = np.asarray(res.lower.marginals, dtype=float)
    size = 1.0 + (float(abs(a_ub).max()) if a_ub.nnz else 0.0)
    for tol in (1e-9, 1e-7):
        support = np.flatnonzero(p_float > tol)
        tight = np.flatnonzero(np.abs(slack) <= tol * size)
        if len(support) > max_exact or len(support) == 0:
            return None, p_float
        p = _primal(rows, support, tight, n)
        if p is None:
            continue
        value = sum((ci * pi for ci, pi in zip(c, p, strict=True) if pi), Fraction(0))
        active = [int(r) for r in tight if marg[r] > tol] if len(marg) else []
        # dual constraints tight at HiGHS's dual: the support and zero reduced costs
        dual_tight = np.union1d(support, np.flatnonzero(np.abs(reduced) <= tol * size))
        if _dual_certifies(c, rows, dual_tight, active, value):
            return p, p_float
    return None, p_float


def _float_rows(system: list[list[int]]) -> np.ndarray:
    """A float copy of an integer system for rank decisions (rows scaled when huge)."""
    if is_float_safe(system):
        return np.array(system, dtype=float)
    return row_scaled_floats(system, "the LP's certificate", columns=True)[0]


def _independent(matrix: np.ndarray, count: int) -> list[int]:
    """Indices of ``count`` linearly independent rows of a float matrix (QR pivoting)."""
    from scipy.linalg import qr

    if matrix.shape[0] < count:
        return []
    _, _, order = qr(matrix.T, pivoting=True, mode="economic")
    return sorted(int(i) for i in order[:count])


def _primal(
    rows: SparseRows, support: np.ndarray, tight: np.ndarray, n: int
) -> tuple[Fraction, ...] | None:
    sub = rows.columns(support)[tight] if len(tight) else np.zeros((0, len(support)), object)
    sub = sub[np.array([any(v != 0 for v in r) for r in sub], dtype=bool)] if len(sub) else sub
    system = [[1] * len(support), *(list(r) for r in sub)]
    rhs = [1] + [0] * len(sub)
    floats = _float_rows(system)
    floats[0] *= 1e6 * (1.0 + float(np.abs(floats).max()))  # Σp = 1 is always chosen first
    chosen = _independent(floats, len(support))
    solved = (
        solve_integer([system[k] for k in chosen], [rhs[k] for k in chosen]) if chosen else None
    )
    if solved is None:
        return None
    num, den = solved
    if any(v < 0 for v in num):
        return None
    p = [Fraction(0)] * n
    for j, v in zip(support, num, strict=True):
        p[int(j)] = Fraction(int(v), den)
    if sum(p) != 1 or any(v > 0 for v in rows.times(p)):  # Σp = 1 and G p <= 0, exactly
        return None
    return tuple(p)


def _dual_certifies(
    c: Sequence[int],
    rows: SparseRows,
    support: np.ndarray,
    active: Sequence[int],
    value: Fraction,
) -> bool:
    """Find ``u >= 0`` on ``active`` rows and ``w`` with ``Gᵀu + w >= c`` (tight on
    ``support``, the columns where HiGHS's dual is tight) and ``w`` equal to the value."""
    k = len(active)
    # unknowns (u_active..., w); one equation per support column: (Gᵀu)_j + w = c_j
    dense = rows.columns(support)[list(active)] if k else np.zeros((0, len(support)), object)
    system = [[*(int(dense[r][s]) for r in range(k)), 1] for s in range(len(support))]
    rhs = [int(c[int(j)]) for j in support]
    chosen = _independent(_float_rows(system), k + 1)
    if not chosen:
        return False
    solved = solve_integer([system[i] for i in chosen], [rhs[i] for i in chosen])
    if solved is None:
        return False
    num, den = solved
    if any(v < 0 for v in num[:k]) or Fraction(int(num[k]), den) != value:
        return False
    total = np.zeros(rows.n_cols, dtype=object)
    total[:] = 0
    for r, u in zip(active, num[:k], strict=True):
        if u:
            total[rows.cols[r]] += rows.vals[r].astype(object) * int(u)
    w = int(num[k])  # den * (Gᵀu + w) >= den * c, column by column
    return all(t + w >= den * int(cj) for t, cj in zip(total, c, strict=True))
