"""Take a scenario's payoffs apart: every number back to the pressures and quotes behind it.

Two questions an analyst asks of a built payoff matrix:

* *Where does this weight come from?* — :func:`explain_weights` lists each player's
  weights and parameters with their formulas and the pressures (value, unit, quote)
  they use, directly or through other quantities.
* *Why is this cell worth what it is?* — :func:`explain_cell` splits each player's
  payoff into one term per channel, ``weight × effect = contribution``, and each effect
  into the levers and interactions that produce it. The contributions add up to the
  payoff **exactly** (the game stores the same exact fractions).

The results are small dataclasses with ``to_dict()`` (for ``--json``) and
``_repr_html_`` (for notebooks); ``negotiation explain`` prints them as text.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from negotiation.errors import NegotiationError
from negotiation.numbers import exact_text, format_html, format_number, format_numbers
from negotiation.scenario.model import Pressure, Quantity
from negotiation.scenario.payoffs import effect_parts

if TYPE_CHECKING:
    from negotiation.scenario.build import Scenario

__all__ = [
    "CellExplanation",
    "ChannelTerm",
    "EffectPart",
    "Input",
    "PlayerBreakdown",
    "PressureUses",
    "QuantitySource",
    "WeightsExplanation",
    "explain_cell",
    "explain_weights",
    "pressure_uses",
    "quantity_source",
]


@dataclass(frozen=True)
class Input:
    """A name a formula used, with its value: a pressure or another computed quantity."""

    name: str
    value: float
    kind: str  # "pressure", "parameter" or "weight"
    unit: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "kind": self.kind, "unit": self.unit}


@dataclass(frozen=True)
class QuantitySource:
    """How one computed number came about: formula, direct inputs, and the pressures behind it."""

    player: str
    name: str
    value: float
    formula: str
    inputs: tuple[Input, ...]
    pressures: tuple[Pressure, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "name": self.name,
            "value": self.value,
            "formula": self.formula,
            "inputs": [i.to_dict() for i in self.inputs],
            "pressures": [p.to_dict() for p in self.pressures],
        }


@dataclass(frozen=True)
class EffectPart:
    """One lever's or interaction's share of a channel effect in a cell."""

    label: str
    value: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.label, "effect": exact_text(self.value)}


@dataclass(frozen=True)
class ChannelTerm:
    """One channel's term of a payoff: ``weight × effect = contribution``."""

    channel: str
    effect: Fraction
    weight: Fraction
    contribution: Fraction
    parts: tuple[EffectPart, ...]
    weight_source: QuantitySource

    def to_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "effect": exact_text(self.effect),
            "weight": exact_text(self.weight),
            "contribution": exact_text(self.contribution),
            "effect_parts": [p.to_dict() for p in self.parts],
            "weight_from": self.weight_source.to_dict(),
        }


