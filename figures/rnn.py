"""Figures for the RNN, LSTM & GRU explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.rnn import Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, VERMILLION, figure

CELL_COLOURS = {"RNN": VERMILLION, "LSTM": BLUE, "GRU": GREEN}
CELL_SYMBOLS = {"RNN": "circle", "LSTM": "diamond", "GRU": "square"}
DRAW_ORDER = ("RNN", "GRU", "LSTM")
# Negative blue, zero white, positive red: a unit's sign is what matters.
DIVERGING = [[0.0, BLUE], [0.5, "#FFFFFF"], [1.0, VERMILLION]]


def lesson_figure(r: Result, delay: int | None = None) -> go.Figure:
    """Test accuracy against delay for every cell (one fixed budget), chance drawn, and the
    network on the sliders marked."""
    fig = figure("Gates keep the memory: accuracy against delay", "delay (noisy steps)",
                 "test accuracy")
    # The GRU dotted and drawn before the LSTM: where both hold at 100% each stays visible.
    order = sorted(range(len(r.sweep_cells)), key=lambda i: DRAW_ORDER.index(r.sweep_cells[i]))
    for i in order:
        cell = r.sweep_cells[i]
        fig.add_scatter(x=r.sweep_delays, y=r.sweep_accuracy[i], mode="lines+markers", name=cell,
                        line=dict(color=CELL_COLOURS[cell], dash="dot" if cell == "GRU" else "solid"),
                        marker=dict(size=16 if cell == "GRU" else 12, symbol=CELL_SYMBOLS[cell]),
                        hovertemplate=f"{cell}, delay %{{x}}: %{{y:.1%}}<extra></extra>")
    fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=0.5, y1=0.5,
                  line=dict(color=GREY, width=2, dash="dash"))
    fig.add_annotation(x=0, xref="paper", xanchor="left", y=0.5, yanchor="bottom",
                       text=" chance (a coin toss)", showarrow=False, font=dict(color=GREY))
    if delay is not None:
        fig.add_scatter(x=[delay], y=[r.test_accuracy], mode="markers", name=f"your {r.cell}",
                        marker=dict(size=22, symbol="star", color=CELL_COLOURS[r.cell],
                                    line=dict(color=BLACK, width=2)),
                        hovertemplate="your network, delay %{x}: %{y:.1%}<extra></extra>")
    fig.update_yaxes(range=[0.35, 1.05], tickformat=".0%")
    fig.update_xaxes(range=[0, float(r.sweep_delays[-1]) + 2])
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=140))
    return fig.build()


def recall_figure(r: Result, n: int = 80) -> go.Figure:
    """The network's P(sign = +1) for the first ``n`` test sequences, by the true sign."""
    fig = figure("What it recalls: P(+1) for each test sequence", "test sequence",
                 "predicted P(sign = +1)")
    index = np.arange(min(n, len(r.test_sign)))
    for sign, name, colour, symbol in ((1, "shown +1", VERMILLION, "triangle-up"),
                                       (-1, "shown −1", BLUE, "triangle-down")):
        keep = index[r.test_sign[index] == sign]
        fig.add_scatter(x=keep, y=r.test_prob[keep], mode="markers", name=name,
                        marker=dict(color=colour, size=11, symbol=symbol),
                        hovertemplate=f"sequence %{{x}} ({name}): P(+1) = %{{y:.2f}}<extra></extra>")
    fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=0.5, y1=0.5,
                  line=dict(color=GREY, width=2, dash="dash"))
    fig.update_yaxes(range=[-0.05, 1.05])
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=140))
    return fig.build()


