"""Notebook hygiene: committed without outputs, numbered, listed in notebooks/README.md.

The notebooks themselves are executed by ``tests/test_notebooks_run.py``; this file
checks what a run cannot: that what is committed carries no outputs,
execution counts or widget state (``nbstripout --verify`` checks the same), that each
reads its files from ``../payoffs/``, and that each is listed once in the index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
NAME = re.compile(r"^\d\d-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_notebooks():
    assert PATHS, f"no notebooks found in {NOTEBOOKS}"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_committed_without_outputs(path: Path):
    nb = _load(path)
    for k, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert cell.get("outputs", []) == [], f"{path.name} cell {k} has outputs"
        assert cell.get("execution_count") is None, f"{path.name} cell {k} has an execution count"
    assert "widgets" not in nb.get("metadata", {}), f"{path.name} stores widget state"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_every_cell_has_an_id(path: Path):
    """nbformat 4.5 cell ids (nbformat warns on a cell without one, and will refuse it)."""
    nb = _load(path)
    assert (nb["nbformat"], nb["nbformat_minor"]) >= (4, 5), f"{path.name}: nbformat < 4.5"
    ids = [cell.get("id") for cell in nb["cells"]]
    assert all(ids), f"{path.name}: cell {ids.index(None) if None in ids else '?'} has no id"
    assert len(set(ids)) == len(ids), f"{path.name}: two cells share an id"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_named_numbered_and_listed(path: Path):
    assert NAME.match(path.name), f"{path.name}: name notebooks NN-words-with-dashes.ipynb"
    index = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    assert index.count(path.name) == 1, f"{path.name} must be listed once in notebooks/README.md"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_reads_files_from_payoffs_folder(path: Path):
    sources = "\n".join("".join(c["source"]) for c in _load(path)["cells"])
    for quoted in re.findall(r"[\"']([^\"']+\.(?:yaml|yml|nfg))[\"']", sources):
        assert quoted.startswith("../payoffs/"), f"{path.name} reads {quoted!r} outside ../payoffs/"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_prose_between_code(path: Path):
    cells = _load(path)["cells"]
    kinds = [c["cell_type"] for c in cells]
    assert kinds[0] == "markdown", f"{path.name} should open with a markdown introduction"
    # no run of more than three code cells without a word of explanation
    run = 0
    for kind in kinds:
        run = run + 1 if kind == "code" else 0
        assert run <= 3, f"{path.name}: more than three code cells in a row without prose"
