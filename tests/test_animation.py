"""Scrubbers that play: the frames are the page's own figure at each step, sent from the
step the scrubber shows to the last, at 10 frames a second or more, in a bounded payload."""

import base64
import dataclasses
import json

import numpy as np
import plotly.io as pio
import pytest

from explorers import backprop, dqn, gradient_boosting, kmeans, mdp, playground, tsne
from figures import dqn as dqn_fig
from figures import playground as playground_fig
from figures import backprop as backprop_fig
from figures import gradient_boosting as boosting_fig
from figures import kmeans as kmeans_fig
from figures import mdp as mdp_fig
from figures import tsne as tsne_fig
from figures.animation import FRAME_MS, MAX_BYTES, MAX_FRAMES, animated, strided
from ui.play import played

# (explorer, figure builder, scrubber field, params opening mid-way, played()'s keywords)
CASES = {
    "kmeans": (kmeans, kmeans_fig.clusters_figure, "step",
               kmeans.Params(k=5, data="unequal", step=3), lambda r: dict(last=r.last_step)),
    "tsne": (tsne, tsne_fig.embedding_figure, "frame", tsne.Params(n_points=150, frame=200),
             lambda r: dict(last=r.iterations, every=tsne.FRAME_EVERY, redraw=False)),
    "gradient_boosting": (gradient_boosting, boosting_fig.residual_figure, "stage",
                          gradient_boosting.Params(stage=3, n_stages=12),
                          lambda r: dict(first=1, last=12)),
    "backprop": (backprop, backprop_fig.network_figure, "step", backprop.Params(step=2),
                 lambda r: dict(first=1, last=len(backprop.PHASES))),
    "playground": (playground, playground_fig.surface_figure, "show",
                   playground.Params(show=40, epochs=40), lambda r: dict(last=100, every=5)),
    "dqn": (dqn, dqn_fig.trained_figure, "frame", dqn.Params(frame=5, steps=1000),
            lambda r: dict(last=r.trained.length)),
    # the Q view draws a trace per shade present, so its frames have different trace counts
    "mdp": (mdp, mdp_fig.values_figure, "sweep", mdp.Params(sweep=4, show="action values"),
            lambda r: dict(last=min(r.last_sweep, mdp.MAX_SWEEP))),
}


def _plain(value):
    """Arrays as lists, whether plotly encoded them (typed arrays) or left them to be."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in value["shape"].split(",")])
        return array.tolist()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def same(value):
    return json.dumps(_plain(value), sort_keys=True)


def _case(name):
    explorer, builder, field, params, options = CASES[name]
    result = explorer.run(params)
    return explorer, builder, field, params, result, options(result)


def _merged(old, new):
    """``new`` merged into ``old`` as plotly.js applies a frame: nested, null deletes."""
    if not isinstance(old, dict) or not isinstance(new, dict) or "bdata" in new:
        return new
    out = dict(old)
    for key, value in new.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merged(old.get(key), value)
    return out


def _replayed(fig):
    """The figure's state after each of its frames, applied in order as plotly.js does."""
    spec = fig.to_dict()
    data = [dict(trace) for trace in spec["data"]]
    layout = dict(spec["layout"])
    states = []
    for frame in spec["frames"]:
        for index, trace in zip(frame["traces"], frame["data"]):
            data[index] = _merged(data[index], trace)
        layout = _merged(layout, frame.get("layout", {}))
        states.append((frame["name"], [dict(t) for t in data], dict(layout)))
    return states


