"""Payoff file format v1: its pydantic models, its JSON Schema, and positioned checks.

A payoff file (YAML 1.2) describes one finite game in normal form::

    version: 1
    title: Prisoner's dilemma
    description: Two suspects choose to stay silent or to confess.
    players:
      - name: Row
        moves:                        # most conciliatory first
          cooperate: stay silent
          defect: confess
      - name: Column
        moves:
          cooperate: stay silent
          defect: confess
    payoffs:                          # Row's move -> Column's move -> [Row, Column]
      cooperate: {cooperate: [3, 3], defect: [0, 5]}
      defect:    {cooperate: [5, 0], defect: [1, 1]}
    sources:
      - citation: Axelrod (1984), The Evolution of Cooperation, ch. 1
        quote: "..."
        supports: the payoffs T=5, R=3, P=1, S=0

The pydantic models below check the document's shape (keys, types, required fields) and
generate ``payoffs/schema.json``; the game-specific checks (moves, cells, numbers) live in
:mod:`negotiation.files.payoff_file`, which needs the players to interpret the cells.
Every failure is turned into one :class:`~negotiation.errors.PayoffFileError` positioned
at the offending node. Regenerate the published schema with::

    python -m negotiation.files > payoffs/schema.json
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from negotiation.errors import PayoffFileError, quote_token
from negotiation.files.payoff_format import FORMAT_VERSION, RATIONAL_PATTERN
from negotiation.files.yamldoc import YamlDoc

__all__ = [
    "FORMAT_VERSION",
    "RATIONAL_PATTERN",
    "PayoffFileModel",
    "PlayerModel",
    "SourceModel",
    "json_schema",
    "to_plain",
    "validate_document",
]


SCHEMA_ID = "https://example.invalid/negotiation/payoffs/schema.json"


def _none_to_empty(value: Any) -> Any:
    return "" if value is None else value


def _exact_version(value: Any) -> Any:
    # Literal[1] would accept True and 1.0; a version is written as the integer 1
    if isinstance(value, (bool, float)):
        return repr(value)
    return value


OptionalText = Annotated[str, BeforeValidator(_none_to_empty)]

_NUMBER = {
    "description": 'A payoff: an integer, a decimal, or exact text such as "3/2".',
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": RATIONAL_PATTERN}],
}
_CELL = {
    "description": "One cell: one payoff per player, as a list in player order or a "
    "mapping from player name to payoff.",
    "anyOf": [
        {"type": "array", "items": {"$ref": "#/$defs/Number"}, "minItems": 1},
        {
            "type": "object",
            "additionalProperties": {"$ref": "#/$defs/Number"},
            "minProperties": 1,
        },
    ],
}
_PAYOFF_TREE = {
    "description": "Cells keyed by move labels, one level per player in player order: "
    "payoffs[move of player 1][move of player 2]... = cell.",
    "type": "object",
    "minProperties": 1,
    "additionalProperties": {"anyOf": [{"$ref": "#/$defs/PayoffTree"}, {"$ref": "#/$defs/Cell"}]},
}
_MOVES = {
    "description": "The player's moves, most conciliatory first: a mapping from move "
    "label to a one-line description (or a plain list of labels).",
    "anyOf": [
        {
            "type": "object",
            "additionalProperties": {"type": ["string", "null"]},
            "minProperties": 1,
        },
        {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True},
    ],
}


class SourceModel(BaseModel):
    """A citation behind the numbers, with the words that support them."""

    model_config = ConfigDict(extra="forbid", strict=True, title="Source")

    citation: str = Field(
        min_length=1,
        description="Author, year, title, and section or page, e.g. "
        "'Osborne (2004), An Introduction to Game Theory, section 2.2'.",
    )
    quote: OptionalText = Field("", description="A short verbatim quote from the source.")
    supports: OptionalText = Field("", description="Which numbers or moves the quote supports.")


class PlayerModel(BaseModel):
    """A player: its name and its moves, most conciliatory first."""

    model_config = ConfigDict(extra="forbid", strict=True, title="Player")

    name: str = Field(min_length=1, description="The player's name, e.g. 'US'.")
    description: OptionalText = Field("", description="Who the player is (optional).")
    moves: Annotated[Any, WithJsonSchema({"$comment": "Moves"})] = Field(
        description="Move label -> one-line description, most conciliatory first unless "
        "'escalation' gives the order."
    )
    escalation: Annotated[
        Any, WithJsonSchema({"type": "array", "items": {"type": "string"}, "uniqueItems": True})
    ] = Field(
        None,
        description="Optional: the player's moves from least to most escalatory (each once), "
        "when the order of 'moves' is chosen for display; leverage reads this order.",
    )


class PayoffFileModel(BaseModel):
    """A finite game in normal form with labelled players and moves (format v1)."""

    model_config = ConfigDict(extra="forbid", strict=True, title="Payoff file")

    version: Annotated[Literal[1], BeforeValidator(_exact_version)] = Field(
        description="The format version; always 1."
    )
    title: str = Field(description="A short name for the game.")
    description: OptionalText = Field("", description="What the game models (optional).")
    players: list[PlayerModel] = Field(
        min_length=1, description="The players, in the order payoffs are listed."
    )
    payoffs: Annotated[Any, WithJsonSchema({"$comment": "PayoffTree"})] = Field(
        description="Cells keyed by move labels, one nesting level per player."
    )
    sources: list[SourceModel] = Field(
        default_factory=list, description="Citations for the numbers (a quote per fact)."
    )
    common_unit: bool = Field(
        False,
        description="Optional: true when every player's payoffs are in one unit (money, "
        "years), so sums and comparisons across players mean something; otherwise each "
        "side's payoffs are rescaled to [0, 1] wherever they are compared.",
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of payoff format v1, generated from the models.

    >>> schema = json_schema()
    >>> schema["required"]
    ['version', 'title', 'players', 'payoffs']
    >>> sorted(schema["$defs"])
    ['Cell', 'Moves', 'Number', 'PayoffTree', 'Player', 'Source']
    """
    schema = _renamed(PayoffFileModel.model_json_schema())
    defs = schema.setdefault("$defs", {})
    defs.update({"Number": _NUMBER, "Cell": _CELL, "PayoffTree": _PAYOFF_TREE, "Moves": _MOVES})
    schema["$defs"] = dict(sorted(defs.items()))
    # the two hand-written parts: point the placeholders at their definitions
    for properties in (schema["properties"], defs["Player"]["properties"]):
        for prop in properties.values():
            name = prop.pop("$comment", None)
            if name in ("Moves", "PayoffTree"):
                prop["$ref"] = f"#/$defs/{name}"
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
    }
    return {**head, **schema}


