"""``negotiation convert IN OUT``: YAML ↔ Gambit .nfg, chosen by the files' extensions."""

from __future__ import annotations

import argparse

from negotiation.cli import tree_cmds
from negotiation.cli.common import add_file_argument, load
from negotiation.errors import NegotiationError
from negotiation.files import write_payoffs
from negotiation.files.atomic import same_file
from negotiation.files.payoff_write import lost_in_conversion


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="convert between the YAML payoff format and Gambit .nfg",
        description="Read IN (YAML payoff or scenario file, or Gambit .nfg) and write OUT "
        "in the format its extension names (.nfg for Gambit, .yaml otherwise). The write "
        "is atomic; an existing OUT is replaced only with --force (a YAML OUT keeps its "
        "comments).",
    )
    add_file_argument(parser)
    parser.add_argument("output", metavar="OUT", help="file to write (.nfg or .yaml)")
    parser.add_argument(
        "--force", action="store_true", help="replace OUT if it exists (even if read-only)"
    )
    parser.add_argument(
        "--lossy",
        action="store_true",
        help="convert even when OUT cannot hold everything IN says (a scenario's pressures, "
        "move descriptions and sources in .nfg)",
    )
    parser.add_argument(
        "--nfg-body",
        choices=("payoffs", "outcomes"),
        default="payoffs",
        help="for .nfg output: a flat payoff list (default) or Gambit's outcome version",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if same_file(args.file, args.output):
        raise NegotiationError(
            f"{args.output} is the input file; convert writes a new file — name another OUT"
        )
    model = load(args, kinds=("game", "scenario", "tree"))
    if model.kind == "tree":
        return tree_cmds.convert(args, model)
    game = model.game
    # a plain file's declared escalation order travels with its game (a scenario's moves
    # are listed in escalation order already)
    escalation = model.inputs.escalation if model.scenario is None else None
    common_unit = model.inputs.common_unit
    lost = lost_in_conversion(
        game,
        args.output,
        from_scenario=model.scenario is not None,
        escalation=escalation,
        common_unit=common_unit,
    )
    if lost and not args.lossy:
        what = lost[0] if len(lost) == 1 else f"{', '.join(lost[:-1])} and {lost[-1]}"
        raise NegotiationError(
            f"writing {args.output} would drop {what} — give --lossy to convert anyway"
        )
    write_payoffs(
        game,
        args.output,
        overwrite=args.force,
        nfg_body=args.nfg_body,
        force=args.force,
        escalation=escalation,
        common_unit=common_unit,
    )
    print(f"wrote {args.output}")
    return 0
