"""Scenario figures: a cell's channel contributions add up to its payoffs; overview panels."""

from __future__ import annotations

import pytest

from negotiation.plot.scenario import cell_contributions, scenario_overview
from tests.repo_paths import PAYOFFS

scenario_module = pytest.importorskip("negotiation.scenario", reason="scenario model missing")


@pytest.fixture(scope="module")
def scenario():
    return scenario_module.read_scenario(PAYOFFS / "us_china_rare_earths.yaml")


def test_contributions_sum_to_the_payoff(scenario, render):
    cell = ("tariffs", "licensing")
    ax = cell_contributions(scenario.explain(cell))
    render(ax)
    us, china = ax.containers
    payoffs = scenario.game.payoff(cell)
    # the bars are effect × weight per channel; they must add up to the game's payoff
    assert sum(b.get_width() for b in us) == pytest.approx(float(payoffs[0]))
    assert sum(b.get_width() for b in china) == pytest.approx(float(payoffs[1]))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:-1] == list(scenario.channels) and labels[-1] == "payoff (sum)"


def test_overview(scenario, render):
    heat, deal = scenario_overview(scenario, title="default scenario")
    render(heat)
    assert heat.figure is deal.figure
    assert heat.figure.get_suptitle() == "default scenario"
    assert [t.get_text() for t in heat.get_yticklabels()] == list(scenario.game.moves[0])
    assert {line.get_gid() for line in deal.lines} >= {"nash", "rubinstein", "disagreement"}


def test_compared_panels_share_one_colour_scale():
    """Issue 15: 02 §9's panels had their own colour scales. Changing one payoff must not
    change the shade of any other cell in the comparison."""
    import numpy as np

    from negotiation.game import Game
    from negotiation.plot.scenario import scenario_comparison

    base = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"))
    bigger = Game.from_matrices([[3, 0], [9, 1]], [[3, 5], [0, 1]], players=("US", "China"))
    axs = scenario_comparison({"baseline": base, "variant": bigger})
    us_first = axs[0][0].collections[0].get_facecolors()
    us_second = axs[1][0].collections[0].get_facecolors()
    # cell order is row-major: (0,0), (0,1), (1,0), (1,1); only (1,0) changed for the US
    unchanged = [0, 1, 3]
    assert np.allclose(us_first[unchanged], us_second[unchanged])
    assert not np.allclose(us_first[2], us_second[2])
    assert axs[0][1].get_xlim() == axs[1][1].get_xlim()
