"""Linear programs solved in floating point by HiGHS, then certified exactly (private).

SciPy's HiGHS dual simplex returns a *basic* solution. Its tight constraints determine
that vertex, so it can be recomputed with exact rational arithmetic; the same is done
for the dual solution from the reported marginals. The pair is then checked exactly:
primal feasible, dual feasible and equal objective values prove optimality (LP
duality). When any step fails the result says ``certified=False`` and the caller must
say so rather than print the float answer as if it were exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.errors import SolverError
from negotiation.solvers._exact import as_fraction_array, solve_rational

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
) -> LPSolution | None:
    """Solve and certify an LP with variables ``z >= 0`` except those in ``free``.

    Coefficients may be exact (Fractions, ints). Returns ``None`` when the LP is
    infeasible; raises :class:`SolverError` when it is unbounded or HiGHS fails.

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
        return arr.astype(float) if arr.size else None

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

    primal_candidates: list[list[Fraction]] = []
    for tight_rows, zero_vars in primal_sets:
        rows = [list(aub[k]) for k in np.flatnonzero(tight_rows)] + [list(r) for r in aeq]
        rhs = [bub[k] for k in np.flatnonzero(tight_rows)] + list(beq)
        for i in np.flatnonzero(zero_vars):
            rows.append([Fraction(int(i == j)) for j in range(nvar)])
            rhs.append(Fraction(0))
        z = solve_rational(rows, rhs) if rows else None
        if z is not None and z not in primal_candidates:
            primal_candidates.append(z)
    primal_candidates.append([Fraction(float(v)).limit_denominator(10**6) for v in z_float])

    dual_candidates: list[list[Fraction]] = []
    if ndual:
        for tight_cols, zero_u in dual_sets:
            drows = [list(at[i]) for i in np.flatnonzero(tight_cols)]
            drhs = [cmin[i] for i in np.flatnonzero(tight_cols)]
            for k in np.flatnonzero(zero_u):
                drows.append([Fraction(int(k == j)) for j in range(ndual)])
                drhs.append(Fraction(0))
            dual = solve_rational(drows, drhs) if drows else None
            if dual is not None and dual not in dual_candidates:
                dual_candidates.append(dual)
        dual_candidates.append([Fraction(float(v)).limit_denominator(10**6) for v in dual_guess])
    else:
        dual_candidates.append([])

    for z in primal_candidates:
        for dual in dual_candidates:
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
