"""The timeline figure and the 2010 back-test (its table is the README's)."""

from __future__ import annotations

import pytest

from negotiation.dynamics import TimelineModel, timeline
from negotiation.dynamics.backtest import OBSERVATIONS, backtest_rows, backtest_table
from tests.repo_paths import ROOT


def test_timeline_plot_draws_each_policy(us_model: TimelineModel) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from negotiation.plot import timeline_plot

    runs = [
        timeline(us_model, years=8, policy=p, months=6) for p in ("none", "temporary", "sustained")
    ]
    fig, ax = plt.subplots()
    assert timeline_plot(runs, ax=ax) is ax
    assert len(ax.lines) == 6
    labels = [line.get_label() for line in ax.lines]
    assert "US dependence — temporary 6 months" in labels
    assert "China bargaining power — sustained" in labels
    plt.close(fig)


def test_backtest_runs_and_is_not_fitted(japan_model: TimelineModel) -> None:
    # the observations are never read by the model: changing them changes no prediction
    rows = backtest_rows(japan_model)
    assert [r["year"] for r in rows] == [2012, 2015, 2020, 2024, 2025]
    assert {o.year for o in OBSERVATIONS} <= {r["year"] for r in rows}
    text = japan_model.spec.doc.text if japan_model.spec.doc else ""
    for obs in OBSERVATIONS:
        assert obs.text not in text
    # two months of embargo leave Japan less dependent than it started, never more
    assert all(r["processing"] < 0.9 for r in rows)


def test_readme_shows_the_backtest_table(japan_model: TimelineModel) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = backtest_table(japan_model)
    assert table in readme, "README's back-test table is stale: paste backtest_table() output"
