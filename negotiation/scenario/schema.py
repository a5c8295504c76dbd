"""The sections of a scenario file: their published schema and their positioned checks.

Two layers, run in this order by :func:`negotiation.scenario.build.build_scenario`:

* **hand-written checks** (:class:`negotiation.scenario.sections.SectionReader`) that know what the names mean — a
  move that pulls an unknown lever, an interaction conditioned on a move the player does
  not have, a pressure outside its range — and say so at the offending text
  (``path:line:col: message — hint``), with the nearest known name where one is close;
* **the pydantic models** below (:class:`ScenarioFileModel`), which describe the shape
  of every section, generate the JSON Schema that ``payoffs/schema.json`` publishes (so
  an editor validates scenario files as it validates payoff files), and catch any shape
  the hand-written checks let through, positioned the same way.

The result is a :class:`~negotiation.scenario.sections.Sections`: the checked, labelled content of the file, still
holding the *locations* of every number and formula, which
:mod:`negotiation.scenario.quantities` resolves and :mod:`negotiation.scenario.payoffs`
assembles into a game.

**Uncertain numbers.** Wherever a scenario holds a number (a lever's effect, an
interaction's, a weight, a parameter, an issue value) it may write either the number or a
mapping ``{value: V, range: [LO, HI], kind: fact|estimate|judgement, source: KEY,
quote: "...", reason: "...", distribution: uniform|triangular|normal}``: the value is
used, the rest is its provenance. A pressure is always such a mapping (with a ``unit``).
"""

from __future__ import annotations

import difflib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from negotiation.errors import quote_token
from negotiation.files.yamldoc import YamlDoc

__all__ = [
    "DISTRIBUTIONS",
    "INPUT_KEYS",
    "KINDS",
    "SCENARIO_KEYS",
    "ScenarioFileModel",
    "UncertainModel",
    "published_schema",
    "scenario_json_schema",
    "validate_scenario_document",
]

#: top-level keys of a scenario file
SCENARIO_KEYS = (
    "version",
    "title",
    "description",
    "players",
    "sources",
    "channels",
    "pressures",
    "weights",
    "parameters",
    "levers",
    "moves",
    "interactions",
    "issues",
    "status_quo",
    "notes",
)
#: how a number is known: a fact (quoted or cited), an estimate (a named source beyond
#: the article, with page or table), a judgement (one line of reasoning)
KINDS = ("fact", "estimate", "judgement")
#: how the what-if engine draws an uncertain number inside its range
DISTRIBUTIONS = ("uniform", "triangular", "normal")
#: keys of an uncertain number written as a mapping
INPUT_KEYS = (
    "value",
    "range",
    "kind",
    "source",
    "quote",
    "reason",
    "distribution",
    "unit",
    "description",
)

_PRESSURE_KEYS = (
    "value",
    "unit",
    "range",
    "description",
    "quote",
    "source",
    "kind",
    "reason",
    "distribution",
)
_LEVER_KEYS = ("description", "quote", "source", "effects")
_MOVE_KEYS = ("levers", "description")
_INTERACTION_KEYS = ("when", "description", "quote", "source", "effects")


def _suggest(word: Any, choices: Any, otherwise: str) -> str:
    """ "did you mean 'x'?" for the nearest of ``choices``, else the ``otherwise`` hint."""
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f"did you mean {quote_token(close[0])}?" if close else otherwise


# ------------------------------------------------------------------ pydantic models
_FORMULA = {
    "type": "string",
    "description": "A formula of the player's pressures, parameters and weights, "
    "e.g. '0.5 + 1.5 * chip_want' (see negotiation.scenario.formula).",
}


class UncertainModel(BaseModel):
    """A number with its provenance and, unless it is a fact, its plausible range."""

    model_config = ConfigDict(extra="forbid", title="Uncertain number")

    value: float = Field(description="The value the model uses.")
    range: list[float] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="[low, high]: the plausible range the what-if engine varies.",
    )
    kind: Literal["fact", "estimate", "judgement"] | None = Field(
        None,
        description="fact: a verbatim quote or cited source; estimate: a named source "
        "beyond the article (page or table); judgement: one line of reasoning.",
    )
    source: str = Field("", description="Key of the citation under 'sources'.")
    quote: str = Field("", description="The verbatim words that support the value.")
    reason: str = Field("", description="Why this value (for an estimate or a judgement).")
    distribution: Literal["uniform", "triangular", "normal"] | None = Field(
        None, description="How to draw the number inside its range (default uniform)."
    )
    unit: str = Field("", description="What one unit of the number means.")
    description: str = Field("", description="What the number measures.")


class PressureModel(UncertainModel):
    """A pressure on a player: an uncertain number with a unit and a range."""

    model_config = ConfigDict(extra="forbid", title="Pressure")

    unit: str = Field(min_length=1, description="What one unit of the pressure means.")
    range: list[float] = Field(
        min_length=2, max_length=2, description="[low, high]: the plausible range."
    )


Amount = float | str | UncertainModel


class LeverModel(BaseModel):
    """A policy instrument and its effects on each player's channels."""

    model_config = ConfigDict(extra="forbid", title="Lever")

    description: str = ""
    quote: str = ""
    source: str = ""
    effects: dict[str, dict[str, Amount]] = Field(
        default_factory=dict, description="player -> channel -> effect when pulled."
    )


