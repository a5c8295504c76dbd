"""``negotiation analyse [FILE]``: the main job — the game, its equilibria and a reading."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from negotiation.cli import tree_cmds
from negotiation.cli.args import positive_int
from negotiation.cli.common import add_json_argument, add_set_argument, emit, load
from negotiation.cli.format import format_equilibria, render_game
from negotiation.data import shipped
from negotiation.workflows.analyse import analyse

if TYPE_CHECKING:
    from negotiation.workflows.analyse import Analysis

#: the default of --robustness-samples (kept equal to the workflow's; a test checks)
ROBUSTNESS_SAMPLES = 10_000


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    add_set_argument(parser)
    parser.add_argument(
        "--no-robustness",
        dest="robustness",
        action="store_false",
        help="skip the robustness paragraph (a seeded Monte Carlo over the declared ranges)",
    )
    parser.add_argument(
        "--robustness-samples",
        type=positive_int("--robustness-samples", cap=10**7),
        default=ROBUSTNESS_SAMPLES,
        metavar="N",
        help=f"draws for the robustness paragraph (default {ROBUSTNESS_SAMPLES:,}, seed 0)",
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = args.file or str(shipped())
    model = load(args, path, kinds=("game", "scenario", "tree"))
    if model.kind == "tree":
        args.file = path
        return tree_cmds.analyse(args, model)
    result = analyse(model, robustness=args.robustness, robustness_samples=args.robustness_samples)
    scenario = model.kind == "scenario"
    return emit(args, result, lambda: _text(result, scenario=scenario), warnings=model.warnings)


def _text(result: Analysis, *, scenario: bool = True) -> str:
    escalation = result.inputs.escalation if result.inputs is not None else None
    lines = [
        render_game(result.game, escalation=escalation),
        "",
        format_equilibria(result.game, result.equilibria),
        "",
    ]
    lines += ["Reading", "-------"]
    lines += [
        textwrap.fill(line, 92, initial_indent="• ", subsequent_indent="  ")
        for line in result.reading()
    ]
    lines += [
        "",
        textwrap.fill(
            (
                "Next: `negotiation explain FILE --cell MOVE MOVE` traces a payoff to its "
                "pressures; `negotiation leverage`, `bargain`, `folk`, `repeat` and "
                "`solve --method ...` go deeper; `--set PATH=VALUE` asks what-if."
                if scenario
                else "Next: `negotiation leverage`, `bargain`, `folk`, `repeat` and "
                "`solve --method ...` go deeper; `--set 'payoffs.MOVE.MOVE=[A, B]'` asks what-if "
                "(a plain payoff file has no pressures for `explain` to trace)."
            ),
            92,
        ),
    ]
    return "\n".join(lines)
