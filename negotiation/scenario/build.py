"""The :class:`Scenario` and how it is built from a parsed scenario file.

Three stages, one module each: :mod:`~negotiation.scenario.schema` checks the sections
(positioned errors; the published JSON Schema), :mod:`~negotiation.scenario.quantities`
resolves every number and formula, :mod:`~negotiation.scenario.payoffs` assembles
effects × weights into the game. This module chains them into a :class:`Scenario`, the
thin object that holds the result (its pieces are in :mod:`~negotiation.scenario.model`).

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

import copy
import html
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import IO, Any

import numpy as np

from negotiation.errors import GameError, PayoffFileError
from negotiation.files.limits import check_scenario_size
from negotiation.files.overrides import apply_overrides
from negotiation.files.payoff_file import is_scenario
from negotiation.files.yamldoc import YamlDoc, load_yaml
from negotiation.game import Game, Source
from negotiation.numbers import format_number
from negotiation.scenario.explain import (
    CellExplanation,
    WeightsExplanation,
    explain_cell,
    explain_weights,
)
from negotiation.scenario.model import (
    Interaction,
    Lever,
    Move,
    Pressure,
    Provenance,
    Quantity,
    UncertainInput,
)
from negotiation.scenario.payoffs import build_levers, effect_array, effect_parts, payoff_array
from negotiation.scenario.quantities import REQUIRED_PARAMETERS, resolve_quantities
from negotiation.scenario.schema import SCENARIO_KEYS, validate_scenario_document
from negotiation.scenario.sections import read_sections

__all__ = [
    "REQUIRED_PARAMETERS",
    "SCENARIO_KEYS",
    "Scenario",
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


@dataclass(frozen=True, eq=False)
class Scenario:
    """A game built from pressures, with everything needed to trace each payoff.

    Build one with :func:`negotiation.scenario.read_scenario` or
    :func:`negotiation.scenario.build_scenario`; the fields are the interface the
    leverage, bargaining, plotting and CLI code rely on.

    Attributes
    ----------
    game
        The normal-form game (players, moves most conciliatory first, exact payoffs).
    path, doc
        Where it came from and the parsed document (for positions and ``set``).
    pressures
        ``player -> name -> Pressure``.
    channels
        Channel names in file order; ``channel_descriptions`` says what each measures.
    weights
        ``player -> channel -> weight`` (float, already rounded).
    parameters
        ``player -> name -> value``: at least ``discount_rate`` (per year) and
        ``dependence`` (in [0, 1]), plus any helper quantity the file defines.
    issues
        ``issue -> player -> value`` of getting its way on that issue (positive).
    warnings
        Things worth telling the user that do not stop the model (pressures outside
        their declared range, a dependence outside [0, 1]).
    effects
        Exact effects, object array shaped ``(n_players, n_channels, *game.shape)``.
    status_quo
        One move per player: where things stand today (the file's optional
        ``status_quo``), the reference against which threats are measured; ``None``
        when the file does not say.
    """

    game: Game
    path: str
    doc: YamlDoc | None
    pressures: dict[str, dict[str, Pressure]]
    channels: tuple[str, ...]
    weights: dict[str, dict[str, float]]
    parameters: dict[str, dict[str, float]]
    issues: dict[str, dict[str, float]]
    warnings: list[str]
    channel_descriptions: dict[str, str] = field(default_factory=dict)
    quantities: dict[str, dict[str, Quantity]] = field(default_factory=dict)
    levers: dict[str, dict[str, Lever]] = field(default_factory=dict)
    moves: dict[str, tuple[Move, ...]] = field(default_factory=dict)
    interactions: tuple[Interaction, ...] = ()
    effects: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object), repr=False)
    issue_descriptions: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    status_quo: tuple[str, ...] | None = None
    provenance: dict[tuple[str | int, ...], Provenance] = field(default_factory=dict)

    @property
    def players(self) -> tuple[str, ...]:
        return self.game.players

    def uncertain_inputs(self) -> tuple[UncertainInput, ...]:
        """Every ranged number of the scenario, with its ``--set`` path and provenance.

        The pressures first (in file order), then every number written as
        ``{value, range, ...}`` in weights, parameters, levers, interactions and issues.
        Setting a record's ``path`` (``--set PATH=V`` or :meth:`with_overrides`) sets
        its value; the what-if engine draws each one inside ``range`` by
        ``distribution``.

        >>> from pathlib import Path
        >>> from negotiation.scenario import read_scenario
        >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
        >>> deflation = {r.path: r for r in s.uncertain_inputs()}["pressures.China.deflation"]
        >>> deflation.value, deflation.range
        (0.6, (0.0, 1.0))
        """
        records = [
            UncertainInput(
                path=f"pressures.{p.player}.{p.name}",
                player=p.player,
                value=p.value,
                range=p.range,
                distribution=p.distribution,
                kind=p.kind,
                source=p.source,
                quote=p.quote,
                reason=p.reason,
                unit=p.unit,
            )
            for named in self.pressures.values()
            for p in named.values()
        ]
        for loc, prov in self.provenance.items():
            if prov.range is None:
                continue
            records.append(
                UncertainInput(
                    path=".".join(str(part) for part in loc),
                    player=_owner(loc),
                    value=_value_at(self, loc),
                    range=prov.range,
                    distribution=prov.distribution,
                    kind=prov.kind,
                    source=prov.source,
                    quote=prov.quote,
                    reason=prov.reason,
                    unit=prov.unit,
                )
            )
        return tuple(records)

    def pressure(self, player: str, name: str) -> Pressure:
        """The pressure ``name`` of ``player``."""
        return self.pressures[player][name]

    def quantity(self, player: str, name: str) -> Quantity:
        """A computed quantity by its path, e.g. ``quantity("US", "weights.security")``."""
        return self.quantities[player][name]

    def exact_weight(self, player: str, channel: str) -> Fraction:
        return self.quantities[player][f"weights.{channel}"].exact

    def with_overrides(self, overrides: Sequence[str] | Mapping[str, Any]) -> Scenario:
        """The scenario rebuilt with ``--set``-style overrides (the file is not touched).

        Cheaper than :func:`~negotiation.scenario.read_scenario` in a loop: the parsed
        document is copied, not re-read. Use it for what-if sweeps:

        >>> from pathlib import Path
        >>> from negotiation.scenario import read_scenario
        >>> base = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
        >>> [base.with_overrides({"pressures.China.deflation": d}).parameters["China"]["discount_rate"]
        ...  for d in (0.0, 0.5, 1.0)]
        [0.105063, 0.116312, 0.127563]
        """
        if self.doc is None:
            raise ValueError("this scenario has no document to override")
        doc = copy.deepcopy(self.doc)
        apply_overrides(doc, overrides)
        return build_scenario(doc)

    def explain(self, profile: Sequence[str | int]) -> CellExplanation:
        """How the payoffs of one cell are built; see :func:`~negotiation.scenario.explain.explain_cell`."""
        return explain_cell(self, profile)

    def explain_weights(self) -> WeightsExplanation:
        """Where every weight and parameter comes from; see :func:`~negotiation.scenario.explain.explain_weights`."""
        return explain_weights(self)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``: inputs, weights, parameters, issues and the game."""
        return {
            "path": self.path,
            "game": self.game.to_dict(),
            "channels": {c: self.channel_descriptions.get(c, "") for c in self.channels},
            "pressures": {
                p: {n: pr.to_dict() for n, pr in named.items()}
                for p, named in self.pressures.items()
            },
            "weights": self.weights,
            "parameters": self.parameters,
            "issues": self.issues,
            "warnings": list(self.warnings),
        }

    def __repr__(self) -> str:
        shape = "×".join(str(n) for n in self.game.shape)
        return f"<Scenario {self.game.title or self.path!r}: {shape}, channels {', '.join(self.channels)}>"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(p)}</th>"
            + "".join(f"<td>{format_number(self.exact_weight(p, c))}</td>" for c in self.channels)
            + "</tr>"
            for p in self.players
        )
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.channels)
        weights = f"<table><caption>weights</caption><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>"
        return self.game._repr_html_() + weights


def _owner(loc: Sequence[str | int]) -> str:
    """The player whose payoff or parameter a number at ``loc`` belongs to."""
    section = loc[0]
    if section in ("weights", "parameters"):
        return str(loc[1])
    if section == "levers":
        return str(loc[4])
    if section == "interactions":
        return str(loc[3])
    if section == "issues":
        return str(loc[2])
    return ""


def _value_at(scenario: Scenario, loc: Sequence[str | int]) -> float:
    """The number written at ``loc`` in the scenario's document."""
    node: Any = scenario.doc.data if scenario.doc is not None else {}
    for part in loc:
        node = node[part]
    return float(node["value"] if isinstance(node, Mapping) else node)
