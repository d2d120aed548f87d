"""A drawing pad for one digit: the learner's drawing as the 8×8 image the digits models read.

As the CNN filters page's pad (``views/cnn_filters.py``): ``streamlit-drawable-canvas`` sends
its PNG, which is read here from the component's raw value through
``explorers.cnn_filters.drawn_digit`` (checked from its header before any pixel is decoded,
then downscaled as the digits were made), never through the component's own unchecked
``image_data``. Something that is no drawing gets a plain message, and the last good
drawing stays.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import streamlit as st

from datasets.safe_image import ImageRefused
from explorers import cnn_filters


def draw_pad(key: str, size: int = cnn_filters.CANVAS) -> np.ndarray | None:
    """Draw the pad under ``key``; the 8×8 image (0–16) of its last good drawing, or None."""
    # Imported here: the component registers itself with the running Streamlit app.
    from streamlit_drawable_canvas import st_canvas

    kept = f"{key}_digit"
    try:
        # return_image_data=True only asks the pad to send its PNG; it is read below.
        st_canvas(stroke_width=16, stroke_color="#000000", background_color="#FFFFFF",
                  height=size, width=size, drawing_mode="freedraw", return_image_data=True, key=key)
    except (AttributeError, KeyError, TypeError):
        # The component unpacks its value without checking its shape: a value no pad sends.
        st.warning("The drawing pad sent a value in a shape it never makes. The page keeps your "
                   "last drawing.", icon=":material/broken_image:")
        return st.session_state.get(kept)
    state = st.session_state.get(key)
    drawing = state.get("drawing") if isinstance(state, Mapping) else None
    url = drawing.get("data") if isinstance(drawing, Mapping) else drawing
    if url is None:  # nothing drawn yet
        return st.session_state.get(kept)
    try:
        image = cnn_filters.drawn_digit(url)
    except ImageRefused as err:
        st.warning(f"The drawing could not be read: {err} The page keeps your last drawing.",
                   icon=":material/broken_image:")
        return st.session_state.get(kept)
    st.session_state[kept] = image
    return image
