"""Reading and writing YAML payoff files (format v1)."""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import pytest

from negotiation.errors import OverrideError, PayoffFileError
from negotiation.files import format_payoffs, parse_payoffs, read_payoffs, write_payoffs
from negotiation.game import Game, Source

PAYOFFS = Path(__file__).resolve().parent.parent.parent / "payoffs"
TEACHING = [
    "prisoners_dilemma",
    "chicken",
    "battle_of_the_sexes",
    "stag_hunt",
    "matching_pennies",
    "rock_paper_scissors",
    "deadlock",
    "coordination",
]


def _cells(game: Game) -> dict[tuple[str, ...], tuple[Fraction, ...]]:
    return {game.profile_names(idx): game.payoff(idx) for idx in game.profiles()}


def test_prisoners_dilemma_has_axelrods_payoffs() -> None:
    # Axelrod (1984), The Evolution of Cooperation, p. 8: R=3, S=0, T=5, P=1
    game = read_payoffs(PAYOFFS / "prisoners_dilemma.yaml")
    assert game.players == ("Row", "Column")
    assert game.moves == (("cooperate", "defect"), ("cooperate", "defect"))
    assert _cells(game) == {
        ("cooperate", "cooperate"): (3, 3),
        ("cooperate", "defect"): (0, 5),
        ("defect", "cooperate"): (5, 0),
        ("defect", "defect"): (1, 1),
    }
    assert game.move_descriptions[0][0] == "keep the deal"
    assert game.sources[0].citation.startswith("Axelrod")


def test_textbook_payoffs() -> None:
    # Osborne (2004), sections 2.3-2.5: Bach or Stravinsky, Matching Pennies, Stag Hunt
    bos = read_payoffs(PAYOFFS / "battle_of_the_sexes.yaml")
    assert bos.payoff(("Bach", "Bach")) == (2, 1)
    assert bos.payoff(("Stravinsky", "Stravinsky")) == (1, 2)
    assert bos.payoff(("Bach", "Stravinsky")) == (0, 0)
    pennies = read_payoffs(PAYOFFS / "matching_pennies.yaml")
    assert pennies.is_constant_sum and pennies.payoff(("Head", "Head")) == (1, -1)
    stag = read_payoffs(PAYOFFS / "stag_hunt.yaml")
    assert stag.payoff(("Stag", "Stag")) == (2, 2) and stag.payoff(("Stag", "Hare")) == (0, 1)
    # Shoham & Leyton-Brown (2009), section 3.2.3: rock, paper, scissors is zero-sum
    rps = read_payoffs(PAYOFFS / "rock_paper_scissors.yaml")
    assert rps.shape == (3, 3) and rps.payoff(("Paper", "Rock")) == (1, -1)
    assert all(sum(rps.payoff(idx)) == 0 for idx in rps.profiles())


def test_ordinal_game_rankings() -> None:
    # Snyder & Diesing (1977), ch. 2: Chicken is T > R > S > P, Deadlock is T > P > R > S
    def ranks(name: str) -> tuple[Fraction, ...]:
        g = read_payoffs(PAYOFFS / f"{name}.yaml")
        c, d = g.moves[0]
        return (g.payoff((d, c))[0], g.payoff((c, c))[0], g.payoff((c, d))[0], g.payoff((d, d))[0])

    t, r, s, p = ranks("chicken")
    assert t > r > s > p
    t, r, s, p = ranks("deadlock")
    assert t > p > r > s
    t, r, s, p = ranks("prisoners_dilemma")
    assert t > r > p > s and 2 * r > t + s  # Axelrod's two conditions


@pytest.mark.parametrize("name", TEACHING)
def test_teaching_files_are_complete(name: str) -> None:
    game = read_payoffs(PAYOFFS / f"{name}.yaml")
    assert game.title and game.description
    assert all(line for lines in game.move_descriptions for line in lines)
    assert game.sources and all(s.citation and s.supports for s in game.sources)


def test_numbers_are_exact() -> None:
    text = """
version: 1
title: exact
players:
  - {name: A, moves: {x: ''}}
  - {name: B, moves: [y, z]}
payoffs:
  x:
    y: [0.1, "3/2"]
    z: {B: -2.25, A: " -7/3 "}
"""
    game = parse_payoffs(text)
    assert game.payoff(("x", "y")) == (Fraction(1, 10), Fraction(3, 2))
    assert game.payoff(("x", "z")) == (Fraction(-7, 3), Fraction(-9, 4))
    assert game.moves == (("x",), ("y", "z"))


def test_three_players_nested_three_deep() -> None:
    text = """
version: 1
title: three
players:
  - {name: A, moves: [a1, a2]}
  - {name: B, moves: [b1]}
  - {name: C, moves: [c1, c2]}
payoffs:
  a1: {b1: {c1: [1, 2, 3], c2: [4, 5, 6]}}
  a2: {b1: {c1: [7, 8, 9], c2: {A: 10, B: 11, C: 12}}}
"""
    game = parse_payoffs(text)
    assert game.shape == (2, 1, 2)
    assert game.payoff(("a2", "b1", "c2")) == (10, 11, 12)
    assert game.exact.shape == (3, 2, 1, 2)
    # and it round-trips through YAML and .nfg
    assert parse_payoffs(format_payoffs(game)) == game


