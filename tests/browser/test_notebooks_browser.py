"""Every notebook after Run All, rendered and read in a real browser (issue 15, Done when 1).

Each notebook in ``notebooks/`` after Run All — executed once a session by
``tests/notebook_run.py`` (nbclient, one kernel per notebook, cells in order; the same run
``tests/test_notebooks_run.py`` checks) — is exported with nbconvert's JupyterLab HTML
template and opened in headless Chromium at 1280 pixels. Rendering
nbconvert's HTML rather than driving a JupyterLab server keeps the test bounded and
free of a server; the page uses the same JupyterLab CSS classes and Markdown renderer
(README "Notebooks" says so). The checks, on what a reader actually sees
(``innerText`` of the rendered page, which leaves out a closed ``<details>``):

- no raw long fraction (≥ 6 digits on either side of ``/``) and no ``Fraction(`` repr in
  any output or Markdown cell;
- no visible solution: every ``<details>`` block is closed, and no sentence of a
  solution appears anywhere in the visible text;
- every image has loaded, and nothing makes the page wider than the window.

A full-page screenshot of each notebook is saved under ``artifacts/notebooks/``
(gitignored) for a person to look at. The page may fetch nothing from the network
(nbconvert's template links MathJax from a CDN; that request is refused).
"""

from __future__ import annotations

import copy
import os
import re

import pytest

from tests.browser.test_report_browser import ARGS, CHROMIUM
from tests.notebook_run import ALL, run_all
from tests.repo_paths import ROOT

ARTIFACTS = ROOT / "artifacts" / "notebooks"
LONG_FRACTION = re.compile(r"(?<![\w/.])-?\d{6,}/\d+|(?<![\w/.])-?\d+/\d{6,}")
REPR = re.compile(r"Fraction\(|PlayerLeverage\(|Leverage\(players=")

pytest.importorskip("nbclient")
nbconvert = pytest.importorskip("nbconvert")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="no chromium on this machine (.ci/run installs it)",
)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _executed_html(path, folder) -> str:
    """``path`` after Run All (the session's one run of it), exported to HTML."""
    run = run_all(path)
    if run.failure is not None:
        pytest.fail(f"{path.name} does not run (see test_notebooks_run.py):\n{run.failure}")
    # outputs carry their figures inline already; embed_images=True would re-parse the
    # Markdown HTML and close each <details> right after its <summary>, showing the answer
    exporter = nbconvert.HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(copy.deepcopy(run.notebook))
    out = folder / f"{path.stem}.html"
    out.write_text(body, encoding="utf-8")
    return out.as_uri()


#: what the reader sees: Markdown and outputs (code inputs may spell Fraction(1, 3))
_VISIBLE = """() => {
  const parts = [...document.querySelectorAll('.jp-MarkdownOutput, .jp-OutputArea-output')];
  return parts.map(e => e.innerText).join('\\n');
}"""

#: each solution block, open or not, and its written answer (its code is left out: a line
#: of it may well appear in a visible code cell too)
_SOLUTIONS = """() => [...document.querySelectorAll('details')].map(d => {
  const copy = d.cloneNode(true);
  copy.querySelectorAll('summary, pre, .highlight').forEach(e => e.remove());
  return {open: d.open, text: copy.textContent};
})"""


def _around(pattern: re.Pattern[str], text: str) -> list[str]:
    """Each match with the text around it, so a failure says where."""
    return [text[max(0, m.start() - 60) : m.end() + 40] for m in pattern.finditer(text)]


def _sentences(text: str) -> list[str]:
    """The solution's sentences long enough to be recognisable if shown."""
    pieces = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [p.strip() for p in pieces if len(p.strip()) >= 30]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_notebook_after_run_all_in_a_browser(browser, tmp_path, path):
    url = _executed_html(path, tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
        ),
    )
    page.goto(url, wait_until="load")

    visible = page.evaluate(_VISIBLE)
    assert visible.strip(), "the notebook rendered"
    assert _around(LONG_FRACTION, visible) == [], "a raw long fraction is shown"
    assert _around(REPR, visible) == [], "a raw Python repr is shown"

    whole = page.evaluate("document.body.innerText")
    solutions = page.evaluate(_SOLUTIONS)
    assert [s for s in solutions if s["open"]] == [], "a solution block is open"
    shown = [
        sentence
        for s in solutions
        for sentence in _sentences(s["text"])
        if " ".join(sentence.split()) in " ".join(whole.split())
    ]
    assert shown == [], "solution text is visible in the student view"

    images = page.evaluate(
        "Array.from(document.images).map(i => ({alt: i.alt || i.src.slice(0, 40),"
        " ok: i.complete && i.naturalWidth > 0}))"
    )
    assert [i["alt"] for i in images if not i["ok"]] == []
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"the page is {scroll}px wide in a {inner}px window"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"), full_page=True)
    page.close()
