"""Round-robin tournaments of repeated-game strategies.

In a two-player game every strategy in player 1's pool meets every strategy in player
2's pool (by default the same pool), so in an asymmetric negotiation every US posture
meets every China posture. When the game is symmetric (same number of moves, ``B = A^T``)
and both pools are equal, each unordered pair is simulated once and its mirror image
fills the other cell, as in Axelrod's round robin; the per-strategy *ranking* (median
over repetitions of the mean per-turn score against the other strategies, self-play
excluded, ties kept in pool order) and *wins* (matches won, averaged over repetitions)
are then reported too -- the definitions of Axelrod's ``ResultSet`` (``ranked_names``,
``normalised_scores``, ``wins``), checked against it in the test suite.

Runs are reproducible with ``seed=`` and give identical results serially and with
``processes=2``: see :mod:`negotiation.repeated.match` for how seeds are derived.

References
----------
Axelrod, R. (1980). Effective choice in the prisoner's dilemma. *Journal of Conflict
Resolution* 24(1), 3-25.
Knight, V. et al. (2016). An open framework for the reproducible study of the iterated
prisoner's dilemma. *Journal of Open Research Software* 4(1).
"""

from __future__ import annotations

import html
import pickle
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation.errors import StrategyError
from negotiation.game import Game
from negotiation.numbers import format_number, format_numbers, format_percent
from negotiation.repeated._progress import Progress
from negotiation.repeated.match import (
    MatchResult,
    MatchSettings,
    StageGame,
    resolve_entropy,
    simulate,
)
from negotiation.repeated.strategies import Strategy, get_strategy

__all__ = ["StrategyStats", "TournamentResult", "tournament"]


@dataclass(frozen=True)
class StrategyStats:
    """How one strategy did for one player, averaged over the opponent pool.

    ``rank``, ``median_per_turn`` and ``wins`` are filled in symmetric tournaments only.
    """

    player: str
    strategy: str
    mean_score: float
    mean_per_turn: float
    escalation_frequency: float
    mean_escalation: float
    rank: int | None = None
    median_per_turn: float | None = None
    wins: float | None = None
    #: ((player-1 move, player-2 move), share of turns), most frequent first, averaged
    #: over the strategy's matches
    outcomes: tuple[tuple[tuple[str, str], float], ...] = ()

    @property
    def top_outcome(self) -> str:
        """The most frequent outcome and its share, e.g. ``"defect / defect (97%)"``."""
        if not self.outcomes:
            return "-"
        (m1, m2), share = self.outcomes[0]
        return f"{m1} / {m2} ({format_percent(share, decimals=0)})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "strategy": self.strategy,
            "mean_score": self.mean_score,
            "mean_per_turn": self.mean_per_turn,
            "escalation_frequency": self.escalation_frequency,
            "mean_escalation": self.mean_escalation,
            "rank": self.rank,
            "median_per_turn": self.median_per_turn,
            "wins": self.wins,
            "outcomes": [{"moves": list(m), "share": x} for m, x in self.outcomes],
        }


