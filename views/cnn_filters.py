"""CNN filters: train a small CNN on 8×8 digits and look inside it."""

from collections.abc import Mapping

import numpy as np
import streamlit as st

from datasets.safe_image import ImageRefused
from explorers import cnn_filters as ex
from figures import cnn_filters as fig
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header

header(ex, "What a CNN's filters learn")
params, result = explore(ex)

test, train, epochs, wrong = st.columns(4)
test.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
            help=f"Share of the {ex.N_TEST} held-out test images the network gets right (chance is 10%).")
train.metric("Train accuracy", f"{result.train_accuracy:.1%}", border=True,
             help="Share of the training images it gets right; far above the test accuracy means memorising.")
epochs.metric("Epochs trained", f"{result.epochs_run}", border=True,
              help="Passes over the training images (fewer than asked if training diverged).")
wrong.metric("Test mistakes", f"{int(ex.N_TEST - result.confusion.trace())}", border=True,
             help="Test images whose most probable digit is not the true one.")
aside(f"Training diverged in epoch {result.epochs_run + 1} (the loss stopped being a finite number): "
      f"the page shows the network after epoch {result.epochs_run}. Lower the learning rate."
      if result.diverged else None, icon=":material/trending_up:")

chart(fig.filters_figure(result))
st.caption(f"Each tile is one {params.kernel}×{params.kernel} filter of the first layer: red "
           f"weights add the ink under them, blue ones subtract it. {said(ex, 'one_epoch')}")
chart_row(fig.training_figure(result, "accuracy"), fig.training_figure(result, "loss"))

st.subheader("One test image through the network", divider="gray")
i = result.image
true, says = int(result.y_test[i]), int(result.predicted[i])
chart_row(fig.digit_figure(result.X_test[i], f"Test image {i}: {'an' if true == 8 else 'a'} {true}"),
          fig.probabilities_figure(result.probabilities, f"The network says {says} "
                                   f"({result.probabilities[says]:.0%})", true=true))
# One container whatever the number of layers, so what follows keeps its place.
with st.container():
    for layer, maps in enumerate(result.maps, start=1):
        chart(fig.maps_figure(maps, layer))
st.caption("Pick another image with the *Test image* slider: a map is dark where its filter's "
           "pattern occurs." + (" Layer 2 sees the pooled layer-1 maps, so each of its pixels covers "
                                "a wider patch of the digit." if params.layers == 2 else ""))

st.subheader("Where it goes wrong", divider="gray")
mistakes = fig.wrong_figure(result)
if mistakes is None:
    chart(fig.confusion_figure(result))
    st.info("No test image is misclassified with these settings.", icon=":material/check_circle:")
else:
    chart(mistakes)
    chart(fig.confusion_figure(result))


def drawn_image() -> np.ndarray | None:
    """The 8×8 digit of the pad's last good drawing, or None before there is one.

    The pad's PNG is read here, from the component's raw value, not through its own
    ``image_data`` (which decodes any size, unchecked): a scripted client can put anything
    in that value. Something that is no drawing gets a message, and the last good one stays.
    """
    state = st.session_state.get("canvas")
    drawing = state.get("drawing") if isinstance(state, Mapping) else None
    url = drawing.get("data") if isinstance(drawing, Mapping) else drawing
    if url is None:  # nothing drawn yet
        return st.session_state.get("drawn_digit")
    try:
        image = ex.drawn_digit(url)
    except ImageRefused as err:
        st.warning(f"The drawing could not be read: {err} The page keeps your last drawing.",
                   icon=":material/broken_image:")
        return st.session_state.get("drawn_digit")
    st.session_state["drawn_digit"] = image
    return image


@st.fragment
def draw_a_digit() -> None:
    """The learner's own digit, through the trained network (a fragment: drawing reruns
    only this part of the page)."""
    st.subheader("Draw a digit", divider="gray")
    # Imported here: the component registers itself with the running Streamlit app, so
    # importing it elsewhere (tests, the explorer) fails.
    from streamlit_drawable_canvas import st_canvas

    pad, shown = st.columns([1, 2])
    with pad:
        st.caption("Draw one digit, large, with the mouse or a finger.")
        try:
            # return_image_data=True only asks the pad to send its PNG; drawn_image reads it.
            st_canvas(stroke_width=16, stroke_color="#000000", background_color="#FFFFFF",
                      height=ex.CANVAS, width=ex.CANVAS, drawing_mode="freedraw",
                      return_image_data=True, key="canvas")
        except (AttributeError, KeyError, TypeError):
            # The component unpacks its value without checking its shape, after drawing the
            # pad: a value no pad sends is answered here, not with a stack trace.
            st.warning("The drawing pad sent a value in a shape it never makes. The page keeps "
                       "your last drawing.", icon=":material/broken_image:")
            image = st.session_state.get("drawn_digit")
        else:
            image = drawn_image()
    if image is None or not image.any():
        with shown:
            st.caption("The prediction appears here once you draw.")
        return
    maps, probabilities = ex.predict(result, image, params.layers)
    says = int(probabilities.argmax())
    with shown:
        chart_row(fig.digit_figure(image, "Your digit at 8×8", height=320),
                  fig.probabilities_figure(probabilities, f"The network says {says} "
                                           f"({probabilities[says]:.0%})", height=320))
    for layer, layer_maps in enumerate(maps, start=1):
        chart(fig.maps_figure(layer_maps, layer), key=f"drawn_maps_{layer}")


draw_a_digit()

code_panel(ex, params)
