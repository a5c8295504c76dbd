"""Matches: two strategies playing a stage game again and again.

A match lasts a fixed number of turns, or a random number (each turn is the last with
probability ``prob_end``, so the length is geometric with mean ``1/prob_end``, capped by
``turns`` when given); payoffs may be discounted by ``discount`` per turn; with ``noise``
each chosen move is replaced, with probability ``noise``, by another move of the same
player drawn uniformly (both players then see the realised move, as in Axelrod's
library). A match is played ``repetitions`` times.

**Seeds.** Every repetition of every match draws its randomness from its own stream,
``numpy.random.SeedSequence(entropy, spawn_key=(match_index, repetition))``; four
:class:`random.Random` generators are seeded from it: match length, player 1, player 2
and noise. Results therefore do not depend on the order in which matches run, which is
what makes serial and parallel tournaments identical.

**Deterministic pairs.** When neither strategy is stochastic and there is no noise,
the play of every repetition is the same sequence cut at that repetition's length, so
the longest one is simulated once and the others read off its prefix (Axelrod's
deterministic cache does the same). The lengths are still drawn from each repetition's
own stream, so the results are identical to simulating every repetition. If both
strategies have a finite description of their state (finite memory depth, or
:meth:`~negotiation.repeated.strategies.Strategy.automaton_state`), play is copied
ahead as soon as it cycles. ``cache=False`` turns both shortcuts off; the test suite
checks that it changes nothing.

The inner loop works on Python lists of ints (no per-turn numpy), which is what makes
it fast; payoffs are looked up afterwards in one vectorised step.
"""

from __future__ import annotations

import html
import math
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from negotiation.errors import GameError, StrategyError
from negotiation.game import Game
from negotiation.numbers import format_number, format_percent
from negotiation.repeated.strategies import Context, Strategy, get_strategy
from negotiation.solvers.scaling import require_float_range

__all__ = ["MatchResult", "MatchSettings", "StageGame", "play_match", "simulate"]


@dataclass(frozen=True)
class StageGame:
    """A two-player game compiled for fast repeated play (float payoff tables).

    Built with :meth:`from_game`; ``payoffs`` is shaped ``(2, n1, n2)``.
    """

    players: tuple[str, str]
    moves: tuple[tuple[str, ...], tuple[str, ...]]
    payoffs: np.ndarray = field(repr=False)

    @classmethod
    def from_game(cls, game: Game | StageGame) -> StageGame:
        if isinstance(game, StageGame):
            return game
        if not isinstance(game, Game) or game.n_players != 2:
            raise GameError("repeated play needs a two-player Game")
        require_float_range(game, "repeated play")
        return cls(
            (game.players[0], game.players[1]),
            (game.moves[0], game.moves[1]),
            np.asarray(game.payoffs, dtype=float),
        )

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.moves[0]), len(self.moves[1]))

    def context(self, player: int) -> Context:
        """What the strategy of ``player`` (0 or 1) is told about the game."""
        a, b = self.payoffs[0], self.payoffs[1]
        if player == 0:
            own, opp = a, b
        else:
            own, opp = b.T, a.T
        return Context(
            own.shape[0],
            own.shape[1],
            tuple(tuple(float(x) for x in row) for row in own),
            tuple(tuple(float(x) for x in row) for row in opp),
        )

    @cached_property
    def contexts(self) -> tuple[Context, Context]:
        """The contexts of both players, computed once."""
        return (self.context(0), self.context(1))

    @property
    def is_symmetric(self) -> bool:
        """Same moves count for both and ``B = A^T`` (roles interchangeable)."""
        a, b = self.payoffs
        return a.shape[0] == a.shape[1] and bool(np.array_equal(a, b.T))


