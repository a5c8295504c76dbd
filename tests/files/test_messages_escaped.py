"""User text never reaches a terminal raw, through any message path (issue 10, item 3).

The attack table's control-character, bidi and invisible inputs are walked through (1)
every exception class of the package, since ``str()`` of a ``NegotiationError`` is
escaped centrally, whatever its raise site put in; (2) ``quote_token``, which every
message uses for a key or label; (3) the places a file or a flag puts a key, a label or a
title into a message — payoff files, scenarios, ``--set`` paths — on the command line
and in the library.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from negotiation.cli.main import main
from negotiation.errors import (
    ArgumentError,
    GameError,
    NegotiationError,
    NumberError,
    OverrideError,
    PayoffFileError,
    SolverError,
    StrategyError,
    quote_token,
)
from negotiation.files import parse_yaml
from negotiation.scenario import build_scenario

from ..repo_paths import PAYOFFS

#: what must never appear raw: C0/C1 controls (newline included), DEL, bidi controls,
#: zero-width characters, the BOM, non-characters and lone surrogates
RAW = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)

#: the attack table's inputs (tests/files/test_attack_cli.py), as tokens
TOKENS = {
    "esc": "a\x1b[2Jb",
    "bel": "a\x07b",
    "del": "a\x7fb",
    "c1": "a\x9bb",
    "nel": "a\x85b",
    "newline": "a\nb",
    "cr": "a\rb",
    "fffe": "a\ufffeb",
    "rlo": "a\u202eb",
    "lri": "a\u2066b",
    "zero_width": "def\u200bect",
    "bom": "\ufeffkey",
    "surrogate": "a\ud800b",
}

ERRORS = [
    lambda t: NegotiationError(f"unknown key '{t}'"),
    lambda t: GameError(f"bad label '{t}'"),
    lambda t: SolverError(f"game '{t}' failed"),
    lambda t: StrategyError(f"unknown strategy '{t}'"),
    lambda t: NumberError(f"payoff '{t}' is not a number", "is not a number"),
    lambda t: ArgumentError(f"players must be names, got '{t}'"),
    lambda t: OverrideError(f"--set: no setting '{t}'"),
    lambda t: PayoffFileError(f"{t}.yaml", 3, 4, f"unknown key '{t}'", f"did you mean '{t}'?"),
    lambda t: PayoffFileError("g.yaml", 0, 0, f"title '{t}'"),
]


@pytest.mark.parametrize("token", list(TOKENS.values()), ids=list(TOKENS))
@pytest.mark.parametrize("make", ERRORS, ids=[f"error{k}" for k in range(len(ERRORS))])
def test_every_exception_is_one_escaped_line(token: str, make) -> None:  # type: ignore[no-untyped-def]
    exc = make(token)
    text = str(exc)
    assert not RAW.search(text), repr(text)
    assert "\n" not in text
    visible = token.encode("unicode_escape").decode("ascii")  # what the reader sees
    assert visible.strip("\\") and any(part in text for part in visible.split("\\") if part)


@pytest.mark.parametrize("token", list(TOKENS.values()), ids=list(TOKENS))
def test_quote_token_shows_a_short_token_escaped(token: str) -> None:
    shown = quote_token(token)
    assert not RAW.search(shown), repr(shown)
    # a name-like token with invisible characters is shown escaped; anything else described
    assert shown.startswith(("'", '"')) or shown == f"that is not a name ({len(token)} characters)"


def test_quote_token_never_echoes_a_line() -> None:
    assert quote_token("root:$6$salt$hash:19000:0:99999:7:::").startswith("that is not a name")
    assert quote_token("x" * 41) == "that is not a name (41 characters)"
    assert quote_token("China.deflation") == "'China.deflation'"


# ---------------------------------------------------------------- through real inputs
PD = PAYOFFS / "prisoners_dilemma.yaml"
SCENARIO = PAYOFFS / "us_china_rare_earths.yaml"


def _yaml_key(token: str) -> str:
    """The token as a double-quoted YAML key (escapes for what YAML cannot hold raw)."""
    return '"' + token.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def _one_clean_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if not ln.startswith("warning: ")]
    assert code == 1, err
    assert len(lines) == 1, lines
    assert not RAW.search(lines[0]), repr(lines[0])
    assert "Traceback" not in lines[0]
    return lines[0]


# (where the token goes, text replaced, replacement with {key} for the token)
PLACES = {
    "payoff-top-key": (PD, "title:", "{key}: 1\ntitle:"),
    "payoff-title": (PD, "title: Prisoner's dilemma", "title: {key}"),
    "payoff-move": (PD, "      defect: break the deal", "      {key}: break the deal"),
    "scenario-top-key": (SCENARIO, "\nplayers:", "\n{key}: 1\nplayers:"),
    "scenario-parameter": (
        SCENARIO,
        "parameters:\n  China:\n",
        "parameters:\n  China:\n    {key}: 1\n",
    ),
    "scenario-weight": (SCENARIO, "weights:\n  China:\n", "weights:\n  China:\n    {key}: 1\n"),
}


@pytest.mark.parametrize("token", list(TOKENS.values()), ids=list(TOKENS))
@pytest.mark.parametrize("place", list(PLACES))
def test_files_carrying_the_token_give_one_clean_line(
    token: str, place: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, old, new = PLACES[place]
    text = source.read_text()
    assert old in text
    text = text.replace(old, new.format(key=_yaml_key(token)), 1)
    path = tmp_path / "attack.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    if place == "payoff-title" and main(["show", str(path)]) == 0:
        # a title may hold a line break or a zero-width space: shown escaped, never raw
        out = capsys.readouterr().out
        assert all(not RAW.search(line) for line in out.split("\n")), repr(out)
        return
    capsys.readouterr()
    line = _one_clean_line(["validate", str(path)], capsys)
    assert line.startswith(str(path) + ":")
    # the library says the same, escaped too
    from negotiation.workflows.load import load_model

    with pytest.raises(NegotiationError) as info:
        load_model(str(path))
    assert not RAW.search(str(info.value)) and "\n" not in str(info.value)


@pytest.mark.parametrize("token", list(TOKENS.values()), ids=list(TOKENS))
@pytest.mark.parametrize("target", [PD, SCENARIO], ids=["payoffs", "scenario"])
def test_set_paths_carrying_the_token_give_one_clean_line(
    token: str, target: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _one_clean_line(["show", str(target), "--set", f"{token}=1"], capsys)
    _one_clean_line(["show", str(target), "--set", f"title.{token}=1"], capsys)


@pytest.mark.parametrize("token", list(TOKENS.values()), ids=list(TOKENS))
def test_scenario_messages_in_the_library_are_escaped(token: str) -> None:
    """A scenario document built in code (no reader to refuse the characters first)."""
    text = SCENARIO.read_text().replace("\nplayers:", "\nsome_key: 1\nplayers:", 1)
    doc = parse_yaml(text, "s.yaml")
    doc.data[token] = doc.data.pop("some_key")
    with pytest.raises(NegotiationError) as info:
        build_scenario(doc)
    message = str(info.value)
    assert not RAW.search(message) and "\n" not in message
    assert "unknown key" in message
