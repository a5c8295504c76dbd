"""Cross-check against the Axelrod library, when it is installed (it is not a test extra:
it pulls in torch and takes ~20 s to import)."""

from __future__ import annotations

import pytest

from negotiation.repeated import play_match
from tests.repeated.repeated_games import prisoners_dilemma

axl = pytest.importorskip("axelrod", reason="the Axelrod library is optional (benchmarks only)")

PAIRS = {
    "always-conciliate": "Cooperator",
    "always-escalate": "Defector",
    "tit-for-tat": "TitForTat",
    "suspicious-tit-for-tat": "SuspiciousTitForTat",
    "tit-for-two-tats": "TitFor2Tats",
    "two-tits-for-tat": "TwoTitsForTat",
    "grim-trigger": "Grudger",
    "win-stay-lose-shift": "WinStayLoseShift",
    "alternator": "Alternator",
}


@pytest.mark.parametrize("ours", sorted(PAIRS))
@pytest.mark.parametrize("opponent", sorted(PAIRS))
def test_deterministic_match_scores_equal_axelrods(ours, opponent):
    theirs = axl.Match((getattr(axl, PAIRS[ours])(), getattr(axl, PAIRS[opponent])()), turns=200)
    theirs.play()
    expected = theirs.final_score()
    got = play_match(prisoners_dilemma(), [ours, opponent], turns=200).mean_scores
    assert got == tuple(expected)


def test_ranking_medians_and_wins_equal_axelrods_result_set():
    import numpy as np

    from negotiation.repeated import tournament

    players = [getattr(axl, PAIRS[name])() for name in sorted(PAIRS)]
    theirs = axl.Tournament(players, turns=200, repetitions=3, seed=0).play(progress_bar=False)
    ours = tournament(prisoners_dilemma(), sorted(PAIRS), turns=200, repetitions=3, seed=0)
    by_name = {PAIRS[n]: n for n in PAIRS}
    names = [type(p).__name__ for p in players]
    assert ours.ranking == [
        by_name[names[[p.name for p in players].index(n)]] for n in theirs.ranked_names
    ]
    stats = {s.strategy: s for s in ours.stats[0]}
    for k, name in enumerate(sorted(PAIRS)):
        assert stats[name].median_per_turn == pytest.approx(np.median(theirs.normalised_scores[k]))
        assert stats[name].wins == pytest.approx(np.mean(theirs.wins[k]))
