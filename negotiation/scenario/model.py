"""The labelled pieces of a scenario: pressures, levers, moves, quantities, provenance.

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
that :meth:`Scenario.explain` shows. This module only holds the pieces; the
:class:`~negotiation.scenario.build.Scenario` that joins them lives with its builder in
:mod:`negotiation.scenario.build`, and :mod:`negotiation.scenario.explain` traces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = [
    "DECIMALS",
    "PARAMETER_DECIMALS",
    "Interaction",
    "Lever",
    "Move",
    "Pressure",
    "Provenance",
    "Quantity",
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
