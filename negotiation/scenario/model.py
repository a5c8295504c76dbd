"""The labelled pieces of a scenario: pressures, levers, moves, quantities, the Scenario.

A scenario is a game whose payoffs are *built*, not typed in. Each player feels
**pressures** (facts with a value, a unit, a plausible range and a quote), values a few
**channels** (trade access, rare-earth supply, …) with **weights** computed from those
pressures, and chooses a **move**, a combination of **levers**. Every lever (and a few
combinations of levers, the **interactions**) moves each player's channels by a stated
**effect**. Player ``i``'s payoff in a cell is

.. math:: u_i(\\text{cell}) = \\sum_c w_{i,c} \\, e_{i,c}(\\text{cell}),
   \\qquad e_{i,c}(\\text{cell}) = \\sum_{\\text{levers pulled}} e^{\\text{lever}}_{i,c}
   + \\sum_{\\text{interactions active}} e^{\\text{inter}}_{i,c}.

Weights and formula effects are rounded to :data:`DECIMALS` places before use and the
sum is done in exact fractions, so the payoff is *exactly* the sum of the contributions
that :meth:`Scenario.explain` shows. This module only holds the data; the work is done by
:mod:`negotiation.scenario.build` and :mod:`negotiation.scenario.explain`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.game import Game, Source
from negotiation.numbers import format_number

if TYPE_CHECKING:
    from negotiation.files.yamldoc import YamlDoc
    from negotiation.scenario.explain import CellExplanation, WeightsExplanation

__all__ = [
    "DECIMALS",
    "PARAMETER_DECIMALS",
    "Interaction",
    "Lever",
    "Move",
    "Pressure",
    "Provenance",
    "Quantity",
    "Scenario",
    "UncertainInput",
]

#: decimal places kept of a weight or effect formula's value before it enters a payoff
DECIMALS = 4
#: decimal places kept of parameters (discount rates, dependence) and issue values
PARAMETER_DECIMALS = 6


@dataclass(frozen=True)
class Pressure:
    """A fact that pushes a player: its value, unit, plausible range and the quote behind it.

    Examples
    --------
    >>> p = Pressure("deflation", "China", 0.6, "severity 0-1", (0.0, 1.0),
    ...              "how entrenched falling prices are", "entrenched deflation", "article")
    >>> p.in_range, p.qualified
    (True, 'China.deflation')
    """

    name: str
    player: str
    value: float
    unit: str
    range: tuple[float, float]
    description: str = ""
    quote: str = ""
    source: str = ""
    kind: str = ""
    reason: str = ""
    distribution: str = "uniform"

    @property
    def qualified(self) -> str:
        """``Player.name``, the way formulas of other players refer to it."""
        return f"{self.player}.{self.name}"

    @property
    def in_range(self) -> bool:
        lo, hi = self.range
        return lo <= self.value <= hi

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "player": self.player,
            "value": self.value,
            "unit": self.unit,
            "range": list(self.range),
            "description": self.description,
            "quote": self.quote,
            "source": self.source,
        }


@dataclass(frozen=True)
class Provenance:
    """Where an uncertain number comes from, and how far it may plausibly move.

    ``kind`` is ``"fact"`` (a verbatim ``quote`` from, or a citation of, ``source``),
    ``"estimate"`` (a named ``source`` beyond the article, page or table in ``reason``)
    or ``"judgement"`` (one line of ``reason``). Estimates and judgements carry a
    ``range``; a fact may carry one as what-if room.
    """

    kind: str
    range: tuple[float, float] | None = None
    source: str = ""
    quote: str = ""
    reason: str = ""
    distribution: str = "uniform"
    unit: str = ""
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "range": None if self.range is None else list(self.range),
            "source": self.source,
            "quote": self.quote,
            "reason": self.reason,
            "distribution": self.distribution,
            "unit": self.unit,
            "description": self.description,
        }


@dataclass(frozen=True)
class UncertainInput:
    """One number of a scenario that may vary: its ``--set`` path, value and range.

    The record the what-if engine reads (:meth:`Scenario.uncertain_inputs`): ``path`` is
    what ``--set PATH=V`` and ``--vary PATH=LO:HI:N`` address (setting it sets the value).

    >>> UncertainInput("pressures.China.deflation", "China", 0.6, (0.0, 1.0), "uniform",
    ...                "judgement", "article").to_dict()["range"]
    [0.0, 1.0]
    """

    path: str
    player: str
    value: float
    range: tuple[float, float]
    distribution: str
    kind: str
    source: str
    quote: str = ""
    reason: str = ""
    unit: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "player": self.player,
            "value": self.value,
            "range": list(self.range),
            "distribution": self.distribution,
            "kind": self.kind,
            "source": self.source,
            "quote": self.quote,
            "reason": self.reason,
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Quantity:
    """A number the file computes by a formula: a weight, a parameter or an issue value.

    Attributes
    ----------
    player
        Whose quantity it is (formulas' bare names resolve in this player's scope).
    name
        ``"weights.trade_access"``, ``"parameters.discount_rate"``,
        ``"issues.tariffs"`` or ``"levers.tariff_100.effects.China.trade_access"``.
    value
        The value used (rounded to :data:`DECIMALS` for weights and effects).
    formula
        The text as written in the file (a number is its own formula).
    inputs
        Names the formula uses directly, qualified (``"China.deflation"``).
    pressures
        Every pressure the value depends on, directly or through other quantities,
        as ``(player, name)`` pairs in order of first use.
    location
        Path of the formula in the file (for positioned messages and ``--set``).
    """

    player: str
    name: str
    value: float
    formula: str
    inputs: tuple[str, ...] = ()
    pressures: tuple[tuple[str, str], ...] = ()
    location: tuple[str | int, ...] = ()

    @property
    def exact(self) -> Fraction:
        """The value as an exact fraction (its rounded decimal)."""
        return Fraction(repr(self.value))

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "name": self.name,
            "value": self.value,
            "formula": self.formula,
            "inputs": list(self.inputs),
            "pressures": [f"{p}.{n}" for p, n in self.pressures],
            "path": ".".join(str(part) for part in self.location),
        }


@dataclass(frozen=True)
class Lever:
    """One policy instrument; a move pulls a set of levers.

    ``effects[player][channel]`` is the exact change the lever makes to that player's
    channel when pulled (channels not listed are unchanged).
    """

    player: str
    name: str
    description: str = ""
    quote: str = ""
    source: str = ""
    effects: dict[str, dict[str, Fraction]] = field(default_factory=dict)


@dataclass(frozen=True)
class Move:
    """A move: a named combination of its player's levers (possibly none)."""

    player: str
    name: str
    levers: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Interaction:
    """An extra effect when particular levers or moves meet in one cell.

    ``when[player]`` names a lever (active when the player's move pulls it) or, if the
    player has no lever of that name, a move (active when the player plays it); the
    interaction applies when every condition holds.
    """

    name: str
    when: dict[str, str]
    description: str = ""
    quote: str = ""
    source: str = ""
    effects: dict[str, dict[str, Fraction]] = field(default_factory=dict)


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
        import copy

        from negotiation.files.overrides import apply_overrides
        from negotiation.scenario.build import build_scenario

        if self.doc is None:
            raise ValueError("this scenario has no document to override")
        doc = copy.deepcopy(self.doc)
        apply_overrides(doc, overrides)
        return build_scenario(doc)

    def explain(self, profile: Sequence[str | int]) -> CellExplanation:
        """How the payoffs of one cell are built; see :func:`~negotiation.scenario.explain.explain_cell`."""
        from negotiation.scenario.explain import explain_cell

        return explain_cell(self, profile)

    def explain_weights(self) -> WeightsExplanation:
        """Where every weight and parameter comes from; see :func:`~negotiation.scenario.explain.explain_weights`."""
        from negotiation.scenario.explain import explain_weights

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
        import html

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
