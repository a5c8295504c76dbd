"""``--exact``: one global flag switches every number the CLI prints to its exact value.

Issue 15 item 1: short exact fractions or a rounded ``≈`` decimal for people, the exact
value one step away — ``--exact`` for a whole run (and always in ``--json``). The flag is
one mechanism (:func:`negotiation.numbers.exact_numbers` around the command), so the test
runs every command that prints numbers three ways and checks

- with ``--exact`` nothing is rounded (no ``≈``), and the long exact fractions ``--json``
  carries for what the text shows (``EXPECTED`` names them) appear verbatim;
- without it no long fraction (≥ 6 digits on either side of the bar) is printed.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from fractions import Fraction

import pytest

from negotiation.cli.main import main
from negotiation.numbers import exact_numbers, format_number, is_readable
from tests.repo_paths import PAYOFFS

SCENARIO = str(PAYOFFS / "us_china_rare_earths.yaml")
LONG_FRACTION = re.compile(r"-?\d{6,}/\d+|-?\d+/\d{6,}")

#: command line -> JSON paths (dots) whose exact value the text shows
CASES: dict[str, tuple[str, ...]] = {
    f"analyse {SCENARIO}": ("truce.critical_discount_factor_exact",),
    f"show {SCENARIO}": (),
    f"solve {SCENARIO}": (),
    f"solve {PAYOFFS / 'rock_paper_scissors.yaml'}": (),
    f"explain {SCENARIO} --cell hold licensing": (),
    f"leverage {SCENARIO}": (),
    f"bargain {SCENARIO}": (
        "nash.exact.payoffs.US",
        "nash.exact.payoffs.China",
        "nash.exact.share.US",
        "nash.exact.share.China",
    ),
    f"bargain {PAYOFFS / 'chicken.yaml'}": (),
    f"folk {SCENARIO}": ("critical_discount_factor_exact",),
    f"repeat {PAYOFFS / 'prisoners_dilemma.yaml'} --seed 1": (),
    f"spe {PAYOFFS / 'prisoners_dilemma.yaml'} --discount 0.9": (),
    f"diff {SCENARIO} {SCENARIO} --set pressures.China.deflation=0.9": (),
    f"sweep {SCENARIO} --vary pressures.China.deflation=0:1:5": (),
    f"montecarlo {SCENARIO} --samples 200 --seed 1": (),
    f"solve {PAYOFFS / 'trees' / 'entry_deterrence.yaml'}": (),
}


def _run(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code == 0, err.getvalue()
    return out.getvalue()


def _at(data: dict, path: str) -> str:
    for key in path.split("."):
        data = data[key]
    assert isinstance(data, str), path
    return data


def _long_fractions(data: object) -> set[str]:
    if isinstance(data, dict):
        return set().union(*(_long_fractions(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_long_fractions(v) for v in data))
    if isinstance(data, str) and re.fullmatch(r"-?\d+/\d+", data):
        return set() if is_readable(Fraction(data)) else {data}
    return set()


@pytest.mark.parametrize(
    "line", list(CASES), ids=[c.split()[0] + str(k) for k, c in enumerate(CASES)]
)
def test_exact_flag_shows_what_json_carries(line: str) -> None:
    argv = line.split()
    data = json.loads(_run([*argv, "--json"]))
    exact = _run([*argv, "--exact"])
    default = _run(argv)
    assert exact != "" and default != ""
    assert [row for row in exact.splitlines() if "≈" in row] == []
    for path in CASES[line]:
        value = _at(data, path)
        assert not is_readable(Fraction(value)) or "/" in value
        assert value in exact, f"{path} = {value} is not in the --exact text"
        assert value not in default
    assert LONG_FRACTION.findall(default) == []
    # the JSON does not depend on the flag
    assert json.loads(_run([*argv, "--json", "--exact"])) == data


def test_the_flag_goes_before_or_after_the_command() -> None:
    argv = ["bargain", SCENARIO]
    assert _run(["--exact", *argv]) == _run([*argv, "--exact"])


def test_the_flag_is_one_switch_not_left_on() -> None:
    """The run's exact mode ends with the run (a notebook calling main() is unaffected)."""
    _run(["bargain", str(PAYOFFS / "chicken.yaml"), "--exact"])
    value = Fraction(-104156491, 94725020)
    assert format_number(value) == "≈ -1.1"
    with exact_numbers():
        assert format_number(value) == "-104156491/94725020"
    assert format_number(value) == "≈ -1.1"


def test_json_long_fractions_exist_for_the_scenario() -> None:
    """The scenario's deal really is a long fraction, so the checks above are not vacuous."""
    data = json.loads(_run(["bargain", SCENARIO, "--json"]))
    assert _long_fractions(data)