@dataclass(frozen=True)
class MatchSettings:
    """How matches are played; see the module docstring.

    Parameters
    ----------
    turns
        Number of turns; with ``prob_end`` a cap (``None``: no cap).
    repetitions
        How many times each match is played.
    noise
        Probability that a move is replaced by another one.
    prob_end
        Probability that each turn is the last (geometric length, mean ``1/prob_end``).
    discount
        Discount factor per turn: turn ``t`` (from 0) counts ``discount**t``.
    """

    turns: int | None = 200
    repetitions: int = 1
    noise: float = 0.0
    prob_end: float | None = None
    discount: float | None = None

    def __post_init__(self) -> None:
        if self.turns is None and self.prob_end is None:
            raise StrategyError("give a number of turns or a prob_end")
        if self.turns is not None and (int(self.turns) != self.turns or self.turns < 1):
            raise StrategyError(f"turns must be a positive integer, got {self.turns}")
        if int(self.repetitions) != self.repetitions or self.repetitions < 1:
            raise StrategyError(f"repetitions must be a positive integer, got {self.repetitions}")
        if not 0.0 <= self.noise <= 1.0:
            raise StrategyError(f"noise must be a probability in [0, 1], got {self.noise}")
        if self.prob_end is not None and not 0.0 < self.prob_end <= 1.0:
            raise StrategyError(f"prob_end must be in (0, 1], got {self.prob_end}")
        if self.discount is not None and not 0.0 < self.discount <= 1.0:
            raise StrategyError(f"discount must be in (0, 1], got {self.discount}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "turns": self.turns,
            "repetitions": self.repetitions,
            "noise": self.noise,
            "prob_end": self.prob_end,
            "discount": self.discount,
        }


