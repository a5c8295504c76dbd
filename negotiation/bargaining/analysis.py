"""The whole bargaining picture of a game in one call.

:func:`bargain` chains the pieces: leverage (:mod:`negotiation.bargaining.leverage`) gives the
disagreement point, the discount factors and the bargaining power; the feasible deals
(:mod:`~negotiation.bargaining.feasible`) give the frontier; on it sit the asymmetric
Nash deal (:mod:`~negotiation.bargaining.nash`) and the Rubinstein alternating-offers
deal (:mod:`~negotiation.bargaining.rubinstein`). A scenario's issues add the linkage
comparison (:mod:`~negotiation.bargaining.linkage`), and ratification floors the
win-sets (:mod:`~negotiation.bargaining.winsets`). The result carries plot-ready data
for :func:`negotiation.plot.payoff_region`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from negotiation.bargaining.describe import describe_bargain
from negotiation.bargaining.feasible import FeasibleSet, feasible_set, per_player
from negotiation.bargaining.leverage import DEFAULT_PERIOD, Leverage
from negotiation.bargaining.leverage import leverage as compute_leverage
from negotiation.bargaining.linkage import LinkageResult, issue_linkage
from negotiation.bargaining.nash import NashBargainingSolution, nash_bargaining
from negotiation.bargaining.rubinstein import RubinsteinSolution, rubinstein
from negotiation.bargaining.winsets import WinSetAnalysis, win_sets
from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.inputs import NegotiationInputs

__all__ = ["BargainingAnalysis", "bargain"]


@dataclass(frozen=True)
class BargainingAnalysis:
    """Leverage, feasible deals, Nash and Rubinstein deals, linkage and win-sets.

    ``to_dict()`` has the keys ``nash``, ``rubinstein``, ``linkage`` (``None`` without
    issues), ``win_sets`` (``None`` unless floors were given), ``leverage`` and
    ``plot`` (polygon, frontier and the points, as floats).
    """

    players: tuple[str, str]
    leverage: Leverage
    feasible: FeasibleSet
    nash: NashBargainingSolution
    rubinstein: RubinsteinSolution
    linkage: LinkageResult | None = None
    win_sets: WinSetAnalysis | None = None
    game: Game | None = field(default=None, repr=False, compare=False)

    def plot_data(self) -> dict[str, Any]:
        """Everything a plot of the deal needs, as floats (no matplotlib here)."""
        data = self.feasible.to_dict()
        data.update(
            {
                "disagreement": [float(x) for x in self.nash.disagreement],
                "nash": [float(x) for x in self.nash.payoffs],
                "rubinstein": [float(x) for x in self.rubinstein.payoffs],
                "rubinstein_offers": [[float(a), float(b)] for a, b in self.rubinstein.offers],
            }
        )
        if self.win_sets is not None:
            data["floors"] = [float(x) for x in self.win_sets.floors]
        return data

    def to_dict(self) -> dict[str, Any]:
        p = self.players
        rub = self.rubinstein.to_dict()
        alpha = self.leverage.bargaining_power
        rub["limit_share"] = per_player(p, alpha)
        return {
            "players": list(p),
            "nash": self.nash.to_dict(),
            "rubinstein": rub,
            "linkage": None if self.linkage is None else self.linkage.to_dict(),
            "win_sets": None if self.win_sets is None else self.win_sets.to_dict(),
            "leverage": self.leverage.to_dict(),
            "plot": self.plot_data(),
        }

    def __str__(self) -> str:
        """The same text as ``negotiation bargain``."""
        return describe_bargain(self)

    def _repr_html_(self) -> str:
        parts = [self.nash._repr_html_(), self.rubinstein._repr_html_()]
        if self.linkage is not None:
            parts.append(self.linkage._repr_html_())
        if self.win_sets is not None:
            parts.append(self.win_sets._repr_html_())
        return "<div>" + "".join(parts) + "</div>"


def bargain(
    game: Game,
    inputs: NegotiationInputs | None = None,
    *,
    leverage: Leverage | None = None,
    first_proposer: int | str = 0,
    disagreement: str | Sequence[Any] = "escalation",
    discount_factors: Mapping[str, Any] | Sequence[Any] | None = None,
    period: Any = DEFAULT_PERIOD,
    threat_reference: str | Sequence[str] | None = None,
) -> BargainingAnalysis:
    """Bargaining analysis of a two-player game, given what is known beyond the game.

    Parameters
    ----------
    game
        A two-player :class:`~negotiation.game.Game`.
    inputs
        Discount rates and dependence, issues (for the linkage analysis), floors or
        ratification thresholds (for win-sets) and the status quo; default
        :meth:`NegotiationInputs.defaults` (no issues, no win-sets).
    leverage
        Precomputed leverage; otherwise ``leverage(game, inputs, ...)`` with the
        options below.
    first_proposer
        Who opens the alternating offers (index or name).
    disagreement, discount_factors, period, threat_reference
        Passed to :func:`negotiation.bargaining.leverage.leverage`.

    Examples
    --------
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         players=("US", "China"), moves=(("C", "D"), ("C", "D")))
    >>> result = bargain(pd)
    >>> result.nash.payoffs, result.nash.lottery
    ((Fraction(3, 1), Fraction(3, 1)), {('C', 'C'): Fraction(1, 1)})
    """
    if not isinstance(game, Game) or game.n_players != 2:
        raise GameError("bargaining needs a two-player game or scenario")
    if inputs is None:
        inputs = NegotiationInputs.defaults(game)
    lev = (
        leverage
        if leverage is not None
        else compute_leverage(
            game,
            inputs,
            disagreement=disagreement,
            discount_factors=discount_factors,
            period=period,
            threat_reference=threat_reference,
        )
    )
    fs = feasible_set(game)
    d = lev.disagreement_payoffs
    alpha = lev.bargaining_power[0]
    nash = nash_bargaining(fs, d, alpha)
    rub = rubinstein(
        fs,
        d,
        lev.discount_factors,
        first_proposer=first_proposer,
    )
    issues = {name: dict(values) for name, values in inputs.issues.items()}
    link = issue_linkage(issues, game.players, alpha) if issues else None
    ws = None
    if inputs.floors or inputs.ratification:
        ws = win_sets(
            fs,
            d,
            alpha,
            floors=dict(inputs.floors) or None,
            thresholds=dict(inputs.ratification) or None,
        )
    return BargainingAnalysis(
        players=(game.players[0], game.players[1]),
        leverage=lev,
        feasible=fs,
        nash=nash,
        rubinstein=rub,
        linkage=link,
        win_sets=ws,
        game=game,
    )
