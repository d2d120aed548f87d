"""t-SNE: cluster sizes equalised, distances between clusters not kept, and clumps that a
low perplexity finds in pure noise (Wattenberg, Viégas & Johnson, "How to use t-SNE
effectively", Distill 2016)."""

import numpy as np
from scipy.spatial import ConvexHull, cKDTree

from figures import tsne as fig
from lessons import Challenge, Step, titled

EVEN, CLUMPED = "An even scatter, like the data", "Clumped: pairs and small groups"


def clumping(points: np.ndarray) -> float:
    """The Clark-Evans ratio: the mean distance to the nearest neighbour over what a random
    scatter of as many points over the same area (the convex hull) would give. About 1 for
    a random scatter, below 1 for points in clumps, above 1 for a regular spacing."""
    nearest = cKDTree(points).query(points, k=2)[0][:, 1].mean()
    return float(nearest / (0.5 / np.sqrt(len(points) / ConvexHull(points).volume)))


def size_ratio(spread: np.ndarray) -> float:
    return float(spread.max() / spread.min())


def _sizes(r) -> str:
    return "Nearly the same size" if size_ratio(r.truth.map_spread) < 2 else "Still very different"


def _noise(r) -> str:
    return CLUMPED if clumping(r.embedding) < 0.8 else EVEN


def _far(r) -> str:
    near, far = r.truth.map_distance[0], r.truth.map_distance[2]  # pairs (0, 1) and (1, 2)
    return "About as far as the near pair" if far < 1.5 * near else "About four times as far"


CHALLENGES = (
    Challenge(
        question="Three clusters in 50-D whose spreads differ ninefold. In the t-SNE map, how "
                 "will their sizes compare?",
        options=("Still very different", "Nearly the same size"),
        state={},
        answer=_sizes, expected="Nearly the same size",
        why=lambda r: f"In the data the widest cluster is {size_ratio(r.truth.spread):.1f}× the tightest; "
                      f"in the map, {size_ratio(r.truth.map_spread):.1f}×. t-SNE gives each point about "
                      "the same number of neighbours (the perplexity), so a sparse cluster is drawn "
                      "as compact as a dense one: sizes in the map mean nothing.",
    ),
    Challenge(
        question="Three equal clusters, one of them four times farther from a second than that "
                 "second is from the third. In the map, how far apart will the far pair be?",
        options=("About four times as far", "About as far as the near pair"),
        state=dict(data="different distances"),
        answer=_far, expected="About as far as the near pair",
        why=lambda r: f"Data: {r.truth.distance[0]:.0f} and {r.truth.distance[2]:.0f} apart; map: "
                      f"{r.truth.map_distance[0]:.0f} and {r.truth.map_distance[2]:.0f}. Beyond the "
                      "perplexity's neighbourhood t-SNE only keeps clusters apart, not how far.",
    ),
    Challenge(
        question="Pure noise (one Gaussian blob, no clusters) at perplexity 2: what will the map "
                 "look like?",
        options=(EVEN, CLUMPED),
        state=dict(data="pure noise", perplexity=2),
        answer=_noise, expected=CLUMPED,
        why=lambda r: f"Clumping ratio {clumping(r.embedding):.2f} (1 is a random scatter, lower is "
                      f"clumped; the PCA of the same data: {clumping(r.pca):.2f}). With only one or two "
                      "neighbours each, points pair up: structure the data do not have.",
    ),
)

TOUR = (
    Step("Three clusters whose spreads differ ninefold in 50-D come out nearly the same size: "
         "t-SNE equalises densities.",
         {}, holds=lambda r: size_ratio(r.truth.spread) > 5 and size_ratio(r.truth.map_spread) < 2),
    Step("Equal clusters at very different distances: in the map the far pair sits about as "
         "far apart as the near pair. Gaps between clusters are not distances.",
         dict(data="different distances"), holds=lambda r: _far(r) == "About as far as the near pair"),
    Step("Pure noise at the default perplexity (30): one round blob, as it should be.",
         dict(data="pure noise"), holds=lambda r: clumping(r.embedding) > 0.9),
    Step("The same noise at perplexity 2: points pair up into little clumps. Low perplexity "
         "invents structure; compare several perplexities before believing a cluster.",
         dict(data="pure noise", perplexity=2), holds=lambda r: clumping(r.embedding) < 0.8),
)

MAIN = titled(fig.embedding_figure)
