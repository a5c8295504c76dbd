"""Resolve a scenario's numbers: weights, parameters, issue values and formula effects.

Every number in a scenario is a plain number, an uncertain number (``{value, range,
kind, source, ...}``, see :mod:`negotiation.scenario.schema`) or a formula
(:mod:`negotiation.scenario.formula`) of pressures and other named quantities. This
module turns each into a :class:`~negotiation.scenario.model.Quantity` that keeps its
value (rounded to :data:`~negotiation.scenario.model.DECIMALS` places for weights and
effects, :data:`~negotiation.scenario.model.PARAMETER_DECIMALS` for parameters and
issues), its formula, the names it used and every pressure it depends on.

Names resolve lazily, so a formula may use a quantity defined further down the file;
a cycle is an error positioned at the name that closes it. The steps:

1. collect each player's definitions (its weights, one per channel, and parameters);
2. order them so that each comes after the names it uses (an iterative depth-first
   search, so a chain ``p2: p1 + 1``, ``p3: p2 + 1``, ... of any length resolves without
   recursion, in work linear in the names used), then resolve each, looking names up in
   the owner's scope (a bare name) or another player's (``Player.name``);
3. check the parameters the leverage model reads (``discount_rate`` > 0,
   ``dependence`` in [0, 1]);
4. resolve the issue values and the formula effects of levers and interactions.

The entry point is :func:`resolve_quantities`; its :class:`QuantityResolver` then
evaluates issues and effects on demand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.errors import quote_token
from negotiation.game import to_fraction
from negotiation.scenario.formula import Formula, NameRef, Site, parse_formula, unknown_name_error
from negotiation.scenario.model import DECIMALS, PARAMETER_DECIMALS, Lever, Provenance, Quantity
from negotiation.scenario.schema import _suggest
from negotiation.scenario.sections import SectionReader, Sections

__all__ = ["ISSUE_TOKEN", "REQUIRED_PARAMETERS", "QuantityResolver", "resolve_quantities"]

#: parameters every player must define (the leverage model reads them)
REQUIRED_PARAMETERS = ("discount_rate", "dependence")
#: the value of getting its way on an issue to a side that would gain nothing by it
ISSUE_TOKEN = 0.1


def resolve_quantities(sections: Sections, checks: SectionReader) -> QuantityResolver:
    """Resolve every weight and parameter of a checked scenario (steps 1–3 above).

    Returns the resolver, whose ``values[player][path]`` holds each
    :class:`~negotiation.scenario.model.Quantity` and whose :meth:`QuantityResolver.read_issues`
    and :meth:`QuantityResolver.effect_value` resolve the rest.
    """
    resolver = QuantityResolver(sections, checks)
    resolver.define_quantities()
    return resolver


def _formula_text(raw: Any) -> str:
    """The text shown as a quantity's formula: an uncertain number shows its value."""
    if isinstance(raw, Mapping) and "value" in raw:
        return str(raw["value"])
    return str(raw)


def _chain(path: list[tuple[str, str]], node: tuple[str, str]) -> str:
    """``A.x -> A.y -> A.x``, with the middle of a long cycle elided."""
    cycle = [*path[path.index(node) :], node]
    names = [f"{p}.{n}" for p, n in cycle]
    if len(names) > 8:
        names = [*names[:3], f"... ({len(names) - 6:,} more)", *names[-3:]]
    return " -> ".join(names)


