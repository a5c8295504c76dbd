"""The one list of solution methods: name → solver, description, which games it takes.

Everything that names a method reads :data:`REGISTRY`: :func:`negotiation.solvers.solve`
dispatches through it, ``negotiation solve --method`` takes its names as the argparse
choices and prints its descriptions in ``--help``, the tree solver
(:func:`negotiation.extensive.solve.solve_tree`) accepts the names whose ``games``
include ``"tree"``, and README's "Solution methods" table is checked against it
(``tests/solvers/test_methods.py``). Add a method here once.

A method for trees only has no ``solver`` here: the game-tree solvers live in
:mod:`negotiation.extensive`, which imports this package (not the other way round).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from negotiation.solvers.br_graph import BestResponseGraph, best_response_graph
from negotiation.solvers.correlated import CorrelatedResult, correlated_equilibria
from negotiation.solvers.dominance import DominanceResult, iterated_dominance
from negotiation.solvers.enumeration import enumerate_equilibria
from negotiation.solvers.lemke_howson import lemke_howson_all
from negotiation.solvers.pareto import ParetoResult, pareto_optimal
from negotiation.solvers.pure import pure_equilibria
from negotiation.solvers.result import EquilibriumSet
from negotiation.solvers.security import SecurityLevels, security_levels
from negotiation.solvers.stackelberg import StackelbergResult, stackelberg
from negotiation.solvers.zero_sum import ZeroSumSolution, solve_zero_sum

__all__ = ["MATRIX_METHODS", "REGISTRY", "TREE_METHODS", "Method", "SolveResult"]

#: what :func:`negotiation.solvers.solve` returns, whichever the method
SolveResult = (
    EquilibriumSet
    | ZeroSumSolution
    | DominanceResult
    | CorrelatedResult
    | StackelbergResult
    | SecurityLevels
    | ParetoResult
    | BestResponseGraph
)

GameKind = Literal["matrix", "tree"]


@dataclass(frozen=True)
class Method:
    """One solution method.

    Attributes
    ----------
    name
        Its kebab-case name (``--method NAME``, ``solve(game, NAME)``).
    description
        One line: what it finds (``--help`` and README's table).
    games
        ``"matrix"`` (a normal-form game) and/or ``"tree"`` (a game tree).
    solver
        The function for a normal-form game, ``None`` for a tree-only method.
    options
        Keyword options :func:`~negotiation.solvers.solve` passes on (others are refused).
    two_player
        Whether it needs exactly two players (on a normal-form game).
    """

    name: str
    description: str
    games: tuple[GameKind, ...]
    solver: Callable[..., SolveResult] | None = None
    options: tuple[str, ...] = ()
    two_player: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "games": list(self.games),
            "options": list(self.options),
            "two_player": self.two_player,
        }


_METHODS = (
    Method(
        "all",
        "every extreme Nash equilibrium, exact, with the convex components they form "
        "(on a tree: of its reduced strategic form)",
        ("matrix", "tree"),
        enumerate_equilibria,
        ("max_seconds", "max_vertices"),
        two_player=True,
    ),
    Method(
        "pure",
        "the pure-strategy Nash equilibria, any number of players (on a tree: of its "
        "strategic form)",
        ("matrix", "tree"),
        pure_equilibria,
    ),
    Method(
        "lemke-howson",
        "one equilibrium from every initial label, exact pivoting, which label reaches which",
        ("matrix",),
        lemke_howson_all,
        ("max_pivots", "max_seconds"),
        two_player=True,
    ),
    Method(
        "zero-sum",
        "the value and optimal strategies of a zero-sum game (linear programme, certified)",
        ("matrix",),
        solve_zero_sum,
        ("max_seconds",),
        two_player=True,
    ),
    Method(
        "dominance",
        "iterated elimination of dominated moves, step by step (--weak: weakly, order-dependent)",
        ("matrix",),
        iterated_dominance,
        ("kind",),
    ),
    Method(
        "correlated",
        "correlated equilibria: the welfare-maximising one (each side's payoffs on [0, 1] "
        "unless they share one unit) and each player's best",
        ("matrix",),
        correlated_equilibria,
        ("max_seconds", "common_unit"),
    ),
    Method(
        "stackelberg",
        "pure and mixed commitment by either leader (--leader), the follower's tie-break stated",
        ("matrix",),
        stackelberg,
        ("leader",),
        two_player=True,
    ),
    Method(
        "maximin",
        "each player's security level: what it can guarantee whatever the others do",
        ("matrix",),
        security_levels,
        ("max_seconds",),
    ),
    Method(
        "pareto",
        "the Pareto-optimal outcomes (pure)",
        ("matrix",),
        pareto_optimal,
    ),
    Method(
        "br-graph",
        "the best-response graph: who escalates in answer to what, with its cycles",
        ("matrix",),
        best_response_graph,
    ),
    Method("spe", "every pure subgame-perfect equilibrium (backward induction)", ("tree",)),
    Method(
        "subgame",
        "subgame-perfect equilibria with mixed play in imperfect-information subgames",
        ("tree",),
    ),
    Method(
        "sequence-form",
        "a Nash equilibrium from the sequence form (Koller–Megiddo–von Stengel), "
        "for trees too big for the strategic form",
        ("tree",),
    ),
    Method(
        "pbe",
        "perfect Bayesian equilibria of a signalling game, with beliefs",
        ("tree",),
    ),
)

#: every method by name, normal-form methods first, in the order ``--help`` lists them
REGISTRY: dict[str, Method] = {m.name: m for m in _METHODS}

#: the methods for a normal-form game (``solve(game, method)``)
MATRIX_METHODS: tuple[str, ...] = tuple(m.name for m in _METHODS if "matrix" in m.games)

#: the methods for a game tree (``negotiation.extensive.solve.solve_tree``)
TREE_METHODS: tuple[str, ...] = tuple(m.name for m in _METHODS if "tree" in m.games)
