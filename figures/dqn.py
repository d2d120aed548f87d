"""Figures for the deep Q-learning explorer: pure ``Result -> plotly Figure`` functions.

The cart and pole are drawn from the state alone (x and θ), as plotly shapes and one
line trace, so no rendering package (pygame) is needed on the server.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from explorers.dqn import Episode, Result, THETA_LIMIT, X_LIMIT
from figures.theme import BLACK, BLUE, GREY, ORANGE, PURPLE, SKY, VERMILLION, figure

POLE = 1.0  # drawn length: CartPole's half-length is 0.5
CART_W, CART_H = 0.5, 0.3
SMOOTH = 100  # updates in the loss curve's running mean
ACTION = ("← push left", "push right →")


def shown_frame(episode: Episode, frame: int) -> int:
    """The requested frame, or the episode's last one if it ended earlier."""
    return min(frame, episode.length)


def pole_tip(x: float, theta: float) -> tuple[float, float]:
    """Where the pole's top is: θ is measured from upright, positive leaning right."""
    return x + POLE * math.sin(theta), CART_H + POLE * math.cos(theta)


def cartpole_figure(episode: Episode, frame: int, who: str, x_limit: float, theta_limit: float) -> go.Figure:
    """The cart and pole at one frame of an episode, the track and its ends marked."""
    t = shown_frame(episode, frame)
    x, theta = float(episode.states[t, 0]), float(episode.states[t, 2])
    ended = t == episode.length
    title = f"{who}: step {t} of {episode.length}"
    if ended:
        title += " (time limit)" if episode.length >= 500 else " (fell)"
    fig = figure(title, "cart position x", "", height=360)
    fig.add_shape(type="line", x0=-x_limit - 0.2, x1=x_limit + 0.2, y0=0, y1=0, line=dict(color=GREY, width=3))
    for end in (-x_limit, x_limit):  # the track's ends, where the episode fails
        fig.add_shape(type="line", x0=end, x1=end, y0=0, y1=0.6, line=dict(color=VERMILLION, width=3, dash="dot"))
    fig.add_shape(type="rect", x0=x - CART_W / 2, x1=x + CART_W / 2, y0=0, y1=CART_H,
                  fillcolor=BLUE, line=dict(color=BLACK, width=2))
    # The failure cone: the pole may lean this far before the episode ends.
    for side in (-1, 1):
        tip = pole_tip(x, side * theta_limit)
        fig.add_shape(type="line", x0=x, x1=tip[0], y0=CART_H, y1=tip[1],
                      line=dict(color=VERMILLION, width=1, dash="dot"))
    tip_x, tip_y = pole_tip(x, theta)
    fig.add_scatter(x=[x, tip_x], y=[CART_H, tip_y], mode="lines+markers", name="pole",
                    line=dict(color=ORANGE, width=10), marker=dict(size=[14, 8], color=BLACK),
                    hovertemplate=f"x = {x:.2f}, θ = {math.degrees(theta):.1f}°<extra></extra>")
    if not ended:
        push = int(episode.actions[t])
        fig.add_annotation(x=x + (0.55 if push else -0.55), y=CART_H / 2, text=ACTION[push], showarrow=False,
                           xanchor="left" if push else "right", font=dict(size=17, color=PURPLE))
    fig.add_annotation(x=0.0, y=1.0, xref="paper", yref="paper", showarrow=False, xanchor="left",
                       text=f"x = {x:+.2f}   θ = {math.degrees(theta):+.1f}°", font=dict(size=16))
    fig.update_xaxes(range=[-x_limit - 0.3, x_limit + 0.3], showgrid=False)
    fig.update_yaxes(range=[-0.15, CART_H + POLE + 0.15], showgrid=False, showticklabels=False,
                     scaleanchor="x", scaleratio=1, showline=False, ticks="")
    fig.update_layout(showlegend=False, margin=dict(t=60, b=50))
    return fig.build()


def trained_figure(r: Result) -> go.Figure:
    """The trained agent's greedy episode at the frame shown (a ``Result -> figure`` for Play)."""
    return cartpole_figure(r.trained, r.frame, "Trained", X_LIMIT, THETA_LIMIT)


def untrained_figure(r: Result) -> go.Figure:
    """The untrained agent's greedy episode at the frame shown."""
    return cartpole_figure(r.untrained, r.frame, "Untrained", X_LIMIT, THETA_LIMIT)


