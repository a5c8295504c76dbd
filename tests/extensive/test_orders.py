"""The value of commitment: each player committing first, against the tree as written.

Textbook answers (Dixit, Skeath and Reiley 2009, *Games of Strategy*, 3rd ed., ch. 6,
"Changing the order of moves": first-mover advantage in coordination games such as the
battle of the sexes and chicken, second-mover advantage in matching pennies).
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.extensive.analysis import analyse_tree
from negotiation.extensive.orders import commitment_orders
from negotiation.tree import Tree


def simultaneous(rows: dict[str, dict[str, list[int]]]) -> Tree:
    """A 2-player simultaneous game as a tree: B moves without seeing A's move."""
    spec = ("A", {a: ("B", dict(cells)) for a, cells in rows.items()})
    # depth-first names: n0 = A; B's nodes are n1, n(1 + |B's moves| + 1), ...
    width = len(next(iter(rows.values())))
    names = {f"n{1 + k * (width + 1)}": "b" for k in range(len(rows))}
    return Tree.build(("A", "B"), spec, infosets=names)


BOS = simultaneous(
    {
        "opera": {"opera": [2, 1], "football": [0, 0]},
        "football": {"opera": [0, 0], "football": [1, 2]},
    }
)
CHICKEN = simultaneous(
    {"swerve": {"swerve": [0, 0], "dare": [-1, 1]}, "dare": {"swerve": [1, -1], "dare": [-10, -10]}}
)
PENNIES = simultaneous(
    {"heads": {"heads": [1, -1], "tails": [-1, 1]}, "tails": {"heads": [-1, 1], "tails": [1, -1]}}
)


def _lead(report, player):  # type: ignore[no-untyped-def]
    return next(c for c in report.commitments if c.leader == player)


def test_battle_of_the_sexes_first_mover_gets_its_preferred_equilibrium() -> None:
    report = commitment_orders(BOS)
    assert (_lead(report, "A").plan, _lead(report, "A").payoffs) == ("opera", (2, 1))
    assert (_lead(report, "B").plan, _lead(report, "B").payoffs) == ("football", (1, 2))
    # as written: (2, 1), (1, 2) and the mixed (2/3, 2/3) — so leading gains 0 to 4/3
    assert report.as_written["A"] == (Fraction(2, 3), 2)
    assert report.value_of_commitment("A") == (0, Fraction(4, 3))


def test_chicken_first_mover_dares() -> None:
    report = commitment_orders(CHICKEN)
    assert (_lead(report, "A").plan, _lead(report, "A").payoffs) == ("dare", (1, -1))
    assert (_lead(report, "B").plan, _lead(report, "B").payoffs) == ("dare", (-1, 1))


def test_matching_pennies_second_mover_advantage() -> None:
    report = commitment_orders(PENNIES)
    for player in ("A", "B"):
        k = ("A", "B").index(player)
        assert _lead(report, player).payoffs[k] == -1
        assert report.as_written[player] == (0, 0)  # the mixed equilibrium's value
        assert report.value_of_commitment(player) == (-1, -1)
    sentences = " ".join(report.sentences())
    assert "moving second is better" in sentences


def test_analyse_reports_the_orders_in_text_and_json() -> None:
    result = analyse_tree(BOS)
    data = result.to_dict()
    assert data["orders"]["value_of_commitment"]["A"] == [0.0, 4 / 3]
    assert [c["leader"] for c in data["orders"]["commits_first"]] == ["A", "B"]
    assert any("first-mover" in r or "Committing first" in r for r in result.reading())
    assert "Who moves first" in str(result)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=8, max_size=8))
def test_committing_first_never_pays_less_than_a_pure_equilibrium(values: list[int]) -> None:
    # With the follower's ties broken for the leader, the leader can commit to its move in
    # any pure equilibrium and get at least that equilibrium's payoff.
    a = [[values[0:2], values[2:4]], [values[4:6], values[6:8]]]
    tree = simultaneous({"u": {"l": a[0][0], "r": a[0][1]}, "d": {"l": a[1][0], "r": a[1][1]}})
    report = commitment_orders(tree)
    pure = [
        (a[i][j][0], a[i][j][1])
        for i in range(2)
        for j in range(2)
        if a[i][j][0] >= a[1 - i][j][0] and a[i][j][1] >= a[i][1 - j][1]
    ]
    for k, player in enumerate(("A", "B")):
        lead = _lead(report, player)
        assert all(lead.payoffs[k] >= p[k] for p in pure)
        assert lead.weak_payoffs[k] <= lead.payoffs[k]
