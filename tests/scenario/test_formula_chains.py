"""Parameter chains resolve iteratively (issue 10: "a 300-step parameter chain is 'too
deeply nested'").

Each parameter may name the previous one (``p2: p1 + 1``); the resolver orders the
definitions first (an iterative depth-first search) so no chain length meets Python's
recursion limit. The depth of *one* expression stays bounded, and a cycle of any length
is still reported at the name that closes it.
"""

from __future__ import annotations

import pytest

from negotiation.errors import PayoffFileError
from negotiation.files import parse_yaml
from negotiation.scenario import build_scenario
from negotiation.scenario.formula import MAX_LENGTH

ANCHOR = "    dependence: clip(need, 0, 1)\n"


def _with_chain(small_text: str, lines: list[str]) -> str:
    assert ANCHOR in small_text
    return small_text.replace(ANCHOR, ANCHOR + "".join(f"    {ln}\n" for ln in lines), 1)


def _chain(n: int, *, reverse: bool = False) -> list[str]:
    lines = ["p1: 1", *(f"p{i}: p{i - 1} + 1" for i in range(2, n + 1))]
    return lines[::-1] if reverse else lines


@pytest.mark.parametrize("n", [300, 5000])
@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "last-first"])
def test_long_chains_resolve(small_text: str, n: int, reverse: bool) -> None:
    # p_n = n by induction (p1 = 1, p_i = p_{i-1} + 1), whatever order the file uses
    text = _with_chain(small_text, _chain(n, reverse=reverse))
    scenario = build_scenario(parse_yaml(text, "s.yaml"))
    assert scenario.parameters["A"][f"p{n}"] == n


def test_a_chain_feeding_a_parameter_the_model_reads(small_text: str) -> None:
    lines = [*_chain(400), "rate_base: p400 / 4000"]  # 0.1
    text = _with_chain(small_text, lines).replace(
        "discount_rate: 0.1 * (1 + need)", "discount_rate: rate_base * (1 + need)"
    )
    chained = build_scenario(parse_yaml(text, "s.yaml"))
    plain = build_scenario(parse_yaml(small_text, "s.yaml"))
    assert chained.parameters["A"]["discount_rate"] == plain.parameters["A"]["discount_rate"]


@pytest.mark.parametrize("n", [2, 300, 5000])
def test_a_cycle_of_any_length_is_positioned_at_the_name_closing_it(
    small_text: str, n: int
) -> None:
    lines = [f"p1: p{n} + 1", *(f"p{i}: p{i - 1} + 1" for i in range(2, n + 1))]
    text = _with_chain(small_text, lines)
    with pytest.raises(PayoffFileError) as info:
        build_scenario(parse_yaml(text, "s.yaml"))
    error = info.value
    assert "formulas refer to each other in a cycle: A.p1 -> " in error.message
    assert error.message.endswith("-> A.p1")
    if n > 8:
        assert f"({n + 1 - 6:,} more)" in error.message
    # the search starts at p1 and walks p_n, ..., p2: p2's 'p1' closes the cycle
    line = next(k for k, ln in enumerate(text.splitlines(), 1) if ln == "    p2: p1 + 1")
    assert (error.line, error.col) == (line, len("    p2: ") + 1)
    assert "\n" not in str(error)


def test_one_expression_stays_bounded(small_text: str) -> None:
    # the depth of one expression is bounded by its length (MAX_LENGTH characters):
    # 498 nested minus signs still evaluate (to 1), one character more is refused
    deep = "-" * 498 + "1"
    text = _with_chain(small_text, [f"deep: '{deep}'"])
    assert build_scenario(parse_yaml(text, "s.yaml")).parameters["A"]["deep"] == 1
    longer = "-" * 500 + "1"
    with pytest.raises(PayoffFileError) as info:
        build_scenario(parse_yaml(_with_chain(small_text, [f"deep: '{longer}'"]), "s.yaml"))
    assert f"longer than {MAX_LENGTH} characters" in info.value.message
