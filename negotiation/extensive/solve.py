"""Solve a game tree by a named method (the tree methods of the one registry).

:func:`solve_tree` dispatches the names of :data:`negotiation.solvers.TREE_METHODS`
to the solvers of this package; :mod:`negotiation.extensive.analysis` (the whole
analysis) and :mod:`negotiation.extensive.orders` (orders of commitment) both use it.
"""

from __future__ import annotations

from typing import Any

from negotiation.errors import SolverError
from negotiation.extensive.pbe import perfect_bayesian
from negotiation.extensive.result import TreeSolution
from negotiation.extensive.sequence_form import sequence_form_lemke
from negotiation.extensive.spe import backward_induction
from negotiation.extensive.strategic import tree_equilibria
from negotiation.extensive.subgames import subgame_perfect
from negotiation.solvers.methods import TREE_METHODS
from negotiation.tree import Tree

__all__ = ["solve_tree"]


def solve_tree(tree: Tree, method: str | None = None, **options: Any) -> TreeSolution:
    """Solve ``tree`` with ``method`` (``spe``, ``subgame``, ``pure``, ``all``, ``sequence-form``, ``pbe``).

    ``None`` picks ``spe`` for perfect information and ``subgame`` otherwise, falling back
    to ``sequence-form`` when the subgames' strategic forms are too big.
    """
    if method is None:
        if tree.is_perfect_information:
            return backward_induction(tree, **options)
        try:
            return subgame_perfect(tree, **options)
        except SolverError:
            if tree.n_players != 2:
                raise
            return sequence_form_lemke(tree)
    if method == "spe":
        return backward_induction(tree, **options)
    if method == "subgame":
        return subgame_perfect(tree, **options)
    if method in ("pure", "all"):
        return tree_equilibria(tree, method)
    if method == "sequence-form":
        return sequence_form_lemke(tree, **options)
    if method == "pbe":
        return perfect_bayesian(tree)
    raise SolverError(f"method {method!r} does not apply to a tree; use {', '.join(TREE_METHODS)}")
