"""What is machine learning? One table given to a supervised, an unsupervised and a
reinforcement learner; scenario cards to sort; the pages that go deeper."""

import streamlit as st

from explorers import what_is_ml as ex
from figures import what_is_ml as fig
from figures.theme import pp
from lessons import said
from ui.page import chart, chart_row, code_panel, explore, header

header(ex, "What is machine learning?")
params, result = explore(ex)
agent = result.agent

train, test, ari, choices = st.columns(4)
train.metric("Tree: train", f"{result.train_accuracy:.1%}", border=True,
             help="Supervised: the decision tree's accuracy on the rows it learnt from, whose classes "
                  "it was told.")
test.metric("Tree: test", f"{result.test_accuracy:.1%}", border=True,
            delta=pp(result.test_accuracy - result.train_accuracy), delta_color="off",
            help="Its accuracy on the rows held back, which it never saw: the score that says how it "
                 "will do on new rows. Below it, the difference from its training accuracy.")
ari.metric("k-means: ARI", f"{result.clusters.ari:.2f}", border=True,
           help="Unsupervised: how closely the groups k-means found follow the classes it was never "
                "told (adjusted Rand index: 1 the same grouping, about 0 chance, below 0 worse).")
choices.metric("Agent: test", f"{agent.test_accuracy:.1%}", border=True,
               delta=f"reward {agent.reward_rate:.0%} a try", delta_color="off", delta_arrow="off",
               help="Reinforcement: the class the agent now thinks best in each cell, scored on the rows "
                    f"held back; below it, the share of its last {ex.WINDOW} tries that were right "
                    "(its random tries, ε, included).")

chart(fig.three_ways_figure(result))
st.caption(
    "Left: the tree's class for every spot (shaded), the training rows it was told the classes of "
    "(filled) and the test rows held back (hollow). Middle: every row with its class hidden, the "
    "edges of the groups k-means found and their centres (×, numbered by k-means). Right: the class "
    "the agent now picks in each cell of its grid, blank where it was never shown a row, over the "
    "test rows."
)
chart_row(fig.reward_figure(result), fig.clusters_figure(result))
st.caption(said(ex, "reward") + " " + said(ex, "clusters"))


DECK, ANSWERS = "scenario_at", "scenario_answers"  # session: the card shown, the answers given


def _keep(i: int) -> None:
    st.session_state.setdefault(ANSWERS, {})[i] = st.session_state[f"scenario_{i}"]


def _turn(to: int) -> None:
    # The card's radio shows the answer given to it before, if any (a radio not drawn on
    # the last run has lost its own state).
    st.session_state[DECK] = to
    st.session_state[f"scenario_{to}"] = st.session_state.get(ANSWERS, {}).get(to)


@st.fragment
def scenarios() -> None:
    """One card at a time, rerun on its own: an answer changes nothing above it."""
    st.subheader("Which kind of learning is it?", divider="gray")
    n, at = len(ex.SCENARIOS), st.session_state.get(DECK, 0)
    with st.container(border=True, key="scenario_card"):
        st.markdown(f"**{at + 1} of {n}.** {ex.SCENARIOS[at].text}")
        guess = st.radio("Which kind of learning?", ex.KINDS, index=None, key=f"scenario_{at}",
                         horizontal=True, on_change=_keep, args=(at,))
        if guess is not None:
            good, words = ex.verdict(at, guess)
            (st.success if good else st.warning)(
                words, icon=":material/check_circle:" if good else ":material/lightbulb:")
        back, forward, tally = st.columns([2, 2, 5], vertical_alignment="center")
        back.button("Previous card", key="scenario_back", icon=":material/arrow_back:", disabled=at == 0,
                    on_click=_turn, args=(at - 1,), width="stretch")
        forward.button("Next card", key="scenario_next", icon=":material/arrow_forward:", disabled=at == n - 1,
                       on_click=_turn, args=(at + 1,), width="stretch")
        answered = {i: g for i, g in st.session_state.get(ANSWERS, {}).items() if g is not None}
        right = sum(ex.verdict(i, guess)[0] for i, guess in answered.items())
        tally.caption(f"{right} of {len(answered)} answered right so far, {n - len(answered)} to go.")


scenarios()

st.subheader("Go deeper", divider="gray")
for column, kind in zip(st.columns(3), ex.KINDS):
    with column:
        st.markdown(f"**{kind.capitalize()} learning**")
        for topic in ex.onward(kind):
            st.page_link(topic.page, label=topic.title, icon=topic.icon)

code_panel(ex, params)
