"""``negotiation report [FILE] [-o report.html]``: one self-contained HTML page to share."""

from __future__ import annotations

import argparse
from typing import Any

from negotiation.cli.common import add_set_argument
from negotiation.data import shipped
from negotiation.workflows.report import write_report


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write one self-contained HTML report: the game, equilibria, reading, how the "
        "payoffs are built, leverage and the deal, the truce test (trees: the tree, its "
        "equilibria and threats; dynamics files: the timeline and half-life)",
        description="Analyse a payoff, scenario, game-tree or dynamics file (default: the "
        "shipped US–China scenario) and write one HTML file that needs no network: figures inlined as SVG, "
        "no external style or script. It states the file, its SHA-256, the --set "
        "overrides and the tool's version. An existing output is kept unless --force.",
    )
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="payoff, scenario, tree or dynamics file (.yaml, .nfg or .efg); default: the shipped "
        "us_china_rare_earths.yaml",
    )
    parser.add_argument(
        "-o", "--output", metavar="REPORT.html", default="report.html", help="where to write it"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the output file if it already exists"
    )
    add_set_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = write_report(
        args.file or str(shipped()), args.output, list(args.overrides), overwrite=args.force
    )
    print(f"wrote {path}")
    return 0