@dataclass(frozen=True)
class MatchResult:
    """The outcome of one match (all repetitions) between two strategies.

    Attributes
    ----------
    players, moves
        Labels from the stage game.
    strategies
        Strategy label of each player.
    scores
        Total (discounted, when a discount is set) payoff of each player in each
        repetition, shaped ``(repetitions, 2)``.
    lengths
        Number of turns of each repetition.
    outcome_counts
        How often each profile was played, summed over repetitions, shaped ``(n1, n2)``.
    discount
        The discount factor used (``None``: undiscounted).
    """

    players: tuple[str, str]
    moves: tuple[tuple[str, ...], tuple[str, ...]]
    strategies: tuple[str, str]
    scores: np.ndarray = field(repr=False)
    lengths: np.ndarray = field(repr=False)
    outcome_counts: np.ndarray = field(repr=False)
    discount: float | None = None
    #: turns actually simulated (a cached deterministic match simulates one repetition)
    simulated_turns: int = field(default=0, compare=False)

    @property
    def repetitions(self) -> int:
        return int(self.lengths.shape[0])

    @cached_property
    def mean_scores(self) -> tuple[float, float]:
        """Mean total payoff of each player over repetitions."""
        m = self.scores.mean(axis=0)
        return (float(m[0]), float(m[1]))

    @cached_property
    def normalised_scores(self) -> np.ndarray:
        """Average payoff per turn of each repetition, shaped ``(repetitions, 2)``.

        Undiscounted: total / length. Discounted: the discount-weighted average
        ``total * (1 - d) / (1 - d**length)``.
        """
        lengths = self.lengths.astype(float)
        if self.discount is None or self.discount == 1.0:
            weights = lengths
        else:
            d = self.discount
            weights = (1 - d**lengths) / (1 - d)
        return self.scores / weights[:, None]

    @cached_property
    def mean_per_turn(self) -> tuple[float, float]:
        m = self.normalised_scores.mean(axis=0)
        return (float(m[0]), float(m[1]))

    @cached_property
    def outcome_distribution(self) -> np.ndarray:
        """Share of turns at each profile, shaped ``(n1, n2)``."""
        total = self.outcome_counts.sum()
        return self.outcome_counts / total if total else self.outcome_counts.astype(float)

    @cached_property
    def escalation_frequency(self) -> tuple[float, float]:
        """Share of turns in which each player played anything but its most conciliatory move."""
        dist = self.outcome_distribution
        return (float(1 - dist[0, :].sum()), float(1 - dist[:, 0].sum()))

    @cached_property
    def mean_escalation(self) -> tuple[float, float]:
        """Mean escalation level of each player, scaled to [0, 1] (0 = calm, 1 = top)."""
        dist = self.outcome_distribution
        out = []
        for axis, n in ((1, dist.shape[0]), (0, dist.shape[1])):
            marginal = dist.sum(axis=axis)
            out.append(float(marginal @ np.arange(n) / (n - 1)) if n > 1 else 0.0)
        return (out[0], out[1])

    def to_dict(self) -> dict[str, Any]:
        p1, p2 = self.players
        dist = self.outcome_distribution
        return {
            "strategies": {p1: self.strategies[0], p2: self.strategies[1]},
            "scores": {p1: self.mean_scores[0], p2: self.mean_scores[1]},
            "scores_per_turn": {p1: self.mean_per_turn[0], p2: self.mean_per_turn[1]},
            "score_std": {
                p: float(s) for p, s in zip(self.players, self.scores.std(axis=0), strict=True)
            },
            "escalation_frequency": dict(zip(self.players, self.escalation_frequency, strict=True)),
            "mean_escalation": dict(zip(self.players, self.mean_escalation, strict=True)),
            "mean_length": float(self.lengths.mean()),
            "repetitions": self.repetitions,
            "outcomes": [
                {
                    "profile": {p1: self.moves[0][i], p2: self.moves[1][j]},
                    "share": float(dist[i, j]),
                }
                for i in range(dist.shape[0])
                for j in range(dist.shape[1])
                if self.outcome_counts[i, j]
            ],
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        p1, p2 = self.players
        dist = self.outcome_distribution
        head = f"<tr><th>{esc(p1)} \\ {esc(p2)}</th>" + "".join(
            f"<th>{esc(m)}</th>" for m in self.moves[1]
        )
        rows = "".join(
            f"<tr><th>{esc(r)}</th>"
            + "".join(f"<td>{format_percent(dist[i, j])}</td>" for j in range(dist.shape[1]))
            + "</tr>"
            for i, r in enumerate(self.moves[0])
        )
        s1, s2 = self.mean_scores
        caption = (
            f"{esc(self.strategies[0])} ({esc(p1)}) vs {esc(self.strategies[1])} ({esc(p2)}): "
            f"mean scores {format_number(s1)}, {format_number(s2)} over {self.repetitions} repetition(s); outcome shares"
        )
        return f"<table><caption>{caption}</caption>{head}{rows}</table>"


# ================================================================= simulation core
def repetition_rngs(entropy: int, match_index: int, repetition: int) -> list[random.Random]:
    """The four generators (length, player 1, player 2, noise) of one repetition."""
    return [random.Random(int(w)) for w in _repetition_words(entropy, match_index, repetition)]


def _repetition_words(entropy: int, match_index: int, repetition: int) -> np.ndarray:
    ss = np.random.SeedSequence(entropy, spawn_key=(match_index, repetition))
    return ss.generate_state(4, dtype=np.uint64)


#: handed to deterministic strategies, which must not draw from it
_UNUSED = random.Random(0)


def _sample_length(rng: random.Random, settings: MatchSettings) -> int:
    if settings.prob_end is None:
        assert settings.turns is not None
        return int(settings.turns)
    p = settings.prob_end
    # inverse CDF of the geometric distribution on {1, 2, ...}
    length = 1 if p >= 1.0 else 1 + int(math.log(1.0 - rng.random()) / math.log1p(-p))
    if settings.turns is not None:
        length = min(length, int(settings.turns))
    return length


def _run(
    s1: Strategy,
    s2: Strategy,
    c1: Context,
    c2: Context,
    length: int,
    noise: float,
    r1: random.Random,
    r2: random.Random,
    rn: random.Random,
) -> tuple[list[int], list[int]]:
    """Play ``length`` turns and return both realised histories."""
    s1.reset(c1)
    s2.reset(c2)
    h1: list[int] = []
    h2: list[int] = []
    choose1, choose2 = s1.choose, s2.choose
    add1, add2 = h1.append, h2.append
    n1, n2 = c1.n_moves, c2.n_moves
    if noise <= 0.0:
        for _ in range(length):
            a = choose1(h1, h2, r1)
            b = choose2(h2, h1, r2)
            add1(a)
            add2(b)
    elif noise >= 1.0:
        for _ in range(length):
            a = choose1(h1, h2, r1)
            b = choose2(h2, h1, r2)
            if n1 > 1:
                flip = rn.randrange(n1 - 1)
                a = flip + 1 if flip >= a else flip
            if n2 > 1:
                flip = rn.randrange(n2 - 1)
                b = flip + 1 if flip >= b else flip
            add1(a)
            add2(b)
    else:
        # draw the turns at which each side's move is replaced (geometric gaps) instead of
        # one uniform number per move and turn
        rand = rn.random
        scale = 1.0 / math.log1p(-noise)
        never = length + 1
        next1 = int(math.log(1.0 - rand()) * scale) if n1 > 1 else never
        next2 = int(math.log(1.0 - rand()) * scale) if n2 > 1 else never
        for t in range(length):
            a = choose1(h1, h2, r1)
            b = choose2(h2, h1, r2)
            if t == next1:
                flip = rn.randrange(n1 - 1)
                a = flip + 1 if flip >= a else flip
                next1 = t + 1 + int(math.log(1.0 - rand()) * scale)
            if t == next2:
                flip = rn.randrange(n2 - 1)
                b = flip + 1 if flip >= b else flip
                next2 = t + 1 + int(math.log(1.0 - rand()) * scale)
            add1(a)
            add2(b)
    return h1, h2


def _run_deterministic(
    s1: Strategy, s2: Strategy, c1: Context, c2: Context, length: int
) -> tuple[list[int], list[int]]:
    """Noiseless play of two deterministic strategies, skipping ahead once play cycles.

    When both strategies can describe their state (finite memory depth, or
    :meth:`~negotiation.repeated.strategies.Strategy.automaton_state`), the pair is a
    finite automaton whose state is both internal states and the last ``d`` rounds; once
    a state recurs, play repeats with that period, so the rest is copied instead of
    simulated. Otherwise every turn is simulated. The test suite checks that this gives
    exactly the turn-by-turn play for every pair of library strategies.
    """
    s1.reset(c1)
    s2.reset(c2)
    if s1.automaton_state() is None or s2.automaton_state() is None or length < 8:
        return _run(s1, s2, c1, c2, length, 0.0, _UNUSED, _UNUSED, _UNUSED)
    d = max(_rounds_needed(s1), _rounds_needed(s2))
    h1: list[int] = []
    h2: list[int] = []
    choose1, choose2 = s1.choose, s2.choose
    state1, state2 = s1.automaton_state, s2.automaton_state
    seen: dict[Hashable, int] = {}
    t = 0
    while t < length:
        a = choose1(h1, h2, _UNUSED)
        b = choose2(h2, h1, _UNUSED)
        h1.append(a)
        h2.append(b)
        t += 1
        if t >= d:
            state = (state1(), state2(), tuple(h1[-d:]), tuple(h2[-d:]))
            start = seen.get(state)
            if start is not None:
                # the moves from turn t on repeat those from turn `start` on
                period = t - start
                cycle1, cycle2 = h1[start:t], h2[start:t]
                repeats, extra = divmod(length - t, period)
                h1.extend(cycle1 * repeats + cycle1[:extra])
                h2.extend(cycle2 * repeats + cycle2[:extra])
                return h1, h2
            seen[state] = t
    return h1, h2


def _rounds_needed(strategy: Strategy) -> int:
    depth = strategy.memory_depth
    return max(1, int(depth)) if depth != math.inf else 1


def _check_move(strategy: Strategy, move: Any, n: int) -> None:
    if not isinstance(move, int) or not 0 <= move < n:
        raise StrategyError(
            f"strategy {strategy.label} chose {move!r}; it must be a level 0..{n - 1}"
        )


def simulate(
    stage: StageGame,
    strategy1: Strategy,
    strategy2: Strategy,
    settings: MatchSettings,
    entropy: int,
    match_index: int = 0,
    cache: bool = True,
) -> MatchResult:
    """Play every repetition of one match (the engine behind :func:`play_match`).

    ``cache=False`` simulates deterministic repetitions one by one (benchmarks use it to
    compare like with like); the results are the same.
    """
    n1, n2 = stage.shape
    c1, c2 = stage.contexts
    reps = int(settings.repetitions)
    deterministic = not strategy1.stochastic and not strategy2.stochastic and settings.noise <= 0.0
    # generators are made only when something will draw from them; the streams are the
    # same either way, so results do not depend on these shortcuts
    words = (
        [_repetition_words(entropy, match_index, r) for r in range(reps)]
        if settings.prob_end is not None or not deterministic
        else None
    )
    if settings.prob_end is None:
        lengths = np.full(reps, int(settings.turns or 0), dtype=np.int64)
    else:
        assert words is not None
        lengths = np.array(
            [_sample_length(random.Random(int(w[0])), settings) for w in words], dtype=np.int64
        )
    plays: list[tuple[np.ndarray, list[int]]]  # (flat profile indices, repetitions using them)
    if deterministic and cache:
        h1, h2 = _run_deterministic(strategy1, strategy2, c1, c2, int(lengths.max()))
        plays = [(_indices(strategy1, strategy2, h1, h2, n1, n2), list(range(reps)))]
        simulated = int(lengths.max())
    else:
        plays = []
        for r in range(reps):
            if words is None:
                r1 = r2 = rn = _UNUSED
            else:
                r1, r2, rn = (random.Random(int(w)) for w in words[r][1:])
            h1, h2 = _run(strategy1, strategy2, c1, c2, int(lengths[r]), settings.noise, r1, r2, rn)
            plays.append((_indices(strategy1, strategy2, h1, h2, n1, n2), [r]))
        simulated = int(lengths.sum())
    scores = np.empty((reps, 2))
    counts = np.zeros(n1 * n2, dtype=np.int64)
    flat = stage.payoffs.reshape(2, -1)
    d = settings.discount
    for idx, used in plays:
        u = flat[:, idx]
        if d is not None and d != 1.0:
            u = u * d ** np.arange(idx.size)
        cumulative = np.cumsum(u, axis=1)
        by_length: dict[int, np.ndarray] = {}
        for r in used:
            n = int(lengths[r])
            scores[r] = cumulative[:, n - 1] if n else 0.0
            if n not in by_length:
                by_length[n] = np.bincount(idx[:n], minlength=n1 * n2)
            counts += by_length[n]
    return MatchResult(
        stage.players,
        stage.moves,
        (strategy1.label, strategy2.label),
        scores,
        lengths,
        counts.reshape(n1, n2),
        d,
        simulated,
    )


def _indices(
    strategy1: Strategy, strategy2: Strategy, h1: list[int], h2: list[int], n1: int, n2: int
) -> np.ndarray:
    """Flat profile index ``a * n2 + b`` of every turn, checking the levels are valid."""
    a = np.array(h1, dtype=np.int64)
    b = np.array(h2, dtype=np.int64)
    if a.size and (a.min() < 0 or a.max() >= n1):
        _check_move(strategy1, int(a.max() if a.max() >= n1 else a.min()), n1)
    if b.size and (b.min() < 0 or b.max() >= n2):
        _check_move(strategy2, int(b.max() if b.max() >= n2 else b.min()), n2)
    return a * n2 + b


def resolve_entropy(seed: int | np.random.SeedSequence | None) -> int:
    """The integer entropy behind a seed (fresh OS entropy when ``None``)."""
    if isinstance(seed, np.random.SeedSequence):
        return int(seed.entropy)  # type: ignore[arg-type]
    if seed is None:
        return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    if isinstance(seed, (bool, float)) or int(seed) != seed or seed < 0:
        raise StrategyError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def play_match(
    game: Game | StageGame,
    strategies: Sequence[str | Strategy | type[Strategy]],
    *,
    turns: int | None = 200,
    repetitions: int = 1,
    noise: float = 0.0,
    prob_end: float | None = None,
    discount: float | None = None,
    seed: int | None = None,
) -> MatchResult:
    """Play one match between a strategy for each player of a two-player game.

    Parameters
    ----------
    game
        The stage game; its moves are escalation levels, most conciliatory first.
    strategies
        Two strategies (names such as ``"tit-for-tat"``, classes or instances),
        for player 1 and player 2.
    turns, repetitions, noise, prob_end, discount
        See :class:`MatchSettings`.
    seed
        Makes every random draw reproducible.

    Returns
    -------
    MatchResult

    Examples
    --------
    Tit-for-tat against always-defect in Axelrod's prisoner's dilemma, 200 turns:

    >>> from negotiation.game import Game
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> play_match(pd, ["tit-for-tat", "always-escalate"], turns=200).mean_scores
    (199.0, 204.0)
    """
    stage = StageGame.from_game(game)
    if len(strategies) != 2:
        raise StrategyError("a match needs exactly two strategies")
    s1, s2 = (get_strategy(s) for s in strategies)
    settings = MatchSettings(turns, repetitions, noise, prob_end, discount)
    return simulate(stage, s1, s2, settings, resolve_entropy(seed))
