"""``timeline(model, years, policy)``: leverage over time, the one call the CLI makes."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import numpy as np

from negotiation.bargaining.disagreement import disagreement_point
from negotiation.dynamics.game import period_payoffs  # noqa: F401  (re-exported for notebooks)
from negotiation.dynamics.load import TimelineModel
from negotiation.dynamics.mpe import MAX_STATES, play_mpe, solve_mpe
from negotiation.dynamics.result import Hedge, PolicySummary, Timeline
from negotiation.dynamics.simulate import (
    best_restriction_length,
    discounted_totals,
    half_life,
    leverage_of,
    simulate,
)
from negotiation.dynamics.stage import bargaining_power
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.numbers import format_number, format_numbers

__all__ = ["POLICIES", "timeline"]

POLICIES = ("equilibrium", "none", "temporary", "sustained")
HALF_LIFE_HORIZON = 50


def _disagreement(model: TimelineModel, X: np.ndarray) -> np.ndarray:
    """The stage game's disagreement payoffs (the escalation equilibrium, as in
    :func:`negotiation.bargaining.disagreement.disagreement_point`) at each state, ``(N, n_players)``."""
    pays = model.stage.payoffs_at(model.transition.felt(X))
    out = []
    for P in pays:
        exact = np.vectorize(
            lambda v: Fraction(round(float(v), 6)).limit_denominator(10**6), otypes=[object]
        )(P)
        game = Game(model.players, model.stage.moves, exact)
        out.append([float(v) for v in disagreement_point(game).payoffs])
    return np.array(out)


def timeline(
    model: TimelineModel,
    years: int = 20,
    policy: Literal["equilibrium", "none", "temporary", "sustained"] = "equilibrium",
    months: float = 6,
    *,
    hedges_at: int = 5,
    max_states: int = MAX_STATES,
) -> Timeline:
    """Year by year: the importer's dependence per stage, each side's bargaining power,
    disagreement payoff and moves, under one policy; plus the half-life of the exporter's
    leverage, its best restriction length, three fixed policies side by side and what
    each policy lever changes.

    Parameters
    ----------
    model
        From :func:`negotiation.dynamics.read_timeline_model`.
    years
        Horizon, 1 to 100.
    policy
        ``"equilibrium"`` (the Markov perfect equilibrium, solved and checked on the
        declared grid), ``"none"``, ``"temporary"`` (``months`` months) or ``"sustained"``.
    months
        Length of the temporary restriction, in months.

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.dynamics import read_timeline_model
    >>> m = read_timeline_model(Path(__file__).parents[2] / "payoffs" / "us_china_dynamics.yaml")
    >>> t = timeline(m, years=10, policy="sustained")
    >>> t.dependence["US"][-1] < t.dependence["US"][0]
    True
    """
    if policy not in POLICIES:
        raise NegotiationError(f"unknown policy '{policy}' — use one of {', '.join(POLICIES)}")
    if not 1 <= years <= 100:
        raise NegotiationError(f"--years must be between 1 and 100, got {years}")
    if not 0 < months <= 12 * years:
        raise NegotiationError(
            f"--months must be between 1 and {12 * years} (the horizon), got {months:g}"
        )
    spec, tr = model.spec, model.transition
    players = model.players
    imp, exp = spec.importer, spec.exporter
    horizon = 12 * years
    notes: list[str] = []
    check = None
    lengths = {"none": 0.0, "temporary": float(months), "sustained": np.inf}
    fixed = simulate(model, list(lengths.values()), horizon)
    totals = discounted_totals(model, fixed)
    if policy == "equilibrium":
        mpe = solve_mpe(model, years, max_states=max_states)
        states, played, path_gain = play_mpe(model, mpe, tr.initial)
        X = np.array(states)
        moves = {
            p: tuple(_describe(model.action_names[k], s[k]) for s in played)
            for k, p in enumerate(players)
        }
        check = {
            "max_deviation_gain": mpe.max_gain,
            "tolerance": mpe.tolerance,
            "verified": mpe.verified and path_gain <= mpe.tolerance * 10,
            "grid_states": mpe.grid.size,
            "grid_shape": list(mpe.grid.shape),
            "periods": years,
            "mixed_states": mpe.mixed_states,
            "path_max_gain": path_gain,
            "interpolation_error": model.stage.check_error,
        }
        if not check["verified"]:
            notes.append(
                "the equilibrium check failed: a one-period deviation gains more than the tolerance"
            )
    else:
        row = list(lengths).index(policy)
        X = fixed.states[::12, row, :]
        restrict, calm = spec.policies["restrict"], spec.policies["calm"]
        moves = {
            exp: tuple(restrict if fixed.restricting[12 * t, row] else calm for t in range(years)),
            imp: tuple(spec.policies["importer"] for _ in range(years)),
        }
        moves = {p: moves[p] for p in players}
    z = tr.felt(X)
    alpha = bargaining_power(model.stage.rates_at(z))
    dep_stage = tr.dependence(X)
    scen_dep = model.stage.dependence_at(z)
    dependence = {}
    for k, p in enumerate(players):
        if p == imp:
            dependence[p] = tuple(float(v) for v in dep_stage.max(axis=1))
        else:
            dependence[p] = tuple(float(v) for v in scen_dep[:, k])
    dis = _disagreement(model, X)
    n = tr.n_stages
    best, _, _ = best_restriction_length(model, years)
    hl = half_life(model, horizon_years=HALF_LIFE_HORIZON)
    summaries = []
    end = fixed.states[-1]
    alpha_end = bargaining_power(model.stage.rates_at(tr.felt(end)))
    e, i = model.exporter_index, model.importer_index
    for row, (name, k_months) in enumerate(lengths.items()):
        summaries.append(
            PolicySummary(
                name,
                None if not np.isfinite(k_months) else float(k_months),
                float(tr.dependence(end[row : row + 1]).max()),
                float(alpha_end[row, e]),
                float(totals[row, e]),
                float(totals[row, i]),
            )
        )
    hedges = _hedges(model, min(hedges_at, years), hl)
    if model.stage.check_error > 1e-3:
        notes.append(
            f"the stage game is interpolated between {len(model.stage.corners)} exact builds; the largest gap found is "
            f"{format_number(model.stage.check_error, digits=3)}"
        )
    return Timeline(
        title=spec.title,
        policy=policy,
        months=float(months) if policy == "temporary" else None,
        importer=imp,
        exporter=exp,
        players=players,
        stages=tr.stages,
        years=tuple(spec.start_year + t for t in range(years + 1)),
        dependence=dependence,
        dependence_by_stage={
            s: tuple(float(v) for v in dep_stage[:, k]) for k, s in enumerate(tr.stages)
        },
        bargaining_power={p: tuple(float(v) for v in alpha[:, k]) for k, p in enumerate(players)},
        disagreement_payoff={p: tuple(float(v) for v in dis[:, k]) for k, p in enumerate(players)},
        moves=moves,
        substitution=tuple(float(v) for v in X[:, 2 * n]),
        urgency=tuple(float(v) for v in X[:, 2 * n + 1]),
        stockpile=tuple(float(v) for v in X[:, 2 * n + 2]),
        leverage=tuple(float(v) for v in leverage_of(model, X)),
        half_life=hl,
        half_life_horizon=HALF_LIFE_HORIZON,
        best_restriction_months=best,
        restricting_action=spec.policies["restrict"],
        policies=tuple(summaries),
        hedges=hedges,
        check=check,
        notes=tuple(notes),
    )


def _describe(names: tuple[str, ...], probs: np.ndarray) -> str:
    if probs.max() > 1 - 1e-9:
        return names[int(probs.argmax())]
    shown = [(n, p) for n, p in zip(names, probs, strict=True) if p > 1e-9]
    texts = format_numbers([p for _, p in shown])
    return " + ".join(f"{t} {n}" for (n, _), t in zip(shown, texts, strict=True))


def _hedges(model: TimelineModel, at_year: int, hl: float | None) -> tuple[Hedge, ...]:
    out = []
    active = [lv for lv in model.spec.levers if lv.active]
    base = simulate(model, [np.inf], 12 * at_year).states[-1]
    dep_with = float(model.transition.dependence(base).max())
    stages = model.transition.stages
    with_stage = {
        s: float(v) for s, v in zip(stages, model.transition.dependence(base)[0], strict=True)
    }
    for lever in active:
        other = model.without([lever.name])
        end = simulate(other, [np.inf], 12 * at_year).states[-1]
        out.append(
            Hedge(
                lever.name,
                lever.description,
                at_year,
                dep_with,
                float(other.transition.dependence(end).max()),
                hl,
                half_life(other, horizon_years=HALF_LIFE_HORIZON),
                with_stage,
                {
                    s: float(v)
                    for s, v in zip(stages, other.transition.dependence(end)[0], strict=True)
                },
            )
        )
    return tuple(out)
