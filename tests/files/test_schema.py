"""The published JSON Schema is generated from the code and kept current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.files import json_schema, load_yaml
from negotiation.files.schema import to_plain
from tests.repo_paths import plain_payoff_files

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA = ROOT / "payoffs" / "schema.json"
EXPLICIT = plain_payoff_files()  # typed-in payoff files only


def test_schema_json_is_current() -> None:
    # the published file holds the payoff-file schema and the scenario schema side by side
    from negotiation.scenario.schema import published_schema

    published = json.loads(SCHEMA.read_text())
    assert published == published_schema(), (
        "payoffs/schema.json is stale: run `python -m negotiation.scenario > payoffs/schema.json`"
    )
    assert published["$defs"]["PayoffFile"]["properties"] == json_schema()["properties"]


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema checks the published schema")
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", EXPLICIT, ids=lambda p: p.stem)
def test_teaching_files_satisfy_the_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema checks the published schema")
    data = to_plain(load_yaml(path).data)
    jsonschema.validate(data, json_schema())


def test_schema_rejects_what_the_reader_rejects() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema checks the published schema")
    data = to_plain(load_yaml(EXPLICIT[0]).data)
    for broken in (
        {**data, "version": 2},
        {**data, "playrs": []},
        {k: v for k, v in data.items() if k != "title"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, json_schema())
    data["payoffs"] = {"a": {"b": ["high", 1]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_regeneration_command_prints_the_published_text() -> None:
    import subprocess
    import sys

    # what `python -m negotiation.scenario > payoffs/schema.json` runs
    out = subprocess.run(
        [sys.executable, "-m", "negotiation.scenario"], capture_output=True, text=True, check=True
    ).stdout
    assert out == SCHEMA.read_text()
