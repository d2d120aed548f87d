"""The explorer contract, checked generically over every explorer module on disk.

A new explorer is covered by these tests the moment its file exists.
"""

import ast
import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from explorers import all_explorers
from explorers._contract import Knob, format_value, from_query, knob, knobs, log_knob

ROOT = Path(__file__).resolve().parents[1]
EXPLORERS = all_explorers()
IDS = [m.__name__.split(".")[-1] for m in EXPLORERS]


def test_there_are_explorers():
    assert EXPLORERS, "no explorer module found under explorers/"


@pytest.mark.parametrize("folder", ["explorers", "figures", "datasets"])
def test_pure_packages_never_import_streamlit(folder):
    offenders = []
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"these modules must stay pure: {offenders}"


@pytest.mark.parametrize("explorer", EXPLORERS, ids=IDS)
def test_explorer_has_the_contract(explorer):
    for name in ("Params", "Result", "run", "code", "NOTICE", "MISREADING", "HEADLINE"):
        assert hasattr(explorer, name), f"{explorer.__name__} lacks {name}"
    assert dataclasses.is_dataclass(explorer.Params)
    assert explorer.Params.__dataclass_params__.frozen, "Params must be frozen (it is the cache key)"
    assert "seed" in knobs(explorer.Params), "randomness must come from an explicit seed field"
    for text in (explorer.NOTICE, explorer.MISREADING):
        assert len(text.split()) >= 8
    hash(explorer.Params())  # hashable, so usable as a cache key


def _sweep_cases():
    for explorer, name in zip(EXPLORERS, IDS):
        for field, knob_ in knobs(explorer.Params).items():
            for value in knob_.sweep():
                yield pytest.param(explorer, field, value, id=f"{name}-{field}={format_value(value)}")


def _finite_fields(result, prefix=""):
    """Every float and float array in a Result, looking inside nested dataclasses."""
    for field in dataclasses.fields(result):
        value, name = getattr(result, field.name), prefix + field.name
        if isinstance(value, float):
            yield name, np.asarray([value])
        elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
            yield name, value
        elif dataclasses.is_dataclass(value):
            yield from _finite_fields(value, prefix=f"{name}.")


@pytest.mark.parametrize("explorer, field, value", _sweep_cases())
def test_every_field_across_its_range_gives_finite_results(explorer, field, value):
    result = explorer.run(explorer.Params(**{field: value}))
    checked = 0
    for name, array in _finite_fields(result):
        assert np.all(np.isfinite(array)), f"{name} is not finite for {field}={value}"
        checked += 1
    assert checked, "Result has no float fields to check"
    assert math.isfinite(getattr(result, explorer.HEADLINE))


def _code_cases():
    for explorer, name in zip(EXPLORERS, IDS):
        cases = {explorer.Params()}
        for field, knob_ in knobs(explorer.Params).items():
            for value in (knob_.sweep()[0], knob_.sweep()[-1]):
                cases.add(explorer.Params(**{field: value}))
        for i, params in enumerate(sorted(cases, key=repr)):
            yield pytest.param(explorer, params, id=f"{name}-{i}")


@pytest.mark.parametrize("explorer, params", _code_cases())
def test_code_runs_and_reproduces_the_headline(explorer, params, capsys):
    source = explorer.code(params)
    namespace = {"__name__": "__main__"}
    exec(compile(source, f"<code of {explorer.__name__}>", "exec"), namespace)
    expected = getattr(explorer.run(params), explorer.HEADLINE)
    assert explorer.HEADLINE in namespace, f"the code does not define {explorer.HEADLINE}"
    assert namespace[explorer.HEADLINE] == pytest.approx(expected, rel=1e-6, abs=1e-12)
    assert capsys.readouterr().out.strip(), "the code should print its numbers for the learner"


@pytest.mark.parametrize("explorer", EXPLORERS, ids=IDS)
def test_code_imports_nothing_from_this_project(explorer):
    tree = ast.parse(explorer.code(explorer.Params()))
    local = {"explorers", "figures", "ui", "datasets", "roadmap"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] not in local
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] not in local for a in node.names)


# The metadata helpers themselves.

def test_knob_parses_and_rejects_link_values():
    k: Knob = knob(3, lo=1, hi=10, help="h").metadata["knob"]
    assert k.parse("7") == 7
    for bad in ("zzz", "99", "0", "3.5", "nan", ""):
        with pytest.raises(ValueError):
            k.parse(bad)
    f: Knob = knob(0.3, lo=0.0, hi=1.0, help="h").metadata["knob"]
    assert f.parse("0.55") == 0.55
    for bad in ("inf", "-0.1", "1.5", "abc"):
        with pytest.raises(ValueError):
            f.parse(bad)


def test_log_knob_is_a_round_grid_and_round_trips_through_the_url():
    k: Knob = log_knob(0.01, lo=1e-4, hi=100.0, help="h").metadata["knob"]
    assert k.options[0] == 1e-4 and k.options[-1] == 100.0
    assert 0.02 in k.options and 0.05 in k.options and 0.03 not in k.options
    ratios = np.diff(np.log10(k.options))
    assert np.all(ratios > 0)
    for value in k.options:
        assert k.parse(format_value(value)) == value
    with pytest.raises(ValueError):
        k.parse("0.03")


def test_from_query_keeps_good_values_and_names_the_bad_ones():
    @dataclasses.dataclass(frozen=True)
    class P:
        k: int = knob(3, lo=1, hi=10, help="h")
        alpha: float = log_knob(0.01, lo=1e-3, hi=1.0, help="h")
        seed: int = knob(0, lo=0, hi=999, help="h")

    params, problems = from_query(P, {"k": "99", "alpha": "0.1", "seed": "x", "other": "1"})
    assert params == P(k=3, alpha=0.1, seed=0)
    assert len(problems) == 2
    assert "`k`" in problems[0] and "99" in problems[0]
    assert "`seed`" in problems[1]


def test_defaults_outside_the_range_are_refused_at_definition():
    with pytest.raises(ValueError):
        knob(11, lo=1, hi=10, help="h")
    with pytest.raises(ValueError):
        log_knob(0.03, lo=1e-3, hi=1.0, help="h")
