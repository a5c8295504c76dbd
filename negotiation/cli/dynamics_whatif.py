"""The what-if commands on a dynamics file: ``sweep``, ``tipping``, ``sensitivity``, ``montecarlo``.

Each of the four commands calls :func:`dispatch` first; for a dynamics file (``dynamics:
1``) it runs the command on the timeline's headline numbers
(:class:`negotiation.dynamics.headline.TimelineOutputs`) through
:mod:`negotiation.whatif.dynamic_model`, with the same flags, ``--json``, ``--output``,
seeds, progress bar and Dask options; for any other file it returns ``None`` and the
command goes on with the payoff-matrix path.

A dynamics file solves a dynamic game per evaluation, so where a flag was left at the
matrix path's default (sized for batches of millions), a smaller default applies:
:data:`DEFAULTS`.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from negotiation.cli.common import warn
from negotiation.cli.whatif_args import check_output, emit_result, progress_enabled
from negotiation.dynamics import is_dynamics, read_timeline_model
from negotiation.dynamics.headline import TimelineOutputs
from negotiation.errors import NegotiationError
from negotiation.files.yamldoc import load_yaml
from negotiation.whatif import dynamic_model as dm
from negotiation.whatif.sweep import parse_vary

__all__ = ["DEFAULTS", "dispatch", "is_dynamics_file"]

#: flag -> (the matrix path's default, the default for a dynamics file)
DEFAULTS = {
    "montecarlo.samples": (10_000, 100),
    "sensitivity.samples": (256, 4),
    "tipping.grid": (10_001, 9),
}


def is_dynamics_file(path: str) -> bool:
    """Whether ``path`` is a dynamics file (YAML whose top level holds ``dynamics:``).

    A cheap look at the text first (a top-level ``dynamics:`` line), so the payoff-matrix
    path pays no second parse; only a file that has one is parsed to confirm."""
    if not str(path).lower().endswith((".yaml", ".yml")):
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(2_000_000)
        if not re.search(r"^dynamics\s*:", text, re.M):
            return False
        return is_dynamics(load_yaml(path))
    except (NegotiationError, OSError):
        return False  # the matrix path reports the problem


def _default(args: argparse.Namespace, command: str, flag: str) -> Any:
    value = getattr(args, flag)
    matrix, dynamic = DEFAULTS[f"{command}.{flag}"]
    return dynamic if value == matrix else value


def dispatch(args: argparse.Namespace, command: str) -> int | None:
    """Run ``command`` on a dynamics file and return its exit code; ``None`` otherwise."""
    if not is_dynamics_file(args.file):
        return None

    if args.output:
        check_output(args.output, force=args.force)
    model = read_timeline_model(args.file, args.overrides)
    warn(model.warnings)
    outputs = TimelineOutputs(model)
    result: Any
    if command == "sweep":
        if args.plot:
            raise NegotiationError(
                "--plot draws matrix sweeps; for a dynamics file write --output FILE.csv "
                "and plot the columns"
            )
        result = dm.sweep_outputs(
            outputs,
            [parse_vary(v) for v in args.vary],
            force=args.force,
            progress=progress_enabled(args),
        )
    elif command == "tipping":
        grid = _default(args, "tipping", "grid")
        result = dm.tipping_outputs(
            outputs,
            args.input or None,
            grid=grid,
            force=args.force,
            progress=progress_enabled(args),
        )
    elif command == "sensitivity":
        samples = _default(args, "sensitivity", "samples")
        result = dm.sensitivity_outputs(
            outputs,
            args.method,
            samples=samples,
            seed=args.seed,
            force=args.force,
            progress=progress_enabled(args),
        )
    elif command == "montecarlo":
        result = dm.montecarlo_outputs(
            outputs,
            _default(args, "montecarlo", "samples"),
            seed=args.seed,
            chunk=args.chunk,
            scheduler=args.scheduler,
            workers=args.workers,
            progress=progress_enabled(args),
            force=args.force,
        )
    else:  # pragma: no cover - a programming error
        raise ValueError(command)
    return emit_result(args, result, result.frame)
