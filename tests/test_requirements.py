"""Every third-party module the app imports is pinned in requirements.txt.

A package that happens to be installed on a developer's machine (pulled in by another
package, or installed by hand for an experiment) makes a page work there and fail on a
fresh deploy. So the app's own imports, read from its source, are checked against the
pins: each module's distribution (``importlib.metadata.packages_distributions``) must be
pinned with ``==``. Imports inside functions count (the heavy ones are lazy on purpose).
The benchmarks also drive a browser, which the app does not need: they may be pinned in
requirements-dev.txt instead, so that Community Cloud does not install Playwright.
"""

import ast
import json
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ["app.py", "roadmap.py", "views", "explorers", "figures", "lessons", "ui", "datasets"]
DEV = ["bench", "deploy"]
# Our own top-level modules and packages (``import explorers``, ``from ui import page``).
LOCAL = {p.stem for p in ROOT.glob("*.py")} | {p.name for p in ROOT.iterdir() if p.is_dir()}


def _name(distribution: str) -> str:
    # PEP 503: "openTSNE", "opentsne" and "open_tsne" are one distribution.
    return re.sub(r"[-_.]+", "-", distribution).lower()


def pins(requirements: Path) -> set[str]:
    """The distributions a requirements file pins with ``==`` (following ``-r``)."""
    pinned = set()
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pinned |= pins(requirements.parent / line[3:].strip())
        elif "==" in line and not line.startswith("-"):
            pinned.add(_name(re.split(r"[\[=<>!~;\s]", line, maxsplit=1)[0]))
    return pinned


def third_party_imports(places: list[str]) -> dict[str, set[str]]:
    """Top-level module -> the files that import it, for every absolute import in ``places``
    that is neither the standard library's nor ours.

    Parsed in a fresh interpreter: in a test worker that has run other tests, Python 3.11.7's
    ``ast.parse`` failed once with "AST constructor recursion depth mismatch" (a CPython bug,
    gh-106905), which says nothing about our imports."""
    scan = ("import json, sys; from tests.test_requirements import _scan; "
            "print(json.dumps({k: sorted(v) for k, v in _scan(sys.argv[1:]).items()}))")
    done = subprocess.run([sys.executable, "-c", scan, *places], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return {module: set(files) for module, files in json.loads(done.stdout).items()}


def _scan(places: list[str]) -> dict[str, set[str]]:
    files = [p for place in places
             for p in ([ROOT / place] if place.endswith(".py") else sorted((ROOT / place).rglob("*.py")))]
    found: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in LOCAL:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def unpinned(places: list[str], requirements: Path) -> list[str]:
    pinned, providers = pins(requirements), packages_distributions()
    problems = []
    for module, where in sorted(third_party_imports(places).items()):
        distributions = providers.get(module)
        if not distributions:
            problems.append(f"{module} (imported by {sorted(where)}) is not installed here")
        elif not {_name(d) for d in distributions} & pinned:
            problems.append(f"{module} (imported by {sorted(where)}): pin {distributions[0]}==<version> "
                            f"in {requirements.name}")
    return problems


def test_the_scan_reads_lazy_imports_and_skips_ours_and_the_standard_library():
    # Without this, a scan that found nothing would pass the tests below.
    found = third_party_imports(APP)
    assert {"streamlit", "sklearn", "torch", "statsmodels"} <= found.keys()
    assert "PIL" in found  # imported only inside functions (datasets/safe_image.py)
    assert not found.keys() & (LOCAL | {"os", "json", "dataclasses"})


def test_every_module_the_app_imports_is_pinned_in_requirements():
    assert unpinned(APP, ROOT / "requirements.txt") == []


def test_every_module_the_benchmarks_import_is_pinned_for_development():
    assert unpinned(DEV, ROOT / "requirements-dev.txt") == []
