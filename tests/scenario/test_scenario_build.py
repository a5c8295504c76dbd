"""Building scenarios: the default US–China scenario, a hand-computable one, and errors."""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from pathlib import Path

import pytest

from negotiation.errors import OverrideError, PayoffFileError
from negotiation.files import apply_overrides, parse_yaml
from negotiation.scenario import build_scenario, read_scenario

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "payoffs" / "us_china_rare_earths.yaml"


def build(text: str, overrides: list[str] | None = None):  # type: ignore[no-untyped-def]
    doc = parse_yaml(text, "s.yaml")
    if overrides:
        apply_overrides(doc, overrides)
    return build_scenario(doc)


# ------------------------------------------------------------------ the small scenario
def test_small_scenario_payoffs_by_hand(small_text: str) -> None:
    """Payoffs of the fixture, computed by hand from its weights and effects.

    Weights: A trade = 1 + need = 1.5, A security = 1; B trade = 2,
    B security = fear / 2 + A.need = 1.5.
    (tax, calm):  A = -1 x 1.5 + 1 x 1 = -0.5;  B = -2 x 2 = -4
    (calm, ban):  A = -2 x 1 = -2;              B = -0.5 x 2 + 1.5 x 1.5 = 1.25
    (tax, ban):   A = (-1 - 1) x 1.5 + (1 - 2) x 1 = -4  (the 'war' interaction adds -1 trade)
                  B = (-2 - 0.5 - 1) x 2 + 1.5 x 1.5 = -4.75
    """
    s = build(small_text)
    expected = {
        ("calm", "calm"): (0, 0),
        ("tax", "calm"): (Fraction(-1, 2), -4),
        ("calm", "ban"): (-2, Fraction(5, 4)),
        ("tax", "ban"): (-4, Fraction(-19, 4)),
    }
    for profile, payoff in expected.items():
        assert s.game.payoff(profile) == tuple(Fraction(p) for p in payoff)
    assert s.weights == {"A": {"trade": 1.5, "security": 1.0}, "B": {"trade": 2.0, "security": 1.5}}
    assert s.parameters["A"] == {"discount_rate": 0.15, "dependence": 0.5}
    assert s.issues == {"market": {"A": 3.0, "B": 3.0}}
    assert s.warnings == []


def test_small_scenario_traces_pressures(small_text: str) -> None:
    s = build(small_text)
    security = s.quantity("B", "weights.security")
    assert security.inputs == ("B.fear", "A.need")
    assert security.pressures == (("B", "fear"), ("A", "need"))
    assert s.quantity("A", "issues.market").inputs == ("A.trade",)


def test_override_moves_payoffs_as_computed_by_hand(small_text: str) -> None:
    # need 0.5 -> 1: A's trade weight 1.5 -> 2, so A's payoff at (tax, calm) is
    # -1 x 2 + 1 = -1; B's security weight 1.5 -> 2, so B at (calm, ban) is -1 + 3 = 2
    s = build(small_text, ["pressures.A.need=1"])
    assert s.game.payoff(("tax", "calm")) == (Fraction(-1), Fraction(-4))
    assert s.game.payoff(("calm", "ban")) == (Fraction(-2), Fraction(2))
    assert s.warnings == []


def test_out_of_range_override_is_allowed_with_a_warning(small_text: str) -> None:
    s = build(small_text, ["pressures.A.need=1.5"])
    assert s.pressure("A", "need").value == 1.5
    assert len(s.warnings) == 1
    assert "A.need = 1.5 is outside its range [0, 1]" in s.warnings[0]


def test_unknown_override_path_names_the_nearest(small_text: str) -> None:
    with pytest.raises(OverrideError, match=r"did you mean 'pressures\.A\.need'"):
        build(small_text, ["pressures.A.ned=1"])


def test_formula_override_is_used(small_text: str) -> None:
    s = build(small_text, ["weights.A.trade=3 * need"])
    assert s.weights["A"]["trade"] == 1.5


# ------------------------------------------------------------------ positioned errors
def _error(text: str) -> PayoffFileError:
    with pytest.raises(PayoffFileError) as info:
        build(text)
    return info.value


