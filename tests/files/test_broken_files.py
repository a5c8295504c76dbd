"""Every malformed payoff file gives one positioned message at the offending text.

Each fixture in ``tests/data/broken/`` is checked for the exact ``line:col`` and a
fragment of the message. The positions were checked by hand against the fixture text
(the comment beside each row says which token is meant).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.errors import NegotiationError, PayoffFileError
from negotiation.files import read_payoffs

BROKEN = Path(__file__).resolve().parent.parent / "data" / "broken"

# file name -> (line, col, fragment of the message)
EXPECTED: dict[str, tuple[int, int, str]] = {
    # YAML syntax and encoding
    "syntax_unclosed_bracket.yaml": (
        16,
        9,
        "close the '[' at line 15, column 13",
    ),  # the ':' after an unclosed [
    "tab_indentation.yaml": (17, 1, "tab character used for indentation"),
    "empty.yaml": (1, 1, "the file is empty"),  # only a comment
    "zero_bytes.yaml": (1, 1, "the file is empty"),
    "binary_file.yaml": (3, 4, "binary file"),  # the NUL byte after "pla"
    "invalid_utf8.yaml": (6, 28, "not valid UTF-8"),  # the latin-1 é in "d\xe9al"
    "top_level_list.yaml": (1, 1, "the top level must be a mapping"),
    "python_tag.yaml": (2, 8, "YAML tag '!!python/object/apply:os.system' is not allowed"),
    "alias.yaml": (17, 16, "aliases"),  # the *cell
    "duplicate_move_key.yaml": (7, 7, "duplicate key 'cooperate' (first at line 6)"),
    # schema: keys and types
    "wrong_version.yaml": (1, 10, "unsupported format version 2"),
    "missing_version.yaml": (1, 1, "missing key 'version'"),
    "unknown_top_level_key.yaml": (19, 1, "unknown key 'soruces' — did you mean 'sources'?"),
    "unknown_player_key.yaml": (9, 5, "unknown key 'moevs' in player 2 — did you mean 'moves'?"),
    "player_not_a_mapping.yaml": (4, 5, "each player must be a mapping"),
    # players and moves
    "duplicate_player.yaml": (8, 11, "duplicate player name 'Row' (first at line 4)"),
    "duplicate_move_in_list.yaml": (9, 24, "duplicate move 'cooperate' for Column"),
    "empty_move_name.yaml": (11, 7, "a move of Column has an empty name"),
    # cells
    "missing_cell.yaml": (16, 3, "missing payoffs for Column's move 'defect'"),  # at 'defect:'
    "extra_cell.yaml": (19, 5, "'betray' is not a move of Column"),
    "unknown_move_in_payoffs.yaml": (
        16,
        3,
        "'defct' is not a move of Row — did you mean 'defect'?",
    ),
    "wrong_payoff_count.yaml": (
        15,
        13,
        "the cell (cooperate, defect) has 3 payoffs but the game has 2",
    ),
    "cell_not_a_list.yaml": (17, 16, "must list one payoff per player"),
    "too_deep.yaml": (15, 7, "'cooperate' is not a player"),
    # numbers
    "non_numeric_payoff.yaml": (15, 17, "payoff must be a number, got the text 'high'"),
    "boolean_payoff.yaml": (14, 17, "payoff must be a number, got the boolean true"),
    "infinite_payoff.yaml": (17, 17, "payoff must be a finite number, got .inf"),
    "nan_payoff.yaml": (18, 17, "payoff must be a finite number, got .nan"),
    "division_by_zero.yaml": (18, 17, "divides by zero"),
    # Gambit .nfg
    "nfg_bad_header.nfg": (1, 1, "starts with 'NFG 1 R', found 'NGF'"),
    "nfg_efg_file.nfg": (1, 1, "extensive-form (.efg) file"),
    "nfg_unterminated_label.nfg": (1, 22, "no closing double quote"),  # "Column
    "nfg_missing_strategy_list.nfg": (2, 15, "opening the strategies of Column"),
    "nfg_too_few_payoffs.nfg": (9, 1, "the file ends after 7 of 8 payoffs"),
    "nfg_extra_payoffs.nfg": (9, 1, "extra text after the last payoff"),
    # Gambit order: the first player's strategy changes fastest, so line 6 is (D, C)
    "nfg_non_numeric_payoff.nfg": (
        6,
        3,
        "expected Column's payoff in the cell (D, C), found 'zero'",
    ),
    "nfg_bad_number.nfg": (7, 3, "'5.5.5' is not a number"),
    "nfg_divide_by_zero.nfg": (7, 3, "the payoff 5/0 divides by zero"),
    "nfg_outcome_out_of_range.nfg": (9, 5, "outcome 3 does not exist (the file defines 2)"),
    "nfg_outcome_payoff_count.nfg": (7, 8, "outcome 2 has 1 payoff but the game has 2 players"),
}


def test_every_fixture_is_in_the_table() -> None:
    on_disk = {p.name for p in BROKEN.iterdir()}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_exact_position(name: str) -> None:
    line, col, fragment = EXPECTED[name]
    path = BROKEN / name
    with pytest.raises(PayoffFileError) as info:
        read_payoffs(path)
    error = info.value
    assert (error.path, error.line, error.col) == (str(path), line, col)
    assert fragment in str(error)
    assert str(error).startswith(f"{path}:{line}:{col}: ")
    assert error.hint, "every message says how to fix it"


def test_missing_file() -> None:
    with pytest.raises(PayoffFileError, match=r"nope\.yaml: no such file — check the path"):
        read_payoffs("nope.yaml")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(PayoffFileError, match="this is a folder"):
        read_payoffs(tmp_path)


def test_tag_is_never_constructed(tmp_path: Path) -> None:
    """A !!python tag must not run code: the marker file must not appear."""
    marker = tmp_path / "hacked"
    text = f'version: 1\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(PayoffFileError, match="not allowed"):
        read_payoffs_text(text)
    assert not marker.exists()


def read_payoffs_text(text: str) -> object:
    from negotiation.files import parse_payoffs

    return parse_payoffs(text, "t.yaml")


def test_errors_are_negotiation_errors() -> None:
    assert issubclass(PayoffFileError, NegotiationError)


def test_tabs_inside_text_are_fine() -> None:
    from negotiation.files import parse_yaml

    doc = parse_yaml('a: |\n  x\n  \ty\nb: "p\tq"\n')
    assert doc.data["a"] == "x\n\ty\n" and doc.data["b"] == "p\tq"
