"""The leverage bar chart: one bar per player per component, values as computed."""

from __future__ import annotations

from negotiation.game import Game
from negotiation.plot.leverage import leverage_components
from negotiation.workflows.bargain import leverage

PD = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=("US", "China"))


def test_components_and_values(render):
    # Binmore, Rubinstein & Wolinsky (1986): α_1 = r_2 / (r_1 + r_2) = 0.3 / 0.4 = 0.75
    lev = leverage(PD, discount_rates={"US": 0.1, "China": 0.3})
    ax = leverage_components(lev, PD)
    render(ax)
    assert [c.get_label() for c in ax.containers] == ["US", "China"]
    us, china = ax.containers
    assert round(us[0].get_height(), 9) == 0.75 and round(china[0].get_height(), 9) == 0.25
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0].startswith("bargaining power") and "US 0.1, China 0.3" in labels[0]
    assert any(label.startswith("outside option") for label in labels)
    # the PD's escalation equilibrium (D, D) pays 1 to each: (1 - 0) / (5 - 0) = 0.2
    outside = labels.index(next(x for x in labels if x.startswith("outside option")))
    assert round(us[outside].get_height(), 9) == 0.2


def test_without_game_no_outside_option(render):
    lev = leverage(PD)
    ax = leverage_components(lev)
    render(ax)
    assert not any(t.get_text().startswith("outside option") for t in ax.get_xticklabels())
