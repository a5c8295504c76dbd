"""``negotiation report``: one self-contained HTML page (issue 15 item 6)."""

from __future__ import annotations

import re

import pytest

from negotiation import __version__
from negotiation.cli.main import main
from negotiation.workflows.report import report_html
from tests.repo_paths import PAYOFFS

pytest.importorskip("matplotlib", reason="the report draws its figures with matplotlib")


@pytest.fixture(scope="module")
def scenario_page(shipped_report):
    return shipped_report("us_china_rare_earths.yaml")


def _outside_references(page: str) -> list[str]:
    """Every URL the page would fetch or link to (the SVG namespace names are not fetched)."""
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page)
    urls += re.findall(r"url\(([^)]+)\)", page)
    return [u for u in urls if not u.startswith(("data:", "#"))]


def test_the_page_is_self_contained(scenario_page):
    assert scenario_page.startswith("<!DOCTYPE html>")
    assert _outside_references(scenario_page) == []
    assert "<script" not in scenario_page.lower()
    assert "<link" not in scenario_page.lower()
    assert scenario_page.count('src="data:image/svg+xml;base64,') >= 4


def test_the_page_states_its_inputs_and_the_tool(scenario_page):
    assert f"negotiation {__version__}" in scenario_page
    assert "us_china_rare_earths.yaml" in scenario_page and "SHA-256" in scenario_page
    for section in (
        "The game and its equilibria",
        "Reading",
        "How the payoffs are built",
        "Leverage and the deal",
        "Would a truce hold?",
        "Robustness",
    ):
        assert f"<h2>{section}</h2>" in scenario_page
    # the pressures with their quotes and --set paths
    assert "pressures.China.deflation" in scenario_page and "<blockquote>" in scenario_page


def test_set_changes_the_analysis_and_is_recorded(scenario_page):
    variant = report_html(PAYOFFS / "us_china_rare_earths.yaml", ["pressures.China.deflation=1.0"])
    assert "pressures.China.deflation=1.0" in variant
    assert variant != scenario_page


def test_a_payoff_file_report(tmp_path, capsys):
    out = tmp_path / "pd.html"
    assert main(["report", str(PAYOFFS / "prisoners_dilemma.yaml"), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Prisoner" in page and _outside_references(page) == []
    assert "wrote" in capsys.readouterr().out


def test_an_existing_report_is_not_clobbered(tmp_path, capsys):
    out = tmp_path / "r.html"
    out.write_text("keep me", encoding="utf-8")
    code = main(["report", str(PAYOFFS / "chicken.yaml"), "-o", str(out)])
    assert code == 1 and out.read_text(encoding="utf-8") == "keep me"
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert main(["report", str(PAYOFFS / "chicken.yaml"), "-o", str(out), "--force"]) == 0
    assert "Chicken" in out.read_text(encoding="utf-8")


def test_a_bad_set_is_one_line(tmp_path, capsys):
    code = main(["report", str(PAYOFFS / "chicken.yaml"), "-o", str(tmp_path / "x.html"),
                 "--set", "nowhere=1"])  # fmt: skip
    assert code == 1 and not (tmp_path / "x.html").exists()
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
