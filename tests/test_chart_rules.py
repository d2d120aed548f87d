"""The rules of "Charts that read from the back of the room" (DESIGN.md), on every page's
figures as built: the specs that make a legend land on an axis title, a log axis print
"10 2 5 100", a group go unseen in yellow or share a colour with another, a table print
"None". The browser check (tests/e2e/chart_checks.py) sees the drawn result.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import re
from functools import cache
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from figures import theme
from roadmap import live_topics

PAGES = [Path(topic.page).stem for _, topic in live_topics()]
# Training pages at a smaller budget: the rules are about the figure, not how well it learnt.
LIGHT = {"playground": dict(epochs=10), "rnn": dict(epochs=2), "dqn": dict(steps=600)}


@cache
def page_figures(page: str) -> dict[str, dict]:
    """Every figure the page's builders draw from one result (those that take the result
    alone), as the JSON spec the browser gets."""
    explorer = importlib.import_module(f"explorers.{page}")
    builders = importlib.import_module(f"figures.{page}")
    result = explorer.run(explorer.Params(**LIGHT.get(page, {})))
    specs = {}
    for name, build in inspect.getmembers(builders, inspect.isfunction):
        signature = inspect.signature(build)
        returns = str(signature.return_annotation)
        if build.__module__ != builders.__name__ or name.startswith("_") or not (
                "Figure" in returns or name.endswith("figure") and returns == str(inspect.Signature.empty)):
            continue
        required = [p for p in signature.parameters.values() if p.default is p.empty]
        if len(required) != 1:
            continue
        try:
            drawn = build(result)
        except (AttributeError, ValueError, KeyError, IndexError, TypeError):
            # A builder for another mode of the page (regression, digits, the perplexity
            # sweep) on the default result; tests/pages run every page's own calls.
            continue
        for i, fig in enumerate(drawn if isinstance(drawn, tuple) else (drawn,)):
            assert isinstance(fig, go.Figure), name
            specs[f"{name}{f'[{i}]' if isinstance(drawn, tuple) else ''}"] = fig.to_plotly_json()
    assert specs, f"no figure builder found for {page}"
    return specs


def _axes(layout: dict):
    return [(key, axis) for key, axis in layout.items() if re.fullmatch(r"[xy]axis\d*", key)]


@pytest.mark.parametrize("page", PAGES)
def test_a_legend_below_the_plot_never_shares_space_with_the_x_title(page):
    """A legend below the plot hangs from the figure's foot (plotly reserves its height
    there) and the x-axis titles are free to move up above it (automargin)."""
    for name, spec in page_figures(page).items():
        layout = spec["layout"]
        legend = layout.get("legend", {})
        if layout.get("showlegend") is False or legend.get("y", 1) >= 0 and legend.get("yref") != "container":
            continue
        assert legend.get("yref") == "container" and legend.get("y") == 0, (name, legend)
        for key, axis in _axes(layout):
            if key.startswith("x") and axis.get("title", {}).get("text"):
                assert axis.get("automargin", True) is not False, (name, key)


def _decades_only(axis: dict) -> bool:
    dtick = axis.get("dtick")
    if "tickvals" in axis:
        return True
    if isinstance(dtick, (int, float)) and dtick >= 1 and float(dtick).is_integer():
        return True
    # Less than two decades: 1-2-5 steps, each label a whole number (a tickformat), not "2".
    return dtick in ("D1", "D2") and bool(axis.get("tickformat"))


@pytest.mark.parametrize("page", PAGES)
def test_log_axes_label_their_decades_only(page):
    logs = 0
    for name, spec in page_figures(page).items():
        for key, axis in _axes(spec["layout"]):
            if axis.get("type") == "log":
                logs += 1
                assert _decades_only(axis), (name, key, axis)


def test_log_ticks_fit_the_span_of_the_axis():
    wide = theme.figure("t", "x", "y")
    wide.add_scatter(x=[1e-3, 1e3], y=[1, 2])
    wide.update_xaxes(type="log")
    narrow = theme.figure("t", "x", "y")
    narrow.add_scatter(x=[20, 90], y=[1, 2])
    narrow.update_xaxes(type="log")
    chosen = theme.figure("t", "x", "y")
    chosen.update_xaxes(type="log", dtick="D1", tickformat=".1f")
    assert wide.build().layout.xaxis.dtick == 1
    assert narrow.build().layout.xaxis.dtick == "D2" and narrow.build().layout.xaxis.tickformat
    assert chosen.build().layout.xaxis.dtick == "D1"  # a figure's own choice stands


def _colours(value):
    if isinstance(value, str):
        yield value.upper()
    elif isinstance(value, (list, tuple, np.ndarray)):
        for v in value:
            yield from _colours(v)


@pytest.mark.parametrize("page", PAGES)
def test_no_mark_is_drawn_in_low_contrast_yellow(page):
    """Yellow on white has a contrast of 1.3. It is allowed only as the fill of a marker
    with a dark outline (q-learning's bonus star on a coloured grid)."""
    for name, spec in page_figures(page).items():
        for trace in spec["data"]:
            marker = trace.get("marker", {})
            outlined = marker.get("line", {}).get("width", 0) >= 1 and marker.get("line", {}).get("color") == theme.BLACK
            painted = {
                "line": trace.get("line", {}).get("color"), "fill": trace.get("fillcolor"),
                "text": trace.get("textfont", {}).get("color"),
                "marker outline": marker.get("line", {}).get("color"),
                "marker": None if outlined else marker.get("color"),
            }
            for part, value in painted.items():
                assert theme.YELLOW not in set(_colours(value)), (name, trace.get("name"), part)


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _contrast_on_white(hex_colour: str) -> float:
    luminance = float(_linear(hex_colour) @ [0.2126, 0.7152, 0.0722])
    return 1.05 / (luminance + 0.05)


# Machado, Oliveira & Fernandes (2009), full severity, on linear RGB.
_CVD = {
    "none": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(linear_rgb, 0, 1) / [0.95047, 1, 1.08883]
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_the_palette_is_seen_on_white_and_apart_under_colour_blindness():
    low = [c for c in theme.PALETTE if _contrast_on_white(c) < 2]
    assert not low, low  # the yellow (1.3) fails this
    groups = [*theme.PALETTE, theme.OTHER]
    for (vision, matrix), (a, b) in itertools.product(_CVD.items(), itertools.combinations(groups, 2)):
        distance = np.linalg.norm(_lab(matrix @ _linear(a)) - _lab(matrix @ _linear(b)))
        assert distance > 8, (vision, a, b, round(distance, 1))


def test_the_palette_has_a_colour_for_the_most_groups_a_page_shows():
    from datasets import planes
    from explorers import kmeans, pca_lda
    from figures import classify

    assert len(set(theme.PALETTE)) == len(theme.PALETTE)
    assert len(theme.PALETTE) >= kmeans.MAX_K
    assert len(theme.PALETTE) >= pca_lda.N_SHOWN  # the ten digits (t-SNE shows them too)
    assert len(classify.CLASS_COLOURS) >= max(plane.n_classes for plane in planes.PLANES.values())
    assert theme.OTHER not in theme.PALETTE


@pytest.mark.parametrize("module", ["dbscan", "hierarchical"])
def test_past_the_palette_clusters_share_the_other_grey_never_a_groups_colour(module):
    """DBSCAN with a small eps, or hierarchical clustering cut into 30, make more clusters
    than colours: two clusters must never look alike, so the rest are "other" (grey)."""
    builders = importlib.import_module(f"figures.{module}")
    labels = np.repeat(np.arange(25), np.arange(25, 0, -1))  # cluster 0 the largest
    colour_of = builders.colours if module == "dbscan" else (lambda ls: [builders.colour(int(l)) for l in ls])
    by_cluster = {}
    for label, colour in zip(labels.tolist(), colour_of(labels)):
        by_cluster.setdefault(label, set()).add(colour)
    coloured = [c.pop() for c in by_cluster.values() if c != {theme.OTHER}]
    assert len(coloured) == len(set(coloured)) == len(theme.PALETTE)


def test_every_colour_has_one_name():
    assert set(theme.PALETTE) | {theme.OTHER, theme.BLACK} <= set(theme.COLOUR_NAMES)
    assert len(set(theme.COLOUR_NAMES.values())) == len(theme.COLOUR_NAMES)


ROOT = Path(__file__).parents[1]
_TEXT_FILES = sorted(str(p.relative_to(ROOT)) for folder in ("views", "explorers", "figures")
                     for p in (ROOT / folder).glob("*.py") if p.name != "theme.py")


@pytest.mark.parametrize("path", _TEXT_FILES)
def test_pages_call_each_colour_by_its_one_name(path):
    """"vermillion" is the constant's name in the code; captions, help and docstrings say
    "red", as every other page does (it was "orange" on two pages and "red" on the rest)."""
    text = (ROOT / path).read_text()
    assert not re.search(r"\bvermill?ion\b", text), "say red (theme.COLOUR_NAMES[VERMILLION])"


_NAMED = {name: colour for colour, name in theme.COLOUR_NAMES.items()}


@pytest.mark.parametrize("page", PAGES)
def test_a_colour_named_in_a_caption_is_one_the_page_draws(page):
    """A caption that says "orange" on a page whose charts draw no ORANGE means another
    colour under the wrong name."""
    text = " ".join((ROOT / folder / f"{page}.py").read_text() for folder in ("views", "explorers"))
    drawn = (ROOT / "figures" / f"{page}.py").read_text()
    if "figures.classify" in drawn or "from figures import classify" in text:
        drawn += (ROOT / "figures" / "classify.py").read_text()
    for word in ("red", "orange", "blue", "green", "purple"):
        if re.search(rf"\b{word}\b", text, re.I):
            constant = {colour: name for name, colour in vars(theme).items()
                        if name.isupper() and isinstance(colour, str)}[_NAMED[word]]
            assert re.search(rf"\b{constant}\b", drawn), f"{page} says {word}: no {constant} drawn"


def test_percentage_point_deltas():
    assert theme.pp(0.912 - 0.874) == "+3.8 pp"
    assert theme.pp(-0.0004) == "+0.0 pp"  # no "-0.0"
    assert theme.pp(-0.25, 0) == "-25 pp"


def test_no_difference_of_shares_is_written_as_a_percentage():
    """``{a - b:+.1%}`` on two accuracies prints "+3.8%", read as a relative change."""
    root = Path(__file__).parents[1]
    pattern = re.compile(r"\{[A-Za-z_][\w.\[\]]* - [A-Za-z_][\w.\[\]]*:\+\.\d%\}")
    offenders = [p.name for p in (root / "views").glob("*.py") if pattern.search(p.read_text())]
    assert not offenders, offenders


def test_no_test_minus_train_delta_is_painted_as_good_news():
    root = Path(__file__).parents[1]
    pattern = re.compile(r"vs train\", delta_color=\"(normal|inverse)\"")
    offenders = [p.name for p in (root / "views").glob("*.py") if pattern.search(p.read_text())]
    assert not offenders, offenders


@pytest.mark.parametrize("leak", ["none", "target shifted"])
def test_no_table_cell_prints_none(leak):
    from explorers import forecasting
    from figures import forecasting as figs

    r = forecasting.run(forecasting.Params(leak=leak))
    shown = figs.error_styler(r).to_html()
    assert "None" not in shown and "nan" not in shown.lower()
    assert "—" in shown  # naive calls no direction


@pytest.mark.parametrize("page", PAGES)
def test_no_title_line_is_wider_than_a_half_width_chart(page):
    """Plotly never wraps a title: past the chart's edge it is cut off. Two charts side by
    side at 1280 px hold about 42 characters of title each."""
    for name, spec in page_figures(page).items():
        text = spec["layout"].get("title", {}).get("text") or ""
        if "<" in text.replace("<br>", ""):
            continue  # markup of the figure's own (sub- and superscripts)
        assert all(len(line) <= theme.TITLE_CHARS for line in text.split("<br>")), (name, text)


def test_a_long_title_breaks_where_a_reader_pauses_and_makes_room():
    plot = theme.figure("The forest (random forest, 50 trees): test accuracy 94.0%", "x", "y")
    layout = plot.build().layout
    assert layout.title.text == "The forest (random forest, 50 trees):<br>test accuracy 94.0%"
    assert layout.margin.t == theme.MARGIN.t + theme.TITLE_LINE


SHAPES = {"r", "result", "split", "scores", "fit", "c", "run", "episode", "tree", "grid"}


def test_figure_builders_name_the_shape_they_read():
    """A parameter that holds an explorer's result (or a part of one) says which, so a reader
    and the checks of tests/shapes.py know what it may hold."""
    import ast

    untyped = []
    for path in sorted((ROOT / "figures").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                untyped += [f"{path.name}:{node.name}({a.arg})" for a in node.args.args + node.args.kwonlyargs
                            if a.arg in SHAPES and a.annotation is None]
    assert not untyped, untyped


def test_a_builder_handed_another_shape_fails_where_it_is_called():
    import numpy as np

    from explorers import convolution, kmeans
    from figures import convolution as drawn

    with pytest.raises(TypeError, match="input_figure: r is explorers.kmeans.Result, not explorers.convolution.Result"):
        drawn.input_figure(kmeans.run(kmeans.Params()))
    assert drawn.input_figure(convolution.run(convolution.Params())).data
    with pytest.raises(TypeError, match="r is numpy.ndarray"):
        drawn.input_figure(np.zeros((3, 3)))
