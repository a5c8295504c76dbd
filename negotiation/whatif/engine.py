"""Batch analysis of N samples with exact answers: the float batch, then exact re-solves.

:func:`analyse_batch` evaluates a :class:`~negotiation.scenario.compiled.CompiledScenario`
for N samples, runs the batch solvers of :mod:`negotiation.whatif.batch`, and re-solves on
the exact path (:meth:`CompiledScenario.exact` and :func:`negotiation.solvers.solve`)
every sample the batch flags as sitting on a tie, so every answer is the exact answer:

* the **equilibrium set** of each sample, as the supports of its equilibria (the same set
  ``solve --method all`` gives for two players; pure equilibria for more);
* the moves left after iterated strict dominance by pure moves and by mixtures (as
  :func:`negotiation.solvers.iterated_dominance`);
* each player's pure security level and (from the compiled parameters) discount rate,
  and the bargaining power ``α_1 = r_2 / (r_1 + r_2)`` (Binmore, Rubinstein and Wolinsky
  1986), as floats;
* for two players, the Nash deal (:mod:`negotiation.whatif.deal`) and the truce's
  critical discount factor at its main outcome (:mod:`negotiation.whatif.truce`), the
  numbers ``analyse`` reports.

Exact re-solves are cached per distinct rounded sample (the compiled weights, effects
and rates), so a plateau of samples that round to one game is solved once.

Equilibrium sets and dominance results are numbered in the order first seen; the tables
:attr:`BatchAnalysis.sets` and :attr:`BatchAnalysis.dominance_sets` say what each number
means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation import jit as jit_switch
from negotiation.bargaining.feasible import feasible_set
from negotiation.bargaining.leverage import DEFAULT_PERIOD, DEFAULT_RATE, leverage
from negotiation.bargaining.nash import nash_bargaining
from negotiation.bargaining.rubinstein import discount_factor
from negotiation.game import Game, to_fraction
from negotiation.inputs import NegotiationInputs
from negotiation.repeated.folk import folk_analysis
from negotiation.scenario.compiled import CompiledScenario
from negotiation.solvers import iterated_dominance, solve
from negotiation.solvers.result import EquilibriumSet
from negotiation.whatif import batch, deal, truce

__all__ = [
    "BatchAnalysis",
    "EquilibriumKey",
    "analyse_batch",
    "exact_dominance",
    "exact_key",
    "exact_pure_dominance",
    "key_of",
]

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
    truce_delta
        ``(N,)`` the truce's critical δ at the deal's main outcome (NaN: no δ < 1
        sustains it, or no deal); two players with discount rates only.
    truce_holds
        ``(N,)`` bool: the truce is self-enforcing for both sides.
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
    truce_delta: np.ndarray | None = None
    truce_holds: np.ndarray | None = None


def exact_key(game: Game) -> EquilibriumKey:
    """The equilibrium key of one game from the exact solvers (``all`` for two players)."""
    return key_of(solve(game, "all" if game.n_players == 2 else "pure"))


def key_of(eqs: EquilibriumSet) -> EquilibriumKey:
    """The equilibrium key of equilibria already found (each one's supports, sorted)."""
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


def exact_dominance(game: Game) -> tuple[tuple[int, ...], ...]:
    """Moves left after iterated strict dominance (pure and mixed), from the exact solver."""
    left = iterated_dominance(game).remaining
    return tuple(
        tuple(k for k, m in enumerate(moves) if m in kept)
        for moves, kept in zip(game.moves, left, strict=True)
    )


def _batch_keys(
    u: np.ndarray, remaining: list[np.ndarray], jit: bool | None = None
) -> tuple[np.ndarray, list[EquilibriumKey], np.ndarray]:
    """Equilibrium keys of N games and the samples to re-solve exactly.

    Strictly dominated moves are in no equilibrium, so each group of samples with the same
    moves left after iterated dominance is solved on that smaller game (support
    enumeration for two players, pure equilibria otherwise). Returns ``(ids, keys,
    unsure)``: sample ``j``'s key is ``keys[ids[j]]``.
    """
    n = u.shape[0]
    ids = np.zeros(n, dtype=np.int64)
    keys: dict[EquilibriumKey, int] = {}
    unsure = np.zeros(n, dtype=bool)
    bits = np.concatenate(remaining, axis=1)
    first, inverse = batch.row_groups(bits)
    offsets = np.cumsum([0, *[r.shape[1] for r in remaining]])
    for g, f in enumerate(first):
        row = bits[f]
        idx = np.flatnonzero(inverse == g)
        left = [np.flatnonzero(row[offsets[i] : offsets[i + 1]]) for i in range(len(remaining))]
        sub = u[idx][np.ix_(np.arange(idx.size), np.arange(u.shape[1]), *left)]
        group_keys, group_inverse, group_unsure = _solve_group(sub, jit)
        unsure[idx] = group_unsure
        mapped = np.array(
            [
                keys.setdefault(
                    tuple(
                        sorted(
                            tuple(tuple(int(left[i][k]) for k in s) for i, s in enumerate(eq))
                            for eq in key
                        )
                    ),
                    len(keys),
                )
                for key in group_keys
            ],
            dtype=np.int64,
        )
        ids[idx] = mapped[group_inverse]
    return ids, list(keys), unsure


def _solve_group(
    u: np.ndarray, jit: bool | None = None
) -> tuple[list[EquilibriumKey], np.ndarray, np.ndarray]:
    n = u.shape[0]
    if u.shape[1] == 2 and max(u.shape[2:]) <= batch.MAX_SUPPORT_MOVES:
        se = batch.support_enumeration(u)
        bits, unsure = se.equilibria, se.unsure
        labels = list(se.supports)
    else:
        mask, unsure = batch.pure_equilibria(u, jit=jit)
        bits = mask.reshape(n, -1)
        labels = [
            tuple((int(k),) for k in cell)  # type: ignore[misc]
            for cell in np.ndindex(*u.shape[2:])
        ]
        if u.shape[1] == 2:  # a large two-player game: mixed equilibria need the exact solver
            unsure = np.ones(n, dtype=bool)
    first, inverse = batch.row_groups(bits)
    keys = [tuple(labels[k] for k in np.flatnonzero(bits[f])) for f in first]
    return keys, inverse, unsure  # type: ignore[return-value]


def analyse_batch(
    compiled: CompiledScenario,
    values: Mapping[str, np.ndarray],
    n: int | None = None,
    *,
    tables: Tables | None = None,
    resolve: bool = True,
    dominance: bool = True,
    jit: bool | None = None,
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
    dominance
        Make the dominance answers exact too (default). ``False`` keeps them as the float
        pass gives them (pure moves only) and re-solves only samples whose equilibria,
        best responses or deal sit near a tie: a move the float pass keeps because it
        is only *nearly* strictly dominated can never remove an equilibrium, so the
        equilibrium sets stay exact. :func:`~negotiation.whatif.tipping.tipping_points`
        uses it, as it reports no dominance.

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
    if jit is None:
        jit = jit_switch.wanted(_size(values, n))
    ev = compiled.evaluate(values, n, jit=jit)
    u = ev.payoffs
    size = u.shape[0]
    finite = np.where(np.isfinite(u), u, 0.0) if ev.invalid.any() else u
    tol = batch.tolerance(finite)
    remaining, dom_unsure = batch.dominance(finite, tol=tol, mixed=dominance, jit=jit)
    key_ids, keys, unsure = _batch_keys(finite, remaining, jit)
    unsure = unsure | ev.unsure  # dominance's own doubts are added below
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
    truce_delta = np.full(size, np.nan)
    truce_holds = np.zeros(size, dtype=bool)
    with_deal = len(players) == 2 and bool(np.isfinite(rates).all())
    distinct = {k: tables.set_id(k) for k in keys}
    set_id = np.array(list(distinct.values()), dtype=np.int64)[key_ids] if size else key_ids
    if with_deal:
        mask, _ = batch.pure_equilibria(finite, tol, jit=jit)
        d, d_unsure, d_cell = deal.escalation_disagreement(finite, mask, cells=True)
        found = deal.nash_deal(finite, d, power[:, 0], d_cell)
        deal_main[:] = found.main
        deal_payoffs[:] = found.payoffs
        disagreement[:] = d
        unsure |= d_unsure | found.unsure
        worst = np.empty((size, 2))
        for key, sid in distinct.items():
            idx = np.flatnonzero(set_id == sid)
            worst[idx] = truce.worst_equilibrium_payoffs(finite[idx], list(key))  # type: ignore[arg-type]
        factors = np.exp(-rates * float(DEFAULT_PERIOD))
        t = truce.critical_delta(finite, np.maximum(deal_main, 0), worst, factors)
        truce_delta[:] = t.delta
        truce_holds[:] = t.holds.all(axis=1)
        unsure |= t.unsure
    dom_id = np.empty(size, dtype=np.int64)
    dom_bits = np.concatenate(remaining, axis=1)
    dom_first, dom_inv = batch.row_groups(dom_bits)
    dom_uniq = dom_bits[dom_first]
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
    invalid = ev.invalid.copy()
    # a sample flagged by dominance alone needs only its dominance made exact: the float
    # pass removes a move only when it is dominated by more than the tolerance (so the
    # exact pass removes it too) and keeps a nearly dominated one, which removes no
    # equilibrium, so that sample's equilibria, deal and truce are already exact
    only_dominance = dom_unsure & ~unsure if dominance else np.zeros(size, dtype=bool)
    unsure = unsure | only_dominance
    todo = np.flatnonzero(unsure) if resolve else np.empty(0, dtype=np.int64)
    paths = list(values)
    if todo.size:
        u = np.array(u)  # exact payoffs are written into the tie samples
    for j in todo:
        if invalid[j]:
            set_id[j] = -1
            continue
        sample = {p: float(np.broadcast_to(values[p], (size,))[j]) for p in paths}
        exact = _exact_sample(
            compiled, ev, int(j), sample, with_deal, dominance_only=bool(only_dominance[j])
        )
        if exact is None:
            invalid[j] = True
            set_id[j] = -1
            continue
        exact_set, dom, pay, dl = exact
        dom_id[j] = tables.dominance_id(dom)
        u[j] = pay
        if only_dominance[j]:  # the float δ stays (within 1e-9 of analyse's, tested)
            if with_deal:
                deal_main[j], deal_payoffs[j], disagreement[j] = dl
            continue
        if exact_set is not None:
            set_id[j] = tables.set_id(exact_set)
        if with_deal:
            deal_main[j], deal_payoffs[j], disagreement[j], truce_delta[j], truce_holds[j] = dl
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
        truce_delta=truce_delta if with_deal else None,
        truce_holds=truce_holds if with_deal else None,
    )


def _size(values: Mapping[str, Any], n: int | None) -> int:
    sizes = [np.size(v) for v in values.values()]
    return max([*sizes, n or 1])


#: exact answers kept per compiled scenario (distinct rounded samples)
CACHE_SIZE = 4096


def _exact_sample(
    compiled: CompiledScenario,
    ev: Any,
    j: int,
    sample: dict[str, float],
    with_deal: bool,
    *,
    dominance_only: bool = False,
) -> tuple[EquilibriumKey | None, tuple[tuple[int, ...], ...], np.ndarray, tuple[Any, ...]] | None:
    """One sample on the exact path: equilibrium key, dominance, payoffs, deal and truce.

    ``dominance_only`` computes the dominance, payoffs and deal alone (the key is then
    ``None`` and the deal ``(main, payoffs, disagreement)`` without the truce). Cached by the sample's rounded decimals (weights,
    effects, rates), which determine its exact game: samples on one rounding plateau
    are solved once.
    """
    cache_key: Any = None
    if not ev.unsure[j] and ev.weights is not None:
        cache_key = (
            ev.weights[j].tobytes(),
            np.array([e[j] for e in ev.effects]).tobytes(),
            tuple(
                float(ev.parameters[p]["discount_rate"][j])
                for p in compiled.players
                if "discount_rate" in ev.parameters.get(p, {})
            ),
        )
        for kind in (False, True) if dominance_only else (False,):
            cached = compiled._cache.get((cache_key, kind))
            if cached is not None:
                return cached
    fast = compiled.exact_game_at(ev, j, sample)
    if fast is not None:
        game, exact_rates = fast
        deal_source: Any = (game, exact_rates)
    else:
        try:
            scenario = compiled.exact(sample)
        except Exception:
            return None
        game = scenario.game
        deal_source = scenario
    key: EquilibriumKey | None = None
    dl: tuple[Any, ...] = ()
    if dominance_only:
        if with_deal:  # the deal's payoffs as exact fractions rounded once, as elsewhere
            dl = _exact_deal(deal_source)
    else:
        # one enumeration serves the key and the truce (as analyse shares it)
        equilibria = solve(game, "all" if game.n_players == 2 else "pure")
        key = key_of(equilibria)
        if with_deal:
            main, pays, d = _exact_deal(deal_source)
            delta, holds = _exact_truce(game, main, deal_source, equilibria)
            dl = (main, pays, d, delta, holds)
    result = (key, exact_dominance(game), np.asarray(game.payoffs, dtype=float), dl)
    if cache_key is not None:
        if len(compiled._cache) >= CACHE_SIZE:
            compiled._cache.clear()
        compiled._cache[(cache_key, dominance_only)] = result
    return result


def _exact_truce(
    game: Game, main: int, source: Any, equilibria: EquilibriumSet | None = None
) -> tuple[float, bool]:
    """The truce's critical δ at the deal's main outcome and whether it is self-enforcing,
    by :func:`negotiation.repeated.folk.folk_analysis` as ``analyse`` calls it (with the
    stage game's equilibria from ``solve(game, "all")``, passed in when already found)."""

    if main < 0:
        return float("nan"), False
    rates = (
        source[1]
        if isinstance(source, tuple)
        else {
            p: source.parameters[p]["discount_rate"]
            for p in game.players
            if "discount_rate" in source.parameters.get(p, {})
        }
    )
    discount = {
        p: discount_factor(rates.get(p, DEFAULT_RATE), DEFAULT_PERIOD) for p in game.players
    }
    target = cell_names(game, main)
    if equilibria is None or equilibria.method != "all":
        equilibria = solve(game, "all")
    folk = folk_analysis(game, target, discount=discount, stage_equilibria=equilibria)
    delta = folk.critical_discount_factor
    holds = folk.self_enforcing or {}
    return (
        float("nan") if delta is None else float(delta),
        bool(holds) and all(holds.values()),
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
