"""Solvers on game trees: one module per method, each a function of a :class:`~negotiation.tree.Tree`.

=====================  ==========================================================
method (``solve``)     function
=====================  ==========================================================
``"spe"``              :func:`backward_induction` — every pure subgame-perfect
                       equilibrium of a perfect-information tree, all tie-breaks
``"subgame"``          :func:`subgame_perfect` — subgame decomposition with exact
                       enumeration of each proper subgame
``"pure"``, ``"all"``  :func:`tree_equilibria` — through the reduced strategic form
``"sequence-form"``    :func:`sequence_form_lemke` — Lemke on the sequence form
``"pbe"``              :func:`perfect_bayesian` — signalling games, intuitive criterion
=====================  ==========================================================

Plus :func:`threats` (credible and empty threats) and :func:`commitment_values`
(the value of moving first). Every equilibrium returned has passed an exact check.
"""

from __future__ import annotations

from negotiation.extensive.result import PathStep, TreeEquilibrium, TreeSolution
from negotiation.extensive.spe import backward_induction

__all__ = ["PathStep", "TreeEquilibrium", "TreeSolution", "backward_induction"]
