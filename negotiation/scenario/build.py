"""Build a :class:`~negotiation.scenario.model.Scenario` from a parsed scenario file.

Three stages, one module each: :mod:`~negotiation.scenario.schema` checks the sections
(positioned errors; the published JSON Schema), :mod:`~negotiation.scenario.quantities`
resolves every number and formula, :mod:`~negotiation.scenario.payoffs` assembles
effects × weights into the game. This module only chains them.

The file format (payoff format v1 extended; see ``payoffs/us_china_rare_earths.yaml``
for a complete, commented example)::

    version: 1
    title: ...
    players: [US, China]        # or, as in the explicit format, [{name: US}, {name: China}]
    sources:                    # citations that quotes point to by key
      article: {citation: "..."}
    channels:                   # what moves hurt or help, one line each
      trade_access: "..."
    pressures:                  # player -> name -> a fact with value, unit, range, quote
      China:
        deflation: {value: 0.6, unit: "...", range: [0, 1], description: "...",
                    quote: "entrenched deflation", source: article}
    weights:                    # player -> channel -> number or formula of pressures
      China: {trade_access: "1 + 0.5 * deflation", ...}
    parameters:                 # player -> discount_rate, dependence, helper quantities
      China: {discount_rate: "0.05 + 0.1 * deflation", dependence: "...", ...}
    levers:                     # player -> lever -> effects[player][channel]
      US:
        tariff_100: {description: "...", effects: {China: {trade_access: -6}}}
    moves:                      # player -> move -> the levers it pulls, most conciliatory first
      US:
        hold: {levers: [], description: "..."}
    interactions:               # optional: extra effects when levers/moves meet
      tariff_war: {when: {US: tariff_100, China: licensing}, effects: {...}}
    issues:                     # for issue linkage: issue -> player -> value (formula)
      tariffs: {US: "...", China: "..."}

**Names in formulas.** A formula belongs to one player (the player whose weight,
parameter, issue value or channel effect it defines). A bare name means that player's
pressure, parameter, or weight (a channel's name stands for the player's weight on it);
``Player.name`` means another player's. Names must not be defined twice in one scope.
Unknown names and cycles are errors positioned at the name in the file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import IO, Any

import numpy as np

from negotiation.errors import GameError, PayoffFileError
from negotiation.files.limits import check_scenario_size
from negotiation.files.payoff_file import is_scenario
from negotiation.files.yamldoc import YamlDoc, load_yaml
from negotiation.game import Game
from negotiation.scenario.model import Scenario
from negotiation.scenario.payoffs import build_levers, effect_array, effect_parts, payoff_array
from negotiation.scenario.quantities import REQUIRED_PARAMETERS, resolve_quantities
from negotiation.scenario.schema import SCENARIO_KEYS, validate_scenario_document
from negotiation.scenario.sections import read_sections

__all__ = [
    "REQUIRED_PARAMETERS",
    "SCENARIO_KEYS",
    "build_scenario",
    "effect_parts",
    "is_scenario",
    "read_scenario",
]


def read_scenario(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    overrides: Sequence[str] | Mapping[str, Any] = (),
) -> Scenario:
    """Read a scenario file, apply ``--set``-style overrides, and build it.

    Parameters
    ----------
    source
        Path or open file of a scenario YAML file.
    overrides
        ``["pressures.China.deflation=0.9", ...]`` or a mapping ``{path: value}``;
        ``pressures.<player>.<name>`` sets that pressure's value. A value outside the
        pressure's range is allowed and reported in ``scenario.warnings``.

    Examples
    --------
    >>> from pathlib import Path
    >>> path = Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml"
    >>> base = read_scenario(path)
    >>> hot = read_scenario(path, ["pressures.China.deflation=0.9"])
    >>> hot.parameters["China"]["discount_rate"] > base.parameters["China"]["discount_rate"]
    True
    """
    name = getattr(source, "name", source)
    if str(name).lower().endswith(".nfg"):
        raise PayoffFileError(
            str(name),
            0,
            0,
            "a Gambit .nfg file has typed-in payoffs, not a scenario",
            "a scenario is a YAML file that declares 'pressures' and 'channels'",
        )
    doc = load_yaml(source)
    if not is_scenario(doc):
        raise PayoffFileError(
            doc.path,
            1,
            1,
            "this is a payoff file with typed-in payoffs, not a scenario",
            "a scenario declares 'pressures' and 'channels'; see payoffs/us_china_rare_earths.yaml",
        )
    if overrides:
        from negotiation.files.overrides import apply_overrides

        apply_overrides(doc, overrides)
    return build_scenario(doc)


def build_scenario(doc: YamlDoc) -> Scenario:
    """Check a parsed scenario file and build its :class:`Scenario` (payoffs included).

    Raises :class:`~negotiation.errors.PayoffFileError` positioned at the offending
    text for anything wrong: a missing section, an unknown lever, a bad formula, an
    unknown name in a formula (with the nearest known names), a cycle among formulas.
    """
    check_scenario_size(doc)  # before any work its size would make slow (files.limits)
    sections, checks = read_sections(doc)
    resolver = resolve_quantities(sections, checks)
    weights = resolver.weights()
    parameters = resolver.parameters()
    resolver.check_parameters(parameters)
    levers, moves, interactions = build_levers(sections, resolver)
    issues = resolver.read_issues(levers)
    validate_scenario_document(doc)  # the shape the hand-written checks did not cover
    players = sections.players
    effects = effect_array(players, sections.channels, levers, moves, interactions)
    w = np.array(
        [[Fraction(repr(weights[p][c])) for c in sections.channels] for p in players],
        dtype=object,
    )
    try:
        game = Game(
            players,
            [[m.name for m in moves[p]] for p in players],
            payoff_array(w, effects),
            title=checks.text(["title"]),
            description=checks.text(["description"]),
            move_descriptions=[[m.description for m in moves[p]] for p in players],
            sources=tuple(sections.sources.values()),
        )
    except GameError as exc:  # pragma: no cover - labels were checked above
        raise checks.err(["moves"], str(exc)) from None
    return Scenario(
        game=game,
        path=doc.path,
        doc=doc,
        pressures=sections.pressures,
        channels=sections.channels,
        weights=weights,
        parameters=parameters,
        issues=issues,
        warnings=checks.warnings,
        channel_descriptions=sections.channel_descriptions,
        quantities={p: dict(resolver.values[p]) for p in players},
        levers=levers,
        moves=moves,
        interactions=interactions,
        effects=effects,
        issue_descriptions=resolver.issue_descriptions,
        sources=sections.sources,
        status_quo=sections.status_quo,
        provenance=dict(resolver.provenance),
    )
