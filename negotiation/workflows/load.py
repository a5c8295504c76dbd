"""The one loader: a file (+ ``--set`` overrides) → a game or scenario, with its inputs.

Every command and every workflow reads its model here, so each accepts a scenario file
and ``--set`` the same way. The chain is

1. :func:`negotiation.files.read_document` reads the file and tells Gambit ``.nfg`` from
   YAML (the one place the format is detected), applying the overrides to the document;
2. a YAML document that declares ``pressures`` or ``channels`` is built into a
   :class:`~negotiation.scenario.Scenario`, any other into a plain
   :class:`~negotiation.game.Game`;
3. the analysis inputs (:class:`~negotiation.inputs.NegotiationInputs`) come from the
   scenario — discount rates and dependence with the formulas and pressures behind them,
   status quo, issues, ratification thresholds — or are the defaults of a plain game.

>>> from negotiation.data import shipped
>>> model = load_model(shipped(), ["pressures.China.deflation=0.9"])
>>> model.is_scenario, model.game.players
(True, ('US', 'China'))
>>> model.inputs.discount_rates["China"].value
Fraction(1958, 15625)
>>> load_model(shipped("chicken.yaml")).inputs.discount_rates
mappingproxy({})
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any

from negotiation.errors import GameError, PayoffFileError
from negotiation.files import game_from_doc, is_scenario, read_document
from negotiation.files.payoff_cells import escalation_from_doc
from negotiation.files.yamldoc import YamlDoc
from negotiation.game import Game, to_fraction
from negotiation.inputs import NegotiationInputs, Provenanced
from negotiation.scenario import Scenario, build_scenario

__all__ = [
    "Model",
    "build_model",
    "inputs_from_scenario",
    "load_model",
    "read_game",
    "read_payoffs",
    "resolve",
]

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
Overrides = Sequence[str] | Mapping[str, Any]

#: where a scenario's discount rate comes from, in words (shown by ``leverage``)
SCENARIO_RATE = "scenario parameter discount_rate (from the pressures)"


@dataclass(frozen=True, eq=False)
class Model:
    """What a file holds, ready for analysis.

    Attributes
    ----------
    game
        The normal-form game.
    inputs
        What the analysis reads beyond the game (rates, dependence, status quo, ...).
    scenario
        The scenario the game was built from, or ``None`` for a plain payoff file.
    path
        The file's name as given.
    doc
        The parsed YAML document (overrides applied), ``None`` for ``.nfg``.
    warnings
        Things to tell the user that do not stop the model (a pressure set outside
        its range, ...); the CLI prints them on stderr.
    """

    game: Game
    inputs: NegotiationInputs
    scenario: Scenario | None
    path: str
    doc: YamlDoc | None
    warnings: tuple[str, ...] = ()

    @property
    def is_scenario(self) -> bool:
        return self.scenario is not None

    @property
    def source(self) -> Scenario | Game:
        """The scenario when there is one, else the game."""
        return self.scenario if self.scenario is not None else self.game

    def require_scenario(self) -> Scenario:
        """The scenario, or a positioned error saying this file has typed-in payoffs."""
        if self.scenario is not None:
            return self.scenario
        if self.doc is None:
            raise PayoffFileError(
                self.path,
                0,
                0,
                "a Gambit .nfg file has typed-in payoffs, not a scenario",
                "a scenario is a YAML file that declares 'pressures' and 'channels'",
            )
        raise PayoffFileError(
            self.path,
            1,
            1,
            "this is a payoff file with typed-in payoffs, not a scenario",
            "a scenario declares 'pressures' and 'channels'; see payoffs/us_china_rare_earths.yaml",
        )

    def __repr__(self) -> str:
        kind = "scenario" if self.is_scenario else "game"
        shape = "×".join(str(n) for n in self.game.shape)
        return f"<Model {kind} {self.game.title or self.path!r}: {shape}>"


def load_model(source: Source, overrides: Overrides = ()) -> Model:
    """Read a payoff or scenario file, apply ``--set``-style overrides, build it.

    Parameters
    ----------
    source
        Path or open file: YAML (a plain payoff file or a scenario) or Gambit ``.nfg``.
    overrides
        ``["pressures.China.deflation=0.9", ...]`` or ``{path: value}``; refused for
        ``.nfg`` files.

    Returns
    -------
    Model
        The game, its :class:`~negotiation.inputs.NegotiationInputs`, the scenario (if
        any) and the warnings.

    Raises
    ------
    PayoffFileError
        With the file's path, line and column, for any problem in the file.
    """
    document = read_document(source, overrides)
    name = str(getattr(source, "name", source)) if not isinstance(source, str) else source
    return build_model(document, name)


def build_model(document: YamlDoc | Game, name: str = "<string>") -> Model:
    """The model of a document already read (a YAML document, or an ``.nfg`` file's game).

    ``negotiation set`` uses it to check a variant before writing it.
    """
    if isinstance(document, Game):
        return Model(
            document, NegotiationInputs.defaults(document, "Gambit file"), None, name, None
        )
    if is_scenario(document):
        scenario = build_scenario(document)
        return Model(
            scenario.game,
            inputs_from_scenario(scenario),
            scenario,
            name,
            document,
            tuple(scenario.warnings),
        )
    game = game_from_doc(document)
    inputs = NegotiationInputs.defaults(game)
    escalation = escalation_from_doc(document, game)
    if escalation:  # the file's own escalation order (else the order moves are listed in)
        inputs = replace(inputs, escalation=escalation)
    return Model(game, inputs, None, name, document)


def read_game(source: Source, overrides: Overrides = ()) -> Game:
    """The game of any payoff or scenario file (``negotiation.read_payoffs``).

    >>> from negotiation.data import shipped
    >>> read_game(shipped()).shape
    (4, 5)
    """
    return load_model(source, overrides).game


#: ``negotiation.read_payoffs``: any file's game, scenarios included
read_payoffs = read_game


def resolve(source: Model | Scenario | Game) -> tuple[Game, NegotiationInputs]:
    """The game and analysis inputs of a loaded model, a scenario or a plain game.

    >>> from negotiation.data import shipped
    >>> game, inputs = resolve(load_model(shipped()).scenario)
    >>> inputs.status_quo
    ('hold', 'licensing')
    """
    if isinstance(source, Model):
        return source.game, source.inputs
    if isinstance(source, Scenario):
        return source.game, inputs_from_scenario(source)
    if isinstance(source, Game):
        return source, NegotiationInputs.defaults(source)
    raise GameError(
        f"expected a Game, a Scenario or a loaded Model, got {type(source).__name__}; "
        "read a file with negotiation.workflows.load_model"
    )


def inputs_from_scenario(scenario: Scenario) -> NegotiationInputs:
    """The analysis inputs a scenario declares: its parameters, status quo and issues.

    ``parameters.<player>.discount_rate`` and ``.dependence`` become
    :class:`~negotiation.inputs.Provenanced` values carrying their formula and the
    pressures behind them; ``parameters.<player>.ratification_threshold`` becomes a
    ratification threshold; ``issues`` and ``status_quo`` are copied.
    """
    rates: dict[str, Provenanced] = {}
    dependence: dict[str, Provenanced] = {}
    ratification = {}
    for player in scenario.players:
        params = scenario.parameters.get(player, {})
        quantities = scenario.quantities.get(player, {})
        if "discount_rate" in params:
            q = quantities.get("parameters.discount_rate")
            rates[player] = Provenanced(
                to_fraction(params["discount_rate"]),
                SCENARIO_RATE,
                formula=q.formula if q is not None else "",
                pressures=tuple(f"{a}.{b}" for a, b in q.pressures) if q is not None else (),
                path=f"parameters.{player}.discount_rate",
            )
        if "dependence" in params:
            q = quantities.get("parameters.dependence")
            dependence[player] = Provenanced(
                float(params["dependence"]),
                "scenario parameter dependence",
                formula=q.formula if q is not None else "",
                pressures=tuple(f"{a}.{b}" for a, b in q.pressures) if q is not None else (),
                path=f"parameters.{player}.dependence",
            )
        if "ratification_threshold" in params:
            ratification[player] = to_fraction(params["ratification_threshold"])
    return NegotiationInputs(
        players=scenario.players,
        discount_rates=rates,
        dependence=dependence,
        status_quo=scenario.status_quo,
        issues=scenario.issues,
        ratification=ratification,
        source="scenario",
    )