@dataclass(frozen=True)
class PlayerBreakdown:
    """A player's payoff in one cell, term by term."""

    player: str
    move: str
    payoff: Fraction
    terms: tuple[ChannelTerm, ...]

    @property
    def total(self) -> Fraction:
        """Sum of the contributions (equal to ``payoff``, exactly)."""
        return sum((t.contribution for t in self.terms), Fraction(0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "move": self.move,
            "payoff": exact_text(self.payoff),
            "terms": [t.to_dict() for t in self.terms],
        }


@dataclass(frozen=True)
class CellExplanation:
    """How the payoffs of one cell are built, for every player.

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> cell = s.explain(("hold", "suspend"))
    >>> [str(p.payoff) for p in cell.players]
    ['0', '0']
    >>> us = s.explain(("tariffs", "licensing"))["US"]
    >>> us.total == us.payoff == s.game.payoff(("tariffs", "licensing"))[0]
    True
    """

    profile: tuple[str, ...]
    players: tuple[PlayerBreakdown, ...]

    def __getitem__(self, player: str) -> PlayerBreakdown:
        for breakdown in self.players:
            if breakdown.player == player:
                return breakdown
        raise KeyError(player)

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": {b.player: b.move for b in self.players},
            "players": {b.player: b.to_dict() for b in self.players},
        }

    def __str__(self) -> str:
        """The cell as text: each player's payoff, channel by channel, and where each
        weight comes from (formula and pressures) — what ``negotiation explain --cell``
        prints, without the quotes (``to_dict()`` and the HTML view carry them)."""
        profile = ", ".join(f"{b.player} plays {b.move}" for b in self.players)
        lines = [f"Cell: {profile}", "payoff = sum over channels of effect × weight"]
        for b in self.players:
            lines += ["", f"{b.player}: payoff {format_number(b.payoff)}"]
            effects = format_numbers([t.effect for t in b.terms])
            weights = format_numbers([t.weight for t in b.terms])
            contributions = format_numbers([*(t.contribution for t in b.terms), b.total])
            rows = [("channel", "effect", "weight", "contribution")]
            rows += [
                (t.channel, effects[k], weights[k], contributions[k]) for k, t in enumerate(b.terms)
            ]
            rows.append(("total", "", "", contributions[-1]))
            widths = [max(len(r[k]) for r in rows) for k in range(4)]
            for r in rows:
                lines.append(
                    "  " + r[0].ljust(widths[0]) + "  "
                    + "  ".join(r[k].rjust(widths[k]) for k in (1, 2, 3))
                )  # fmt: skip
            lines.append("  weights from:")
            for t in b.terms:
                if t.effect == 0:
                    continue
                source = t.weight_source
                pressures = ", ".join(
                    f"{p.qualified} = {format_number(p.value)}" for p in source.pressures
                )
                lines.append(f"    {t.channel} = {source.formula or 'a number set in the file'}")
                if pressures:
                    lines.append(f"      from pressures: {pressures}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = []
        for b in self.players:
            rows = "".join(
                f"<tr><td>{esc(t.channel)}</td><td>{format_number(t.effect)}</td>"
                f"<td>{format_number(t.weight)}</td><td>{format_number(t.contribution)}</td>"
                f"<td>{esc('; '.join(f'{p.label} {format_number(p.value)}' for p in t.parts))}</td></tr>"
                for t in b.terms
            )
            parts.append(
                f"<table><caption>{esc(b.player)} plays {esc(b.move)}: payoff "
                f"{format_number(b.payoff)}</caption><thead><tr><th>channel</th><th>effect</th>"
                f"<th>weight</th><th>contribution</th><th>effect from</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
        return "".join(parts)


@dataclass(frozen=True)
class WeightsExplanation:
    """Every weight and parameter of every player, with formulas and pressures."""

    players: tuple[str, ...]
    weights: dict[str, tuple[QuantitySource, ...]]
    parameters: dict[str, tuple[QuantitySource, ...]]
    issues: dict[str, tuple[QuantitySource, ...]]

    def to_dict(self) -> dict[str, Any]:
        players = {
            p: {
                "weights": {q.name.split(".", 1)[1]: q.to_dict() for q in self.weights[p]},
                "parameters": {q.name.split(".", 1)[1]: q.to_dict() for q in self.parameters[p]},
                "issues": {q.name.split(".", 1)[1]: q.to_dict() for q in self.issues[p]},
            }
            for p in self.players
        }
        return {"players": players}

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{esc(q.player)}</td><td>{esc(q.name)}</td><td>{format_html(q.value)}</td>"
            f"<td><code>{esc(q.formula)}</code></td>"
            f"<td>{esc(', '.join(f'{p.qualified} = {format_number(p.value)}' for p in q.pressures))}</td></tr>"
            for p in self.players
            for q in (*self.weights[p], *self.parameters[p])
        )
        return (
            "<table><thead><tr><th>player</th><th>quantity</th><th>value</th><th>formula</th>"
            f"<th>pressures</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def quantity_source(scenario: Scenario, quantity: Quantity) -> QuantitySource:
    """The :class:`QuantitySource` of a computed quantity of ``scenario``."""
    inputs = []
    for qualified in quantity.inputs:
        player, name = qualified.split(".", 1)
        if name in scenario.pressures.get(player, {}):
            pressure = scenario.pressures[player][name]
            inputs.append(Input(qualified, pressure.value, "pressure", pressure.unit))
        elif name in scenario.channels:
            inputs.append(Input(qualified, scenario.weights[player][name], "weight"))
        else:
            inputs.append(Input(qualified, scenario.parameters[player][name], "parameter"))
    return QuantitySource(
        player=quantity.player,
        name=quantity.name,
        value=quantity.value,
        formula=quantity.formula,
        inputs=tuple(inputs),
        pressures=tuple(scenario.pressures[p][n] for p, n in quantity.pressures),
    )


def explain_weights(scenario: Scenario) -> WeightsExplanation:
    """Where each weight, parameter and issue value of ``scenario`` comes from.

    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> w = explain_weights(s).weights["China"][0]
    >>> w.name, w.formula, [p.qualified for p in w.pressures]
    ('weights.trade_access', '1 + export_stress * (deflation + youth_unemployment)', ['China.deflation', 'China.youth_unemployment'])
    """

    def pick(player: str, prefix: str) -> tuple[QuantitySource, ...]:
        return tuple(
            quantity_source(scenario, q)
            for name, q in scenario.quantities[player].items()
            if name.startswith(prefix)
        )

    players = scenario.players
    return WeightsExplanation(
        players=players,
        weights={
            p: tuple(
                quantity_source(scenario, scenario.quantities[p][f"weights.{c}"])
                for c in scenario.channels
            )
            for p in players
        },
        parameters={p: pick(p, "parameters.") for p in players},
        issues={p: pick(p, "issues.") for p in players},
    )


def explain_cell(scenario: Scenario, profile: Sequence[str | int]) -> CellExplanation:
    """Each player's payoff at a pure profile, split into channel terms.

    Parameters
    ----------
    scenario
        A built scenario.
    profile
        One move per player, by name or index (e.g. ``("tariffs", "defence_ban")``).

    Returns
    -------
    CellExplanation
        Per player, per channel: the effect (and the levers/interactions making it),
        the weight (and the formula and pressures behind it), their product. The
        contributions sum exactly to the game's payoff.
    """
    game = scenario.game
    index = game.profile_index(profile)
    moves = [scenario.moves[p][k] for p, k in zip(game.players, index, strict=True)]
    parts = effect_parts(scenario.levers, scenario.interactions, moves)
    breakdowns = []
    for i, player in enumerate(game.players):
        terms = []
        for c, channel in enumerate(scenario.channels):
            pieces = tuple(
                EffectPart(label, values[(player, channel)])
                for label, values in parts
                if (player, channel) in values
            )
            effect = scenario.effects[(i, c, *index)]
            weight = scenario.exact_weight(player, channel)
            source = quantity_source(scenario, scenario.quantities[player][f"weights.{channel}"])
            terms.append(ChannelTerm(channel, effect, weight, weight * effect, pieces, source))
        breakdowns.append(
            PlayerBreakdown(player, moves[i].name, game.exact[(i, *index)], tuple(terms))
        )
    return CellExplanation(game.profile_names(index), tuple(breakdowns))


@dataclass(frozen=True)
class PressureUses:
    """Where one pressure enters the model: every quantity computed from it."""

    pressure: Pressure
    quantities: tuple[QuantitySource, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "pressure": self.pressure.to_dict(),
            "used_by": [
                {"player": q.player, "name": q.name, "value": q.value, "formula": q.formula}
                for q in self.quantities
            ],
        }


def pressure_uses(scenario: Scenario, qualified: str) -> PressureUses:
    """The quantities (weights, parameters, issue values, effects) that use a pressure.

    ``qualified`` is ``"Player.name"``; the use may be direct or through another
    quantity (China's discount rate uses deflation through ``stress``).

    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> [q.name for q in pressure_uses(s, "China.deflation").quantities]
    ['weights.trade_access', 'parameters.stress', 'parameters.discount_rate', 'issues.rare_earth_licences', 'issues.tariffs']
    """

    player, _, name = qualified.partition(".")
    if player not in scenario.pressures or name not in scenario.pressures[player]:
        known = [p.qualified for named in scenario.pressures.values() for p in named.values()]
        close = difflib.get_close_matches(qualified, known, n=3)
        hint = (
            f"did you mean {' or '.join(close)}?" if close else f"pressures are {', '.join(known)}"
        )
        raise NegotiationError(f"no pressure '{qualified}' in {scenario.path} — {hint}")
    used = tuple(
        quantity_source(scenario, q)
        for p in scenario.players
        for q in scenario.quantities[p].values()
        if (player, name) in q.pressures
    )
    return PressureUses(scenario.pressures[player][name], used)
