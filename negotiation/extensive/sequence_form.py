"""An exact Nash equilibrium of a two-player tree from its sequence form (Koller, Megiddo, von Stengel).

The *sequence form* (von Stengel 1996, "Efficient computation of behavior strategies",
*Games and Economic Behavior* 14, 220–246) describes a player's mixed play by the
probability of each of its *sequences* (its own moves on the way to a node), a
*realization plan* ``x`` with ``E x = e``, ``x >= 0`` (one row per information set
plus the empty sequence). Payoffs are the sparse matrices ``A``, ``B`` over pairs of
sequences that meet at a leaf, weighted by chance. Its size is linear in the tree,
unlike the strategic form.

Koller, Megiddo and von Stengel (1996), "Efficient computation of equilibria for
extensive two-person games", *Games and Economic Behavior* 14, 247–259, write the
equilibrium conditions as a linear complementarity problem and solve it with Lemke's
algorithm. Here payoffs are shifted to be negative (costs), the constraints relaxed to
``E x >= e`` with dual prices ``p >= 0``, giving the LCP with ``z = (x, y, p, q)``::

    w = q + M z >= 0,  z >= 0,  z . w = 0,
    M = [[0, -A, -E', 0], [-B', 0, 0, -F'], [E, 0, 0, 0], [0, F, 0, 0]],  q = (0, 0, -e, -f)

Lemke's complementary pivoting (covering vector of ones, lexicographic ratio test so
degenerate games cannot cycle; von Stengel 2002, "Computing equilibria for two-person
games", *Handbook of Game Theory* 3, §6) runs in exact rational arithmetic with a pivot
cap. The realization plans found are turned into behaviour strategies and the profile
is checked exactly to be a Nash equilibrium of the tree; if the check fails (the
relaxation can leave surplus weight where the other player never goes) or the pivots
run out, the solver says so rather than return an unverified answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from negotiation.errors import SolverError
from negotiation.extensive.play import is_nash
from negotiation.extensive.result import TreeEquilibrium, TreeSolution
from negotiation.tree import Tree

__all__ = ["SequenceForm", "sequence_form", "sequence_form_lemke"]

#: default pivot cap of Lemke's algorithm
MAX_PIVOTS = 10_000


@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a two-player tree.

    ``sequences[k]`` lists player ``k``'s sequences: ``()`` (the empty one) and
    ``(infoset, action)`` pairs; ``constraints[k]`` the rows of ``E`` (``F``) as
    ``{sequence index: coefficient}``; ``payoffs[k]`` the sparse payoff matrix
    ``{(i, j): value}`` over sequence pairs, chance included.
    """

    tree: Tree
    sequences: tuple[tuple[tuple[str, str] | tuple[()], ...], ...]
    constraints: tuple[tuple[dict[int, int], ...], ...]
    payoffs: tuple[dict[tuple[int, int], Fraction], ...]
    weight: dict[tuple[int, int], Fraction]


