"""Input labels are short and unambiguous (the tornado showed "security" twice)."""

from __future__ import annotations

from negotiation.scenario import read_scenario
from negotiation.scenario.compiled import compile_scenario
from negotiation.whatif.labels import input_label, input_labels
from tests.repo_paths import PAYOFFS


def test_each_kind_of_path():
    assert input_label("pressures.China.deflation") == "China deflation"
    assert input_label("parameters.US.supply_weight") == "US supply_weight"
    assert input_label("weights.US.security") == "US security weight"
    assert input_label("levers.US.ease_chips.effects.US.security") == "ease_chips → US security"
    assert input_label("interactions.deal.effects.US.trade_access") == "deal → US trade_access"
    assert input_label("payoffs.US.hold.licensing") == "payoffs.US.hold.licensing"


def test_every_input_of_the_default_scenario_has_its_own_short_label():
    compiled = compile_scenario(read_scenario(PAYOFFS / "us_china_rare_earths.yaml"))
    paths = [i.path for i in compiled.inputs]
    labels = input_labels(paths)
    assert len(set(labels.values())) == len(paths)
    assert all(labels[p] == input_label(p) != p for p in paths)  # none needed its full path
    # the last part alone is ambiguous: that is what the labels fix
    assert len({p.rsplit(".", 1)[-1] for p in paths}) < len(paths)


def test_a_clash_falls_back_to_the_full_paths():
    labels = input_labels(["pressures.US.x", "parameters.US.x", "weights.US.y"])
    assert labels == {
        "pressures.US.x": "pressures.US.x",
        "parameters.US.x": "parameters.US.x",
        "weights.US.y": "US y weight",
    }
