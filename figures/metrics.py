"""Figures for classification metrics: the scores cut by a threshold, the confusion matrix
(with a click target in every cell), ROC and precision-recall curves, the cost of errors,
a prevalence sweep, per-class averages and calibration curves.

The four outcomes keep one colour on every chart of the page: true positives blue, false
negatives orange, false positives red, true negatives light blue.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.metrics import AVERAGES, SWEEP, Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, PALETTE, PURPLE, SKY, VERMILLION, figure

# (true class, predicted class) -> name and colour; rows true, columns predicted.
OUTCOMES = {(0, 0): ("true negatives", "TN", SKY), (0, 1): ("false positives", "FP", VERMILLION),
            (1, 0): ("false negatives", "FN", ORANGE), (1, 1): ("true positives", "TP", BLUE)}
DARK = {BLUE, VERMILLION, PURPLE, BLACK}  # fills that take white text
CURRENT = dict(symbol="circle", size=16, color=VERMILLION, line=dict(color=BLACK, width=2))
LEAST = dict(symbol="star", size=20, color=GREEN, line=dict(color=BLACK, width=1.5))

INK = [[0.0, "#FFFFFF"], [1.0, "#000000"]]  # a digit's ink (16) black on white, spelled out


def main_figure(r: Result) -> go.Figure:
    """The view's main chart."""
    return {"threshold": histogram_figure, "prevalence": prevalence_figure, "averages": averages_figure,
            "calibration": calibration_figure}[r.view](r)


def _names(r: Result) -> tuple[str, str]:
    negative, positive = r.source.class_names
    return negative, positive


# ---- the threshold view ----

def histogram_figure(r: Result) -> go.Figure:
    """The positives' scores above, the negatives' below, each bar split at the threshold and
    coloured by what the threshold makes of it; the least-cost threshold beside it."""
    t = r.threshold
    negative, positive = _names(r)
    fig = figure(f"{len(t.s.y):,} test scores, cut at {t.threshold:.2f}", "", "", height=470)
    centres, width = (t.edges[:-1] + t.edges[1:]) / 2, np.diff(t.edges)
    panels = ((1, "2", positive), (0, "", negative))  # the positives on top
    for c, axis, name in panels:
        for side in (0, 1):
            label, short, colour = OUTCOMES[(c, side)]
            count = (t.tp, t.fn, t.fp, t.tn)[[(1, 1), (1, 0), (0, 1), (0, 0)].index((c, side))]
            fig.add_trace(dict(
                type="bar", x=centres, y=t.hist[c, side], width=width, xaxis=f"x{axis}", yaxis=f"y{axis}",
                name=f"{short}: {label} ({count:,})", marker=dict(color=colour, line=dict(width=0)),
                hovertemplate=f"{name}, score %{{x:.2f}} ± 0.01: %{{y}} {label}<extra></extra>"))
    for c, axis, name in panels:
        totals = t.hist[c].sum(axis=0)
        top = _ceiling(totals)
        fig.update_layout(**{f"yaxis{axis}": dict(
            title=dict(text=f"{name}: cases"), range=[0, top], rangemode="tozero",
            domain=[0.54, 1.0] if axis else [0.0, 0.44], automargin=True)})
        for i in np.flatnonzero(totals > top):  # a bar past the top: its count written on it
            fig.add_annotation(x=centres[i], y=top, xref=f"x{axis}", yref=f"y{axis}",
                               text=f"{totals[i]:,.0f} ↑", showarrow=False, yanchor="top",
                               xanchor="left" if i < BINS_HALF else "right", font=dict(size=15, color=BLACK),
                               bgcolor="rgba(255,255,255,0.85)")
    fig.update_layout(barmode="stack", bargap=0,
                      xaxis=dict(title=dict(text=f"score: the model's P({positive})"), range=[0, 1],
                                 anchor="y"),
                      xaxis2=dict(range=[0, 1], anchor="y2", matches="x", showticklabels=False),
                      legend=dict(orientation="h", y=-0.25, x=0.0, traceorder="normal"),
                      margin=dict(t=50))
    _threshold_lines(fig, t)
    return fig.build()


