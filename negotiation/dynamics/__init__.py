"""Leverage over time: a supply-chain state that moves, and a dynamic game on it.

China's grip is a stock its own use depletes: restrictions raise urgency, urgency drives
investment (which arrives after each stage's lead time) and substitution, and both erode
the importer's dependence — which recovers when restrictions end and urgency fades.

* :mod:`~negotiation.dynamics.spec` reads a dynamics file (every number sourced, ranged);
* :mod:`~negotiation.dynamics.state` is the monthly transition;
* :mod:`~negotiation.dynamics.stage` interpolates the scenario's stage game over the state;
* :mod:`~negotiation.dynamics.simulate` runs fixed policies (none, temporary, sustained),
  the half-life of the exporter's leverage and its best restriction length;
* :mod:`~negotiation.dynamics.mpe` solves the Markov perfect equilibrium by backward
  induction and checks every period's choices;
* :func:`timeline` puts it together for the ``negotiation timeline`` command.

>>> from pathlib import Path
>>> m = read_timeline_model(Path(__file__).parents[2] / "payoffs" / "us_china_dynamics.yaml")
>>> m.transition.stages
('mining', 'processing', 'magnets')
"""

from negotiation.dynamics.load import TimelineModel, read_timeline_model, timeline_model
from negotiation.dynamics.simulate import best_restriction_length, half_life, simulate
from negotiation.dynamics.spec import DynamicsSpec, Input, is_dynamics, read_dynamics
from negotiation.dynamics.timeline import POLICIES, timeline

__all__ = [
    "POLICIES",
    "DynamicsSpec",
    "Input",
    "TimelineModel",
    "best_restriction_length",
    "half_life",
    "is_dynamics",
    "read_dynamics",
    "read_timeline_model",
    "simulate",
    "timeline",
    "timeline_model",
]
