"""Convex components of the equilibria of a two-player game, from its extreme equilibria.

The extreme equilibria form a bipartite graph (row vertex — column vertex). Its maximal
bicliques are the maximal Nash subsets — convex sets of equilibria, every pairing of
their extreme strategies an equilibrium — and subsets sharing a row and a column vertex
lie in one connected component (Avis, Rosenberg, Savani and von Stengel 2010,
"Enumeration of Nash equilibria for two-player games", *Economic Theory* 42, §4).
"""

from __future__ import annotations

__all__ = ["connected_subsets", "maximal_bicliques"]


def maximal_bicliques(
    edges: set[tuple[int, int]] | list[tuple[int, int]],
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Maximal complete bipartite subgraphs ``(left, right)`` of a bipartite edge set.

    Each right-hand set is an intersection of neighbourhoods of left vertices; closing
    the neighbourhoods under intersection lists every maximal biclique once (the
    "concepts" of formal concept analysis).

    >>> maximal_bicliques({(0, 0), (0, 1), (1, 1)})
    [((0,), (0, 1)), ((0, 1), (1,))]
    """
    neighbours: dict[int, frozenset[int]] = {}
    for u, v in edges:
        neighbours[u] = neighbours.get(u, frozenset()) | {v}
    family: set[frozenset[int]] = set(neighbours.values())
    frontier = set(family)
    while frontier:
        new: set[frozenset[int]] = set()
        for s in frontier:
            for t in neighbours.values():
                common = s & t
                if common and common not in family:
                    new.add(common)
        family |= new
        frontier = new
    result = []
    for right in family:
        left = tuple(sorted(u for u, nb in neighbours.items() if right <= nb))
        result.append((left, tuple(sorted(right))))
    return sorted(result)


def connected_subsets(
    bicliques: list[tuple[tuple[int, ...], tuple[int, ...]]],
) -> tuple[tuple[int, ...], ...]:
    """Group maximal Nash subsets that intersect (they share a row and a column vertex)."""
    parent = list(range(len(bicliques)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    sets = [(set(left), set(right)) for left, right in bicliques]
    for a in range(len(sets)):
        for b in range(a + 1, len(sets)):
            if sets[a][0] & sets[b][0] and sets[a][1] & sets[b][1]:
                parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for a in range(len(sets)):
        groups.setdefault(find(a), []).append(a)
    return tuple(tuple(g) for g in sorted(groups.values()))
