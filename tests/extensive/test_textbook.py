"""Textbook trees give their published answers exactly; every SPE is checked in every subgame."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pygambit as gbt
import pytest

from negotiation.extensive.analysis import analyse_tree, solve_tree
from negotiation.extensive.pbe import perfect_bayesian
from negotiation.extensive.play import is_nash, is_subgame_perfect, subgame_roots
from negotiation.extensive.spe import backward_induction
from negotiation.extensive.strategic import reduced_strategic_form, tree_equilibria
from negotiation.extensive.subgames import subgame_perfect
from negotiation.extensive.threats import commitment_values, threats
from negotiation.files.efg import read_efg
from negotiation.files.tree_file import read_tree
from negotiation.game import Game
from negotiation.solvers import is_equilibrium
from negotiation.tree import Tree
from tests.repo_paths import PAYOFFS

TREES = PAYOFFS / "trees"
CATALOG = Path(gbt.__file__).resolve().parent / "catalog_data"
F = Fraction


def _behaviour(eq):  # type: ignore[no-untyped-def]
    return {h: tuple(p.values()) for sets in eq.behaviour.values() for h, p in sets.items()}


def _nash_in_every_subgame_via_strategic_form(tree: Tree, eq) -> bool:  # type: ignore[no-untyped-def]
    """An independent check: in each subgame, the profile's plans are an equilibrium of that
    subgame's reduced strategic form (today's exact ``solvers.is_equilibrium``)."""
    from negotiation.extensive.subgames import _truncate

    behaviour = _behaviour(eq)
    for root in subgame_roots(tree):
        sub, _ = _truncate(tree, root, {})
        form = reduced_strategic_form(sub)
        # the pure plan each player follows in this subgame
        profile = []
        for k, _player in enumerate(sub.players):
            chosen = []
            for plan in form.plans[k]:
                chosen.append(
                    all(behaviour[h][sub.actions_at(h).index(a)] == 1 for h, a in plan.items())
                )
            assert sum(chosen) == 1
            profile.append([F(int(c)) for c in chosen])
        if not is_equilibrium(form.game, profile):
            return False
    return True


def test_entry_deterrence_enter_and_accommodate() -> None:
    # Selten (1978), "The chain store paradox", Theory and Decision 9: the one-market game
    # has the unique SPE enter / accommodate; "fight" is an empty threat.
    tree = read_tree(TREES / "entry_deterrence.yaml")
    sol = backward_induction(tree)
    assert len(sol) == 1
    eq = sol[0]
    assert eq.behaviour == {
        "Entrant": {"entry": {"out": 0, "in": 1}},
        "Incumbent": {"respond": {"fight": 0, "accommodate": 1}},
    }
    assert eq.payoffs == (F(1), F(1))
    assert _nash_in_every_subgame_via_strategic_form(tree, eq)
    (threat,) = threats(tree).threats
    assert (threat.move, threat.credible, threat.cost) == ("fight", False, F(2))
    # the strategic form also has the Nash equilibrium "out / fight" (not subgame perfect)
    assert {e.payoffs for e in tree_equilibria(tree, "pure")} == {(F(0), F(2)), (F(1), F(1))}


def test_centipede_take_at_once() -> None:
    # McKelvey and Palfrey (1992), Econometrica 60, Figure 1: backward induction takes at
    # the first node, payoffs (0.40, 0.10); every player takes at every node.
    tree = read_tree(TREES / "centipede.yaml")
    (eq,) = backward_induction(tree)
    assert eq.payoffs == (F(2, 5), F(1, 10))
    assert all(probs["take"] == 1 for sets in eq.behaviour.values() for probs in sets.values())
    assert _nash_in_every_subgame_via_strategic_form(tree, eq)


def test_long_centipede_still_takes_at_once() -> None:
    # Rosenthal (1981): the same answer for any length; 200 moves, pot doubling
    spec: object = [F(2**200), F(2**199)]
    for k in range(200, 0, -1):
        mover = "Red" if k % 2 else "Blue"
        take = [F(2**k), F(2 ** (k - 2))] if mover == "Red" else [F(2 ** (k - 2)), F(2**k)]
        spec = (mover, {"take": take, "pass": spec})
    tree = Tree.build(("Red", "Blue"), spec)
    (eq,) = backward_induction(tree)
    assert eq.describe_path() == "Red: take"


def test_tie_game_reports_every_spe() -> None:
    # worked by hand (payoffs/trees/tie_game.yaml): Follower is indifferent, so there are
    # two SPE, (left, up) -> (2, 1) and (right, down) -> (1, 0)
    tree = read_tree(TREES / "tie_game.yaml")
    sol = backward_induction(tree)
    assert {e.payoffs for e in sol} == {(F(2), F(1)), (F(1), F(0))}
    assert {(e.choice("lead"), e.choice("follow")) for e in sol} == {
        ("left", "up"),
        ("right", "down"),
    }
    for eq in sol:
        assert is_subgame_perfect(tree, _behaviour(eq))
        assert _nash_in_every_subgame_via_strategic_form(tree, eq)


def _chain_store(markets: int) -> Tree:
    """Selten (1978): entrant k stays out (incumbent 5, entrant 1) or enters; the incumbent
    then shares (2, 2) or fights (0, 0); the incumbent's payoff adds up over the markets."""
    players = ("Incumbent", *(f"Entrant{k + 1}" for k in range(markets)))

    def market(k: int, earned: Fraction, got: tuple[Fraction, ...]) -> object:
        if k == markets:
            return [earned, *got]
        entrant = f"Entrant{k + 1}"

        def after(inc: int, ent: int) -> object:
            return market(k + 1, earned + inc, (*got, F(ent)))

        return (
            entrant,
            {"out": after(5, 1), "in": ("Incumbent", {"share": after(2, 2), "fight": after(0, 0)})},
        )

    return Tree.build(players, market(0, F(0), ()), title=f"chain store, {markets} markets")


