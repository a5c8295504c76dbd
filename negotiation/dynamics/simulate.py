"""Fixed policies month by month: none, a temporary restriction of ``k`` months, sustained.

Under a fixed policy the exporter plays its declared restricting action (``policies.restrict``)
for the first ``k`` months and its calm action (``policies.calm``) after; the importer plays
``policies.importer`` throughout (its private investment still responds to urgency).
Many policies are simulated at once, one row of the state array each, so the
exporter's best restriction length is one vectorised run over every ``k``.

China's **leverage** at a state is its bargaining power above what it would keep with
the importer fully independent: ``L(x) = α_exporter(z(x)) − α_exporter(0)``, where the
dependence felt is net of the importer's stockpile. Under a sustained restriction ``L``
first *rises* while the stockpile is drawn down (the file's stockpile says why), peaks
when it runs out, and then falls as capacity and substitution arrive. Its **half-life** is
the time from the start until ``L`` falls to half its peak (linear between months);
``None`` when it does not within the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.dynamics.game import period_payoffs
from negotiation.dynamics.load import TimelineModel
from negotiation.dynamics.stage import bargaining_power
from negotiation.dynamics.state import DT

__all__ = ["Path", "best_restriction_length", "half_life", "leverage_of", "simulate"]


@dataclass(frozen=True, eq=False)
class Path:
    """Monthly states of one or more fixed policies: ``states[m]`` is ``(P, W)`` at month ``m``."""

    months: np.ndarray  # (P,) restriction length of each row (np.inf = sustained)
    states: np.ndarray  # (n_months + 1, P, W)
    restricting: np.ndarray  # (n_months, P) bool


def _action_index(model: TimelineModel, player: str, name: str) -> int:
    return model.action_names[model.players.index(player)].index(name)


def simulate(model: TimelineModel, months: np.ndarray | list[float], horizon_months: int) -> Path:
    """Simulate the fixed policies with restriction lengths ``months`` (``inf`` = sustained)."""
    spec, tr = model.spec, model.transition
    lengths = np.asarray(months, dtype=float)
    P = len(lengths)
    restrict = spec.action(spec.exporter, spec.policies["restrict"])
    calm = spec.action(spec.exporter, spec.policies["calm"])
    imp = spec.action(spec.importer, spec.policies["importer"])
    X = np.repeat(tr.initial[None, :], P, axis=0)
    states = [X]
    flags = []
    x = np.full(P, imp.investment.value)
    for m in range(horizon_months):
        on = m < lengths
        r = np.where(on, restrict.restriction.value, calm.restriction.value)
        X = tr.step(X, r, x, m * DT)
        states.append(X)
        flags.append(on)
    return Path(lengths, np.stack(states), np.array(flags).reshape(horizon_months, P))


def leverage_of(model: TimelineModel, X: np.ndarray) -> np.ndarray:
    """The exporter's leverage ``α_exporter(z(x)) − α_exporter(0)`` at states ``X``."""
    e = model.exporter_index
    z = model.transition.felt(X)
    alpha = bargaining_power(model.stage.rates_at(z))[:, e]
    floor = bargaining_power(model.stage.rates_at(np.zeros((1, z.shape[1]))))[0, e]
    return alpha - floor


def half_life(model: TimelineModel, *, horizon_years: int = 50) -> float | None:
    """Years until the exporter's leverage halves under a sustained restriction.

    The function the what-if engine can vary over the declared ranges (each input is
    an ``--set`` path of the dynamics file).

    Examples
    --------
    >>> from pathlib import Path
    >>> from negotiation.dynamics import read_timeline_model
    >>> m = read_timeline_model(Path(__file__).parents[2] / "payoffs" / "us_china_dynamics.yaml")
    >>> 0 < half_life(m) < 50
    True
    """
    path = simulate(model, [np.inf], 12 * horizon_years)
    lev = leverage_of(model, path.states[:, 0, :])
    peak_at = _peak_month(model, path)
    peak = lev[peak_at]
    if peak <= 1e-12:
        return None
    half = peak / 2
    below = np.flatnonzero(lev[peak_at:] <= half)
    if below.size == 0:
        return None
    m = peak_at + int(below[0])
    a, b = lev[m - 1], lev[m]
    frac = (a - half) / (a - b) if a != b else 1.0
    return float((m - 1 + frac) / 12.0)


def _peak_month(model: TimelineModel, path: Path, row: int = 0) -> int:
    """The month the exporter's leverage peaks before substitution erodes it: the highest
    leverage up to the month the stockpile runs out (month 0 without a stockpile)."""
    stock = path.states[:, row, -1]
    empty = np.flatnonzero(stock <= 1e-12)
    until = int(empty[0]) if empty.size else 0
    lev = leverage_of(model, path.states[: until + 1, row, :])
    return int(np.argmax(lev))


def _monthly_payoffs(model: TimelineModel, path: Path) -> np.ndarray:
    """Each row's per-month payoff per player, shape ``(n_months, P, n_players)``: every
    month of every row in one vectorised call of the period payoffs."""
    spec = model.spec
    e, i = model.exporter_index, model.importer_index
    a_restrict = _action_index(model, spec.exporter, spec.policies["restrict"])
    a_calm = _action_index(model, spec.exporter, spec.policies["calm"])
    a_imp = _action_index(model, spec.importer, spec.policies["importer"])
    n_months, P = path.restricting.shape
    X = path.states[:n_months].reshape(n_months * P, -1)
    Q = period_payoffs(model, X)  # (n_months · P, n_players, A_1, A_2)
    a_e = np.where(path.restricting.reshape(-1), a_restrict, a_calm)
    prof: list[np.ndarray] = [np.zeros(len(X), dtype=int), np.zeros(len(X), dtype=int)]
    prof[e] = a_e
    prof[i] = np.full(len(X), a_imp)
    rows = np.arange(len(X))
    out = np.stack([Q[rows, p, prof[0], prof[1]] for p in range(len(model.players))], axis=1)
    return (out * DT).reshape(n_months, P, len(model.players))


def discounted_totals(model: TimelineModel, path: Path) -> np.ndarray:
    """Each row's discounted total payoff per player, ``(P, n_players)``; discounting
    follows the state's own rates month by month."""
    flows = _monthly_payoffs(model, path)
    n_months, P = flows.shape[:2]
    X = path.states[:n_months].reshape(n_months * P, -1)
    rates = model.stage.rates_at(model.transition.felt(X)).reshape(n_months, P, -1)
    disc = np.exp(-np.cumsum(rates * DT, axis=0) + rates * DT)  # discount at the start of month m
    return (flows * disc).sum(axis=0)


def best_restriction_length(model: TimelineModel, years: int) -> tuple[int, np.ndarray, np.ndarray]:
    """The exporter's best restriction length in whole months over ``years`` (ending it
    for good after), with every length's discounted total for each player.

    Returns ``(best_months, lengths, totals)`` with ``totals`` shaped ``(len, n_players)``;
    a length equal to the horizon is a sustained restriction.
    """
    horizon = 12 * years
    lengths = np.arange(horizon + 1, dtype=float)
    path = simulate(model, lengths, horizon)
    totals = discounted_totals(model, path)
    e = model.exporter_index
    best = int(lengths[int(np.argmax(totals[:, e]))])
    return best, lengths, totals
