"""Entry point of the ``negotiation`` command.

Each sub-command lives in its own module of :mod:`negotiation.cli` with two functions:
``add_parser(subparsers)`` (which must call ``parser.set_defaults(run=run)``) and
``run(args) -> int``. Add a command by adding its module name to :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence

from negotiation import __version__
from negotiation.cli.args import ArgumentParser
from negotiation.errors import (
    NegotiationError,
    NegotiationWarning,
    PayoffFileError,
    escape_text,
    message_line,
)
from negotiation.numbers import exact_numbers

#: sub-command modules, in the order ``negotiation --help`` lists them
COMMANDS: tuple[str, ...] = (
    "analyse",
    "show",
    "validate",
    "convert",
    "solve",
    "explain",
    "leverage",
    "bargain",
    "set",
    "diff",
    "repeat",
    "folk",
    "spe",
    "timeline",
    "sweep",
    "tipping",
    "sensitivity",
    "montecarlo",
    "report",
)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``argv``'s command (of every command when ``argv`` is ``None``)."""
    parser = ArgumentParser(
        prog="negotiation",
        description="Game-theory models of negotiations: payoff files, equilibria, "
        "leverage, bargaining and repeated play.",
    )
    parser.add_argument("--version", action="version", version=f"negotiation {__version__}")
    _add_exact_argument(parser, default=False)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    for name in _commands_for(argv):
        # a listed command whose module is missing is an error, never silently dropped
        module = importlib.import_module(f"negotiation.cli.{name}_cmd")
        module.add_parser(sub)
    # one global flag, accepted after any command too (an alias shares its parser)
    for command in {id(p): p for p in sub.choices.values()}.values():
        _add_exact_argument(command, default=argparse.SUPPRESS)
    return parser


def _commands_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The command modules to load: only the one named on the command line, else all.

    Each command module imports what it runs at its top, so ``negotiation show FILE``
    loads the show command (and what it needs) alone; ``negotiation --help``, an alias
    or an unknown name loads every command, so the help and the "invalid choice" message
    list them all.
    """
    if argv is None:
        return COMMANDS
    first = next((a for a in argv if not a.startswith("-")), None)
    return (first,) if first in COMMANDS and "-h" not in argv[:1] else COMMANDS


def _add_exact_argument(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--exact",
        action="store_true",
        default=default,
        help="show every number exactly (p/q), as --json carries it, instead of short or "
        "rounded (≈) values",
    )


#: optional libraries (imported only by the commands that need them) and the extra of
#: pyproject.toml that installs each: a missing one is one line naming the extra
OPTIONAL_LIBRARIES: dict[str, str] = {
    "matplotlib": "plot",
    "pandas": "whatif",
    "SALib": "whatif",
    "dask": "whatif",
    "distributed": "whatif",
    "pyarrow": "whatif",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 user error, 2 usage)."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _show_warning
        return _run(parser, argv)


def _show_warning(
    message: Warning | str, category: type[Warning], *_: object, **__: object
) -> None:
    """Our warnings as one escaped ``warning:`` line; numpy's and scipy's never leak."""
    if issubclass(category, NegotiationWarning):
        print(f"warning: {escape_text(message)}", file=sys.stderr)


def _run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    try:
        args = parser.parse_args(argv)
        if not hasattr(args, "run"):
            parser.print_help()
            return 2

        # --json always carries exact values and its texts keep one shape: --exact is for people
        exact = bool(getattr(args, "exact", False)) and not getattr(args, "json", False)
        with exact_numbers(exact):
            return int(args.run(args) or 0)
    except NegotiationError as exc:
        text = message_line(exc)
        print(f"error: {text}" if not _is_positioned(exc) else text, file=sys.stderr)
        return 1
    except ArithmeticError as exc:  # a float path meeting exact numbers it cannot hold
        print(
            f"error: the numbers are too large or too small for floating-point arithmetic "
            f"({message_line(exc)}) — scale the payoffs",
            file=sys.stderr,
        )
        return 1
    except ModuleNotFoundError as exc:
        library = (exc.name or "").partition(".")[0]
        if library not in OPTIONAL_LIBRARIES:
            raise
        print(
            f"error: this needs {library}, which is not installed — install it with "
            f"pip install 'negotiation[{OPTIONAL_LIBRARIES[library]}]'",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _is_positioned(exc: Exception) -> bool:
    return isinstance(exc, PayoffFileError)


if __name__ == "__main__":
    sys.exit(main())
