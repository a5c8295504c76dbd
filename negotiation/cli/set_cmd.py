"""``negotiation set FILE PATH=VALUE... -o NEW.yaml``: save a what-if variant of a file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from negotiation.cli.common import warn
from negotiation.errors import NegotiationError
from negotiation.files import apply_overrides, load_yaml
from negotiation.files.yamldoc import write_yaml_doc
from negotiation.workflows.load import build_model


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "set",
        help="write a variant of a payoff or scenario file with some values changed",
        description="Change values of a payoff or scenario file by dotted path "
        "(pressures.China.deflation=0.9 sets that pressure's value) and write the result, "
        "comments and layout kept, atomically. The variant is checked before it is written. "
        "The original is never touched unless --in-place is given, and an existing output "
        "file is not replaced unless --force is given.",
    )
    parser.add_argument("file", metavar="FILE", help="payoff or scenario file (.yaml)")
    parser.add_argument(
        "assignments", nargs="+", metavar="PATH=VALUE", help="values to change (dotted paths)"
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", metavar="NEW.yaml", help="where to write the variant")
    target.add_argument("--in-place", action="store_true", help="replace FILE itself (atomically)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the output file if it already exists; with --in-place, replace FILE "
        "even if it is read-only or has other hard links",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    doc = load_yaml(args.file)
    original = load_yaml(args.file)
    changed = apply_overrides(doc, args.assignments)
    # refuse to write a variant that does not load
    warnings = build_model(doc, args.file).warnings
    if args.in_place:
        output = args.file
        overwrite = True
    else:
        output = args.output
        if _same_file(output, args.file):
            raise NegotiationError(
                f"-o {output} is the input file; use --in-place to change it, "
                "or name another output file"
            )
        overwrite = bool(args.force)
    write_yaml_doc(doc, output, overwrite=overwrite, force=bool(args.force))
    warn(warnings)
    for path in changed:
        print(f"{path}: {_get(original, path)} -> {_get(doc, path)}")
    print(f"wrote {output}")
    return 0


def _get(doc: Any, dotted: str) -> Any:
    loc: list[str | int] = [int(p) if p.isdigit() else p for p in dotted.split(".")]
    return doc.get(loc)


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).exists() and os.path.samefile(a, b)
    except OSError:
        return False
