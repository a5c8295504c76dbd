"""Fuzzing: any mutation of a valid file either parses or raises PayoffFileError.

Random edits of the shipped payoff files and of a Gambit .nfg file — deleted and
duplicated lines, swapped tokens, truncation, junk bytes (NUL, invalid UTF-8, control
characters), tabs — must never surface as another exception (a traceback for the user).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.errors import PayoffFileError
from negotiation.files import format_nfg, parse_payoffs, read_payoffs
from negotiation.game import Game
from tests.repo_paths import plain_payoff_files

PAYOFFS = Path(__file__).resolve().parent.parent.parent / "payoffs"
YAML_BASES = [
    p.read_bytes()
    for p in plain_payoff_files()  # typed-in payoff files only
]
NFG_BASES = [
    format_nfg(read_payoffs(PAYOFFS / "rock_paper_scissors.yaml")).encode(),
    format_nfg(read_payoffs(PAYOFFS / "prisoners_dilemma.yaml"), body="outcomes").encode(),
]
JUNK = st.sampled_from(
    [
        b"\x00",
        b"\xff",
        b"\xc3",
        b"\t",
        b"\r",
        b"{",
        b"}",
        b"[",
        b"]",
        b":",
        b"- ",
        b'"',
        b"'",
        b"&a ",
        b"*a",
        b"!!python/object ",
        b"? ",
        b"---\n",
        b"...",
        b"%YAML 1.1\n",
        b"|",
        b">",
        b"#",
        b"\\",
        b",",
        b"1/0",
        b".inf",
        b"-",
        b"\xe2\x80\x94",
        b"\n",
        b"  ",
        b"NFG",
        b"0",
    ]
) | st.binary(min_size=1, max_size=4)


@st.composite
def mutated(draw: st.DrawFn, bases: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "delete_line",
                    "duplicate_line",
                    "swap_tokens",
                    "truncate",
                    "junk",
                    "tab",
                    "delete_span",
                ]
            )
        )
        lines = bytes(data).split(b"\n")
        if kind == "delete_line" and len(lines) > 1:
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = bytearray(b"\n".join(lines))
        elif kind == "duplicate_line":
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k])
            data = bytearray(b"\n".join(lines))
        elif kind == "swap_tokens":
            tokens = bytes(data).split(b" ")
            if len(tokens) > 1:
                i = draw(st.integers(0, len(tokens) - 1))
                j = draw(st.integers(0, len(tokens) - 1))
                tokens[i], tokens[j] = tokens[j], tokens[i]
                data = bytearray(b" ".join(tokens))
        elif kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "junk":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(JUNK)
        elif kind == "tab":
            k = draw(st.integers(0, len(lines) - 1))
            lines[k] = b"\t" + lines[k].lstrip(b" ")
            data = bytearray(b"\n".join(lines))
        elif kind == "delete_span" and data:
            at = draw(st.integers(0, len(data) - 1))
            del data[at : at + draw(st.integers(1, 12))]
    return bytes(data)


def _parses_or_fails_cleanly(data: bytes, path: str) -> None:
    try:
        game = parse_payoffs(data, path)
    except PayoffFileError as exc:
        assert exc.line >= 0 and exc.col >= 0 and exc.message
        assert str(exc).startswith(f"{path}:")
    else:
        assert isinstance(game, Game)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated(YAML_BASES))
def test_mutated_yaml_never_crashes(data: bytes) -> None:
    _parses_or_fails_cleanly(data, "fuzz.yaml")


@FUZZ
@given(mutated(NFG_BASES))
def test_mutated_nfg_never_crashes(data: bytes) -> None:
    _parses_or_fails_cleanly(data, "fuzz.nfg")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["fuzz.yaml", "fuzz.nfg"]))
def test_random_bytes_never_crash(data: bytes, path: str) -> None:
    _parses_or_fails_cleanly(data, path)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_crashes(text: str) -> None:
    _parses_or_fails_cleanly(text.encode("utf-8", "surrogatepass"), "fuzz.yaml")


PLAYER_A = "version: 1\ntitle: t\nplayers:\n  - {name: A, moves: [x]}\n"

# inputs that once crashed or hung a reader: (text, file name, line, col, message fragment)
HOSTILE = [
    ("a: " + "[" * 3000 + "]" * 3000, "f.yaml", 1, 67, "more than 64 levels deep"),
    ("a: " + "{b: " * 3000 + "1" + "}" * 3000, "f.yaml", 1, 256, "more than 64 levels deep"),
    ("version: " + "9" * 5000, "f.yaml", 1, 10, "this number is 5000 characters long"),
    (PLAYER_A + 'payoffs: {x: ["1e999999999"]}\n', "f.yaml", 5, 15, "exponent beyond ±1000"),
    (
        PLAYER_A + 'payoffs: {x: ["' + "9" * 5000 + '"]}\n',
        "f.yaml",
        5,
        15,
        "more than 1000 characters",
    ),
    ('NFG 1 R "" { "A" } { 1 } 1e999999999', "f.nfg", 1, 26, "exponent beyond ±1000"),
    ('NFG 1 R "" { "A" } { 1 } ' + "9" * 5000, "f.nfg", 1, 26, "more than 1000 characters"),
    ('NFG 1 R "" { "A" } { ' + "9" * 5000 + " } 1", "f.nfg", 1, 22, "below 10 million"),
    ('NFG 1 R "" { "A" "B" } { 3000000 2 } 1', "f.nfg", 1, 26, "more than this reader accepts"),
    ('NFG 1 R "" { "A" "B" } { 5000 5000 } 1', "f.nfg", 1, 38, "at most 1000 are supported"),
    ("? [a, b]\n: 1\n", "f.yaml", 1, 3, "keys must be text"),
    (": 1\nversion: 1\n", "f.yaml", 1, 1, "keys must be text, got an empty key"),
    ("version: 1\n---\nversion: 1\n", "f.yaml", 2, 1, "a second YAML document starts here"),
]


@pytest.mark.parametrize(("text", "name", "line", "col", "fragment"), HOSTILE)
def test_hostile_inputs_fail_fast_with_a_position(
    text: str, name: str, line: int, col: int, fragment: str
) -> None:
    with pytest.raises(PayoffFileError) as info:
        parse_payoffs(text, name)
    assert (info.value.line, info.value.col) == (line, col)
    assert fragment in str(info.value)
