"""CNN filters: train a small CNN on 8×8 digits and look inside it."""

import streamlit as st

from explorers import cnn_filters as ex
from figures import cnn_filters as fig
from lessons import said
from ui.draw_pad import draw_pad
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


@st.fragment
def draw_a_digit() -> None:
    """The learner's own digit, through the trained network (a fragment: drawing reruns
    only this part of the page)."""
    st.subheader("Draw a digit", divider="gray")
    pad, shown = st.columns([1, 2])
    with pad:
        st.caption("Draw one digit, large, with the mouse or a finger.")
        image = draw_pad("canvas")
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
