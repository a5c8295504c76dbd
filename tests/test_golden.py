"""Golden outputs: every command's ``--json`` on every shipped file, as recorded.

The cases are in :mod:`tests.golden.cases`; the outputs were recorded with
``python -m tests.golden.record`` before the architecture redesign of issue 9 and are
re-recorded only for a change that the CHANGELOG names.
"""

from __future__ import annotations

import json

import pytest

from tests.golden.cases import cases
from tests.golden.record import OUT, run_case

CASES = cases()


@pytest.mark.parametrize(("name", "argv"), CASES, ids=[name for name, _ in CASES])
def test_golden_output(name: str, argv: list[str]) -> None:
    recorded = json.loads((OUT / f"{name}.json").read_text(encoding="utf-8"))
    now = json.loads(json.dumps(run_case(argv), sort_keys=True))
    assert now == recorded, f"{name}: output changed; rerun tests.golden.record only if intended"


def test_every_recorded_case_is_still_run() -> None:
    names = {name for name, _ in CASES}
    assert {p.stem for p in OUT.glob("*.json")} == names
