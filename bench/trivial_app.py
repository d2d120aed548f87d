"""The floor: one slider and one line of text, to compare every page against. The slider
sits in the sidebar, where the pages' controls are (and where the benches look for them)."""

import streamlit as st

k = st.sidebar.slider("k", 1, 100, 3, key="k")
st.write(f"k = {k}")
