"""Workflows: the layer that joins files, scenarios and the analysis packages.

- :mod:`~negotiation.workflows.load` — the one loader: a file and ``--set`` overrides
  become a :class:`~negotiation.workflows.load.Model` (game, scenario, analysis inputs,
  warnings);
- :mod:`~negotiation.workflows.analyse` — the whole analysis in one typed result;
- :mod:`~negotiation.workflows.compare` — what changed between two versions of a model;
- :mod:`~negotiation.workflows.bargain` — leverage and bargaining of a loaded model, a
  scenario or a game, with keyword options folded into its inputs;
- :mod:`~negotiation.workflows.truce` — can a truce hold: the folk analysis with δ from the
  model's discount rates.

Only :mod:`~negotiation.workflows.load` is imported with the package, so that commands
which only read a file stay quick to start.

The analysis packages (:mod:`negotiation.solvers`, :mod:`negotiation.bargaining`,
:mod:`negotiation.repeated`) never import :mod:`negotiation.scenario`; this layer does.
"""

from negotiation.workflows.load import Model, inputs_from_scenario, load_model, read_game

__all__ = ["Model", "inputs_from_scenario", "load_model", "read_game"]