def limits_figure(r: Result, x_limit: float, theta_limit: float) -> go.Figure:
    """x and θ over time as shares of their limits (±1 ends the episode), trained and untrained."""
    fig = figure("How close each episode runs to failing", "step (0.02 s each)", "share of the limit")
    for episode, who, dash in ((r.trained, "trained", "solid"), (r.untrained, "untrained", "dot")):
        steps = np.arange(episode.length + 1)
        for column, limit, name, colour in ((0, x_limit, "x / 2.4", BLUE), (2, theta_limit, "θ / 12°", ORANGE)):
            fig.add_scatter(x=steps, y=episode.states[:, column] / limit, mode="lines", name=f"{name}, {who}",
                            line=dict(color=colour, dash=dash, width=3 if who == "trained" else 2),
                            hovertemplate=f"step %{{x}}: %{{y:.2f}}<extra>{name}, {who}</extra>")
    for level in (-1, 1):
        fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=level, y1=level,
                      line=dict(color=VERMILLION, width=2, dash="dash"))
    fig.add_shape(type="line", x0=shown_frame(r.trained, r.frame), x1=shown_frame(r.trained, r.frame),
                  y0=0, y1=1, yref="paper", line=dict(color=BLACK, width=2, dash="dot"))
    fig.update_yaxes(range=[-1.35, 1.35])  # the last frame lies past the limit it crossed
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=140))
    return fig.build()


def returns_figure(r: Result) -> go.Figure:
    """Reward of every training episode, its moving average, and ε on a second axis."""
    fig = figure("Reward per training episode", "episode", "return (steps balanced)")
    episodes = np.arange(1, len(r.returns) + 1)
    fig.add_scatter(x=episodes, y=r.returns, mode="markers", name="episode return",
                    marker=dict(color=SKY, size=6), customdata=r.episode_ends,
                    hovertemplate="episode %{x} (ended at step %{customdata}): %{y:.0f}<extra></extra>")
    fig.add_scatter(x=episodes, y=r.moving_average, mode="lines", name="mean of the last 20",
                    line=dict(color=BLUE, width=4),
                    hovertemplate="episode %{x}: mean %{y:.1f}<extra></extra>")
    fig.add_scatter(x=episodes, y=r.epsilon, mode="lines", name="ε (right axis)", yaxis="y2",
                    line=dict(color=PURPLE, width=2, dash="dash"),
                    hovertemplate="episode %{x}: ε = %{y:.2f}<extra></extra>")
    fig.update_yaxes(range=[0, 520])
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", range=[0, 1.04], showgrid=False,
                                  title=dict(text="ε (chance of a random push)", font=dict(color=PURPLE))),
                      legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=130, r=80))
    return fig.build()


def running_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of the last ``window`` values at every point (fewer at the start)."""
    cumulative = np.concatenate([[0.0], np.cumsum(values)])
    counts = np.minimum(np.arange(1, len(values) + 1), window)
    ends = np.arange(1, len(values) + 1)
    return (cumulative[ends] - cumulative[ends - counts]) / counts


def loss_figure(r: Result) -> go.Figure:
    """The Huber TD loss of every update, and its running mean, on a log axis."""
    fig = figure("TD loss per update", "training step", "Huber loss (log scale)")
    if len(r.losses):
        # Every update would be thousands of points; every 4th is enough for the cloud.
        fig.add_scatter(x=r.loss_steps[::4], y=r.losses[::4], mode="markers", name="one update",
                        marker=dict(color=SKY, size=3, opacity=0.5), hoverinfo="skip")
        fig.add_scatter(x=r.loss_steps, y=running_mean(r.losses, SMOOTH), mode="lines",
                        name=f"mean of {SMOOTH} updates", line=dict(color=VERMILLION, width=3),
                        hovertemplate="step %{x}: %{y:.3g}<extra></extra>")
    fig.update_yaxes(type="log")
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=130))
    return fig.build()


def q_figure(r: Result) -> go.Figure:
    """Q(s, left) and Q(s, right) along the trained agent's greedy episode."""
    fig = figure("What the trained network expects", "step of the replayed episode", "Q(s, a)")
    steps = np.arange(r.trained.length + 1)
    for action, name, colour in ((0, "Q(s, push left)", BLUE), (1, "Q(s, push right)", VERMILLION)):
        fig.add_scatter(x=steps, y=r.trained.q_values[:, action], mode="lines", name=name,
                        line=dict(color=colour), hovertemplate=f"step %{{x}}: %{{y:.2f}}<extra>{name}</extra>")
    fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=r.horizon_value, y1=r.horizon_value,
                  line=dict(color=GREY, width=2, dash="dash"))
    fig.add_annotation(x=1, xref="paper", y=r.horizon_value, text=f"1/(1−γ) = {r.horizon_value:.0f}",
                       showarrow=False, xanchor="right", yanchor="bottom", font=dict(color=GREY))
    t = shown_frame(r.trained, r.frame)
    fig.add_shape(type="line", x0=t, x1=t, y0=0, y1=1, yref="paper", line=dict(color=BLACK, width=2, dash="dot"))
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=130))
    return fig.build()
