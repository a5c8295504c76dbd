"""Strategies for repeated play of any two-player game, acting on escalation levels.

A stage game's moves are ordered from most conciliatory (index 0) to most escalatory
(the last index), so a strategy can be written once and mean something in every game:
"conciliate" is level ``0``, "escalate fully" is the last level, "match the opponent"
maps the opponent's level onto one's own range. In a 2-move game such as the prisoner's
dilemma level 0 is *cooperate* and level 1 is *defect*, and every strategy below plays
exactly as its namesake in the Axelrod library.

**Matching levels across different move counts.** When the two sides have different
numbers of moves, the opponent's level ``j`` out of ``m`` moves is mapped
proportionally onto one's own ``n`` moves: ``round(j * (n - 1) / (m - 1))`` (halves
rounded up), so "none" maps to "none" and "maximal" to "maximal". See :func:`mirror_levels`.

The protocol
------------
A strategy is a class with

* ``name`` -- its kebab-case registry name, e.g. ``"tit-for-tat"``;
* declarative facts (checked by the test suite, as the Axelrod library does):
  ``memory_depth`` -- how many past rounds the choice depends on (``math.inf`` when
  unbounded; the first rounds, which have less history, may be special), and
  ``stochastic`` -- whether it draws on its random number generator;
* ``sources`` -- the citations it comes from;
* ``reset(context)`` -- called before every match with a :class:`Context` (its own and
  the opponent's number of moves and payoff matrices);
* ``choose(own, opponent, rng) -> int`` -- the level to play this round given the
  realised histories so far (lists of ints, noise included) and a
  :class:`random.Random` that is the *only* source of randomness it may use.

Subclass :class:`Strategy` and decorate with :func:`register` to add one::

    @register
    class Stubborn(Strategy):
        '''Escalates on odd rounds (my own invention, 2026).'''
        name = "stubborn"
        memory_depth = math.inf
        sources = ("this docstring",)
        def choose(self, own, opponent, rng):
            return self.top if len(own) % 2 else 0

References
----------
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
Knight, V. et al. (2016). An open framework for the reproducible study of the iterated
prisoner's dilemma. *Journal of Open Research Software* 4(1) (the Axelrod library).
"""

from __future__ import annotations

import difflib
import inspect
import math
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, TypeVar

from negotiation.errors import StrategyError
from negotiation.numbers import format_number

__all__ = [
    "STRATEGIES",
    "Context",
    "Strategy",
    "describe",
    "get_strategy",
    "mirror_levels",
    "register",
    "strategy_names",
]

#: every registered strategy class by its kebab-case name
STRATEGIES: dict[str, type[Strategy]] = {}

S = TypeVar("S", bound="type[Strategy]")


@dataclass(frozen=True)
class Context:
    """What a strategy knows about the stage game before a match starts.

    Parameters
    ----------
    n_moves, opponent_n_moves
        Number of moves (escalation levels) of the strategy's own side and of the opponent.
    payoffs
        The strategy's own payoffs, ``payoffs[own][opponent]``.
    opponent_payoffs
        The opponent's payoffs, indexed the same way (``[own][opponent]``).
    """

    n_moves: int
    opponent_n_moves: int
    payoffs: tuple[tuple[float, ...], ...]
    opponent_payoffs: tuple[tuple[float, ...], ...]

    @classmethod
    def prisoners_dilemma(cls) -> Context:
        """The context of Axelrod's prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1).

        >>> Context.prisoners_dilemma().payoffs
        ((3.0, 0.0), (5.0, 1.0))
        """
        a = ((3.0, 0.0), (5.0, 1.0))
        return cls(2, 2, a, ((3.0, 5.0), (0.0, 1.0)))