BINS_HALF = 25  # a label on a bar in the left half of the chart reads to its right


def _ceiling(totals: np.ndarray) -> float:
    """The top of a panel's count axis: the tallest bar, unless it dwarfs the rest (the
    confident negatives piled at 0), when the axis stops a little above the second tallest."""
    ordered = np.sort(totals)
    tallest, second = ordered[-1], ordered[-2]
    if tallest > 4 * max(second, 2):
        return float(max(1.5 * second, 6))
    return float(max(1.08 * tallest, 1))


def _threshold_lines(fig, t) -> None:
    fig.add_shape(type="line", x0=t.threshold, x1=t.threshold, y0=0, y1=1, yref="paper", xref="x",
                  line=dict(color=BLACK, width=3, dash="dash"))
    fig.add_annotation(text=f"threshold {t.threshold:.2f}", x=t.threshold, y=1.0, yref="paper", xref="x",
                       showarrow=False, yanchor="bottom", xanchor="left" if t.threshold < 0.6 else "right",
                       font=dict(size=15))
    if t.best != t.threshold:
        fig.add_shape(type="line", x0=t.best, x1=t.best, y0=0, y1=1, yref="paper", xref="x",
                      line=dict(color=GREEN, width=3, dash="dot"))
        fig.add_annotation(text=f"least cost {t.best:.2f}", x=t.best, y=0.49, yref="paper", xref="x",
                           showarrow=False, xanchor="left" if t.best < 0.6 else "right",
                           font=dict(size=15, color=GREEN), bgcolor="rgba(255,255,255,0.85)")


def roc_figure(r: Result) -> go.Figure:
    t = r.threshold
    fig = _roc(t.s.roc_fpr, t.s.roc_tpr, f"ROC curve: AUC {t.s.auc:.3f}")
    fig.add_scatter(x=[t.best_fpr], y=[t.best_tpr], mode="markers", name=f"least cost {t.best:.2f}", marker=LEAST,
                    hovertemplate="FPR %{x:.3f}, TPR %{y:.3f}<extra>least cost</extra>")
    fig.add_scatter(x=[t.fpr], y=[t.recall], mode="markers", name=f"threshold {t.threshold:.2f}",
                    marker=CURRENT, hovertemplate="FPR %{x:.3f}, TPR %{y:.3f}<extra>threshold</extra>")
    return fig.build()


def _roc(fpr, tpr, title: str, height: int = 420):
    fig = figure(title, "false positive rate: FP / (FP + TN)", "true positive rate (recall)", height=height)
    fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", name="chance",
                    line=dict(color=GREY, width=2, dash="dash"), hoverinfo="skip")
    fig.add_scatter(x=fpr, y=tpr, mode="lines", name="ROC curve", line=dict(color=BLUE, width=4),
                    line_shape="linear", hovertemplate="FPR %{x:.3f}, TPR %{y:.3f}<extra></extra>")
    _unit_square(fig)
    return fig


def _unit_square(fig) -> None:
    fig.update_xaxes(range=[-0.02, 1.02], dtick=0.2)
    fig.update_yaxes(range=[-0.02, 1.05], dtick=0.2)
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0))


def pr_figure(r: Result) -> go.Figure:
    t = r.threshold
    fig = _pr(t.s.pr_recall, t.s.pr_precision, float(t.s.y.mean()), f"Precision-recall: AP {t.s.ap:.3f}")
    if not t.nothing_predicted:
        fig.add_scatter(x=[t.recall], y=[t.precision], mode="markers", name=f"threshold {t.threshold:.2f}",
                        marker=CURRENT,
                        hovertemplate="recall %{x:.3f}, precision %{y:.3f}<extra>threshold</extra>")
    else:
        fig.add_annotation(text="nothing predicted positive:<br>precision undefined", x=0.02, y=0.05,
                           xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=15))
    return fig.build()


