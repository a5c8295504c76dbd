"""Gambit .nfg: both bodies, exact numbers, round trips, and interchange with pygambit."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from negotiation.errors import NegotiationWarning, PayoffFileError, text_problem
from negotiation.files import (
    format_nfg,
    format_payoffs,
    parse_nfg,
    parse_payoffs,
    read_nfg,
    read_payoffs,
    write_payoffs,
)
from negotiation.game import Game
from tests.repo_paths import plain_payoff_files

PAYOFFS = Path(__file__).resolve().parent.parent.parent / "payoffs"
TEACHING = plain_payoff_files()  # typed-in payoff files only

# The sample files of the Gambit manual ("The strategic game (.nfg) file format", payoff
# and outcome versions): Selten (IJGT 1975), Figure 2, in normal form.
SELTEN_PAYOFF_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""
SELTEN_OUTCOME_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def test_gambit_manual_samples_define_the_same_game() -> None:
    by_payoffs = parse_nfg(SELTEN_PAYOFF_VERSION)
    by_outcomes = parse_nfg(SELTEN_OUTCOME_VERSION)
    assert by_payoffs == by_outcomes
    assert by_payoffs.title == "Selten (IJGT, 75), Figure 2, normal form"
    assert by_payoffs.players == ("Player 1", "Player 2")
    assert by_payoffs.moves == (("1", "2", "3"), ("1", "2"))
    # cells listed with player 1's strategy changing fastest (Gambit manual)
    assert by_payoffs.payoff(("1", "1")) == (1, 1)
    assert by_payoffs.payoff(("2", "1")) == (0, 2)
    assert by_payoffs.payoff(("3", "1")) == (0, 2)
    assert by_payoffs.payoff(("1", "2")) == (1, 1)
    assert by_payoffs.payoff(("2", "2")) == (0, 3)
    assert by_payoffs.payoff(("3", "2")) == (2, 0)


def test_rationals_decimals_comment_and_escapes() -> None:
    text = r"""NFG 1 D "say \"hi\"" { "A" "" } { { "x" "" } { "y" } }