def mirror_levels(n_moves: int, opponent_n_moves: int) -> tuple[int, ...]:
    """Own level matching each opponent level, proportionally across move counts.

    Level ``j`` of ``m`` opponent moves maps to ``round(j * (n - 1) / (m - 1))`` of ``n``
    own moves, rounding halves up; with equal counts this is the identity.

    >>> mirror_levels(2, 2)
    (0, 1)
    >>> mirror_levels(3, 5)   # opponent levels 0..4 onto own levels 0..2
    (0, 1, 1, 2, 2)
    >>> mirror_levels(5, 2)
    (0, 4)
    """
    n, m = n_moves, opponent_n_moves
    if m == 1:
        return (0,)
    return tuple((2 * j * (n - 1) + (m - 1)) // (2 * (m - 1)) for j in range(m))


class Strategy:
    """Base class of repeated-game strategies (see the module docstring for the protocol).

    Subclasses set ``name``, ``memory_depth``, ``stochastic`` and ``sources`` and
    implement :meth:`choose`; those that keep state override :meth:`reset` (calling
    ``super().reset(context)``). Keyword parameters given to the constructor are
    stored in ``params`` and shown in :attr:`label`.
    """

    name: ClassVar[str] = "strategy"
    memory_depth: ClassVar[float] = math.inf
    stochastic: ClassVar[bool] = False
    sources: ClassVar[tuple[str, ...]] = ()
    #: parameters a user may set, with their defaults
    defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, **params: Any) -> None:
        unknown = sorted(set(params) - set(self.defaults))
        if unknown:
            allowed = ", ".join(self.defaults) or "none"
            raise StrategyError(
                f"{self.name} takes no parameter {', '.join(unknown)} (parameters: {allowed})"
            )
        self.params: dict[str, Any] = {**self.defaults, **params}
        self.context: Context | None = None
        self.top = 0
        self.mirror: tuple[int, ...] = (0,)

    # ------------------------------------------------------------------ protocol
    def reset(self, context: Context) -> None:
        """Prepare for a new match: store the context, the top level and the mirror map."""
        self.context = context
        self.top = context.n_moves - 1
        self.mirror = mirror_levels(context.n_moves, context.opponent_n_moves)

    def choose(self, own: Sequence[int], opponent: Sequence[int], rng: random.Random) -> int:
        """The escalation level to play now, given both realised histories."""
        raise NotImplementedError

    def automaton_state(self) -> Hashable | None:
        """Internal state that, with the last rounds, fixes all future play (optional).

        A deterministic strategy with finite ``memory_depth`` needs none (``()``). One
        with unbounded memory may return its state after the latest ``choose`` (e.g.
        grim trigger's "triggered" flag) if that state plus the last round determine
        every later choice; matches then skip ahead once play cycles. ``None`` (the
        default for unbounded memory) means "unknown": every turn is simulated.
        """
        return () if self.memory_depth != math.inf else None

    # ------------------------------------------------------------------ description
    @classmethod
    def classifier(cls) -> dict[str, Any]:
        """Declarative facts about the strategy, as in Axelrod's ``classifier``.

        >>> get_strategy("tit-for-tat").classifier()
        {'memory_depth': 1, 'stochastic': False}
        """
        return {"memory_depth": cls.memory_depth, "stochastic": cls.stochastic}

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        doc = inspect.getdoc(cls) or ""
        return doc.splitlines()[0] if doc else ""

    @property
    def label(self) -> str:
        """The name, with parameters that differ from the defaults: ``limited-punishment(k=5)``."""
        changed = {k: v for k, v in self.params.items() if self.defaults.get(k) != v}
        if not changed:
            return self.name
        inner = ",".join(f"{k}={v}" for k, v in changed.items())
        return f"{self.name}({inner})"

    def __repr__(self) -> str:
        return f"<Strategy {self.label}>"


def register(cls: S) -> S:
    """Class decorator adding a :class:`Strategy` subclass to :data:`STRATEGIES`."""
    if not (isinstance(cls, type) and issubclass(cls, Strategy)):
        raise StrategyError("only Strategy subclasses can be registered")
    if cls.name in STRATEGIES and STRATEGIES[cls.name] is not cls:
        raise StrategyError(f"a strategy named {cls.name!r} is already registered")
    STRATEGIES[cls.name] = cls
    return cls


def strategy_names() -> list[str]:
    """Registered names in library order.

    >>> strategy_names()[:3]
    ['always-conciliate', 'always-escalate', 'tit-for-tat']
    """
    return list(STRATEGIES)


def get_strategy(spec: str | Strategy | type[Strategy], **params: Any) -> Strategy:
    """A fresh strategy instance from a registry name, a class or an instance.

    Names may carry parameters: ``"limited-punishment(k=5)"``.

    Examples
    --------
    >>> get_strategy("tit-for-tat")
    <Strategy tit-for-tat>
    >>> get_strategy("limited-punishment(k=5)").params
    {'k': 5}
    >>> get_strategy("tit-for-tatt")
    Traceback (most recent call last):
    ...
    negotiation.errors.StrategyError: unknown strategy 'tit-for-tatt'; did you mean tit-for-tat, two-tits-for-tat, tit-for-two-tats?
    """
    if isinstance(spec, Strategy):
        return type(spec)(**{**spec.params, **params})
    if isinstance(spec, type) and issubclass(spec, Strategy):
        return spec(**params)
    if not isinstance(spec, str):
        raise StrategyError(f"a strategy is a name or a Strategy, got {spec!r}")
    name, parsed = _parse_spec(spec)
    cls = STRATEGIES.get(name)
    if cls is None:
        close = difflib.get_close_matches(name, STRATEGIES, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise StrategyError(
            f"unknown strategy {name!r}{hint}"
            + ("" if close else f" (known: {', '.join(STRATEGIES)})")
        )
    return cls(**{**parsed, **params})


def _parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    text = spec.strip()
    if "(" not in text:
        return text, {}
    if not text.endswith(")"):
        raise StrategyError(f"bad strategy {spec!r}: write name(param=value,...)")
    name, _, inner = text[:-1].partition("(")
    params: dict[str, Any] = {}
    for item in filter(None, (p.strip() for p in inner.split(","))):
        key, eq, value = item.partition("=")
        if not eq:
            raise StrategyError(f"bad parameter {item!r} in {spec!r}: write key=value")
        params[key.strip()] = _parse_number(value.strip(), spec)
    return name.strip(), params


def _parse_number(text: str, spec: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise StrategyError(f"parameter value {text!r} in {spec!r} is not a number") from None


# =============================================================================== library
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


def describe(name: str) -> dict[str, Any]:
    """Name, first docstring line, classifier and sources of a registered strategy."""
    cls = type(get_strategy(name))
    return {
        "name": cls.name,
        "summary": cls.summary(),
        **cls.classifier(),
        "sources": list(cls.sources),
    }