def sequence_form(tree: Tree) -> SequenceForm:
    """Build the sequence form of a two-player ``tree`` with perfect recall."""
    if tree.n_players != 2:
        raise SolverError("the sequence form solver needs two players")
    tree.require_perfect_recall("the sequence form")
    sequences: list[list[tuple[str, str] | tuple[()]]] = [[()], [()]]
    index: list[dict[tuple[str, str] | tuple[()], int]] = [{(): 0}, {(): 0}]
    rows: list[list[dict[int, int]]] = [[{0: 1}], [{0: 1}]]
    for k, player in enumerate(tree.players):
        for h in tree.infosets_of(player):
            for a in tree.actions_at(h):
                index[k][(h, a)] = len(sequences[k])
                sequences[k].append((h, a))
        for h in tree.infosets_of(player):
            history = tree.own_history[tree.infosets[h][0]]
            parent = index[k][history[-1]] if history else 0
            row = {parent: -1}
            for a in tree.actions_at(h):
                row[index[k][(h, a)]] = 1
            rows[k].append(row)
    pay: list[dict[tuple[int, int], Fraction]] = [{}, {}]
    weight: dict[tuple[int, int], Fraction] = {}
    stack: list[tuple[int, int, int, Fraction]] = [(0, 0, 0, Fraction(1))]
    while stack:
        i, s1, s2, w = stack.pop()
        node = tree.nodes[i]
        if node.is_leaf:
            key = (s1, s2)
            weight[key] = weight.get(key, Fraction(0)) + w
            for k in range(2):
                pay[k][key] = pay[k].get(key, Fraction(0)) + w * node.payoffs[k]
            continue
        for a, c, p in zip(
            node.actions,
            node.children,
            node.probabilities or (Fraction(1),) * len(node.actions),
            strict=True,
        ):
            if node.is_chance:
                if p:
                    stack.append((c, s1, s2, w * p))
            elif node.player == tree.players[0]:
                stack.append((c, index[0][(node.infoset, a)], s2, w))
            else:
                stack.append((c, s1, index[1][(node.infoset, a)], w))
    return SequenceForm(
        tree,
        tuple(tuple(s) for s in sequences),
        tuple(tuple(r) for r in rows),
        (pay[0], pay[1]),
        weight,
    )


def _lemke(
    matrix: list[list[Fraction]], rhs: list[Fraction], max_pivots: int
) -> tuple[list[Fraction], int]:
    """Solve ``w = rhs + M z >= 0, z >= 0, z.w = 0`` by Lemke's algorithm (covering vector 1).

    Returns ``(z, pivots)``. Exact; lexicographic minimum-ratio test.
    """
    n = len(rhs)
    # tableau rows: coefficients of (w_1..w_n, z_1..z_n, z0) and the right-hand side
    cols = 2 * n + 1
    tab = []
    for i in range(n):
        row = [Fraction(0)] * (cols + 1)
        row[i] = Fraction(1)
        for j in range(n):
            if matrix[i][j]:
                row[n + j] = -matrix[i][j]
        row[2 * n] = Fraction(-1)
        row[cols] = rhs[i]
        tab.append(row)
    basis = list(range(n))  # basic variable of each row
    if all(v >= 0 for v in rhs):
        return [Fraction(0)] * n, 0

    def lex_key(i: int, e: int) -> tuple[Fraction, ...]:
        c = tab[i][e]
        return (tab[i][cols] / c, *(tab[i][j] / c for j in range(n)))

    def pivot(r: int, e: int) -> None:
        pr = tab[r]
        c = pr[e]
        if c != 1:
            tab[r] = pr = [v / c for v in pr]
        nz = [j for j, v in enumerate(pr) if v]
        for i in range(n):
            if i != r:
                f = tab[i][e]
                if f:
                    row = tab[i]
                    for j in nz:
                        row[j] -= f * pr[j]
        basis[r] = e

    # first pivot: z0 enters where the right-hand side is most negative (lexicographically)
    z0 = 2 * n
    r = min(range(n), key=lambda i: (tab[i][cols], *(-tab[i][j] for j in range(n))))
    leaving = basis[r]
    pivot(r, z0)
    pivots = 1
    while True:
        entering = leaving + n if leaving < n else leaving - n
        candidates = [i for i in range(n) if tab[i][entering] > 0]
        if not candidates:
            raise SolverError(
                f"Lemke's algorithm ended on a ray after {pivots} pivots (no equilibrium found "
                "this way); try --method all or subgame"
            )
        r = min(candidates, key=lambda i: lex_key(i, entering))
        leaving = basis[r]
        pivot(r, entering)
        pivots += 1
        if leaving == z0:
            break
        if pivots >= max_pivots:
            raise SolverError(
                f"Lemke's algorithm stopped at its cap of {max_pivots} pivots without an "
                "equilibrium; raise max_pivots or try --method all"
            )
    z = [Fraction(0)] * n
    for i, var in enumerate(basis):
        if n <= var < 2 * n:
            z[var - n] = tab[i][cols]
    return z, pivots


