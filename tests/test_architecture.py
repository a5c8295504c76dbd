"""One direction of dependence, read from the imports with ``ast`` (issue 9, item 1).

Each module of the package belongs to a *unit*: its top-level module (``game``,
``inputs``, ...) or subpackage (``files``, ``scenario``, ``solvers``, ...). A unit may
import only the units :data:`ALLOWED` lists for it — the picture in README's
"Architecture" section:

    cli, plot  →  workflows  →  whatif, dynamics  →  scenario, solvers, bargaining, repeated
    extensive → solvers, game, files, tree          scenario → files, game, tree, inputs
    bargaining, repeated → solvers, game, inputs, geometry        solvers → game
    files → game, tree → errors

Also checked: no ``importlib`` or ``__import__`` inside the package except the lazy
top-level ``negotiation.__getattr__`` and the command registry of ``cli/main.py``; and, in
every unit, imports inside functions only for the heavy or optional libraries of
:data:`LAZY_LIBRARIES` (and the package modules of :data:`HEAVY_MODULES` that load one
at import) — never the package's own modules (a cycle is fixed, not dodged) nor the
standard library. Every module stays under :data:`MAX_LINES` lines.
The checker is run on the real package and on a synthetic tree with a forbidden import,
to show it can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.repo_paths import ROOT

#: the base units: no import of the package's other units beyond these
_BASE = {"errors", "numbers", "exact", "jit"}
_MODEL = _BASE | {"game"}
_ANALYSIS = _MODEL | {"inputs", "geometry", "solvers"}

#: unit -> the units it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "numbers": {"errors"},
    "exact": {"errors"},
    "jit": set(),
    "game": _BASE,
    "data": _BASE,
    "inputs": _MODEL,
    "geometry": _MODEL,
    "tree": _MODEL,
    "files": _MODEL | {"tree"},
    "scenario": _MODEL | {"files", "inputs", "data", "tree"},
    "solvers": _MODEL | {"geometry"},
    "bargaining": _ANALYSIS,
    "repeated": _ANALYSIS,
    "extensive": _MODEL | {"solvers", "files", "tree"},
    "whatif": _ANALYSIS | {"files", "scenario", "bargaining", "repeated", "data"},
    "dynamics": _ANALYSIS | {"files", "scenario", "bargaining", "repeated", "data", "whatif"},
    "workflows": _ANALYSIS
    | {"files", "tree", "data", "scenario", "bargaining", "repeated", "extensive"}
    | {"whatif", "dynamics"},
    "plot": {"*", "-cli"},  # anything but the command line
    "cli": {"*"},
    "__init__": {"errors", "game"},  # the rest is lazy, through __getattr__
    "__main__": {"cli"},
}

#: the analysis packages never import the scenario package (workflows joins them)
ANALYSIS = {"solvers", "bargaining", "repeated", "extensive", "geometry", "inputs"}

#: modules allowed to use importlib: the lazy top level and the command registry; and
#: ``repeated._progress`` and ``workflows.report``, which ask whether an optional library
#: (the progress bar, matplotlib) is installed, and ``jit``, which asks for numba
IMPORTLIB_OK = {
    "negotiation",
    "negotiation.cli.main",
    "negotiation.repeated._progress",
    "negotiation.workflows.report",
    "negotiation.jit",
}

#: modules at the presentation end of a layer, held to their layer's rules only in part:
#: ``workflows.report`` writes a report with figures, so it may draw through ``plot``
PRESENTATION = {"negotiation.workflows.report"}

#: the only libraries imported inside functions (CONTRIBUTING, "Where things live"): heavy
#: ones that most commands never need (over ~0.1 s to import, or pulling in a large
#: stack), optional ones that may be missing (extras), and ``fcntl``, which exists only
#: on POSIX. Everything else — the standard library, numpy, ruamel.yaml and the package's
#: own modules — is imported at the top of the module.
LAZY_LIBRARIES = {
    "matplotlib",  # plots only (~0.3 s)
    "pandas",  # data frames of what-if results
    "scipy",  # LPs, ConvexHull, statistics (~0.2 s)
    "dask",  # parallel what-if (extra)
    "numba",  # compiled what-if kernels (extra; ~1 s to import)
    "distributed",  # dask's cluster (extra)
    "SALib",  # Morris / Sobol sensitivity (extra)
    "pyarrow",  # Parquet output (extra)
    "playwright",  # browser tests of reports
    "tqdm",  # progress bars (optional)
    "networkx",  # best-response graphs (~0.2 s)
    "IPython",  # rich display in Jupyter (optional)
    "fcntl",  # POSIX file locks (missing on Windows)
}

#: package modules heavy enough to import inside functions: ``files.schema`` loads pydantic,
#: ``scenario.tape_kernel`` and ``whatif.batch_kernels`` numba
HEAVY_MODULES = {
    "negotiation.files.schema",
    "negotiation.scenario.tape_kernel",
    "negotiation.whatif.batch_kernels",
}

#: no module of the package passes this many lines (issue 9: "no module over ~600 lines")
MAX_LINES = 600


def _module_name(path: Path, package: Path) -> str:
    rel = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(rel[:-1] if rel[-1] == "__init__" else rel)


def _unit(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _imports(tree: ast.Module, module: str, is_package: bool) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import statement."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = module.split(".")
                    base = base[: len(base) - child.level + (1 if is_package else 0)]
                    name = ".".join([*base, child.module] if child.module else base)
                else:
                    name = child.module or ""
                if name == "negotiation":  # from negotiation import geometry
                    found.extend(
                        (f"{name}.{a.name}", child.lineno, in_function) for a in child.names
                    )
                elif any(f"{name}.{a.name}" in HEAVY_MODULES for a in child.names):
                    found.extend(  # from negotiation.files import schema
                        (f"{name}.{a.name}", child.lineno, in_function) for a in child.names
                    )
                else:
                    found.append((name, child.lineno, in_function))
            elif (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id == "__import__"
            ):
                found.append(("importlib", child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _may_be_lazy(name: str) -> bool:
    """True for an import that may stay inside a function (a heavy or optional library)."""
    return name.split(".")[0] in LAZY_LIBRARIES or any(
        name == m or name.startswith(f"{m}.") for m in HEAVY_MODULES
    )


def check_package(package: Path) -> list[str]:
    """Every violation of the import rules in the package at ``package``, one line each."""
    problems: list[str] = []
    for path in sorted(package.rglob("*.py")):
        module = _module_name(path, package)
        unit = _unit(module)
        allowed = ALLOWED.get(unit)
        where = f"{path.relative_to(package.parent)}"
        if allowed is None:
            problems.append(f"{where}: unit {unit!r} is not in the architecture; add it")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, line, in_function in _imports(tree, module, path.name == "__init__.py"):
            top = name.split(".")[0]
            if top == "importlib" and module not in IMPORTLIB_OK:
                problems.append(f"{where}:{line}: importlib inside the package")
            if in_function and not _may_be_lazy(name):
                problems.append(
                    f"{where}:{line}: {name} imported inside a function; import it at the top "
                    "(only the heavy or optional libraries of LAZY_LIBRARIES stay lazy)"
                )
            if top != "negotiation":
                continue
            target = _unit(name)
            if target == unit or module in PRESENTATION:
                continue
            ok = ("*" in allowed and f"-{target}" not in allowed) or target in allowed
            if not ok:
                problems.append(f"{where}:{line}: {unit} may not import {target} ({name})")
            if unit in ANALYSIS | {"files"} and target == "scenario":
                problems.append(f"{where}:{line}: {unit} must never import scenario ({name})")
    return problems


def test_the_package_imports_in_one_direction() -> None:
    assert check_package(ROOT / "negotiation") == []


def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "negotiation"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


CLEAN = {
    "__init__.py": "from negotiation.game import Game\n",
    "errors.py": "",
    "game.py": "from negotiation.errors import GameError\n",
    "files/__init__.py": "from negotiation.game import Game\n",
    "scenario/__init__.py": "from negotiation.files import Game\n",
    "solvers/__init__.py": "from negotiation.game import Game\n",
    "cli/main.py": "import importlib\nfrom negotiation.scenario import x\n",
}


def test_a_clean_synthetic_tree_passes(tmp_path: Path) -> None:
    assert check_package(_write(tmp_path, CLEAN)) == []


def test_a_forbidden_import_is_reported(tmp_path: Path) -> None:
    bad = {
        **CLEAN,
        "files/payoff_file.py": "from negotiation.scenario import build_scenario\n",
        "solvers/pure.py": "import negotiation.bargaining.nash\n",
        "game.py": "from negotiation.files import read_payoffs\n",
    }
    problems = check_package(_write(tmp_path, bad))
    assert any("files may not import scenario" in p for p in problems)
    assert any("files must never import scenario" in p for p in problems)
    assert any("solvers may not import bargaining" in p for p in problems)
    assert any("game may not import files" in p for p in problems)


def test_importlib_tricks_and_lazy_cycles_are_reported(tmp_path: Path) -> None:
    bad = {
        **CLEAN,
        "files/payoff_file.py": (
            "import importlib\n\n\ndef read():\n    return importlib.import_module('x')\n"
        ),
        "solvers/lp.py": "",
        "bargaining/nash.py": "def f():\n    from negotiation.game import Game\n    import scipy\n",
        "scenario/build.py": "from . import model\nfrom ..solvers import lp\n",
        "cli/show_cmd.py": "def run():\n    from negotiation.solvers import lp\n",
        "solvers/pure.py": "def f():\n    from negotiation.solvers import lp\n    import itertools\n",
        "files/yamldoc.py": (
            "def f():\n    from negotiation.files import schema\n    import matplotlib.pyplot\n"
        ),
    }
    problems = check_package(_write(tmp_path, bad))
    assert any("payoff_file.py:1: importlib inside the package" in p for p in problems)
    assert any("nash.py:2: negotiation.game imported inside a function" in p for p in problems)
    assert not any("scipy" in p or "matplotlib" in p for p in problems)  # heavy: may stay lazy
    # every layer, the command line included, and imports within one unit too
    assert any(
        "show_cmd.py:2: negotiation.solvers imported inside a function" in p for p in problems
    )
    assert any("pure.py:2: negotiation.solvers imported inside a function" in p for p in problems)
    assert any("pure.py:3: itertools imported inside a function" in p for p in problems)
    assert not any("yamldoc" in p for p in problems)  # files.schema (pydantic) is heavy
    assert any("scenario may not import solvers (negotiation.solvers)" in p for p in problems)


def test_an_unknown_unit_is_reported(tmp_path: Path) -> None:
    problems = check_package(_write(tmp_path, {**CLEAN, "utils.py": ""}))
    assert problems == ["negotiation/utils.py: unit 'utils' is not in the architecture; add it"]


def test_no_command_imports_another_command() -> None:
    cli = ROOT / "negotiation" / "cli"
    for path in sorted(cli.glob("*_cmd.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {name for name, _, _ in _imports(tree, f"negotiation.cli.{path.stem}", False)}
        others = {n for n in names if n.startswith("negotiation.cli.") and n.endswith("_cmd")}
        assert not others, f"{path.name} imports {sorted(others)}; share code via cli/format.py"


def test_a_missing_command_module_is_an_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from negotiation.cli import main

    monkeypatch.setattr(main, "COMMANDS", (*main.COMMANDS, "no_such"))
    with pytest.raises(ModuleNotFoundError, match="no_such_cmd"):
        main.build_parser()


def module_sizes(package: Path) -> list[str]:
    """Every module of ``package`` over :data:`MAX_LINES` lines, one line each."""
    return [
        f"{path.relative_to(package.parent)}: {n} lines, over {MAX_LINES}; split it by job"
        for path in sorted(package.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]


def test_no_module_is_over_600_lines() -> None:
    assert module_sizes(ROOT / "negotiation") == []


def test_a_long_module_is_reported(tmp_path: Path) -> None:
    package = _write(tmp_path, {**CLEAN, "solvers/long.py": "x = 1\n" * (MAX_LINES + 1)})
    assert module_sizes(package) == [
        f"negotiation/solvers/long.py: {MAX_LINES + 1} lines, over {MAX_LINES}; split it by job"
    ]
    (package / "solvers" / "long.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    assert module_sizes(package) == []
