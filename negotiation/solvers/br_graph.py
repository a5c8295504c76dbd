"""The pure best-response graph: who escalates in answer to what.

Nodes are pure profiles. From each profile there is an edge for every player who is not
already best-responding, to the profile where she switches to a best response (one
edge per best response). Sinks are exactly the pure Nash equilibria; cycles are
"escalation spirals" with no pure resting point — the picture behind the best-response
dynamics of potential games (Monderer and Shapley 1996, "Potential games", *GEB* 14:
a finite potential game's improvement graph is acyclic) and of matching pennies, whose
graph is one 4-cycle.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.game import Game
from negotiation.numbers import format_number
from negotiation.solvers.pure import best_response_mask
from negotiation.solvers.scaling import as_json_float

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["BestResponseGraph", "best_response_graph"]


@dataclass(frozen=True)
class BestResponseGraph:
    """The graph (a :class:`networkx.DiGraph` over move-name profiles), its sinks and cycles.

    Each edge carries ``player`` (who switches), ``move`` (her new move) and ``gain``
    (her exact payoff increase).
    """

    game: Game
    graph: nx.DiGraph
    sinks: tuple[tuple[str, ...], ...]
    cycles: tuple[tuple[tuple[str, ...], ...], ...]
    cycles_truncated: bool

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "game": g.title,
            "players": list(g.players),
            "moves": {p: list(m) for p, m in zip(g.players, g.moves, strict=True)},
            "method": "br-graph",
            "edges": [
                {
                    "from": dict(zip(g.players, u, strict=True)),
                    "to": dict(zip(g.players, v, strict=True)),
                    "player": d["player"],
                    "gain": as_json_float(d["gain"]),
                }
                for u, v, d in self.graph.edges(data=True)
            ],
            "sinks": [dict(zip(g.players, s, strict=True)) for s in self.sinks],
            "cycles": [[dict(zip(g.players, s, strict=True)) for s in c] for c in self.cycles],
            "cycles_truncated": self.cycles_truncated,
        }

    def __str__(self) -> str:
        lines = [
            f"{self.graph.number_of_nodes()} profiles, {self.graph.number_of_edges()} best-response moves"
        ]
        for u, v, d in self.graph.edges(data=True):
            lines.append(
                f"  {' / '.join(u)} -> {' / '.join(v)}  ({d['player']} gains {format_number(d['gain'])})"
            )
        lines.append(
            "rest points (pure equilibria): "
            + ("; ".join(" / ".join(s) for s in self.sinks) or "none")
        )
        for c in self.cycles:
            lines.append("cycle: " + " -> ".join(" / ".join(s) for s in (*c, c[0])))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


def best_response_graph(game: Game, *, max_cycles: int = 100) -> BestResponseGraph:
    """Build the pure best-response graph with its sinks and (up to ``max_cycles``) cycles.

    Examples
    --------
    Matching pennies: no rest point, one cycle through all four profiles.

    >>> brg = best_response_graph(Game.zero_sum([[1, -1], [-1, 1]], moves=(("H", "T"), ("H", "T"))))
    >>> brg.sinks, len(brg.cycles), len(brg.cycles[0])
    ((), 1, 4)
    """
    import networkx as nx

    graph = nx.DiGraph()
    profiles = list(game.profiles())
    for p in profiles:
        graph.add_node(game.profile_names(p))
    for i in range(game.n_players):
        mask = best_response_mask(game, i)
        u = game.exact[i]
        for p in profiles:
            if mask[p]:
                continue
            for k in np.flatnonzero(
                np.moveaxis(mask, i, -1)[tuple(q for j, q in enumerate(p) if j != i)]
            ):
                q = list(p)
                q[i] = int(k)
                gain = Fraction(u[tuple(q)] - u[p])
                graph.add_edge(
                    game.profile_names(p),
                    game.profile_names(q),
                    player=game.players[i],
                    move=game.moves[i][int(k)],
                    gain=gain,
                )
    sinks = tuple(node for node in graph.nodes if graph.out_degree(node) == 0)
    cycles: list[tuple[tuple[str, ...], ...]] = []
    truncated = False
    for cycle in nx.simple_cycles(graph):
        if len(cycles) >= max_cycles:
            truncated = True
            break
        start = cycle.index(min(cycle))
        cycles.append(tuple(cycle[start:] + cycle[:start]))
    return BestResponseGraph(game, graph, sinks, tuple(sorted(cycles)), truncated)