def _renamed(node: Any) -> Any:
    """Publish the definitions as Player/Source rather than the classes' names."""
    names = {"PlayerModel": "Player", "SourceModel": "Source"}
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                value = "#/$defs/" + names.get(value.rsplit("/", 1)[-1], value.rsplit("/", 1)[-1])
            out[names.get(key, key)] = _renamed(value)
        return out
    if isinstance(node, list):
        return [_renamed(v) for v in node]
    return node


def to_plain(node: Any) -> Any:
    """Plain ``dict`` / ``list`` / ``str`` / ``int`` / ``float`` / ``bool`` / ``None`` copy.

    ruamel's round-trip types (``CommentedMap``, ``ScalarFloat``, quoted strings…) become
    the builtin types, so strict validation sees exactly what the YAML said.
    """
    if isinstance(node, dict):
        return {_plain_scalar(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    return _plain_scalar(node)


def _plain_scalar(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if type(value).__name__ == "ScalarBoolean":
        return bool(value)
    return value


def validate_document(doc: YamlDoc) -> PayoffFileModel:
    """Check the document's shape against :class:`PayoffFileModel`.

    Raises the first problem in file order as a positioned
    :class:`~negotiation.errors.PayoffFileError`.

    >>> from negotiation.files.yamldoc import parse_yaml
    >>> validate_document(parse_yaml("version: 1\\ntitel: PD\\n", "g.yaml"))
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: g.yaml:2:1: unknown key 'titel' — did you mean 'title'?
    """
    try:
        return PayoffFileModel.model_validate(to_plain(doc.data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    # a misspelt key shows up twice (unknown 'titel', missing 'title'): the unknown key
    # is the cause, so missing keys are reported only when nothing else is wrong
    ranked = sorted(errors, key=lambda e: e["type"] == "missing")
    problems = [(e["type"] == "missing", _to_payoff_error(doc, e)) for e in ranked]
    problems.sort(key=lambda p: (p[0], p[1].line, p[1].col))
    raise problems[0][1] from None


# --------------------------------------------------------------------- error messages

_MISSING_HINTS = {
    "version": "add 'version: 1' as the first line",
    "title": "add a line such as 'title: Prisoner's dilemma'",
    "players": "add 'players:' with one '- name: ...' entry (and its 'moves:') per player",
    "payoffs": "add 'payoffs:' with one cell per combination of moves",
    "name": "give the player a name, e.g. 'name: US'",
    "moves": "list the player's moves, e.g. 'moves: {cooperate: stay silent, defect: confess}'",
    "citation": "say where the numbers come from, e.g. 'citation: Osborne (2004), section 2.2'",
}

_WHAT = {
    "version": "the version",
    "title": "the title",
    "description": "the description",
    "players": "'players'",
    "name": "the player's name",
    "citation": "the citation",
    "quote": "the quote",
    "supports": "'supports'",
    "sources": "'sources'",
    "common_unit": "'common_unit'",
}


def _model_at(loc: Sequence[Any]) -> type[BaseModel]:
    model: type[BaseModel] = PayoffFileModel
    for part in loc:
        if part == "players" and model is PayoffFileModel:
            model = PlayerModel
        elif part == "sources" and model is PayoffFileModel:
            model = SourceModel
    return model


def _where(loc: Sequence[Any]) -> str:
    if not loc:
        return "at the top level"
    if loc[0] == "players" and len(loc) > 1:
        return f"in player {loc[1] + 1}" if isinstance(loc[1], int) else "in 'players'"
    if loc[0] == "sources" and len(loc) > 1:
        return f"in source {loc[1] + 1}" if isinstance(loc[1], int) else "in 'sources'"
    return "under '" + ".".join(str(p) for p in loc) + "'"


def _to_payoff_error(doc: YamlDoc, error: Any) -> PayoffFileError:
    kind = error["type"]
    loc = list(error["loc"])
    value = error.get("input")
    field = str(loc[-1]) if loc else ""
    what = _WHAT.get(field, f"'{field}'")
    if kind == "missing":
        parent = loc[:-1]
        return doc.error(
            parent,
            f"missing key '{field}' {_where(parent)}",
            _MISSING_HINTS.get(field, f"add '{field}:'"),
        )
    if kind == "extra_forbidden":
        allowed = list(_model_at(loc[:-1]).model_fields)
        close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else "allowed keys here are " + ", ".join(f"'{a}'" for a in allowed)
        )
        where = f" {_where(loc[:-1])}" if loc[:-1] else ""
        return doc.error(loc, f"unknown key {quote_token(field)}{where}", hint, key=True)
    if kind == "invalid_key":
        parent = loc[:-1]
        node = doc.get(parent) if parent else doc.data
        raw = next((k for k in node if str(k) == field), field) if isinstance(node, dict) else field
        return doc.error(
            [*parent, raw],
            f"keys must be text, got {'an empty key' if raw is None else _show(raw)}",
            "write a name before the colon, e.g. 'title: ...'",
            key=True,
        )
    if kind == "literal_error" and field == "version":
        return doc.error(
            loc,
            f"unsupported format version {_show(value)}",
            f"this program reads 'version: {FORMAT_VERSION}' files",
        )
    if kind in ("string_type", "string_too_short"):
        if value is None or value == "":
            return doc.error(loc, f"{what} is empty", "write the text after the colon")
        return doc.error(loc, f"{what} must be text, got {_show(value)}", "put the text in quotes")
    if kind == "bool_type":
        return doc.error(
            loc, f"{what} must be true or false, got {_show(value)}", "write true or false"
        )
    if kind == "too_short":
        return doc.error(loc, f"{what} lists nothing", "a game needs at least one player")
    if kind == "list_type":
        entry = "'- name: ...'" if field == "players" else "'- citation: ...'"
        return doc.error(
            loc, f"{what} must be a list, got {_show(value)}", f"write one {entry} entry per item"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if loc and loc[0] == "players":
            return doc.error(
                loc,
                f"each player must be a mapping with 'name' and 'moves', got {_show(value)}",
                "write '- name: Row' and, indented below it, 'moves:'",
            )
        if loc and loc[0] == "sources":
            return doc.error(
                loc,
                f"each source must be a mapping with 'citation', 'quote' and 'supports', "
                f"got {_show(value)}",
                "write '- citation: ...' and, indented below it, 'quote:' and 'supports:'",
            )
        return doc.error(loc, f"expected a mapping of keys, got {_show(value)}")
    return doc.error(loc, str(error.get("msg", "invalid value")).rstrip("."))


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (CommentedMap, dict)):
        return "a mapping"
    if isinstance(value, (CommentedSeq, list)):
        return "a list"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    return repr(value)


def main() -> None:
    """Print the JSON Schema (used to regenerate ``payoffs/schema.json``)."""
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
