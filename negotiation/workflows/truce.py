"""Can a truce hold? The folk analysis of a loaded model, with δ from its inputs.

:func:`negotiation.repeated.folk.folk_analysis` takes discount factors; a scenario
states discount *rates* per year instead. :func:`truce` turns the rates into per-round
factors, ``δ_i = exp(−r_i Δ)`` (Binmore, Rubinstein & Wolinsky 1986; a player without a
rate gets :data:`~negotiation.bargaining.leverage.DEFAULT_RATE`, as in leverage), picks
the most conciliatory outcome as the default target, and adds the feasible and
individually rational payoff regions the plots and ``folk --json`` show.

>>> from negotiation.data import shipped
>>> from negotiation.workflows.load import load_model
>>> result = truce(load_model(shipped()), ("ease_chips", "suspend"))
>>> result.folk.self_enforcing is not None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.bargaining.leverage import DEFAULT_PERIOD, DEFAULT_RATE
from negotiation.bargaining.rubinstein import discount_factor
from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.inputs import NegotiationInputs
from negotiation.repeated.folk import (
    FolkAnalysis,
    feasible_region,
    folk_analysis,
    individually_rational_region,
)
from negotiation.scenario import Scenario
from negotiation.solvers import EquilibriumSet
from negotiation.workflows.load import Model, resolve

__all__ = ["TruceAnalysis", "discount_factors", "truce"]


@dataclass(frozen=True)
class TruceAnalysis:
    """The folk analysis of a target outcome, with the payoff regions around it."""

    folk: FolkAnalysis
    feasible_region: tuple[tuple[Fraction, Fraction], ...]
    individually_rational_region: tuple[tuple[Any, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        data = self.folk.to_dict()
        data["feasible_region"] = [[float(x), float(y)] for x, y in self.feasible_region]
        data["individually_rational_region"] = [
            [float(x), float(y)] for x, y in self.individually_rational_region
        ]
        return data

    def __str__(self) -> str:
        return str(self.folk)

    def _repr_html_(self) -> str:
        return self.folk._repr_html_()


def discount_factors(inputs: NegotiationInputs, period: Any = DEFAULT_PERIOD) -> dict[str, float]:
    """Per-round discount factors ``δ_i = exp(−r_i Δ)`` from the inputs' yearly rates."""
    dt = to_fraction(period)
    if dt <= 0:
        raise GameError("the round length (period) must be positive")
    return {
        p: discount_factor(
            to_fraction(inputs.discount_rates[p].value)
            if p in inputs.discount_rates
            else DEFAULT_RATE,
            dt,
        )
        for p in inputs.players
    }


def truce(
    source: Model | Scenario | Game,
    target: Sequence[str | int] | None = None,
    *,
    discount: float | Sequence[float] | Mapping[str, float] | None = None,
    period: Any = DEFAULT_PERIOD,
    punishment_periods: Sequence[int] = (1, 2, 3, 5),
    optimal: bool = False,
    stage_equilibria: EquilibriumSet | None = None,
) -> TruceAnalysis:
    """Whether ``target`` (default: the most conciliatory outcome) is self-enforcing.

    ``discount`` given wins; otherwise, when the inputs state discount rates (a
    scenario), the factors per round of ``period`` years come from them; otherwise no
    discount factor is compared.
    """
    game, inputs = resolve(source)
    if game.n_players != 2:
        raise GameError("folk needs a two-player game")
    if target is None:  # the most conciliatory outcome, by the file's escalation order
        target = tuple(game.profile_names(inputs.most_conciliatory(game)))
    if discount is None and inputs.discount_rates:
        discount = discount_factors(inputs, period)
    result = folk_analysis(
        game,
        target,
        discount=discount,
        punishment_periods=punishment_periods,
        optimal=optimal,
        stage_equilibria=stage_equilibria,
    )
    return TruceAnalysis(
        result,
        tuple(feasible_region(game)),
        tuple(individually_rational_region(game)),
    )
