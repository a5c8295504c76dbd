"""Workflows: the layer that joins files, scenarios and the analysis packages.

- :mod:`~negotiation.workflows.load` — the one loader: a file and ``--set`` overrides
  become a :class:`~negotiation.workflows.load.Model` (game, scenario, analysis inputs,
  warnings);
- :mod:`~negotiation.workflows.analyse` — the whole analysis in one typed result;
- :mod:`~negotiation.workflows.compare` — what changed between two versions of a model.

The analysis packages (:mod:`negotiation.solvers`, :mod:`negotiation.bargaining`,
:mod:`negotiation.repeated`) never import :mod:`negotiation.scenario`; this layer does.
"""

from negotiation.workflows.load import Model, inputs_from_scenario, load_model, read_game

__all__ = ["Model", "inputs_from_scenario", "load_model", "read_game"]
