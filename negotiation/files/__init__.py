"""Reading and writing payoff files: the YAML format v1 (with positions) and Gambit ``.nfg``.

* :func:`read_payoffs` / :func:`parse_payoffs` / :func:`write_payoffs` — games from and to
  files (``.nfg`` by extension, YAML otherwise; YAML scenarios are built by the one
  loader, :func:`negotiation.workflows.load_model`).
* :func:`read_nfg` / :func:`parse_nfg` / :func:`write_nfg` / :func:`format_nfg` — Gambit's
  strategic-game format, both the payoff-list and the outcome body.
* :func:`load_yaml` / :func:`parse_yaml` — YAML documents that remember positions, for the
  scenario loader; :func:`write_yaml_doc` saves one back with its comments.
* :func:`apply_overrides` — ``--set PATH=VALUE`` what-if changes.
* :func:`json_schema` — the published JSON Schema of format v1 (``payoffs/schema.json``).
"""

from typing import Any

from negotiation.files.atomic import atomic_write_text
from negotiation.files.nfg import parse_nfg, read_nfg
from negotiation.files.nfg_write import format_nfg, write_nfg
from negotiation.files.overrides import apply_overrides
from negotiation.files.payoff_file import (
    game_from_doc,
    is_scenario,
    parse_document,
    parse_payoffs,
    read_document,
    read_payoffs,
)
from negotiation.files.payoff_write import format_payoffs, write_payoffs
from negotiation.files.yamldoc import YamlDoc, load_yaml, parse_yaml, write_yaml_doc


def json_schema() -> dict[str, Any]:
    """The JSON Schema of payoff format v1 (see :func:`negotiation.files.schema.json_schema`)."""
    from negotiation.files import schema  # pydantic loads only when asked

    return schema.json_schema()


__all__ = [
    "YamlDoc",
    "apply_overrides",
    "atomic_write_text",
    "format_nfg",
    "format_payoffs",
    "game_from_doc",
    "is_scenario",
    "json_schema",
    "load_yaml",
    "parse_document",
    "parse_nfg",
    "parse_payoffs",
    "parse_yaml",
    "read_document",
    "read_nfg",
    "read_payoffs",
    "write_nfg",
    "write_payoffs",
    "write_yaml_doc",
]
