"""What every command shares: the FILE and ``--set`` arguments, the one loader call, ``emit``.

A command module is ``add_parser(subparsers)`` plus ``run(args) -> int``, and ``run`` is

1. ``model = load(args)`` — the one loader (:func:`negotiation.workflows.load.load_model`);
2. one library call on ``model.game`` and ``model.inputs``;
3. ``return emit(args, result, text, warnings=model.warnings)`` — JSON with ``--json``,
   else the text; warnings always on stderr, never mixed with the output.

Formatting for people lives in :mod:`negotiation.cli.format`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Protocol

import numpy as np

from negotiation.cli.args import override
from negotiation.errors import OverrideError, escape_text
from negotiation.workflows.load import MATRIX_KINDS, Model, ModelKind, load_model


class ToDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def add_file_argument(parser: argparse.ArgumentParser, *, nargs: str | None = None) -> None:
    """The scenario/payoff FILE argument plus the ``--set PATH=VALUE`` what-if option."""
    parser.add_argument(
        "file", nargs=nargs, metavar="FILE", help="payoff or scenario file (.yaml or .nfg)"
    )
    add_set_argument(parser)


def add_set_argument(parser: argparse.ArgumentParser) -> None:
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


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def load(
    args: argparse.Namespace, path: str | None = None, kinds: Sequence[ModelKind] = MATRIX_KINDS
) -> Model:
    """The one loader call: ``args.file`` (or ``path``) with ``args.overrides``.

    A file whose kind is not in ``kinds`` (by default: a game or a scenario) is refused
    in one line naming the command that reads it (``… is a dynamics file: use
    `negotiation timeline```).
    """
    model = load_model(path if path is not None else args.file, getattr(args, "overrides", ()))
    return model.require(kinds, getattr(args, "command", None) or "this command")


def emit(
    args: argparse.Namespace,
    result: ToDict | Mapping[str, Any] | None,
    text: str | Callable[[], str],
    *,
    warnings: Iterable[str] = (),
) -> int:
    """Print ``result`` as JSON (``--json``) or ``text``; warnings go to stderr first.

    ``text`` may be a function, called only when the text is shown.
    """
    warn(warnings)
    if getattr(args, "json", False) and result is not None:
        print_json(dict(result) if isinstance(result, Mapping) else result.to_dict())
        return 0
    # user text (titles, labels, descriptions) shown, never obeyed: control, bidi and
    # invisible characters escaped, line breaks kept
    print(escape_text(text() if callable(text) else text, keep_newlines=True))
    return 0


def warn(warnings: Iterable[str]) -> None:
    """Warnings about the input, one line each on stderr."""
    for warning in warnings:
        print(f"warning: {escape_text(warning)}", file=sys.stderr)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=_default)
    sys.stdout.write("\n")


def _default(value: Any) -> Any:
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def parse_assignments(items: list[str], option: str) -> dict[str, str] | None:
    """``["US=0.1", "China=0.05"]`` -> ``{"US": "0.1", "China": "0.05"}``."""
    if not items:
        return None
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise OverrideError(f"{option} expects PLAYER=VALUE, got {item!r}")
        out[name.strip()] = value.strip()
    return out


def split_list(text: str) -> list[str]:
    """``"a, b"`` -> ``["a", "b"]``."""
    return [part.strip() for part in text.split(",")]
