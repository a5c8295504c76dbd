"""Batch analysis of N samples with exact answers: the float batch, then exact re-solves.

:func:`analyse_batch` evaluates a :class:`~negotiation.scenario.compiled.CompiledScenario`
for N samples, runs the batch solvers of :mod:`negotiation.whatif.batch`, and re-solves on
the exact path (:meth:`CompiledScenario.exact` and :func:`negotiation.solvers.solve`)
every sample the batch flags as sitting on a tie, so every answer is the exact answer:

* the **equilibrium set** of each sample, as the supports of its equilibria (the same set
  ``solve --method all`` gives for two players; pure equilibria for more);
* the moves left after iterated strict dominance by pure moves;
* each player's pure security level and (from the compiled parameters) discount rate,
  and the bargaining power ``α_1 = r_2 / (r_1 + r_2)`` (Binmore, Rubinstein and Wolinsky
  1986), as floats.

Equilibrium sets and dominance results are numbered in the order first seen; the tables
:attr:`BatchAnalysis.sets` and :attr:`BatchAnalysis.dominance_sets` say what each number
means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation.bargaining.feasible import feasible_set
from negotiation.bargaining.leverage import leverage
from negotiation.bargaining.nash import nash_bargaining
from negotiation.game import Game, to_fraction
from negotiation.inputs import NegotiationInputs
from negotiation.scenario.compiled import CompiledScenario
from negotiation.solvers import solve
from negotiation.whatif import batch, deal

__all__ = ["BatchAnalysis", "EquilibriumKey", "analyse_batch", "exact_key", "exact_pure_dominance"]

#: an equilibrium set: the sorted supports ``((row moves), (column moves), ...)`` of each equilibrium
EquilibriumKey = tuple[tuple[tuple[int, ...], ...], ...]


@dataclass
class Tables:
    """Numbering of the distinct equilibrium sets and dominance results seen so far."""

    sets: dict[EquilibriumKey, int] = field(default_factory=dict)
    dominance: dict[tuple[tuple[int, ...], ...], int] = field(default_factory=dict)

    def set_id(self, key: EquilibriumKey) -> int:
        return self.sets.setdefault(key, len(self.sets))

    def dominance_id(self, key: tuple[tuple[int, ...], ...]) -> int:
        return self.dominance.setdefault(key, len(self.dominance))


@dataclass(frozen=True)
class BatchAnalysis:
    """Per-sample results of :func:`analyse_batch` (first axis: the sample).

    Attributes
    ----------
    set_id
        ``(N,)`` index into ``sets`` (−1 for an invalid sample).
    dominance_id
        ``(N,)`` index into ``dominance_sets``.
    payoffs
        ``(N, n_players, *n_moves)`` float payoffs.
    security
        ``(N, n_players)`` pure security levels.
    rates
        ``(N, n_players)`` discount rates (NaN where the scenario has none).
    power
        ``(N, n_players)`` bargaining power from patience.
    deal_main
        ``(N,)`` flat cell index of the Nash deal's main outcome (−1: none computed).
    deal_payoffs
        ``(N, 2)`` the Nash deal's payoffs (NaN where none).
    disagreement
        ``(N, 2)`` the disagreement point (the escalation equilibrium's payoffs).
    exact
        ``(N,)`` bool: samples re-solved on the exact path.
    invalid
        ``(N,)`` bool: samples the exact build refuses (a formula fails there).
    sets, dominance_sets
        The tables: equilibrium keys and remaining-move tuples, by index.
    """

    set_id: np.ndarray
    dominance_id: np.ndarray
    payoffs: np.ndarray
    security: np.ndarray
    rates: np.ndarray
    power: np.ndarray
    deal_main: np.ndarray
    deal_payoffs: np.ndarray
    disagreement: np.ndarray
    exact: np.ndarray
    invalid: np.ndarray
    sets: tuple[EquilibriumKey, ...]
    dominance_sets: tuple[tuple[tuple[int, ...], ...], ...]


def exact_key(game: Game) -> EquilibriumKey:
    """The equilibrium key of one game from the exact solvers (``all`` for two players)."""
    eqs = solve(game, "all" if game.n_players == 2 else "pure")
    return tuple(
        sorted(
            tuple(tuple(k for k, p in enumerate(s) if p) for s in e.strategies)
            for e in eqs.equilibria
        )
    )


def exact_pure_dominance(game: Game) -> tuple[tuple[int, ...], ...]:
    """Moves left after iterated strict dominance by pure moves, in exact arithmetic."""
    remaining = [list(range(n)) for n in game.shape]
    changed = True
    while changed:
        changed = False
        for i in range(game.n_players):
            sub = game.exact[i][np.ix_(*remaining)]
            rows = np.moveaxis(sub, i, 0).reshape(len(remaining[i]), -1)
            gone = {
                a
                for a in range(rows.shape[0])
                for b in range(rows.shape[0])
                if a != b and all(x > y for x, y in zip(rows[b], rows[a], strict=True))
            }
            if gone:
                remaining[i] = [m for k, m in enumerate(remaining[i]) if k not in gone]
                changed = True
    return tuple(tuple(r) for r in remaining)


def _batch_keys(
    u: np.ndarray, remaining: list[np.ndarray]
) -> tuple[list[EquilibriumKey], np.ndarray]:
    """Equilibrium keys of N games and the samples to re-solve exactly.

    Strictly dominated moves are in no equilibrium, so each group of samples with the same
    moves left after iterated dominance is solved on that smaller game (support
    enumeration for two players, pure equilibria otherwise).
    """
    n = u.shape[0]
    keys: list[EquilibriumKey] = [()] * n
    unsure = np.zeros(n, dtype=bool)
    bits = np.concatenate(remaining, axis=1)
    uniq, inverse = np.unique(bits, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    offsets = np.cumsum([0, *[r.shape[1] for r in remaining]])
    for g, row in enumerate(uniq):
        idx = np.flatnonzero(inverse == g)
        left = [np.flatnonzero(row[offsets[i] : offsets[i + 1]]) for i in range(len(remaining))]
        sub = u[idx][np.ix_(np.arange(idx.size), np.arange(u.shape[1]), *left)]
        group_keys, group_unsure = _solve_group(sub)
        unsure[idx] = group_unsure
        for j, key in zip(idx, group_keys, strict=True):
            keys[j] = tuple(
                sorted(
                    tuple(tuple(int(left[i][k]) for k in s) for i, s in enumerate(eq)) for eq in key
                )
            )
    return keys, unsure


def _solve_group(u: np.ndarray) -> tuple[list[EquilibriumKey], np.ndarray]:
    n = u.shape[0]
    if u.shape[1] == 2 and max(u.shape[2:]) <= batch.MAX_SUPPORT_MOVES:
        se = batch.support_enumeration(u)
        bits, unsure = se.equilibria, se.unsure
        labels = list(se.supports)
    else:
        mask, unsure = batch.pure_equilibria(u)
        bits = mask.reshape(n, -1)
        labels = [
            tuple((int(k),) for k in cell)  # type: ignore[misc]
            for cell in np.ndindex(*u.shape[2:])
        ]
        if u.shape[1] == 2:  # a large two-player game: mixed equilibria need the exact solver
            unsure = np.ones(n, dtype=bool)
    packed = np.packbits(bits, axis=1)
    uniq, inverse = np.unique(packed, axis=0, return_inverse=True)
    keys = []
    for row in uniq:
        on = np.unpackbits(row)[: len(labels)].astype(bool)
        keys.append(tuple(labels[k] for k in np.flatnonzero(on)))
    return [keys[j] for j in inverse.reshape(-1)], unsure


def analyse_batch(
    compiled: CompiledScenario,
    values: Mapping[str, np.ndarray],
    n: int | None = None,
    *,
    tables: Tables | None = None,
    resolve: bool = True,
) -> BatchAnalysis:
    """Exact per-sample analysis of N samples (see the module doc).

    Parameters
    ----------
    compiled
        The compiled scenario.
    values
        ``path -> (N,)`` sampled values (other inputs stay at their values).
    n
        N when ``values`` is empty.
    tables
        Numbering shared across chunks (a new one by default).
    resolve
        Re-solve flagged samples exactly (default). ``False`` gives the float answers
        with ``exact`` marking the samples that would have been re-solved (for locating
        a flip quickly before confirming it exactly).

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.scenario import read_scenario
    >>> from negotiation.scenario.compiled import compile_scenario
    >>> s = read_scenario(Path(__file__).parents[2] / "payoffs" / "us_china_rare_earths.yaml")
    >>> out = analyse_batch(compile_scenario(s), {"pressures.China.deflation": np.linspace(0, 1, 5)})
    >>> out.sets[out.set_id[0]] == exact_key(s.game)
    True
    """
    tables = tables if tables is not None else Tables()
    ev = compiled.evaluate(values, n)
    u = ev.payoffs
    size = u.shape[0]
    finite = np.where(np.isfinite(u), u, 0.0)
    remaining, dom_unsure = batch.pure_dominance(finite)
    keys, unsure = _batch_keys(finite, remaining)
    unsure = unsure | dom_unsure | ev.unsure
    players = compiled.players
    rates = np.stack(
        [ev.parameters.get(p, {}).get("discount_rate", np.full(size, np.nan)) for p in players],
        axis=1,
    )
    with np.errstate(all="ignore"):
        inverse_rates = 1.0 / rates
        power = inverse_rates / inverse_rates.sum(axis=1, keepdims=True)
    deal_main = np.full(size, -1, dtype=np.int64)
    deal_payoffs = np.full((size, len(players)), np.nan)
    disagreement = np.full((size, len(players)), np.nan)
    with_deal = len(players) == 2 and bool(np.isfinite(rates).all())
    if with_deal:
        mask, _ = batch.pure_equilibria(finite)
        d, d_unsure, d_cell = deal.escalation_disagreement(finite, mask, cells=True)
        found = deal.nash_deal(finite, d, power[:, 0], d_cell)
        deal_main[:] = found.main
        deal_payoffs[:] = found.payoffs
        disagreement[:] = d
        unsure |= d_unsure | found.unsure
    set_id = np.empty(size, dtype=np.int64)
    dom_id = np.empty(size, dtype=np.int64)
    dom_bits = np.concatenate(remaining, axis=1)
    dom_uniq, dom_inv = np.unique(dom_bits, axis=0, return_inverse=True)
    offsets = np.cumsum([0, *[r.shape[1] for r in remaining]])
    dom_ids = [
        tables.dominance_id(
            tuple(
                tuple(int(k) for k in np.flatnonzero(row[offsets[i] : offsets[i + 1]]))
                for i in range(len(remaining))
            )
        )
        for row in dom_uniq
    ]
    dom_id[:] = np.asarray(dom_ids, dtype=np.int64)[dom_inv.reshape(-1)]
    distinct = {k: tables.set_id(k) for k in dict.fromkeys(keys)}
    set_id[:] = [distinct[k] for k in keys]
    invalid = ev.invalid.copy()
    todo = np.flatnonzero(unsure) if resolve else np.empty(0, dtype=np.int64)
    paths = list(values)
    for j in todo:
        sample = {p: float(np.broadcast_to(values[p], (size,))[j]) for p in paths}
        if invalid[j]:
            set_id[j] = -1
            continue
        fast = compiled.exact_game(sample)
        if fast is not None:
            game, exact_rates = fast
            deal_source: Any = (game, exact_rates)
        else:
            try:
                scenario = compiled.exact(sample)
            except Exception:
                invalid[j] = True
                set_id[j] = -1
                continue
            game = scenario.game
            deal_source = scenario
        set_id[j] = tables.set_id(exact_key(game))
        dom_id[j] = tables.dominance_id(exact_pure_dominance(game))
        u[j] = game.payoffs
        if with_deal:
            deal_main[j], deal_payoffs[j], disagreement[j] = _exact_deal(deal_source)
    set_id[invalid] = -1
    return BatchAnalysis(
        set_id=set_id,
        dominance_id=dom_id,
        payoffs=u,
        security=batch.security_levels(np.where(np.isfinite(u), u, 0.0)),
        rates=rates,
        power=power,
        deal_main=deal_main,
        deal_payoffs=deal_payoffs,
        disagreement=disagreement,
        exact=unsure,
        invalid=invalid,
        sets=tuple(tables.sets),
        dominance_sets=tuple(tables.dominance),
    )


def _exact_deal(source: Any) -> tuple[int, np.ndarray, np.ndarray]:
    """The exact Nash deal's main outcome (flat index), payoffs and disagreement point.

    ``source`` is a scenario, or ``(game, discount rates)`` from
    :meth:`CompiledScenario.exact_game`: the leverage and Nash deal of the library's own
    :func:`~negotiation.bargaining.leverage.leverage` and
    :func:`~negotiation.bargaining.nash.nash_bargaining`, with the sample's discount rates.
    """
    if isinstance(source, tuple):
        game, rates = source
    else:
        game = source.game
        rates = {
            p: to_fraction(source.parameters[p]["discount_rate"])
            for p in game.players
            if "discount_rate" in source.parameters.get(p, {})
        }
    try:
        inputs = NegotiationInputs.defaults(game)
        if rates:
            inputs = inputs.with_values(discount_rates=rates)
        lev = leverage(game, inputs)
        nash = nash_bargaining(
            feasible_set(game), lev.disagreement_payoffs, lev.bargaining_power[0]
        )
    except Exception:
        return -1, np.full(2, np.nan), np.full(2, np.nan)
    main = nash.main_outcome
    index = -1 if main is None else int(np.ravel_multi_index(game.profile_index(main), game.shape))
    return (
        index,
        np.array([float(x) for x in nash.payoffs]),
        np.array([float(x) for x in nash.disagreement]),
    )


def cell_names(game: Game, flat: int) -> tuple[str, ...]:
    """The move names of the cell with flat (row-major) index ``flat``."""
    return game.profile_names([int(i) for i in np.unravel_index(int(flat), game.shape)])


def describe_key(game: Game, key: EquilibriumKey) -> str:
    """``"tariffs_software / defence_ban; hold / licensing"`` (a mixed support joined by +)."""
    if not key:
        return "no equilibrium"
    return "; ".join(
        " / ".join("+".join(game.moves[i][k] for k in s) for i, s in enumerate(eq)) for eq in key
    )


def key_to_list(game: Game, key: EquilibriumKey) -> list[dict[str, Any]]:
    """The supports of a key as ``[{player: [move, ...]}]`` for JSON."""
    return [
        {
            p: [game.moves[i][k] for k in s]
            for i, (p, s) in enumerate(zip(game.players, eq, strict=True))
        }
        for eq in key
    ]