def _pr(recall, precision, base: float, title: str, height: int = 420, name: str = "precision-recall curve",
        colour: str = BLUE):
    fig = figure(title, "recall: TP / (TP + FN)", "precision: TP / (TP + FP)", height=height)
    fig.add_scatter(x=[0, 1], y=[base, base], mode="lines", name=f"chance: share of positives {base:.2f}",
                    line=dict(color=GREY, width=2, dash="dash"), hoverinfo="skip")
    fig.add_scatter(x=recall, y=precision, mode="lines", name=name, line=dict(color=colour, width=4),
                    line_shape="hv", hovertemplate="recall %{x:.3f}, precision %{y:.3f}<extra></extra>")
    _unit_square(fig)
    return fig


def cost_figure(r: Result) -> go.Figure:
    from explorers._scored import THRESHOLDS

    t = r.threshold
    fig = figure(f"Cost of the errors: {t.cost_fp} per FP, {t.cost_fn} per FN", "threshold",
                 f"cost on the {len(t.s.y):,} test cases", height=400)
    fig.add_scatter(x=THRESHOLDS, y=t.costs, mode="lines", name="cost at each threshold",
                    line=dict(color=PURPLE, width=3),
                    hovertemplate="threshold %{x:.2f}: cost %{y:,.0f}<extra></extra>")
    fig.add_scatter(x=[t.best], y=[t.best_cost], mode="markers",
                    name=f"least cost: {t.best_cost:,.0f} at {t.best:.2f}",
                    marker=LEAST, hovertemplate="threshold %{x:.2f}: cost %{y:,.0f}<extra>least</extra>")
    fig.add_scatter(x=[t.threshold], y=[t.cost], mode="markers",
                    name=f"threshold {t.threshold:.2f}: {t.cost:,.0f}",
                    marker=CURRENT, hovertemplate="threshold %{x:.2f}: cost %{y:,.0f}<extra>current</extra>")
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0))
    return fig.build()


def confusion_figure(r: Result, selected: int | None = None) -> go.Figure:
    """The confusion matrix, one invisible marker at the centre of each cell so that a click
    anywhere in it selects that cell (``customdata``: the cell's index, row by row), and the
    selected cell outlined. Two classes: each cell in its outcome's colour."""
    if r.averages is not None:
        counts, names = r.averages.confusion, list(r.source.class_names)
        title = f"Confusion matrix: accuracy {r.averages.accuracy:.1%}"
    else:
        counts, names = r.threshold.cell_counts, list(_names(r))
        title = f"Confusion matrix at {r.threshold.threshold:.2f}"
    k = len(names)
    fig = figure(title, "predicted class", "true class", height=360 if k == 2 else 420)
    rows, cols = np.divmod(np.arange(k * k), k)
    if k == 2:
        colours = [OUTCOMES[(int(i), int(j))][2] for i, j in zip(rows, cols)]
        z = np.arange(4).reshape(2, 2)
        scale = [[i / 3, c] for i, c in enumerate(colours)]
        texts = [f"{OUTCOMES[(int(i), int(j))][1]}<br>{counts[i, j]:,}" for i, j in zip(rows, cols)]
        dark = [c in DARK for c in colours]
    else:
        z, scale = counts, [[0, "#FFFFFF"], [1, BLUE]]
        texts = [f"{counts[i, j]:,}" for i, j in zip(rows, cols)]
        dark = list((counts > 0.55 * max(counts.max(), 1)).ravel())
    fig.add_trace(dict(type="heatmap", x=names, y=names, z=z, colorscale=scale, showscale=False,
                       hoverinfo="skip", xgap=3, ygap=3))
    for (i, j), text, on_dark in zip(zip(rows, cols), texts, dark):
        # Placed by position: a class named "8" would be read as the coordinate 8.
        fig.add_annotation(x=int(j), y=int(i), text=text, showarrow=False,
                           font=dict(size=22 if k <= 3 else 17, color="white" if on_dark else BLACK))
    fig.add_scatter(x=[names[j] for j in cols], y=[names[i] for i in rows], mode="markers",
                    customdata=np.arange(k * k), name="cells",
                    marker=dict(size=60, symbol="square", opacity=0, color=BLACK), showlegend=False,
                    hovertemplate="true %{y}, predicted %{x}: click to see them<extra></extra>")
    if selected is not None:
        i, j = divmod(selected, k)
        fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5, xref="x", yref="y",
                      line=dict(color=BLACK, width=5))
    # Fixed ranges: the click targets' size would otherwise pad the axes.
    fig.update_xaxes(showgrid=False, type="category", showline=False, ticks="", range=[-0.5, k - 0.5],
                     fixedrange=True)
    fig.update_yaxes(showgrid=False, type="category", showline=False, ticks="", range=[k - 0.5, -0.5],
                     fixedrange=True)
    fig.update_layout(hovermode="closest", hoverdistance=-1, clickmode="event+select", dragmode=False,
                      showlegend=False)
    return fig.build()


