"""Stackelberg commitment: the leader moves first (or commits to a mixed strategy).

The *leader* announces a move — or a mixed strategy she is committed to — and the
*follower* best-responds. Commitment can only help the leader compared with
simultaneous play (von Stengel and Zamir 2010, "Leadership games with convex strategy
sets", *GEB* 69).

* **Pure commitment**: for each leader move, the follower's best responses; the leader
  picks the move whose answer pays her most.
* **Mixed commitment** (Conitzer and Sandholm 2006, "Computing the optimal strategy to
  commit to", *ACM EC*): one LP per follower move ``t`` — maximise the leader's payoff
  ``Σ_a σ_a L(a, t)`` over mixed strategies ``σ`` under which ``t`` is a best response,
  ``Σ_a σ_a F(a, t) >= Σ_a σ_a F(a, t')`` for all ``t'``; keep the best feasible LP.

**Tie-breaking.** When the follower is indifferent she is assumed to choose the answer
best for the leader — the *strong Stackelberg equilibrium* (Leitmann 1978; Breton, Alj
and Haurie 1988). This is what the LP method computes and it always exists; the leader
can get arbitrarily close to it even against an adversarial follower by committing to a
slightly perturbed mixture. For pure commitment the pessimistic value (follower breaks
ties against the leader) is reported too.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from negotiation.game import Game
from negotiation.numbers import exact_text, format_numbers
from negotiation.solvers._lp import LPSolution, solve_lp
from negotiation.solvers.budget import check_lp_game_size
from negotiation.solvers.result import describe_strategy
from negotiation.solvers.scaling import as_json_float, needs_scaling, scaled_game, unscale

__all__ = ["Commitment", "StackelbergResult", "stackelberg"]


@dataclass(frozen=True)
class Commitment:
    """A leader strategy, the follower's answer and both payoffs (leader first)."""

    kind: str
    leader_moves: tuple[str, ...]
    leader_strategy: tuple[Fraction, ...]
    follower_move: str
    leader_payoff: Fraction
    follower_payoff: Fraction
    certified: bool = True

    def describe(self) -> str:
        return describe_strategy(self.leader_moves, self.leader_strategy)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "leader_strategy": {
                m: float(p) for m, p in zip(self.leader_moves, self.leader_strategy, strict=True)
            },
            "leader_strategy_exact": {
                m: str(p) for m, p in zip(self.leader_moves, self.leader_strategy, strict=True)
            },
            "follower_move": self.follower_move,
            "leader_payoff": as_json_float(self.leader_payoff),
            "follower_payoff": as_json_float(self.follower_payoff),
            "payoffs_exact": [
                exact_text(self.leader_payoff),
                exact_text(self.follower_payoff),
            ],
            "certified": self.certified,
        }


