"""Known answers from textbooks and papers, each with its source beside it."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from negotiation.errors import GameError, SolverError
from negotiation.game import Game
from negotiation.solvers import (
    best_response_graph,
    correlated_equilibrium,
    enumerate_equilibria,
    is_correlated_equilibrium,
    is_degenerate,
    iterated_dominance,
    lemke_howson,
    lemke_howson_all,
    pareto_optimal,
    pure_equilibria,
    security_levels,
    solve,
    solve_zero_sum,
    stackelberg,
)


def strategies(result):
    return {e.strategies for e in result.equilibria}


# Osborne (2004), An Introduction to Game Theory, §2.3 "Bach or Stravinsky?", p. 18;
# mixed equilibrium in §4.3: Player 1 plays B with 2/3, Player 2 plays B with 1/3.
BOS = Game.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]], moves=(("B", "S"), ("B", "S")))


def test_battle_of_the_sexes_osborne():
    assert strategies(enumerate_equilibria(BOS)) == {
        ((1, 0), (1, 0)),
        ((0, 1), (0, 1)),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
    }
    assert [e.payoffs for e in pure_equilibria(BOS)] == [(2, 1), (1, 2)]


def test_matching_pennies_osborne():
    # Osborne (2004), §2.4 "Matching Pennies", p. 19: no pure equilibrium; unique mixed 1/2-1/2.
    mp = Game.zero_sum([[1, -1], [-1, 1]])
    half = (F(1, 2), F(1, 2))
    assert strategies(enumerate_equilibria(mp)) == {(half, half)}
    assert len(pure_equilibria(mp)) == 0
    sol = solve_zero_sum(mp)
    assert sol.certified and sol.value == 0 and sol.equilibrium.strategies == (half, half)


def test_rock_paper_scissors_unique_uniform():
    # Shoham and Leyton-Brown (2009), Multiagent Systems, §3.2.3 and Figure 3.6: the unique
    # equilibrium of rock-paper-scissors is uniform, value 0.
    rps = Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    third = (F(1, 3),) * 3
    assert strategies(enumerate_equilibria(rps)) == {(third, third)}
    assert solve_zero_sum(rps).value == 0


def test_odd_or_even_value():
    # Ferguson, Game Theory (UCLA online text), Part II §1.1 and §2.2, "Odd-or-Even":
    # A = [[-2, 3], [3, -4]], value 1/12, both players use (7/12, 5/12).
    morra = Game.zero_sum([[-2, 3], [3, -4]])
    sol = solve_zero_sum(morra)
    assert sol.value == F(1, 12)
    assert sol.equilibrium.strategies == ((F(7, 12), F(5, 12)), (F(7, 12), F(5, 12)))


def test_von_stengel_3x2_example():
    # von Stengel (2007), "Equilibrium computation for two-player games in strategic and
    # extensive form", Algorithmic Game Theory ch. 3, §3.2 example (also QuantEcon's
    # vertex_enumeration docstring): three equilibria.
    g = Game.from_matrices([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    assert strategies(enumerate_equilibria(g)) == {
        ((1, 0, 0), (1, 0)),
        ((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
        ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    }
    assert not is_degenerate(g)


def test_von_stengel_degenerate_example_component():
    # von Stengel (2007), AGT ch. 3, §3.6 "Degenerate games": the same game with
    # B's first row (3, 3) is degenerate; the pure top row has two best responses and
    # the equilibria (1,0,0) x {y : y_1 >= 2/3} form a segment, plus the mixed one.
    g = Game.from_matrices([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    result = enumerate_equilibria(g)
    assert is_degenerate(g)
    assert strategies(result) == {
        ((1, 0, 0), (1, 0)),
        ((1, 0, 0), (F(2, 3), F(1, 3))),
        ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    }
    segments = [c for c in result.components if not c.is_singleton]
    assert len(segments) == 1
    assert set(segments[0].strategies[1]) == {(1, 0), (F(2, 3), F(1, 3))}


def test_chicken_equilibria_and_correlated():
    # Aumann (1974), "Subjectivity and correlation in randomized strategies", and the
    # standard presentation (Wikipedia, "Correlated equilibrium"): Chicken with
    # (Dare, Chicken) payoffs (0,0) (7,2) / (2,7) (6,6). Nash: two pure, one mixed (2/3 C).
    chicken = Game.from_matrices(
        [[0, 7], [2, 6]], [[0, 2], [7, 6]], moves=(("Dare", "Chicken"), ("Dare", "Chicken"))
    )
    assert strategies(enumerate_equilibria(chicken)) == {
        ((1, 0), (0, 1)),
        ((0, 1), (1, 0)),
        ((F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    }
    # the 1/3-1/3-1/3 correlated equilibrium (payoff 5 each)
    third = F(1, 3)
    assert is_correlated_equilibrium(chicken, [[0, third], [third, third]])
    # the welfare-maximising one: 1/2 (C,C), 1/4 each asymmetric, payoff 21/4 each
    best = correlated_equilibrium(chicken)
    assert best.certified
    assert best.payoffs == (F(21, 4), F(21, 4))
    assert dict(best.distribution) == {
        ("Dare", "Chicken"): F(1, 4),
        ("Chicken", "Dare"): F(1, 4),
        ("Chicken", "Chicken"): F(1, 2),
    }
    # the best correlated equilibrium for Row is her favourite pure equilibrium
    assert correlated_equilibrium(chicken, "Row").payoffs == (7, 2)


def test_prisoners_dilemma_dominance_pareto_graph():
    # Axelrod (1984), The Evolution of Cooperation, ch. 1 p. 8: (R, S, T, P) = (3, 0, 5, 1).
    pd = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]], moves=(("C", "D"), ("C", "D")))
    dom = iterated_dominance(pd)
    assert dom.solved and dom.remaining == (("D",), ("D",))
    assert [(s.player, s.move, s.dominated_by) for s in dom.steps] == [
        ("Row", "C", (("D", 1),)),
        ("Column", "C", (("D", 1),)),
    ]
    assert {p for p, _ in pareto_optimal(pd).outcomes} == {("C", "C"), ("C", "D"), ("D", "C")}
    brg = best_response_graph(pd)
    assert brg.sinks == (("D", "D"),) and brg.cycles == ()


def test_domination_by_mixture_only():
    # Shoham and Leyton-Brown (2009), §4.5.1: a move can be strictly dominated by a mixed
    # strategy without being dominated by any pure one. Here M pays 1 in both columns;
    # T and B pay (3, 0) and (0, 3); 1/2 T + 1/2 B pays 3/2 in both.
    g = Game.from_matrices(
        [[3, 0], [1, 1], [0, 3]], [[1, 0], [0, 0], [0, 1]], moves=(("T", "M", "B"), ("L", "R"))
    )
    step = iterated_dominance(g).steps[0]
    assert (step.player, step.move) == ("Row", "M")
    assert dict(step.dominated_by) == {"T": F(1, 2), "B": F(1, 2)}


def test_weak_dominance_is_labelled_order_dependent():
    # Osborne (2004), ch. 12 / Samuelson (1992): iterated weak dominance depends on order.
    g = Game.from_matrices([[1, 1], [1, 0], [0, 1]], [[1, 1], [1, 1], [1, 1]])
    weak = iterated_dominance(g, kind="weak")
    assert any("order" in note for note in weak.notes)
    assert [s.move for s in weak.steps] == ["r2", "r3"]
    assert iterated_dominance(g).steps == ()  # nothing is strictly dominated


def test_matching_pennies_security_and_cycle():
    # Osborne (2004), §2.4: pure guarantee -1, mixed (minimax) guarantee 0.
    mp = Game.zero_sum([[1, -1], [-1, 1]], moves=(("H", "T"), ("H", "T")))
    levels = security_levels(mp)
    assert levels["Row"].pure_value == -1 and levels["Row"].mixed_value == 0
    assert levels["Column"].mixed_strategy == (F(1, 2), F(1, 2))
    brg = best_response_graph(mp)
    assert brg.sinks == () and len(brg.cycles) == 1 and len(brg.cycles[0]) == 4


def test_stackelberg_conitzer_sandholm_example():
    # Conitzer and Sandholm (2006), "Computing the optimal strategy to commit to", §2:
    # leader rows (2,1) (4,0) / (1,0) (3,1). Pure commitment: b -> 3; mixed: 1/2-1/2 -> 3.5.
    g = Game.from_matrices([[2, 4], [1, 3]], [[1, 0], [0, 1]])
    result = stackelberg(g, leader="Row")
    assert (result.pure.leader_payoff, result.pure.follower_move) == (3, "c2")
    assert result.mixed.leader_strategy == (F(1, 2), F(1, 2))
    assert result.mixed.leader_payoff == F(7, 2)
    # the other leader: column commits; the row player answers
    other = stackelberg(g, leader="Column")
    assert other.leader == "Column" and other.mixed.certified


def test_lemke_howson_bos_labels_and_cap():
    # von Stengel (2002), Handbook of Game Theory vol. 3 ch. 45, §3: in a nondegenerate
    # game LH paths end at equilibria of index +1; in BoS these are the two pure ones.
    result = lemke_howson_all(BOS)
    assert strategies(result) == {((1, 0), (1, 0)), ((0, 1), (0, 1))}
    assert not result.complete
    with pytest.raises(SolverError, match="did not finish"):
        lemke_howson(
            Game.from_matrices([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]), 1, max_pivots=1
        )


def test_degenerate_shapes():
    one = Game.from_matrices([[5]], [[-2]])
    assert strategies(enumerate_equilibria(one)) == {((1,), (1,))}
    # a 1 x 3 game where the column player is indifferent between two columns
    row = Game.from_matrices([[1, 2, 0]], [[1, 1, 0]])
    result = enumerate_equilibria(row)
    assert strategies(result) == {((1,), (1, 0, 0)), ((1,), (0, 1, 0))}
    assert len(result.components) == 1
    # all-zero payoffs: every profile is an equilibrium; extreme ones are the pure profiles
    zeros = Game.from_matrices([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    assert len(enumerate_equilibria(zeros)) == 4
    assert len(enumerate_equilibria(zeros).components) == 1


def test_solve_dispatch_and_errors():
    three = Game.from_payoff_function(["A", "B", "C"], [["x", "y"]] * 3, lambda p: (1, 1, 1))
    assert solve(three).method == "pure"
    with pytest.raises(SolverError, match="two-player"):
        solve(three, "all")
    with pytest.raises(SolverError, match="unknown method"):
        solve(BOS, "magic")
    with pytest.raises(GameError, match="not zero-sum"):
        solve_zero_sum(BOS)


def test_three_player_dominance_correlated_and_maximin():
    # A three-player public-goods game: a contribution costs its giver 3 and adds 2 to
    # every player's payoff, so giving changes one's own payoff by 2 - 3 = -1 whatever the
    # others do (the free-rider problem; Osborne 2004, ch. 2). Keeping strictly dominates
    # and the only equilibrium, correlated or not, is that nobody contributes.
    def payoff(profile):
        total = 2 * sum(m == "give" for m in profile)
        return tuple(total - 3 * (m == "give") for m in profile)

    g = Game.from_payoff_function(["A", "B", "C"], [["give", "keep"]] * 3, payoff)
    dom = iterated_dominance(g)
    assert dom.solved and dom.remaining == (("keep",),) * 3
    assert [s.player for s in dom.steps] == ["A", "B", "C"]
    assert [e.payoffs for e in pure_equilibria(g)] == [(0, 0, 0)]
    best = correlated_equilibrium(g)
    assert best.certified and dict(best.distribution) == {("keep", "keep", "keep"): 1}
    assert security_levels(g)["B"].mixed_value == 0
