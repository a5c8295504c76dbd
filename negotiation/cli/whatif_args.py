"""Options and output shared by the what-if commands (sweep, tipping, sensitivity, montecarlo).

Each command: parse → load the scenario (with ``--set``) → compile it → one library call
in :mod:`negotiation.whatif` → emit (text, ``--json``, and ``--output FILE`` as CSV or
Parquet). The table is written only once the whole run has finished, atomically and never
over an existing file (``--force`` replaces it), so an interrupted run leaves no file
that looks whole.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from negotiation.cli.common import add_file_argument, add_json_argument, load, print_json, warn
from negotiation.errors import NegotiationError
from negotiation.scenario.compiled import compile_scenario
from negotiation.whatif.plain import compile_game

__all__ = ["add_common", "add_execution", "emit_result", "load_compiled", "write_table"]


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--seed must be 0 or more, got {value}")
    return value


def positive_int(name: str) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{name} must be a whole number, got {text!r}"
            ) from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{name} must be at least 1, got {value}")
        return value

    return parse


def add_common(parser: argparse.ArgumentParser) -> None:
    """FILE, --set, --json, --output, --force, --seed, --progress."""
    add_file_argument(parser)
    add_json_argument(parser)
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="also write the table of results: .csv or .parquet (never over an existing file)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace --output if it exists; allow huge runs"
    )
    parser.add_argument("--seed", type=_seed, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )


def add_execution(parser: argparse.ArgumentParser) -> None:
    """--scheduler / --workers / --chunk for commands that draw many samples."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the chunks on this Dask scheduler (tcp://host:8786)",
    )
    group.add_argument(
        "--workers",
        type=positive_int("--workers"),
        metavar="N",
        help="start a local Dask cluster of N workers",
    )
    parser.add_argument(
        "--chunk",
        type=positive_int("--chunk"),
        metavar="N",
        help="samples per chunk (default 16384 in this process, 131072 per Dask task)",
    )


def progress_enabled(args: argparse.Namespace) -> bool:
    return bool(sys.stderr.isatty() if args.progress is None else args.progress)


def load_compiled(args: argparse.Namespace) -> Any:
    """The compiled scenario of FILE with --set applied; one clear error for a plain game."""
    if args.output:
        check_output(args.output, force=args.force)
    model = load(args)
    warn(model.warnings)
    if model.scenario is None:  # typed-in payoffs: --vary alone
        if model.doc is None and not str(args.file).lower().endswith(".nfg"):
            return compile_scenario(model.require_scenario())
        return compile_game(args.file, args.overrides)
    return compile_scenario(model.scenario)


def check_output(path: str, *, force: bool) -> None:
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise NegotiationError(f"--output {path}: name a .csv or .parquet file")
    if Path(path).exists() and not force:
        raise NegotiationError(f"--output {path}: the file exists; add --force to replace it")
    folder = Path(path).parent
    if str(folder) and not folder.is_dir():
        raise NegotiationError(f"--output {path}: the folder {os.fspath(folder)!r} does not exist")


def write_table(frame: Any, path: str, *, force: bool) -> None:
    """Write a DataFrame as CSV or Parquet, atomically (temporary file, then rename)."""
    check_output(path, force=force)
    target = Path(path)
    if target.suffix.lower() == ".csv":
        data = frame.to_csv(index=False).encode("utf-8")
    else:
        buffer = io.BytesIO()
        try:
            frame.to_parquet(buffer, index=False)
        except ImportError:  # pragma: no cover - depends on the installation
            raise NegotiationError(
                "Parquet needs pyarrow: pip install 'negotiation[whatif]'"
            ) from None
        data = buffer.getvalue()
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise NegotiationError(
                    f"--output {path}: the file exists; add --force to replace it"
                ) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def emit_result(args: argparse.Namespace, result: Any, frame: Any = None) -> int:
    """Write --output (after the whole run), then print JSON or text."""
    if args.output and frame is not None:
        write_table(frame() if callable(frame) else frame, args.output, force=args.force)
    if args.json:
        print_json(result.to_dict())
    else:
        print(str(result))
    return 0
