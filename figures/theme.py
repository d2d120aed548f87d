"""One chart style for the whole app, sized to be read from the back of a lecture hall.

Colours are the Okabe–Ito palette, which stays distinguishable for the common forms
of colour blindness and on a washed-out projector.
"""

import plotly.graph_objects as go
import plotly.io as pio

BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, GREY = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#8C8C8C",
)
PALETTE = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, YELLOW, BLACK]

pio.templates["roadmap"] = go.layout.Template(
    layout=go.Layout(
        font=dict(size=17, family="Source Sans Pro, Arial, sans-serif"),
        title=dict(font=dict(size=20), x=0.0, xanchor="left"),
        colorway=PALETTE,
        # automargin: long tick labels push the axis title out instead of under it.
        xaxis=dict(automargin=True, showgrid=True, gridcolor="#E5E5E5", zeroline=False, title_font=dict(size=18),
                   ticks="outside", showline=True, linecolor="#444"),
        yaxis=dict(automargin=True, showgrid=True, gridcolor="#E5E5E5", zeroline=False, title_font=dict(size=18),
                   ticks="outside", showline=True, linecolor="#444"),
        legend=dict(font=dict(size=15), bgcolor="rgba(255,255,255,0.8)"),
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin=dict(l=60, r=20, t=60, b=60),
        hoverlabel=dict(font_size=15),
    ),
    data=dict(scatter=[go.Scatter(line=dict(width=3), marker=dict(size=9))]),
)


def figure(title: str, x: str, y: str, height: int = 440, **layout) -> go.Figure:
    """An empty figure in the app's style with labelled axes."""
    fig = go.Figure()
    fig.update_layout(template="roadmap", title=title, height=height, **layout)
    fig.update_xaxes(title_text=x)
    fig.update_yaxes(title_text=y)
    return fig