def examples_figure(r: Result, shown: np.ndarray, title: str, columns: int = 8) -> go.Figure:
    """The digit images of the test cases ``shown`` (indices into the test set), ink dark on
    white, each with its probability of the class it was predicted."""
    fitted = r.averages.fitted if r.averages is not None else r.threshold.s.fitted
    images = r.source.images[fitted.test[shown]]
    if r.averages is not None:
        confidence = fitted.proba[shown, fitted.predicted[shown]]
    else:
        scores = r.threshold.s.scores[shown]
        confidence = np.where(scores >= r.threshold.threshold, scores, 1 - scores)
    rows = max(1, -(-len(shown) // columns))
    side = 9  # 8 pixels and a gap
    mosaic = np.full((rows * side + 3 * rows, columns * side), np.nan)
    fig = figure(title, "", "", height=70 + 80 * rows)
    for n, (image, p) in enumerate(zip(images, confidence)):
        top, left = (n // columns) * (side + 3), (n % columns) * side
        mosaic[top + 3:top + 11, left:left + 8] = image
        fig.add_annotation(x=left + 3.5, y=top + 1, text=f"{p:.2f}", showarrow=False, font=dict(size=14))
    fig.add_trace(dict(type="heatmap", z=mosaic, colorscale=INK, zmin=0, zmax=16,
                       showscale=False, hoverinfo="skip"))
    fig.update_xaxes(visible=False, range=[-0.5, columns * side - 0.5], constrain="domain",
                     constraintoward="left")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain",
                     constraintoward="top")
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10))
    return fig.build()


# ---- the prevalence view ----

