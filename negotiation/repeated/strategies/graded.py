"""Graded, stochastic and learning strategies: escalation ladders, punishment, extortion.

Random play, alternation, graduated escalation and limited punishment, contrite tit for
tat, zero-determinant extortion (Press and Dyson 2012), fictitious play, firm but fair
and step-up escalation (Kahn 1965).
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from typing import Any, ClassVar

from negotiation.errors import StrategyError
from negotiation.numbers import format_number
from negotiation.repeated.strategies.base import Context, Strategy, register


@register
class RandomPlay(Strategy):
    """Plays every level with equal probability each round (RANDOM).

    Memory depth 0, stochastic. ``probabilities`` (a tuple, one per level) makes it a
    fixed mixed stage strategy instead.

    References
    ----------
    Axelrod, R. (1980). Effective choice in the prisoner's dilemma. *Journal of Conflict
    Resolution* 24(1), 3-25 (the RANDOM entry).
    """

    name = "random"
    memory_depth = 0
    stochastic = True
    sources = ("Axelrod (1980), Journal of Conflict Resolution 24(1):3-25",)
    defaults: ClassVar[dict[str, Any]] = {"probabilities": None}

    def reset(self, context: Context) -> None:
        super().reset(context)
        probs = self.params["probabilities"]
        if probs is None:
            self.cumulative: list[float] | None = None
            return
        probs = [float(p) for p in probs]
        if len(probs) != context.n_moves or min(probs) < 0 or not math.isclose(sum(probs), 1):
            raise StrategyError(
                f"random needs {context.n_moves} non-negative probabilities summing to 1"
            )
        total = 0.0
        self.cumulative = []
        for p in probs:
            total += p
            self.cumulative.append(total)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if self.cumulative is None:
            return rng.randrange(self.top + 1)
        u = rng.random()
        for k, c in enumerate(self.cumulative):
            if u < c:
                return k
        return self.top


@register
class Alternator(Strategy):
    """Alternates between the most conciliatory and the most escalatory move, starting calm.

    Memory depth 1 (its own last move), deterministic.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*; Knight et al. (2016), the
    Axelrod library's ``Alternator``.
    """

    name = "alternator"
    memory_depth = 1
    sources = ("Axelrod library Alternator (Knight et al. 2016)",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if not own:
            return 0
        return self.top if own[-1] == 0 else 0


@register
class GraduatedEscalation(Strategy):
    """Escalates one step per provocation and de-escalates one step after ``calm`` calm rounds.

    A provocation is any opponent move above level 0. The strategy keeps a current level
    (starting at 0): each provocation raises it by one (up to the top), and every run of
    ``calm`` consecutive conciliatory opponent moves lowers it by one. Memory depth
    infinite, deterministic. A many-level reading of Beaufils et al.'s *Gradual*, whose
    punishments grow with the number of provocations and are followed by calming rounds.

    References
    ----------
    Beaufils, B., Delahaye, J.-P. & Mathieu, P. (1996). Our meeting with gradual: a good
    strategy for the iterated prisoner's dilemma. *Artificial Life V*, 202-209.
    """

    name = "graduated-escalation"
    memory_depth = math.inf
    sources = ("Beaufils, Delahaye & Mathieu (1996), Artificial Life V:202-209",)
    defaults: ClassVar[dict[str, Any]] = {"calm": 2}

    def reset(self, context: Context) -> None:
        super().reset(context)
        if int(self.params["calm"]) < 1:
            raise StrategyError("graduated-escalation needs calm >= 1")
        self.calm_needed = int(self.params["calm"])
        self.level = 0
        self.calm = 0

    def automaton_state(self) -> Hashable:
        return (self.level, self.calm)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if opponent:
            if opponent[-1]:
                self.level = min(self.level + 1, self.top)
                self.calm = 0
            else:
                self.calm += 1
                if self.calm >= self.calm_needed and self.level:
                    self.level -= 1
                    self.calm = 0
        return self.level


@register
class LimitedPunishment(Strategy):
    """Answers an escalation with ``k`` rounds of full escalation, then forgives.

    Conciliates until the opponent escalates; then plays the top level for ``k`` rounds
    (ignoring what the opponent does meanwhile) and looks again. Memory depth infinite
    (it must remember when a punishment began), deterministic. The finite punishment
    phase of the folk-theorem constructions.

    References
    ----------
    Fudenberg, D. & Maskin, E. (1986). The folk theorem in repeated games with
    discounting or with incomplete information. *Econometrica* 54(3), 533-554.
    """

    name = "limited-punishment"
    memory_depth = math.inf
    sources = ("Fudenberg & Maskin (1986), Econometrica 54(3):533-554",)
    defaults: ClassVar[dict[str, Any]] = {"k": 3}

    def reset(self, context: Context) -> None:
        super().reset(context)
        if int(self.params["k"]) < 1:
            raise StrategyError("limited-punishment needs k >= 1")
        self.k = int(self.params["k"])
        self.left = 0

    def automaton_state(self) -> Hashable:
        return self.left

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if self.left:
            self.left -= 1
            return self.top
        if opponent and opponent[-1]:
            self.left = self.k - 1
            return self.top
        return 0


@register
class ContriteTitForTat(Strategy):
    """Tit-for-tat that accepts punishment for its own noisy escalations (standing-based).

    Each side has a *standing*, good at the start. After a round a side is in good
    standing if it conciliated, or if it escalated while the other side was in bad
    standing; otherwise bad. The strategy conciliates when it is itself in bad standing
    (contrition) or the opponent is in good standing, and otherwise matches the
    opponent's level. Without noise it plays as tit-for-tat against most opponents.
    Memory depth infinite, deterministic.

    References
    ----------
    Wu, J. & Axelrod, R. (1995). How to cope with noise in the iterated prisoner's
    dilemma. *Journal of Conflict Resolution* 39(1), 183-189.
    Sugden, R. (1986). *The Economics of Rights, Co-operation and Welfare*.
    """

    name = "contrite-tit-for-tat"
    memory_depth = math.inf
    sources = (
        "Wu & Axelrod (1995), Journal of Conflict Resolution 39(1):183-189",
        "Sugden (1986), The Economics of Rights, Co-operation and Welfare",
    )

    def reset(self, context: Context) -> None:
        super().reset(context)
        self.good = True
        self.opponent_good = True

    def automaton_state(self) -> Hashable:
        return (self.good, self.opponent_good)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if own:
            mine, theirs = own[-1], opponent[-1]
            good = mine == 0 or not self.opponent_good
            self.opponent_good = theirs == 0 or not self.good
            self.good = good
        if not self.good or self.opponent_good:
            return 0
        return self.mirror[opponent[-1]]


@register
class ZDExtort(Strategy):
    """Zero-determinant extortioner: enforces ``s_self - P_self = chi (s_opp - P_opp)``.

    Only for games in which both sides have 2 moves. A memory-one strategy whose
    probabilities of conciliating after (own, opponent) = (C,C), (C,D), (D,C), (D,D) are
    ``p = (1, 1, 0, 0) + phi * ((u_self - P_self) - chi (u_opp - P_opp))`` where ``P`` is
    each side's mutual-escalation payoff (Press & Dyson 2012, eq. 8 generalised to
    asymmetric payoffs). ``phi`` defaults to half its largest admissible value; in
    Axelrod's PD with ``chi = 2`` this gives ``p = (8/9, 1/2, 1/3, 0)``, the Axelrod
    library's ZDExtort2. Conciliates first. Memory depth 1, stochastic.

    References
    ----------
    Press, W. H. & Dyson, F. J. (2012). Iterated prisoner's dilemma contains strategies
    that dominate any evolutionary opponent. *PNAS* 109(26), 10409-10413.
    Stewart, A. J. & Plotkin, J. B. (2012). Extortion and cooperation in the prisoner's
    dilemma. *PNAS* 109(26), 10134-10135.
    """

    name = "zd-extort"
    memory_depth = 1
    stochastic = True
    sources = (
        "Press & Dyson (2012), PNAS 109(26):10409-10413",
        "Stewart & Plotkin (2012), PNAS 109(26):10134-10135",
    )
    defaults: ClassVar[dict[str, Any]] = {"chi": 2, "phi": None}

    def reset(self, context: Context) -> None:
        super().reset(context)
        self.p = zd_extort_probabilities(context, self.params["chi"], self.params["phi"])

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if not own:
            return 0
        return 0 if rng.random() < self.p[2 * own[-1] + opponent[-1]] else 1


def zd_extort_probabilities(
    context: Context, chi: float = 2, phi: float | None = None
) -> tuple[float, float, float, float]:
    """Conciliation probabilities of the extortionate ZD strategy after CC, CD, DC, DD.

    >>> from fractions import Fraction
    >>> [str(Fraction(p).limit_denominator(100)) for p in
    ...  zd_extort_probabilities(Context.prisoners_dilemma(), chi=2)]
    ['8/9', '1/2', '1/3', '0']
    """
    if context.n_moves != 2 or context.opponent_n_moves != 2:
        raise StrategyError(
            "zd-extort is defined for games where both sides have exactly 2 moves; "
            f"this one has {context.n_moves} and {context.opponent_n_moves}"
        )
    if chi < 1:
        raise StrategyError(f"zd-extort needs chi >= 1, got {chi}")
    u, v = context.payoffs, context.opponent_payoffs
    p_self, p_opp = u[1][1], v[1][1]
    base = (1.0, 1.0, 0.0, 0.0)
    slopes = [(u[a][b] - p_self) - chi * (v[a][b] - p_opp) for a in (0, 1) for b in (0, 1)]
    # largest phi keeping every probability within [0, 1]
    limit = math.inf
    for b0, s in zip(base, slopes, strict=True):
        if s > 0:
            limit = min(limit, (1 - b0) / s)
        elif s < 0:
            limit = min(limit, b0 / -s)
    if not (0 < limit < math.inf):
        raise StrategyError(
            f"no extortionate zero-determinant strategy with chi={chi} exists in this game"
        )
    if phi is None:
        phi = limit / 2
    elif not 0 < phi <= limit:
        raise StrategyError(
            f"zd-extort phi must be in (0, {format_number(limit, digits=6)}] here, got {phi}"
        )
    p0, p1, p2, p3 = (min(1.0, max(0.0, b0 + phi * s)) for b0, s in zip(base, slopes, strict=True))
    return (p0, p1, p2, p3)


@register
class FictitiousPlay(Strategy):
    """Best response to the empirical frequencies of the opponent's past moves.

    Before any history the belief is uniform; ties go to the most conciliatory level.
    Memory depth infinite, deterministic.

    References
    ----------
    Brown, G. W. (1951). Iterative solution of games by fictitious play. In
    *Activity Analysis of Production and Allocation*, 374-376.
    """

    name = "fictitious-play"
    memory_depth = math.inf
    sources = ("Brown (1951), Activity Analysis of Production and Allocation:374-376",)

    def reset(self, context: Context) -> None:
        super().reset(context)
        self.counts = [0] * context.opponent_n_moves
        self.rows = context.payoffs

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        counts = self.counts
        if opponent:
            counts[opponent[-1]] += 1
        if not any(counts):
            weights: Sequence[int] = [1] * len(counts)
        else:
            weights = counts
        best, best_value = 0, -math.inf
        for k, row in enumerate(self.rows):
            value = sum(w * x for w, x in zip(weights, row, strict=True))
            if value > best_value + 1e-12:
                best, best_value = k, value
        return best


@register
class FirmButFair(Strategy):
    """Escalates only after being exploited; after mutual escalation calms down with p = 2/3.

    A memory-one PD rule with conciliation probabilities (1, 0, 1, 2/3) after
    (own, opponent) = (C,C), (C,D), (D,C), (D,D): it stays calm unless it was just
    exploited, and leaves mutual escalation with probability 2/3. Generalised: "C" is
    level 0, "D" any escalation, and its own escalations go to the top level.
    Conciliates first. Memory depth 1, stochastic.

    References
    ----------
    Frean, M. R. (1994). The prisoner's dilemma without synchrony. *Proceedings of the
    Royal Society B* 257, 75-79.
    """

    name = "firm-but-fair"
    memory_depth = 1
    stochastic = True
    sources = ("Frean (1994), Proceedings of the Royal Society B 257:75-79",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if not own:
            return 0
        mine, theirs = own[-1] > 0, opponent[-1] > 0
        if not theirs:
            return 0
        if not mine:
            return self.top
        return 0 if rng.random() < 2 / 3 else self.top


@register
class StepUp(Strategy):
    """Matches the opponent's last level plus one step ("escalate one step").

    Conciliates first; afterwards plays one level above the (mirrored) level the
    opponent just played, capped at the top, and conciliates again after a
    conciliatory move. A deterrence-by-escalation posture (Kahn's escalation ladder).
    Memory depth 1, deterministic.

    References
    ----------
    Kahn, H. (1965). *On Escalation: Metaphors and Scenarios*. Praeger.
    """

    name = "step-up"
    memory_depth = 1
    sources = ("Kahn (1965), On Escalation: Metaphors and Scenarios",)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        if not opponent or not opponent[-1]:
            return 0
        return min(self.mirror[opponent[-1]] + 1, self.top)