def _line_col(text: str, line_text: str, target: str) -> tuple[int, int]:
    """1-based line and column of ``target`` inside the line that contains ``line_text``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line_text in line:
            return number, line.index(target, line.index(line_text)) + 1
    raise AssertionError(f"{line_text!r} not in the text")


def test_unknown_name_is_positioned_at_the_name(small_text: str) -> None:
    text = small_text.replace("trade: 1 + need", "trade: 1 + neeed")
    error = _error(text)
    assert (error.line, error.col) == _line_col(text, "trade: 1 + neeed", "neeed")
    assert error.message == "unknown name 'neeed'"
    assert "did you mean 'need'" in error.hint


def test_quoted_formula_is_positioned_inside_the_quotes(small_text: str) -> None:
    text = small_text.replace("trade: 1 + need", 'trade: "1 + nope"')
    error = _error(text)
    assert (error.line, error.col) == _line_col(text, 'trade: "1 + nope"', "nope")


def test_other_players_name_needs_its_prefix(small_text: str) -> None:
    # 'fear' is B's pressure; inside A's formula it must be written B.fear
    text = small_text.replace("security: 1\n", "security: fear\n", 1)
    error = _error(text)
    assert error.message == "unknown name 'fear'"
    assert "B.fear" in error.hint


def test_unknown_player_prefix(small_text: str) -> None:
    text = small_text.replace("trade: 1 + need", "trade: 1 + C.need")
    assert _error(text).message == "unknown player or name 'C.need'"


def test_cycle_is_positioned_and_named(small_text: str) -> None:
    text = small_text.replace(
        "discount_rate: 0.1 * (1 + need)",
        "discount_rate: 0.1 * (1 + slack)\n    slack: discount_rate",
    )
    error = _error(text)
    assert "cycle: A.discount_rate -> A.slack -> A.discount_rate" in error.message
    assert (error.line, error.col) == _line_col(text, "slack: discount_rate", "discount_rate")


def test_syntax_error_is_positioned(small_text: str) -> None:
    text = small_text.replace("trade: 1 + need", "trade: 1 + * need")
    error = _error(text)
    assert error.message.startswith("cannot read formula '1 + * need'")
    assert error.line == _line_col(text, "trade: 1 + * need", "1")[0]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("levers: [tax]", "levers: [taks]", "unknown lever 'taks' of A"),
        ("A: {trade: -1, security: 1}", "A: {trad: -1, security: 1}", "unknown channel 'trad'"),
        ("    security: 1\n", "", "A has no weight for channel 'security'"),
        ("    dependence: 0.25\n", "", "B has no 'dependence'"),
        ("      unit: points\n", "", "missing 'unit'"),
        ("      range: [0, 4]\n", "", "missing 'range'"),
        ("range: [0, 4]", "range: [4, 0]", "range low end 4 is above high end 0"),
        ("value: 2\n", "value: high\n", "must be a number"),
        ("source: note", "source: nowhere", "unknown source 'nowhere'"),
        ("when: {A: tax, B: ban}", "when: {A: tax, B: bam}", "'bam' is not a lever or move of B"),
        ("discount_rate: 0.05", "discount_rate: -0.05", "discount_rate must be positive"),
        ("    B: 3\n", "    B: -3\n", "value of issue 'market' must be positive"),
        ("players: [A, B]", "players: [A, B, C]", "has no entry for player 'C'"),
        ("channels:", "chanels: {x: y}\nchannels:", "unknown key 'chanels'"),
        ("trade: 1 + need", "trade: true", "expected a number or a formula"),
    ],
)
def test_schema_errors_are_positioned(small_text: str, old: str, new: str, message: str) -> None:
    assert old in small_text
    error = _error(small_text.replace(old, new, 1))
    assert message in error.message
    assert error.path == "s.yaml" and error.line >= 1 and error.col >= 1


@pytest.mark.parametrize(
    "flow",
    [
        "  A: {trade: 1 + need, security: min(1, 2)}\n",  # key '2)' in weights
        "  A: {discount_rate: 0.1, dependence: clip(need, 0, 1)}\n",  # keys 0 and '1)'
    ],
)
def test_unquoted_commas_in_flow_mappings_get_a_hint(small_text: str, flow: str) -> None:
    """In YAML's { ... } a comma ends an entry, so a formula with commas needs quotes."""
    if "discount_rate" in flow:
        old = "  A:\n    discount_rate: 0.1 * (1 + need)\n    dependence: clip(need, 0, 1)\n"
    else:
        old = "  A:\n    trade: 1 + need\n    security: 1\n"
    assert old in small_text
    error = _error(small_text.replace(old, flow, 1))
    assert "must be put in quotes" in error.hint


