"""Build a :class:`~negotiation.scenario.model.Scenario` from a parsed scenario file.

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

import difflib
import os
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import IO, Any

import numpy as np

from negotiation.errors import GameError, PayoffFileError
from negotiation.files.limits import check_scenario_size
from negotiation.files.payoff_file import is_scenario
from negotiation.files.yamldoc import YamlDoc, load_yaml
from negotiation.game import Game, Source, to_fraction
from negotiation.scenario.formula import Formula, NameRef, Site, parse_formula, unknown_name_error
from negotiation.scenario.model import (
    DECIMALS,
    PARAMETER_DECIMALS,
    Interaction,
    Lever,
    Move,
    Pressure,
    Quantity,
    Scenario,
)

__all__ = ["REQUIRED_PARAMETERS", "SCENARIO_KEYS", "build_scenario", "is_scenario", "read_scenario"]

#: top-level keys of a scenario file
SCENARIO_KEYS = (
    "version",
    "title",
    "description",
    "players",
    "sources",
    "channels",
    "pressures",
    "weights",
    "parameters",
    "levers",
    "moves",
    "interactions",
    "issues",
    "status_quo",
    "notes",
)
#: parameters every player must define (the leverage model reads them)
REQUIRED_PARAMETERS = ("discount_rate", "dependence")

_PRESSURE_KEYS = ("value", "unit", "range", "description", "quote", "source")
_LEVER_KEYS = ("description", "quote", "source", "effects")
_MOVE_KEYS = ("levers", "description")
_INTERACTION_KEYS = ("when", "description", "quote", "source", "effects")


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


def read_model(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    overrides: Sequence[str] | Mapping[str, Any] = (),
) -> Scenario | Game:
    """Read any payoff file: a :class:`Scenario` when it declares pressures or channels,
    otherwise its plain :class:`~negotiation.game.Game` (YAML or Gambit ``.nfg``).

    The file is read once; ``overrides`` are applied as in :func:`read_scenario`.

    >>> from pathlib import Path
    >>> payoffs = Path(__file__).parents[2] / "payoffs"
    >>> type(read_model(payoffs / "us_china_rare_earths.yaml")).__name__
    'Scenario'
    >>> type(read_model(payoffs / "chicken.yaml")).__name__
    'Game'
    """
    from negotiation.files.payoff_file import game_from_doc, read_payoffs

    if str(getattr(source, "name", source)).lower().endswith(".nfg"):
        return read_payoffs(source, overrides)
    doc = load_yaml(source)
    if overrides:
        from negotiation.files.overrides import apply_overrides

        apply_overrides(doc, overrides)
    return build_scenario(doc) if is_scenario(doc) else game_from_doc(doc)


def build_scenario(doc: YamlDoc) -> Scenario:
    """Check a parsed scenario file and build its :class:`Scenario` (payoffs included).

    Raises :class:`~negotiation.errors.PayoffFileError` positioned at the offending
    text for anything wrong: a missing section, an unknown lever, a bad formula, an
    unknown name in a formula (with the nearest known names), a cycle among formulas.
    """
    return _Builder(doc).build()


def _suggest(word: Any, choices: Any, otherwise: str) -> str:
    """ "did you mean 'x'?" for the nearest of ``choices``, else the ``otherwise`` hint."""
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


# ------------------------------------------------------------------------ builder
class _Builder:
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
                raise self.err(loc, f"missing '{loc[-1]}'", "add it as a line of text")
            return ""
        if not isinstance(value, str):
            raise self.err(loc, f"'{loc[-1]}' must be text, got {value!r}", "put it in quotes")
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
                raise self.err([*loc, key], f"unknown key '{key}' in {what}", hint, key=True)

    def unknown_player(self, loc: list[Any], where: str) -> PayoffFileError:
        """The error for a player name at ``loc`` that the file does not declare."""
        player = str(loc[-1])
        hint = _suggest(player, self.players, f"players are {', '.join(self.players)}")
        return self.err(loc, f"unknown player '{player}' {where}", hint, key=True)

    def player_sections(self, section: str, what: str) -> Mapping[str, Any]:
        node = self.mapping([section], what)
        for player in node:
            if player not in self.players:
                raise self.unknown_player([section, player], f"in {section}")
        for player in self.players:
            if player not in node:
                raise self.err(
                    [section],
                    f"{section} has no entry for player '{player}'",
                    f"add '{player}:' under '{section}:'",
                )
        return node

    # --------------------------------------------------------------------- build
    def build(self) -> Scenario:
        self.known_keys([], SCENARIO_KEYS, "a scenario file")
        check_scenario_size(self.doc)  # before any work its size would make slow
        if "payoffs" in self.data:  # pragma: no cover - caught by known_keys
            raise self.err(["payoffs"], "a scenario builds its payoffs", "remove 'payoffs:'")
        self.read_players()
        self.read_sources()
        self.read_channels()
        self.read_pressures()
        self.read_levers()
        self.read_moves()
        status_quo = self.read_status_quo()
        self.read_interactions()
        self.define_quantities()
        weights = {
            p: {c: self.quantity(p, f"weights.{c}").value for c in self.channels}
            for p in self.players
        }
        parameters = {
            p: {n: self.quantity(p, f"parameters.{n}").value for n in self.parameter_names[p]}
            for p in self.players
        }
        self.check_parameters(parameters)
        issues = self.read_issues()
        effects = self.effect_array()
        w = np.array(
            [[Fraction(repr(weights[p][c])) for c in self.channels] for p in self.players],
            dtype=object,
        )
        payoffs = np.empty((len(self.players), *effects.shape[2:]), dtype=object)
        for i in range(len(self.players)):
            for cell in np.ndindex(*effects.shape[2:]):
                payoffs[(i, *cell)] = sum(
                    (w[i, c] * effects[(i, c, *cell)] for c in range(len(self.channels))),
                    Fraction(0),
                )
        try:
            game = Game(
                self.players,
                [[m.name for m in self.moves[p]] for p in self.players],
                payoffs,
                title=self.text(["title"]),
                description=self.text(["description"]),
                move_descriptions=[[m.description for m in self.moves[p]] for p in self.players],
                sources=tuple(self.sources.values()),
            )
        except GameError as exc:  # pragma: no cover - labels were checked above
            raise self.err(["moves"], str(exc)) from None
        return Scenario(
            game=game,
            path=self.doc.path,
            doc=self.doc,
            pressures=self.pressures,
            channels=self.channels,
            weights=weights,
            parameters=parameters,
            issues=issues,
            warnings=self.warnings,
            channel_descriptions=self.channel_descriptions,
            quantities={p: dict(self.values[p]) for p in self.players},
            levers=self.levers,
            moves=self.moves,
            interactions=self.interactions,
            effects=effects,
            issue_descriptions=self.issue_descriptions,
            sources=self.sources,
            status_quo=status_quo,
        )

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
                raise self.err(["players", k], f"player '{p}' is listed twice")
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
            raise self.err([*loc, "source"], f"unknown source '{source}'", hint)
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
                    f"channel name '{c}' must not contain dots or be a player",
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
                loc = ["pressures", player, name]
                self.check_name(loc, name)
                if not isinstance(named[name], Mapping):
                    raise self.err(
                        loc,
                        f"pressure '{name}' must be a mapping",
                        "give value, unit, range, description, quote, source",
                    )
                self.known_keys(loc, _PRESSURE_KEYS, "a pressure")
                value = self.number([*loc, "value"], f"pressure {player}.{name}'s value")
                unit = self.text([*loc, "unit"], required=True)
                lo, hi = self.read_range([*loc, "range"])
                pressure = Pressure(
                    name=name,
                    player=player,
                    value=value,
                    unit=unit,
                    range=(lo, hi),
                    description=self.text([*loc, "description"]),
                    quote=self.text([*loc, "quote"]),
                    source=self.check_source(loc),
                )
                if not pressure.in_range:
                    self.warnings.append(
                        f"pressure {player}.{name} = {value:g} is outside its range [{lo:g}, {hi:g}] "
                        f"({unit}); the model extrapolates"
                    )
                result[name] = pressure
            self.pressures[player] = result

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
                f"'{name}' cannot be used as a name in formulas",
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
                        [*loc, player, channel], f"unknown channel '{channel}'", hint, key=True
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
                        f"lever '{name}' must be a mapping",
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
                raise self.err(["status_quo", player], f"'{move}' is not a move of {player}", hint)
            profile.append(str(move))
        return tuple(profile)

    def read_moves(self) -> None:
        self.player_sections("moves", "moves")
        self.move_levers: dict[str, dict[str, tuple[str, ...]]] = {}
        self.move_info: dict[str, dict[str, str]] = {}
        for player in self.players:
            moves = self.mapping(["moves", player], f"{player}'s moves")
            if not moves:
                raise self.err(["moves", player], f"player '{player}' has no moves")
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
                        f"move '{name}' must be a mapping",
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
                            [*loc, "levers", k], f"unknown lever '{lever}' of {player}", hint
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
                    f"interaction '{name}' must be a mapping",
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
                        f"unknown player '{player}'",
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
                        f"'{target}' is not a lever or move of {player}",
                        hint,
                    )
                conditions[player] = str(target)
            self.interaction_when[name] = conditions
            self.interaction_locations[name] = self.read_effects(
                [*loc, "effects"], f"interaction {name}"
            )
            self.check_source(loc)

    # -------------------------------------------------------------- quantities
    def define_quantities(self) -> None:
        """Collect every formula with its owner; evaluate named ones lazily (cycle-safe)."""
        self.player_sections("weights", "weights")
        self.player_sections("parameters", "parameters")
        self.definitions: dict[str, dict[str, list[str | int]]] = {p: {} for p in self.players}
        self.parameter_names: dict[str, list[str]] = {}
        for player in self.players:
            named = self.mapping(["weights", player], f"{player}'s weights")
            for channel in named:
                if channel not in self.channels:
                    hint = _suggest(
                        channel, self.channels, f"channels are {', '.join(self.channels)}"
                    )
                    if not str(channel).isidentifier():
                        hint += "; a formula with commas inside { ... } must be put in quotes"
                    raise self.err(
                        ["weights", player, channel], f"unknown channel '{channel}'", hint, key=True
                    )
            for channel in self.channels:
                if channel not in named:
                    raise self.err(
                        ["weights", player],
                        f"{player} has no weight for channel '{channel}'",
                        f"add '{channel}: <number or formula>'",
                    )
                self.definitions[player][channel] = ["weights", player, channel]
            params = self.mapping(["parameters", player], f"{player}'s parameters")
            for required in REQUIRED_PARAMETERS:
                if required not in params:
                    raise self.err(
                        ["parameters", player],
                        f"{player} has no '{required}'",
                        f"add '{required}: <formula of pressures>'",
                    )
            for name in params:
                loc: list[str | int] = ["parameters", player, name]
                self.check_name(loc, name)
                if name in self.pressures[player]:
                    raise self.err(
                        loc,
                        f"'{name}' is both a pressure and a parameter of {player}",
                        "rename one of them",
                        key=True,
                    )
                if name in self.channels:
                    raise self.err(
                        loc,
                        f"'{name}' is a channel; a channel's name already stands for {player}'s weight on it",
                        "rename the parameter",
                        key=True,
                    )
                self.definitions[player][name] = loc
            self.parameter_names[player] = list(params)
            for name in self.pressures[player]:
                if name in self.channels:
                    raise self.err(
                        ["pressures", player, name],
                        f"'{name}' is a channel name",
                        "rename the pressure",
                        key=True,
                    )
        self.values: dict[str, dict[str, Quantity]] = {p: {} for p in self.players}
        self.stack: list[tuple[str, str]] = []
        for player in self.players:
            for name in self.definitions[player]:
                self.resolve(player, name, None, None)

    def quantity(self, player: str, path: str) -> Quantity:
        return self.values[player][path]

    def site(self, loc: Sequence[str | int], text: str) -> Site:
        line, col = self.doc.position(list(loc))
        lines = self.doc.text.splitlines()
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        for start in (col - 1, col):  # a plain scalar, then a quoted one
            if source[start : start + len(text)] == text:
                return Site(self.doc.path, line, start + 1, True)
        return Site(self.doc.path, line, col, False)

    def parse(self, loc: Sequence[str | int]) -> Formula | float:
        raw = self.doc.get(list(loc))
        if isinstance(raw, bool) or raw is None:
            raise self.err(
                loc,
                f"expected a number or a formula, got {raw!r}",
                "e.g. 1.5 or '0.5 + 1.5 * chip_want'",
            )
        if isinstance(raw, (int, float)):
            if not np.isfinite(float(raw)):
                raise self.err(loc, f"must be finite, got {raw!r}")
            return float(raw)
        if not isinstance(raw, str):
            raise self.err(loc, f"expected a number or a formula, got {type(raw).__name__}")
        return parse_formula(str(raw), self.site(loc, str(raw)))

    def scope_names(self, player: str) -> list[str]:
        names = [*self.pressures[player], *self.definitions[player]]
        for other in self.players:
            if other != player:
                names += [
                    f"{other}.{n}" for n in [*self.pressures[other], *self.definitions[other]]
                ]
        return names

    def lookup_for(
        self, player: str, formula: Formula, inputs: list[str], pressures: list[tuple[str, str]]
    ) -> Any:
        def lookup(ref: NameRef) -> float:
            scope = player
            local = ref.name
            if ref.scope is not None:
                scope, local = ref.scope, ref.local
                if scope not in self.players:
                    raise unknown_name_error(
                        formula.site, ref, self.scope_names(player), "player or name"
                    )
            qualified = f"{scope}.{local}"
            if qualified not in inputs:
                inputs.append(qualified)
            if local in self.pressures[scope]:
                if (scope, local) not in pressures:
                    pressures.append((scope, local))
                return self.pressures[scope][local].value
            if local in self.definitions[scope]:
                quantity = self.resolve(scope, local, formula.site, ref)
                for pair in quantity.pressures:
                    if pair not in pressures:
                        pressures.append(pair)
                return quantity.value
            raise unknown_name_error(formula.site, ref, self.scope_names(player))

        return lookup

    def resolve(self, player: str, name: str, site: Site | None, ref: NameRef | None) -> Quantity:
        loc = self.definitions[player][name]
        path = f"{loc[0]}.{loc[2]}"
        if path in self.values[player]:
            return self.values[player][path]
        if (player, name) in self.stack:
            start = self.stack.index((player, name))
            chain = " -> ".join(f"{p}.{n}" for p, n in [*self.stack[start:], (player, name)])
            assert site is not None and ref is not None
            raise site.error(
                ref.offset,
                f"formulas refer to each other in a cycle: {chain}",
                "break the cycle by writing one of them from pressures only",
            )
        self.stack.append((player, name))
        try:
            decimals = DECIMALS if loc[0] == "weights" else PARAMETER_DECIMALS
            quantity = self.evaluate(player, loc, path, decimals=decimals)
        finally:
            self.stack.pop()
        self.values[player][path] = quantity
        return quantity

    def evaluate(
        self, player: str, loc: Sequence[str | int], path: str, *, decimals: int
    ) -> Quantity:
        parsed = self.parse(loc)
        raw = self.doc.get(list(loc))
        inputs: list[str] = []
        pressures: list[tuple[str, str]] = []
        if isinstance(parsed, float):
            value = parsed
        else:
            value = parsed.evaluate(self.lookup_for(player, parsed, inputs, pressures))
        value = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
        return Quantity(
            player=player,
            name=path,
            value=value,
            formula=str(raw),
            inputs=tuple(inputs),
            pressures=tuple(pressures),
            location=tuple(loc),
        )

    def check_parameters(self, parameters: dict[str, dict[str, float]]) -> None:
        for player in self.players:
            rate = parameters[player]["discount_rate"]
            if rate <= 0:
                raise self.err(
                    ["parameters", player, "discount_rate"],
                    f"{player}'s discount_rate must be positive (per year), got {rate:g}",
                    "a player who never minds delay has no bargaining clock; check the formula's inputs",
                )
            dependence = parameters[player]["dependence"]
            if not 0 <= dependence <= 1:
                self.warnings.append(
                    f"{player}'s dependence = {dependence:g} is outside [0, 1]; wrap its formula in clip(..., 0, 1)"
                )

    def read_issues(self) -> dict[str, dict[str, float]]:
        node = self.mapping(["issues"], "issues", required=False)
        issues: dict[str, dict[str, float]] = {}
        self.issue_descriptions: dict[str, str] = {}
        for issue in node:
            loc: list[str | int] = ["issues", issue]
            entry = node[issue]
            if not isinstance(entry, Mapping):
                raise self.err(
                    loc,
                    f"issue '{issue}' must map players to values",
                    "e.g. tariffs: {US: '2 * security', China: '...'}",
                )
            self.known_keys(loc, ("description", *self.players), "an issue")
            self.issue_descriptions[issue] = self.text([*loc, "description"])
            issues[issue] = {}
            for player in self.players:
                if player not in entry:
                    raise self.err(
                        loc,
                        f"issue '{issue}' has no value for {player}",
                        f"add '{player}: <formula>'",
                    )
                quantity = self.evaluate(
                    player, [*loc, player], f"issues.{issue}", decimals=PARAMETER_DECIMALS
                )
                if quantity.value <= 0:
                    raise self.err(
                        [*loc, player],
                        f"{player}'s value of issue '{issue}' must be positive, got {quantity.value:g}",
                        "it is what the player gains by getting its way",
                    )
                self.values[player][f"issues.{issue}"] = quantity
                issues[issue][player] = quantity.value
        return issues

    # ------------------------------------------------------------------ effects
    def effect_value(self, player: str, loc: list[str | int], path: str) -> Fraction:
        raw = self.doc.get(loc)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            self.parse(loc)  # finiteness check
            return to_fraction(raw)
        quantity = self.evaluate(player, loc, path, decimals=DECIMALS)
        self.values[player][path] = quantity
        return quantity.exact

    def effect_dicts(
        self, locations: dict[str, dict[str, Any]], prefix: str
    ) -> dict[str, dict[str, Fraction]]:
        return {
            player: {
                channel: self.effect_value(player, loc, f"{prefix}.effects.{player}.{channel}")
                for channel, loc in channels.items()
            }
            for player, channels in locations.items()
        }

    def effect_array(self) -> np.ndarray:
        self.levers: dict[str, dict[str, Lever]] = {}
        for player in self.players:
            self.levers[player] = {}
            for name, locations in self.lever_locations[player].items():
                info = self.lever_info[player][name]
                self.levers[player][name] = Lever(
                    player,
                    name,
                    info["description"],
                    info["quote"],
                    info["source"],
                    self.effect_dicts(locations, f"levers.{player}.{name}"),
                )
        self.moves: dict[str, tuple[Move, ...]] = {
            p: tuple(
                Move(p, m, levers, self.move_info[p][m])
                for m, levers in self.move_levers[p].items()
            )
            for p in self.players
        }
        self.interactions: tuple[Interaction, ...] = tuple(
            Interaction(
                name,
                when,
                self.text(["interactions", name, "description"]),
                self.text(["interactions", name, "quote"]),
                self.text(["interactions", name, "source"]),
                self.effect_dicts(self.interaction_locations[name], f"interactions.{name}"),
            )
            for name, when in self.interaction_when.items()
        )
        shape = tuple(len(self.moves[p]) for p in self.players)
        channel_index = {c: k for k, c in enumerate(self.channels)}
        player_index = {p: k for k, p in enumerate(self.players)}
        effects = np.empty((len(self.players), len(self.channels), *shape), dtype=object)
        effects.fill(Fraction(0))
        for cell in np.ndindex(*shape):
            moves = [self.moves[p][k] for p, k in zip(self.players, cell, strict=True)]
            for parts in effect_parts(self, moves):
                for (player, channel), value in parts[1].items():
                    index = (player_index[player], channel_index[channel], *cell)
                    effects[index] = effects[index] + value
        return effects


def effect_parts(
    scenario: Any, moves: Sequence[Move]
) -> list[tuple[str, dict[tuple[str, str], Fraction]]]:
    """The pieces of a cell's effects: ``(label, {(player, channel): value})`` per lever or interaction.

    ``scenario`` is a :class:`Scenario` or the builder (both have ``levers`` and
    ``interactions``); labels read ``"US lever tariff_100"`` or ``"interaction tariff_war"``.
    """
    parts: list[tuple[str, dict[tuple[str, str], Fraction]]] = []
    pulled = {m.player: set(m.levers) for m in moves}
    played = {m.player: m.name for m in moves}
    for move in moves:
        for lever in move.levers:
            effects = scenario.levers[move.player][lever].effects
            parts.append(
                (
                    f"{move.player} lever {lever}",
                    {(p, c): v for p, channels in effects.items() for c, v in channels.items()},
                )
            )
    levers = scenario.levers
    for inter in scenario.interactions:
        # a condition names a lever if the player has a lever of that name, else a move
        if all(
            (target in pulled[p]) if target in levers[p] else (target == played[p])
            for p, target in inter.when.items()
        ):
            parts.append(
                (
                    f"interaction {inter.name}",
                    {
                        (p, c): v
                        for p, channels in inter.effects.items()
                        for c, v in channels.items()
                    },
                )
            )
    return parts
