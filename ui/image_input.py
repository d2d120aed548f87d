"""An image a person uploads, as one reusable piece: the file picker, the checks before any
pixel is decoded (``datasets.safe_image``), a plain message for a file the page cannot use,
and the last good image kept in the session so a bad file never loses what was on screen.

The file's name is the uploader's own text: it is shown back only through ``ui.safe.shown``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import streamlit as st

from datasets.safe_image import EXTENSIONS, ImageRefused, Upload
from ui.safe import shown


def image_upload(label: str, *, key: str, decode: Callable[[bytes], np.ndarray],
                 help: str) -> Upload | None:
    """The last good upload under ``key``, or None while no file is chosen.

    ``decode`` turns the file's bytes into pixels or raises ``ImageRefused`` with a message
    for a person (``datasets.safe_image.decode`` with the page's limits, or a page's own
    wrapper of it). Each file is decoded once: the next reruns reuse its pixels, or its refusal.
    """
    # The extension filter only helps the file picker; the content is what decode checks.
    file = st.file_uploader(label, type=list(EXTENSIONS), key=key, help=help)
    kept_key, refused_key = f"{key}_kept", f"{key}_refused"
    if file is None:  # removed: back to the page's own image
        st.session_state.pop(kept_key, None)
        st.session_state.pop(refused_key, None)
        return None
    kept = st.session_state.get(kept_key)  # (file_id, Upload) of the last good file
    if kept is not None and kept[0] == file.file_id:
        return kept[1]
    refused = st.session_state.get(refused_key)  # (file_id, reason) of the last bad one
    if refused is None or refused[0] != file.file_id:
        try:
            upload = Upload(file.name, decode(file.getvalue()))
        except ImageRefused as err:
            refused = (file.file_id, str(err))
            st.session_state[refused_key] = refused
        else:
            st.session_state[kept_key] = (file.file_id, upload)
            st.session_state.pop(refused_key, None)
            return upload
    keeps = "the previous image" if kept is not None else "its own image"
    st.error(f"{shown(file.name)} cannot be used: {refused[1]} The page keeps {keeps}.",
             icon=":material/broken_image:")
    return None if kept is None else kept[1]
