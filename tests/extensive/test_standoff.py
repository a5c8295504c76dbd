"""The standoff tree read in words: the prior on China's type matters, and where it flips.

The flip point is derived here from the leaves themselves (not typed in): after China holds
at the summit, carrying out the threat makes a retaliatory China climb down (the US gets
its leaf ``dec_r_tariffs.climb_down``) and a strategic one let the defence ban bite
(``dec_s_tariffs.defence_ban``), while withdrawing leaves the ban in place either way
(``dec_*_withdrawn.defence_ban``). The US is indifferent at the belief q* with
q*·cr + (1 − q*)·cs = w.
"""

from __future__ import annotations

import pytest

from negotiation.extensive.analysis import analyse_tree
from negotiation.scenario.sequence import read_tree_model
from tests.repo_paths import PAYOFFS

SEQUENCE = PAYOFFS / "us_china_sequence.yaml"


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return read_tree_model(SEQUENCE)


@pytest.fixture(scope="module")
def analysis(model):  # type: ignore[no-untyped-def]
    return analyse_tree(model.tree, game=model.scenario.game)


def _us(model, leaf: str):  # type: ignore[no-untyped-def]
    return model.tree.nodes[model.tree.index[leaf]].payoffs[0]


def _q_star(model):  # type: ignore[no-untyped-def]
    cr = _us(model, "dec_r_tariffs.climb_down")
    cs = _us(model, "dec_s_tariffs.defence_ban")
    w = _us(model, "dec_r_withdrawn.defence_ban")
    assert w == _us(model, "dec_s_withdrawn.defence_ban")
    return (w - cs) / (cr - cs)


def test_chinas_types_best_replies_under_tariffs_differ(model) -> None:  # type: ignore[no-untyped-def]
    tree = model.tree

    def best(node: str) -> str:
        n = tree.nodes[tree.index[node]]
        return n.actions[
            max(range(len(n.actions)), key=lambda k: tree.nodes[n.children[k]].payoffs[1])
        ]

    assert best("dec_r_tariffs") == "climb_down"
    assert best("dec_s_tariffs") == "defence_ban"
    assert best("dec_r_withdrawn") == best("dec_s_withdrawn") == "defence_ban"


def test_the_us_november_move_depends_on_its_belief(model, analysis) -> None:  # type: ignore[no-untyped-def]
    q = _q_star(model)
    assert 0 < q < 1
    ranges = [r for _, r in analysis.belief_ranges if r.infoset == "us_november"]
    assert ranges
    for r in ranges:
        assert r.labels[0] == "retaliatory"
        assert r.intervals["carry_out"] == (q, 1)
        assert r.intervals["withdraw"] == (0, q)


def test_the_prior_changes_the_outcome_and_the_flip_is_bracketed(model, analysis) -> None:  # type: ignore[no-untyped-def]
    kinds = {p.outcomes for p in analysis.sweep}
    assert len(kinds) > 1  # the prior matters somewhere in its declared range
    assert analysis.flips is not None and analysis.flips.flips
    flip = analysis.flips.flips[0]
    assert flip.low <= _q_star(model) <= flip.high
    low_moves = set(analysis.sweep[0].moves)
    high_moves = set(analysis.sweep[-1].moves)
    assert "US hold at us_answer" in low_moves and "US hold at us_answer" not in high_moves
    text = " ".join(analysis.reading())
    assert "The answer flips as nodes.type.moves.retaliatory.probability crosses" in text


def test_bayes_on_the_path_and_off_path_beliefs_stated(model, analysis) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(analysis.reading())
    assert "At us_answer US should believe (Bayes' rule on the path) retaliatory 0.5" in text
    assert "needs the off-path belief retaliatory ≥" in text
    on = [b for b in analysis.beliefs if b.infoset == "us_november" and b.belief]
    assert on and all(b.belief["retaliatory"] == _q_star(model) for b in on)


def test_equilibria_are_grouped_by_outcome(analysis) -> None:  # type: ignore[no-untyped-def]
    groups = analysis.grouped
    assert sum(g.count for g in groups) == len(analysis.solution.equilibria)
    assert len({(g.play, g.payoffs) for g in groups}) == len(groups)
    data = analysis.to_dict()
    assert len(data["distinct_outcomes"]) == len(groups)
    assert data["orders"]["commits_first"][0]["leader"] == "US"
    assert data["prior"]["flips"]


def test_set_on_the_prior_moves_the_answer() -> None:
    low = read_tree_model(SEQUENCE, ["nodes.type.moves.retaliatory.probability=0.25"])
    high = read_tree_model(SEQUENCE, ["nodes.type.moves.retaliatory.probability=0.75"])
    from negotiation.extensive.analysis import solve_tree
    from negotiation.extensive.prior import signature

    assert signature(solve_tree(low.tree).equilibria) != signature(solve_tree(high.tree).equilibria)


def test_weak_pbe_check_rejects_an_spe_held_up_by_a_dominated_off_path_move() -> None:
    # Staying out is subgame perfect when the receiver would answer entry with b — but b
    # is worse than a whatever the receiver believes, so no belief justifies it: subgame
    # perfect (the tree has no proper subgame) but not weak perfect Bayesian.
    from negotiation.extensive.analysis import solve_tree
    from negotiation.extensive.beliefs import is_weak_pbe
    from negotiation.tree import Tree

    def sender() -> tuple:  # type: ignore[type-arg]
        return ("S", {"out": [0, 0], "in": ("R", {"a": [1, 1], "b": [-1, -1]})})

    t = Tree.build(
        ("S", "R"),
        ("chance", {"good": ("1/2", sender()), "bad": ("1/2", sender())}),
        infosets={"n1": "s_good", "n3": "r", "n6": "s_bad", "n8": "r"},
    )
    verdicts = {e.payoffs: is_weak_pbe(t, e) for e in solve_tree(t).equilibria}
    assert verdicts[(1, 1)] is True
    assert verdicts[(0, 0)] is False


TYPE_INPUTS = {
    "nodes.type.moves.retaliatory.set.interactions.climbdown.effects.China.security": (-1, 0),
    "nodes.type.moves.strategic.set.pressures.China.tariff_stability_need": (0.1, 0.5),
    "nodes.type.moves.strategic.set.levers.China.licensing.effects.China.security": (1.25, 1.5),
}


@pytest.mark.parametrize("corner", range(8))
def test_the_types_differ_at_every_corner_of_their_declared_ranges(corner: int) -> None:
    # The hidden information matters across the declared ranges, not at one point: under
    # carried-out tariffs a retaliatory China climbs down and a strategic one defies them,
    # and the US's November threshold stays strictly inside (0, 1).
    overrides = [
        f"{path}={bounds[(corner >> k) & 1]}"
        for k, (path, bounds) in enumerate(TYPE_INPUTS.items())
    ]
    m = read_tree_model(SEQUENCE, overrides)
    tree = m.tree

    def best(node: str) -> str:
        n = tree.nodes[tree.index[node]]
        pays = [tree.nodes[c].payoffs[1] for c in n.children]
        return n.actions[pays.index(max(pays))]

    assert best("dec_r_tariffs") == "climb_down"
    assert best("dec_s_tariffs") != "climb_down"
    assert 0 < _q_star(m) < 1
