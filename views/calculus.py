"""Derivatives and integrals: a secant becoming the tangent, Riemann sums, and a gradient walked."""

import streamlit as st

from explorers import calculus as ex
from figures import calculus as fig
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header

header(ex, "Derivatives & integrals")
params, result = explore(ex)
d, s, g = result.derivative, result.integral, result.descent
fn, surface = ex.FUNCTIONS[params.function], ex.SURFACES[params.surface]

slope, forward, central, best = st.columns(4)
slope.metric("f′(x₀)", f"{d.slope:.6g}", border=True,
             help="By PyTorch's autograd, which differentiates the program itself: no h, exact up to "
                  "rounding. Every error in this part is measured against it.")
forward.metric("Forward error", f"{d.forward_error:.2g}", border=True,
               help="|(f(x₀ + h) − f(x₀)) / h − f′(x₀)|: the red secant's slope against the "
                    "tangent's.")
central.metric("Central error", f"{d.central_error:.2g}", border=True,
               help="|(f(x₀ + h) − f(x₀ − h)) / 2h − f′(x₀)|: the blue secant's slope against "
                    "the tangent's.")
best.metric("Best h", f"{d.best_forward_h:.0e}", border=True,
            help=f"Where the forward difference's error is lowest on the chart (the central difference's: "
                 f"{d.best_central_h:.0e}). Read from the error's upper envelope: below the best h the error "
                 "is rounding noise, whose lucky dips mean nothing.")
chart_row(fig.secant_figure(result), fig.difference_error_figure(result))
st.caption(
    f"By the rules of calculus $f'(x) = {fn.derivative_tex}$, which gives {d.slope_formula:.15g} at "
    f"x₀ = {d.x0:g}; autograd gives {d.slope:.15g}. " + said(ex, "rounding"))

st.subheader("Integrals: Riemann sums", divider="gray")
total, exact, error, order = st.columns(4)
total.metric("Riemann sum", f"{s.estimate:.8g}", border=True,
             help=f"The {s.rule} rule with n = {s.n}: the shaded area, each slice's piece added up (below "
                  "the axis it counts negative).")
exact.metric("Exact integral", f"{s.exact:.8g}", border=True,
             help=f"∫ f(x) dx from {ex.A:g} to {ex.B:g}: F({ex.B:g}) − F({ex.A:g}), with the "
                  "antiderivative F below.")
error.metric("Error", f"{s.error:.2g}", border=True, help="|sum − exact|.")
measured = s.orders[ex.RULES.index(s.rule)]
order.metric("Measured slope", "exact" if measured is None else f"−{measured:.2f}", border=True,
             help=f"Of the {s.rule} rule's log error against log n, fitted from n = {ex.N_FIT} up. "
                  f"For a smooth f the theory says −{ex.ORDER[s.rule]}.")
chart_row(fig.riemann_figure(result), fig.riemann_error_figure(result))
st.caption(f"$\\int f\\,dx = F(x) = {fn.antiderivative_tex}$ (plus a constant). " + said(ex, "orders"))

st.subheader("Partial derivatives & gradient descent", divider="gray")
dx, dy, final, steep = st.columns(4)
dx.metric("∂f/∂x at start", f"{g.dx:.4g}", border=True,
          help=f"∂f/∂x = {surface.dx}: the slope of the blue slice, where y is held fixed.")
dy.metric("∂f/∂y at start", f"{g.dy:.4g}", border=True,
          help=f"∂f/∂y = {surface.dy}: the slope of the green slice, where x is held fixed.")
final.metric("f at the end", f"{g.final_loss:.3g}", border=True,
             help=f"Where the walker stopped, after {len(g.path) - 1} steps (all of them, unless it "
                  "left the map).")
steep.metric("|∇f| at the end", f"{g.final_gradient:.2g}", border=True,
             help="0 at a minimum, but also at a saddle point: a flat spot is not always a bottom.")
if g.diverged_at >= 0:
    why = ("The saddle has no lowest point: downhill along y goes on for ever, whatever the learning rate."
           if not surface.minima else "Each step overshot further than the last: lower the learning rate.")
else:
    why = "Noise keeps it moving even where the gradient vanishes." if "wandering" in g.outcome else ""
aside(f"**The walker {g.outcome}.** {why}", "info", icon=":material/route:")
chart_row(fig.gradient_figure(result), fig.descent_loss_figure(result))
chart(fig.slices_figure(result))
st.caption(
    f"$f(x, y) = {surface.tex}$, so $\\partial f/\\partial x = {surface.dx_tex}$ and "
    f"$\\partial f/\\partial y = {surface.dy_tex}$: each is the slope of one slice, the other variable held "
    f"fixed. Autograd's gradient at the start is ({g.autograd[0]:.6g}, {g.autograd[1]:.6g}). The grey "
    "arrows are ∇f across the plane, longer where steeper (as √|∇f|, so that a gentle valley's arrows "
    "stay visible beside its steep walls). "
    + said(ex, "descent"))

code_panel(ex, params)
