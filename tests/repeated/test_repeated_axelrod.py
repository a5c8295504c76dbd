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
