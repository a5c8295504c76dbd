"""``negotiation sensitivity FILE``: which inputs decide the headline numbers."""

from __future__ import annotations

import argparse

from negotiation.cli.dynamics_whatif import dispatch
from negotiation.cli.whatif_args import add_common, emit_result, load_compiled, positive_int
from negotiation.errors import NegotiationError
from negotiation.whatif.sensitivity import sensitivity


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sensitivity",
        help="tornado, Morris or Sobol sensitivity of equilibrium and deal payoffs, power",
        description="Sensitivity of the headline outputs (equilibrium and deal payoffs, "
        "bargaining power, the probability of each deal outcome) to the uncertain inputs over "
        "their declared ranges: a tornado (each input at both ends), or Morris / Sobol indices "
        "computed by SALib.",
    )
    add_common(parser)
    parser.add_argument("--method", choices=("tornado", "morris", "sobol"), default="tornado")
    parser.add_argument(
        "--samples",
        type=positive_int("--samples"),
        default=256,
        help="Morris trajectories / Sobol base sample (default 256)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if (
        code := dispatch(args, "sensitivity")
    ) is not None:  # a dynamics file: the timeline's outputs
        return code

    compiled = load_compiled(args)
    if not compiled.inputs:
        raise NegotiationError(
            f"{args.file}: no number has a declared range, so there is nothing to draw; "
            "use 'negotiation sweep FILE --vary PATH=LO:HI:N'"
        )
    result = sensitivity(compiled, args.method, samples=args.samples, seed=args.seed)
    return emit_result(args, result, result.frame)
