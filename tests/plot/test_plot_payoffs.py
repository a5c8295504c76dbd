"""The payoff heatmap: labels, one star per pure equilibrium, bars for mixed ones."""

from __future__ import annotations

import pytest

from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.plot.payoffs import MIXED_GID, PURE_GID, payoff_heatmap

# Chicken as in Osborne (2004), *An Introduction to Game Theory*, Fig. 17.1 layout:
# two pure equilibria (one swerves, the other does not) and one mixed.
CHICKEN = Game.from_matrices(
    [[0, -1], [1, -10]],
    [[0, 1], [-1, -10]],
    players=("US", "China"),
    moves=(("swerve", "straight"), ("swerve", "straight")),
    title="Chicken",
)


def _stars(ax):
    return [line for line in ax.lines if line.get_gid() == PURE_GID]


def test_labels_and_pure_markers(render):
    ax = payoff_heatmap(CHICKEN, equilibria=[("swerve", "straight"), ("straight", "swerve")])
    render(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["swerve", "straight"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["swerve", "straight"]
    assert "US" in ax.get_ylabel() and "China" in ax.get_xlabel()
    stars = _stars(ax)
    assert len(stars) == 2
    # star (x, y) = (column, row) of each equilibrium cell
    assert sorted((s.get_xdata()[0], s.get_ydata()[0]) for s in stars) == [(0, 1), (1, 0)]
    # every payoff is printed: 2 numbers per cell
    texts = [t.get_text() for t in ax.texts]
    assert sorted(texts) == sorted(["0", "0", "-1", "1", "1", "-1", "-10", "-10"])


def test_mixed_equilibrium_drawn_as_bars(render):
    # Chicken's mixed equilibrium: each swerves with probability 9/10 (indifference:
    # 0p - 1(1-p) = p - 10(1-p)  =>  p = 9/10).
    ax = payoff_heatmap(CHICKEN, equilibria=[([0.9, 0.1], [0.9, 0.1])])
    render(ax)
    assert _stars(ax) == []
    bars = [
        patch for child in ax.child_axes for patch in child.patches if patch.get_gid() == MIXED_GID
    ]
    widths = sorted(round(b.get_width(), 6) for b in bars if b.get_width() != pytest.approx(0.8))
    # right-hand bars carry the row player's probabilities as widths
    assert 0.9 in widths and 0.1 in widths
    assert "1 mixed" in ax.get_title()


def test_no_equilibria_and_given_axes(render):
    import matplotlib.pyplot as plt

    _fig, (_left, right) = plt.subplots(1, 2)
    out = payoff_heatmap(CHICKEN, equilibria=None, ax=right, colorbar=False, title="Bare")
    assert out is right
    assert out.get_title() == "Bare"
    assert _stars(out) == []
    render(out)


def test_three_players_rejected():
    game = Game(["A", "B", "C"], [["x"], ["y"], ["z"]], [[[[1]]], [[[2]]], [[[3]]]])
    with pytest.raises(GameError, match="two-player"):
        payoff_heatmap(game, equilibria=None)


def test_bad_equilibrium_is_a_game_error():
    with pytest.raises(GameError, match="unknown move"):
        payoff_heatmap(CHICKEN, equilibria=[("swerve", "dive")])
    with pytest.raises(GameError, match="sum to 1"):
        payoff_heatmap(CHICKEN, equilibria=[([0.5, 0.6], [1, 0])])


def test_elimination_heatmap(render):
    from negotiation.plot.payoffs import elimination_heatmap
    from negotiation.solvers import iterated_dominance

    # Checked by hand: 'bottom' (1, 1) is dominated by no pure move but by the
    # mixture 1/2 top + 1/2 middle (1.5 > 1 against both columns).
    game = Game.from_matrices(
        [[3, 0], [0, 3], [1, 1]],
        [[1, 0], [0, 1], [2, 2]],
        moves=(("top", "middle", "bottom"), ("left", "right")),
    )
    ax = elimination_heatmap(iterated_dominance(game))
    render(ax)
    veils = [p for p in ax.patches if p.get_gid() == "eliminated"]
    assert len(veils) == 1
    # the veil covers row 2 (bottom) across both columns
    assert veils[0].get_xy() == (-0.5, 1.5) and veils[0].get_width() == 2
    # the title wraps at word boundaries; its words are the survivors
    assert "survivors: Row: top, middle; Column: left, right" in " ".join(ax.get_title().split())


def test_correlated_distribution_overlay(render):
    from negotiation.solvers import correlated_equilibrium

    # Aumann's (1974) Chicken, payoffs (6,6), (2,7), (7,2), (0,0). Its welfare-maximising
    # correlated equilibrium draws (C,C) w.p. 1/2 and (C,D), (D,C) w.p. 1/4 each (checked by
    # hand: told C, a player expects 14/3 from C and from D; told D, 7 > 6), so 3 discs.
    aumann = Game.from_matrices([[6, 2], [7, 0]], [[6, 7], [2, 0]], moves=(("C", "D"), ("C", "D")))
    ce = correlated_equilibrium(aumann)
    ax = payoff_heatmap(aumann, equilibria=None, distribution=ce)
    render(ax)
    discs = [c for c in ax.collections if c.get_gid() == "distribution"]
    assert len(discs) == 3
    assert sorted(t.get_text() for t in ax.texts if "/" in t.get_text()) == ["1/2", "1/4", "1/4"]
    mapping = payoff_heatmap(aumann, None, distribution={("C", "C"): 0.5, ("D", "C"): 0.5})
    assert len([c for c in mapping.collections if c.get_gid() == "distribution"]) == 2


def test_auto_marks_every_equilibrium_of_chicken(render):
    # Chicken has exactly two pure equilibria and one mixed (Osborne 2004, §4.4):
    # each swerves with probability 9/10 with these payoffs.
    ax = payoff_heatmap(CHICKEN)
    render(ax)
    assert len(_stars(ax)) == 2
    right = ax.child_axes[0]
    widths = sorted(round(p.get_width(), 9) for p in right.patches if p.get_gid() == MIXED_GID)
    assert widths == [0.1, 0.9]


@pytest.mark.parametrize(
    "a, b",
    [
        ([[1, 2, 3]], [[3, 2, 1]]),  # one row
        ([[1]], [[1]]),  # one cell
        ([[0, 0], [0, 0]], [[0, 0], [0, 0]]),  # all ties: every profile is an equilibrium
    ],
)
def test_degenerate_shapes_render(a, b, render):
    game = Game.from_matrices(a, b)
    ax = payoff_heatmap(game)
    render(ax)
    assert len(ax.get_yticklabels()) == len(a) and len(ax.get_xticklabels()) == len(a[0])


def test_stars_are_the_pure_equilibria_of_random_games():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from negotiation.solvers import pure_equilibria

    cells = st.integers(-3, 3)

    @settings(max_examples=15, deadline=None)
    @given(st.integers(1, 3), st.integers(1, 3), st.data())
    def check(m, n, data):
        import matplotlib.pyplot as plt

        a = data.draw(st.lists(st.lists(cells, min_size=n, max_size=n), min_size=m, max_size=m))
        b = data.draw(st.lists(st.lists(cells, min_size=n, max_size=n), min_size=m, max_size=m))
        game = Game.from_matrices(a, b)
        pure = {game.profile_index(e.support(0) + e.support(1)) for e in pure_equilibria(game)}
        ax = payoff_heatmap(game, equilibria=[game.profile_names(p) for p in pure], colorbar=False)
        stars = {(int(s.get_ydata()[0]), int(s.get_xdata()[0])) for s in _stars(ax)}
        plt.close(ax.figure)
        assert stars == pure

    check()


def test_components_are_lettered(render):
    # Entry deterrence in normal form (Selten 1975; Osborne 2004, §5.5): (in, accommodate)
    # is an isolated equilibrium; (out, fight with probability >= 1/2) is a segment whose
    # extreme points are (out, fight) and (out, 1/2 fight + 1/2 accommodate).
    entry = Game.from_matrices(
        [[0, 0], [-1, 1]],
        [[2, 2], [-1, 1]],
        players=("Entrant", "Incumbent"),
        moves=(("out", "in"), ("fight", "accommodate")),
    )
    ax = payoff_heatmap(entry)
    render(ax)
    letters = {
        (round(t.xy[1]), round(t.xy[0])): t.get_text()
        for t in ax.texts
        if t.get_gid() == "component"
    }
    # (out, fight) and (in, accommodate) are in different components
    assert set(letters) == {(0, 0), (1, 1)} and letters[(0, 0)] != letters[(1, 1)]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"mixed equilibrium 1 (component {letters[(0, 0)]})" in legend
    assert "2 components" in ax.get_title()
    # a list of profiles carries no components: no letters
    plain = payoff_heatmap(entry, equilibria=[("out", "fight"), ("in", "accommodate")])
    assert not [t for t in plain.texts if t.get_gid() == "component"]
