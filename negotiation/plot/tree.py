"""Drawing a game tree: nodes, moves, information sets joined, an equilibrium's path highlighted.

Leaves are spaced evenly left to right in depth-first order and each decision or chance
node sits above the middle of its children (the layered drawing of Reingold and Tilford
1981, simplified). Decision nodes are coloured by player (Okabe–Ito, as every figure of
the package), chance nodes are white; dashed lines join the nodes of an information set;
the moves an equilibrium plays with positive probability, from nodes it reaches, are
drawn thick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negotiation.numbers import format_number
from negotiation.plot._style import axes, player_colour

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from negotiation.extensive.result import TreeEquilibrium
    from negotiation.tree import Tree

__all__ = ["tree_layout", "tree_plot"]


def tree_layout(tree: Tree) -> dict[int, tuple[float, float]]:
    """``node index -> (x, y)``: leaves at 0, 1, 2… in depth-first order; depth downwards."""
    pos: dict[int, tuple[float, float]] = {}
    depth = {0: 0}
    order = list(tree.subtree(0))
    for i in order:
        for c in tree.nodes[i].children:
            depth[c] = depth[i] + 1
    x = 0.0
    for i in order:
        if tree.nodes[i].is_leaf:
            pos[i] = (x, -float(depth[i]))
            x += 1.0
    for i in reversed(order):
        node = tree.nodes[i]
        if not node.is_leaf:
            xs = [pos[c][0] for c in node.children]
            pos[i] = (sum(xs) / len(xs), -float(depth[i]))
    return pos


def tree_plot(
    tree: Tree,
    equilibrium: TreeEquilibrium | None = None,
    *,
    ax: Axes | None = None,
    payoffs: bool = True,
) -> Axes:
    """Draw ``tree``; with ``equilibrium``, its path of play in bold.

    Examples
    --------
    >>> from negotiation.tree import Tree
    >>> from negotiation.extensive import backward_induction
    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2], "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]})}))
    >>> ax = tree_plot(t, backward_induction(t)[0])
    >>> sorted(text.get_text() for text in ax.texts)[:3]
    ['-1, -1', '0, 2', '1, 1']
    """
    ax = axes(ax, figsize=(max(4.0, 0.9 * sum(n.is_leaf for n in tree.nodes)), 4.0))
    pos = tree_layout(tree)
    bold: set[tuple[int, int]] = set()
    if equilibrium is not None:
        reached = {tree.index[s.node]: s for s in equilibrium.path}
        for step in equilibrium.path:
            i = tree.index[step.node]
            c = tree.nodes[i].children[tree.nodes[i].actions.index(step.move)]
            if i in reached:
                bold.add((i, c))
    for i, node in enumerate(tree.nodes):
        x0, y0 = pos[i]
        for k, (a, c) in enumerate(zip(node.actions, node.children, strict=True)):
            x1, y1 = pos[c]
            thick = (i, c) in bold
            ax.plot(
                [x0, x1],
                [y0, y1],
                color="black" if thick else "0.6",
                lw=2.6 if thick else 1.0,
                zorder=1,
            )
            label = a if not node.is_chance else f"{a} ({format_number(node.probabilities[k])})"
            ax.text(
                (x0 + x1) / 2,
                (y0 + y1) / 2,
                label,
                fontsize=8,
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                zorder=3,
            )
    for h, members in tree.infosets.items():
        if len(members) > 1:
            xs = sorted(pos[i][0] for i in members)
            y = pos[members[0]][1]
            ax.plot([xs[0], xs[-1]], [y, y], ls="--", color="0.3", lw=1.0, zorder=0)
            ax.text(xs[-1] + 0.15, y, h, fontsize=7, color="0.3", va="center")
    for i, node in enumerate(tree.nodes):
        x, y = pos[i]
        if node.is_leaf:
            if payoffs:
                ax.text(
                    x,
                    y - 0.18,
                    ", ".join(format_number(v) for v in node.payoffs),
                    fontsize=8,
                    ha="center",
                    va="top",
                )
            ax.plot([x], [y], marker="o", ms=3, color="black", zorder=2)
            continue
        colour = "white" if node.is_chance else player_colour(tree.players.index(node.player))
        ax.plot([x], [y], marker="o", ms=11, mfc=colour, mec="black", zorder=2)
        who = "chance" if node.is_chance else node.player
        ax.annotate(
            who + (f"\n{node.date}" if node.date else ""),
            (x, y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_axis_off()
    if tree.title:
        ax.set_title(tree.title, fontsize=10)
    ax.margins(0.08, 0.15)
    return ax
