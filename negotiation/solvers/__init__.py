"""Equilibrium solvers: one module per method, each a function of a :class:`~negotiation.game.Game`.

=====================  ==========================================================
method (``solve``)     function
=====================  ==========================================================
``"pure"``             :func:`pure_equilibria` — N players, vectorised, exact
``"all"``              :func:`enumerate_equilibria` — every extreme equilibrium of
                       a two-player game, exact, with convex components
``"lemke-howson"``     :func:`lemke_howson_all` — from every label, exact pivoting
``"zero-sum"``         :func:`solve_zero_sum` — value and optimal strategies (LP)
``"dominance"``        :func:`iterated_dominance` — strict (or weak), step by step
``"correlated"``       :func:`correlated_equilibria` — welfare and each player's best
``"stackelberg"``      :func:`stackelberg` — pure and mixed commitment
``"maximin"``          :func:`security_levels` — pure and mixed security levels
``"pareto"``           :func:`pareto_optimal` — Pareto-optimal pure outcomes
``"br-graph"``         :func:`best_response_graph` — best-response graph and cycles
=====================  ==========================================================

Plus :func:`fictitious_play`, the exact checker
:func:`verify` and :func:`classify_2x2` (which of the 144 ordinal 2×2 games this is). Every Nash equilibrium any of these returns has passed :func:`verify`.

>>> from negotiation import Game
>>> from negotiation.solvers import solve
>>> bos = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
>>> print(solve(bos))
3 equilibria (all)
  1. Row: r1; Column: c1 -> payoffs 2, 1
  2. Row: 2/3 r1 + 1/3 r2; Column: 1/3 c1 + 2/3 c2 -> payoffs 2/3, 2/3
  3. Row: r2; Column: c2 -> payoffs 1, 2
"""

from __future__ import annotations

from typing import Any, Literal, overload

from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers.br_graph import BestResponseGraph, best_response_graph
from negotiation.solvers.classify import GameClass, PreferenceType, classify_2x2
from negotiation.solvers.correlated import (
    CorrelatedEquilibrium,
    CorrelatedResult,
    correlated_equilibria,
    correlated_equilibrium,
    is_correlated_equilibrium,
)
from negotiation.solvers.dominance import DominanceResult, DominanceStep, iterated_dominance
from negotiation.solvers.dynamics import DynamicsResult, fictitious_play
from negotiation.solvers.enumeration import (
    best_response_polytope_vertices,
    enumerate_equilibria,
    is_degenerate,
)
from negotiation.solvers.lemke_howson import lemke_howson, lemke_howson_all
from negotiation.solvers.methods import MATRIX_METHODS, REGISTRY, TREE_METHODS, Method, SolveResult
from negotiation.solvers.pareto import ParetoResult, pareto_optimal
from negotiation.solvers.pure import pure_equilibria
from negotiation.solvers.result import Equilibrium, EquilibriumSet, NashSubset
from negotiation.solvers.security import SecurityLevels, security_levels
from negotiation.solvers.stackelberg import StackelbergResult, stackelberg
from negotiation.solvers.verify import expected_payoffs, is_equilibrium, regrets, verify
from negotiation.solvers.zero_sum import ZeroSumSolution, solve_zero_sum

__all__ = [
    "METHODS",
    "OPTIONS",
    "REGISTRY",
    "TREE_METHODS",
    "BestResponseGraph",
    "CorrelatedEquilibrium",
    "CorrelatedResult",
    "DominanceResult",
    "DominanceStep",
    "DynamicsResult",
    "Equilibrium",
    "EquilibriumSet",
    "GameClass",
    "Method",
    "NashSubset",
    "ParetoResult",
    "PreferenceType",
    "SecurityLevels",
    "SolveResult",
    "StackelbergResult",
    "ZeroSumSolution",
    "best_response_graph",
    "best_response_polytope_vertices",
    "classify_2x2",
    "correlated_equilibria",
    "correlated_equilibrium",
    "enumerate_equilibria",
    "expected_payoffs",
    "fictitious_play",
    "is_correlated_equilibrium",
    "is_degenerate",
    "is_equilibrium",
    "iterated_dominance",
    "lemke_howson",
    "lemke_howson_all",
    "pareto_optimal",
    "pure_equilibria",
    "regrets",
    "security_levels",
    "solve",
    "solve_zero_sum",
    "stackelberg",
    "verify",
]

#: method names accepted by :func:`solve` (and ``negotiation solve --method`` on a
#: normal-form game): the normal-form entries of the one registry, :data:`REGISTRY`
METHODS: tuple[str, ...] = MATRIX_METHODS

#: keyword options each method accepts (anything else is refused, not ignored)
OPTIONS: dict[str, tuple[str, ...]] = {name: REGISTRY[name].options for name in METHODS}


@overload
def solve(
    game: Game, method: Literal["all", "pure", "lemke-howson"], **options: Any
) -> EquilibriumSet: ...
@overload
def solve(game: Game, method: str | None = None, **options: Any) -> SolveResult: ...
def solve(game: Game, method: str | None = None, **options: Any) -> SolveResult:
    """Solve ``game`` with one method (see :data:`METHODS`; the registry is
    :data:`negotiation.solvers.methods.REGISTRY`).

    ``method=None`` means ``"all"`` for two players and ``"pure"`` otherwise. Options go
    to the method's function (:data:`OPTIONS` lists which): ``max_seconds=`` (all,
    lemke-howson, correlated, zero-sum, maximin: stop then and mark the result
    incomplete), ``leader=`` (stackelberg), ``kind="weak"`` (dominance), ``max_pivots=``
    (lemke-howson). An option the method does not take is an error.

    >>> solve(Game.from_matrices([[1]], [[1]]), "pure", bogus=1)
    Traceback (most recent call last):
    ...
    negotiation.errors.SolverError: method 'pure' takes no option 'bogus'
    """
    if not isinstance(game, Game):
        raise SolverError(f"solve needs a Game, got {type(game).__name__}")
    if method is None:
        method = "all" if game.n_players == 2 else "pure"
    if method not in METHODS:
        raise SolverError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    unknown = [k for k in options if k not in OPTIONS[method]]
    if unknown:
        takes = ", ".join(OPTIONS[method])
        raise SolverError(
            f"method {method!r} takes no option {unknown[0]!r}"
            + (f" (it takes {takes})" if takes else "")
        )
    entry = REGISTRY[method]
    if entry.two_player and game.n_players != 2:
        raise SolverError(
            f"method {method!r} needs a two-player game; this one has {game.n_players} players "
            "(try 'pure', 'dominance', 'correlated' or 'maximin')"
        )
    assert entry.solver is not None  # every method of METHODS has a normal-form solver
    return entry.solver(game, **options)
