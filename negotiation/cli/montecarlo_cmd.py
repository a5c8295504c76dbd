"""``negotiation montecarlo FILE --samples N --seed S``: how often each outcome, and where."""

from __future__ import annotations

import argparse

from negotiation.cli.dynamics_whatif import dispatch
from negotiation.cli.whatif_args import (
    add_common,
    add_execution,
    emit_result,
    load_compiled,
    progress_enabled,
)
from negotiation.errors import NegotiationError
from negotiation.whatif.montecarlo import check_samples, montecarlo


def _samples(text: str) -> int:
    try:
        value = int(float(text)) if "e" in text.lower() else int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--samples must be a whole number, got {text!r}"
        ) from None
    return value  # checked by check_samples: one line and exit 1


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "montecarlo",
        help="Monte Carlo over the declared ranges, with scenario discovery (PRIM)",
        description="Draw every uncertain input from its distribution; report how often each "
        "equilibrium set and deal outcome occurs, quantiles of bargaining power and deal "
        "payoffs, and for each outcome the box of inputs where it happens (PRIM).",
    )
    add_common(parser)
    add_execution(parser)
    parser.add_argument(
        "--samples",
        type=_samples,
        default=10_000,
        metavar="N",
        help="number of draws (default 10000)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if (
        code := dispatch(args, "montecarlo")
    ) is not None:  # a dynamics file: the timeline's outputs
        return code

    check_samples(args.samples, force=args.force)
    compiled = load_compiled(args)
    if not compiled.inputs:
        raise NegotiationError(
            f"{args.file}: no number has a declared range, so there is nothing to draw; "
            "use 'negotiation sweep FILE --vary PATH=LO:HI:N'"
        )
    result = montecarlo(
        compiled,
        args.samples,
        seed=args.seed,
        chunk=args.chunk,
        scheduler=args.scheduler,
        workers=args.workers,
        progress=progress_enabled(args),
        force=args.force,
    )
    return emit_result(args, result, result.frame)
