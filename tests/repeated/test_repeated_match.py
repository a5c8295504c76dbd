"""Matches: known 200-turn scores, asymmetric games, noise, random ending, seeds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from negotiation.errors import StrategyError
from negotiation.repeated import Strategy, play_match
from negotiation.repeated.match import MatchSettings
from tests.repeated.repeated_games import prisoners_dilemma

# 200-turn matches in the prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1): issue #5's
# correctness bar, the same numbers the Axelrod library gives (Knight et al. 2016);
# each is checked by hand in the comment beside it.
KNOWN_200 = [
    # TFT: C then D x199 -> 0 + 199*1; ALLD: 5 + 199*1
    ("tit-for-tat", "always-escalate", (199, 204)),
    # mutual cooperation: 200*3 each
    ("tit-for-tat", "always-conciliate", (600, 600)),
    # (C,C) 3,3; (C,D) 0,5; then 99 x (D,C) 5,0 and 99 x (D,D) 1,1
    ("grim-trigger", "alternator", (597, 107)),
    # WSLS alternates C, D against ALLD: 100 x (C,D) and 100 x (D,D)
    ("win-stay-lose-shift", "always-escalate", (100, 600)),
    # (C,C), then TFT echoes one step behind: 99 x (C,D)+(D,C) pairs plus a last (C,D)
    ("tit-for-tat", "alternator", (498, 503)),
    # TF2T never sees two defections in a row: 100 x (C,C) and 100 x (C,D)
    ("tit-for-two-tats", "alternator", (300, 800)),
    # (D,C), (C,D), ... alternating for 200 turns: 100 x 5 + 100 x 0 each
    ("suspicious-tit-for-tat", "tit-for-tat", (500, 500)),
]


@pytest.mark.parametrize(("first", "second", "expected"), KNOWN_200)
def test_known_200_turn_scores(pd, first, second, expected):
    result = play_match(pd, [first, second], turns=200)
    assert result.mean_scores == expected
    assert result.lengths.tolist() == [200]


@pytest.mark.parametrize(("first", "second", "expected"), KNOWN_200)
def test_known_scores_with_roles_swapped(pd, first, second, expected):
    result = play_match(pd, [second, first], turns=200, repetitions=3)
    assert result.mean_scores == expected[::-1]
    assert result.scores.tolist() == [list(expected[::-1])] * 3


def test_discounting_weights_turn_t_by_delta_to_the_t(pd):
    # mutual cooperation at delta = 0.5 over 3 turns: 3 * (1 + 0.5 + 0.25) = 5.25
    result = play_match(pd, ["tit-for-tat", "always-conciliate"], turns=3, discount=0.5)
    assert result.mean_scores == (5.25, 5.25)
    assert result.mean_per_turn == pytest.approx((3.0, 3.0))


def test_asymmetric_game_maps_levels_proportionally(asymmetric):
    # player 1 (2 moves) answers China's level 2 of 3 with its own level 1 of 2;
    # China's tit-for-tat answers the US's level 1 of 2 with level 2 of 3
    r = play_match(asymmetric, ["tit-for-tat", "always-escalate"], turns=10)
    counts = r.outcome_counts
    assert counts[0, 2] == 1 and counts[1, 2] == 9
    r = play_match(asymmetric, ["always-escalate", "tit-for-tat"], turns=10)
    assert r.outcome_counts[1, 0] == 1 and r.outcome_counts[1, 2] == 9
    assert r.escalation_frequency == (1.0, 0.9)
    assert r.mean_escalation == (1.0, pytest.approx(0.9))


def test_full_noise_flips_every_move_in_two_move_games(pd):
    r = play_match(pd, ["always-conciliate", "always-escalate"], turns=50, noise=1.0, seed=0)
    assert r.outcome_counts.tolist() == [[0, 0], [50, 0]]


def test_noise_flips_to_other_moves_uniformly(asymmetric):
    # China always plays level 0; with noise 1 it lands on levels 1 and 2 equally often
    r = play_match(asymmetric, ["always-conciliate"] * 2, turns=20000, noise=1.0, seed=1)
    china = r.outcome_counts.sum(axis=0)
    assert china[0] == 0
    # binomial(20000, 1/2): standard deviation ~71, so 5 sd is ~354
    assert abs(china[1] - 10000) < 354


def test_seed_reproduces_and_different_seeds_differ(pd):
    kwargs = dict(turns=100, repetitions=4, noise=0.1)
    a = play_match(pd, ["generous-tit-for-tat", "random"], seed=7, **kwargs)
    b = play_match(pd, ["generous-tit-for-tat", "random"], seed=7, **kwargs)
    c = play_match(pd, ["generous-tit-for-tat", "random"], seed=8, **kwargs)
    assert np.array_equal(a.scores, b.scores)
    assert not np.array_equal(a.scores, c.scores)


def test_mean_length_under_prob_end_is_one_over_p(pd):
    p = 0.1
    r = play_match(pd, ["random", "random"], turns=None, prob_end=p, repetitions=4000, seed=3)
    # geometric length: mean 1/p = 10, sd sqrt(1-p)/p ~ 9.49, standard error ~0.15
    assert abs(r.lengths.mean() - 1 / p) < 4 * math.sqrt(1 - p) / p / math.sqrt(4000)
    assert r.lengths.min() >= 1


def test_prob_end_cap_and_cached_prefixes_agree(pd):
    kwargs = dict(turns=30, prob_end=0.05, repetitions=50, seed=11)
    cached = play_match(pd, ["tit-for-tat", "alternator"], **kwargs)
    assert cached.lengths.max() <= 30
    # every repetition of a deterministic pair is a prefix of the same play
    from negotiation.repeated.match import StageGame, resolve_entropy, simulate
    from negotiation.repeated.strategies import get_strategy

    stage = StageGame.from_game(pd)
    settings = MatchSettings(30, 50, 0.0, 0.05, None)
    plain = simulate(
        stage,
        get_strategy("tit-for-tat"),
        get_strategy("alternator"),
        settings,
        resolve_entropy(11),
        cache=False,
    )
    assert np.array_equal(cached.scores, plain.scores)
    assert np.array_equal(cached.lengths, plain.lengths)
    assert cached.simulated_turns == cached.lengths.max() < plain.simulated_turns


def test_scores_equal_outcome_counts_times_payoffs(asymmetric):
    r = play_match(asymmetric, ["random", "graduated-escalation"], turns=77, repetitions=5, seed=2)
    a, b = asymmetric.matrices()
    assert r.scores.sum(axis=0)[0] == pytest.approx(float((r.outcome_counts * a).sum()))
    assert r.scores.sum(axis=0)[1] == pytest.approx(float((r.outcome_counts * b).sum()))
    assert r.outcome_counts.sum() == 5 * 77


def test_user_defined_strategy_follows_the_protocol(pd):
    class EveryThird(Strategy):
        """Escalates every third round (a test strategy; no published source)."""

        name = "every-third"
        memory_depth = math.inf

        def choose(self, own, opponent, rng):
            return self.top if len(own) % 3 == 2 else 0

    r = play_match(pd, [EveryThird, "always-conciliate"], turns=9)
    # 3 defections x 5 + 6 cooperations x 3
    assert r.mean_scores == (33, 18)
    assert r.strategies == ("every-third", "always-conciliate")


def test_a_strategy_returning_a_bad_level_is_reported(pd):
    class Broken(Strategy):
        name = "broken"

        def choose(self, own, opponent, rng):
            return 7

    with pytest.raises(StrategyError, match=r"level 0\.\.1"):
        play_match(pd, [Broken, "always-conciliate"], turns=3)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(turns=0),
        dict(turns=10, noise=1.5),
        dict(turns=10, prob_end=0.0),
        dict(turns=10, discount=1.2),
        dict(turns=None),
        dict(turns=10, repetitions=0),
        dict(turns=10, seed=-1),
    ],
)
def test_bad_settings_raise_strategy_error(pd, kwargs):
    with pytest.raises(StrategyError):
        play_match(pd, ["tit-for-tat", "tit-for-tat"], **kwargs)


def test_a_match_needs_a_two_player_game():
    from negotiation.errors import GameError
    from negotiation.game import Game

    three = Game(["a", "b", "c"], [["x"], ["x"], ["x"]], np.zeros((3, 1, 1, 1)))
    with pytest.raises(GameError):
        play_match(three, ["tit-for-tat", "tit-for-tat"], turns=3)


def test_other_payoffs_change_scores_not_play():
    # (R, S, T, P) = (9, 1, 10, 3): TFT vs ALLD is 1 + 199 * 3 and 10 + 199 * 3
    r = play_match(prisoners_dilemma(9, 1, 10, 3), ["tit-for-tat", "always-escalate"], turns=200)
    assert r.mean_scores == (598, 607)


def test_cycle_shortcut_equals_turn_by_turn_play(pd, asymmetric):
    # deterministic finite-memory pairs are extended once play cycles; the result must be
    # the play simulated turn by turn (cache=False)
    from negotiation.repeated import STRATEGIES
    from negotiation.repeated.match import StageGame, resolve_entropy, simulate
    from negotiation.repeated.strategies import get_strategy

    names = [n for n, c in STRATEGIES.items() if not c.stochastic]
    for game in (pd, asymmetric):
        stage = StageGame.from_game(game)
        for turns in (7, 50, 201):
            settings = MatchSettings(turns, 2, 0.0, None, None)
            for first in names:
                for second in names:
                    results = [
                        simulate(
                            stage,
                            get_strategy(first),
                            get_strategy(second),
                            settings,
                            resolve_entropy(0),
                            cache=cache,
                        )
                        for cache in (True, False)
                    ]
                    assert np.array_equal(results[0].scores, results[1].scores), (first, second)
                    assert np.array_equal(results[0].outcome_counts, results[1].outcome_counts)


def test_mean_length_over_many_seeds(pd):
    # 200 seeds x 20 repetitions of a geometric(p = 0.2) length: mean 5, sd sqrt(0.8)/0.2
    lengths = np.concatenate(
        [
            play_match(
                pd, ["tit-for-tat", "random"], turns=None, prob_end=0.2, repetitions=20, seed=s
            ).lengths
            for s in range(200)
        ]
    )
    standard_error = math.sqrt(0.8) / 0.2 / math.sqrt(lengths.size)
    assert abs(lengths.mean() - 5) < 4 * standard_error
    # and the share of one-turn matches is p
    assert abs((lengths == 1).mean() - 0.2) < 4 * math.sqrt(0.2 * 0.8 / lengths.size)


def test_noise_replaces_each_move_with_probability_p(pd):
    # always-conciliate on both sides: every escalation seen is a noise flip
    n, p = 40000, 0.1
    r = play_match(pd, ["always-conciliate", "always-conciliate"], turns=n, noise=p, seed=4)
    sd = math.sqrt(p * (1 - p) / n)
    row, column = r.escalation_frequency
    assert abs(row - p) < 5 * sd and abs(column - p) < 5 * sd
    # the two sides' flips are independent: both flipped in about p^2 of the turns
    both = r.outcome_distribution[1, 1]
    assert abs(both - p * p) < 5 * math.sqrt(p * p * (1 - p * p) / n)