@pytest.mark.parametrize("name", CASES)
def test_each_frame_is_the_figure_the_scrubber_would_show(name):
    explorer, builder, field, params, result, options = _case(name)
    fig = played(explorer, params, field, builder, result, **options)
    states = _replayed(fig)
    start, every = getattr(params, field), options.get("every", 1)
    first = options.get("first", 0)
    steps = [first + every * s for s in strided(0, (options["last"] - first) // every)]
    names = [int(n) for n, _, _ in states]
    # every recorded step after the start (fewer if the byte budget thinned them), both ends
    assert names[0] == start and names[-1] == options["last"]
    assert set(names[1:]) <= {s for s in steps if s > start}
    for label, data, layout in states:
        at = dataclasses.replace(params, **{field: int(label)})
        expected = builder(explorer.run(at, *options.get("extra", ()))).to_dict()
        drawn = expected["data"]
        assert same(data[:len(drawn)]) == same(drawn), f"frame {label}"
        assert all(trace["visible"] is False for trace in data[len(drawn):])
        # The title moves up to make room for the buttons; its words are the step's.
        assert layout["title"]["text"] == expected["layout"]["title"]["text"], f"frame {label}"
        for key in ("xaxis", "yaxis", "shapes", "annotations"):
            assert same(layout.get(key, [])) == same(expected["layout"].get(key, [])), key


@pytest.mark.parametrize("name", CASES)
def test_the_figure_opens_at_the_step_the_scrubber_shows(name):
    explorer, builder, field, params, result, options = _case(name)
    fig = played(explorer, params, field, builder, result, **options).to_dict()
    shown = builder(result).to_dict()
    assert same(fig["data"]) == same(shown["data"])
    assert fig["layout"]["title"]["text"] == shown["layout"]["title"]["text"]
    play = fig["layout"]["updatemenus"][-1]["buttons"][0]
    names = play["args"][0]
    assert names[0] == str(getattr(params, field)) and names[-1] == str(options["last"])
    assert names == [frame["name"] for frame in fig["frames"]]
    assert play["args"][1]["frame"]["duration"] <= 100 and play["args"][1]["mode"] == "immediate"


@pytest.mark.parametrize("name", CASES)
def test_a_page_sends_a_bounded_payload(name):
    explorer, builder, field, params, result, options = _case(name)
    start = dataclasses.replace(params, **{field: options.get("first", 0)})
    fig = played(explorer, start, field, builder, explorer.run(start, *options.get("extra", ())),
                 **options)
    spec = fig.to_dict()
    assert len(spec["frames"]) <= MAX_FRAMES
    base = len(pio.to_json(dict(data=spec["data"], layout=spec["layout"])))
    assert len(pio.to_json(spec)) <= MAX_BYTES + base


def _dots(n):
    """n figures of one moving dot and a title naming the step."""
    from figures.theme import figure

    figs = []
    for i in range(n):
        plot = figure(f"step {i}", "x", "y")
        plot.add_scatter(x=np.array([float(i)]), y=np.array([0.0]), mode="markers")
        plot.add_scatter(x=np.array([0.0, 1.0]), y=np.array([0.0, 1.0]), mode="lines")  # still
        figs.append(plot.build())
    return figs


def test_play_runs_from_the_active_frame_to_the_last_at_ten_frames_a_second_or_more():
    fig = animated(_dots(8), list(range(8)), 3).to_dict()
    assert fig["data"][0]["x"] == _dots(8)[3].to_dict()["data"][0]["x"]
    play, pause = fig["layout"]["updatemenus"][0]["buttons"]
    assert play["args"][0] == ["3", "4", "5", "6", "7"]
    assert 1000 / play["args"][1]["frame"]["duration"] >= 10 and FRAME_MS <= 100
    assert pause["args"][0] == [None] and pause["args"][1]["frame"]["duration"] == 0


def test_frames_send_only_what_changed_but_the_first_two_are_whole():
    frames = animated(_dots(5), list(range(5)), 1).to_dict()["frames"]
    # Play restarts from wherever it stopped, and the step shown need not be on the stride
    assert frames[0]["traces"] == frames[1]["traces"] == [0, 1]
    assert all(frame["traces"] == [0] for frame in frames[2:])  # the line never moves
    assert all(frame["layout"]["title"]["text"] == f"step {frame['name']}" for frame in frames)


def test_over_the_byte_budget_frames_are_thinned_keeping_both_ends():
    figs = _dots(40)
    whole = animated(figs, list(range(40)), 0).to_dict()["frames"]
    budget = len(json.dumps(whole)) // 3
    thinned = animated(figs, list(range(40)), 0, max_bytes=budget).to_dict()["frames"]
    assert len(json.dumps(thinned)) <= budget < len(json.dumps(whole))
    assert thinned[0]["name"] == "0" and thinned[-1]["name"] == "39"
    # each frame after a dropped one still carries the dot it moved to
    assert all(frame["traces"] == [0] for frame in thinned[2:])


def test_at_the_last_step_there_is_nothing_to_play_but_the_figure_still_opens():
    fig = animated(_dots(3), [0, 1, 2], 2).to_dict()
    assert [frame["name"] for frame in fig["frames"]] == ["2"]
    assert fig["layout"]["updatemenus"][0]["buttons"][0]["args"][0] == ["2"]


def test_strided_steps_are_bounded_and_keep_both_ends():
    for last in (0, 1, 59, 60, 61, 500, 5000):
        steps = strided(0, last)
        assert len(steps) <= MAX_FRAMES and steps[0] == 0 and steps[-1] == last
        assert steps == sorted(set(steps))


def test_a_trace_a_frame_lacks_is_hidden_and_a_property_it_lacks_is_cleared():
    from figures.theme import figure

    full, bare = figure("full", "x", "y"), figure("bare", "x", "y")
    full.add_scatter(x=np.array([0.0, 1.0]), y=np.array([0.0, 1.0]), fill="toself")
    full.add_scatter(x=np.array([1.0]), y=np.array([1.0]))
    bare.add_scatter(x=np.array([0.0, 2.0]), y=np.array([0.0, 1.0]))
    frames = animated([full.build(), bare.build()], [0, 1], 0).to_dict()["frames"]
    assert frames[1]["traces"] == [0, 1]
    assert frames[1]["data"][0]["fill"] is None  # or plotly.js would keep filling it
    assert frames[1]["data"][1]["visible"] is False
    # Play restarts at the first frame, from wherever it stopped: that one shows the
    # padding again.
    assert frames[0]["data"][1]["visible"] is None


def test_frames_are_checked_by_plotly():
    spec = _dots(2)[1].to_dict()
    spec["data"][0]["not_a_property"] = 1
    with pytest.raises(ValueError):
        animated([_dots(1)[0], spec], [0, 1], 0)


def test_q_learning_plays_the_replayed_episode_cell_by_cell():
    from explorers import q_learning
    from figures import q_learning as q_fig

    r = q_learning.run(q_learning.Params(episodes=50, episode=20))
    run = r.runs[0]
    fig = q_fig.played_grid_figure(r, run).to_dict()
    plain = q_fig.grid_figure(r, run).to_dict()
    assert same(fig["data"]) == same(plain["data"])  # it opens with the whole episode
    index = next(i for i, t in enumerate(plain["data"]) if t["name"].startswith("episode"))
    walk = plain["data"][index]
    frames = fig["frames"]
    assert all(frame["traces"] == [index] for frame in frames)
    cells = len(_plain(walk["x"]))
    for frame in frames:  # each frame: the episode's first moves, as far as its name says
        n = int(frame["name"]) + 1
        assert _plain(frame["data"][0]["x"]) == _plain(walk["x"])[:n]
        assert _plain(frame["data"][0]["y"]) == _plain(walk["y"])[:n]
    assert frames[0]["name"] == "0" and int(frames[-1]["name"]) == cells - 1
    play = fig["layout"]["updatemenus"][0]["buttons"][0]["args"]
    assert play[0] == [frame["name"] for frame in frames] and play[1]["frame"]["duration"] <= 100
    assert len(frames) <= MAX_FRAMES


def test_optimizers_play_walks_every_path_from_the_start():
    from explorers import optimizers
    from figures import optimizers as opt_fig

    r = optimizers.run(optimizers.Params(steps=200, surface="Rosenbrock"))
    fig = opt_fig.walk_figure(r).to_dict()
    plain = opt_fig.paths_figure(r).to_dict()
    assert same(fig["data"]) == same(plain["data"])  # it opens with the whole walk
    frames = fig["frames"]
    assert frames[0]["name"] == "0" and frames[-1]["name"] == "200" and len(frames) <= MAX_FRAMES
    for frame in frames:
        k = int(frame["name"])
        for index, trace in zip(frame["traces"], frame["data"]):
            whole = plain["data"][index]
            x = np.array(_plain(whole["x"]), dtype=np.float32)[:k + 1]
            assert np.array_equal(np.array(_plain(trace["x"]), dtype=np.float32), x)
    walkers = [plain["data"][index]["name"] for index in frames[-1]["traces"]]
    assert walkers == [opt_fig.label(r, i) for i in range(len(r.names))]
    play = fig["layout"]["updatemenus"][0]["buttons"][0]["args"]
    assert play[0][0] == "0" and play[1]["frame"]["duration"] <= 100


def test_linear_regression_play_walks_gradient_descent_from_the_start():
    from explorers import linear_regression
    from figures import linear_regression as lr_fig

    r = linear_regression.run(linear_regression.Params(degree=1))
    fig = lr_fig.walk_surface(r).to_dict()
    plain = lr_fig.surface(r).to_dict()
    assert same(fig["data"]) == same(plain["data"])  # it opens with the whole path
    frames = fig["frames"]
    whole = plain["data"][frames[0]["traces"][0]]
    assert whole["name"] == lr_fig.descent_label(r)
    steps = len(r.gd_thetas) - 1
    assert frames[0]["name"] == "0" and frames[-1]["name"] == str(steps)
    for frame in frames:
        k = int(frame["name"])
        x = np.array(_plain(whole["x"]), dtype=np.float32)[:k + 1]
        assert np.array_equal(np.array(_plain(frame["data"][0]["x"]), dtype=np.float32), x)
    play = fig["layout"]["updatemenus"][0]["buttons"][0]["args"]
    assert play[0] == [frame["name"] for frame in frames] and play[1]["frame"]["duration"] <= 100
    assert len(frames) <= MAX_FRAMES


@pytest.mark.parametrize("name", ["kmeans", "backprop"])
def test_at_the_last_step_play_runs_the_whole_run_from_the_start(name):
    explorer, builder, field, params, _, options = _case(name)
    end = dataclasses.replace(params, **{field: options["last"]})
    fig = played(explorer, end, field, builder, explorer.run(end), **options).to_dict()
    names = fig["layout"]["updatemenus"][-1]["buttons"][0]["args"][0]
    first = options.get("first", 0)
    assert names[0] == str(options["last"])  # what is on screen, then from the start
    assert names[1] == str(first) and names[-1] == str(options["last"])
