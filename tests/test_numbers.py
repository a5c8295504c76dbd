"""The one number formatter for people: exact when short, rounded and marked otherwise."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from negotiation.numbers import (
    exact_text,
    format_html,
    format_number,
    format_numbers,
    format_pair,
    is_readable,
)

fractions = st.fractions(max_denominator=10**9).filter(lambda q: abs(q) < 10**8)


def _style(text: str) -> str:
    body = text.removeprefix("≈ ")
    if "/" in body:
        return "fraction"
    if "." in body or text.startswith("≈"):
        return "decimal"
    return "integer"


@given(fractions)
def test_exact_text_round_trips(q):
    assert Fraction(exact_text(q)) == q
    assert Fraction(format_number(q, exact=True)) == q


@given(fractions)
def test_a_shown_number_is_exact_or_marked_and_close(q):
    text = format_number(q)
    if text.startswith("≈ "):
        shown = Fraction(text.removeprefix("≈ "))
        assert shown != q
        # 4 significant digits: relative error at most half a unit in the 4th digit
        assert abs(shown - q) <= abs(q) * Fraction(5, 10**4)
    else:
        assert Fraction(text) == q
        # shown exactly: a readable number, or one whose 4-significant-digit form is exact
        # (0.00032, 5.12e-7)
        digits = text.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
        assert is_readable(q) or len(digits) <= 4
        assert len(text) <= 12


@given(st.lists(fractions, min_size=1, max_size=12))
def test_one_table_never_mixes_fractions_and_decimals(values):
    styles = {_style(t) for t in format_numbers(values)} - {"integer"}
    assert len(styles) <= 1


@given(st.lists(fractions, min_size=1, max_size=12))
def test_a_group_is_formatted_like_its_members_would_be_at_worst(values):
    texts = format_numbers(values)
    assert len(texts) == len(values)
    for q, t in zip(values, texts, strict=True):
        if not t.startswith("≈"):
            assert Fraction(t) == q


def test_the_issue_s_examples():
    # issue 15: the deal printed as -104156491/94725020 and 729095437/206166220
    assert format_number(Fraction(-104156491, 94725020)) == "≈ -1.1"
    assert format_number(Fraction(729095437, 206166220)) == "≈ 3.536"
    assert format_number(Fraction(119, 74)) == "119/74"
    assert format_number(Fraction(2, 3)) == "2/3"
    # the win-set table mixed -104156491/94725020 with 119/74: now one style
    assert format_numbers([Fraction(-104156491, 94725020), Fraction(119, 74)]) == [
        "≈ -1.1",
        "≈ 1.608",
    ]
    # "China 0.075, US -38/55" side by side: one style
    assert format_numbers([Fraction(3, 40), Fraction(-38, 55)]) == ["3/40", "-38/55"]


def test_floats_and_numpy_scalars():
    assert format_number(0.1) == "0.1"
    assert format_number(np.float64(2.5)) == "2.5"
    assert format_number(np.int64(7)) == "7"
    assert format_number(1 / 3) == "≈ 0.3333"
    assert format_number(float("nan")) == "nan"
    assert format_number(-float("inf")) == "-∞"
    assert format_number(123456.789) == "≈ 123457"
    assert format_number(1.23e-9) == "1.23e-9"
    assert format_number(1.234567e-9) == "≈ 1.235e-9"


def test_html_carries_the_exact_value():
    assert format_html(Fraction(2, 3)) == "2/3"
    html = format_html(Fraction(-104156491, 94725020))
    assert 'title="exact: -104156491/94725020"' in html and "≈ -1.1" in html


def test_pairs_do_not_read_as_fractions():
    text = format_pair(1, 1, ("pure", "mixed"))
    assert "/" not in text and text == "pure 1 · mixed 1"
