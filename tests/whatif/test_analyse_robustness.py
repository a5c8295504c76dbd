"""``analyse`` adds a robustness paragraph from a small seeded Monte Carlo (issue 12 item 4,
issue 11 item 6): in the text, in ``--json`` (``robustness``) and in the HTML."""

from __future__ import annotations

import json

import numpy as np
import pytest

from negotiation.cli.analyse_cmd import ROBUSTNESS_SAMPLES as CLI_DEFAULT
from negotiation.cli.main import main
from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.whatif.engine import analyse_batch, exact_key
from negotiation.whatif.sampling import draw
from negotiation.workflows.analyse import ROBUSTNESS_SAMPLES, analyse
from tests.repo_paths import PAYOFFS

FILE = str(PAYOFFS / "us_china_rare_earths.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_default_is_the_workflow_default():
    assert CLI_DEFAULT == ROBUSTNESS_SAMPLES == 10_000


def test_paragraph_in_text_json_and_html(capsys):
    code, out, _ = run(capsys, "analyse", FILE, "--robustness-samples", "2000", "--json")
    assert code == 0
    data = json.loads(out)
    rob = data["robustness"]
    assert rob["samples"] == 2000 and rob["seed"] == 0 and rob["inputs"] > 0
    assert 0.0 <= rob["equilibrium_share"] <= 1.0
    assert any(line.startswith("Over 2,000 seeded draws") for line in data["reading"])
    code, text, _ = run(capsys, "analyse", FILE, "--robustness-samples", "2000")
    assert code == 0 and "Over 2,000 seeded draws (seed 0)" in text
    from negotiation.workflows.load import load_model

    result = analyse(load_model(FILE), robustness_samples=2000)
    assert "Over 2,000 seeded draws" in result._repr_html_()


def test_share_is_the_share_of_draws_with_the_files_equilibrium():
    """Recomputed independently from the batch engine's own per-draw answers."""
    scenario = read_scenario(PAYOFFS / "us_china_rare_earths.yaml")
    result = analyse(scenario, robustness_samples=3000, robustness_seed=4)
    assert result.robustness is not None
    compiled = compile_scenario(scenario)
    out = analyse_batch(compiled, draw(compiled.inputs, seed=4, start=0, stop=3000))
    key = exact_key(scenario.game)
    valid = out.set_id >= 0
    same = np.array([out.sets[i] == key for i in out.set_id[valid]])
    assert result.robustness.equilibrium_share == pytest.approx(same.mean(), abs=1e-12)


def test_no_robustness_and_plain_files_say_why(capsys):
    code, out, _ = run(capsys, "analyse", FILE, "--no-robustness", "--json")
    assert code == 0
    assert json.loads(out)["robustness"] == {"skipped": "not run (--no-robustness)"}
    code, out, _ = run(capsys, "analyse", str(PAYOFFS / "chicken.yaml"), "--json")
    data = json.loads(out)
    assert "no ranges" in data["robustness"]["skipped"]
    assert not any("seeded draws" in line for line in data["reading"])


@pytest.mark.parametrize("value", ["0", "-3", "many", "1e99"])
def test_bad_sample_count_is_one_line_and_exit_1(capsys, value):
    code, _out, err = run(capsys, "analyse", FILE, "--robustness-samples", value)
    assert code == 1
    assert "--robustness-samples" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
