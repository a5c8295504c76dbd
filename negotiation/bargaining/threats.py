"""Threats (Schelling 1960): each side's most persuasive move against a reference deal.

Schelling (*The Strategy of Conflict*, ch. 2 and 5): a threat persuades in proportion to
the harm it does the other side and is credible in inverse proportion to what it costs
the side making it. For each move ``t`` of player ``i`` we measure, against a reference
lottery over outcomes (by default the most conciliatory outcome, everyone's first move;
or the status quo; or the Nash deal), the cost imposed on the other side ``C_j(t)`` and
the cost borne ``C_i(t)``; the threat power is the best move's share of the pain falling
on the other side, ``C_j / (C_j + max(C_i, 0))`` in ``[0, 1]`` (1: a free threat; 1/2: it
hurts both equally; 0: no move hurts the other side).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.game import Game, to_fraction

__all__ = ["Threat", "threats"]


@dataclass(frozen=True)
class Threat:
    """A player's most persuasive threat against a reference deal.

    ``cost_imposed`` is the loss to the other side(s) and ``cost_borne`` the player's own
    loss when it switches to ``move`` while the other side keeps to the reference; both
    in payoff units. ``power = cost_imposed / (cost_imposed + max(cost_borne, 0))``.
    """

    player: str
    move: str
    cost_imposed: Fraction
    cost_borne: Fraction
    power: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {
            "move": self.move,
            "cost_imposed": float(self.cost_imposed),
            "cost_borne": float(self.cost_borne),
            "threat_power": float(self.power),
        }


def threats(
    game: Game, reference: Mapping[tuple[int, ...], Any] | None = None
) -> dict[str, Threat | None]:
    """Each player's most persuasive threat (Schelling 1960) against a reference.

    Parameters
    ----------
    game
        Any finite game.
    reference
        A lottery ``{profile index tuple: probability}`` describing the deal threatened;
        default: the most conciliatory outcome, everyone's first move (all indices 0).

    Returns
    -------
    dict
        ``{player: Threat or None}`` — ``None`` when no move of the player hurts the others.

    Examples
    --------
    In the prisoner's dilemma (Axelrod 1984), defecting from mutual cooperation costs
    the other side 3 and gains the defector 2: a free threat, power 1.

    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                         moves=(("C", "D"), ("C", "D")))
    >>> t = threats(pd)["Row"]
    >>> t.move, t.cost_imposed, t.cost_borne, t.power
    ('D', Fraction(3, 1), Fraction(-2, 1), Fraction(1, 1))
    """
    ref = reference or {tuple(0 for _ in game.shape): Fraction(1)}
    ref_f = {tuple(k): to_fraction(p) for k, p in ref.items()}
    u = game.exact
    out: dict[str, Threat | None] = {}
    for i, name in enumerate(game.players):
        others = [k for k in range(game.n_players) if k != i]
        best: Threat | None = None
        for t in range(game.shape[i]):
            imposed = Fraction(0)
            borne = Fraction(0)
            for idx, p in ref_f.items():
                dev = list(idx)
                dev[i] = t
                dev_t = tuple(dev)
                imposed += p * sum((u[(j, *idx)] - u[(j, *dev_t)] for j in others), Fraction(0))
                borne += p * (u[(i, *idx)] - u[(i, *dev_t)])
            if imposed <= 0:
                continue
            power = imposed / (imposed + max(borne, Fraction(0)))
            cand = Threat(name, game.moves[i][t], imposed, borne, power)
            if best is None or (power, imposed) > (best.power, best.cost_imposed):
                best = cand
        out[name] = best
    return out
