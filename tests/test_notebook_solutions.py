"""Exercises that teach: solutions hidden for real, each written out, and still correct.

Every exercise in notebooks 10–14 is followed by a closed ``<details>`` block holding a
written answer and the code that checks it. The student view (the notebook as shipped,
after Run All) shows neither: no code cell of an exercise runs, nothing is tagged
``solution``. The solutions notebook is generated from the same source — each folded
``python`` block becomes a code cell right after its exercise — and executed here, so a
change in the library that breaks a solution fails the build (in the same kernel run as
the notebook's own Run All: ``tests/notebook_run.py``). Notebooks use the public
API only: none imports ``negotiation.cli``.
"""

from __future__ import annotations

import re

import pytest

from tests.notebook_run import (
    ADDED,
    ALL,
    CODE,
    DETAILS,
    TEACHING,
    run_solutions,
)

nbformat = pytest.importorskip("nbformat")

EXERCISE = re.compile(r"\*\*Exercise (\d+)\.\*\*")


def _cells(path):
    return nbformat.read(path, as_version=4).cells


def _visible_text(cell) -> str:
    """What a reader sees of a Markdown cell before opening anything: <details> removed."""
    return DETAILS.sub("", cell.source)


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_every_exercise_has_a_hidden_written_answer(path):
    cells = _cells(path)
    exercises = [
        int(n)
        for c in cells
        if c.cell_type == "markdown"
        for n in EXERCISE.findall(_visible_text(c))
    ]
    assert exercises == list(range(1, len(exercises) + 1)) and exercises
    solutions = [
        block for c in cells if c.cell_type == "markdown" for block in DETAILS.findall(c.source)
    ]
    assert len(solutions) == len(exercises)
    for block in solutions:
        assert "**Answer.**" in block, "every exercise has a written answer"
        answer = block.split("**Answer.**", 1)[1].split("```", 1)[0].strip()
        assert len(answer.split()) >= 8, f"a written answer, not a stub: {answer!r}"
        assert CODE.search(block), "and the code that checks it"


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_no_answer_is_visible_in_the_student_view(path):
    cells = _cells(path)
    for c in cells:
        assert "solution" not in c.metadata.get("tags", []), "no solution code cell runs"
        if c.cell_type == "markdown":
            assert "<details open" not in c.source
            visible = _visible_text(c)
            assert "**Answer.**" not in visible and "```python" not in visible
            assert "collapsed cells" not in visible  # the old instruction
    # after the exercises begin, no code cell runs (its output would be an answer)
    start = next(i for i, c in enumerate(cells) if "## Exercises" in c.source)
    assert [c for c in cells[start:] if c.cell_type == "code"] == []


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_notebooks_use_the_public_api_only(path):
    for c in _cells(path):
        if c.cell_type == "code":
            assert not re.search(r"\bnegotiation\.cli\b", c.source), (
                f"{path.name} imports CLI internals: use the library's public API"
            )


def test_the_checker_sees_a_visible_answer(tmp_path):
    """The student-view test fails on a notebook whose answer is shown."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Exercises\n\n**Exercise 1.** Why?"),
        nbformat.v4.new_markdown_cell("**Answer.** Because the cell is not folded.\n"),
    ]
    path = tmp_path / "10-broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(AssertionError):
        test_no_answer_is_visible_in_the_student_view(path)


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_the_solutions_run(path):
    pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    run = run_solutions(path)  # shares its kernel run with the notebook's own Run All
    if run.failure is not None:
        pytest.fail(f"a solution of {path.name} fails:\n{run.failure}", pytrace=False)
    outputs = [o for c in run.notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert all(c.execution_count is not None for c in run.notebook.cells if c.metadata.get(ADDED))
