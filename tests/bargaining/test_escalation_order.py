"""An explicit escalation order (``escalation:`` per player) instead of display order.

Leverage reads "most conciliatory" and "most escalatory" from
:meth:`NegotiationInputs.escalation_ranks`, so a payoff file may list its moves in the
order that shows the matrix best (battle of the sexes with the coordination outcomes on
the diagonal, as Osborne 2004 prints it) without changing any leverage number.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import Game
from negotiation.bargaining import bargain, leverage
from negotiation.errors import PayoffFileError
from negotiation.files import parse_document
from negotiation.inputs import NegotiationInputs
from negotiation.workflows.load import build_model, load_model
from tests.repo_paths import PAYOFFS

MOVES = ("a", "b", "c")


def _facts(game: Game, inputs: NegotiationInputs) -> tuple:
    """What leverage says, keyed by move names (so display order cannot matter)."""
    lev = leverage(game, inputs)
    per = lev.per_player
    return (
        lev.disagreement.payoffs,
        lev.disagreement.profile,
        lev.threat_reference,
        tuple(
            None if per[p].threat is None else (per[p].threat.move, per[p].threat.power)
            for p in game.players
        ),
        tuple(frozenset((t.move, t.kind, t.credible) for t in per[p].moves) for p in game.players),
    )


@settings(deadline=None, max_examples=60)  # the machine is shared: no wall-clock deadline
@given(
    a=st.lists(st.integers(-5, 5), min_size=9, max_size=9),
    b=st.lists(st.integers(-5, 5), min_size=9, max_size=9),
    rows=st.permutations(range(3)),
    cols=st.permutations(range(3)),
)
def test_reordering_the_display_with_a_declared_order_changes_nothing(a, b, rows, cols):
    """Relabelling property: permute the listed moves, declare the old order — same leverage."""
    A, B = np.array(a).reshape(3, 3), np.array(b).reshape(3, 3)
    game = Game.from_matrices(A.tolist(), B.tolist(), moves=(MOVES, MOVES))
    shown = Game.from_matrices(
        A[np.ix_(rows, cols)].tolist(),
        B[np.ix_(rows, cols)].tolist(),
        moves=(tuple(MOVES[r] for r in rows), tuple(MOVES[c] for c in cols)),
    )
    declared = NegotiationInputs(shown.players, escalation={"Row": MOVES, "Column": MOVES})
    assert _facts(shown, declared) == _facts(game, NegotiationInputs.defaults(game))


def test_without_a_declared_order_display_order_is_escalation_order():
    game = Game.from_matrices([[1, 0], [0, 2]], [[2, 0], [0, 1]])
    assert NegotiationInputs.defaults(game).escalation_ranks(game) == ((0, 1), (0, 1))


def test_battle_of_the_sexes_is_laid_out_as_in_the_textbook():
    """Osborne (2004), *An Introduction to Game Theory*, §2.3 (Bach or Stravinsky?), p. 18:
    Bach first for both players; (2, 1) and (1, 2) on the diagonal, 0, 0 off it."""
    model = load_model(PAYOFFS / "battle_of_the_sexes.yaml")
    game = model.game
    assert game.moves == (("Bach", "Stravinsky"), ("Bach", "Stravinsky"))
    a, b = game.matrices(exact=True)
    assert [[(a[i][j], b[i][j]) for j in range(2)] for i in range(2)] == [
        [(2, 1), (0, 0)],
        [(0, 0), (1, 2)],
    ]
    assert model.inputs.escalation == {
        "Player 1": ("Stravinsky", "Bach"),
        "Player 2": ("Bach", "Stravinsky"),
    }


def test_battle_of_the_sexes_leverage_is_that_of_the_escalation_order():
    """The reorder changes only the display: leverage and the deal equal those of the
    same game listed in escalation order (each side's giving-in move first)."""
    model = load_model(PAYOFFS / "battle_of_the_sexes.yaml")
    listed = Game.from_matrices(
        [[0, 1], [2, 0]],  # Player 1: Stravinsky (give in), Bach (insist)
        [[0, 2], [1, 0]],  # Player 2: Bach (give in), Stravinsky (insist)
        players=("Player 1", "Player 2"),
        moves=(("Stravinsky", "Bach"), ("Bach", "Stravinsky")),
    )
    plain = NegotiationInputs.defaults(listed)
    assert _facts(model.game, model.inputs) == _facts(listed, plain)
    assert leverage(model.game, model.inputs).threat_reference == (
        "the most conciliatory outcome (Stravinsky / Bach)"
    )
    deal = bargain(model.game, model.inputs).nash
    assert deal.payoffs == bargain(listed, plain).nash.payoffs == (Fraction(3, 2), Fraction(3, 2))


GAME = """\
version: 1
title: t
players:
  - name: A
    moves: [x, y]
    escalation: {order}
  - name: B
    moves: [x, y]
payoffs: {{x: {{x: [1, 1], y: [0, 0]}}, y: {{x: [0, 0], y: [2, 2]}}}}
"""


@pytest.mark.parametrize(
    ("order", "position", "message"),
    [
        ("[y, z]", "6:21", "'z' in the escalation order of A is not one of its moves"),
        ("[y, y]", "6:21", "'y' appears twice in the escalation order of A (first as item 1)"),
        ("[y]", "6:17", "the escalation order of A leaves out x"),
        ("y", "6:17", "the escalation order of A must be a list"),
    ],
)
def test_a_bad_escalation_order_is_one_positioned_line(order, position, message):
    with pytest.raises(PayoffFileError) as info:
        build_model(parse_document(GAME.format(order=order), "game.yaml"), "game.yaml")
    text = str(info.value).splitlines()[0]
    assert text.startswith(f"game.yaml:{position}: {message}"), text


def test_convert_keeps_the_declared_escalation_order(tmp_path, capsys):
    """``convert`` to YAML writes each player's ``escalation:`` back (it used to drop it
    silently, changing leverage on the copy); to ``.nfg``, which has no place for it,
    the order is named among what would be lost."""
    from negotiation.cli.main import main

    source = PAYOFFS / "battle_of_the_sexes.yaml"
    original = load_model(source)
    assert original.inputs.escalation  # the file declares one (Osborne's layout)
    copy = tmp_path / "copy.yaml"
    assert main(["convert", str(source), str(copy)]) == 0
    converted = load_model(copy)
    assert dict(converted.inputs.escalation) == dict(original.inputs.escalation)
    assert _facts(converted.game, converted.inputs) == _facts(original.game, original.inputs)
    capsys.readouterr()
    assert main(["convert", str(source), str(tmp_path / "copy.nfg")]) == 1
    assert "the declared escalation order" in capsys.readouterr().err
