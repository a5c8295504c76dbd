"""Every notebook runs top to bottom (Run All), failing as nbmake fails.

This replaces ``--nbmake`` in the pytest options: each notebook is executed once a session
by ``tests/notebook_run.py`` (nbclient, the notebook's kernel, 180 s a cell, its folder as
the working directory) and the same executed notebook serves the browser test and the
solutions test. A failure names the cell and shows its traceback, or says it timed out.
The last tests check the runner itself on small notebooks: it fails on a cell that raises
and on one that runs past its timeout, and a folded solution that fails does not fail the
notebook's own run (only the solutions test).
"""

from __future__ import annotations

import pytest

from tests import notebook_run
from tests.notebook_run import ALL, execute, run_all

nbformat = pytest.importorskip("nbformat")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path):
    run = run_all(path)
    if run.failure is not None:
        pytest.fail(f"{path.name} fails under Run All:\n{run.failure}", pytrace=False)
    code = [c for c in run.notebook.cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code cell"
    assert all(c.execution_count is not None for c in code), "every code cell ran"


def _notebook(*sources: str, **execution):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    if execution:
        nb.metadata["execution"] = execution
    nb.cells = [nbformat.v4.new_markdown_cell("# A notebook")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_a_cell_that_raises_fails_with_its_source_and_traceback(tmp_path):
    run = execute(_notebook("x = 1", "1 / (x - 1)  # the failing cell", "y = 2"), tmp_path)
    assert run.failure is not None
    assert "1 / (x - 1)  # the failing cell" in run.failure
    assert "ZeroDivisionError" in run.failure
    assert "\x1b[" not in run.failure, "no terminal colour codes in the report"
    assert run.notebook.cells[3].execution_count is None, "it stops at the failing cell"


def test_a_cell_past_its_timeout_fails_naming_the_cell(tmp_path):
    run = execute(_notebook("import time", "time.sleep(60)  # too slow", timeout=2), tmp_path)
    assert run.failure is not None
    assert "time.sleep(60)  # too slow" in run.failure
    assert "timed out" in run.failure


def test_a_notebook_that_runs_has_no_failure(tmp_path):
    run = execute(_notebook("print(6 * 7)"), tmp_path)
    assert run.failure is None
    assert run.notebook.cells[1].outputs[0]["text"] == "42\n"


def test_a_failing_solution_fails_only_the_solutions(tmp_path, monkeypatch):
    nb = _notebook("answer = 42")
    nb.cells.append(
        nbformat.v4.new_markdown_cell(
            "## Exercises\n\n**Exercise 1.** Why?\n\n<details>\n<summary>Solution</summary>\n\n"
            "**Answer.** Because.\n\n```python\nassert answer == 41, 'wrong'\n```\n</details>"
        )
    )
    path = tmp_path / "10-example.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setattr(notebook_run, "TEACHING", [path])
    solutions = notebook_run.run_solutions(path)
    own = notebook_run.run_all(path)
    assert solutions.failure is not None and "AssertionError: wrong" in solutions.failure
    assert own.failure is None
    assert [c.source for c in own.notebook.cells if c.cell_type == "code"] == ["answer = 42"]
    assert own.notebook.cells[1].execution_count == 1


def test_a_failing_cell_of_the_notebook_fails_both(tmp_path, monkeypatch):
    nb = _notebook("raise ValueError('broken before the exercises')")
    nb.cells.append(
        nbformat.v4.new_markdown_cell(
            "## Exercises\n\n**Exercise 1.** Why?\n\n<details>\n<summary>Solution</summary>\n\n"
            "**Answer.** Because.\n\n```python\nprint('never reached')\n```\n</details>"
        )
    )
    path = tmp_path / "11-example.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setattr(notebook_run, "TEACHING", [path])
    assert "broken before the exercises" in (notebook_run.run_all(path).failure or "")
    assert "broken before the exercises" in (notebook_run.run_solutions(path).failure or "")
