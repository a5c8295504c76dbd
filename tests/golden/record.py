"""Run every golden case in-process and return (or write) what it printed.

``python -m tests.golden.record`` rewrites ``tests/golden/out/``; the test
``tests/test_golden.py`` reruns the cases and compares.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

from tests.golden.cases import cases
from tests.repo_paths import ROOT

OUT = Path(__file__).resolve().parent / "out"


def run_case(argv: list[str]) -> dict[str, object]:
    """Exit code, parsed JSON stdout and stderr lines of ``negotiation ARGV``, run from the root."""
    from negotiation.cli.main import main

    stdout, stderr = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
    finally:
        os.chdir(cwd)
    text = stdout.getvalue()
    try:
        output: object = json.loads(text)
    except ValueError:
        output = text
    return {"argv": argv, "exit": code, "stdout": output, "stderr": stderr.getvalue().splitlines()}


def main() -> int:
    OUT.mkdir(exist_ok=True)
    only = set(sys.argv[1:])
    for name, argv in cases():
        if only and name not in only:
            continue
        record = run_case(argv)
        (OUT / f"{name}.json").write_text(
            json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(name, record["exit"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
