"""Write a :class:`~negotiation.tree.Tree` as a YAML tree file (``kind: tree``)."""

from __future__ import annotations

import json
from fractions import Fraction

from negotiation.tree import Node, Tree

__all__ = ["tree_to_yaml"]


def tree_to_yaml(tree: Tree) -> str:
    """YAML text of ``tree`` in the tree-file format (labels, exact payoffs, infosets kept).

    >>> t = Tree.build(("A", "B"), ("A", {"L": [1, 0], "R": ("B", {"l": [0, "1/2"], "r": [2, 2]})}))
    >>> print(tree_to_yaml(t))
    version: 1
    kind: tree
    title: ''
    players: [A, B]
    nodes:
      n0:
        player: A
        moves:
          L: [1, 0]
          R: n2
      n2:
        player: B
        moves:
          l: [0, 1/2]
          r: [2, 2]
    <BLANKLINE>
    """

    def q(text: str) -> str:
        plain = (
            text
            and all(ch.isalnum() or ch in "_-. " for ch in text)
            and not text[0].isdigit()
            and text.strip() == text
        )
        plain = plain and text.lower() not in (
            "true",
            "false",
            "null",
            "yes",
            "no",
            "on",
            "off",
            "rest",
        )
        return text if plain else json.dumps(text, ensure_ascii=False)

    def num(v: Fraction) -> str:
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"

    def pays(node: Node) -> str:
        return "[" + ", ".join(num(v) for v in node.payoffs) + "]"

    lines = ["version: 1", "kind: tree", f"title: {q(tree.title) if tree.title else chr(39) * 2}"]
    if tree.description:
        lines.append(f"description: {json.dumps(tree.description, ensure_ascii=False)}")
    lines.append("players: [" + ", ".join(q(p) for p in tree.players) + "]")
    lines.append("nodes:")
    for i in tree.subtree(0):
        node = tree.nodes[i]
        named_leaf = node.is_leaf and (i == 0 or node.outcome)
        if node.is_leaf and not named_leaf:
            continue
        lines.append(f"  {q(node.name)}:")
        if node.is_leaf:
            lines.append(f"    payoffs: {pays(node)}")
            if node.outcome:
                lines.append(f"    outcome: {q(node.outcome)}")
            continue
        lines.append(f"    player: {q(node.player) if not node.is_chance else 'chance'}")
        if node.infoset and node.infoset != node.name:
            lines.append(f"    infoset: {q(node.infoset)}")
        if node.date:
            lines.append(f"    date: {q(node.date)}")
        lines.append("    moves:")
        for k, (a, c) in enumerate(zip(node.actions, node.children, strict=True)):
            child = tree.nodes[c]
            target = pays(child) if child.is_leaf and not child.outcome else q(child.name)
            extra = []
            if node.is_chance:
                extra.append(f"probability: {num(node.probabilities[k])}")
            if node.kinds and node.kinds[k]:
                extra.append(f"kind: {node.kinds[k]}")
            if extra:
                lines.append(f"      {q(a)}: {{to: {target}, {', '.join(extra)}}}")
            else:
                lines.append(f"      {q(a)}: {target}")
    return "\n".join(lines) + "\n"