@pytest.mark.parametrize("markets", [1, 2, 3])
def test_chain_store_every_entrant_enters(markets: int) -> None:
    # Selten (1978): the unique SPE has every entrant enter and the incumbent always share
    tree = _chain_store(markets)
    (eq,) = backward_induction(tree)
    assert all(s.move in ("in", "share") for s in eq.path)
    assert eq.payoffs == (F(2 * markets), *(F(2) for _ in range(markets)))
    assert all(
        probs.get("share", 1) == 1 and probs.get("in", 1) == 1
        for sets in eq.behaviour.values()
        for probs in sets.values()
    )


def test_selten_horse_has_no_proper_subgame_so_every_nash_is_subgame_perfect() -> None:
    # Selten (1975), IJGT 4, Figure 1 (pygambit's catalogue): no proper subgames; the pure
    # equilibria have payoffs (1, 1, 1) and (3, 2, 2) — the latter the "unreasonable" one
    tree = read_efg(CATALOG / "journals" / "ijgt" / "selten1975" / "fig1.efg")
    assert subgame_roots(tree) == (0,)
    pure = tree_equilibria(tree, "pure")
    assert pure.payoff_set() == {(F(1), F(1), F(1)), (F(3), F(2), F(2))}
    spe = subgame_perfect(tree)
    assert spe.payoff_set() == pure.payoff_set()


def test_selten_1975_figure_2_one_subgame_perfect_equilibrium() -> None:
    # Selten (1975), Figure 2: the proper subgame at player 2 leaves one SPE, (1, 1)
    tree = read_efg(CATALOG / "journals" / "ijgt" / "selten1975" / "fig2.efg")
    sol = backward_induction(tree)
    assert sol.payoff_set() == {(F(1), F(1))}
    assert subgame_perfect(tree).payoff_set() == {(F(1), F(1))}
    assert tree_equilibria(tree, "pure").payoff_set() == {(F(1), F(1))}


def test_selten_1975_figure_3() -> None:
    # Selten (1975), Figure 3 (pygambit's catalogue), three players: the subgame-perfect
    # equilibria by decomposition are among the Nash equilibria and each passes both checks
    tree = read_efg(CATALOG / "journals" / "ijgt" / "selten1975" / "fig3.efg")
    spe = subgame_perfect(tree)
    assert len(spe) >= 1
    for eq in spe:
        assert is_subgame_perfect(tree, _behaviour(eq))
        assert is_nash(tree, _behaviour(eq))


def test_beer_quiche_two_pooling_only_beer_is_intuitive() -> None:
    # Cho and Kreps (1987), QJE 102, §II: two pooling PBE; only "beer" survives the
    # intuitive criterion. Beer pooling is supported after quiche by P(weak) >= 1/2.
    tree = read_tree(TREES / "beer_quiche.yaml")
    sol = perfect_bayesian(tree)
    assert [e.extra["kind"] for e in sol] == ["pooling", "pooling"]
    verdict = {e.extra["messages"]["weak"]: e.extra["intuitive_criterion"] for e in sol}
    assert verdict == {"beer": True, "quiche": False}
    beer = next(e for e in sol if e.extra["messages"]["weak"] == "beer")
    off = beer.beliefs["after_quiche"]
    assert off["on_path"] is False
    assert {v["weak"] for v in off["belief_vertices"]} == {"1/2", "1"}
    assert beer.beliefs["after_beer"]["belief"] == {"weak": "1/10", "strong": "9/10"}
    assert beer.payoffs == (F(29, 10), F(9, 10))


def test_chicken_value_of_moving_first() -> None:
    # Schelling (1960), ch. 5 / Dixit and Skeath, Games of Strategy, ch. 6: in chicken the
    # first mover dares and the other swerves; simultaneous play has two pure equilibria
    chicken = Game.from_matrices(
        [[0, -1], [1, -10]],
        [[0, 1], [-1, -10]],
        players=("A", "B"),
        moves=(("swerve", "dare"),) * 2,
    )
    report = commitment_values(chicken)
    first = {o.order[0]: o.payoffs for o in report.orders}
    assert first == {"A": ((F(1), F(-1)),), "B": ((F(-1), F(1)),)}
    assert set(report.simultaneous) == {(F(-1), F(1)), (F(1), F(-1))}


def test_methods_agree_on_perfect_information() -> None:
    tree = read_tree(TREES / "tie_game.yaml")
    assert solve_tree(tree, "spe").payoff_set() == solve_tree(tree, "subgame").payoff_set()
    assert analyse_tree(tree).reading()[0].startswith("There are 2 subgame-perfect equilibria")
