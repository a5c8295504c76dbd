"""The classic reciprocal strategies of Axelrod's tournaments and their variants.

Always conciliate or escalate, tit for tat and its suspicious, forgiving, harsher and
generous forms, grim trigger, win-stay lose-shift (Nowak and Sigmund 1993). Each
plays exactly as its namesake in the Axelrod library in a two-move game.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from typing import Any, ClassVar

from negotiation.errors import StrategyError
from negotiation.repeated.strategies.base import Context, Strategy, register


@register
class AlwaysConciliate(Strategy):
    """Always plays the most conciliatory move (*Cooperator*, ALL C).

    Memory depth 0, deterministic.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*, ch. 2 (ALL C).
    """

    name = "always-conciliate"
    memory_depth = 0
    sources = ("Axelrod (1984), The Evolution of Cooperation, ch. 2",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        return 0


@register
class AlwaysEscalate(Strategy):
    """Always plays the most escalatory move (*Defector*, ALL D).

    Memory depth 0, deterministic.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*, ch. 2 (ALL D).
    """

    name = "always-escalate"
    memory_depth = 0
    sources = ("Axelrod (1984), The Evolution of Cooperation, ch. 2",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        return self.top


@register
class TitForTat(Strategy):
    """Conciliates first, then matches the opponent's last escalation level.

    Memory depth 1, deterministic. Rapoport's entry, winner of both of Axelrod's
    tournaments.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*, ch. 2.
    """

    name = "tit-for-tat"
    memory_depth = 1
    sources = ("Axelrod (1984), The Evolution of Cooperation, ch. 2",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        return self.mirror[opponent[-1]] if opponent else 0


@register
class SuspiciousTitForTat(Strategy):
    """Escalates fully first, then matches the opponent's last level.

    Memory depth 1, deterministic.

    References
    ----------
    Boyd, R. & Lorberbaum, J. P. (1987). No pure strategy is evolutionarily stable in
    the repeated prisoner's dilemma game. *Nature* 327, 58-59.
    """

    name = "suspicious-tit-for-tat"
    memory_depth = 1
    sources = ("Boyd & Lorberbaum (1987), Nature 327:58-59",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        return self.mirror[opponent[-1]] if opponent else self.top


@register
class TitForTwoTats(Strategy):
    """Retaliates only after two escalations in a row, matching the milder of the two.

    Memory depth 2, deterministic. Axelrod notes it would have won his first tournament.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*, ch. 2.
    """

    name = "tit-for-two-tats"
    memory_depth = 2
    sources = ("Axelrod (1984), The Evolution of Cooperation, ch. 2",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if len(opponent) >= 2 and opponent[-1] and opponent[-2]:
            return self.mirror[min(opponent[-1], opponent[-2])]
        return 0


@register
class TwoTitsForTat(Strategy):
    """Answers any escalation in the last two rounds by matching the harsher of them.

    Memory depth 2, deterministic.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*, ch. 2 (as implemented in the
    Axelrod library's ``TwoTitsForTat``).
    """

    name = "two-tits-for-tat"
    memory_depth = 2
    sources = ("Axelrod (1984), The Evolution of Cooperation; Axelrod library TwoTitsForTat",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if not opponent:
            return 0
        return self.mirror[max(opponent[-2:])]


@register
class GrimTrigger(Strategy):
    """Conciliates until the opponent escalates at all, then escalates fully forever.

    Memory depth infinite, deterministic (*Grudger*, Friedman's trigger strategy).

    References
    ----------
    Friedman, J. W. (1971). A non-cooperative equilibrium for supergames.
    *Review of Economic Studies* 38(1), 1-12.
    """

    name = "grim-trigger"
    memory_depth = math.inf
    sources = ("Friedman (1971), Review of Economic Studies 38(1):1-12",)

    def reset(self, context: Context) -> None:
        super().reset(context)
        self.triggered = False

    def automaton_state(self) -> Hashable:
        return self.triggered

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if not self.triggered and opponent and opponent[-1]:
            self.triggered = True
        return self.top if self.triggered else 0


@register
class GenerousTitForTat(Strategy):
    """Tit-for-tat that forgives an escalation with probability ``generosity``.

    Memory depth 1, stochastic. The default generosity is Molander's
    ``min(1 - (T - R)/(R - S), (R - P)/(T - P))`` computed from the strategy's own
    payoffs at the extreme levels when they form a prisoner's dilemma (T > R > P > S),
    and 1/3 otherwise (Nowak & Sigmund's value for Axelrod's payoffs).

    References
    ----------
    Molander, P. (1985). The optimal level of generosity in a selfish, uncertain
    environment. *Journal of Conflict Resolution* 29(4), 611-618.
    Nowak, M. A. & Sigmund, K. (1992). Tit for tat in heterogeneous populations.
    *Nature* 355, 250-253.
    """

    name = "generous-tit-for-tat"
    memory_depth = 1
    stochastic = True
    sources = (
        "Molander (1985), Journal of Conflict Resolution 29(4):611-618",
        "Nowak & Sigmund (1992), Nature 355:250-253",
    )
    defaults: ClassVar[dict[str, Any]] = {"generosity": None}

    def reset(self, context: Context) -> None:
        super().reset(context)
        g = self.params["generosity"]
        self.generosity = float(g) if g is not None else molander_generosity(context)
        if not 0.0 <= self.generosity <= 1.0:
            raise StrategyError(f"generosity must be in [0, 1], got {self.generosity}")

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if not opponent or not opponent[-1]:
            return 0
        if rng.random() < self.generosity:
            return 0
        return self.mirror[opponent[-1]]


def molander_generosity(context: Context) -> float:
    """Molander's (1985) optimal generosity from the extreme-level payoffs, else 1/3.

    >>> round(molander_generosity(Context.prisoners_dilemma()), 6)
    0.333333
    """
    u = context.payoffs
    r, s, t, p = u[0][0], u[0][-1], u[-1][0], u[-1][-1]
    if t > r > p > s:
        return min(1 - (t - r) / (r - s), (r - p) / (t - p))
    return 1 / 3


@register
class WinStayLoseShift(Strategy):
    """Pavlov: repeats its last move after the opponent conciliated, else flips it.

    "Win" means the opponent played its most conciliatory move last round (in the
    prisoner's dilemma: the payoff was R or T); after a "loss" the strategy moves to
    the mirror-image level ``top - last`` (in 2-move games: the other move).
    Conciliates first. Memory depth 1, deterministic.

    References
    ----------
    Nowak, M. & Sigmund, K. (1993). A strategy of win-stay, lose-shift that outperforms
    tit-for-tat in the Prisoner's Dilemma game. *Nature* 364, 56-58.
    Kraines, D. & Kraines, V. (1989). Pavlov and the prisoner's dilemma.
    *Theory and Decision* 26, 47-79.
    """

    name = "win-stay-lose-shift"
    memory_depth = 1
    sources = (
        "Nowak & Sigmund (1993), Nature 364:56-58",
        "Kraines & Kraines (1989), Theory and Decision 26:47-79",
    )

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if not own:
            return 0
        if opponent[-1] == 0:
            return own[-1]
        return self.top - own[-1]
