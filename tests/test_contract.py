"""The explorer contract, checked generically over every explorer module on disk.

A new explorer is covered by these tests the moment its file exists.
"""

import ast
import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pytest

from explorers import all_explorers
from explorers._contract import (EDITORS, Knob, choice, follow, format_value, from_query, grid, knob,
                                 knobs, log_knob, text)

ROOT = Path(__file__).resolve().parents[1]
EXPLORERS = all_explorers()
IDS = [m.__name__.split(".")[-1] for m in EXPLORERS]


def test_there_are_explorers():
    assert EXPLORERS, "no explorer module found under explorers/"


@pytest.mark.parametrize("folder", ["explorers", "figures", "datasets", "lessons"])
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
def test_its_page_reads_its_inputs_through_explore(explorer):
    """One place turns widgets, links and uploads into a result and a clear message: a page
    that calls ``controls`` or runs its explorer itself bypasses both."""
    view = ROOT / "views" / f"{explorer.__name__.split('.')[-1]}.py"
    if not view.exists():
        pytest.skip("an explorer drawn inside another page")
    calls = {node.func.id if isinstance(node.func, ast.Name) else node.func.attr
             for node in ast.walk(ast.parse(view.read_text())) if isinstance(node, ast.Call)
             and isinstance(node.func, (ast.Name, ast.Attribute))}
    assert "explore" in calls
    assert not calls & {"controls", "analyse"}, f"{view.name} bypasses explore(): {calls & {'controls', 'analyse'}}"


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
    for name, value in vars(explorer.Params()).items():  # a follower was filled in (follow)
        assert value is not None, f"{name} is None: does Params.__post_init__ call follow(self)?"


def _sweep_cases():
    for explorer, name in zip(EXPLORERS, IDS):
        for field, knob_ in knobs(explorer.Params).items():
            for value in knob_.sweep():
                yield pytest.param(explorer, field, value, id=f"{name}-{field}={knob_.encode(value)}")


@pytest.mark.parametrize("explorer", EXPLORERS, ids=IDS)
def test_every_value_a_field_offers_travels_through_a_link_and_back(explorer):
    for name, k in knobs(explorer.Params).items():
        for value in k.sweep():
            assert k.parse(k.encode(value)) == value, (name, value)
            if k.kind in EDITORS:
                assert k.read(k.write(value)) == value, (name, value)


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


def _arrays(value, name="result", seen=None):
    """Every NumPy array in a result, however deep (dataclasses, tuples, lists, dicts)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        yield name, value
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _arrays(item, f"{name}[{i}]", seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _arrays(item, f"{name}[{key!r}]", seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _arrays(getattr(value, field.name), f"{name}.{field.name}", seen)


@pytest.mark.parametrize("explorer, field, value", _sweep_cases())
def test_every_field_across_its_range_gives_finite_read_only_results(explorer, field, value):
    result = explorer.run(explorer.Params(**{field: value}))
    checked = 0
    for name, array in _finite_fields(result):
        assert np.all(np.isfinite(array)), f"{name} is not finite for {field}={value}"
        checked += 1
    assert checked, "Result has no float fields to check"
    assert math.isfinite(getattr(result, explorer.HEADLINE))
    # A result is shared by every caller through the caches: one that could write to it
    # would change what every other session sees.
    writeable = [name for name, array in _arrays(result) if array.flags.writeable]
    assert not writeable, f"writeable arrays in the result for {field}={value}: {writeable[:5]}"


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
    assert [(p.name, p.raw) for p in problems] == [("k", "99"), ("seed", "x")]
    assert problems[0].reason == "Outside 1–10." and problems[0].instead == "Using the default 3."
    assert problems[1].reason == "Not a whole number."


# Text and grids: typed into a box, carried in a link.

CELLS = grid(("S.", ".G"), rows=(2, 4), cols=(2, 5), cells=".#SG", link_cells="owsg",
             help="h").metadata["knob"]
NUMBERS = grid(((1, 0), (0, 1)), rows=(2, 2), cols=(2, 3), lo=-5, hi=5, help="h").metadata["knob"]
SENTENCE = text("The cat sat.", max_chars=30, help="h", examples=("Hi [there](x)",)).metadata["knob"]


def test_a_grid_round_trips_through_its_box_and_its_link():
    for k, value in ((CELLS, ("S.#", ".#G")), (NUMBERS, ((-5, 0, 5), (1, -1, 2)))):
        assert k.read(k.write(value)) == value and k.parse(k.encode(value)) == value
        hash(value)  # a Params field must key a cache
    assert CELLS.encode(("S.#", ".#G")) == "sow_owg"  # letters a URL need not escape
    assert NUMBERS.encode(((-5, 0, 5), (1, -1, 2))) == "-5 0 5_1 -1 2"  # spaces travel as '+'
    assert NUMBERS.read(" 1, -2\n−3 4 \n\n") == ((1, -2), (-3, 4))  # commas, a typeset minus


@pytest.mark.parametrize("k, raw, words", [
    (CELLS, "S.\n.", "same length"), (CELLS, "S.\n.Z", "Row 2, column 2 is not a cell: use `. # S G`"),
    (CELLS, "S.\n.G\n..\n..\n..", "5 rows; it needs 2 to 4"), (CELLS, "S.....\n.....G", "6 columns"),
    (CELLS, "  \n", "empty"), (NUMBERS, "1 2\n3", "same length"), (NUMBERS, "1 2\n3 9", "outside -5 to 5"),
    (NUMBERS, "1 2\n3 x", "Row 2, column 2 is not a whole number"), (NUMBERS, "1 2", "1 row; it needs exactly 2"),
])
def test_a_grid_says_what_is_wrong_without_quoting_it(k, raw, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        k.read(raw)
    with pytest.raises(ValueError):
        k.parse(raw.replace("\n", "_").translate(str.maketrans(k.cells, k.link_cells)) if k.cells
                else raw.replace("\n", "_"))


def test_a_grid_link_with_letters_that_stand_for_no_cell_is_refused():
    with pytest.raises(ValueError, match="Row 2 has a letter that stands for no cell"):
        CELLS.parse("so_o<")


def test_text_is_one_line_of_at_most_max_chars():
    assert SENTENCE.read("  A dog.  ") == "A dog." and SENTENCE.parse("A dog.") == "A dog."
    assert SENTENCE.encode("A dog.") == "A dog." and SENTENCE.write("A dog.") == "A dog."
    assert SENTENCE.sweep() == ["The cat sat.", "Hi [there](x)"]
    with pytest.raises(ValueError, match="one line"):
        SENTENCE.read("two\nlines")
    with pytest.raises(ValueError, match="Too long: 31 characters, where at most 30 are read"):
        SENTENCE.read("x" * 31)


def _tripwire(n: int):
    """A string of at least ``n`` characters that records every use beyond its length, and
    that record: the cap must be checked before anything else is done with the text."""
    used = []

    class Tripwire(str):
        def __getattribute__(self, name):
            used.append(name)
            return super().__getattribute__(name)

        def __iter__(self):
            used.append("__iter__")
            return super().__iter__()

    return Tripwire("[x](https://e.com) " * (n // 19 + 1)), used


@pytest.mark.parametrize("explorer", EXPLORERS, ids=IDS)
def test_every_field_refuses_text_past_its_cap_before_reading_it(explorer):
    for name, k in knobs(explorer.Params).items():
        ways = (k.parse, k.read) if k.kind in EDITORS else (k.parse,)
        for way in ways:
            wire, used = _tripwire(1_000_000)
            with pytest.raises(ValueError, match="Too long") as err:
                way(wire)
            assert used == [], f"{name}: {used} before the cap was checked"
            assert "e.com" not in str(err.value)


@pytest.mark.parametrize("explorer", EXPLORERS, ids=IDS)
def test_no_refusal_quotes_the_value(explorer):
    """Reasons are shown as markdown: the value itself is the page's to show, escaped."""
    samples = ["[x](https://e.com)", "![x](https://e.com/p.png)", "<img src=x onerror=alert(1)>",
               ":red[x]", "$x$", "S.\n<b>G</b>"]
    for name, k in knobs(explorer.Params).items():
        for raw in samples:
            for way in (k.parse, k.read) if k.kind in EDITORS else (k.parse,):
                try:
                    way(raw)
                except ValueError as err:
                    for marker in ("e.com", "<img", "<b>", ":red[", "$x$"):
                        assert marker not in str(err), f"{name} quotes {raw!r}: {err}"
                else:
                    assert k.kind == "text", f"{name} accepted {raw!r}"