def prevalence_figure(r: Result) -> go.Figure:
    """ROC (left) and precision-recall (right), each as the test set has it (grey) and
    resampled to the chosen share of positives, with the threshold's point on each."""
    v = r.prevalence
    fig = figure(f"Positives {v.base:.0%} of the test set → {v.prevalence:.0%}", "", "", height=470)
    panels = (("", v.s.roc_fpr, v.s.roc_tpr, v.roc_fpr, v.roc_tpr, (v.fpr, v.recall), "ROC"),
              ("2", v.s.pr_recall, v.s.pr_precision, v.pr_recall, v.pr_precision, (v.recall, v.precision),
               "precision-recall"))
    for axis, x0, y0, x1, y1, point, name in panels:
        shape = "linear" if axis == "" else "hv"
        first = axis == ""  # one legend entry for both panels
        fig.add_scatter(x=x0, y=y0, mode="lines", xaxis=f"x{axis}", yaxis=f"y{axis}", line_shape=shape,
                        name=f"test set as it is ({v.base:.0%} positive)", legendgroup="as is",
                        showlegend=first,
                        line=dict(color=GREY, width=7), opacity=0.6, hoverinfo="skip")
        fig.add_scatter(x=x1, y=y1, mode="lines", xaxis=f"x{axis}", yaxis=f"y{axis}", line_shape=shape,
                        name=f"resampled ({v.prevalence:.0%} positive)", legendgroup="resampled",
                        showlegend=first,
                        line=dict(color=BLUE, width=3),
                        hovertemplate=f"{name}: %{{x:.3f}}, %{{y:.3f}}<extra></extra>")
        if not (axis and v.nothing_predicted):
            fig.add_scatter(x=[point[0]], y=[point[1]], mode="markers", xaxis=f"x{axis}", yaxis=f"y{axis}",
                            marker=CURRENT, name=f"threshold {v.threshold:.2f}", showlegend=axis == "",
                            hovertemplate="%{x:.3f}, %{y:.3f}<extra>threshold</extra>")
    ticks = dict(range=[-0.02, 1.02], dtick=0.2)
    fig.update_layout(
        xaxis=dict(domain=[0, 0.44], title=dict(text="false positive rate"), **ticks),
        yaxis=dict(title=dict(text="true positive rate (recall)"), **ticks),
        xaxis2=dict(domain=[0.56, 1], anchor="y2", title=dict(text="recall"), **ticks),
        yaxis2=dict(anchor="x2", title=dict(text="precision"), **ticks),
        legend=dict(orientation="h", y=-0.25, x=0.0))
    fig.add_annotation(text=f"AUC {v.s.auc:.3f} → {v.auc:.3f}", x=0.42, y=0.02, xref="paper", yref="paper",
                       xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=15),
                       bgcolor="rgba(255,255,255,0.85)")
    fig.add_annotation(text=f"AP {v.s.ap:.3f} → {v.ap:.3f}", x=0.58, y=0.02, xref="paper", yref="paper",
                       xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=15),
                       bgcolor="rgba(255,255,255,0.85)")
    return fig.build()


def sweep_figure(r: Result) -> go.Figure:
    """ROC AUC, average precision and the threshold's precision and recall against the share
    of positives, the chosen share marked."""
    v = r.prevalence
    fig = figure("Every share of positives, one model", "share of positives in the test set", "score",
                 height=420)
    for name, y, colour, dash in (("ROC AUC", v.sweep_auc, BLUE, "solid"),
                                  ("average precision", v.sweep_ap, VERMILLION, "solid"),
                                  (f"precision at {v.threshold:.2f}", v.sweep_precision, ORANGE, "dash"),
                                  (f"recall at {v.threshold:.2f}", np.full(SWEEP.shape, v.recall), GREEN,
                                   "dot")):
        fig.add_scatter(x=SWEEP, y=y, mode="lines", name=name, line=dict(color=colour, width=3, dash=dash),
                        hovertemplate=f"share %{{x:.2f}}: {name} %{{y:.3f}}<extra></extra>")
    fig.add_shape(type="line", x0=v.prevalence, x1=v.prevalence, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dot"))
    fig.add_annotation(text=f"now {v.prevalence:.2f}", x=v.prevalence, y=0.02, yref="paper", showarrow=False,
                       xanchor="left" if v.prevalence < 0.7 else "right", yanchor="bottom", font=dict(size=15))
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, 1.03])
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0))
    return fig.build()


# ---- the averages view ----

