"""Properties over random trees (hypothesis): every equilibrium reported passes the exact checks."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.extensive.play import is_nash, is_subgame_perfect
from negotiation.extensive.spe import backward_induction
from negotiation.extensive.strategic import tree_equilibria
from negotiation.extensive.subgames import subgame_perfect
from negotiation.tree import Tree

PLAYERS = ("A", "B")


@st.composite
def perfect_information_trees(draw: st.DrawFn, depth: int = 3) -> Tree:
    """Small perfect-information trees with payoffs in {-2..2} (so ties are common) and chance."""

    def spec(level: int) -> object:
        if level == depth or (level and draw(st.booleans()) and draw(st.booleans())):
            return [draw(st.integers(-2, 2)) for _ in PLAYERS]
        n = draw(st.integers(2, 3))
        if draw(st.integers(0, 5)) == 0:
            weights = [draw(st.integers(1, 3)) for _ in range(n)]
            return (
                "chance",
                {
                    f"c{k}": (Fraction(w, sum(weights)), spec(level + 1))
                    for k, w in enumerate(weights)
                },
            )
        return (draw(st.sampled_from(PLAYERS)), {f"m{k}": spec(level + 1) for k in range(n)})

    return Tree.build(PLAYERS, spec(0))


def _behaviour(eq):  # type: ignore[no-untyped-def]
    return {h: tuple(p.values()) for sets in eq.behaviour.values() for h, p in sets.items()}


@settings(max_examples=60, deadline=None)
@given(perfect_information_trees())
def test_backward_induction_is_subgame_perfect_and_complete(tree: Tree) -> None:
    sol = backward_induction(tree)
    assert len(sol) >= 1  # Kuhn (1953): a finite perfect-information game has a pure SPE
    for eq in sol:
        assert is_subgame_perfect(tree, _behaviour(eq))
        assert is_nash(tree, _behaviour(eq))
    # the decomposition finds the same pure SPE payoffs (one-mover subgames: optimal plans)
    assert subgame_perfect(tree).payoff_set() == sol.payoff_set()
    # every SPE is a Nash equilibrium of the reduced strategic form
    assert sol.payoff_set() <= tree_equilibria(tree, "pure").payoff_set()


@settings(max_examples=40, deadline=None)
@given(perfect_information_trees(), st.integers(-3, 3), st.integers(1, 3))
def test_spe_moves_with_affine_payoffs(tree: Tree, shift: int, scale: int) -> None:
    # scale invariance: a positive affine change of every payoff changes no choice
    from negotiation.tree import Node

    nodes = tuple(
        Node(
            n.name,
            n.player,
            n.actions,
            n.children,
            n.infoset,
            n.probabilities,
            tuple(scale * v + shift for v in n.payoffs),
        )
        for n in tree.nodes
    )
    moved = Tree(tree.players, nodes)
    key = lambda sol: {tuple(sorted(e.key())) for e in sol}  # noqa: E731
    assert key(backward_induction(moved)) == key(backward_induction(tree))
