"""t-SNE: cluster sizes equalised, distances between clusters not kept, and clumps that a
low perplexity finds in pure noise (Wattenberg, Viégas & Johnson, "How to use t-SNE
effectively", Distill 2016)."""

import numpy as np
from scipy.spatial import ConvexHull, cKDTree
from scipy.spatial.distance import pdist
from scipy.stats import spearmanr
from sklearn.decomposition import PCA
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import KNeighborsClassifier

from explorers import tsne as ex
from figures import tsne as fig
from lessons import Challenge, Claim, Step, titled

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


# ---- the page's captions, and what each one's words are checked against ----

def spread(points: np.ndarray) -> float:
    """Root-mean-square distance of points to their centre."""
    return float(np.sqrt(((points - points.mean(axis=0)) ** 2).sum(axis=1).mean()))


def far_over_near(truth) -> float:
    """How many times farther apart the far pair of clusters (B–C) is than the near one (A–B)."""
    return float(truth.map_distance[2] / truth.map_distance[0])


def _forming(r) -> bool:
    """Early exaggeration draws each group tight (by its last step a group's spread against the
    whole map's is a tenth of what it is at the start and at the end), the rest spreads the map
    out (its extent at least doubles); PCA keeps the data's size and gap ratios within 15%."""
    early = r.frames[list(r.frame_iters).index(r.early_iterations)]

    def tightness(points):
        return np.mean([spread(points[r.labels == g]) for g in range(len(r.group_names))]) / spread(points)
    pca, data = r.pca_truth, r.truth
    return (tightness(early) < min(tightness(r.frames[0]), tightness(r.embedding)) / 10
            and spread(r.embedding) > 2 * spread(early)
            and abs(size_ratio(pca.map_spread) / size_ratio(data.spread) - 1) < 0.15
            and np.allclose(pca.map_distance / pca.map_distance.mean(), data.distance / data.distance.mean(),
                            rtol=0.15))


def _gaps(r) -> bool:
    """B–C four times A–B in the data; in the map at perplexity 30 under 1.5 times; at 100
    between 1.7 and 3 times."""
    wide = ex.run(ex.Params(data="different distances", perplexity=100))
    return (abs(r.truth.distance[2] / r.truth.distance[0] - 4) < 0.2 and far_over_near(r.truth) < 1.5
            and 1.7 < far_over_near(wide.truth) < 3)


def _noise_words(r) -> bool:
    """Clumped at perplexity 2, an even blob at 30 and 50."""
    even = [clumping(ex.run(ex.Params(data="pure noise", perplexity=q)).embedding) for q in (30, 50)]
    return clumping(r.embedding) < 0.8 and min(even) > 0.9


def along(r) -> np.ndarray:
    """The map's points in the order of their position along the line (the data's first
    principal axis), and the largest step between neighbours in that order over the median one."""
    order = np.argsort(PCA(n_components=1).fit_transform(r.X)[:, 0])
    steps = np.linalg.norm(np.diff(r.embedding[order], axis=0), axis=1)
    return float(steps.max() / np.median(steps))


def in_order(r) -> bool:
    """The five stretches' centres in the map lie in order: each nearer the next than the one after."""
    centre = np.array([r.embedding[r.labels == k].mean(axis=0) for k in range(5)])
    gap = np.linalg.norm(centre[:, None] - centre[None], axis=2)
    return all(gap[k, k + 1] < gap[k, k + 2] for k in range(3))


def _line(r) -> bool:
    """At 30: in order, no step along the line over 10 median steps; at 2 and 5, such breaks."""
    broken = [along(ex.run(ex.Params(data="a line", perplexity=q))) for q in (2, 5)]
    return in_order(r) and along(r) < 10 and min(broken) > 10


def _rings(r) -> bool:
    """Each ring a loop (a hole in its middle: no point within 70% of the median radius of its
    centre), and the two laid apart (their centres further apart than their radii added)."""
    centres, radii = [], []
    for g in (0, 1):
        points = r.embedding[r.labels == g]
        centres.append(points.mean(axis=0))
        distance = np.linalg.norm(points - centres[-1], axis=1)
        if distance.min() < 0.7 * np.median(distance):
            return False
        radii.append(np.median(distance))
    return float(np.linalg.norm(centres[0] - centres[1])) > sum(radii)