@dataclass(frozen=True)
class StackelbergResult:
    """Pure and mixed commitment of one leader."""

    game: Game
    leader: str
    follower: str
    pure: Commitment
    mixed: Commitment | None
    pessimistic_pure_value: Fraction
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": "stackelberg",
            "leader": self.leader,
            "follower": self.follower,
            "tie_breaking": "follower breaks ties in the leader's favour (strong Stackelberg)",
            "pure_commitment": self.pure.to_dict(),
            "pure_commitment_pessimistic_leader_payoff": as_json_float(self.pessimistic_pure_value),
            "mixed_commitment": self.mixed.to_dict() if self.mixed else None,
            "exact": self.mixed is not None and self.mixed.certified,
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        lines = [
            f"leader {self.leader}, follower {self.follower} (ties broken in the leader's favour)",
            f"  pure commitment: {self.leader} plays {self.pure.describe()}, {self.follower} answers "
            f"{self.pure.follower_move} -> {self._payoffs(self.pure)}",
        ]
        if self.mixed is not None:
            flag = "" if self.mixed.certified else " [NOT CERTIFIED]"
            lines.append(
                f"  mixed commitment: {self.leader} commits to {self.mixed.describe()}, "
                f"{self.follower} answers {self.mixed.follower_move} -> "
                f"{self._payoffs(self.mixed)}{flag}"
            )
        return "\n".join(lines)

    def _payoffs(self, commitment: Any) -> str:
        # one style for the pair: never "China 0.075, US -38/55"
        lead, follow = format_numbers([commitment.leader_payoff, commitment.follower_payoff])
        return f"{self.leader} {lead}, {self.follower} {follow}"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def stackelberg(game: Game, leader: str | int = 0) -> StackelbergResult:
    """Optimal pure and mixed commitment for ``leader`` in a two-player game.

    Examples
    --------
    Conitzer and Sandholm (2006), §2 example: committing to a mixture beats both the
    pure commitment and simultaneous play. Leader rows (a, b), follower columns (c, d);
    the leader commits to 1/2 a + 1/2 b and the follower (indifferent, ties broken for
    the leader) answers d.

    >>> g = Game.from_matrices([[2, 4], [1, 3]], [[1, 0], [0, 1]],
    ...                        moves=(("a", "b"), ("c", "d")))
    >>> print(stackelberg(g, leader=0))
    leader Row, follower Column (ties broken in the leader's favour)
      pure commitment: Row plays b, Column answers d -> Row 3, Column 1
      mixed commitment: Row commits to 1/2 a + 1/2 b, Column answers d -> Row 3.5, Column 0.5
    """
    check_lp_game_size(game.shape, "Stackelberg commitment")
    game._require_two_players()
    li = game.player_index(leader)
    if needs_scaling(game):  # exact payoffs beyond float range: solve a rescaled copy
        small, exponents = scaled_game(game, "stackelberg")
        found = stackelberg(small, li)
        el, ef = exponents[li], exponents[1 - li]

        def back(c: Commitment) -> Commitment:
            return replace(
                c,
                leader_payoff=unscale(c.leader_payoff, el),
                follower_payoff=unscale(c.follower_payoff, ef),
            )

        return replace(
            found,
            game=game,
            pure=back(found.pure),
            mixed=back(found.mixed) if found.mixed is not None else None,
            pessimistic_pure_value=unscale(found.pessimistic_pure_value, el),
        )
    g = game if li == 0 else game.transpose()
    lead, fol = g.matrices(exact=True)  # leader rows, follower columns
    m, n = lead.shape
    lead_moves, fol_moves = g.moves

    # pure commitment
    best: tuple[Fraction, int, int] | None = None
    pessimistic = None
    for a in range(m):
        top = max(fol[a])
        answers = [t for t in range(n) if fol[a, t] == top]
        t_best = max(answers, key=lambda t: (lead[a, t], -t))
        worst = min(lead[a, t] for t in answers)
        if best is None or lead[a, t_best] > best[0]:
            best = (lead[a, t_best], a, t_best)
        pessimistic = worst if pessimistic is None else max(pessimistic, worst)
    assert best is not None and pessimistic is not None
    _, a, t = best
    pure = Commitment(
        "pure",
        lead_moves,
        tuple(Fraction(int(k == a)) for k in range(m)),
        fol_moves[t],
        lead[a, t],
        fol[a, t],
    )

    # mixed commitment: one LP per follower move
    mixed: Commitment | None = None
    uncertified = False

    def commitment_lp(t: int, unless_below: float | None) -> LPSolution | None:
        others = [u for u in range(n) if u != t]
        a_ub = np.array([[fol[k, u] - fol[k, t] for k in range(m)] for u in others], dtype=object)
        return solve_lp(
            lead[:, t],
            a_ub if others else None,
            [0] * len(others) if others else None,
            [[1] * m],
            [1],
            maximize=True,
            unless_below=unless_below,
        )

    # screen in floating point, then certify exactly only the LPs that can be the best
    floats = {t: commitment_lp(t, math.inf) for t in range(n)}
    feasible = [sol.value_float for sol in floats.values() if sol is not None]
    scale = 1.0 + max((abs(float(v)) for v in lead.flat), default=0.0)
    threshold = max(feasible, default=-math.inf) - 1e-7 * scale
    for t in range(n):
        screened = floats[t]
        if screened is None or screened.value_float < threshold:
            continue  # t is never a best response, or clearly not the best commitment
        sol = commitment_lp(t, None)
        if sol is None:
            continue  # t is never a best response
        if not sol.certified or sol.z is None:
            uncertified = True
            continue
        sigma = sol.z
        value = sol.value
        assert value is not None
        if mixed is None or value > mixed.leader_payoff:
            f_pay = sum((sigma[k] * fol[k, t] for k in range(m)), Fraction(0))
            mixed = Commitment("mixed", lead_moves, sigma, fol_moves[t], value, f_pay)
    notes = ["follower ties are broken in the leader's favour (strong Stackelberg equilibrium)"]
    if uncertified:
        notes.append("WARNING: some commitment LPs could not be certified exactly and were skipped")
        if mixed is not None:
            mixed = Commitment(**{**mixed.__dict__, "certified": False})
    return StackelbergResult(
        game, g.players[0], g.players[1], pure, mixed, pessimistic, tuple(notes)
    )