def test_numeric_move_labels_are_text() -> None:
    text = (
        "version: 1\ntitle: t\nplayers:\n  - {name: A, moves: {1: one, 2: two}}\n"
        "payoffs: {1: [0], 2: [1]}\n"
    )
    game = parse_payoffs(text)
    assert game.moves == (("1", "2"),)
    assert game.payoff(("2",)) == (1,)


def test_open_files_and_bytes() -> None:
    text = (PAYOFFS / "stag_hunt.yaml").read_text()
    from_stream = read_payoffs(io.StringIO(text))
    from_bytes = read_payoffs(io.BytesIO(text.encode()))
    assert from_stream == from_bytes == parse_payoffs(text.encode())


def test_scenario_files_are_refused_with_a_pointer_to_the_loader() -> None:
    # files/ never imports scenario/ (issue 9): the workflows loader builds scenarios
    with pytest.raises(PayoffFileError, match=r"scenario file.*load_model"):
        parse_payoffs("pressures: {US: {}}\nchannels: [tariffs]\n", "s.yaml")


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    for name in TEACHING:
        game = read_payoffs(PAYOFFS / f"{name}.yaml")
        target = tmp_path / f"{name}.yaml"
        write_payoffs(game, target)
        again = read_payoffs(target)
        assert again == game
        assert again.title == game.title and again.description == game.description
        assert again.move_descriptions == game.move_descriptions
        assert again.sources == game.sources


def test_write_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "g.yaml"
    target.write_text("# mine\n")
    game = Game.from_matrices([[1]], [[1]])
    with pytest.raises(PayoffFileError, match="already exists"):
        write_payoffs(game, target)
    assert target.read_text() == "# mine\n"


def test_rewrite_keeps_comments_and_spelling(tmp_path: Path) -> None:
    target = tmp_path / "pd.yaml"
    original = (PAYOFFS / "prisoners_dilemma.yaml").read_text()
    target.write_text(original)
    game = read_payoffs(target)
    changed = game.with_payoffs([[[3, 0], [5, Fraction(3, 2)]], [[3, 5], [0, Fraction(3, 2)]]])
    write_payoffs(changed, target, overwrite=True)
    text = target.read_text()
    assert read_payoffs(target) == changed
    assert "# R: reward for mutual cooperation" in text  # a comment beside a cell
    assert "# most conciliatory first" in text
    assert "defect: [1.5, 1.5]" in text
    assert text.splitlines()[:2] == original.splitlines()[:2]


def test_rational_written_as_text(tmp_path: Path) -> None:
    game = Game.from_matrices([[Fraction(2, 3), 0.25]], [[-1, Fraction(1, 2048)]])
    text = format_payoffs(game)
    assert "c1: [2/3, -1]" in text and "c2: [0.25, 1/2048]" in text
    assert parse_payoffs(text) == game


def test_read_with_overrides() -> None:
    game = read_payoffs(
        PAYOFFS / "prisoners_dilemma.yaml",
        ["payoffs.defect.defect.0=2", "payoffs.defect.defect.1=3/2"],
    )
    assert game.payoff(("defect", "defect")) == (2, Fraction(3, 2))


def test_override_error_is_positioned_in_the_file() -> None:
    # an override that makes the file invalid is reported where the value sits
    with pytest.raises(PayoffFileError) as info:
        read_payoffs(PAYOFFS / "prisoners_dilemma.yaml", ["payoffs.defect.defect.0=3/0"])
    assert (info.value.line, info.value.col) == (25, 14)
    assert "divides by zero" in info.value.message


def test_override_values_go_through_the_number_reader() -> None:
    # .inf is refused when the --set value is read, as it would be in a file
    with pytest.raises(OverrideError, match="must be a finite number, got inf"):
        read_payoffs(PAYOFFS / "prisoners_dilemma.yaml", ["payoffs.defect.defect.0=.inf"])


def test_source_dataclass_is_kept() -> None:
    game = read_payoffs(PAYOFFS / "prisoners_dilemma.yaml")
    assert isinstance(game.sources[0], Source)


def test_rewrite_keeps_mapping_cells_and_block_descriptions(tmp_path: Path) -> None:
    target = tmp_path / "g.yaml"
    target.write_text(
        """version: 1
title: t
description: >
  folded text
  over two lines
players:
  - {name: A, moves: [x, y]}
  - {name: B, moves: [z]}
payoffs:
  x: {z: {B: 1, A: 2}}   # B first on purpose
  y: {z: [3, 4]}
"""
    )
    game = read_payoffs(target)
    write_payoffs(game.with_payoffs([[[5], [3]], [[6], [4]]]), target, overwrite=True)
    text = target.read_text()
    assert "x: {z: {B: 6, A: 5}}   # B first on purpose" in text
    assert "description: >\n  folded text\n  over two lines\n" in text
    assert read_payoffs(target).payoff(("x", "z")) == (5, 6)
