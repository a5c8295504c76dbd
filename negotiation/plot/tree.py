"""Drawing a game tree: nodes, moves, information sets joined, an equilibrium's path highlighted.

Leaves are placed left to right in depth-first order, each given the room its payoffs and
the label of the move into it need, and each decision or chance node sits above the
middle of its children (the layered drawing of Reingold and Tilford 1981, simplified);
the figure is sized from that layout, so labels do not collide on wide trees. Decision nodes are coloured by player (Okabe–Ito, as every figure of
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


#: text size of move labels, payoffs and node names (points)
FONT = 8
#: a character's width in inches at FONT points (DejaVu Sans averages 0.6 em; a bit more)
CHAR = 0.62 * FONT / 72
#: vertical distance between levels, in inches (one more text line when nodes carry dates)
LEVEL = 1.05
#: where a move's label sits along its edge: near the child for a leaf, halfway otherwise
LEAF_T, NODE_T = 0.72, 0.5


def _move_label(tree: Tree, i: int, k: int) -> str:
    node = tree.nodes[i]
    a = node.actions[k]
    return a if not node.is_chance else f"{a} ({format_number(node.probabilities[k])})"


def _payoff_text(tree: Tree, i: int) -> str:
    """A leaf's payoffs, one line per player (narrow, so leaves can sit close)."""
    return "\n".join(format_number(v) for v in tree.nodes[i].payoffs)


def _width(text: str) -> float:
    return CHAR * max(len(line) for line in text.split("\n")) + 0.12


def tree_layout(tree: Tree) -> dict[int, tuple[float, float]]:
    """``node index -> (x, y)`` in inches: leaves left to right in depth-first order, each
    given the room its payoffs and the label of the move into it need; a parent above the
    middle of its children; ``LEVEL`` inches per level, downwards.

    Sibling labels sit a fraction ``t`` along their edges, so two neighbouring leaves are
    spaced for their labels to clear at that fraction, ``t · Δx ≥ (w₁ + w₂)/2``.
    """
    pos: dict[int, tuple[float, float]] = {}
    depth = {0: 0}
    order = list(tree.subtree(0))
    parent = tree.parents
    level = LEVEL + (0.2 if any(n.date for n in tree.nodes) else 0.0)
    for i in order:
        for c in tree.nodes[i].children:
            depth[c] = depth[i] + 1
    x = 0.0
    previous: tuple[float, float] | None = None  # (payoff width, label width) of the last leaf
    for i in order:
        node = tree.nodes[i]
        if not node.is_leaf:
            continue
        j = parent[i]
        label = 0.0
        if j >= 0:
            label = _width(_move_label(tree, j, tree.nodes[j].children.index(i)))
        pay = _width(_payoff_text(tree, i))
        if previous is not None:
            x += max(0.45, (pay + previous[0]) / 2 + 0.08, (label + previous[1]) / 2 / LEAF_T)
        pos[i] = (x, -level * depth[i])
        previous = (pay, label)
    for i in reversed(order):
        node = tree.nodes[i]
        if not node.is_leaf:
            xs = [pos[c][0] for c in node.children]
            pos[i] = ((min(xs) + max(xs)) / 2, -level * depth[i])
    return pos


def tree_plot(
    tree: Tree,
    equilibrium: TreeEquilibrium | None = None,
    *,
    ax: Axes | None = None,
    payoffs: bool = True,
) -> Axes:
    """Draw ``tree``; with ``equilibrium``, its path of play in bold.

    The figure is sized from the tree: as wide as its leaves' payoffs and move labels need
    (see :func:`tree_layout`), as tall as its depth. Payoffs are written one player per
    line, in the tree's player order.

    Examples
    --------
    >>> from negotiation.tree import Tree
    >>> from negotiation.extensive import backward_induction
    >>> t = Tree.build(("Entrant", "Incumbent"), ("Entrant", {
    ...     "out": [0, 2], "in": ("Incumbent", {"fight": [-1, -1], "accommodate": [1, 1]})}))
    >>> ax = tree_plot(t, backward_induction(t)[0])
    >>> sorted(text.get_text().replace(chr(10), " / ") for text in ax.texts)[:3]
    ['-1 / -1', '0 / 2', '1 / 1']
    """
    pos = tree_layout(tree)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    width = max(xs) - min(xs) + 1.6
    height = max(ys) - min(ys) + 1.5
    title_width = CHAR * 1.25 * len(tree.title or "") + 0.5
    ax = axes(ax, figsize=(max(4.0, width, title_width), max(2.5, height)))
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
        for k, c in enumerate(node.children):
            x1, y1 = pos[c]
            thick = (i, c) in bold
            ax.plot(
                [x0, x1],
                [y0, y1],
                color="black" if thick else "0.6",
                lw=2.6 if thick else 1.0,
                zorder=1,
            )
            t = LEAF_T if tree.nodes[c].is_leaf else NODE_T
            ax.text(
                x0 + t * (x1 - x0),
                y0 + t * (y1 - y0),
                _move_label(tree, i, k),
                fontsize=FONT,
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                zorder=3,
            )
    stacked: dict[float, int] = {}  # information sets already drawn at each level
    for h, members in tree.infosets.items():
        if len(members) > 1:
            xs_h = sorted(pos[i][0] for i in members)
            y = pos[members[0]][1]
            # sets of one level that overlap are drawn one above the other, each joined
            # to its nodes by short dashes, so a reader can tell which nodes share a set
            dy = 0.14 * stacked.get(y, 0)
            stacked[y] = stacked.get(y, 0) + 1
            ax.plot([xs_h[0], xs_h[-1]], [y + dy, y + dy], ls="--", color="0.3", lw=1.0, zorder=0)
            if dy:
                for x_h in xs_h:
                    ax.plot([x_h, x_h], [y, y + dy], ls=":", color="0.3", lw=1.0, zorder=0)
            ax.annotate(  # just right of the set's first node, under its dashed line
                h,
                (xs_h[0], y + dy),
                xytext=(8, -3),
                textcoords="offset points",
                fontsize=FONT - 1,
                color="0.3",
                ha="left",
                va="top",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    for i, node in enumerate(tree.nodes):
        x, y = pos[i]
        if node.is_leaf:
            if payoffs:
                ax.annotate(
                    _payoff_text(tree, i),
                    (x, y),
                    xytext=(0, -5),
                    textcoords="offset points",
                    fontsize=FONT,
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
            fontsize=FONT,
        )
    ax.set_axis_off()
    if tree.title:
        ax.set_title(tree.title, fontsize=10)
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.75, max(ys) + 0.6)
    return ax
