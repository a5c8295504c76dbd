"""The published JSON Schema of tree files (``payoffs/tree.schema.json``).

Editors validate ``kind: tree`` files against it; the reader
(:mod:`negotiation.files.tree_file`) checks the same rules with positions.
"""

from __future__ import annotations

from typing import Any

__all__ = ["TREE_SCHEMA"]

#: the published JSON Schema of tree files (``payoffs/tree.schema.json``)
TREE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "negotiation game tree (kind: tree)",
    "type": "object",
    "required": ["kind", "players", "nodes"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "kind": {"const": "tree"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "players": {
            "type": "array",
            "minItems": 1,
            "items": {
                "anyOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}},
                    },
                ]
            },
        },
        "root": {"type": "string"},
        "scenario": {
            "type": "string",
            "description": "scenario file whose channel model builds the leaves",
        },
        "sources": {"type": ["array", "object"]},
        "nodes": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "player": {"type": "string"},
                    "infoset": {"type": "string"},
                    "date": {"type": "string"},
                    "description": {"type": "string"},
                    "outcome": {"type": "string"},
                    "payoffs": {"$ref": "#/$defs/payoffs"},
                    "moves": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {
                            "anyOf": [
                                {"type": "string"},
                                {"$ref": "#/$defs/payoffs"},
                                {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "to": {
                                            "anyOf": [
                                                {"type": "string"},
                                                {"$ref": "#/$defs/payoffs"},
                                            ]
                                        },
                                        "probability": {
                                            "anyOf": [{"const": "rest"}, {"$ref": "#/$defs/number"}]
                                        },
                                        "kind": {"enum": ["irreversible", "reimposable"]},
                                        "description": {"type": "string"},
                                        "scenario_move": {
                                            "anyOf": [{"type": "string"}, {"type": "object"}]
                                        },
                                        "set": {"type": "object"},
                                    },
                                },
                            ]
                        },
                    },
                },
            },
        },
    },
    "$defs": {
        "number": {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)(\s*/\s*\d+)?\s*$"},
                {
                    "type": "object",
                    "required": ["value"],
                    "properties": {
                        "value": {"anyOf": [{"type": "number"}, {"type": "string"}]},
                        "range": {"type": "array", "minItems": 2, "maxItems": 2},
                        "kind": {"enum": ["fact", "estimate", "judgement"]},
                        "source": {"type": "string"},
                        "quote": {"type": "string"},
                        "reason": {"type": "string"},
                        "distribution": {"enum": ["uniform", "triangular", "normal"]},
                    },
                    "additionalProperties": False,
                },
            ]
        },
        "payoffs": {
            "anyOf": [
                {"type": "array", "items": {"$ref": "#/$defs/number"}},
                {"type": "object", "additionalProperties": {"$ref": "#/$defs/number"}},
            ]
        },
    },
}