class QuantityResolver:
    """Lazy, cycle-safe evaluation of a scenario's named quantities."""

    def __init__(self, sections: Sections, checks: SectionReader) -> None:
        self.doc = sections.doc
        self.checks = checks
        self.players = sections.players
        self.pressures = sections.pressures
        self.channels = sections.channels
        #: provenance of every uncertain number met, by document location
        self.provenance: dict[tuple[str | int, ...], Provenance] = {}
        #: each location's number or formula, parsed once
        self._parsed: dict[tuple[str | int, ...], Formula | float] = {}

    def weights(self) -> dict[str, dict[str, float]]:
        """``player -> channel -> weight``."""
        return {
            p: {c: self.quantity(p, f"weights.{c}").value for c in self.channels}
            for p in self.players
        }

    def parameters(self) -> dict[str, dict[str, float]]:
        """``player -> name -> value`` of every parameter, in file order."""
        return {
            p: {n: self.quantity(p, f"parameters.{n}").value for n in self.parameter_names[p]}
            for p in self.players
        }

    def define_quantities(self) -> None:
        """Collect every formula with its owner; evaluate named ones lazily (cycle-safe)."""
        self.checks.player_sections("weights", "weights")
        self.checks.player_sections("parameters", "parameters")
        self.definitions: dict[str, dict[str, list[str | int]]] = {p: {} for p in self.players}
        self.parameter_names: dict[str, list[str]] = {}
        for player in self.players:
            named = self.checks.mapping(["weights", player], f"{player}'s weights")
            for channel in named:
                if channel not in self.channels:
                    hint = _suggest(
                        channel, self.channels, f"channels are {', '.join(self.channels)}"
                    )
                    if not str(channel).isidentifier():
                        hint += "; a formula with commas inside { ... } must be put in quotes"
                    raise self.checks.err(
                        ["weights", player, channel],
                        f"unknown channel {quote_token(channel)}",
                        hint,
                        key=True,
                    )
            for channel in self.channels:
                if channel not in named:
                    raise self.checks.err(
                        ["weights", player],
                        f"{player} has no weight for channel {quote_token(channel)}",
                        f"add '{channel}: <number or formula>'",
                    )
                self.definitions[player][channel] = ["weights", player, channel]
            params = self.checks.mapping(["parameters", player], f"{player}'s parameters")
            for required in REQUIRED_PARAMETERS:
                if required not in params:
                    raise self.checks.err(
                        ["parameters", player],
                        f"{player} has no {quote_token(required)}",
                        f"add '{required}: <formula of pressures>'",
                    )
            for name in params:
                loc: list[str | int] = ["parameters", player, name]
                self.checks.check_name(loc, name)
                if name in self.pressures[player]:
                    raise self.checks.err(
                        loc,
                        f"{quote_token(name)} is both a pressure and a parameter of {player}",
                        "rename one of them",
                        key=True,
                    )
                if name in self.channels:
                    raise self.checks.err(
                        loc,
                        f"{quote_token(name)} is a channel; a channel's name already stands for {player}'s weight on it",
                        "rename the parameter",
                        key=True,
                    )
                self.definitions[player][name] = loc
            self.parameter_names[player] = list(params)
            for name in self.pressures[player]:
                if name in self.channels:
                    raise self.checks.err(
                        ["pressures", player, name],
                        f"{quote_token(name)} is a channel name",
                        "rename the pressure",
                        key=True,
                    )
        self.values: dict[str, dict[str, Quantity]] = {p: {} for p in self.players}
        self.stack: list[tuple[str, str]] = []
        # dependencies first, so that resolving one never recurses into a long chain
        # (p2: p1 + 1, p3: p2 + 1, ...): each resolve then finds its names already done
        for player, name in self.resolution_order():
            self.resolve(player, name, None, None)

    def resolution_order(self) -> list[tuple[str, str]]:
        """Every definition after the definitions it names, found without recursion.

        An iterative depth-first search (Tarjan 1972's post-order, with an explicit
        stack): the work is linear in the number of names the formulas use, which the
        file's size limits bound. A cycle is reported at the name that closes it.
        """
        deps: dict[tuple[str, str], list[tuple[tuple[str, str], Formula, NameRef]]] = {}
        for player in self.players:
            for name in self.definitions[player]:
                parsed = self.parse(self.definitions[player][name])
                found: list[tuple[tuple[str, str], Formula, NameRef]] = []
                if not isinstance(parsed, float):
                    for ref in parsed.names:
                        scope, local = (
                            (player, ref.name)
                            if ref.scope is None
                            else (
                                ref.scope,
                                ref.local,
                            )
                        )
                        if scope in self.definitions and local in self.definitions[scope]:
                            found.append(((scope, local), parsed, ref))
                deps[(player, name)] = found
        order: list[tuple[str, str]] = []
        state: dict[tuple[str, str], int] = {}  # 1 on the path, 2 done
        for root in deps:
            if state.get(root):
                continue
            path = [root]
            todo = [iter(deps[root])]
            state[root] = 1
            while todo:
                step = next(todo[-1], None)
                if step is None:
                    done = path.pop()
                    todo.pop()
                    state[done] = 2
                    order.append(done)
                    continue
                node, formula, ref = step
                if state.get(node) == 1:
                    raise formula.site.error(
                        ref.offset,
                        f"formulas refer to each other in a cycle: {_chain(path, node)}",
                        "break the cycle by writing one of them from pressures only",
                    )
                if not state.get(node):
                    state[node] = 1
                    path.append(node)
                    todo.append(iter(deps[node]))
        return order

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
        key = tuple(loc)
        if key not in self._parsed:
            self._parsed[key] = self._parse(loc)
        return self._parsed[key]

    def _parse(self, loc: Sequence[str | int]) -> Formula | float:
        raw = self.doc.get(list(loc))
        if isinstance(raw, Mapping) and "value" in raw:
            value, provenance = self.checks.read_input(list(loc), ".".join(map(str, loc)))
            self.provenance[tuple(loc)] = provenance
            return value
        if isinstance(raw, bool) or raw is None:
            raise self.checks.err(
                loc,
                f"expected a number or a formula, got {raw!r}",
                "e.g. 1.5 or '0.5 + 1.5 * chip_want'",
            )
        if isinstance(raw, (int, float)):
            if not np.isfinite(float(raw)):
                raise self.checks.err(loc, f"must be finite, got {raw!r}")
            return float(raw)
        if not isinstance(raw, str):
            raise self.checks.err(
                loc,
                f"expected a number or a formula, got {type(raw).__name__}",
                "or an uncertain number {value: V, range: [LO, HI], kind: ..., source: ...}",
            )
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
            formula=_formula_text(raw),
            inputs=tuple(inputs),
            pressures=tuple(pressures),
            location=tuple(loc),
        )

    def check_parameters(self, parameters: dict[str, dict[str, float]]) -> None:
        for player in self.players:
            rate = parameters[player]["discount_rate"]
            if rate <= 0:
                raise self.checks.err(
                    ["parameters", player, "discount_rate"],
                    f"{player}'s discount_rate must be positive (per year), got {rate:g}",
                    "a player who never minds delay has no bargaining clock; check the formula's inputs",
                )
            dependence = parameters[player]["dependence"]
            if not 0 <= dependence <= 1:
                self.checks.warnings.append(
                    f"{player}'s dependence = {dependence:g} is outside [0, 1]; wrap its formula in clip(..., 0, 1)"
                )

    def read_issues(self, levers: Mapping[str, Mapping[str, Lever]]) -> dict[str, dict[str, float]]:
        """``issue -> player -> value`` of getting its way on the issue.

        An issue either gives one formula per player, or names the levers it is about
        (``levers: [China.licensing, China.defence_ban]``): then each side's value is
        derived from those levers' effects times its weights (:func:`issue_from_levers`),
        so it moves with them.
        """
        node = self.checks.mapping(["issues"], "issues", required=False)
        issues: dict[str, dict[str, float]] = {}
        self.issue_descriptions: dict[str, str] = {}
        for issue in node:
            loc: list[str | int] = ["issues", issue]
            entry = node[issue]
            if not isinstance(entry, Mapping):
                raise self.checks.err(
                    loc,
                    f"issue {quote_token(issue)} must map players to values",
                    "e.g. tariffs: {US: '2 * security', China: '...'} or levers: [US.tariff_100]",
                )
            self.checks.known_keys(loc, ("description", "levers", *self.players), "an issue")
            self.issue_descriptions[issue] = self.checks.text([*loc, "description"])
            issues[issue] = {}
            if "levers" in entry:
                for player, quantity in self.issue_from_levers(issue, loc, levers).items():
                    self.values[player][f"issues.{issue}"] = quantity
                    issues[issue][player] = quantity.value
                continue
            for player in self.players:
                if player not in entry:
                    raise self.checks.err(
                        loc,
                        f"issue {quote_token(issue)} has no value for {player}",
                        f"add '{player}: <formula>' or name the issue's levers",
                    )
                quantity = self.evaluate(
                    player, [*loc, player], f"issues.{issue}", decimals=PARAMETER_DECIMALS
                )
                if quantity.value <= 0:
                    raise self.checks.err(
                        [*loc, player],
                        f"{player}'s value of issue {quote_token(issue)} must be positive, got {quantity.value:g}",
                        "it is what the player gains by getting its way",
                    )
                self.values[player][f"issues.{issue}"] = quantity
                issues[issue][player] = quantity.value
        return issues

    def issue_from_levers(
        self, issue: str, loc: list[str | int], levers: Mapping[str, Mapping[str, Lever]]
    ) -> dict[str, Quantity]:
        """Each side's value of an issue about one player's levers, from their effects.

        The levers' owner gets its way when they are pulled and values that at its own
        weighted effect of pulling them; every other side gets its way when they are not,
        and values that at minus its weighted effect. A side that would gain nothing by
        getting its way is given :data:`ISSUE_TOKEN`: an issue is conceded only for
        something in return.
        """
        names = self.doc.get([*loc, "levers"])
        if isinstance(names, str) or not isinstance(names, Sequence) or not names:
            raise self.checks.err(
                [*loc, "levers"],
                "an issue's levers are a list of 'Player.lever' names",
                "e.g. levers: [China.licensing, China.defence_ban]",
            )
        pulled: list[Lever] = []
        for k, name in enumerate(names):
            owner, _, lever_name = str(name).partition(".")
            if owner not in levers or lever_name not in levers[owner]:
                known = [f"{p}.{n}" for p in levers for n in levers[p]]
                hint = _suggest(name, known, "name levers as Player.lever")
                raise self.checks.err(
                    [*loc, "levers", k], f"unknown lever {quote_token(name)}", hint
                )
            pulled.append(levers[owner][lever_name])
        owners = {lever.player for lever in pulled}
        if len(owners) != 1:
            raise self.checks.err(
                [*loc, "levers"], "an issue's levers must all be one player's", "split the issue"
            )
        owner = owners.pop()
        out: dict[str, Quantity] = {}
        for player in self.players:
            terms: list[str] = []
            total = Fraction(0)
            inputs: list[str] = []
            pressures: list[tuple[str, str]] = []
            for lever in pulled:
                for channel, effect in lever.effects.get(player, {}).items():
                    weight = self.quantity(player, f"weights.{channel}")
                    total += effect * weight.exact
                    terms.append(f"{lever.name}.{channel} {effect} × {channel}")
                    if f"{player}.{channel}" not in inputs:
                        inputs.append(f"{player}.{channel}")
                    pressures += [pair for pair in weight.pressures if pair not in pressures]
            value = total if player == owner else -total
            formula = " + ".join(terms) or "0"
            formula = formula if player == owner else f"-({formula})"
            rounded = round(float(value), PARAMETER_DECIMALS) + 0.0
            if rounded < ISSUE_TOKEN:
                rounded, formula = ISSUE_TOKEN, f"max({formula}, {ISSUE_TOKEN})"
            out[player] = Quantity(
                player=player,
                name=f"issues.{issue}",
                value=rounded,
                formula=formula,
                inputs=tuple(inputs),
                pressures=tuple(pressures),
                location=(*loc, "levers"),
            )
        return out

    # ------------------------------------------------------------------ effects
    def effect_value(self, player: str, loc: list[str | int], path: str) -> Fraction:
        raw = self.doc.get(loc)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            self.parse(loc)  # finiteness check
            return to_fraction(raw)
        quantity = self.evaluate(player, loc, path, decimals=DECIMALS)
        self.values[player][path] = quantity
        return quantity.exact
