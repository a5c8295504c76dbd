"""``negotiation analyse [FILE]``: the main job — the game, its equilibria and a reading."""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from negotiation.cli.args import override
from negotiation.cli.common import add_json_argument, print_json, read_source


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyse",
        aliases=["analyze"],
        help="the whole analysis: the game, its exact equilibria and a short reading of them "
        "(leverage, the bargained deal, whether a truce holds)",
        description="Analyse a payoff or scenario file (default: the shipped US–China "
        "scenario): print the labelled game, every equilibrium (exact), and a reading of "
        "what they mean, with leverage, the Nash bargain and whether the deal is "
        "self-enforcing in the repeated game.",
    )
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="payoff or scenario file (.yaml or .nfg); default: the shipped "
        "us_china_rare_earths.yaml",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        type=override("--set"),
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="what-if override, e.g. pressures.China.deflation.value=0.9 (repeatable)",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from negotiation.analysis import analyse
    from negotiation.cli.show_cmd import render
    from negotiation.cli.solve_cmd import format_equilibria
    from negotiation.data import shipped

    path = args.file or str(shipped())
    source = read_source(path, args.overrides)
    result = analyse(source)
    if args.json:
        print_json(result.to_dict())
        return 0
    for warning in getattr(source, "warnings", ()):
        print(f"warning: {warning}", file=sys.stderr)
    print(render(result.game))
    print()
    print(format_equilibria(result.game, result.equilibria))
    print()
    print("Reading")
    print("-------")
    for line in result.reading():
        print(textwrap.fill(line, 92, initial_indent="• ", subsequent_indent="  "))
    print()
    print(
        textwrap.fill(
            "Next: `negotiation explain FILE --cell MOVE MOVE` traces a payoff to its pressures; "
            "`negotiation leverage`, `bargain`, `folk`, `repeat` and `solve --method ...` go "
            "deeper; `--set PATH=VALUE` asks what-if.",
            92,
        )
    )
    return 0
