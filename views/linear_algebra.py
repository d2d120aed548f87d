"""Vectors & matrices: a 2×2 matrix moving the plane; its determinant, eigenvectors, powers,
products, and the ellipse PCA finds."""

import streamlit as st

from explorers import linear_algebra as ex
from figures import linear_algebra as fig
from lessons import said
from lessons.linear_algebra import order_claim, power_claim
from ui.page import aside, chart, chart_row, code_panel, explore, header

header(ex, "Vectors & matrices")
params, r = explore(ex)

det, eig, power, order = st.columns(4)
det.metric("det A", f"{r.det:.4g}", border=True,
           help="The signed area of the unit square's image: how much A scales every area. "
                "Negative: the plane is flipped over; 0: squashed onto a line (or a point).")
eig.metric("Eigenvalues λ", ex.eigen_text(r), border=True,
           help="From numpy.linalg.eig. A real λ comes with a line A only stretches (by λ); "
                "a complex pair a ± bi means no line stays put.")
if r.dominant >= 0:
    power.metric(f"Angle, step {r.steps}", f"{r.angles[r.steps]:.3g}°", border=True,
                 help=f"Between the vector (A applied to the start {r.steps} times) and the dominant "
                      "eigenvector's line.")
else:
    power.metric("Dominant line", "none", border=True,
                 help="Repeated application settles on a line only if one real eigenvalue is strictly "
                      "largest in size (or a repeated one has a single line).")
order.metric("AB = BA?", "yes" if r.commute else "no", border=True,
             help=f"With B the {r.then} preset: do the two orders give the same map?")

chart(fig.plane_figure(r))
st.caption(said(ex, "area"))


def situation() -> str | None:
    """What the eigenvalues mean for this matrix, when it is one of the special cases."""
    if r.kind == "complex":
        return (f"**No real eigenvalues:** λ = {ex.eigen_text(r)}. No direction stays put: A turns every "
                f"vector. In a suitable (skewed) basis it turns by {r.turn:.4g}° and scales by |λ| = "
                f"{r.modulus:.3g}, which is why repeated application keeps turning and never settles.")
    if r.kind == "scalar" and r.eig_real[0] == 0:
        return "**A = 0:** every vector is sent to the origin, so there is no line, area or direction left."
    if r.kind == "scalar":
        return (f"**A = {r.eig_real[0]:.3g} × identity:** every line stays put, every vector is scaled by "
                f"{r.eig_real[0]:.3g}, and no direction is singled out.")
    if r.det == 0:
        return ("**det A = 0:** the columns are parallel, so A squashes the plane onto a line and no "
                "matrix can undo it: A has no inverse. The vectors on the line with λ = 0 go to the origin.")
    if r.kind == "distinct" and r.dominant < 0:
        return (f"**|λ₁| = |λ₂| = {abs(r.eig_real[0]):.3g}:** neither eigenvector wins, so repeated "
                "application never settles on a line.")
    return None


aside(situation(), icon=":material/info:")

chart_row(fig.power_walk(r), fig.angle_figure(r))
estimate = (f" On step {r.steps} A stretched the vector by {r.stretch[r.steps - 1]:.4g}; with a dominant "
            f"line this tends to its |λ| = {abs(r.line_values[r.dominant]):.4g}, which is how power iteration "
            "finds a matrix's largest eigenvalue." if r.dominant >= 0 and r.steps > 0 else "")
st.caption(said(ex, power_claim(r)) + estimate + " Press ▶ Play on the left chart to step through it again.")

chart_row(fig.first_a_figure(r), fig.first_b_figure(r))
st.caption(f"With B the {r.then} preset, BA = {ex.matrix_text(r.BA)} and AB = {ex.matrix_text(r.AB)}"
           ". " + said(ex, order_claim(r)))

left, right = st.columns(2)
with left:
    chart(fig.pca_figure(r))
with right:
    st.markdown("**The link to PCA.** " + said(ex, "pca"))
    s2 = r.singular_values ** 2
    lines = [f"- The green ellipse's semi-axes are A's singular values, {r.singular_values[0]:.3g} and "
             f"{r.singular_values[1]:.3g}: variances {s2[0]:.3g} and {s2[1]:.3g} along its axes."]
    if r.pca_fitted:
        found = (f"- PCA on these {len(r.points)} points: variances {r.pca_variance[0]:.3g} and "
                 f"{r.pca_variance[1]:.3g}")
        if ex.is_circle(r):
            found += (". The ellipse is a circle (equal singular values): every direction is a principal "
                      "axis, so PCA's axes are wherever the sample's noise happens to put them.")
        else:
            found += f", first axis {ex.pc1_off_axis(r):.2g}° from the ellipse's long axis."
        lines.append(found)
    st.markdown("\n".join(lines))
    st.caption("Change the seed to draw other points: PCA's estimate moves, the ellipse does not.")

code_panel(ex, params)