def test_dependence_outside_unit_interval_is_a_warning(small_text: str) -> None:
    s = build(small_text.replace("dependence: 0.25", "dependence: 1.5"))
    assert any("dependence = 1.5 is outside [0, 1]" in w for w in s.warnings)


def test_plain_payoff_file_is_not_a_scenario(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pd.yaml"
    path.write_text("version: 1\nplayers: [A, B]\n")
    with pytest.raises(PayoffFileError, match="not a scenario"):
        read_scenario(path)


# --------------------------------------------------------------- the default scenario
def test_with_overrides_leaves_the_original_alone(default_scenario) -> None:  # type: ignore[no-untyped-def]
    hot = default_scenario.with_overrides(["pressures.China.deflation=0.9"])
    assert hot.pressure("China", "deflation").value == 0.9
    assert default_scenario.pressure("China", "deflation").value == 0.6
    assert read_scenario(DEFAULT, ["pressures.China.deflation=0.9"]).game == hot.game


def test_default_scenario_shape(default_scenario) -> None:  # type: ignore[no-untyped-def]
    s = default_scenario
    assert s.game.players == ("US", "China")
    # most conciliatory first, as the issue and the file format ask
    assert s.game.moves == (
        ("ease_chips", "hold", "tariffs", "tariffs_software"),
        ("suspend", "licensing", "defence_ban", "widen", "full_ban"),
    )
    assert s.channels == (
        "trade_access",
        "rare_earth_supply",
        "chip_access",
        "tariff_stability",
        "security",
    )
    assert set(s.pressures["China"]) == {
        "deflation",
        "youth_unemployment",
        "property_decline",
        "tariff_stability_need",
        "chip_want",
    }
    assert {
        "mining_share",
        "processing_share",
        "magnet_share",
        "defence_cutoff",
        "mine_lead_time",
        "processing_lead_time",
        "magnet_lead_time",
        "mp_stake",
        "price_floor_years",
        "alternative_supply",
    } == set(s.pressures["US"])
    assert s.warnings == []
    for player in s.players:
        assert s.parameters[player]["discount_rate"] > 0
        assert 0 <= s.parameters[player]["dependence"] <= 1
    assert set(s.issues) == {"rare_earth_licences", "chip_access", "tariffs"}
    assert all(v > 0 for values in s.issues.values() for v in values.values())


def test_default_scenario_article_figures(default_scenario) -> None:  # type: ignore[no-untyped-def]
    """The figures the article states are the pressures' values (article, paragraphs 2, 11)."""
    us = default_scenario.pressures["US"]
    assert (us["mining_share"].value, us["processing_share"].value, us["magnet_share"].value) == (
        0.70,
        0.90,
        0.93,
    )
    assert us["mine_lead_time"].value == 29
    assert us["mp_stake"].value == 400
    assert us["price_floor_years"].value == 10
    assert default_scenario.pressures["China"]["property_decline"].value == 0.5  # "halved"


def test_every_pressure_has_a_range_a_unit_and_a_source(default_scenario) -> None:  # type: ignore[no-untyped-def]
    for named in default_scenario.pressures.values():
        for pressure in named.values():
            lo, hi = pressure.range
            assert lo < hi and pressure.in_range, pressure.qualified
            assert pressure.unit.strip(), pressure.qualified
            assert pressure.source, pressure.qualified
            assert pressure.kind in ("fact", "estimate", "judgement"), pressure.qualified
            if pressure.kind == "fact":
                assert pressure.quote and pressure.source == "article", pressure.qualified
            else:
                assert pressure.reason, pressure.qualified


def _is_pure_equilibrium(payoffs, cell) -> bool:  # type: ignore[no-untyped-def]
    r, c = cell
    return payoffs[0][r, c] == payoffs[0][:, c].max() and payoffs[1][r, c] == payoffs[1][r, :].max()


def test_default_scenario_escalation_point_and_deals(default_scenario) -> None:  # type: ignore[no-untyped-def]
    """At the file's values China's defence ban answers the US holding (the only pure
    equilibrium, found by brute force over the 20 cells, independently of
    negotiation.solvers), and both deals leave both sides better off than it. The US
    tariff is a threat, not a best reply: it costs the US in every column."""
    game = default_scenario.game
    payoffs = game.exact
    cells = [
        c for c in product(*(range(n) for n in game.shape)) if _is_pure_equilibrium(payoffs, c)
    ]
    assert [game.profile_names(c) for c in cells] == [("hold", "defence_ban")]
    (escalation,) = cells
    index = game.profile_index(("ease_chips", "suspend"))
    for i in range(2):
        assert payoffs[(i, *index)] > payoffs[(i, *escalation)]
    hold, tariffs = game.moves[0].index("hold"), game.moves[0].index("tariffs")
    assert all(payoffs[0][tariffs, c] < payoffs[0][hold, c] for c in range(game.shape[1]))


def test_read_payoffs_builds_the_same_game(default_scenario) -> None:  # type: ignore[no-untyped-def]
    from negotiation.workflows.load import read_game

    assert read_game(DEFAULT) == default_scenario.game


# -------------------------------------------------------------------- traceability
def test_every_payoff_is_exactly_the_sum_of_its_explained_terms(default_scenario) -> None:  # type: ignore[no-untyped-def]
    s = default_scenario
    for index in s.game.profiles():
        cell = s.explain(s.game.profile_names(index))
        for i, breakdown in enumerate(cell.players):
            assert breakdown.payoff == s.game.exact[(i, *index)]
            assert breakdown.total == breakdown.payoff  # exact Fractions, no tolerance
            for term in breakdown.terms:
                assert term.contribution == term.weight * term.effect
                assert term.effect == sum((p.value for p in term.parts), Fraction(0))
                assert float(term.weight) == s.weights[breakdown.player][term.channel]


def test_weights_recomputed_by_hand(default_scenario) -> None:  # type: ignore[no-untyped-def]
    """The file's formulas applied by hand to the article-based values and coefficients."""
    w = default_scenario.weights
    assert w["China"]["trade_access"] == pytest.approx(1 + 0.35 * (0.6 + 0.8))
    assert w["China"]["tariff_stability"] == pytest.approx(0.5 + 1.5 * 0.8)
    assert w["China"]["chip_access"] == pytest.approx(0.5 + 1.5 * 0.8)
    assert w["US"]["security"] == 1
    chokepoint = 0.2 * 0.70 + 0.3 * 0.90 + 0.5 * 0.93
    buffer = 0.1 + 0.1 * 400 / 1000 * 10 / (10 + 5)
    dependence = chokepoint * (1 - buffer)
    assert default_scenario.parameters["US"]["dependence"] == pytest.approx(dependence, abs=1e-6)
    assert w["US"]["rare_earth_supply"] == pytest.approx(0.5 + 1 * dependence, abs=1e-4)
    lead = (0.2 * 0.7 * 29 + 0.3 * 0.9 * 4 + 0.5 * 0.93 * 4) / chokepoint
    us_rate = 0.03 + 0.14 * dependence * 0.9 * lead / (lead + 2)
    assert default_scenario.parameters["US"]["discount_rate"] == pytest.approx(us_rate, abs=1e-5)
    stress = (0.6 + 0.8 + 0.5 / 0.8 + 0.8) / 4
    assert default_scenario.parameters["China"]["discount_rate"] == pytest.approx(
        0.035 + 0.09 * stress + 0.025 * 0.8, abs=1e-6
    )


def test_explain_weights_names_the_pressures(default_scenario) -> None:  # type: ignore[no-untyped-def]
    explanation = default_scenario.explain_weights()
    rate = next(q for q in explanation.parameters["China"] if q.name == "parameters.discount_rate")
    assert [p.qualified for p in rate.pressures] == [
        "China.deflation",
        "China.youth_unemployment",
        "China.property_decline",
        "China.tariff_stability_need",
        "China.chip_want",
    ]
    assert [i.name for i in rate.inputs] == [
        "China.base_rate",
        "China.stress_rate",
        "China.stress",
        "China.want_rate",
        "China.dependence",
    ]
    data = explanation.to_dict()
    assert data["players"]["US"]["weights"]["rare_earth_supply"]["pressures"][0]["name"] == (
        "mining_share"
    )


# ------------------------------------------------------------ comparative statics
def _sweep(base, player: str, name: str, values: list[float]):  # type: ignore[no-untyped-def]
    return [base.with_overrides({f"pressures.{player}.{name}": v}) for v in values]


def test_deflation_raises_chinas_cost_of_delay_and_the_value_of_exports(default_scenario) -> None:  # type: ignore[no-untyped-def]
    scenarios = _sweep(default_scenario, "China", "deflation", [0.0, 0.25, 0.5, 0.75, 1.0])
    rates = [s.parameters["China"]["discount_rate"] for s in scenarios]
    trade = [s.weights["China"]["trade_access"] for s in scenarios]
    assert rates == sorted(rates) and len(set(rates)) == len(rates)
    assert trade == sorted(trade) and len(set(trade)) == len(trade)
    # the US side does not move
    assert len({s.parameters["US"]["discount_rate"] for s in scenarios}) == 1


def test_magnet_dependence_raises_the_us_cost_of_delay(default_scenario) -> None:  # type: ignore[no-untyped-def]
    scenarios = _sweep(default_scenario, "US", "magnet_share", [0.6, 0.7, 0.8, 0.9, 1.0])
    dependence = [s.parameters["US"]["dependence"] for s in scenarios]
    rates = [s.parameters["US"]["discount_rate"] for s in scenarios]
    weight = [s.weights["US"]["rare_earth_supply"] for s in scenarios]
    for series in (dependence, rates, weight):
        assert series == sorted(series) and len(set(series)) == len(series)


def test_new_supply_lowers_the_us_cost_of_delay(default_scenario) -> None:  # type: ignore[no-untyped-def]
    scenarios = _sweep(default_scenario, "US", "alternative_supply", [0.0, 0.1, 0.3, 0.5])
    rates = [s.parameters["US"]["discount_rate"] for s in scenarios]
    assert rates == sorted(rates, reverse=True) and len(set(rates)) == len(rates)


def test_deflation_override_changes_only_chinas_payoffs(default_scenario) -> None:  # type: ignore[no-untyped-def]
    hot = default_scenario.with_overrides(["pressures.China.deflation=0.9"])
    us_before, china_before = default_scenario.game.matrices(exact=True)
    us_after, china_after = hot.game.matrices(exact=True)
    assert (us_before == us_after).all()
    # China loses more wherever its trade access or tariff stability is hurt
    hurt = [
        index
        for index in default_scenario.game.profiles()
        if any(
            t.effect < 0 and t.channel in ("trade_access", "tariff_stability")
            for t in default_scenario.explain(default_scenario.game.profile_names(index))[
                "China"
            ].terms
        )
    ]
    assert hurt
    for index in hurt:
        assert china_after[index] < china_before[index]


def _numbers_and_formulas(data, loc=()):  # type: ignore[no-untyped-def]
    """Locations of every number, and of every formula (weights, parameters, issues)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers_and_formulas(value, (*loc, key))
    elif isinstance(data, list):
        for k, value in enumerate(data):
            yield from _numbers_and_formulas(value, (*loc, k))
    elif (isinstance(data, (int, float)) and not isinstance(data, bool)) or (
        isinstance(data, str)
        and loc[0] in ("weights", "parameters", "issues")
        and loc[-1] != "description"
    ):
        yield loc


#: plain numbers of the default scenario that are units or conventions, not estimates
CONVENTIONS = {
    "version",
    "weights.China.rare_earth_supply",  # China is the supplier: counted in trade_access
    "weights.China.security",  # the unit of account
    "weights.US.trade_access",  # one point of market access = one point of security
    "weights.US.tariff_stability",  # the US sets the tariffs
    "weights.US.security",  # the unit of account
}


def test_every_number_in_the_default_scenario_has_provenance() -> None:
    """Each number is an uncertain input with kind and provenance (and a range unless a
    fact), a formula, or a listed unit/convention; each formula has a comment."""
    from negotiation.files import load_yaml

    doc = load_yaml(DEFAULT)
    lines = doc.text.splitlines()
    bare = []
    for loc in _numbers_and_formulas(doc.data):
        if loc[-1] in ("value", "range", 0, 1) or (len(loc) > 1 and loc[-2] == "range"):
            continue  # part of an uncertain number: checked below
        if loc[-1] in ("kind", "reason") or (len(loc) > 1 and loc[-2] == "levers"):
            continue
        node = doc.get(list(loc))
        dotted = ".".join(map(str, loc))
        if isinstance(node, str):  # a formula: its mechanism is named in a comment
            line, _ = doc.position(list(loc))
            above = lines[line - 2].strip() if line >= 2 else ""
            if "#" not in lines[line - 1] and not above.startswith("#"):
                bare.append(dotted)
        elif dotted not in CONVENTIONS:
            bare.append(dotted)
    assert not bare, f"numbers without provenance: {bare}"
    s = build_scenario(doc)
    for record in s.uncertain_inputs():
        assert record.kind in ("fact", "estimate", "judgement"), record.path
        lo, hi = record.range
        assert lo <= record.value <= hi, record.path
        if record.kind == "estimate":
            assert record.source and record.source != "article" and record.reason, record.path
        if record.kind == "judgement":
            assert record.reason, record.path


def _pressure_values(scenario):  # type: ignore[no-untyped-def]
    """A hypothesis strategy: every pressure of the scenario drawn within its range."""
    from hypothesis import strategies as st

    fields = {
        f"pressures.{p.player}.{p.name}": st.floats(*p.range, allow_nan=False)
        for named in scenario.pressures.values()
        for p in named.values()
    }
    return st.fixed_dictionaries(fields)


def test_any_pressures_in_range_give_a_sound_traceable_model(default_scenario) -> None:  # type: ignore[no-untyped-def]
    """For pressures anywhere in their ranges: no warnings, positive discount rates,
    dependence within [0, 1], positive issue values, and every payoff still the exact
    sum of its explained terms."""
    from hypothesis import given, settings

    @settings(max_examples=12, deadline=None)
    @given(_pressure_values(default_scenario))
    def check(values) -> None:  # type: ignore[no-untyped-def]
        s = default_scenario.with_overrides(values)
        assert s.warnings == []
        for player in s.players:
            assert s.parameters[player]["discount_rate"] > 0
            assert 0 <= s.parameters[player]["dependence"] <= 1
        assert all(v > 0 for issue in s.issues.values() for v in issue.values())
        for index in s.game.profiles():
            cell = s.explain(s.game.profile_names(index))
            for i, breakdown in enumerate(cell.players):
                assert breakdown.total == s.game.exact[(i, *index)]

    check()


def test_three_player_scenario(small_text: str) -> None:
    """Nothing assumes two players: a third side with one lever, payoffs by hand."""
    text = (
        small_text.replace("players: [A, B]", "players: [A, B, C]")
        .replace("pressures:\n", "pressures:\n  C: {}\n")
        .replace("weights:\n", "weights:\n  C: {trade: 1, security: 1}\n")
        .replace("parameters:\n", "parameters:\n  C: {discount_rate: 0.1, dependence: 0.1}\n")
        .replace(
            "levers:\n", "levers:\n  C:\n    snub: {effects: {A: {trade: -1}, C: {security: 1}}}\n"
        )
        .replace("moves:\n", "moves:\n  C: {calm: {levers: []}, snub: {levers: [snub]}}\n")
        .replace("    B: 3\n", "    B: 3\n    C: 1\n")
    )
    s = build(text)
    assert s.game.shape == (2, 2, 2)
    # (tax, ban, snub): A = (-1 - 1 - 1) x 1.5 + (1 - 2) x 1 = -5.5; B as in (tax, ban); C = 1
    assert s.game.payoff(("tax", "ban", "snub")) == (
        Fraction(-11, 2),
        Fraction(-19, 4),
        Fraction(1),
    )
    assert s.explain(("tax", "ban", "snub"))["A"].total == Fraction(-11, 2)


def test_an_nfg_file_is_not_a_scenario(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PayoffFileError, match=r"\.nfg file has typed-in payoffs"):
        read_scenario(tmp_path / "game.nfg")


def test_players_may_be_written_as_in_the_explicit_format(small_text: str) -> None:
    text = small_text.replace(
        "players: [A, B]", "players:\n  - name: A\n    description: first\n  - {name: B}"
    )
    assert build(text).game == build(small_text).game
    bad = small_text.replace("players: [A, B]", "players:\n  - {name: A, moves: {x: y}}\n  - B")
    assert "unknown key 'moves' in a scenario player" in _error(bad).message
