"""The dynamic game's per-period payoffs over action profiles, at many states at once.

Player ``i``'s payoff for one year at state ``x`` when the profile ``a`` is played is

.. math:: u_i(x, a) = g_i(z(x), m(a)) + V \\, \\alpha_i(z(x)) - c_i(a_i)

where ``g`` is the scenario's stage game at the felt dependences ``z(x)`` and the
scenario moves ``m(a)`` the actions name, ``α_i`` the bargaining power the leverage
model gives at that state (``α_i = (1/r_i)/Σ_j 1/r_j`` from the scenario's discount
rates), ``V`` the declared yearly value of the surplus at stake in the talks, so that a
side's leverage is worth something each year it lasts, and ``c_i`` the cost of an
investment action. Future years are discounted by ``δ_i = e^{-r_i(z)}`` per year.
"""

from __future__ import annotations

import itertools

import numpy as np

from negotiation.dynamics.load import TimelineModel
from negotiation.dynamics.stage import bargaining_power

__all__ = ["discount_factors", "period_payoffs", "profile_actions", "profile_controls"]


def profile_actions(model: TimelineModel) -> list[tuple[int, ...]]:
    """Every action profile, as one action index per scenario player."""
    return list(itertools.product(*(range(len(n)) for n in model.action_names)))


def profile_controls(model: TimelineModel, profile: tuple[int, ...]) -> tuple[float, float, float]:
    """``(restriction, extra investment, ...)`` a profile sets, and its total cost (unused)."""
    r = x = 0.0
    for k, a in enumerate(profile):
        player = model.players[k]
        if player not in model.spec.actions:
            continue
        spec = model.spec.actions[player][a]
        r += spec.restriction.value
        x += spec.investment.value
    return min(r, 1.0), x, 0.0


def _costs(model: TimelineModel) -> list[np.ndarray]:
    out = []
    for k, p in enumerate(model.players):
        acts = model.spec.actions.get(p, ())
        out.append(
            np.array([a.cost.value for a in acts]) if acts else np.zeros(len(model.action_names[k]))
        )
    return out


def period_payoffs(model: TimelineModel, X: np.ndarray) -> np.ndarray:
    """Payoffs for one year, shape ``(N, n_players, A_1, A_2, ...)``, at states ``X``."""
    z = model.transition.felt(X)
    stage = model.stage.payoffs_at(z)  # (N, n_players, *n_moves)
    idx = np.ix_(*model.action_moves)
    out = np.stack([stage[:, i][(slice(None), *idx)] for i in range(len(model.players))], axis=1)  # type: ignore[arg-type]
    alpha = bargaining_power(model.stage.rates_at(z))  # (N, n_players)
    extra = model.spec.deal_value.value * alpha
    n_act = len(model.action_names)
    out = out + extra.reshape(extra.shape + (1,) * n_act)
    for i, cost in enumerate(_costs(model)):
        shape = [1] * n_act
        shape[i] = len(cost)
        out[:, i] -= cost.reshape(shape)
    return out


def discount_factors(model: TimelineModel, X: np.ndarray) -> np.ndarray:
    """Each player's discount factor for one year at ``X``, ``e^{-r_i}``, shape ``(N, n)``."""
    return np.exp(-model.stage.rates_at(model.transition.felt(X)))