def knn_accuracy(points: np.ndarray, labels: np.ndarray) -> float:
    """Five-fold cross-validated accuracy of 5 nearest neighbours on the 2-D points."""
    return float(cross_val_score(KNeighborsClassifier(n_neighbors=5), points, labels, cv=5).mean())


def _perplexities(r) -> bool:
    """On the line: at perplexity 2 the map is clumped, at 15 and up it is not; and the ranks of
    all pairwise distances agree with the data's better at 45 than at 2."""
    c = ex.compare(ex.Params(data="a line"))
    X, _, _ = ex.sample("a line", c.n_points, ex.Params().seed)
    order = [spearmanr(pdist(X), pdist(e))[0] for e in c.embeddings]
    lumps = [clumping(e) for e in c.embeddings]
    at = c.perplexities.index
    return lumps[at(2)] < 0.5 < 0.8 < lumps[at(15)] and order[at(45)] > order[at(2)] + 0.2


CLAIMS = {
    "forming": Claim(
        "Drag **Show iteration** down to 0 and back up, or press ▶ Play on the map (it runs in your "
        "browser from the iteration the slider sets), to watch the map form: the early exaggeration "
        "steps (shaded below) pull each group tight, the rest spreads them out. PCA, beside it, is a "
        "linear projection: its sizes and gaps are real, but groups may overlap.",
        holds=_forming),
    "different sizes": Claim(
        "The clusters' spreads differ ninefold in the data (black bars), yet in the t-SNE map they "
        "come out about the same size: t-SNE expands dense groups and shrinks sparse ones. PCA keeps "
        "the true ratio.",
        holds=lambda r: 8 < size_ratio(r.truth.spread) < 10 and size_ratio(r.truth.map_spread) < 2
        and abs(size_ratio(r.pca_truth.map_spread) / size_ratio(r.truth.spread) - 1) < 0.15),
    "different distances": Claim(
        "Cluster C is four times farther from B than A is, but in the t-SNE map the gaps are much more "
        "alike: points on the dotted line would keep the true ratios. Raise the perplexity to 100 and "
        "the far pair comes out about twice as far apart as the near one: more of the global layout, "
        "still not the truth.",
        state=dict(data="different distances"), holds=_gaps),
    "pure noise": Claim(
        "There are no clusters: every clump in the map is an artefact. Set the perplexity to 2 and the "
        "points pair up into small clumps (Try this, below, measures it); at 30 or 50 it is one round "
        "blob again.",
        state=dict(data="pure noise", perplexity=2), holds=_noise_words),
    "a line": Claim(
        "Colours run along the line in order. At perplexity 2 or 5 the line breaks into pieces, "
        "although the data is perfectly straight.",
        state=dict(data="a line"), holds=_line),
    "linked rings": Claim(
        "The rings are linked in 3-D, which no 2-D map can show: t-SNE keeps each ring as a loop and "
        "lays the two side by side, apart, so the link is lost.",
        state=dict(data="linked rings"), holds=_rings),
    "digits": Claim(
        "Real data: the digits separate well (five nearest neighbours in the map name nine digits in "
        "ten, against half in PCA's), but the gaps between digit clusters, and their sizes, are not "
        "reliable measures of how alike two digits are.",
        state=dict(data="digits"),
        holds=lambda r: knn_accuracy(r.embedding, r.labels) > 0.85 > 0.6 > knn_accuracy(r.pca, r.labels)),
    "perplexities": Claim(
        "Low perplexity sees only the nearest neighbours and breaks data into clumps; high perplexity "
        "keeps more of the global shape (pick *a line* to see both).",
        holds=_perplexities),
    # Shown by the shared code panel from the explorer; the words under test are the same.
    "misreading": Claim(
        ex.MISREADING,
        holds=lambda r: size_ratio(r.truth.map_spread) < 2 < 5 < size_ratio(r.truth.spread)
        and far_over_near(ex.run(ex.Params(data="different distances")).truth) < 1.5
        and clumping(ex.run(ex.Params(data="pure noise", perplexity=2)).embedding) < 0.8),
}
