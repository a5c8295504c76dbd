"""Round-robin tournaments: pairings, symmetric rankings, serial == parallel, output."""

from __future__ import annotations

import json

import numpy as np
import pytest

from negotiation.errors import StrategyError
from negotiation.repeated import tournament

POOL = ["tit-for-tat", "always-escalate", "always-conciliate", "grim-trigger", "alternator"]


def test_every_pair_is_played_and_known_scores_appear(pd):
    result = tournament(pd, POOL, turns=200, repetitions=2, seed=0)
    assert len(result.matches) == len(POOL) ** 2
    # issue #5 / hand arithmetic (see test_match.py): grim vs alternator (597, 107)
    assert result.match("grim-trigger", "alternator").mean_scores == (597, 107)
    assert result.match("alternator", "grim-trigger").mean_scores == (107, 597)
    matrix = result.score_matrix(0)
    assert matrix[POOL.index("tit-for-tat"), POOL.index("always-escalate")] == 199
    assert np.array_equal(result.score_matrix(1), result.score_matrix(0).T)


def test_symmetric_ranking_follows_median_score_per_turn(pd):
    result = tournament(pd, ["tit-for-tat", "always-escalate", "always-conciliate"], turns=200)
    # per turn against the other two (self-play excluded):
    # ALLD (204/200 + 5)/2 = 3.01; TFT (199/200 + 3)/2 = 1.9975; ALLC (0 + 3)/2 = 1.5
    assert result.ranking == ["always-escalate", "tit-for-tat", "always-conciliate"]
    medians = {s.strategy: s.median_per_turn for s in result.stats[0]}
    assert medians == pytest.approx(
        {"always-escalate": 3.01, "tit-for-tat": 1.9975, "always-conciliate": 1.5}
    )
    wins = {s.strategy: s.wins for s in result.stats[0]}
    assert wins == {"always-escalate": 2, "tit-for-tat": 0, "always-conciliate": 0}


def test_symmetric_tournaments_simulate_each_unordered_pair_once(pd):
    result = tournament(pd, POOL, turns=100, repetitions=3, seed=1)
    # deterministic pairs are simulated once per match: 15 unordered pairs x 100 turns
    assert result.turns_simulated == 15 * 100
    uncached = tournament(pd, POOL, turns=100, repetitions=3, seed=1, cache=False)
    assert uncached.turns_simulated == 15 * 100 * 3
    assert all(
        np.array_equal(a.scores, b.scores)
        for a, b in zip(result.matches, uncached.matches, strict=True)
    )


def test_asymmetric_game_meets_every_us_strategy_with_every_china_strategy(asymmetric):
    us = ["tit-for-tat", "always-escalate"]
    china = ["graduated-escalation", "random", "always-conciliate"]
    result = tournament(asymmetric, us, china, turns=20, seed=4)
    assert not result.symmetric and result.ranking is None
    pairs = [tuple(m.strategies) for m in result.matches]
    assert pairs == [(a, b) for a in us for b in china]
    assert [s.strategy for s in result.stats[1]] == china


def test_serial_and_parallel_runs_are_identical(pd):
    kwargs = dict(turns=60, repetitions=3, noise=0.05, seed=123)
    pool = [*POOL, "generous-tit-for-tat", "random", "zd-extort"]
    serial = tournament(pd, pool, **kwargs)
    parallel = tournament(pd, pool, processes=2, **kwargs)
    for a, b in zip(serial.matches, parallel.matches, strict=True):
        assert np.array_equal(a.scores, b.scores)
        assert np.array_equal(a.outcome_counts, b.outcome_counts)
    assert serial.to_dict() == parallel.to_dict()


def test_json_shape_is_the_stable_contract(asymmetric):
    result = tournament(asymmetric, ["tit-for-tat", "random"], turns=10, repetitions=2, seed=9)
    data = json.loads(json.dumps(result.to_dict()))
    assert len(data["matches"]) == 4
    first = data["matches"][0]
    assert first["strategies"] == {"US": "tit-for-tat", "China": "tit-for-tat"}
    assert set(first["scores"]) == {"US", "China"}
    assert data["seed"] == 9
    shares = sum(o["share"] for o in first["outcomes"])
    assert shares == pytest.approx(1.0)


def test_html_and_text_tables(pd):
    result = tournament(pd, ["tit-for-tat", "always-escalate"], turns=5)
    page = result._repr_html_()
    assert "<table>" in page and "tit-for-tat" in page
    rows = result.score_rows()
    assert rows[1] == ["tit-for-tat", "15, 15", "4, 9"]


def test_pool_errors(pd, asymmetric):
    with pytest.raises(StrategyError):
        tournament(pd, [], turns=5)
    with pytest.raises(StrategyError, match="twice"):
        tournament(pd, ["tit-for-tat", "tit-for-tat"], turns=5)
    with pytest.raises(StrategyError, match="exactly 2 moves"):
        tournament(asymmetric, ["zd-extort"], turns=5)


def test_parallel_runs_need_strategies_defined_at_module_level(pd):
    from negotiation.repeated import Strategy

    class Local(Strategy):
        name = "local"

        def choose(self, own, opponent, rng):
            return 0

    with pytest.raises(StrategyError, match="module level"):
        tournament(pd, [Local, "tit-for-tat"], turns=5, processes=2)
    assert tournament(pd, [Local, "tit-for-tat"], turns=5).match("local", "tit-for-tat")


def test_progress_falls_back_to_a_stderr_counter(capsys, monkeypatch):
    import importlib.util

    from negotiation.repeated._progress import Progress

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "tqdm" else real(name, *a)
    )
    bar = Progress(3, "tournament", enabled=True, delay=0.0)
    bar.update()
    bar.close()
    assert "tournament: 1/3 matches" in capsys.readouterr().err
    quiet = Progress(3, "tournament", enabled=True, delay=60.0)
    quiet.update()
    quiet.close()
    assert capsys.readouterr().err == ""  # short runs show nothing


def test_per_match_and_per_strategy_outcome_tables(pd):
    result = tournament(pd, ["tit-for-tat", "always-escalate"], turns=200)
    rows = result.match_rows()
    assert len(rows) == 1 + 4
    # TFT vs ALLD: (C, D) once then (D, D) 199 times -> 99.5% mutual defection
    assert rows[2][:4] == ["tit-for-tat", "always-escalate", "199", "204"]
    assert rows[2][-1] == "defect / defect (100%)"
    stats = {s.strategy: s for s in result.stats[0]}
    # ALLD's matches: vs TFT (D,C) 1/200 + (D,D) 199/200, vs itself (D,D): mean 399/400
    assert stats["always-escalate"].outcomes[0] == (("defect", "defect"), pytest.approx(399 / 400))
    assert stats["always-escalate"].top_outcome == "defect / defect (100%)"
    assert result.to_dict()["summary"]["Row"][0]["outcomes"][0]["moves"] == [
        "cooperate",
        "cooperate",
    ]