"a comment
on two lines"
3/2 -.5 1e2 +2
"""
    game = parse_nfg(text)
    assert game.title == 'say "hi"'
    assert game.players == ("A", "Player 2")  # empty labels get Gambit-style defaults
    assert game.moves == (("x", "2"), ("y",))
    assert game.description == "a comment\non two lines"
    assert game.payoff(("x", "y")) == (Fraction(3, 2), Fraction(-1, 2))
    assert game.payoff(("2", "y")) == (100, 2)
    decimals = parse_nfg('NFG 1 R "" { "A" } { 2 } 0.125 -2.50')
    assert decimals.payoff((0,)) == (Fraction(1, 8),) and decimals.payoff((1,)) == (
        Fraction(-5, 2),
    )


def test_outcome_zero_means_all_zero() -> None:
    game = parse_nfg('NFG 1 R "" { "A" "B" } { 2 1 } { { "win" 5, -5 } } 1 0')
    assert game.payoff((0, 0)) == (5, -5) and game.payoff((1, 0)) == (0, 0)


@pytest.mark.parametrize("body", ["payoffs", "outcomes"])
@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_yaml_nfg_yaml_round_trip(path: Path, body: str, tmp_path: Path) -> None:
    game = read_payoffs(path)
    write_payoffs(game, tmp_path / "g.nfg", nfg_body=body)
    back = read_nfg(tmp_path / "g.nfg")
    assert back == game  # players, moves and exact payoffs
    assert back.title == game.title and back.description == game.description
    write_payoffs(back, tmp_path / "g.yaml")
    assert read_payoffs(tmp_path / "g.yaml") == game


numbers = st.fractions(min_value=-1000, max_value=1000, max_denominator=50) | st.integers(
    -(10**12), 10**12
)
# any label but one with a backslash, which Gambit's reader keeps only before a quote
labels = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\\"),
    min_size=1,
    max_size=8,
).filter(lambda s: s.strip() == s and s.strip() and text_problem(s, name=True) is None)


@st.composite
def games(draw: st.DrawFn) -> Game:
    n = draw(st.integers(1, 3))
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    moves = [draw(st.lists(labels, min_size=1, max_size=3, unique=True)) for _ in range(n)]
    shape = [len(m) for m in moves]
    size = 1
    for k in shape:
        size *= k
    flat = draw(st.lists(numbers, min_size=n * size, max_size=n * size))
    import numpy as np

    array = np.array(flat, dtype=object).reshape([n, *shape])
    title = draw(
        st.text(
            st.characters(blacklist_characters='"\\', blacklist_categories=("Cs",)), max_size=12
        ).filter(lambda s: text_problem(s) is None)
    )
    return Game(players, moves, array, title=title)


@settings(max_examples=60, deadline=None)
@given(games())
def test_round_trips_preserve_everything(game: Game) -> None:
    via_nfg = parse_nfg(format_nfg(game))
    via_outcomes = parse_nfg(format_nfg(game, body="outcomes"))
    via_yaml = parse_payoffs(format_payoffs(game))
    assert via_nfg == game and via_outcomes == game and via_yaml == game
    assert via_yaml.title == game.title
    assert parse_payoffs(format_payoffs(via_nfg)) == game


@settings(max_examples=100, deadline=None)
@given(
    st.text(st.characters(blacklist_characters='"\\', blacklist_categories=("Cs",)), max_size=12)
)
@example("\x85")  # NEL: a line break to YAML 1.1 and str.splitlines, once written raw
@example("a\u2028b")  # LINE SEPARATOR, likewise
@example("a\r\nb")  # CRLF inside a title: kept
@example("\x1c")  # a file separator: str.splitlines breaks there too
def test_a_title_round_trips_or_is_refused_on_both_sides(title: str) -> None:
    """Writer and reader agree: a title is written and read back unchanged, or refused
    by both — by ``Game`` (so no writer ever writes it) and by the reader, at the title's
    position (so a hand-written file cannot smuggle it in)."""
    import json

    from negotiation.errors import GameError

    if text_problem(title) is None:
        game = Game.from_matrices([[1]], [[2]], title=title)
        assert parse_nfg(format_nfg(game)).title == title
        assert parse_payoffs(format_payoffs(game)).title == title
        return
    with pytest.raises(GameError):
        Game.from_matrices([[1]], [[2]], title=title)
    text = format_payoffs(Game.from_matrices([[1]], [[2]], title="PLACEHOLDER"))
    line = next(k for k, ln in enumerate(text.split("\n"), 1) if "PLACEHOLDER" in ln)
    with pytest.raises(PayoffFileError) as info:
        parse_payoffs(text.replace("PLACEHOLDER", json.dumps(title)))  # a YAML escape
    assert info.value.line == line and "U+" in info.value.message


# ------------------------------------------------------------------ pygambit interop
def _pygambit():  # type: ignore[no-untyped-def]
    return pytest.importorskip(
        "pygambit", reason="pygambit (GPL, optional test dependency) checks .nfg interchange"
    )


@pytest.mark.parametrize("body", ["payoffs", "outcomes"])
@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_pygambit_reads_our_nfg(path: Path, body: str, tmp_path: Path) -> None:
    gbt = _pygambit()
    game = read_payoffs(path)
    target = tmp_path / "g.nfg"
    write_payoffs(game, target, nfg_body=body)
    theirs = gbt.read_nfg(str(target))
    assert theirs.title == game.title
    assert [p.label for p in theirs.players] == list(game.players)
    assert [[s.label for s in p.strategies] for p in theirs.players] == [
        list(m) for m in game.moves
    ]
    for idx in game.profiles():
        for i, player in enumerate(game.players):
            assert Fraction(str(theirs[list(idx)][player])) == game.exact[(i, *idx)]


def test_we_read_pygambit_nfg(tmp_path: Path) -> None:
    gbt = _pygambit()
    theirs = gbt.Game.new_table([2, 3], title="made by pygambit")
    alice, bob = list(theirs.players)
    alice.label = "Alice"
    bob.label = "Bob"
    for k, strategy in enumerate(bob.strategies):
        strategy.label = f"s{k}"
    values = {}
    for i in range(2):
        for j in range(3):
            values[(i, j)] = (Fraction(i + 1, j + 2), Fraction(-j, 3) + i)
            outcome = theirs[[i, j]]
            outcome["Alice"] = gbt.Rational(
                values[(i, j)][0].numerator, values[(i, j)][0].denominator
            )
            outcome["Bob"] = gbt.Rational(
                values[(i, j)][1].numerator, values[(i, j)][1].denominator
            )
    text = theirs.to_nfg()
    ours = parse_nfg(text, "pygambit.nfg")
    assert ours.title == "made by pygambit"
    assert ours.players == ("Alice", "Bob")
    assert ours.moves[1] == ("s0", "s1", "s2")
    for (i, j), expected in values.items():
        assert ours.payoff((i, j)) == expected


def test_pygambit_reads_quotes_and_rationals(tmp_path: Path) -> None:
    gbt = _pygambit()
    game = Game.from_matrices(
        [[Fraction(3, 2), Fraction(-1, 3)]],
        [[Fraction(1, 8), 7]],
        players=('the "hawk"', "dove"),
        moves=(('say "no"',), ("wait", "give in")),
        title='a "quoted" title',
    )
    target = tmp_path / "q.nfg"
    write_payoffs(game, target)
    theirs = gbt.read_nfg(str(target))
    assert theirs.title == 'a "quoted" title'
    assert [p.label for p in theirs.players] == ['the "hawk"', "dove"]
    assert [s.label for s in next(iter(theirs.players)).strategies] == ['say "no"']
    assert Fraction(str(theirs[[0, 1]]['the "hawk"'])) == Fraction(-1, 3)
    assert parse_nfg(theirs.to_nfg()) == game


# ---------------------------------------------------- repeated labels (issue 9 item 9)
REPEATED = Path(__file__).resolve().parent.parent / "data" / "nfg_repeated_labels.nfg"


def test_repeated_strategy_labels_load_renamed_with_a_warning() -> None:
    # Gambit accepts repeated labels; we rename them label_1, label_2 and say so
    with pytest.warns(NegotiationWarning, match=r'"C" renamed C_1, C_2 \(as pygambit does\)'):
        game = read_payoffs(REPEATED)
    assert game.moves == (("C_1", "C_2"), ("C", "D"))


def test_repeated_labels_are_renamed_as_pygambit_renames_them() -> None:
    gbt = _pygambit()
    theirs = gbt.read_nfg(str(REPEATED))
    with pytest.warns(NegotiationWarning):
        ours = read_payoffs(REPEATED)
    assert [[s.label for s in p.strategies] for p in theirs.players] == [
        list(m) for m in ours.moves
    ]


def test_repeated_player_names_are_renamed_too() -> None:
    text = 'NFG 1 R "x" { "P" "P" } { { "x" "y" "x" } { "a" } }\n1 1 2 2 3 3\n'
    with pytest.warns(NegotiationWarning) as record:
        game = parse_nfg(text, "g.nfg")
    assert game.players == ("P_1", "P_2")
    assert game.moves[0] == ("x_1", "y", "x_2")
    assert len(record) == 2


def test_renaming_that_would_collide_is_refused_with_a_position() -> None:
    text = 'NFG 1 R "x" { "A" "B" } { { "x" "x" "x_1" } { "a" } }\n1 1 2 2 3 3\n'
    with pytest.raises(PayoffFileError, match='repeated label "x_1"'):
        parse_nfg(text, "g.nfg")
