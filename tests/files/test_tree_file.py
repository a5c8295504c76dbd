"""The YAML tree format: positioned errors for bad trees, the published schema, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from negotiation.cli.main import main
from negotiation.errors import PayoffFileError
from negotiation.files.schema import to_plain
from negotiation.files.tree_file import TREE_SCHEMA, parse_tree, read_tree, tree_to_yaml
from negotiation.files.yamldoc import load_yaml
from tests.repo_paths import PAYOFFS

TREES = sorted((PAYOFFS / "trees").glob("*.yaml"))

HEAD = "version: 1\nkind: tree\nplayers: [A, B]\nnodes:\n"

BAD = [
    (  # an information set across players
        HEAD + "  r:\n    player: A\n    moves: {x: a, y: b}\n  a:\n    player: B\n    infoset: h\n"
        "    moves: {l: [1, 1], r: [0, 0]}\n  b:\n    player: A\n    infoset: h\n    moves: {l: [1, 1], r: [0, 0]}\n",
        "14:14",
        "information set 'h' holds nodes of B and A",
    ),
    (  # an information set with different action sets
        HEAD + "  r:\n    player: A\n    moves: {x: a, y: b}\n  a:\n    player: B\n    infoset: h\n"
        "    moves: {l: [1, 1], r: [0, 0]}\n  b:\n    player: B\n    infoset: h\n    moves: {u: [1, 1], d: [0, 0]}\n",
        "14:14",
        "offers l, r at 'a' but u, d here",
    ),
    (  # chance not summing to 1
        HEAD + "  r:\n    player: chance\n    moves:\n      x: {probability: 1/2, to: [1, 1]}\n"
        "      y: {probability: 1/3, to: [0, 0]}\n",
        "8:7",
        "chance probabilities sum to 5/6, not 1",
    ),
    (  # a cycle
        HEAD
        + "  r:\n    player: A\n    moves: {x: a, y: [0, 0]}\n  a:\n    player: B\n    moves: {l: r, r: [0, 0]}\n",
        "10:16",
        "leads back to 'r'",
    ),
    (  # an unreachable node
        HEAD
        + "  r:\n    player: A\n    moves: {x: [1, 1], y: [0, 0]}\n  lost:\n    player: B\n    moves: {l: [1, 1]}\n",
        "8:3",
        "no move leads to node 'lost' (it is unreachable)",
    ),
    (  # a leaf without payoffs
        HEAD
        + "  r:\n    player: A\n    moves: {x: end, y: [0, 0]}\n  end:\n    outcome: nothing here\n",
        "9:5",
        "leaf 'end' has no payoffs",
    ),
    (  # a leaf with the wrong number of payoffs
        HEAD + "  r:\n    player: A\n    moves: {x: [1], y: [0, 0]}\n",
        "7:16",
        "a leaf needs 2 payoffs",
    ),
    (  # a move to nowhere, with a suggestion
        HEAD
        + "  r:\n    player: A\n    moves: {x: respond, y: [0, 0]}\n  respnd:\n    player: B\n    moves: {l: [1, 1]}\n",
        "7:16",
        "did you mean 'respnd'?",
    ),
]


@pytest.mark.parametrize(("text", "where", "words"), BAD)
def test_bad_trees_get_positioned_errors(text: str, where: str, words: str) -> None:
    with pytest.raises(PayoffFileError) as err:
        parse_tree(text, "bad.yaml")
    message = str(err.value)
    assert words in message, message
    assert message.startswith(f"bad.yaml:{where}:"), message
    assert " — " in message  # what, then how to fix


@pytest.mark.parametrize(("text", "where", "words"), BAD[:3])
def test_cli_prints_one_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["solve", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"bad.yaml:{where}:" in err and words in err


def test_schema_is_published_and_shipped_trees_follow_it() -> None:
    published = json.loads((PAYOFFS / "tree.schema.json").read_text(encoding="utf-8"))
    assert published == TREE_SCHEMA
    for path in [*TREES, PAYOFFS / "us_china_sequence.yaml"]:
        # as JSON sees it: YAML dates (2025-10-09) become text
        data = json.loads(json.dumps(to_plain(load_yaml(path).data), default=str))
        jsonschema.validate(data, TREE_SCHEMA)


@pytest.mark.parametrize("path", TREES, ids=[p.stem for p in TREES])
def test_yaml_round_trip_keeps_the_tree(path: Path) -> None:
    tree = read_tree(path)
    again = parse_tree(tree_to_yaml(tree), "again.yaml")
    assert [(n.player, n.actions, n.infoset, n.probabilities, n.payoffs) for n in again.nodes] == [
        (n.player, n.actions, n.infoset, n.probabilities, n.payoffs) for n in tree.nodes
    ]


def test_reading_never_runs_code() -> None:
    with pytest.raises(PayoffFileError, match="not allowed"):
        parse_tree(HEAD + "  r: !!python/object:os.system {}\n", "evil.yaml")


def test_prior_is_an_uncertain_input_and_set_changes_it() -> None:
    text = HEAD + (
        "  r:\n    player: chance\n    moves:\n"
        "      x: {probability: {value: 1/4, range: [0, 1/2], kind: judgement, reason: a guess}, to: [1, 1]}\n"
        "      y: {probability: rest, to: [0, 0]}\n"
    )
    tree = parse_tree(text, "p.yaml")
    (u,) = tree.uncertain
    assert (u.path, str(u.value), u.kind) == ("nodes.r.moves.x.probability", "1/4", "judgement")
    moved = parse_tree(text, "p.yaml", ["nodes.r.moves.x.probability=0.4"])
    assert [str(p) for p in moved.root.probabilities] == ["2/5", "3/5"]
