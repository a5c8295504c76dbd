"""What the analysis reads beyond the :class:`~negotiation.game.Game`, typed and sourced.

Leverage, bargaining and the folk analysis need a few facts a payoff matrix does not
hold: how fast each side loses by deadlock (its **discount rate**), how dependent it is
on the other's chokepoint (**dependence**), where things stand today (the **status
quo**), the **issues** it could link, and what its domestic ratifiers demand
(**thresholds**). :class:`NegotiationInputs` carries them, each number as a
:class:`Provenanced` value that says where it came from — a scenario's formula of its
pressures, a command-line option, or an assumed default.

A scenario produces its inputs (:func:`negotiation.workflows.load.load_model`); a plain
payoff file gets :meth:`NegotiationInputs.defaults`; options refine either with
:meth:`NegotiationInputs.with_values`. The analysis functions take it explicitly —
``leverage(game, inputs)``, ``bargain(game, inputs)`` — and never look for magic
attributes on a duck-typed source.

>>> from negotiation import Game
>>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"))
>>> inputs = NegotiationInputs.defaults(pd).with_values(discount_rates={"US": "1/10"})
>>> inputs.discount_rates["US"].value, inputs.discount_rates["US"].source
(Fraction(1, 10), 'given as an option')
>>> "China" in inputs.discount_rates
False
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from negotiation.errors import GameError
from negotiation.game import Game, to_fraction
from negotiation.numbers import format_number

__all__ = ["GIVEN", "NegotiationInputs", "Provenanced"]

#: the ``source`` of a value typed on the command line or passed by a caller
GIVEN = "given as an option"


@dataclass(frozen=True)
class Provenanced:
    """A number with where it came from.

    Attributes
    ----------
    value
        The value, exact where it was written exactly.
    source
        Where it came from, in words (``"scenario parameter discount_rate (from the
        pressures)"``, ``"given as an option"``).
    formula
        The formula that computed it (scenarios), else ``""``.
    pressures
        The pressures it depends on, qualified (``"China.deflation"``).
    path
        Its dotted path in the file, which ``--set`` addresses (``""`` if none).

    Examples
    --------
    >>> r = Provenanced(Fraction(1, 10), "given as an option")
    >>> r.to_dict()
    {'value': 0.1, 'source': 'given as an option', 'formula': '', 'pressures': [], 'path': ''}
    """

    value: Fraction | float
    source: str
    formula: str = ""
    pressures: tuple[str, ...] = ()
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": float(self.value),
            "source": self.source,
            "formula": self.formula,
            "pressures": list(self.pressures),
            "path": self.path,
        }

    def __str__(self) -> str:
        text = f"{format_number(self.value)} ({self.source})"
        return text + (f" = {self.formula}" if self.formula else "")


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class NegotiationInputs:
    """Everything the analysis reads beyond the game, each number with its provenance.

    Attributes
    ----------
    players
        Player names, in the game's order.
    discount_rates
        ``{player: Provenanced}`` per-year discount rates; a player missing here has no
        stated rate (leverage then assumes a default and says so).
    dependence
        ``{player: Provenanced}`` chokepoint dependence in ``[0, 1]``; missing: not
        modelled.
    status_quo
        One move per player — where things stand today — or ``None``.
    issues
        ``{issue: {player: value}}`` for the issue-linkage analysis (empty: none).
    floors
        ``{player: payoff}``: the least each side's ratifiers accept (win-sets).
    ratification
        ``{player: θ}``: ratification thresholds as shares in ``[0, 1]``.
    escalation
        ``{player: moves}``: a player's moves from least to most escalatory, where the
        file declares it (``escalation:``); a player missing here escalates in the
        order its moves are listed. Leverage's "escalation" disagreement point and the
        "conciliatory" threat reference read it (:meth:`escalation_ranks`), so the
        display order of a matrix never has to encode it.
    common_unit
        Whether the players' payoffs share one unit (so sums and comparisons across
        players mean something); ``False`` unless the source says so.
    source
        What produced these inputs, in words (``"scenario"``, ``"payoff file"``).
    """

    players: tuple[str, ...]
    discount_rates: Mapping[str, Provenanced] = field(default_factory=dict)
    dependence: Mapping[str, Provenanced] = field(default_factory=dict)
    status_quo: tuple[str, ...] | None = None
    issues: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    floors: Mapping[str, Fraction] = field(default_factory=dict)
    ratification: Mapping[str, Fraction] = field(default_factory=dict)
    escalation: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    common_unit: bool = False
    source: str = "defaults"

    def __post_init__(self) -> None:
        for name in ("discount_rates", "dependence", "floors", "ratification", "escalation"):
            values: Mapping[str, Any] = getattr(self, name)
            unknown = [p for p in values if p not in self.players]
            if unknown:
                raise GameError(
                    f"unknown player {unknown[0]!r} in {name.replace('_', ' ')}; players are "
                    f"{', '.join(self.players)}"
                )
            object.__setattr__(self, name, _frozen(values))
        object.__setattr__(self, "issues", _frozen({k: _frozen(v) for k, v in self.issues.items()}))
        if self.status_quo is not None and len(self.status_quo) != len(self.players):
            raise GameError(f"a status quo names one move per player ({len(self.players)})")

    def escalation_ranks(self, game: Game) -> tuple[tuple[int, ...], ...]:
        """Per player, each move's escalation rank (0 = most conciliatory), in game order.

        >>> from negotiation import Game
        >>> g = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]],
        ...                        moves=(("Bach", "Stravinsky"), ("Bach", "Stravinsky")))
        >>> inputs = NegotiationInputs(g.players, escalation={"Row": ("Stravinsky", "Bach")})
        >>> inputs.escalation_ranks(g)
        ((1, 0), (0, 1))
        """
        ranks = []
        for i, player in enumerate(game.players):
            order = self.escalation.get(player)
            moves = game.moves[i]
            if order is None:
                ranks.append(tuple(range(len(moves))))
                continue
            if sorted(order) != sorted(moves):
                raise GameError(
                    f"the escalation order of {player} must list each of its moves once "
                    f"({', '.join(moves)}), got {', '.join(order)}"
                )
            ranks.append(tuple(order.index(m) for m in moves))
        return tuple(ranks)

    def most_conciliatory(self, game: Game) -> tuple[int, ...]:
        """The profile (move indices) where every player plays its least escalatory move."""
        return tuple(r.index(0) for r in self.escalation_ranks(game))

    def in_escalation_order(self, game: Game) -> Game:
        """The same game with every player's moves listed least escalatory first.

        For analyses that read escalation from move order (the repeated-game strategies:
        "always escalate" plays the last move, tit-for-tat mirrors levels); results stay
        labelled by move name, so only the order of rows and columns changes.
        """
        if not self.escalation:
            return game
        ranks = self.escalation_ranks(game)
        return game.restrict([[r.index(k) for k in range(len(r))] for r in ranks])

    @classmethod
    def defaults(cls, game: Game, source: str = "payoff file") -> NegotiationInputs:
        """No rates, no dependence, no status quo, no issues: what a plain payoff file gives."""
        return cls(players=game.players, source=source)

    def with_values(
        self,
        *,
        discount_rates: Mapping[str, Any] | Sequence[Any] | None = None,
        dependence: Mapping[str, Any] | Sequence[Any] | None = None,
        floors: Mapping[str, Any] | Sequence[Any] | None = None,
        ratification: Mapping[str, Any] | Sequence[Any] | None = None,
        status_quo: Sequence[str] | None = None,
        issues: Mapping[str, Mapping[str, Any]] | None = None,
        source: str = GIVEN,
    ) -> NegotiationInputs:
        """These inputs with some values replaced (by name or in player order).

        Given ``floors`` or ``ratification`` replace both (they are two ways of saying one
        thing); rates and dependence replace only the players named.
        """
        changes: dict[str, Any] = {}
        if discount_rates is not None:
            given = _per_player(discount_rates, self.players, "discount rate")
            changes["discount_rates"] = {
                **self.discount_rates,
                **{p: Provenanced(to_fraction(v), source) for p, v in given.items()},
            }
        if dependence is not None:
            given = _per_player(dependence, self.players, "dependence")
            changes["dependence"] = {
                **self.dependence,
                **{p: Provenanced(float(v), source) for p, v in given.items()},
            }
        if floors is not None or ratification is not None:
            changes["floors"] = (
                {}
                if floors is None
                else {
                    p: to_fraction(v) for p, v in _per_player(floors, self.players, "floor").items()
                }
            )
            changes["ratification"] = (
                {}
                if ratification is None
                else {
                    p: to_fraction(v)
                    for p, v in _per_player(ratification, self.players, "threshold").items()
                }
            )
        if status_quo is not None:
            changes["status_quo"] = tuple(status_quo)
        if issues is not None:
            changes["issues"] = {k: dict(v) for k, v in issues.items()}
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "discount_rates": {p: v.to_dict() for p, v in self.discount_rates.items()},
            "dependence": {p: v.to_dict() for p, v in self.dependence.items()},
            "status_quo": None if self.status_quo is None else list(self.status_quo),
            "issues": {k: dict(v) for k, v in self.issues.items()},
            "floors": {p: float(v) for p, v in self.floors.items()},
            "ratification": {p: float(v) for p, v in self.ratification.items()},
            "common_unit": self.common_unit,
            "source": self.source,
            # only when declared, so outputs of files without one keep their shape
            **(
                {"escalation": {p: list(m) for p, m in self.escalation.items()}}
                if self.escalation
                else {}
            ),
        }

    def __str__(self) -> str:
        lines = [f"Inputs ({self.source})"]
        for p in self.players:
            rate = self.discount_rates.get(p)
            dep = self.dependence.get(p)
            lines.append(
                f"  {p}: discount rate {rate if rate is not None else 'not given'}; "
                f"dependence {dep if dep is not None else 'not modelled'}"
            )
        if self.status_quo is not None:
            lines.append(f"  status quo: {' / '.join(self.status_quo)}")
        if self.issues:
            lines.append(f"  issues: {', '.join(self.issues)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><th>{esc(p)}</th>"
            f"<td>{esc(str(self.discount_rates.get(p, 'not given')))}</td>"
            f"<td>{esc(str(self.dependence.get(p, 'not modelled')))}</td></tr>"
            for p in self.players
        )
        return (
            f"<table><caption>Inputs ({esc(self.source)})</caption><thead><tr><th></th>"
            f"<th>discount rate</th><th>dependence</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def _per_player(
    values: Mapping[str, Any] | Sequence[Any], players: Sequence[str], what: str
) -> dict[str, Any]:
    """``{player: value}`` from a mapping by name or a sequence in player order."""
    if isinstance(values, Mapping):
        unknown = [k for k in values if k not in players]
        if unknown:
            raise GameError(
                f"unknown player {unknown[0]!r} in {what}; players are {', '.join(players)}"
            )
        return dict(values)
    if isinstance(values, str):
        raise GameError(f"give one {what} per player ({len(players)}), not a text")
    items = list(values)
    if len(items) != len(players):
        raise GameError(f"give one {what} per player ({len(players)})")
    return dict(zip(players, items, strict=True))