class MoveModel(BaseModel):
    """A move: the levers it pulls."""

    model_config = ConfigDict(extra="forbid", title="Move")

    levers: list[str] = Field(default_factory=list)
    description: str = ""


class InteractionModel(BaseModel):
    """Extra effects when levers or moves meet in one cell."""

    model_config = ConfigDict(extra="forbid", title="Interaction")

    when: dict[str, str] = Field(min_length=1, description="player -> lever or move.")
    description: str = ""
    quote: str = ""
    source: str = ""
    effects: dict[str, dict[str, Amount]] = Field(default_factory=dict)


class ScenarioSourceModel(BaseModel):
    """A citation that quotes point to by key."""

    model_config = ConfigDict(extra="forbid", title="Scenario source")

    citation: str = Field(min_length=1)
    url: str = ""
    date: str = ""
    note: str = ""


class ScenarioFileModel(BaseModel):
    """A scenario: a game whose payoffs are built from named pressures (format v1)."""

    model_config = ConfigDict(extra="forbid", title="Scenario file")

    version: Literal[1] = Field(description="The format version; always 1.")
    title: str = ""
    description: str = ""
    players: list[str | dict[str, str]] = Field(min_length=1)
    sources: dict[str, str | ScenarioSourceModel] = Field(default_factory=dict)
    channels: dict[str, str | None] = Field(
        min_length=1, description="channel -> what it measures."
    )
    pressures: dict[str, dict[str, PressureModel]]
    weights: dict[str, dict[str, Amount]] = Field(
        description="player -> channel -> weight (number or formula of pressures)."
    )
    parameters: dict[str, dict[str, Amount]] = Field(
        description="player -> name -> number or formula; discount_rate and dependence "
        "are required."
    )
    levers: dict[str, dict[str, LeverModel] | None]
    moves: dict[str, dict[str, MoveModel | None]]
    interactions: dict[str, InteractionModel] = Field(default_factory=dict)
    issues: dict[str, dict[str, Amount | list[str]]] = Field(
        default_factory=dict,
        description="issue -> player -> value (and a description), or issue -> "
        "levers: [Player.lever, ...] to derive both sides' values from those levers.",
    )
    status_quo: dict[str, str] | None = None
    notes: Any = None


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, generated from :class:`ScenarioFileModel`.

    >>> schema = scenario_json_schema()
    >>> schema["title"], schema["required"][:3]
    ('Scenario file', ['version', 'players', 'channels'])
    """
    return ScenarioFileModel.model_json_schema()


def published_schema() -> dict[str, Any]:
    """``payoffs/schema.json``: a payoff file or a scenario file, one schema for editors.

    The payoff-file schema is :func:`negotiation.files.json_schema`; the scenario part is
    :func:`scenario_json_schema`. Regenerate the published copy with
    ``python -m negotiation.scenario > payoffs/schema.json``.

    >>> schema = published_schema()
    >>> [alt["$ref"] for alt in schema["anyOf"]]
    ['#/$defs/PayoffFile', '#/$defs/ScenarioFile']
    """
    from negotiation.files.schema import json_schema

    payoff = json_schema()
    head = {k: payoff.pop(k) for k in ("$schema", "$id")}
    defs = payoff.pop("$defs")
    scenario = scenario_json_schema()
    for name, definition in scenario.pop("$defs", {}).items():
        defs[f"Scenario{name}" if name in defs else name] = definition
    scenario = json.loads(json.dumps(scenario))
    defs["PayoffFile"] = payoff
    defs["ScenarioFile"] = scenario
    return {
        **head,
        "title": "Payoff or scenario file",
        "anyOf": [{"$ref": "#/$defs/PayoffFile"}, {"$ref": "#/$defs/ScenarioFile"}],
        "$defs": dict(sorted(defs.items())),
    }


def validate_scenario_document(doc: YamlDoc) -> ScenarioFileModel:
    """Check a scenario document's shape; the first problem as a positioned error.

    >>> from negotiation.files.yamldoc import parse_yaml
    >>> validate_scenario_document(parse_yaml("version: 2\\n", "s.yaml"))
    Traceback (most recent call last):
    ...
    negotiation.errors.PayoffFileError: s.yaml:1:10: version: input should be 1
    """
    from negotiation.files.schema import to_plain

    try:
        return ScenarioFileModel.model_validate(to_plain(doc.data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    first = sorted(errors, key=lambda e: e["type"] == "missing")[0]
    loc = [part for part in first["loc"] if not _is_union_tag(part)]
    while loc and doc.get(loc) is None and first["type"] != "missing":
        loc = loc[:-1]
    where = ".".join(str(p) for p in first["loc"] if not _is_union_tag(p))
    message = str(first.get("msg", "invalid value")).rstrip(".")
    return_error = doc.error(
        loc if first["type"] != "missing" else loc[:-1],
        f"{where}: {message[0].lower()}{message[1:]}" if where else message,
    )
    raise return_error


def _is_union_tag(part: Any) -> bool:
    """pydantic names the union member it tried ('float', 'str', 'UncertainModel')."""
    return isinstance(part, str) and (
        part in ("float", "str", "int") or part.endswith("Model") or "[" in part
    )
