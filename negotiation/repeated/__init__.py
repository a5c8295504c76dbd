"""Repeated play of two-player games: strategies, matches, tournaments, folk theorems.

* :mod:`~negotiation.repeated.strategies` -- the strategy protocol and library
  (tit-for-tat, grim trigger, win-stay-lose-shift, zero-determinant extortion, ...),
  acting on escalation levels so they work in any game, symmetric or not;
* :mod:`~negotiation.repeated.match` and :mod:`~negotiation.repeated.tournament` --
  seeded matches (fixed length, random ending, discounting, noise) and round robins;
* :mod:`~negotiation.repeated.folk` -- minmax values, the feasible and individually
  rational region, critical discount factors ("is a truce self-enforcing?");
* :mod:`~negotiation.repeated.spe` -- the subgame-perfect equilibrium payoff set;
* :mod:`~negotiation.repeated.evolution` -- replicator dynamics and the Moran process.
"""

from negotiation.repeated.evolution import (
    fixation_probability,
    moran_process,
    replicator_dynamics,
)
from negotiation.repeated.folk import (
    critical_discount_factor,
    feasible_region,
    folk_analysis,
    individually_rational_region,
    minmax,
)
from negotiation.repeated.match import MatchResult, MatchSettings, StageGame, play_match
from negotiation.repeated.spe import SPEPayoffSet, spe_payoff_set
from negotiation.repeated.strategies import (
    STRATEGIES,
    Context,
    Strategy,
    get_strategy,
    mirror_levels,
    register,
    strategy_names,
)
from negotiation.repeated.tournament import StrategyStats, TournamentResult, tournament

__all__ = [
    "STRATEGIES",
    "Context",
    "MatchResult",
    "MatchSettings",
    "SPEPayoffSet",
    "StageGame",
    "Strategy",
    "StrategyStats",
    "TournamentResult",
    "critical_discount_factor",
    "feasible_region",
    "fixation_probability",
    "folk_analysis",
    "get_strategy",
    "individually_rational_region",
    "minmax",
    "mirror_levels",
    "moran_process",
    "play_match",
    "register",
    "replicator_dynamics",
    "spe_payoff_set",
    "strategy_names",
    "tournament",
]
