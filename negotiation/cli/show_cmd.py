"""``negotiation show FILE``: the game as written — title, players and moves, table, sources."""

from __future__ import annotations

import argparse

from negotiation.cli import tree_cmds
from negotiation.cli.common import add_file_argument, add_json_argument, emit, load
from negotiation.cli.format import render_game
from negotiation.files.atomic import leftover_warnings
from negotiation.workflows.summary import summarise_dynamics


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "show",
        help="print a payoff file: players, moves, the payoff table and its sources",
        description="Print a payoff or scenario file as a labelled game: title, "
        "description, each player's moves (most conciliatory first) with their "
        "descriptions, the payoff table and the sources behind the numbers. A game tree "
        "prints as an outline; a dynamics file as a summary (state, stages, moves, horizon).",
    )
    add_file_argument(parser)
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    model = load(args, kinds=("game", "scenario", "tree", "dynamics"))
    if model.kind == "tree":
        return tree_cmds.show(args, model)
    if model.dynamics is not None:
        summary = summarise_dynamics(model.dynamics)
        return emit(args, summary, lambda: str(summary), warnings=model.warnings)
    game = model.game
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
    escalation = model.inputs.escalation
    if escalation:  # only when the file declares one: other outputs keep their shape
        data["escalation"] = {p: list(m) for p, m in escalation.items()}
    if model.inputs.common_unit:  # likewise only when declared
        data["common_unit"] = True
    return emit(
        args,
        data,
        lambda: render_game(game, escalation=escalation),
        warnings=[*model.warnings, *leftover_warnings(args.file)],
    )
