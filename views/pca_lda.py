"""PCA & LDA: principal axes, explained variance, reconstructions, and PCA against LDA."""

import streamlit as st

from explorers import pca_lda as ex
from figures import pca_lda as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header

header(ex, "PCA & LDA: variance is not separation")
params, result = explore(ex)
r = result
p = len(r.explained_variance_ratio)

kept, error, pca_sep, lda_sep = st.columns(4)
kept.metric(f"Variance kept by k = {r.k}", f"{r.explained_k:.1%}", border=True,
            help=f"The first {r.k} of {p} principal components' share of the total variance: the "
                 "sum of their explained variance ratios.")
error.metric("Reconstruction error", f"{r.reconstruction_error:.4g}", border=True,
             help="Mean squared difference between the data and its reconstruction from the first k "
                  "components" + (", in standardized units." if r.standardized else ", in the data's units.")
                  + " It is the variance of the dropped components, spread over the features.")
pca_sep.metric(f"Separation, PCA {r.d}-D", f"{r.sep_pca:.1%}", border=True,
               help=f"Five-fold cross-validated accuracy of a nearest-centroid classifier on the first "
                    f"{r.d} principal component{'s' * (r.d > 1)}, refitted on each training fold.")
lda_sep.metric(f"Separation, LDA {r.d}-D", f"{r.sep_lda:.1%}", border=True,
               delta=f"{pp(r.sep_lda - r.sep_pca)} vs PCA", delta_color="normal",
               help=f"The same classifier on LDA's {r.d} discriminant axis{'es' * (r.d > 1)}. With c "
                    "classes LDA has at most c − 1 axes, so two classes give one.")
aside(f":material/info: k = {params.k} asked, but this data has only {p} features, so all {p} "
      "components are kept." if params.k > p else None, "caption")

if r.is_toy:
    left, right = st.columns(2)
    with left:
        chart(fig.axes_figure(r))
        st.caption(said(ex, "drops"))
    with right:
        chart(fig.scree_figure(r))
elif r.is_image:
    chart_row(fig.components_figure(r), fig.scree_figure(r))
else:
    chart_row(fig.loadings_figure(r), fig.scree_figure(r))
    if not r.standardized:
        st.caption(said(ex, "raw"))

if r.is_image:
    chart(fig.reconstruction_figure(r))
    st.caption(said(ex, "digits"))

chart_row(fig.projection_figure(r, "pca"), fig.projection_figure(r, "lda"))
st.caption(
    f"The same points in {r.d} dimension{'s' * (r.d > 1)}: left the directions of most variance, "
    "right the directions that best separate the class means relative to the spread within "
    "each class. "
    + ("With two classes LDA has a single axis, so both are shown as histograms along one axis. "
       if r.d == 1 else "")
    + "The accuracy in each title is a nearest-centroid classifier's on held-out points."
)

code_panel(ex, params)
