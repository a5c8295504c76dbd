"""``negotiation show FILE``: the game as written — title, players and moves, table, sources."""

from __future__ import annotations

import argparse
import textwrap

from negotiation.cli.common import add_file_argument, add_json_argument, print_json
from negotiation.files import read_payoffs
from negotiation.game import Game


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "show",
        help="print a payoff file: players, moves, the payoff table and its sources",
        description="Print a payoff or scenario file as a labelled game: title, "
        "description, each player's moves (most conciliatory first) with their "
        "descriptions, the payoff table and the sources behind the numbers.",
    )
    add_file_argument(parser)
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from negotiation.files.tree_file import is_tree_path

    if is_tree_path(args.file):
        from negotiation.cli import tree_cmds

        return tree_cmds.show(args)
    game = read_payoffs(args.file, args.overrides)
    if args.json:
        data = game.to_dict()
        data["description"] = game.description
        data["move_descriptions"] = (
            {
                p: dict(zip(game.moves[i], game.move_descriptions[i], strict=True))
                for i, p in enumerate(game.players)
            }
            if game.move_descriptions
            else {}
        )
        data["sources"] = [s.to_dict() for s in game.sources]
        print_json(data)
        return 0
    print(render(game))
    return 0


def render(game: Game, width: int = 88) -> str:
    """The text ``negotiation show`` prints for a game."""
    lines: list[str] = []
    title = game.title or "(untitled game)"
    lines += [title, "=" * len(title)]
    if game.description:
        lines += ["", *textwrap.wrap(game.description, width)]
    lines += ["", "Players and moves (most conciliatory first):"]
    for i, player in enumerate(game.players):
        lines.append(f"  {player}")
        labels = game.moves[i]
        pad = max(len(m) for m in labels)
        for k, move in enumerate(labels):
            text = game.move_descriptions[i][k] if game.move_descriptions else ""
            lines.append(f"    {k + 1}. {move.ljust(pad)}  {text}".rstrip())
    lines += [
        "",
        "Payoffs" + (f" ({', '.join(game.players)})" if game.n_players == 2 else "") + ":",
    ]
    lines += ["  " + row for row in str(game).splitlines()]
    if game.sources:
        lines += ["", "Sources:"]
        for n, source in enumerate(game.sources, start=1):
            lines += textwrap.wrap(
                source.citation, width, initial_indent=f"  [{n}] ", subsequent_indent="      "
            )
            if source.quote:
                lines += textwrap.wrap(
                    f"“{source.quote}”", width, initial_indent="      ", subsequent_indent="       "
                )
            if source.supports:
                lines += textwrap.wrap(
                    f"supports: {source.supports}",
                    width,
                    initial_indent="      ",
                    subsequent_indent="        ",
                )
    return "\n".join(lines)
