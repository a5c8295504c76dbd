"""Scenarios: payoffs built from named pressures through channels, every number traceable.

A scenario file declares each player's **pressures** (facts with value, unit, range and
quote), the **channels** through which moves hurt or help, each player's **weight** on
each channel as a formula of its pressures, and **levers** whose effects on the channels
add up to payoffs. :func:`read_scenario` turns such a file into a :class:`Scenario`,
whose ``game`` the solvers take and whose :meth:`Scenario.explain` takes a payoff apart.

>>> from pathlib import Path
>>> scenario = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
>>> scenario.game.players
('US', 'China')
>>> scenario.channels
('trade_access', 'rare_earth_supply', 'chip_access', 'tariff_stability', 'security')
"""

from negotiation.scenario.build import Scenario, build_scenario, is_scenario, read_scenario
from negotiation.scenario.formula import evaluate, parse_formula
from negotiation.scenario.model import Interaction, Lever, Move, Pressure, Quantity

__all__ = [
    "Interaction",
    "Lever",
    "Move",
    "Pressure",
    "Quantity",
    "Scenario",
    "build_scenario",
    "evaluate",
    "is_scenario",
    "parse_formula",
    "read_scenario",
]
