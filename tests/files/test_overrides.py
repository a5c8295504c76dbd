"""``--set PATH=VALUE`` overrides on a loaded YAML document."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.errors import OverrideError
from negotiation.files import apply_overrides, load_yaml, parse_yaml

PD = Path(__file__).resolve().parent.parent.parent / "payoffs" / "prisoners_dilemma.yaml"

SCENARIO = """\
title: s
pressures:
  China:
    deflation: {value: 0.5, range: [0, 1]}
  US:
    midterms.2026: {value: 1}
channels: [tariffs, chips]
"""


def test_value_types_follow_yaml() -> None:
    doc = load_yaml(PD)
    done = apply_overrides(
        doc,
        [
            "payoffs.defect.defect.0=2",
            "payoffs.defect.defect.1=3/2",
            "payoffs.cooperate.defect.0=-0.5",
        ],
    )
    assert done == [
        "payoffs.defect.defect.0",
        "payoffs.defect.defect.1",
        "payoffs.cooperate.defect.0",
    ]
    cell = doc.get(["payoffs", "defect", "defect"])
    assert cell[0] == 2 and type(cell[0]) is int
    assert cell[1] == "3/2"
    assert doc.get(["payoffs", "cooperate", "defect", 0]) == -0.5


def test_a_section_with_a_value_key_sets_the_value() -> None:
    doc = parse_yaml(SCENARIO, "s.yaml")
    assert apply_overrides(doc, {"pressures.China.deflation": 0.9}) == [
        "pressures.China.deflation.value"
    ]
    assert doc.get(["pressures", "China", "deflation", "value"]) == 0.9
    assert doc.get(["pressures", "China", "deflation", "range"]) == [0, 1]


def test_keys_with_dots_are_matched_whole() -> None:
    doc = parse_yaml(SCENARIO, "s.yaml")
    assert apply_overrides(doc, ["pressures.US.midterms.2026=0.3"]) == [
        "pressures.US.midterms.2026.value"
    ]
    assert doc.get(["pressures", "US", "midterms.2026", "value"]) == 0.3


def test_positions_still_point_at_the_file() -> None:
    doc = load_yaml(PD)
    before = doc.position(["payoffs", "defect", "defect", 0])
    apply_overrides(doc, ["payoffs.defect.defect.0=9"])
    assert doc.position(["payoffs", "defect", "defect", 0]) == before == (25, 14)


def test_text_stays_text() -> None:
    doc = load_yaml(PD)
    apply_overrides(doc, ["title=1984", "players.0.moves.cooperate=true"])
    assert doc.data["title"] == "1984"
    assert doc.get(["players", 0, "moves", "cooperate"]) == "true"


def test_whole_cell_as_a_flow_list() -> None:
    doc = load_yaml(PD)
    apply_overrides(doc, ["payoffs.defect.defect=[2, 2]"])
    assert doc.get(["payoffs", "defect", "defect"]) == [2, 2]


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("payofs.defect.defect.0=1", "did you mean 'payoffs.defect.defect.0'"),
        ("payoffs.defect.defct=1", "did you mean 'payoffs.defect.defect'"),
        ("payoffs.defect.defect.7=1", "did you mean"),
        ("payoffs.defect.defect.0=high", "expects a number (it is 1 in"),
        ("payoffs.defect=1", "this is a section holding cooperate, defect"),
        ("payoffs.defect.defect=1", "this is a list, not a single value"),
        ("title", "write PATH=VALUE"),
        ("=3", "write PATH=VALUE"),
        ("title=", "no value after '='"),
        ("title=[1, 2", "not valid YAML"),
        ("title=!!python/object/apply:os.system [ls]", "not allowed in a --set value"),
    ],
)
def test_bad_overrides(override: str, fragment: str) -> None:
    doc = load_yaml(PD)
    with pytest.raises(OverrideError) as info:
        apply_overrides(doc, [override])
    assert fragment in str(info.value)


def test_unknown_path_suggests_nearest() -> None:
    doc = parse_yaml(SCENARIO, "s.yaml")
    with pytest.raises(
        OverrideError,
        match=r"^--set pressures\.China\.deflaton: no such setting in s\.yaml — did you mean 'pressures\.China\.deflation'\?$",
    ):
        apply_overrides(doc, ["pressures.China.deflaton=0.2"])


def test_unknown_path_without_a_close_match_lists_the_section() -> None:
    doc = parse_yaml(SCENARIO, "s.yaml")
    with pytest.raises(OverrideError, match="'pressures' holds: China, US"):
        apply_overrides(doc, ["pressures.zzzzzzzzzzzzzzzz=1"])


def test_a_single_string_is_refused() -> None:
    with pytest.raises(OverrideError, match="list"):
        apply_overrides(parse_yaml(SCENARIO), "title=x")  # type: ignore[arg-type]
