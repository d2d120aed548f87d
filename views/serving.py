"""Saving & serving models: joblib, skops and ONNX side by side, why a pickle can run code,
and a FastAPI app generated for the model and called in-process."""

import streamlit as st

from explorers import serving as ex
from explorers._serving_app import REPEATS
from figures import serving as fig
from lessons import claims, said
from ui.page import aside, chart, code_panel, explore, header
from ui.safe import shown


def _diff(x: float) -> str:
    return "0 (exact)" if x == 0 else f"{x:.1e}"


def save_and_load(r) -> None:
    s = r.saving
    columns = st.columns(4)
    for column, f in zip(columns, s.formats):
        column.metric(f"{f.name}: max |Δp|", _diff(f.max_diff), border=True,
                      delta=f"labels {f.agree}/{s.n_rows}", delta_color="off", delta_arrow="off",
                      help=f"The largest difference between a probability the loaded {f.name} model "
                           f"predicts and the original pipeline's, over all {s.n_rows} flowers and 3 classes.")
    columns[3].metric("skops audit", f"{len(s.untrusted)} type" + ("" if len(s.untrusted) == 1 else "s"),
                      border=True, help="What skops.io.get_untrusted_types listed: types load() refuses "
                                        "unless you approve them. Listed below the charts.")
    chart(fig.size_figure(r))
    # The first sentence about ONNX that is true of this very result (each is a tested claim).
    true_here = next(name for name in ("onnx_float32", "onnx_threshold", "onnx_other")
                     if claims(ex)[name].holds(r))
    st.caption(said(ex, true_here))
    chart(fig.load_figure(r))


def serve(r) -> None:
    s = r.serving
    status, one, batch, per_row = st.columns(4)
    status.metric("Status", f"{s.status}", border=True,
                  help="200: predictions; 422: the request broke the app's pydantic schema.")
    measured = dict(border=True, delta="measured", delta_color="off", delta_arrow="off")
    one.metric("1 row", f"{s.one_ms:.1f} ms", **measured,
               help=f"The median of {REPEATS} requests of one row, through FastAPI's TestClient in this "
                    "process.")
    batch.metric(f"{s.batch:,} rows", f"{s.batch_ms:.1f} ms", **measured,
                 help=f"The median of {REPEATS} requests carrying the whole batch.")
    per_row.metric("Per row", f"{s.per_row_ms:.3f} ms", **measured,
                   help="The batch's time over its rows: the fixed cost of a request is shared.")
    chart(fig.reply_figure(r))
    aside("**Validation message.** " + "; ".join(shown(line) for line in s.message.splitlines())
          if s.message else None, "info", icon=":material/rule:")
    chart(fig.latency_figure(r))


header(ex, "Saving & serving models")
params, result = explore(ex)  # each view shows its own controls only (Params.HIDE_INACTIVE)
(save_and_load if result.view == ex.SAVE else serve)(result)
code_panel(ex, params)

# Secondary material after the code panel (the page's first code block is its code).
if result.view == ex.SAVE:
    s = result.saving
    with st.expander("skops' audit and what a pickle imports", icon=":material/policy:"):
        st.markdown(said(ex, "audit") if s.untrusted else said(ex, "audit_empty"))
        st.code("skops.io.get_untrusted_types(file=...) ->\n" + repr(list(s.untrusted)), language="python")
        st.markdown(f"A plain pickle of this pipeline imports these {len(s.pickle_imports)} names and makes "
                    f"{s.pickle_calls} calls while it loads; joblib's file does the same.")
        st.code("\n".join(s.pickle_imports), language=None)
    with st.expander("Why loading a pickle can run code (a crafted pickle, never loaded)",
                     icon=":material/warning:"):
        st.markdown(said(ex, "crafted"))
        st.code(s.crafted, language=None)
else:
    s = result.serving
    with st.expander("The reply's JSON", icon=":material/data_object:"):
        st.code(s.body, language="json")
    with st.expander("The generated FastAPI app", icon=":material/api:"):
        st.caption("The exact code answering the requests above. Save it as app.py beside model.skops "
                   "(the skops file of this model) and run `uvicorn app:app`.")
        st.download_button("Download app.py", s.app_source, file_name="app.py", mime="text/x-python",
                           icon=":material/download:")
        st.code(s.app_source, language="python")
