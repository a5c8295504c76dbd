"""diff_scenarios: what changed between two versions."""

from __future__ import annotations

from negotiation.files import parse_yaml
from negotiation.game import Game
from negotiation.scenario import build_scenario
from negotiation.workflows.compare import diff_documents, diff_scenarios, equilibria_summary


def _small(text: str):  # type: ignore[no-untyped-def]
    return build_scenario(parse_yaml(text, "s.yaml"))


def test_identical_versions_have_no_differences(small_text: str) -> None:
    d = diff_scenarios(_small(small_text), _small(small_text))
    assert not d.changed
    assert d.equilibria_before == d.equilibria_after


def test_a_pressure_change_reaches_weights_and_payoffs(small_text: str) -> None:
    a = _small(small_text)
    b = a.with_overrides(["pressures.B.fear=4"])
    d = diff_scenarios(a, b, analyses=False)
    assert [str(c) for c in d.inputs] == ["pressures.B.fear.value: 2 -> 4"]
    # B's security weight is fear / 2 + A.need: 1.5 -> 2.5
    assert [str(c) for c in d.derived] == ["B weights.security: 1.5 -> 2.5"]
    # only cells where B's security moves: (calm, ban) and (tax, ban), B's payoff, +1.5 x 1
    assert [str(c) for c in d.payoffs] == [
        "calm / ban: B: 1.25 -> 2.75",
        "tax / ban: B: -4.75 -> -3.25",
    ]


def test_equilibria_of_the_small_scenario(small_text: str) -> None:
    # by hand (payoffs in test_build): B's ban is dominant (1.25 > 0, -4.75 > -4);
    # against ban A prefers calm (-2 > -4): the only equilibrium is (calm, ban)
    lines, _ = equilibria_summary(_small(small_text).game)
    assert lines == ("(calm; ban) payoffs (-2, 1.25)",)


def test_a_game_and_a_scenario_compare_payoffs_only(small_text: str) -> None:
    s = _small(small_text)
    game = s.game.with_payoffs(s.game.exact)
    d = diff_scenarios(s, game, analyses=False)
    assert not d.payoffs and not d.inputs
    assert any("plain game" in n for n in d.notes)


def test_different_moves_are_reported(small_text: str) -> None:
    other = Game.from_matrices([[0]], [[0]], players=("A", "B"), moves=(("calm",), ("calm",)))
    d = diff_scenarios(_small(small_text), other, analyses=False)
    assert not d.same_moves and d.changed
    assert any("moves differ" in n for n in d.notes)


def test_diff_documents_lists_added_and_removed_leaves() -> None:
    changes = diff_documents({"a": 1, "b": {"c": 2}}, {"b": {"c": 2, "d": 3}})
    assert [(c.path, c.before, c.after) for c in changes] == [("a", 1, None), ("b.d", None, 3)]
