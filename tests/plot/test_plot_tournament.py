"""Tournament figures: the score matrix and the outcome bars show the run's numbers."""

from __future__ import annotations

import pytest

from negotiation.game import Game
from negotiation.plot.tournament import outcome_frequencies, score_heatmap

repeated = pytest.importorskip("negotiation.repeated", reason="repeated play not installed")

PD = Game.from_matrices(
    [[3, 0], [5, 1]],
    [[3, 5], [0, 1]],
    players=("US", "China"),
    moves=(("conciliate", "escalate"), ("conciliate", "escalate")),
)


@pytest.fixture(scope="module")
def result():
    # 200-turn PD, (R, S, T, P) = (3, 0, 5, 1): tit-for-tat vs always-defect scores
    # (199, 204) (Axelrod 1984; the Axelrod library's test suite).
    return repeated.tournament(PD, ["tit-for-tat", "always-escalate"], turns=200, seed=0)


def test_score_heatmap_shows_totals(result, render):
    ax = score_heatmap(result, per_turn=False)
    render(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["tit-for-tat", "always-escalate"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["tit-for-tat", "always-escalate"]
    texts = [t.get_text() for t in ax.texts]
    assert "199" in texts and "204" in texts
    assert "200 turns" in ax.get_title()


def test_outcome_frequencies(result, render):
    ax = outcome_frequencies(result, [("tit-for-tat", "always-escalate")])
    render(ax)
    bars = [p for p in ax.patches if p.get_gid() == "outcome"]
    # TFT conciliates once, then mirrors: 1 turn of (conciliate, escalate), 199 of mutual
    # escalation (Axelrod 1984)
    widths = sorted(round(b.get_width(), 6) for b in bars)
    assert widths == [0.005, 0.995]
    labels = ax.get_legend_handles_labels()[1]
    assert "US: escalate / China: escalate" in labels


def test_meta_game_equilibria(result, render):
    # 200-turn PD: TFT vs TFT scores 3 per turn each, ALLD vs TFT 204/200 = 1.02, so neither
    # gains by switching from TFT: (TFT, TFT) is an equilibrium of the meta-game; so is
    # (ALLD, ALLD): TFT against ALLD gets 199/200 < 1 (Axelrod 1984, ch. 3).
    ax = score_heatmap(result, equilibria=True)
    render(ax)
    stars = {
        (int(s.get_ydata()[0]), int(s.get_xdata()[0]))
        for s in ax.lines
        if s.get_gid() == "pure-equilibrium"
    }
    assert stars == {(0, 0), (1, 1)}
