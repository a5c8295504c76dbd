"""Gambit ``.efg`` interchange, cross-checked against pygambit (a test dependency only).

The files: every two-player game with perfect recall that pygambit's catalogue ships
(``pygambit/catalog_data``: Selten 1975, Myerson 1991, Shoham and Leyton-Brown 2008, von
Stengel 2022, Watson 2013 and others, as published by the Gambit project) plus the 20
seeded random trees of ``tests/data/efg`` (imperfect information and chance). For each:
the set of pure-equilibrium payoff vectors through our reduced strategic form equals
pygambit's ``enumpure_solve``; our sequence-form equilibrium has zero regret according to
pygambit; and the tree survives a round trip through pygambit with its labels and
payoffs.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pygambit as gbt
import pytest

from negotiation.errors import PayoffFileError
from negotiation.extensive.sequence_form import sequence_form_lemke
from negotiation.extensive.strategic import tree_equilibria
from negotiation.files.efg import format_efg, parse_efg, read_efg, write_efg
from negotiation.tree import Tree

DATA = Path(__file__).resolve().parent.parent / "data" / "efg"
CATALOG = Path(gbt.__file__).resolve().parent / "catalog_data"


def _two_player_files() -> list[Path]:
    files = sorted(DATA.glob("*.efg"))
    for path in sorted(CATALOG.rglob("*.efg")):
        try:
            tree = read_efg(path)
        except PayoffFileError:
            continue  # absent-mindedness (a node and its descendant in one set): refused
        if tree.n_players == 2 and tree.has_perfect_recall:
            files.append(path)
    return files


FILES = _two_player_files()
IDS = [p.stem if p.parent == DATA else str(p.relative_to(CATALOG)) for p in FILES]


def test_at_least_thirty_two_player_files() -> None:
    assert len(FILES) >= 30
    assert any(not read_efg(p).is_perfect_information for p in FILES)
    assert any(read_efg(p).root.is_chance for p in FILES)


def _rational(value: object) -> Fraction:
    return Fraction(str(value))


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_pure_equilibrium_payoffs_match_pygambit(path: Path) -> None:
    game = gbt.read_efg(str(path))
    theirs = {
        tuple(_rational(eq.payoff(p)) for p in game.players)
        for eq in gbt.nash.enumpure_solve(game).equilibria
    }
    ours = tree_equilibria(read_efg(path), "pure").payoff_set()
    assert ours == theirs


def _gambit_profile(game: gbt.Game, tree: Tree, behaviour: dict) -> gbt.MixedBehaviorProfile:
    """Our behaviour profile in pygambit's terms, matching nodes in the file's (preorder) order."""
    profile = game.mixed_behavior_profile(rational=True)
    theirs = [
        n for n in _preorder(game.root) if not n.is_terminal and n.player != game.players.chance
    ]
    ours = [
        tree.nodes[i]
        for i in tree.subtree(0)
        if not tree.nodes[i].is_leaf and not tree.nodes[i].is_chance
    ]
    assert len(theirs) == len(ours)
    for g_node, node in zip(theirs, ours, strict=True):
        for action, p in zip(g_node.infoset.actions, behaviour[node.infoset], strict=True):
            profile[action] = gbt.Rational(p.numerator, p.denominator)
    return profile


def _preorder(node: gbt.Node) -> list[gbt.Node]:
    out = [node]
    for child in node.children:
        out.extend(_preorder(child))
    return out


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sequence_form_equilibrium_confirmed_by_pygambit(path: Path) -> None:
    tree = read_efg(path)
    eq = sequence_form_lemke(tree)[0]
    behaviour = {
        h: tuple(probs.values()) for sets in eq.behaviour.values() for h, probs in sets.items()
    }
    game = gbt.read_efg(str(path))
    profile = _gambit_profile(game, tree, behaviour)
    assert profile.max_regret() == 0
    assert tuple(_rational(profile.payoff(p)) for p in game.players) == eq.payoffs


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_round_trip_through_pygambit_keeps_tree_labels_payoffs(path: Path) -> None:
    tree = read_efg(path)
    text = format_efg(tree)
    game = gbt.read_efg(__import__("io").StringIO(text))
    back = parse_efg(game.to_efg(), "back.efg")
    assert back.players == tree.players
    assert [(n.player, n.actions, n.probabilities, n.payoffs) for n in back.nodes] == [
        (n.player, n.actions, n.probabilities, n.payoffs) for n in tree.nodes
    ]

    def groups(t: Tree) -> list[tuple[str, ...]]:
        return sorted(tuple(sorted(t.nodes[i].name for i in ns)) for ns in t.infosets.values())

    assert groups(back) == groups(tree)
    assert {n.infoset for n in back.nodes if n.infoset} == {
        n.infoset for n in tree.nodes if n.infoset
    }
    # and pygambit's own reading of our text has the same leaves
    leaves = [
        tuple(_rational(n.outcome[p]) for p in game.players)
        for n in _preorder(game.root)
        if n.is_terminal
    ]
    assert leaves == [tree.nodes[i].payoffs for i in tree.subtree(0) if tree.nodes[i].is_leaf]


def test_outcomes_on_inner_nodes_add_up_at_the_leaves() -> None:
    # the "outcome form": an outcome on a decision node counts for every leaf below it
    text = """EFG 2 R "outcomes" { "A" "B" }
""
p "" 1 1 "" { "L" "R" } 1 "toll" { 1/2, -1 }
t "" 2 "" { 1, 1 }
t "" 0
"""
    tree = parse_efg(text)
    assert [n.payoffs for n in tree.nodes if n.is_leaf] == [
        (Fraction(3, 2), Fraction(0)),
        (Fraction(1, 2), Fraction(-1)),
    ]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (
            'EFG 2 R "x" { "A" }\n""\np "" 2 1 "" { "a" } 0\nt "" 1 "" { 1 }\n',
            "3:6",
            "player 2 does not exist",
        ),
        (
            'EFG 2 R "x" { "A" }\n""\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "" { 1 }\n',
            "",
            "lacks children",
        ),
        (
            'EFG 2 R "x" { "A" }\n""\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0\nt "" 1 "" { 1 }\nt "" 2 "" { 0 }\n',
            "3:1",
            "sum to 5/6",
        ),
        ('EFG 2 R "x" { "A" }\n""\nt "" 1 "" { one }\n', "3:13", "must be a number"),
        ('NFG 1 R "x" { "A" }\n', "1:1", "not a Gambit extensive-form file"),
    ],
)
def test_bad_efg_files_are_positioned(text: str, where: str, words: str) -> None:
    with pytest.raises(PayoffFileError) as err:
        parse_efg(text, "bad.efg")
    message = str(err.value)
    assert words in message
    assert message.startswith(f"bad.efg:{where}" if where else "bad.efg:")


def test_write_efg_refuses_to_clobber(tmp_path: Path) -> None:
    tree = read_efg(FILES[0])
    out = tmp_path / "t.efg"
    write_efg(tree, out)
    with pytest.raises(Exception, match="exists"):
        write_efg(tree, out)
    assert read_efg(out).to_dict() == tree.to_dict()
