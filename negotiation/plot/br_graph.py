"""The pure best-response graph: who escalates in answer to what.

Each pure profile (cell of the payoff matrix) is a node, placed where the cell sits in
the matrix. An arrow leaves a cell when one player can do strictly better by switching
to a best response against the other's move, and points to the cell that switch leads
to: blue arrows (vertical) are the row player's moves, vermillion arrows (horizontal)
the column player's. Cells no arrow leaves are the pure Nash equilibria (drawn as
stars); a closed loop of arrows is a best-response cycle — play that chases its tail,
as in matching pennies, and a sign that only mixed equilibria exist there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.errors import GameError
from negotiation.game import Game
from negotiation.plot._solve import br_graph
from negotiation.plot._style import axes, inches_below, player_colour, wrap, wrap_all

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from matplotlib.axes import Axes

__all__ = ["best_response_graph"]

#: ``gid`` of the markers on sink cells (pure equilibria).
SINK_GID = "pure-equilibrium"


def best_response_graph(
    game: Game,
    graph: nx.DiGraph | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    label_width: int = 16,
) -> Axes:
    """Draw the pure best-response graph of a two-player game on the payoff-matrix grid.

    Parameters
    ----------
    game
        A two-player :class:`~negotiation.game.Game`.
    graph
        The graph to draw: a :class:`~negotiation.solvers.br_graph.BestResponseGraph`,
        or a :class:`networkx.DiGraph` whose nodes are pure profiles (tuples of move
        indices, or of move names) and whose edges carry the deviating player in a
        ``player`` attribute (index or name). When None it is computed by
        :func:`negotiation.solvers.br_graph.best_response_graph`.
    ax
        Axes to draw on; a new figure when None.
    title
        Figure title; a default naming the game when None.
    label_width
        Move names longer than this wrap onto several lines.

    Returns
    -------
    matplotlib.axes.Axes
        Arrows are :class:`~matplotlib.patches.FancyArrowPatch` objects in ``ax.patches``
        with ``gid`` ``"br-<player>"``; each sink carries ``gid="pure-equilibrium"``.

    Examples
    --------
    Matching pennies has no sink: its four arrows form one cycle.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import networkx as nx
    >>> from negotiation.game import Game
    >>> mp = Game.zero_sum([[1, -1], [-1, 1]], moves=(("H", "T"), ("H", "T")))
    >>> g = nx.DiGraph()
    >>> g.add_edges_from([((0, 1), (0, 0), {"player": 0}), ((1, 0), (1, 1), {"player": 0}),
    ...                   ((0, 0), (1, 0), {"player": 1}), ((1, 1), (0, 1), {"player": 1})])
    >>> ax = best_response_graph(mp, g)
    >>> sorted(p.get_gid() for p in ax.patches)
    ['br-0', 'br-0', 'br-1', 'br-1']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    if game.n_players != 2:
        raise GameError(
            f"the best-response graph is drawn for two-player games; this one has "
            f"{game.n_players} players"
        )
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    if graph is None:
        graph = br_graph(game)
    elif not hasattr(graph, "edges") and hasattr(graph, "graph"):
        graph = graph.graph  # a BestResponseGraph result: draw its DiGraph
    m, n = game.shape
    ax = axes(ax, figsize=(min(max(2.2 + 1.6 * n, 5.0), 14.0), min(max(1.6 + 1.2 * m, 3.5), 11.0)))
    index = {_node(game, v): v for v in graph.nodes}
    edges = []
    for u, v, data in graph.edges(data=True):
        a, b = _node(game, u), _node(game, v)
        player = data.get("player")
        if player is None:  # infer: the player whose move changed
            player = 0 if a[1] == b[1] else 1
        edges.append((a, b, game.player_index(player)))

    # faint grid of the matrix, so the picture reads like the bimatrix
    for r in range(m + 1):
        ax.axhline(r - 0.5, color="0.9", lw=1, zorder=0)
    for c in range(n + 1):
        ax.axvline(c - 0.5, color="0.9", lw=1, zorder=0)
    for a, b, i in edges:
        (ra, ca), (rb, cb) = a, b
        distance = abs(ra - rb) + abs(ca - cb)
        rad = 0.0 if distance == 1 else 0.25 * _bow(ra, ca, rb, cb, m, n)
        ax.add_patch(
            FancyArrowPatch(
                (ca, ra),
                (cb, rb),
                arrowstyle="-|>",
                mutation_scale=16,
                lw=1.8,
                color=player_colour(i),
                shrinkA=11,
                shrinkB=11,
                zorder=3,
                gid=f"br-{i}",
                # arrows that jump over cells bend, so they do not hide each other
                connectionstyle=f"arc3,rad={rad}",
            )
        )
    out_degree = {cell: 0 for cell in index} | {(r, c): 0 for r in range(m) for c in range(n)}
    for a, _, _ in edges:
        out_degree[a] += 1
    sinks = sorted(cell for cell, d in out_degree.items() if d == 0)
    others = [cell for cell in out_degree if cell not in sinks]
    ax.scatter([c for _, c in others], [r for r, _ in others], s=90, color="0.55", zorder=4)
    for r, c in sinks:
        ax.plot(
            [c],
            [r],
            marker="*",
            markersize=22,
            color="black",
            markeredgecolor="white",
            linestyle="none",
            zorder=5,
            gid=SINK_GID,
        )

    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(m - 0.5, -0.5)
    ax.set_xticks(range(n), wrap_all(game.moves[1], label_width))
    ax.set_yticks(range(m), wrap_all(game.moves[0], label_width))
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(game.players[1])
    ax.set_ylabel(game.players[0])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [
        Line2D([], [], color=player_colour(0), lw=2, label=f"{game.players[0]} switches"),
        Line2D([], [], color=player_colour(1), lw=2, label=f"{game.players[1]} switches"),
        Line2D(
            [],
            [],
            marker="*",
            color="black",
            markersize=12,
            linestyle="none",
            label="no one switches (pure equilibrium)",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        bbox_transform=inches_below(ax),
        # two columns: three entries side by side are wider than a small figure
        ncol=2,
        frameon=False,
        fontsize=9,
    )
    heading = (
        title if title is not None else f"Best responses{': ' + game.title if game.title else ''}"
    )
    ax.set_title(wrap(heading, 36))
    return ax


def _node(game: Game, node: Any) -> tuple[int, int]:
    try:
        r, c = game.profile_index(tuple(node))
    except (TypeError, ValueError) as exc:
        raise GameError(f"graph node {node!r} is not a pure profile of this game") from exc
    return r, c


def _bow(ra: int, ca: int, rb: int, cb: int, m: int, n: int) -> int:
    """Sign of ``arc3``'s ``rad`` that bends an arrow towards the middle of the grid.

    matplotlib puts the control point at ``midpoint + rad * (dy, -dx)`` in display
    coordinates (y up; our rows grow downwards), so the sign depends on the direction.
    """
    if ra == rb:  # a column player's switch: horizontal
        toward = 1 if ra < (m - 1) / 2 else -1  # 1: bend down on screen
        return int(np.sign(cb - ca)) * toward
    toward = 1 if ca < (n - 1) / 2 else -1  # 1: bend right on screen
    return int(np.sign(ra - rb)) * toward
