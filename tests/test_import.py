"""`import negotiation` stays light: no plotting or data-frame library at import."""

from __future__ import annotations

import subprocess
import sys


def test_import_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, negotiation, negotiation.cli.main as m; m.build_parser(); "
        "heavy = [n for n in ('matplotlib', 'pandas', 'dask', 'IPython', 'quantecon', "
        "'pygambit', 'axelrod') if n in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
