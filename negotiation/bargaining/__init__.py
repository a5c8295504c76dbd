"""Bargaining over the feasible deals of a two-player game.

- :mod:`~negotiation.bargaining.feasible` — the feasible set with public randomisation and
  its Pareto frontier (exact convex hull);
- :mod:`~negotiation.bargaining.nash` — asymmetric Nash bargaining (Nash 1950, Roth 1979);
- :mod:`~negotiation.bargaining.rubinstein` — alternating offers (Rubinstein 1982) and the
  Binmore–Rubinstein–Wolinsky (1986) limit;
- :mod:`~negotiation.bargaining.linkage` — issue linkage: package deal versus issue by issue;
- :mod:`~negotiation.bargaining.winsets` — Putnam's (1988) two-level win-sets;
- :mod:`~negotiation.bargaining.threat_game` — Nash's (1953) optimal threats;
- :mod:`~negotiation.bargaining.analysis` — all of the above for a game or scenario.
"""

from negotiation.bargaining.analysis import BargainingAnalysis, bargain
from negotiation.bargaining.feasible import FeasibleSet, convex_hull, feasible_set, pareto_frontier
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
from negotiation.bargaining.winsets import WinSetAnalysis, ratification_floor, win_sets

__all__ = [
    "BargainingAnalysis",
    "FeasibleSet",
    "LinkageResult",
    "NashBargainingSolution",
    "RubinsteinSolution",
    "ThreatPoint",
    "WinSetAnalysis",
    "bargain",
    "convex_hull",
    "discount_factor",
    "feasible_set",
    "issue_linkage",
    "nash_bargaining",
    "nash_threat_point",
    "package_frontier",
    "pareto_frontier",
    "patience_power",
    "ratification_floor",
    "rubinstein",
    "rubinstein_shares",
    "surplus_shares",
    "win_sets",
]