def forecast_figure(r: Result, name: str) -> go.Figure:
    """The series, the one-step-ahead predictions on the training part and the held-out tail."""
    fig = figure(f"One step ahead: {name}, truth against prediction", "year", name)
    fig.add_scatter(x=r.time, y=r.values, mode="lines", name="truth", line=dict(color=BLACK, width=2),
                    hovertemplate="%{x:.2f}: %{y:.4g}<extra>truth</extra>")
    for part, keep, colour, dash in (("fit on training windows", ~r.is_test, GREY, "dot"),
                                     ("forecast on held-out tail", r.is_test, ORANGE, "solid")):
        fig.add_scatter(x=r.target_time[keep], y=r.prediction[keep], mode="lines", name=part,
                        line=dict(color=colour, width=3, dash=dash),
                        hovertemplate=f"%{{x:.2f}}: %{{y:.4g}}<extra>{part}</extra>")
    fig.add_shape(type="line", x0=r.split_time, x1=r.split_time, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dash"))
    fig.add_annotation(x=r.split_time, y=1, yref="paper", xanchor="left", yanchor="top",
                       text=" held out →", showarrow=False)
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=140))
    return fig.build()


def input_figure(r: Result) -> go.Figure:
    """The example sequence the heatmaps follow, step by step."""
    memory = r.task == "memory"
    fig = figure("The example sequence it reads" if memory else "The example window it reads",
                 "step", "input value", height=300)
    steps = np.arange(len(r.example_inputs))
    fig.add_scatter(x=steps, y=r.example_inputs[:, 0], mode="lines+markers", name="value",
                    line=dict(color=GREY, width=2), marker=dict(color=BLACK, size=8),
                    hovertemplate="step %{x}: %{y:.2f}<extra></extra>")
    if memory:  # the marked step 0: the sign to remember
        fig.add_scatter(x=[0], y=[r.example_inputs[0, 0]], mode="markers", name="the sign to remember",
                        marker=dict(color=ORANGE, size=18, symbol="star", line=dict(color=BLACK, width=1)),
                        hovertemplate="step 0, marked: %{y:+.0f}<extra></extra>")
    fig.update_xaxes(range=[-0.5, len(steps) - 0.5])
    fig.update_layout(showlegend=memory, legend=dict(x=1, xanchor="right", y=1.25, orientation="h"),
                      margin=dict(t=70, b=50))
    return fig.build()


def state_figure(r: Result, which: str = "hidden") -> go.Figure:
    """A heatmap of the hidden state h (or the LSTM's cell state c): units × steps."""
    z = (r.example_hidden if which == "hidden" else r.example_cell).T  # (units, steps)
    bound = max(float(np.abs(z).max()), 1e-9)
    title = ("Hidden state h over time" if which == "hidden"
             else "Cell state c over time (the LSTM's memory)")
    fig = figure(title, "step", "unit", height=420)
    fig.add_trace(dict(type="heatmap", z=z, x=np.arange(z.shape[1]), y=np.arange(z.shape[0]),
                       zmin=-bound, zmax=bound, colorscale=DIVERGING,
                       colorbar=dict(title=dict(text=which[0]), thickness=14),
                       hovertemplate=f"step %{{x}}, unit %{{y}}: {which[0]} = %{{z:.3f}}<extra></extra>"))
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(showgrid=False, autorange="reversed")
    return fig.build()


def loss_figure(r: Result) -> go.Figure:
    """Training and test loss after every epoch."""
    loss = "cross-entropy" if r.task == "memory" else "mean squared error (scaled)"
    fig = figure("Training curve", "epoch", loss)
    for curve, name, colour in ((r.train_curve, "training (batch mean)", BLUE), (r.test_curve, "test", VERMILLION)):
        fig.add_scatter(x=r.epochs, y=curve, mode="lines+markers", name=name, line=dict(color=colour),
                        hovertemplate=f"epoch %{{x}}: %{{y:.4f}}<extra>{name}</extra>")
    if r.task == "memory":
        fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=np.log(2), y1=np.log(2),
                      line=dict(color=GREY, width=2, dash="dash"))
        fig.add_annotation(x=0, xref="paper", xanchor="left", y=np.log(2), yanchor="bottom",
                           text="coin toss (ln 2)", showarrow=False, font=dict(color=GREY))
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=140))
    return fig.build()
