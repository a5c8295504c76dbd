"""Every plot test draws with the non-interactive Agg backend and closes its figures."""

from __future__ import annotations

import pytest

matplotlib = pytest.importorskip("matplotlib", reason="plots need the 'plot' extra (matplotlib)")
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


@pytest.fixture
def render(tmp_path):
    """Save the figure of ``ax`` as a PNG and return its path (checked non-empty)."""

    def _render(ax, name="figure.png"):
        path = tmp_path / name
        ax.figure.savefig(path, dpi=60, bbox_inches="tight")
        assert path.stat().st_size > 1000
        from matplotlib.image import imread

        pixels = imread(path)
        # a blank canvas is one colour; a drawn figure has many
        assert len({tuple(p) for p in pixels.reshape(-1, pixels.shape[-1])[::50]}) > 5
        return path

    return _render
