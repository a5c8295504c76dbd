"""Bargaining over the feasible deals of a two-player game, and the leverage behind it.

- :mod:`~negotiation.bargaining.disagreement` — the disagreement point (Nash 1950, 1953);
- :mod:`~negotiation.bargaining.threats` — each side's most persuasive threat
  (Schelling 1960);
- :mod:`~negotiation.bargaining.leverage` — patience, bargaining power, threats and
  dependence per side (Binmore, Rubinstein & Wolinsky 1986);
- :mod:`~negotiation.bargaining.feasible` — the feasible set with public randomisation and
  its Pareto frontier (exact convex hull);
- :mod:`~negotiation.bargaining.nash` — asymmetric Nash bargaining (Nash 1950, Roth 1979);
- :mod:`~negotiation.bargaining.rubinstein` — alternating offers (Rubinstein 1982) and the
  Binmore–Rubinstein–Wolinsky (1986) limit;
- :mod:`~negotiation.bargaining.linkage` — issue linkage: package deal versus issue by issue;
- :mod:`~negotiation.bargaining.winsets` — Putnam's (1988) two-level win-sets;
- :mod:`~negotiation.bargaining.threat_game` — Nash's (1953) optimal threats;
- :mod:`~negotiation.bargaining.analysis` — all of the above for a game and its
  :class:`~negotiation.inputs.NegotiationInputs`.

Everything here takes a :class:`~negotiation.game.Game` and, where it needs more, the
inputs explicitly; nothing imports :mod:`negotiation.scenario`.
"""

from negotiation.bargaining.analysis import BargainingAnalysis, bargain
from negotiation.bargaining.disagreement import Disagreement, disagreement_point
from negotiation.bargaining.feasible import FeasibleSet, convex_hull, feasible_set, pareto_frontier
from negotiation.bargaining.leverage import Leverage, PlayerLeverage, leverage
from negotiation.bargaining.linkage import LinkageResult, issue_linkage, package_frontier
from negotiation.bargaining.nash import NashBargainingSolution, nash_bargaining, surplus_shares
from negotiation.bargaining.rubinstein import (
    RubinsteinSolution,
    discount_factor,
    patience_power,
    rubinstein,
    rubinstein_shares,
)
from negotiation.bargaining.threat_game import ThreatPoint, nash_threat_point
from negotiation.bargaining.threats import Threat, move_threats, threats
from negotiation.bargaining.winsets import WinSetAnalysis, ratification_floor, win_sets

__all__ = [
    "BargainingAnalysis",
    "Disagreement",
    "FeasibleSet",
    "Leverage",
    "LinkageResult",
    "NashBargainingSolution",
    "PlayerLeverage",
    "RubinsteinSolution",
    "Threat",
    "ThreatPoint",
    "WinSetAnalysis",
    "bargain",
    "convex_hull",
    "disagreement_point",
    "discount_factor",
    "feasible_set",
    "issue_linkage",
    "leverage",
    "move_threats",
    "nash_bargaining",
    "nash_threat_point",
    "package_frontier",
    "pareto_frontier",
    "patience_power",
    "ratification_floor",
    "rubinstein",
    "rubinstein_shares",
    "surplus_shares",
    "threats",
    "win_sets",
]
