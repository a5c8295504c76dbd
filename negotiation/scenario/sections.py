"""The checked sections of a scenario file, every problem positioned at its text.

:class:`SectionReader` knows what the names mean — a move that pulls an unknown lever,
an interaction conditioned on a move the player does not have, a pressure outside its
range, an estimate without its source — and says so at the offending text
(``path:line:col: message — hint``), with the nearest known name where one is close.
:func:`read_sections` runs its checks in file order and returns the :class:`Sections`:
the labelled content of the file with the *location* of every number and formula, which
:mod:`negotiation.scenario.quantities` resolves. The shape of each section is also
described by the pydantic models of :mod:`negotiation.scenario.schema`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation.errors import PayoffFileError, quote_token
from negotiation.files.yamldoc import YamlDoc
from negotiation.game import Source
from negotiation.scenario.model import Pressure, Provenance
from negotiation.scenario.schema import (
    _INTERACTION_KEYS,
    _LEVER_KEYS,
    _MOVE_KEYS,
    _PRESSURE_KEYS,
    DISTRIBUTIONS,
    INPUT_KEYS,
    KINDS,
    SCENARIO_KEYS,
    _suggest,
)

__all__ = ["SectionReader", "Sections", "read_sections"]


# ------------------------------------------------------------------- checked sections
@dataclass(frozen=True)
class Sections:
    """The checked sections of a scenario file, with the location of every number.

    ``lever_locations[player][lever][affected][channel]`` and
    ``interaction_locations[name][affected][channel]`` are document paths of effects,
    resolved by :mod:`negotiation.scenario.quantities`.
    """

    doc: YamlDoc
    players: tuple[str, ...]
    sources: dict[str, Source]
    channels: tuple[str, ...]
    channel_descriptions: dict[str, str]
    pressures: dict[str, dict[str, Pressure]]
    lever_locations: dict[str, dict[str, dict[str, dict[str, Any]]]]
    lever_info: dict[str, dict[str, dict[str, str]]]
    move_levers: dict[str, dict[str, tuple[str, ...]]]
    move_info: dict[str, dict[str, str]]
    status_quo: tuple[str, ...] | None
    interaction_when: dict[str, dict[str, str]]
    interaction_locations: dict[str, dict[str, dict[str, Any]]]
    warnings: list[str] = field(default_factory=list)


def read_sections(doc: YamlDoc) -> tuple[Sections, SectionReader]:
    """Check every section of a scenario document; return them and the reader.

    The reader keeps the positioned-error helpers and the list of warnings that the
    later stages (quantities, payoffs) add to.
    """
    reader = SectionReader(doc)
    reader.known_keys([], SCENARIO_KEYS, "a scenario file")
    reader.read_players()
    reader.read_sources()
    reader.read_channels()
    reader.read_pressures()
    reader.read_levers()
    reader.read_moves()
    status_quo = reader.read_status_quo()
    reader.read_interactions()
    sections = Sections(
        doc=doc,
        players=reader.players,
        sources=reader.sources,
        channels=reader.channels,
        channel_descriptions=reader.channel_descriptions,
        pressures=reader.pressures,
        lever_locations=reader.lever_locations,
        lever_info=reader.lever_info,
        move_levers=reader.move_levers,
        move_info=reader.move_info,
        status_quo=status_quo,
        interaction_when=reader.interaction_when,
        interaction_locations=reader.interaction_locations,
        warnings=reader.warnings,
    )
    return sections, reader


class SectionReader:
    """Positioned checks of a scenario document's sections (``path:line:col: ...``)."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.data = doc.data
        self.warnings: list[str] = []

    # --------------------------------------------------------------- small checks
    def err(
        self, loc: Sequence[str | int], message: str, hint: str = "", *, key: bool = False
    ) -> PayoffFileError:
        return self.doc.error(list(loc), message, hint, key=key)

    def mapping(
        self, loc: Sequence[str | int], what: str, *, required: bool = True
    ) -> Mapping[str, Any]:
        value = self.doc.get(list(loc))
        if value is None:
            if not required:
                return {}
            raise self.err(loc, f"missing {what}", f"add '{loc[-1]}:' with one entry per name")
        if not isinstance(value, Mapping):
            raise self.err(
                loc,
                f"{what} must be a mapping of names",
                f"write '{loc[-1]}:' then 'name: ...' lines",
            )
        for name in value:
            if not isinstance(name, str):
                raise self.err(
                    [*loc, name],
                    f"names in {what} must be text, got {name!r}",
                    "a formula with commas inside { ... } must be put in quotes, "
                    'e.g. dependence: "clip(x, 0, 1)"',
                    key=True,
                )
        return value

    def text(self, loc: Sequence[str | int], *, required: bool = False) -> str:
        value = self.doc.get(list(loc))
        if value is None:
            if required:
                raise self.err(loc, f"missing {quote_token(loc[-1])}", "add it as a line of text")
            return ""
        if not isinstance(value, str):
            raise self.err(
                loc, f"{quote_token(loc[-1])} must be text, got {value!r}", "put it in quotes"
            )
        return str(value)

    def number(self, loc: Sequence[str | int], what: str) -> float:
        value = self.doc.get(list(loc))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.err(
                loc, f"{what} must be a number, got {value!r}", "write a number such as 0.6 or 29"
            )
        number = float(value)
        if not np.isfinite(number):
            raise self.err(loc, f"{what} must be finite, got {value!r}")
        return number

    def known_keys(self, loc: Sequence[str | int], allowed: Sequence[str], what: str) -> None:
        node = self.doc.get(list(loc))
        if not isinstance(node, Mapping):
            return
        for key in node:
            if key not in allowed:
                hint = _suggest(key, allowed, f"{what} keys are {', '.join(allowed)}")
                raise self.err(
                    [*loc, key], f"unknown key {quote_token(key)} in {what}", hint, key=True
                )

    def unknown_player(self, loc: list[Any], where: str) -> PayoffFileError:
        """The error for a player name at ``loc`` that the file does not declare."""
        player = str(loc[-1])
        hint = _suggest(player, self.players, f"players are {', '.join(self.players)}")
        if player in getattr(self, "channels", ()):
            # a channel where a player belongs: the key landed one level off
            line, _ = self.doc.position(list(loc), key=True)
            hint = (
                f"check the indentation of line {line}: {quote_token(player)} is a channel, so it "
                f"belongs one level deeper, under a player ({', '.join(self.players)})"
            )
        return self.err(loc, f"unknown player {quote_token(player)} {where}", hint, key=True)

    def player_sections(self, section: str, what: str) -> Mapping[str, Any]:
        node = self.mapping([section], what)
        for player in node:
            if player not in self.players:
                raise self.unknown_player([section, player], f"in {section}")
        for player in self.players:
            if player not in node:
                raise self.err(
                    [section],
                    f"{section} has no entry for player {quote_token(player)}",
                    f"add '{player}:' under '{section}:'",
                )
        return node

    def read_players(self) -> None:
        players = self.doc.get(["players"])
        if players is None:
            raise self.err([], "missing 'players'", "add 'players: [US, China]'")
        if not isinstance(players, Sequence) or isinstance(players, str) or not players:
            raise self.err(
                ["players"], "players must be a list of names", "write 'players: [US, China]'"
            )
        names: list[str] = []
        for k, p in enumerate(players):
            if isinstance(p, Mapping):  # the explicit format's {name: ..., description: ...}
                self.known_keys(["players", k], ("name", "description"), "a scenario player")
                p = p.get("name")
            if not isinstance(p, str) or not p.strip() or "." in p:
                raise self.err(["players", k], f"player name must be text without dots, got {p!r}")
            if p in names:
                raise self.err(["players", k], f"player {quote_token(p)} is listed twice")
            names.append(str(p))
        self.players: tuple[str, ...] = tuple(names)

    def read_sources(self) -> None:
        self.sources: dict[str, Source] = {}
        node = self.mapping(["sources"], "sources", required=False)
        for key in node:
            entry = node[key]
            if isinstance(entry, str):
                self.sources[key] = Source(citation=str(entry))
            elif isinstance(entry, Mapping):
                self.known_keys(["sources", key], ("citation", "url", "date", "note"), "a source")
                self.sources[key] = Source(
                    citation=self.text(["sources", key, "citation"], required=True)
                )
            else:
                raise self.err(["sources", key], "a source is a citation text or {citation: ...}")

    def check_source(self, loc: Sequence[str | int]) -> str:
        source = self.text([*loc, "source"])
        quote = self.text([*loc, "quote"])
        if quote and not source:
            raise self.err(
                [*loc, "quote"], "a quote needs a 'source'", "add 'source: <key under sources>'"
            )
        if source and source not in self.sources:
            hint = _suggest(source, self.sources, "add it under 'sources:' at the top")
            raise self.err([*loc, "source"], f"unknown source {quote_token(source)}", hint)
        return source

    def read_channels(self) -> None:
        node = self.mapping(["channels"], "channels")
        if not node:
            raise self.err(["channels"], "a scenario needs at least one channel")
        self.channels: tuple[str, ...] = tuple(node)
        self.channel_descriptions: dict[str, str] = {}
        for c in self.channels:
            if "." in c or c in self.players:
                raise self.err(
                    ["channels", c],
                    f"channel name {quote_token(c)} must not contain dots or be a player",
                    key=True,
                )
            value = node[c]
            if value is not None and not isinstance(value, str):
                raise self.err(["channels", c], "a channel's value is a one-line description")
            self.channel_descriptions[c] = str(value or "")

    def read_pressures(self) -> None:
        self.player_sections("pressures", "pressures")
        self.pressures: dict[str, dict[str, Pressure]] = {}
        for player in self.players:
            named = self.mapping(["pressures", player], f"{player}'s pressures")
            result: dict[str, Pressure] = {}
            for name in named:
                loc: list[str | int] = ["pressures", player, name]
                self.check_name(loc, name)
                if not isinstance(named[name], Mapping):
                    raise self.err(
                        loc,
                        f"pressure {quote_token(name)} must be a mapping",
                        "give value, unit, range, description, quote, source",
                    )
                self.known_keys(loc, _PRESSURE_KEYS, "a pressure")
                value = self.number([*loc, "value"], f"pressure {player}.{name}'s value")
                unit = self.text([*loc, "unit"], required=True)
                lo, hi = self.read_range([*loc, "range"])
                provenance = self.read_provenance(loc, default_kind="fact")
                pressure = Pressure(
                    name=name,
                    player=player,
                    value=value,
                    unit=unit,
                    range=(lo, hi),
                    description=self.text([*loc, "description"]),
                    quote=provenance.quote,
                    source=provenance.source,
                    kind=provenance.kind,
                    reason=provenance.reason,
                    distribution=provenance.distribution,
                )
                if not pressure.in_range:
                    self.warnings.append(
                        f"pressure {player}.{name} = {value:g} is outside its range [{lo:g}, {hi:g}] "
                        f"({unit}); the model extrapolates"
                    )
                result[name] = pressure
            self.pressures[player] = result

    def read_input(self, loc: list[str | int], what: str) -> tuple[float, Provenance]:
        """An uncertain number written as a mapping: its value and its provenance."""
        self.known_keys(loc, INPUT_KEYS, "an uncertain number")
        value = self.number([*loc, "value"], f"{what}'s value")
        provenance = self.read_provenance(loc, default_kind="")
        if provenance.range is not None:
            lo, hi = provenance.range
            if not lo <= value <= hi:
                self.warnings.append(
                    f"{what} = {value:g} is outside its range [{lo:g}, {hi:g}]; "
                    "the model extrapolates"
                )
        return value, provenance

    def read_provenance(self, loc: list[str | int], *, default_kind: str) -> Provenance:
        """``kind``, ``range``, ``source``, ``quote``, ``reason``, ``distribution`` at ``loc``.

        An estimate names its source and a judgement gives its reason; both carry a range.
        """
        source = self.check_source(loc)
        quote = self.text([*loc, "quote"])
        reason = self.text([*loc, "reason"])
        kind = self.text([*loc, "kind"])
        if kind and kind not in KINDS:
            hint = _suggest(kind, KINDS, "a kind is fact, estimate or judgement")
            raise self.err([*loc, "kind"], f"unknown kind {quote_token(kind)}", hint)
        if not kind:
            kind = default_kind or ("fact" if quote or source else "judgement")
        distribution = self.text([*loc, "distribution"]) or "uniform"
        if distribution not in DISTRIBUTIONS:
            hint = _suggest(distribution, DISTRIBUTIONS, "uniform, triangular or normal")
            raise self.err(
                [*loc, "distribution"], f"unknown distribution {quote_token(distribution)}", hint
            )
        node = self.doc.get(loc)
        has_range = isinstance(node, Mapping) and node.get("range") is not None
        bounds = self.read_range([*loc, "range"]) if has_range else None
        if kind in ("estimate", "judgement") and bounds is None:
            raise self.err(
                loc,
                f"an {kind} needs a 'range'"
                if kind == "estimate"
                else "a judgement needs a 'range'",
                "give the plausible range as range: [low, high]",
            )
        if kind == "estimate" and not source:
            raise self.err(
                [*loc, "kind"],
                "an estimate names its source",
                "add 'source: <key under sources>' and the page or table in 'reason'",
            )
        if kind == "judgement" and not reason:
            raise self.err(
                [*loc, "kind"],
                "a judgement gives its reason",
                "add 'reason: <one line of why this value>'",
            )
        return Provenance(
            kind=kind,
            range=bounds,
            source=source,
            quote=quote,
            reason=reason,
            distribution=distribution,
            unit=self.text([*loc, "unit"]),
            description=self.text([*loc, "description"]),
        )

    def read_range(self, loc: list[str | int]) -> tuple[float, float]:
        value = self.doc.get(loc)
        if value is None:
            raise self.err(loc, "missing 'range'", "give the plausible range as [low, high]")
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
            raise self.err(loc, "range must be [low, high]", "e.g. range: [0, 1]")
        lo = self.number([*loc, 0], "range low end")
        hi = self.number([*loc, 1], "range high end")
        if lo > hi:
            raise self.err(
                loc, f"range low end {lo:g} is above high end {hi:g}", "write [low, high]"
            )
        return lo, hi

    def check_name(self, loc: Sequence[str | int], name: str) -> None:
        if not name.isidentifier() or name in ("min", "max", "abs", "exp", "log", "sqrt", "clip"):
            raise self.err(
                loc,
                f"{quote_token(name)} cannot be used as a name in formulas",
                "use letters, digits and _ (not starting with a digit), not a function name; "
                "a formula with commas inside { ... } must be put in quotes",
                key=True,
            )

    def read_effects(self, loc: list[str | int], owner: str) -> dict[str, dict[str, Any]]:
        node = self.doc.get(loc)
        if node is None:
            return {}
        if not isinstance(node, Mapping):
            raise self.err(
                loc,
                f"effects of {owner} must map players to channels",
                "e.g. effects: {China: {trade_access: -6}}",
            )
        effects: dict[str, dict[str, Any]] = {}
        for player in node:
            if player not in self.players:
                raise self.unknown_player([*loc, player], f"in effects of {owner}")
            channels = self.mapping([*loc, player], f"{player}'s effects")
            for channel in channels:
                if channel not in self.channels:
                    hint = _suggest(
                        channel, self.channels, f"channels are {', '.join(self.channels)}"
                    )
                    raise self.err(
                        [*loc, player, channel],
                        f"unknown channel {quote_token(channel)}",
                        hint,
                        key=True,
                    )
            effects[player] = {c: [*loc, player, c] for c in channels}
        return effects

    def read_levers(self) -> None:
        node = self.player_sections("levers", "levers")
        self.lever_locations: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self.lever_info: dict[str, dict[str, dict[str, str]]] = {}
        for player in self.players:
            levers = (
                self.mapping(["levers", player], f"{player}'s levers", required=False)
                if node.get(player) is not None
                else {}
            )
            self.lever_locations[player] = {}
            self.lever_info[player] = {}
            for name in levers:
                loc: list[str | int] = ["levers", player, name]
                if not isinstance(levers[name], Mapping):
                    raise self.err(
                        loc,
                        f"lever {quote_token(name)} must be a mapping",
                        "give description, quote, source, effects",
                    )
                self.known_keys(loc, _LEVER_KEYS, "a lever")
                self.lever_locations[player][name] = self.read_effects(
                    [*loc, "effects"], f"lever {name}"
                )
                self.lever_info[player][name] = {
                    "description": self.text([*loc, "description"]),
                    "quote": self.text([*loc, "quote"]),
                    "source": self.check_source(loc),
                }

    def read_status_quo(self) -> tuple[str, ...] | None:
        """The optional ``status_quo: {player: move}``: where things stand today."""
        if self.doc.get(["status_quo"]) is None:
            return None
        node = self.player_sections("status_quo", "status_quo")
        profile = []
        for player in self.players:
            move = node[player]
            names = [str(name) for name in self.move_levers[player]]
            if move not in names:
                hint = _suggest(move, names, f"moves are {', '.join(names)}")
                raise self.err(
                    ["status_quo", player], f"{quote_token(move)} is not a move of {player}", hint
                )
            profile.append(str(move))
        return tuple(profile)

    def read_moves(self) -> None:
        self.player_sections("moves", "moves")
        self.move_levers: dict[str, dict[str, tuple[str, ...]]] = {}
        self.move_info: dict[str, dict[str, str]] = {}
        for player in self.players:
            moves = self.mapping(["moves", player], f"{player}'s moves")
            if not moves:
                raise self.err(["moves", player], f"player {quote_token(player)} has no moves")
            self.move_levers[player] = {}
            self.move_info[player] = {}
            for name in moves:
                loc: list[str | int] = ["moves", player, name]
                entry = moves[name]
                if entry is None:
                    entry = {}
                if not isinstance(entry, Mapping):
                    raise self.err(
                        loc,
                        f"move {quote_token(name)} must be a mapping",
                        "give 'levers: [...]' and 'description:'",
                    )
                self.known_keys(loc, _MOVE_KEYS, "a move")
                levers = entry.get("levers", [])
                if levers is None:
                    levers = []
                if isinstance(levers, str) or not isinstance(levers, Sequence):
                    raise self.err(
                        [*loc, "levers"],
                        "levers must be a list of lever names",
                        "e.g. levers: [tariff_100]",
                    )
                for k, lever in enumerate(levers):
                    if lever not in self.lever_locations[player]:
                        hint = _suggest(
                            lever,
                            self.lever_locations[player],
                            f"{player}'s levers are {', '.join(self.lever_locations[player]) or 'none'}",
                        )
                        raise self.err(
                            [*loc, "levers", k],
                            f"unknown lever {quote_token(lever)} of {player}",
                            hint,
                        )
                if len(set(levers)) != len(levers):
                    raise self.err([*loc, "levers"], "a lever is listed twice")
                self.move_levers[player][name] = tuple(str(x) for x in levers)
                self.move_info[player][name] = self.text([*loc, "description"])

    def read_interactions(self) -> None:
        node = self.mapping(["interactions"], "interactions", required=False)
        self.interaction_locations: dict[str, dict[str, dict[str, Any]]] = {}
        self.interaction_when: dict[str, dict[str, str]] = {}
        for name in node:
            loc: list[str | int] = ["interactions", name]
            if not isinstance(node[name], Mapping):
                raise self.err(
                    loc,
                    f"interaction {quote_token(name)} must be a mapping",
                    "give when, description, effects",
                )
            self.known_keys(loc, _INTERACTION_KEYS, "an interaction")
            when = self.mapping([*loc, "when"], f"interaction {name}'s conditions")
            if not when:
                raise self.err([*loc, "when"], "an interaction needs at least one condition")
            conditions: dict[str, str] = {}
            for player in when:
                if player not in self.players:
                    raise self.err(
                        [*loc, "when", player],
                        f"unknown player {quote_token(player)}",
                        f"players are {', '.join(self.players)}",
                        key=True,
                    )
                target = when[player]
                known = [*self.lever_locations[player], *self.move_levers[player]]
                if target not in known:
                    hint = _suggest(
                        target, known, f"name one of {player}'s levers or moves: {', '.join(known)}"
                    )
                    raise self.err(
                        [*loc, "when", player],
                        f"{quote_token(target)} is not a lever or move of {player}",
                        hint,
                    )
                conditions[player] = str(target)
            self.interaction_when[name] = conditions
            self.interaction_locations[name] = self.read_effects(
                [*loc, "effects"], f"interaction {name}"
            )
            self.check_source(loc)
