"""Every quote a payoff file attributes to the seed article appears in it verbatim.

The article is not shipped with the repository (short attributed quotes only); it is read
from ``../shared/seed/`` next to the repository when that folder exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from negotiation.files import load_yaml

ROOT = Path(__file__).resolve().parents[2]
#: the seed article lives next to the repository, never inside it
ARTICLE = ROOT.parent / "shared" / "seed" / "rare-earth-export-controls-article.txt"

PAYOFF_FILES = sorted((ROOT / "payoffs").glob("*.yaml"))

#: the longest quote we allow: short attributed quotes, never the article itself
MAX_QUOTE_WORDS = 25


def _quotes(data: Any, where: str = "") -> Iterator[tuple[str, str, str]]:
    """``(path, quote, source)`` for every mapping with a non-empty ``quote`` key.

    ``source`` is the entry's ``source`` key (scenario files) or, for the explicit
    format's list of sources, its ``citation``.
    """
    if isinstance(data, Mapping):
        if isinstance(data.get("quote"), str) and data["quote"].strip():
            yield where, str(data["quote"]), str(data.get("source", data.get("citation", "")))
        for key, value in data.items():
            yield from _quotes(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for k, value in enumerate(data):
            yield from _quotes(value, f"{where}.{k}")


HEADLINE = "China Tightens Rare Earth Export Grip"


def _article_keys(data: Any) -> set[str]:
    """Source keys (scenario format) whose citation names the seed article's headline."""
    sources = data.get("sources") or {}
    keys = set()
    if isinstance(sources, Mapping):
        for key, entry in sources.items():
            citation = entry.get("citation", "") if isinstance(entry, Mapping) else str(entry)
            if HEADLINE in citation:
                keys.add(str(key))
    return keys


def _attributed(path: Path) -> list[tuple[str, str]]:
    data = load_yaml(path).data
    keys = _article_keys(data)
    return [
        (where, quote)
        for where, quote, source in _quotes(data)
        if source in keys or HEADLINE in source
    ]


def test_the_default_scenario_quotes_the_article() -> None:
    quotes = _attributed(ROOT / "payoffs" / "us_china_rare_earths.yaml")
    assert len(quotes) >= 20  # every pressure and lever carries one


@pytest.mark.parametrize("path", PAYOFF_FILES, ids=lambda p: p.name)
def test_quotes_are_short(path: Path) -> None:
    for where, quote in _attributed(path):
        assert len(quote.split()) <= MAX_QUOTE_WORDS, f"{path.name}: {where}"


@pytest.mark.skipif(
    not ARTICLE.is_file(),
    reason=f"the seed article is not next to this checkout ({ARTICLE}); "
    "quotes can only be checked where ../shared/seed/ exists",
)
@pytest.mark.parametrize("path", PAYOFF_FILES, ids=lambda p: p.name)
def test_quotes_appear_verbatim_in_the_article(path: Path) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    missing = [(where, quote) for where, quote in _attributed(path) if quote not in article]
    assert not missing, f"{path.name}: quotes not found verbatim in the article: {missing}"
