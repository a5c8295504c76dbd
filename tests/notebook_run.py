"""Run All on each notebook once per test session, shared by every notebook test.

Three tests need a notebook executed: ``tests/test_notebooks_run.py`` (it runs top to
bottom), ``tests/browser/test_notebooks_browser.py`` (what a reader sees after Run All)
and ``tests/test_notebook_solutions.py`` (the folded solutions still run). Each notebook
used to be executed by each of them, and by nbmake besides; here it is executed once and
the result kept for the session.

The execution is nbmake's: nbclient with the notebook's own kernel (its ``kernelspec``),
:data:`CELL_TIMEOUT` seconds a cell unless the notebook's ``metadata.execution.timeout``
says otherwise (``metadata.execution.allow_errors`` likewise), the notebook's folder as the
working directory, stopping at the first cell that raises or times out. A failure is
reported as nbmake reports it: the failing cell's source and its traceback (or the
timeout), as one string.

A teaching notebook (:data:`TEACHING`, 10–14) and its solutions notebook share one kernel run: every folded
solution follows ``## Exercises``, after which the notebook has no code cell of its own
(``tests/test_notebook_solutions.py`` checks that), so the solutions notebook is the
notebook with cells *appended*; executing it runs the notebook's own cells first, in the
same kernel state, and the notebook's Run All is that run without the appended cells.
Where solution cells would come before a cell of the notebook, the two are run apart.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tests.repo_paths import ROOT

if TYPE_CHECKING:  # nbformat and nbclient are imported when a notebook is run
    from nbformat import NotebookNode

NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
#: the teaching notebooks whose folded solutions are executed too
TEACHING = sorted(NOTEBOOKS.glob("1[0-4]-*.ipynb"))
#: seconds one cell may take: nbmake's ``--nbmake-timeout`` of the old pytest options
CELL_TIMEOUT = 180
DETAILS = re.compile(r"<details>(.*?)</details>", re.S)
CODE = re.compile(r"```python\n(.*?)```", re.S)
#: marks the cells :func:`solutions_notebook` adds (kept out of the notebook's own run)
ADDED = "tests-solution"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Run:
    """A notebook after Run All: the executed cells and, if it stopped, why."""

    notebook: NotebookNode
    #: None, or the failing cell's source and traceback (nbmake's report)
    failure: str | None = None


def solutions_notebook(path: Path) -> NotebookNode:
    """The notebook with every folded solution's code as a code cell after its exercise."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cells = []
    for c in nb.cells:
        cells.append(c)
        if c.cell_type == "markdown":
            for block in DETAILS.findall(c.source):
                for code in CODE.findall(block):
                    added = nbformat.v4.new_code_cell(code.rstrip())
                    added.metadata[ADDED] = True
                    cells.append(added)
    nb.cells = cells
    return nb


def execute(nb: NotebookNode, cwd: Path) -> Run:
    """Run All on ``nb`` in place in folder ``cwd``, as nbmake does; a failure as it shows it."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    settings = nb.metadata.get("execution", {})
    client = NotebookClient(
        nb,
        timeout=settings.get("timeout", CELL_TIMEOUT),
        allow_errors=settings.get("allow_errors", False),
        record_timing=True,
        resources={"metadata": {"path": str(cwd)}},
    )
    try:
        client.execute(cwd=str(cwd))
    except CellExecutionError:
        return Run(nb, _error_report(nb))
    except CellTimeoutError as err:
        index = _unfinished_cell(nb)
        source = nb.cells[index].source if index is not None else "(cell not found)"
        return Run(nb, f"{_LINE}\n{source}\n{err.args[0]}")
    return Run(nb)


_LINE = 75 * "-"


def _error_report(nb: NotebookNode) -> str:
    """The last cell with an error output: its source, then its traceback."""
    for cell in reversed(nb.cells):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if cell.cell_type == "code" and errors:
            traceback = ANSI.sub("", "\n".join(errors[0].get("traceback", [])))
            return f"{_LINE}\n{cell.source}\n{traceback}"
    return "a cell failed, but no cell holds an error output"


def _unfinished_cell(nb: NotebookNode) -> int | None:
    """Index of the first code cell that did not finish (the one that timed out)."""
    for k, cell in enumerate(nb.cells):
        timing = cell.metadata.get("execution", {})
        if cell.cell_type == "code" and "shell.execute_reply" not in timing:
            return k
    return None


def _own(run: Run) -> Run:
    """The notebook's own Run All out of a run of its solutions notebook."""
    nb = copy.deepcopy(run.notebook)
    added = [k for k, c in enumerate(nb.cells) if c.metadata.get(ADDED)]
    nb.cells = [c for c in nb.cells if not c.metadata.get(ADDED)]
    failure = run.failure
    if failure is not None:
        stopped = _unfinished_or_failed(run.notebook)
        if stopped is not None and stopped in added:
            failure = None  # a solution failed, after every cell of the notebook had run
    return Run(nb, failure)


def _unfinished_or_failed(nb: NotebookNode) -> int | None:
    """Index of the cell the run stopped at: the one with an error, else the unfinished one."""
    for k, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return k
    return _unfinished_cell(nb)


def _appended_only(nb: NotebookNode) -> bool:
    """Whether every added solution cell comes after the notebook's last code cell."""
    own = [k for k, c in enumerate(nb.cells) if c.cell_type == "code" and not c.metadata.get(ADDED)]
    added = [k for k, c in enumerate(nb.cells) if c.metadata.get(ADDED)]
    return bool(added) and (not own or min(added) > max(own))


@functools.cache
def _with_solutions(path: Path) -> Run:
    return execute(solutions_notebook(path), path.parent)


@functools.cache
def run_all(path: Path) -> Run:
    """``path`` after Run All, executed at most once a session (see the module's note)."""
    if path in TEACHING and _appended_only(solutions_notebook(path)):
        return _own(_with_solutions(path))
    import nbformat

    return execute(nbformat.read(path, as_version=4), path.parent)


def run_solutions(path: Path) -> Run:
    """``path``'s solutions notebook after Run All (one run with :func:`run_all` if it can)."""
    return _with_solutions(path)
