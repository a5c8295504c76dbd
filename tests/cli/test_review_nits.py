"""Small surprises a new user met on the command line, each kept fixed by one test."""

from __future__ import annotations

import pytest

from negotiation.cli.main import main
from tests.repo_paths import PAYOFFS

SCENARIO = PAYOFFS / "us_china_rare_earths.yaml"


def test_validate_shows_a_value_outside_its_range(tmp_path, capsys):
    """A percentage typed where a 0-1 index goes loads (the model extrapolates), and
    ``show``/``solve`` warn; ``validate``, the command that checks a file, said only "ok"."""
    text = SCENARIO.read_text(encoding="utf-8")
    slip = "    deflation:\n      value: 0.6\n"
    assert slip in text
    path = tmp_path / "percent.yaml"
    path.write_text(text.replace(slip, "    deflation:\n      value: 60\n", 1), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert ": ok (" in out
    (line,) = err.splitlines()
    assert line.startswith(f"warning: {path}: pressure China.deflation = 60 is outside")


def test_validate_of_a_clean_file_warns_nothing(capsys):
    assert main(["validate", str(SCENARIO), str(PAYOFFS / "prisoners_dilemma.yaml")]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("target", ["ease_chips", "ease_chips,suspend,hold"])
def test_folk_target_with_the_wrong_number_of_moves(target, capsys):
    """It said "a profile names one move per player (2)", naming neither flag nor order."""
    assert main(["folk", str(SCENARIO), "--target", target]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        f"error: --target {target}: name one move per player, in the order US, China — "
        "e.g. --target ease_chips,suspend"
    )


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        ("1 + (deflation", "'(' was never closed"),
        ("max(deflation, 1]", "closing parenthesis ']' does not match opening parenthesis '('"),
        ("deflation + 1)", "unmatched ')'"),
    ],
)
def test_a_formula_syntax_error_keeps_its_reason_whole(formula, reason):
    """The reason "'(' was never closed" was cut at its first parenthesis, to ": '"."""
    from negotiation.errors import PayoffFileError
    from negotiation.scenario.formula import parse_formula

    with pytest.raises(PayoffFileError) as caught:
        parse_formula(formula)
    assert f"cannot read formula '{formula}': {reason} — " in str(caught.value)


def test_convert_names_what_it_would_drop_in_one_sentence(tmp_path, capsys):
    """It read "would drop the move descriptions; the 2 source(s) — give --lossy"."""
    out = tmp_path / "pd.nfg"
    assert main(["convert", str(PAYOFFS / "prisoners_dilemma.yaml"), str(out)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert ";" not in line
    assert line.startswith(f"error: writing {out} would drop the move descriptions and the 2 ")
    assert line.endswith(" — give --lossy to convert anyway")
    assert not out.exists()
