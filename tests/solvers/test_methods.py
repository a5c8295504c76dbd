"""The one registry of solution methods (issue 9): the library, the CLI and README read it."""

from __future__ import annotations

import re

import pytest

from negotiation.cli.main import build_parser
from negotiation.errors import SolverError
from negotiation.game import Game
from negotiation.solvers import METHODS, OPTIONS, solve
from negotiation.solvers.methods import MATRIX_METHODS, REGISTRY, TREE_METHODS
from tests.repo_paths import ROOT


def _readme_rows() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| method | games | what it finds |")
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        name, games, what = (cell.strip() for cell in line.strip("|").split(" | "))
        rows.append((name.strip("`"), games, what))
    return rows


def test_readme_lists_exactly_the_registry() -> None:
    expected = [(m.name, ", ".join(m.games), m.description) for m in REGISTRY.values()]
    assert _readme_rows() == expected


def test_the_cli_choices_and_help_come_from_the_registry() -> None:
    parser = build_parser(["solve"])
    solve_parser = parser._subparsers._group_actions[0].choices["solve"]  # type: ignore[union-attr]
    (method,) = [a for a in solve_parser._actions if a.dest == "method"]
    assert tuple(method.choices) == tuple(REGISTRY)
    for m in REGISTRY.values():
        assert re.sub(r"\s+", " ", m.description) in re.sub(r"\s+", " ", method.help)


def test_the_library_dispatches_every_matrix_method_and_no_other() -> None:
    assert METHODS == MATRIX_METHODS and set(OPTIONS) == set(MATRIX_METHODS)
    assert set(MATRIX_METHODS) | set(TREE_METHODS) == set(REGISTRY)
    game = Game.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # a prisoner's dilemma
    pennies = Game.zero_sum([[1, -1], [-1, 1]])  # zero-sum needs a zero-sum game
    for name in MATRIX_METHODS:
        assert REGISTRY[name].solver is not None
        assert solve(pennies if name == "zero-sum" else game, name).to_dict()
    for name in set(TREE_METHODS) - set(MATRIX_METHODS):
        with pytest.raises(SolverError, match="unknown method"):
            solve(game, name)
