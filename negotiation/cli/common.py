"""Helpers shared by the command modules: file arguments, overrides, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from negotiation.cli.args import override


def add_file_argument(parser: argparse.ArgumentParser, *, nargs: str | None = None) -> None:
    """The scenario/payoff FILE argument plus the ``--set PATH=VALUE`` what-if option."""
    parser.add_argument(
        "file", nargs=nargs, metavar="FILE", help="payoff or scenario file (.yaml or .nfg)"
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        type=override("--set"),
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="what-if override of a value in the file, e.g. pressures.China.deflation=0.9 "
        "(repeatable)",
    )


def read_source(path: str, overrides: list[str]) -> Any:
    """A scenario (when the file declares pressures or channels) or a plain game."""
    from negotiation.scenario import read_model

    return read_model(path, overrides)


def emit(args: argparse.Namespace, source: Any, result: Any, text: str) -> int:
    """Print ``result`` as JSON (``--json``, with the source's warnings) or as ``text``.

    Warnings about the input (e.g. a pressure set outside its range) go to stderr in text
    mode, so they never mix with the report.
    """
    warnings = list(getattr(source, "warnings", ()) or ())
    if getattr(args, "json", False):
        data = result.to_dict()
        data["warnings"] = warnings
        print_json(data)
        return 0
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(text)
    return 0


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=_default)
    sys.stdout.write("\n")


def _default(value: Any) -> Any:
    from fractions import Fraction

    import numpy as np

    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
