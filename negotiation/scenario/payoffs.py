"""Assemble a scenario's payoffs: lever and interaction effects × channel weights → Game.

A cell's effect on player ``i``'s channel ``c`` is the sum of the effects of every lever
the cell's moves pull plus those of every interaction active in the cell
(:func:`effect_parts` lists the pieces, which :mod:`negotiation.scenario.explain` shows);
player ``i``'s payoff is ``sum_c w[i, c] * e[i, c](cell)`` (:func:`payoff_array`), in
exact fractions, so the payoff equals the sum of the contributions ``explain`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.scenario.model import Interaction, Lever, Move
from negotiation.scenario.quantities import QuantityResolver
from negotiation.scenario.sections import Sections

__all__ = ["build_levers", "effect_array", "effect_parts", "payoff_array"]


def _effect_dicts(
    resolver: QuantityResolver, locations: dict[str, dict[str, Any]], prefix: str
) -> dict[str, dict[str, Fraction]]:
    return {
        player: {
            channel: resolver.effect_value(player, loc, f"{prefix}.effects.{player}.{channel}")
            for channel, loc in channels.items()
        }
        for player, channels in locations.items()
    }


def build_levers(
    sections: Sections, resolver: QuantityResolver
) -> tuple[dict[str, dict[str, Lever]], dict[str, tuple[Move, ...]], tuple[Interaction, ...]]:
    """The scenario's levers, moves and interactions with their effects resolved."""
    levers: dict[str, dict[str, Lever]] = {}
    for player in sections.players:
        levers[player] = {}
        for name, locations in sections.lever_locations[player].items():
            info = sections.lever_info[player][name]
            levers[player][name] = Lever(
                player,
                name,
                info["description"],
                info["quote"],
                info["source"],
                _effect_dicts(resolver, locations, f"levers.{player}.{name}"),
            )
    moves = {
        p: tuple(
            Move(p, m, pulled, sections.move_info[p][m])
            for m, pulled in sections.move_levers[p].items()
        )
        for p in sections.players
    }
    checks = resolver.checks
    interactions = tuple(
        Interaction(
            name,
            when,
            checks.text(["interactions", name, "description"]),
            checks.text(["interactions", name, "quote"]),
            checks.text(["interactions", name, "source"]),
            _effect_dicts(resolver, sections.interaction_locations[name], f"interactions.{name}"),
        )
        for name, when in sections.interaction_when.items()
    )
    return levers, moves, interactions


def effect_array(
    players: Sequence[str],
    channels: Sequence[str],
    levers: Mapping[str, Mapping[str, Lever]],
    moves: Mapping[str, Sequence[Move]],
    interactions: Sequence[Interaction],
) -> np.ndarray:
    """Exact effects, an object array shaped ``(n_players, n_channels, *n_moves)``."""
    shape = tuple(len(moves[p]) for p in players)
    channel_index = {c: k for k, c in enumerate(channels)}
    player_index = {p: k for k, p in enumerate(players)}
    effects = np.empty((len(players), len(channels), *shape), dtype=object)
    effects.fill(Fraction(0))
    for cell in np.ndindex(*shape):
        played = [moves[p][k] for p, k in zip(players, cell, strict=True)]
        for _, part in effect_parts(levers, interactions, played):
            for (player, channel), value in part.items():
                index = (player_index[player], channel_index[channel], *cell)
                effects[index] = effects[index] + value
    return effects


def payoff_array(weights: np.ndarray, effects: np.ndarray) -> np.ndarray:
    """``payoff[i, *cell] = sum_c weights[i, c] * effects[i, c, *cell]``, exactly.

    >>> w = np.array([[Fraction(1), Fraction(2)]], dtype=object)
    >>> e = np.array([[[Fraction(3), Fraction(0)], [Fraction(1), Fraction(-1)]]], dtype=object)
    >>> [str(x) for x in payoff_array(w, e)[0]]
    ['5', '-2']
    """
    payoffs = np.empty((weights.shape[0], *effects.shape[2:]), dtype=object)
    for i in range(weights.shape[0]):
        for cell in np.ndindex(*effects.shape[2:]):
            payoffs[(i, *cell)] = sum(
                (weights[i, c] * effects[(i, c, *cell)] for c in range(weights.shape[1])),
                Fraction(0),
            )
    return payoffs


def effect_parts(
    levers: Mapping[str, Mapping[str, Lever]],
    interactions: Sequence[Interaction],
    moves: Sequence[Move],
) -> list[tuple[str, dict[tuple[str, str], Fraction]]]:
    """The pieces of a cell's effects: ``(label, {(player, channel): value})`` per lever or interaction.

    Labels read ``"US lever tariff_100"`` or ``"interaction tariff_war"``. A condition of
    an interaction names a lever if the player has a lever of that name, else a move.
    """
    parts: list[tuple[str, dict[tuple[str, str], Fraction]]] = []
    pulled = {m.player: set(m.levers) for m in moves}
    played = {m.player: m.name for m in moves}
    for move in moves:
        for lever in move.levers:
            effects = levers[move.player][lever].effects
            parts.append(
                (
                    f"{move.player} lever {lever}",
                    {(p, c): v for p, channels in effects.items() for c, v in channels.items()},
                )
            )
    for inter in interactions:
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
