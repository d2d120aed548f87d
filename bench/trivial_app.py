"""The floor: one slider and one line of text, to compare every page against."""

import streamlit as st

k = st.slider("k", 1, 100, 3, key="k")
st.write(f"k = {k}")
