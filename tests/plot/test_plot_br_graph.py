"""The best-response graph figure: one arrow per edge, coloured by player; sinks starred."""

from __future__ import annotations

import networkx as nx
import pytest

from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.plot.br_graph import SINK_GID, best_response_graph

# Matching pennies (von Neumann & Morgenstern 1944; Osborne 2004 §2.8): every cell has a
# profitable switch, and the four switches form one cycle.
PENNIES = Game.zero_sum(
    [[1, -1], [-1, 1]], players=("Row", "Column"), moves=(("heads", "tails"), ("heads", "tails"))
)
PENNIES_GRAPH = nx.DiGraph(
    [
        ((0, 1), (0, 0), {"player": 0}),
        ((1, 0), (1, 1), {"player": 0}),
        ((0, 0), (1, 0), {"player": 1}),
        ((1, 1), (0, 1), {"player": 1}),
    ]
)
# Prisoner's dilemma (Axelrod 1984): both switches lead to (defect, defect), the one sink.
PD = Game.from_matrices(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], moves=(("cooperate", "defect"), ("cooperate", "defect"))
)
PD_GRAPH = nx.DiGraph(
    [
        (("cooperate", "cooperate"), ("defect", "cooperate"), {"player": "Row"}),
        (("cooperate", "cooperate"), ("cooperate", "defect"), {"player": "Column"}),
        (("defect", "cooperate"), ("defect", "defect"), {"player": "Column"}),
        (("cooperate", "defect"), ("defect", "defect"), {"player": "Row"}),
    ]
)


def test_cycle_has_no_sink(render):
    ax = best_response_graph(PENNIES, PENNIES_GRAPH)
    render(ax)
    assert sorted(p.get_gid() for p in ax.patches) == ["br-0", "br-0", "br-1", "br-1"]
    assert [line for line in ax.lines if line.get_gid() == SINK_GID] == []
    assert [t.get_text() for t in ax.get_xticklabels()] == ["heads", "tails"]


def test_named_nodes_and_sink(render):
    ax = best_response_graph(PD, PD_GRAPH, title="PD")
    render(ax)
    sinks = [line for line in ax.lines if line.get_gid() == SINK_GID]
    assert [(s.get_xdata()[0], s.get_ydata()[0]) for s in sinks] == [(1, 1)]
    assert ax.get_title() == "PD"
    assert ax.get_ylabel() == "Row" and ax.get_xlabel() == "Column"


def test_node_outside_the_game_is_an_error():
    with pytest.raises(GameError):
        best_response_graph(PD, nx.DiGraph([(("cooperate", "wait"), ("defect", "defect"))]))


def test_computed_by_the_solver(render):
    from negotiation.solvers.br_graph import best_response_graph as solve_graph

    # the solver's graph, passed as its result object or computed when graph is None
    for graph in (solve_graph(PENNIES), None):
        ax = best_response_graph(PENNIES, graph)
        render(ax)
        assert len(ax.patches) == 4
        assert [line for line in ax.lines if line.get_gid() == SINK_GID] == []
    ax = best_response_graph(PD)
    sinks = [line for line in ax.lines if line.get_gid() == SINK_GID]
    assert [(s.get_xdata()[0], s.get_ydata()[0]) for s in sinks] == [(1, 1)]