def averages_figure(r: Result) -> go.Figure:
    """Precision, recall and F1 of each class, then their three averages, side by side."""
    a = r.averages
    groups = list(r.source.class_names) + list(AVERAGES)
    fig = figure("Per class, then their averages", "", "score", height=470)
    for m, (name, colour) in enumerate((("precision", BLUE), ("recall", ORANGE), ("F1", GREEN))):
        values = np.concatenate([(a.precision, a.recall, a.f1)[m], a.averaged[:, m]])
        fig.add_trace(dict(type="bar", x=groups, y=values, name=name, marker=dict(color=colour),
                           text=[f"{v:.2f}" for v in values], textposition="outside", textfont=dict(size=13),
                           cliponaxis=False, hovertemplate=f"%{{x}}: {name} %{{y:.3f}}<extra></extra>"))
    support = ", ".join(f"{n}: {s}" for n, s in zip(r.source.class_names, a.support))
    fig.add_shape(type="line", x0=len(r.source.class_names) - 0.5, x1=len(r.source.class_names) - 0.5,
                  y0=0, y1=1, yref="paper", line=dict(color=GREY, width=2, dash="dot"))
    fig.update_yaxes(range=[0, 1.12], dtick=0.2)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.25, x=0.0),
                      xaxis=dict(title=dict(text=f"class (test cases: {support}), then the averages"),
                                 type="category", tickangle=0))
    return fig.build()


# ---- the calibration view ----

def calibration_figure(r: Result) -> go.Figure:
    """Each model's share of positives against its mean score, bin by bin (the diagonal is a
    calibrated model), and the chosen one recalibrated."""
    c = r.calibration
    fig = figure(f"Calibration curves, {c.bins} bins", "mean score in the bin (predicted probability)",
                 "share of positives in the bin", height=500)
    fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfectly calibrated",
                    line=dict(color=GREY, width=2, dash="dash"), hoverinfo="skip")
    for n, curve in enumerate(c.raw):
        chosen = curve.name == c.model
        fig.add_scatter(x=curve.prob_pred, y=curve.prob_true, mode="lines+markers",
                        name=f"{curve.name} (Brier {curve.brier:.3f})",
                        line=dict(color=PALETTE[n], width=4 if chosen else 2),
                        marker=dict(size=10 if chosen else 7), opacity=1 if chosen else 0.75,
                        hovertemplate="mean score %{x:.2f}: %{y:.2f} positive<extra>" + curve.name + "</extra>")
    if c.calibrated is not None:
        n = [curve.name for curve in c.raw].index(c.model)
        fig.add_scatter(x=c.calibrated.prob_pred, y=c.calibrated.prob_true, mode="lines+markers",
                        name=f"{c.calibrated.name} (Brier {c.calibrated.brier:.3f})",
                        line=dict(color=PALETTE[n], width=4, dash="dash"),
                        marker=dict(size=12, symbol="diamond", line=dict(color=BLACK, width=1)),
                        hovertemplate="mean score %{x:.2f}: %{y:.2f} positive<extra>recalibrated</extra>")
    fig.update_xaxes(range=[-0.02, 1.02], dtick=0.2)
    fig.update_yaxes(range=[-0.02, 1.02], dtick=0.2)
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0.0))
    return fig.build()


def confidence_figure(r: Result) -> go.Figure:
    """How the chosen model's test scores spread over the bins, before and after recalibrating."""
    c = r.calibration
    raw = c.fitted_curve
    centres, width = (c.edges[:-1] + c.edges[1:]) / 2, np.diff(c.edges)
    fig = figure(f"Scores of {c.model}, per bin", "score", "test cases", height=400)
    shown = [(raw, BLUE, "as fitted")] + ([(c.calibrated, ORANGE, f"recalibrated ({c.method})")]
                                          if c.calibrated is not None else [])
    for curve, colour, name in shown:
        fig.add_trace(dict(type="bar", x=centres, y=curve.hist, width=width * (0.45 if len(shown) > 1 else 0.9),
                           name=name, marker=dict(color=colour),
                           hovertemplate=f"score %{{x:.2f}}: %{{y}} cases<extra>{name}</extra>"))
    fig.update_xaxes(range=[0, 1], dtick=0.1)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.3, x=0.0))
    return fig.build()
