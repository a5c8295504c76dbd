"""Tree plots read cleanly (issue 13): on every tree in ``payoffs/trees/`` and the standoff,
drawn as notebooks 04 and 15 draw them — with and without an equilibrium highlighted — no
text overlaps another, none is cut by the figure (the checker of ``test_overlap.py``)."""

from __future__ import annotations

import pytest

from negotiation import plot
from tests.plot.layout import layout_defects
from tests.repo_paths import PAYOFFS

TREES = sorted(p.name for p in (PAYOFFS / "trees").glob("*.yaml"))


def _model(name: str):  # type: ignore[no-untyped-def]
    from negotiation.scenario.sequence import read_tree_model

    path = PAYOFFS / name if name == "us_china_sequence.yaml" else PAYOFFS / "trees" / name
    return read_tree_model(path)


def _clean(ax) -> None:  # type: ignore[no-untyped-def]
    defects = layout_defects(ax.figure)
    assert not defects, "\n".join(defects)


@pytest.mark.parametrize("name", [*TREES, "us_china_sequence.yaml"])
@pytest.mark.parametrize("highlight", [False, True])
def test_tree_plot_has_no_overlaps(name: str, highlight: bool) -> None:
    from negotiation.extensive.analysis import solve_tree

    tree = _model(name).tree
    eq = solve_tree(tree).equilibria[0] if highlight else None
    _clean(plot.tree_plot(tree, eq))


def test_the_checker_sees_a_crowded_tree() -> None:
    # the same tree squeezed into a small figure must be reported, or the test above proves nothing
    import matplotlib.pyplot as plt

    tree = _model("us_china_sequence.yaml").tree
    _, ax = plt.subplots(figsize=(3, 2))
    assert layout_defects(plot.tree_plot(tree, ax=ax).figure)