def test_a_follower_takes_the_value_that_goes_with_its_leader():
    presets = {"flat": ((1, 1), (1, 1)), "edge": ((-1, 1), (-1, 1))}

    @dataclasses.dataclass(frozen=True)
    class P:
        kernel: str = choice("flat", options=("flat", "edge", "custom"), help="h")
        weights: tuple = grid(((0, 1), (1, 0)), rows=(2, 2), cols=(2, 2), lo=-3, hi=3, help="h",
                              follows=("kernel", presets), when=("kernel", "custom"))
        scale: int = knob(1, lo=1, hi=4, help="h", follows=("kernel", {"flat": 4, "edge": 1}))
        seed: int = knob(0, lo=0, hi=9, help="h")

        def __post_init__(self):
            follow(self)

    assert P().weights == presets["flat"] and P().scale == 4
    assert P(kernel="edge", weights=((3, 3), (3, 3))).weights == presets["edge"]  # greyed out: forced
    assert P(kernel="edge", scale=2).scale == 2  # applies: a value given is kept
    assert P(kernel="custom").weights == ((0, 1), (1, 0)) and P(kernel="custom").scale == 1
    assert P(kernel="custom", weights=((3, 3), (3, 3))).weights == ((3, 3), (3, 3))
    assert knobs(P)["weights"].sweep() == [((0, 1), (1, 0)), *presets.values()]
    params, problems = from_query(P, {"kernel": "edge", "weights": "1 2_3 -3"})
    assert params == P(kernel="edge") and not problems
    params, problems = from_query(P, {"kernel": "custom", "weights": "1 2_3 x"})
    assert params.weights == ((0, 1), (1, 0))
    assert [(p.name, p.instead) for p in problems] == [("weights", "Using the default.")]


def test_a_grid_or_text_that_does_not_read_back_is_refused_at_definition():
    with pytest.raises(ValueError):
        grid(("S.", ".Z"), rows=(2, 2), cols=(2, 2), cells=".S", help="h")
    with pytest.raises(ValueError):
        grid(("S.", ".G"), rows=(2, 2), cols=(2, 2), cells=".SG", link_cells="o/g", help="h")
    with pytest.raises(ValueError):
        text(" padded ", max_chars=10, help="h")


def test_defaults_outside_the_range_are_refused_at_definition():
    with pytest.raises(ValueError):
        knob(11, lo=1, hi=10, help="h")
    with pytest.raises(ValueError):
        log_knob(0.03, lo=1e-3, hi=1.0, help="h")