@dataclass(frozen=True)
class TournamentResult:
    """All matches of a round robin, with per-strategy summaries.

    Attributes
    ----------
    players, moves
        Labels of the stage game.
    pools
        The strategy labels of each player, in the order given.
    matches
        One :class:`MatchResult` per (player-1 strategy, player-2 strategy) pair, row-major.
    settings
        How the matches were played.
    seed
        The integer entropy every random draw derives from (pass it back as ``seed=``
        to reproduce the run).
    symmetric
        Whether the game and pools were symmetric (then ``ranking`` is set).
    turns_simulated
        Turns actually simulated (mirrored and cached repetitions not counted twice).
    """

    players: tuple[str, str]
    moves: tuple[tuple[str, ...], tuple[str, ...]]
    pools: tuple[tuple[str, ...], tuple[str, ...]]
    matches: tuple[MatchResult, ...] = field(repr=False)
    settings: MatchSettings
    seed: int
    symmetric: bool
    turns_simulated: int = 0
    stats: tuple[tuple[StrategyStats, ...], tuple[StrategyStats, ...]] = field(
        default=((), ()), repr=False
    )

    # ------------------------------------------------------------------- access
    def match(self, strategy1: str, strategy2: str) -> MatchResult:
        """The match between ``strategy1`` (player 1) and ``strategy2`` (player 2)."""
        try:
            i = self.pools[0].index(strategy1)
            j = self.pools[1].index(strategy2)
        except ValueError:
            raise StrategyError(
                f"no match {strategy1} vs {strategy2}; pools are {self.pools[0]} and {self.pools[1]}"
            ) from None
        return self.matches[i * len(self.pools[1]) + j]

    def score_matrix(self, player: int | str = 0, per_turn: bool = False) -> np.ndarray:
        """Mean score of ``player`` for each (player-1 strategy, player-2 strategy)."""
        k = player if isinstance(player, int) else self.players.index(player)
        n1, n2 = len(self.pools[0]), len(self.pools[1])
        values = [m.mean_per_turn[k] if per_turn else m.mean_scores[k] for m in self.matches]
        return np.array(values).reshape(n1, n2)

    @property
    def ranking(self) -> list[str] | None:
        """Strategies from best to worst (symmetric tournaments only)."""
        if not self.symmetric:
            return None
        ranked = sorted(self.stats[0], key=lambda s: s.rank or 0)
        return [s.strategy for s in ranked]

    # ------------------------------------------------------------------- output
    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "moves": {p: list(m) for p, m in zip(self.players, self.moves, strict=True)},
            "strategies": {p: list(pool) for p, pool in zip(self.players, self.pools, strict=True)},
            "settings": self.settings.to_dict(),
            "seed": self.seed,
            "symmetric": self.symmetric,
            "matches": [m.to_dict() for m in self.matches],
            "summary": {
                p: [s.to_dict() for s in stats]
                for p, stats in zip(self.players, self.stats, strict=True)
            },
            "ranking": self.ranking,
        }

    def summary_rows(self, player: int = 0) -> list[list[str]]:
        """Text rows (header first) of the per-strategy summary for one player."""
        header = ["strategy", "mean score", "per turn", "escalates", "most common outcome"]
        if self.symmetric:
            header = ["rank", *header, "median/turn", "wins"]
        rows = [header]
        stats = self.stats[player]
        if self.symmetric:
            stats = tuple(sorted(stats, key=lambda s: s.rank or 0))
        for s in stats:
            row = [
                s.strategy,
                format_number(s.mean_score),
                format_number(s.mean_per_turn),
                format_percent(s.escalation_frequency, decimals=0),
                s.top_outcome,
            ]
            if self.symmetric:
                row = [str(s.rank), *row, format_number(s.median_per_turn), format_number(s.wins)]
            rows.append(row)
        return rows

    def match_rows(self) -> list[list[str]]:
        """Text rows (header first), one per match: scores, escalation, commonest outcome."""
        p1, p2 = self.players
        rows = [
            [
                f"{p1} strategy",
                f"{p2} strategy",
                f"{p1} score",
                f"{p2} score",
                f"{p1} escalates",
                f"{p2} escalates",
                "most common outcome",
            ]
        ]
        for m in self.matches:
            dist = m.outcome_distribution
            i, j = np.unravel_index(int(np.argmax(dist)), dist.shape)
            a, b = m.mean_scores
            e1, e2 = m.escalation_frequency
            rows.append(
                [
                    m.strategies[0],
                    m.strategies[1],
                    format_number(a),
                    format_number(b),
                    format_percent(e1, decimals=0),
                    format_percent(e2, decimals=0),
                    f"{m.moves[0][i]} / {m.moves[1][j]} ({format_percent(dist[i, j], decimals=0)})",
                ]
            )
        return rows

    def score_rows(self) -> list[list[str]]:
        """Text rows of the score matrix: cell = ``score 1, score 2`` (means over repetitions)."""
        p1, p2 = self.players
        rows = [[f"{p1} \\ {p2}", *self.pools[1]]]
        n2 = len(self.pools[1])
        for i, s1 in enumerate(self.pools[0]):
            cells = []
            for j in range(n2):
                a, b = self.matches[i * n2 + j].mean_scores
                cells.append(", ".join(format_numbers([a, b])))
            rows.append([s1, *cells])
        return rows

    def _repr_html_(self) -> str:
        esc = html.escape

        def table(rows: list[list[str]], caption: str) -> str:
            head = "".join(f"<th>{esc(c)}</th>" for c in rows[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows[1:]
            )
            return f"<table><caption>{esc(caption)}</caption><tr>{head}</tr>{body}</table>"

        parts = [table(self.score_rows(), "Mean scores per match (player 1, player 2)")]
        parts.append(table(self.match_rows(), "Matches"))
        for k, p in enumerate(self.players):
            parts.append(table(self.summary_rows(k), f"Strategies of {p}"))
            if self.symmetric:
                break
        return "".join(parts)


# ===================================================================== runner
def _task(
    args: tuple[StageGame, Strategy, Strategy, MatchSettings, int, int, bool],
) -> MatchResult:
    stage, s1, s2, settings, entropy, index, cache = args
    return simulate(stage, get_strategy(s1), get_strategy(s2), settings, entropy, index, cache)


def tournament(
    game: Game | StageGame,
    strategies: Sequence[str | Strategy | type[Strategy]],
    opponents: Sequence[str | Strategy | type[Strategy]] | None = None,
    *,
    turns: int | None = 200,
    repetitions: int = 1,
    noise: float = 0.0,
    prob_end: float | None = None,
    discount: float | None = None,
    seed: int | None = None,
    processes: int = 1,
    progress: bool = False,
    cache: bool = True,
) -> TournamentResult:
    """Play a round robin between strategy pools on a two-player stage game.

    Parameters
    ----------
    game
        The stage game (two players; moves most conciliatory first).
    strategies
        Player 1's pool: registry names (``"tit-for-tat"``), classes or instances.
    opponents
        Player 2's pool; defaults to the same pool.
    turns, repetitions, noise, prob_end, discount
        See :class:`~negotiation.repeated.match.MatchSettings`.
    seed
        Entropy for every random draw; results are identical for any ``processes``.
    processes
        Worker processes (``concurrent.futures.ProcessPoolExecutor``); 1 runs serially.
    progress
        Show a progress bar on standard error if the run takes over 2 seconds.
    cache
        Simulate a deterministic, noiseless pairing once per match (see
        :mod:`~negotiation.repeated.match`); results do not change.

    Returns
    -------
    TournamentResult

    Examples
    --------
    >>> from negotiation.game import Game
    >>> pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> result = tournament(pd, ["tit-for-tat", "always-escalate", "always-conciliate"],
    ...                     turns=200, seed=1)
    >>> result.match("tit-for-tat", "always-escalate").mean_scores
    (199.0, 204.0)
    >>> result.ranking   # median score per turn against the others, self-play excluded
    ['always-escalate', 'tit-for-tat', 'always-conciliate']
    """
    stage = StageGame.from_game(game)
    settings = MatchSettings(turns, repetitions, noise, prob_end, discount)
    if not strategies:
        raise StrategyError("a tournament needs at least one strategy")
    pool1 = [get_strategy(s) for s in strategies]
    pool2 = pool1 if opponents is None else [get_strategy(s) for s in opponents]
    if not pool2:
        raise StrategyError("the opponent pool is empty")
    for pool in (pool1, pool2):
        labels = [s.label for s in pool]
        if len(set(labels)) != len(labels):
            raise StrategyError(f"a pool names a strategy twice: {', '.join(labels)}")
    # check every strategy accepts this game before starting (e.g. zd-extort needs 2 moves)
    for k, pool in ((0, pool1), (1, pool2)):
        for s in pool:
            get_strategy(s).reset(stage.context(k))
    labels1 = tuple(s.label for s in pool1)
    labels2 = tuple(s.label for s in pool2)
    symmetric = stage.is_symmetric and labels1 == labels2
    entropy = resolve_entropy(seed)
    n1, n2 = len(pool1), len(pool2)
    pairs = [(i, j) for i in range(n1) for j in range(n2) if not symmetric or i <= j]
    tasks = [(stage, pool1[i], pool2[j], settings, entropy, i * n2 + j, cache) for i, j in pairs]
    bar = Progress(len(tasks), "tournament", progress)
    played: dict[tuple[int, int], MatchResult] = {}
    try:
        if processes > 1 and len(tasks) > 1:
            _check_picklable(pool1 + pool2)
            with ProcessPoolExecutor(max_workers=processes) as executor:
                chunk = max(1, len(tasks) // (4 * processes))
                for pair, result in zip(
                    pairs, executor.map(_task, tasks, chunksize=chunk), strict=True
                ):
                    played[pair] = result
                    bar.update()
        else:
            for pair, task in zip(pairs, tasks, strict=True):
                played[pair] = _task(task)
                bar.update()
    finally:
        bar.close()
    simulated = sum(r.simulated_turns for r in played.values())
    matches: list[MatchResult] = []
    for i in range(n1):
        for j in range(n2):
            if (i, j) in played:
                matches.append(played[(i, j)])
            else:
                matches.append(_mirror(played[(j, i)]))
    stats = _statistics(stage, matches, (labels1, labels2), symmetric)
    return TournamentResult(
        stage.players,
        stage.moves,
        (labels1, labels2),
        tuple(matches),
        settings,
        entropy,
        symmetric,
        simulated,
        stats,
    )


def _check_picklable(strategies: list[Strategy]) -> None:
    for strategy in strategies:
        try:
            pickle.dumps(strategy)
        except Exception as exc:
            raise StrategyError(
                f"strategy {strategy.label} cannot be sent to worker processes ({exc}); "
                "define its class at module level or use processes=1"
            ) from None


def _mirror(result: MatchResult) -> MatchResult:
    """The same match seen with the roles swapped (symmetric games only)."""
    return MatchResult(
        result.players,
        result.moves,
        (result.strategies[1], result.strategies[0]),
        result.scores[:, ::-1].copy(),
        result.lengths,
        result.outcome_counts.T.copy(),
        result.discount,
    )


def _statistics(
    stage: StageGame,
    matches: list[MatchResult],
    pools: tuple[tuple[str, ...], tuple[str, ...]],
    symmetric: bool,
) -> tuple[tuple[StrategyStats, ...], tuple[StrategyStats, ...]]:
    n1, n2 = len(pools[0]), len(pools[1])
    m1, m2 = stage.shape
    # stacked per-match arrays: (n1, n2, reps, 2) scores, (n1, n2, reps) lengths, outcomes
    scores = np.stack([m.scores for m in matches]).reshape(n1, n2, -1, 2)
    lengths = np.stack([m.lengths for m in matches]).reshape(n1, n2, -1).astype(float)
    d = matches[0].discount if matches else None
    weights = lengths if d is None or d == 1.0 else (1 - d**lengths) / (1 - d)
    per_turn = scores / weights[..., None]
    counts = np.stack([m.outcome_counts for m in matches]).reshape(n1, n2, m1, m2)
    totals = counts.sum(axis=(2, 3)).astype(float)
    totals[totals == 0] = 1.0
    dist = counts / totals[..., None, None]
    row_marginal, col_marginal = dist.sum(axis=3), dist.sum(axis=2)  # (n1, n2, m1), (n1, n2, m2)
    escalation = np.stack([1 - row_marginal[..., 0], 1 - col_marginal[..., 0]], axis=-1)
    levels = np.stack(
        [
            row_marginal @ np.arange(m1) / max(m1 - 1, 1),
            col_marginal @ np.arange(m2) / max(m2 - 1, 1),
        ],
        axis=-1,
    )
    mean_scores = scores.mean(axis=2)  # (n1, n2, 2)
    mean_turn = per_turn.mean(axis=2)
    out: list[tuple[StrategyStats, ...]] = []
    for k, axis in ((0, 1), (1, 0)):
        # player 1's strategies are rows (average over columns), player 2's columns
        columns = [
            values[..., k].mean(axis=axis).tolist()
            for values in (mean_scores, mean_turn, escalation, levels)
        ]
        shares = dist.mean(axis=axis)  # (own pool, m1, m2)
        out.append(
            tuple(
                StrategyStats(
                    stage.players[k],
                    label,
                    float(columns[0][s]),
                    float(columns[1][s]),
                    float(columns[2][s]),
                    float(columns[3][s]),
                    outcomes=_ranked_outcomes(shares[s], stage.moves),
                )
                for s, label in enumerate(pools[k])
            )
        )
    if symmetric and n1 > 0:
        out = _rank(per_turn, scores, out)
    return (out[0], out[1])


def _ranked_outcomes(
    shares: np.ndarray, moves: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[tuple[tuple[str, str], float], ...]:
    order = np.argsort(-shares, axis=None, kind="stable")
    out = []
    for flat in order:
        i, j = np.unravel_index(int(flat), shares.shape)
        if shares[i, j] <= 0:
            break
        out.append(((moves[0][i], moves[1][j]), float(shares[i, j])))
    return tuple(out)


def _rank(
    per_turn: np.ndarray, scores: np.ndarray, stats: list[tuple[StrategyStats, ...]]
) -> list[tuple[StrategyStats, ...]]:
    """Axelrod-style ranking by the median over repetitions of the mean per-turn score."""
    n = per_turn.shape[0]
    if n > 1:
        others = ~np.eye(n, dtype=bool)  # self-play excluded
        per_rep = (per_turn[..., 0] * others[..., None]).sum(axis=1) / (n - 1)
        medians = np.median(per_rep, axis=1).tolist()
        won = (scores[..., 0] > scores[..., 1]).mean(axis=2) * others
        wins = won.sum(axis=1).tolist()
    else:
        medians = np.median(per_turn[0, 0, :, 0], keepdims=True).tolist()
        wins = [0.0]
    # ties (up to rounding) keep the pool order, as in Axelrod's ResultSet
    order = sorted(range(n), key=lambda s: (-round(medians[s], 10), s))
    rank = {s: r + 1 for r, s in enumerate(order)}
    return [
        tuple(
            StrategyStats(
                st.player,
                st.strategy,
                st.mean_score,
                st.mean_per_turn,
                st.escalation_frequency,
                st.mean_escalation,
                rank[s],
                medians[s],
                wins[s],
                st.outcomes,
            )
            for s, st in enumerate(stats[k])
        )
        for k in (0, 1)
    ]
