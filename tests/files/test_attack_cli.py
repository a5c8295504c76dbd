"""Issue 10's attack, replayed: every bad input ends with one clean line, never a traceback.

Each row runs the CLI in-process (``negotiation.cli.main.main``) and checks the promise of
the README: exit code 1 (or 2 for a usage mistake), exactly one line on stderr after any
``warning:`` lines, no ``Traceback``, no raw control character, and the expected words.
The inputs are the examples of issue 10 ("Keep every promise under attack") that concern
files, numbers, flags and ``--set`` values.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.cli.main import main

from ..repo_paths import PAYOFFS

PD = str(PAYOFFS / "prisoners_dilemma.yaml")
SCENARIO = str(PAYOFFS / "us_china_rare_earths.yaml")
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(argv)
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if not ln.startswith("warning: ")]
    return code, lines


def _assert_one_clean_line(code: int, lines: list[str], expected: str, want: int = 1) -> None:
    assert code == want, lines
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    assert not _RAW_CONTROL.search(lines[0]), lines[0]
    assert expected in lines[0], lines[0]


BASE = Path(PD).read_text()

# (file name, file text, a fragment of the one line expected); each from issue 10
FILES = [
    ("merge_inside.yaml", BASE.replace("title:", "x: {<<: {a: 1}}\ntitle:", 1), "merge keys"),
    ("merge_top.yaml", "<<: {version: 1}\ntitle: t\n", "merge keys"),
    ("tag_int.yaml", "version: !!int abc\n", "'abc' is not an integer"),
    ("tag_float.yaml", "version: 1\ntitle: !!float abc\n", "'abc' is not a decimal"),
    ("tag_bool.yaml", "version: !!bool 3\n", "'3' is not true or false"),
    ("surrogate.yaml", 'version: 1\ntitle: "a \\ud800 b"\n', "U+D800"),
    ("escape.yaml", 'version: 1\ntitle: "\\e[2J gone"\n', "U+001B (ESC)"),
    ("bel.yaml", "version: 1\ntitle: a\x07b\n", "U+0007 (BEL)"),
    ("del.yaml", "version: 1\ntitle: a\x7fb\n", "U+007F (DEL)"),
    ("c1.yaml", "version: 1\ntitle: a\x9bb\n", "U+009B"),
    ("fffe.yaml", "version: 1\ntitle: a\ufffeb\n", "U+FFFE"),
    ("rlo.yaml", "version: 1\ntitle: a\u202eb\n", "U+202E"),
    ("newline_key.yaml", 'version: 1\n"ti\\ntle": a\n', "line break"),
    ("zero_width.yaml", BASE.replace("defect: break", "'def\u200bect': break", 1), "U+200B"),
    ("homoglyph.yaml", BASE.replace("defect: break", "d\u0435fect: break", 1), "U+0435"),
    ("many_players.yaml", None, "at most 32"),
    ("nested.yaml", "a: " + "[" * 300 + "]" * 300 + "\n", "more than 64 levels"),
    ("long_number.yaml", BASE.replace("[1, 1]", "[" + "9" * 1200 + ", 1]"), "1200 characters"),
    ("exponent.yaml", BASE.replace("[1, 1]", "['1e99999999', 1]"), "exponent beyond"),
    ("nan.yaml", BASE.replace("[1, 1]", "[.nan, 1]"), "finite"),
]


def _many_players(n: int = 40) -> str:
    lines = ["version: 1", "title: many", "players:"]
    lines += [f"  - name: P{i}\n    moves: [a]" for i in range(n)]
    cell = "[" + ", ".join("0" for _ in range(n)) + "]"
    lines.append("payoffs: " + "{a: " * n + cell + "}" * n)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("name", "text", "expected"), FILES, ids=[f[0] for f in FILES])
@pytest.mark.parametrize("command", ["show", "solve"])
def test_bad_files_give_one_clean_line(
    name: str,
    text: str | None,
    expected: str,
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / name
    path.write_text(_many_players() if text is None else text, "utf-8", errors="surrogatepass")
    code, lines = _run([command, str(path)], capsys)
    _assert_one_clean_line(code, lines, expected)
    assert lines[0].startswith(str(path) + ":")  # path:line:col


def test_file_content_is_never_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a first line like /etc/shadow's: the message names the problem, not the line
    secret = "root:$6$saltsalt$hashhashhashhashhash:19000:0:99999:7:::"
    path = tmp_path / "shadow.yaml"
    path.write_text(secret + "\n")
    code, lines = _run(["show", str(path)], capsys)
    assert code == 1 and len(lines) == 1
    assert "hashhash" not in lines[0]


def test_empty_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _run(["show", ""], capsys)
    _assert_one_clean_line(code, lines, "no file named")


@pytest.mark.parametrize(
    "value",
    [
        "&a [*a, *a]",  # billion laughs through --set
        "!!python/object/apply:os.system [ls]",
        "9" * 4301,  # beyond Python's int-to-text limit
        "1e99999999",
        ".inf",
        "x" * 20_000,
    ],
    ids=["alias", "tag", "digits", "exponent", "inf", "long"],
)
def test_bad_set_values(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _run(["solve", PD, "--set", f"payoffs.defect.defect.0={value}"], capsys)
    _assert_one_clean_line(code, lines, "--set")


def test_set_cannot_write_aliases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.yaml"
    code, lines = _run(["set", PD, "sources=[&a {citation: x}, *a]", "-o", str(out)], capsys)
    _assert_one_clean_line(code, lines, "aliases")
    assert not out.exists()


# (argv after the command's FILE, fragment); numbers in flags use the file's limits
FLAGS = [
    (["leverage", PD, "--disagreement", "1e99999999,0"], "exponent beyond"),
    (["bargain", PD, "--floor", "Row=1e99999999"], "exponent beyond"),
    (["bargain", PD, "--ratification", "Row=1e-99999999"], "exponent beyond"),
    (["bargain", PD, "--ratification", "Row=2"], "in [0, 1]"),
    (["folk", PD, "--discount", "1e-99999999"], "exponent beyond"),
    (["folk", PD, "--discount", "nan"], "must be a finite number, got 'nan'"),
    (["folk", PD, "--periods", "abc"], "whole number"),
    (["folk", PD, "--periods", "1e9"], "whole number"),
    (["folk", PD, "--periods", "nan"], "whole number"),
    (["folk", PD, "--round-months", "nan"], "finite"),
    (["folk", PD, "--round-months", "inf"], "finite"),
    (["leverage", PD, "--discount-rate", "Row=1e-99999999"], "exponent beyond"),
    (["leverage", PD, "--discount-rate", "Row=1e999"], "floating-point range"),
    (["leverage", PD, "--discount-rate", "Row"], "PLAYER=VALUE"),
    (["repeat", PD, "--noise", "1e-320"], "at least"),
    (["repeat", PD, "--prob-end", "1e-320"], "at least"),
    (["repeat", PD, "--prob-end", "1e-12"], "at least"),
    (["repeat", PD, "--turns", "1000000000000"], "from 1 to"),
    (["repeat", PD, "--repetitions", "99999999"], "from 1 to"),
    (["repeat", PD, "--processes", "100000"], "from 1 to"),
    (["repeat", PD, "--turns", "nan"], "whole number"),
    (["spe", PD, "--discount", "1.5"], "strictly between 0 and 1"),
    (["spe", PD, "--discount", "0.9", "--tol", "-1"], "positive"),
    (["solve", PD, "--leader", "Row\x1b[2J"], "control character"),
    (["solve", PD, "--max-seconds", "nan"], "finite"),
    # the flags of the commands added in this round (what-if, timeline), same promise
    (["sweep", SCENARIO, "--vary", "pressures.China.deflation=0:1:1e99999999"], "--vary"),
    (["sweep", SCENARIO, "--vary", "pressures.China.deflation=nan:1:3"], "finite"),
    (["tipping", SCENARIO, "--input", "pressures.China.deflation", "--grid", "1e9"], "--grid"),
    (["montecarlo", SCENARIO, "--samples", "-1"], "--samples"),
    (["montecarlo", SCENARIO, "--seed", "-5"], "--seed"),
    (["montecarlo", SCENARIO, "--workers", "0"], "--workers"),
    (["sensitivity", SCENARIO, "--samples", "nan"], "--samples"),
    (["timeline", str(PAYOFFS / "us_china_dynamics.yaml"), "--years", "1e9"], "--years"),
    (["timeline", str(PAYOFFS / "us_china_dynamics.yaml"), "--months", "nan"], "--months"),
]


@pytest.mark.parametrize(
    ("argv", "expected"), FLAGS, ids=[" ".join(f[0][:1] + f[0][2:]) for f in FLAGS]
)
def test_bad_flags_give_one_clean_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = _run(argv, capsys)
    _assert_one_clean_line(code, lines, expected)


def test_usage_mistakes_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["solve", PD, "--no-such-flag"])
    assert info.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "unrecognized arguments" in err[0]


# ---------------------------------------------------------------- property: any flag value
NUMERIC_FLAGS = [
    ["folk", PD, "--discount"],
    ["folk", PD, "--periods"],
    ["folk", PD, "--round-months"],
    ["spe", PD, "--discount"],
    ["bargain", PD, "--ratification"],
    ["bargain", PD, "--floor"],
    ["leverage", PD, "--discount-rate"],
    ["leverage", PD, "--disagreement"],
    ["repeat", PD, "--noise"],
    ["repeat", PD, "--turns"],
]
hostile = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "1e-999", "1e99999999", "0", "-1", "1/0"]),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flag=st.sampled_from(NUMERIC_FLAGS), value=hostile, prefix=st.booleans())
def test_any_flag_value_is_accepted_or_refused_in_one_line(
    flag: list[str], value: str, prefix: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    # only the argument parsing runs (the value is refused, or --help-like work is cut
    # short by a deliberately unknown file), so each example stays fast
    if prefix and flag[2] in ("--ratification", "--floor", "--discount-rate"):
        value = "Row=" + value
    argv = [flag[0], "/nonexistent/never.yaml", flag[2], value]
    if flag[0] == "spe" and flag[2] != "--discount":
        argv += ["--discount", "0.5"]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage error (e.g. a value starting with '-')
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if not ln.startswith("warning: ")]
    assert code in (1, 2)
    assert len(lines) == 1, lines
    assert "Traceback" not in err
    assert not _RAW_CONTROL.search(err)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=40))
def test_any_set_value_is_accepted_or_refused_in_one_line(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["show", PD, "--set", f"payoffs.defect.defect.0={value}"])
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if not ln.startswith("warning: ")]
    assert code in (0, 1, 2)
    assert len(lines) == (0 if code == 0 else 1), lines
    assert "Traceback" not in err and not _RAW_CONTROL.search(err)