def sequence_form_lemke(tree: Tree, *, max_pivots: int = MAX_PIVOTS) -> TreeSolution:
    """One exact Nash equilibrium of a two-player tree with perfect recall, by Lemke on its sequence form.

    Parameters
    ----------
    tree
        Two players, perfect recall; chance and information sets allowed.
    max_pivots
        Lemke's pivot cap; beyond it a :class:`~negotiation.errors.SolverError` says so.

    Examples
    --------
    Matching pennies played in turn, the second mover not seeing the first move:

    >>> from negotiation.tree import Tree
    >>> t = Tree.build(("Even", "Odd"), ("Even", {
    ...     "H": ("Odd", {"h": [1, -1], "t": [-1, 1]}),
    ...     "T": ("Odd", {"h": [-1, 1], "t": [1, -1]}),
    ... }), infosets={"n1": "guess", "n4": "guess"})
    >>> eq = sequence_form_lemke(t)[0]
    >>> eq.behaviour["Odd"]["guess"]
    {'h': Fraction(1, 2), 't': Fraction(1, 2)}
    """
    form = sequence_form(tree)
    n1, n2 = len(form.sequences[0]), len(form.sequences[1])
    m1, m2 = len(form.constraints[0]), len(form.constraints[1])
    leaves = [v for node in tree.nodes if node.is_leaf for v in node.payoffs]
    shift = max(leaves, default=Fraction(0)) + 1
    size = n1 + n2 + m1 + m2
    matrix = [[Fraction(0)] * size for _ in range(size)]
    # cost matrices: -(A - shift * weight) >= 0, entries on sequence pairs that meet at a leaf
    for (i, j), w in form.weight.items():
        matrix[i][n1 + j] = -(form.payoffs[0].get((i, j), Fraction(0)) - shift * w)
        matrix[n1 + j][i] = -(form.payoffs[1].get((i, j), Fraction(0)) - shift * w)
    for r, row in enumerate(form.constraints[0]):
        for j, c in row.items():
            matrix[n1 + n2 + r][j] = Fraction(c)  # E x - e >= 0
            matrix[j][n1 + n2 + r] = Fraction(-c)  # -E' p
    for r, row in enumerate(form.constraints[1]):
        for j, c in row.items():
            matrix[n1 + n2 + m1 + r][n1 + j] = Fraction(c)
            matrix[n1 + j][n1 + n2 + m1 + r] = Fraction(-c)
    rhs = [Fraction(0)] * (n1 + n2) + [Fraction(-1)] + [Fraction(0)] * (m1 - 1)
    rhs += [Fraction(-1)] + [Fraction(0)] * (m2 - 1)
    z, pivots = _lemke(matrix, rhs, max_pivots)
    plans = (z[:n1], z[n1 : n1 + n2])
    behaviour: dict[str, tuple[Fraction, ...]] = {}
    for k, player in enumerate(tree.players):
        seq_index = {s: i for i, s in enumerate(form.sequences[k])}
        for h in tree.infosets_of(player):
            acts = tree.actions_at(h)
            weights = [plans[k][seq_index[(h, a)]] for a in acts]
            total = sum(weights, Fraction(0))
            behaviour[h] = (
                tuple(w / total for w in weights)
                if total
                else tuple(Fraction(1, len(acts)) for _ in acts)
            )
    if not is_nash(tree, behaviour):
        raise SolverError(
            f"Lemke's algorithm on the sequence form ended after {pivots} pivots at a profile "
            "that fails the exact equilibrium check (surplus weight where the other player "
            "never goes); use --method all or subgame for this tree"
        )
    eq = TreeEquilibrium.from_behaviour(tree, behaviour)
    return TreeSolution(
        tree,
        "sequence-form",
        (eq,),
        complete=False,
        verified="Nash",
        notes=(
            f"one equilibrium, by Lemke's algorithm on the sequence form ({pivots} pivots, exact); "
            "other equilibria may exist",
        ),
        details={
            "pivots": pivots,
            "sequences": {p: n for p, n in zip(tree.players, (n1, n2), strict=True)},
        },
    )
