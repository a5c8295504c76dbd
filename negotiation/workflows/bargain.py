"""Leverage and bargaining of anything loaded: a :class:`Model`, a scenario or a game.

The analysis functions of :mod:`negotiation.bargaining` take a game and its
:class:`~negotiation.inputs.NegotiationInputs` explicitly. These two wrappers are for
notebooks and scripts: they take what :func:`~negotiation.workflows.load.load_model` or
:func:`negotiation.read_scenario` returned (or a plain game), fold keyword values such as
``discount_rates=`` or ``floors=`` into the inputs (each marked "given as an option"),
and call the library once.

>>> from negotiation.data import shipped
>>> from negotiation.scenario import read_scenario
>>> scenario = read_scenario(shipped())
>>> round(float(leverage(scenario)["US"].bargaining_power), 3)
0.526
>>> bargain(scenario, floors={"US": -0.5, "China": 0}).win_sets is not None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from negotiation.bargaining.analysis import BargainingAnalysis
from negotiation.bargaining.analysis import bargain as bargain_game
from negotiation.bargaining.leverage import DEFAULT_PERIOD, Leverage
from negotiation.bargaining.leverage import leverage as leverage_game
from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.inputs import NegotiationInputs
from negotiation.scenario import Scenario
from negotiation.workflows.load import Model, resolve

__all__ = ["bargain", "leverage", "with_options"]

PerPlayer = Mapping[str, Any] | Sequence[Any] | None


def with_options(
    inputs: NegotiationInputs,
    *,
    discount_rates: PerPlayer = None,
    dependence: PerPlayer = None,
    floors: PerPlayer = None,
    thresholds: PerPlayer = None,
    issues: Mapping[str, Mapping[str, Any]] | None = None,
) -> NegotiationInputs:
    """The inputs with the values a caller (or the command line) gave replacing them."""
    if floors is not None and thresholds is not None:
        raise GameError("give floors or ratification thresholds, not both")
    if discount_rates is not None and isinstance(discount_rates, Mapping):
        missing = [p for p in inputs.players if p not in discount_rates]
        unknown = [k for k in discount_rates if k not in inputs.players]
        if unknown:
            raise GameError(
                f"unknown player {unknown[0]!r} in discount rate; players are "
                f"{', '.join(inputs.players)}"
            )
        if missing:
            raise GameError(f"discount rate missing for {', '.join(missing)}")
    return inputs.with_values(
        discount_rates=discount_rates,
        dependence=dependence,
        floors=floors,
        ratification=thresholds,
        issues=issues,
    )


def leverage(
    source: Model | Scenario | Game,
    *,
    disagreement: str | Sequence[Any] = "escalation",
    discount_rates: PerPlayer = None,
    discount_factors: PerPlayer = None,
    period: Any = DEFAULT_PERIOD,
    dependence: PerPlayer = None,
    threat_reference: str | Sequence[str] | None = None,
) -> Leverage:
    """:func:`negotiation.bargaining.leverage.leverage` of a model, scenario or game."""
    game, inputs = resolve(source)
    if discount_rates is not None and discount_factors is not None:
        raise GameError("give discount rates or discount factors, not both")
    inputs = with_options(inputs, discount_rates=discount_rates, dependence=dependence)
    return leverage_game(
        game,
        inputs,
        disagreement=disagreement,
        discount_factors=discount_factors,
        period=period,
        threat_reference=threat_reference,
    )


def bargain(
    source: Model | Scenario | Game,
    *,
    leverage_result: Leverage | None = None,
    first_proposer: int | str = 0,
    floors: PerPlayer = None,
    thresholds: PerPlayer = None,
    issues: Mapping[str, Mapping[str, Any]] | None = None,
    disagreement: str | Sequence[Any] = "escalation",
    discount_rates: PerPlayer = None,
    discount_factors: PerPlayer = None,
    period: Any = DEFAULT_PERIOD,
    dependence: PerPlayer = None,
    threat_reference: str | Sequence[str] | None = None,
) -> BargainingAnalysis:
    """:func:`negotiation.bargaining.bargain` of a model, scenario or game.

    ``floors``/``thresholds`` replace a scenario's ratification thresholds and
    ``issues`` its issues.
    """
    game, inputs = resolve(source)
    if discount_rates is not None and discount_factors is not None:
        raise GameError("give discount rates or discount factors, not both")
    inputs = with_options(
        inputs,
        discount_rates=discount_rates,
        dependence=dependence,
        floors=floors,
        thresholds=thresholds,
        issues=issues,
    )
    return bargain_game(
        game,
        inputs,
        leverage=leverage_result,
        first_proposer=first_proposer,
        disagreement=disagreement,
        discount_factors=discount_factors,
        period=period,
        threat_reference=threat_reference,
    )
