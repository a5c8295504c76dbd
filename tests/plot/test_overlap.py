"""Every public plot, drawn on the shipped files, reads cleanly: no text overlaps other
text, no text is cut by the figure or its axes, no legend hides data (issue 15).

The figures are built the way the notebooks build them (same files, same arguments), so
a defect a reader would meet in a notebook fails here first. The checker itself is
shown to fail on figures broken on purpose.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from negotiation import plot
from tests.plot.layout import layout_defects
from tests.repo_paths import PAYOFFS

SHIPPED_GAMES = sorted(
    p.stem
    for p in PAYOFFS.glob("*.yaml")
    # a timeline spec (``dynamics: 1``) and a game tree (``kind: tree``) are not matrices
    if not re.search(r"^(dynamics:|kind: tree)", p.read_text(encoding="utf-8"), re.MULTILINE)
)
TWO_BY_TWO = ["prisoners_dilemma", "chicken", "stag_hunt", "battle_of_the_sexes"]


def _game(stem):
    from negotiation.workflows.load import read_game  # any file's game, scenarios included

    return read_game(PAYOFFS / f"{stem}.yaml")


@pytest.fixture(scope="module")
def scenario():
    from negotiation.scenario import read_scenario

    return read_scenario(PAYOFFS / "us_china_rare_earths.yaml")


@pytest.fixture(scope="module")
def noisy():
    from negotiation.repeated import tournament

    return tournament(
        _game("prisoners_dilemma"),
        ["tit-for-tat", "always-escalate", "grim-trigger", "generous-tit-for-tat",
         "win-stay-lose-shift", "always-conciliate"],
        turns=40, repetitions=2, noise=0.05, seed=3,
    )  # fmt: skip


def _clean(ax_or_axes):
    axes = ax_or_axes if isinstance(ax_or_axes, (list, tuple)) else [ax_or_axes]
    figure = axes[0].figure
    defects = layout_defects(figure)
    assert not defects, "\n".join(defects)


# ------------------------------------------------------------------ every shipped game
@pytest.mark.parametrize("stem", SHIPPED_GAMES)
def test_payoff_heatmap(stem):
    from negotiation.solvers import enumerate_equilibria

    game = _game(stem)
    _clean(plot.payoff_heatmap(game, enumerate_equilibria(game)))


@pytest.mark.parametrize("stem", SHIPPED_GAMES)
def test_best_response_graph(stem):
    _clean(plot.best_response_graph(_game(stem)))


@pytest.mark.parametrize("stem", SHIPPED_GAMES)
def test_elimination_heatmap(stem):
    from negotiation.solvers import iterated_dominance

    _clean(plot.elimination_heatmap(iterated_dominance(_game(stem))))


@pytest.mark.parametrize("stem", SHIPPED_GAMES)
def test_payoff_region(stem):
    from negotiation.repeated.folk import minmax

    game = _game(stem)
    low = minmax(game)
    _clean(plot.payoff_region(game, minmax=(low[0].mixed, low[1].mixed)))


@pytest.mark.parametrize("stem", SHIPPED_GAMES)
def test_bargaining_plot(stem):
    from negotiation.bargaining import bargain

    game = _game(stem)
    _clean(plot.bargaining_plot(bargain(game), game))


# ------------------------------------------------------------ the notebooks' figures
def test_spe_panels_of_notebook_12():
    import matplotlib.pyplot as plt

    from negotiation.repeated.folk import minmax
    from negotiation.repeated.spe import spe_payoff_set

    pd = _game("prisoners_dilemma")
    low = minmax(pd)
    _, panels = plt.subplots(1, 3, figsize=(16, 4.8), layout="constrained")
    for ax, delta in zip(panels, [0.2, 0.3, 0.6], strict=True):
        spe = spe_payoff_set(pd, delta)
        plot.payoff_region(
            pd, minmax=(low[0].mixed, low[1].mixed), spe=spe.rounded(9), label_cells=False,
            ax=ax, title=f"δ = {delta}: SPE set is a {spe.kind}",
        )  # fmt: skip
    _clean(list(panels))


def test_scenario_figures(scenario):
    from negotiation.repeated.folk import minmax
    from negotiation.workflows.bargain import bargain, leverage

    game = scenario.game
    deal = bargain(scenario)
    low = minmax(game)
    _clean(plot.bargaining_plot(deal, game))
    _clean(plot.bargaining_plot(deal, game, minmax=(low[0].mixed, low[1].mixed), label_cells=False))
    _clean(plot.linkage_plot(deal.linkage))
    _clean(plot.leverage_components(leverage(scenario), game))
    _clean(plot.cell_contributions(scenario.explain(("tariffs", "licensing"))))
    _clean(list(plot.scenario_overview(scenario, title="baseline")))


def test_two_scenarios_side_by_side(scenario):
    from negotiation.scenario import read_scenario

    other = read_scenario(
        PAYOFFS / "us_china_rare_earths.yaml",
        overrides={"pressures.US.alternative_supply": 0.5, "pressures.US.magnet_share": 0.7},
    )
    axs = plot.scenario_comparison({"baseline": scenario, "diversified": other})
    _clean(list(axs.ravel()))


def test_tournament_figures(noisy, scenario):
    from negotiation.repeated import tournament
    from negotiation.repeated.evolution import moran_process, replicator_dynamics

    _clean(plot.score_heatmap(noisy))
    _clean(plot.score_heatmap(noisy, equilibria=True))
    _clean(plot.outcome_frequencies(noisy, [("tit-for-tat", "tit-for-tat"),
                                            ("generous-tit-for-tat", "generous-tit-for-tat"),
                                            ("tit-for-tat", "always-escalate")]))  # fmt: skip
    _clean(plot.replicator_plot(replicator_dynamics(noisy, single_population=True, t_max=10)))
    _clean(plot.moran_plot(moran_process(noisy, [4] * 6, seed=1)))
    war = tournament(
        scenario.game,
        ["tit-for-tat", "always-escalate", "always-conciliate", "graduated-escalation",
         "limited-punishment"],
        turns=20, repetitions=1, noise=0.02, seed=7,
    )  # fmt: skip
    _clean(plot.score_heatmap(war))


def test_replicator_of_a_game():
    from negotiation.repeated.evolution import replicator_dynamics

    game = _game("rock_paper_scissors")
    _clean(plot.replicator_plot(replicator_dynamics(game, t_max=5)))


def test_region_with_points_and_an_outside_option():
    from negotiation.bargaining.nash import nash_bargaining
    from negotiation.game import Game

    prize = Game.from_matrices(
        [[1, 0], [0, 0]], [[0, 0], [0, 1]], players=("Ann", "Bob"), title="Split a prize"
    )
    outside = nash_bargaining(prize, disagreement=(Fraction(2, 5), 0))
    _clean(
        plot.payoff_region(
            prize,
            disagreement=(0.4, 0),
            nash=outside,
            label_cells=4,
            title="Ann's outside option moves the deal",
        )
    )


# --------------------------------------------------------- the checker catches defects
def test_the_checker_finds_overlapping_text():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.text(0.5, 0.5, "Pareto frontier")
    ax.text(0.52, 0.5, "individually rational")
    defects = layout_defects(fig)
    assert any("overlaps" in d and "Pareto frontier" in d for d in defects)


def test_the_checker_finds_clipped_text_and_a_legend_over_data():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [1, 1], label="a line along the top")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper center")
    ax.text(0.95, 0.2, "runs off the figure's right edge", transform=ax.transAxes)
    ax.text(0.9, 0.5, "clipped by the axes", clip_on=True)
    defects = layout_defects(fig)
    assert any("figure's edge" in d for d in defects)
    assert any("clipped to" in d for d in defects)
    assert any("legend hides" in d for d in defects)


def test_the_checker_passes_a_clean_figure():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.plot([0, 1], [0, 1], label="rising")
    ax.legend(loc="lower right")
    ax.set_title("clean")
    assert layout_defects(fig) == []
