"""The save step both project pages share: a model written, loaded back and compared
(``explorers/_image_save.py``'s ``Saved``)."""

import streamlit as st


def round_trip_metrics(s, n: int, rows: str) -> None:
    """File size, how many of ``n`` held-out ``rows`` the loaded model labels alike, whether its
    probabilities are bit-identical, and the types skops asks to trust."""
    size, same, exact, trust = st.columns(4)
    size.metric("File size", f"{s.size / 1000:,.1f} kB", border=True,
                help=f"Written with {s.format}, in memory.")
    same.metric("Unchanged", f"{s.same_predictions} of {n}", border=True,
                help=f"Held-out {rows} the loaded model labels as the fitted one did.")
    exact.metric("Probabilities", "identical" if s.same_probabilities else "changed", border=True,
                 help="Whether the loaded model's probabilities equal the fitted one's, bit for bit.")
    trust.metric("Types to trust", f"{len(s.untrusted)}", border=True,
                 help="skops: the types its file asks you to approve before it loads (none for the "
                      "others: a pickle asks nothing, and can run anything).")


def trusted_caption(s) -> None:
    if s.untrusted:
        st.caption("skops asks to trust: " + ", ".join(f"`{t}`" for t in s.untrusted))
