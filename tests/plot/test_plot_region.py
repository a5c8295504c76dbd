"""The feasible-region figure: polygon, frontier, IR part, named points."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.geometry import clip_box
from negotiation.plot.region import payoff_region

# Prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1), Axelrod (1984). Minmax (1, 1);
# feasible set = hull of (3,3), (0,5), (5,0), (1,1) (Osborne & Rubinstein 1994, Fig. 146.1).
PD = Game.from_matrices(
    [[3, 0], [5, 1]],
    [[3, 5], [0, 1]],
    players=("US", "China"),
    moves=(("conciliate", "escalate"), ("conciliate", "escalate")),
)


def _gids(ax):
    return [a.get_gid() for a in [*ax.collections, *ax.patches, *ax.lines] if a.get_gid()]


def test_all_layers(render):
    ax = payoff_region(
        PD,
        minmax=(1, 1),
        disagreement={"US": 1, "China": 1},
        nash=(2.5, 2.5),
        rubinstein=(2.8, 2.2),
        spe=[(1, 1), (4, 1), (1, 4)],
        points={"package": (3, 2.5)},
    )
    render(ax)
    assert sorted(_gids(ax)) == sorted(
        [
            "feasible",
            "frontier",
            "individually-rational",
            "spe",
            "disagreement",
            "nash",
            "rubinstein",
            "point",
        ]
    )
    feasible = next(p for p in ax.patches if p.get_gid() == "feasible")
    corners = {tuple(v) for v in np.round(feasible.get_xy(), 9)}
    assert corners >= {(3, 3), (0, 5), (5, 0), (1, 1)}
    frontier = next(line for line in ax.lines if line.get_gid() == "frontier")
    assert list(zip(frontier.get_xdata(), frontier.get_ydata(), strict=True)) == [
        (0, 5),
        (3, 3),
        (5, 0),
    ]
    assert ax.get_xlabel() == "US's payoff" and ax.get_ylabel() == "China's payoff"


def test_collapsed_spe_is_a_point(render):
    ax = payoff_region(PD, spe=[(1, 1)], label_cells=4)
    render(ax)
    assert "spe" in _gids(ax)
    # every one of the 4 cells is named
    assert len(ax.texts) == 4


def test_individually_rational_clip():
    # by hand: edge (5,0)-(3,3) meets u2 = 1 at (13/3, 1); edge (3,3)-(0,5) meets u1 = 1 at
    # (1, 13/3); so the IR part is the quadrilateral (1,1), (13/3,1), (3,3), (1,13/3).
    hull = [(1.0, 1.0), (5.0, 0.0), (3.0, 3.0), (0.0, 5.0)]
    clipped = {(round(x, 9), round(y, 9)) for x, y in clip_box(hull, (1.0, 1.0))}
    assert clipped == {(1, 1), (round(13 / 3, 9), 1), (3, 3), (1, round(13 / 3, 9))}


def test_bad_point():
    with pytest.raises(GameError, match="payoff pair"):
        payoff_region(PD, nash=5)
    with pytest.raises(GameError, match="no payoff for"):
        payoff_region(PD, nash={"US": 1})


def test_win_set_floors(render):
    ax = payoff_region(PD, floors={"US": 2, "China": 2.5})
    render(ax)
    floors = [line for line in ax.lines if line.get_gid() == "floor"]
    assert [line.get_label() for line in floors] == ["US's win-set floor", "China's win-set floor"]


def test_linkage_plot(render):
    from negotiation.bargaining.linkage import issue_linkage
    from negotiation.plot.region import linkage_plot

    # Raiffa (1982) ch. 10 logrolling: each side values most the issue the other values
    # least; issue by issue with equal power each gets half of each issue: (2, 2); the
    # package gives each its priority issue: (3, 3).
    result = issue_linkage(
        {"a": {"US": 3, "China": 1}, "b": {"US": 1, "China": 3}}, ("US", "China")
    )
    ax = linkage_plot(result)
    render(ax)
    (sep,) = [line for line in ax.lines if line.get_gid() == "separate"]
    (pkg,) = [line for line in ax.lines if line.get_gid() == "package"]
    assert (sep.get_xdata()[0], sep.get_ydata()[0]) == (2, 2)
    assert (pkg.get_xdata()[0], pkg.get_ydata()[0]) == (3, 3)
    assert "US" in ax.get_xlabel() and "China" in ax.get_ylabel()


def test_bargaining_plot_with_win_sets(render):
    from negotiation.plot.region import bargaining_plot
    from negotiation.workflows.bargain import bargain

    # PD (3, 0, 5, 1), disagreement (1, 1) at the escalation equilibrium, equal patience:
    # the symmetric Nash deal is (3, 3) (Nash 1950). A US floor of 3.5 binds: the deal
    # within the win-sets slides along the frontier (3,3)-(5,0) to u_US = 3.5, i.e.
    # u_China = 3 - 1.5 * 0.5 = 2.25.
    analysis = bargain(PD, floors={"US": 3.5, "China": 1})
    ax = bargaining_plot(analysis, PD)
    render(ax)
    (point,) = [line for line in ax.lines if line.get_gid() == "point"]
    assert point.get_label() == "deal within the win-sets"
    assert (point.get_xdata()[0], point.get_ydata()[0]) == pytest.approx((3.5, 2.25))
    (nash,) = [line for line in ax.lines if line.get_gid() == "nash"]
    assert (nash.get_xdata()[0], nash.get_ydata()[0]) == (3, 3)


def test_bargaining_plot_finds_the_game_in_the_analysis():
    from negotiation.bargaining import bargain
    from negotiation.plot.region import bargaining_plot

    # same PD as above: the symmetric Nash deal is (3, 3) (Nash 1950)
    ax = bargaining_plot(bargain(PD))
    (nash,) = [line for line in ax.lines if line.get_gid() == "nash"]
    assert (nash.get_xdata()[0], nash.get_ydata()[0]) == (3, 3)
