"""``import negotiation.plot`` must not import matplotlib (STYLE.md: heavy imports lazy)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_plot_does_not_import_matplotlib():
    code = (
        "import pkgutil, sys, importlib, negotiation, negotiation.plot\n"
        "for m in pkgutil.iter_modules(negotiation.plot.__path__):\n"
        "    importlib.import_module('negotiation.plot.' + m.name)\n"
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
