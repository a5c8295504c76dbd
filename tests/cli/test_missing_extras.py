"""A command whose optional library is not installed says which extra to install.

README's first command installs the package without extras (``pip install .``); in such a
venv ``negotiation report`` (matplotlib) and ``sweep --output``/``montecarlo``/``sensitivity``
(pandas, SALib) printed a ``ModuleNotFoundError`` traceback. The house rule is one line and
exit 1. Setting ``sys.modules[name] = None`` makes ``import name`` fail exactly as it does
where the library is missing.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

from negotiation.cli.main import OPTIONAL_LIBRARIES, main
from tests.repo_paths import PAYOFFS

SCENARIO = str(PAYOFFS / "us_china_rare_earths.yaml")


@pytest.mark.parametrize(
    ("library", "argv"),
    [
        ("matplotlib", ["report", SCENARIO, "-o", "{tmp}/report.html"]),
        (
            "pandas",
            [
                "sweep",
                SCENARIO,
                "--vary",
                "pressures.China.chip_want=0:1:3",
                "--output",
                "{tmp}/sweep.csv",
            ],
        ),
    ],
)
def test_missing_optional_library_is_one_line(library, argv, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, library, None)
    code = main([arg.format(tmp=tmp_path) for arg in argv])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1, err
    assert library in lines[0]
    assert f"negotiation[{OPTIONAL_LIBRARIES[library]}]" in lines[0]
    assert not list(tmp_path.iterdir()), "nothing is written when the run cannot finish"


def test_optional_libraries_name_real_extras():
    """Each extra named in the message exists in pyproject.toml and lists that library."""
    import tomllib

    from tests.repo_paths import ROOT

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    for library, extra in OPTIONAL_LIBRARIES.items():
        package = "dask[distributed]" if library == "distributed" else library
        assert any(req.startswith(package) for req in extras[extra]), (library, extra)


def test_an_unrelated_missing_module_is_not_hidden(monkeypatch):
    """Only the optional libraries are turned into a message; a real bug still raises."""
    import negotiation.cli.main as cli_main

    def broken(_args):
        raise ModuleNotFoundError("No module named 'negotiation.nowhere'", name="negotiation")

    parser = cli_main.build_parser()
    monkeypatch.setattr(parser, "parse_args", lambda _argv: SimpleNamespace(run=broken))
    with pytest.raises(ModuleNotFoundError):
        cli_main._run(parser, [])
