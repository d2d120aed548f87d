"""t-SNE, and what its pictures do not mean
========================================

t-SNE turns distances between points in many dimensions into a 2-D map. For every point it
sets a neighbourhood whose size is chosen so that the point has about *perplexity*
effective neighbours, then moves the points of the map, step by step, until their
neighbourhoods in 2-D match those in the data (it minimises the KL divergence between
the two). The first 250 steps pull neighbours together twelve times harder (*early
exaggeration*), so that groups can find each other before the map settles.

What it keeps is who is near whom. What it does not keep is how big a group is or how
far apart two groups are: each neighbourhood is stretched or shrunk to hold the same
number of neighbours. And with a small perplexity, plain noise breaks into clumps.
(After Wattenberg, Viégas and Johnson, "How to Use t-SNE Effectively", Distill 2016;
the optimisation is openTSNE's.)
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from typing import Callable

import numpy as np

from datasets.readonly import readonly
from explorers._contract import choice, knob
from explorers._memo import Memo

NOTICE = (
    "t-SNE keeps neighbours together, and little else: scrub the iteration slider to watch "
    "the map form, then compare the bars and distances below with the truth the data were "
    "drawn with. Turn the perplexity down to 2 on pure noise and it breaks into clumps."
)
MISREADING = (
    "\"Big clusters in a t-SNE plot are spread-out groups, far-apart clusters are very "
    "different, and clumps mean real clusters\": t-SNE equalises cluster sizes, its gaps "
    "carry little of the true distances, and at low perplexity even pure noise looks clustered."
)
HEADLINE = "kl_divergence"

DIM = 50  # dimension of the generated Gaussian data sets, as in Distill's examples
EARLY = 250  # early-exaggeration steps (openTSNE's and scikit-learn's default)
FRAME_EVERY = 10  # a frame of the embedding is kept every this many iterations
MAX_ITER = 1000
LEARNING_RATES = ("auto", "10", "1000")
COMPARE_PERPLEXITIES = (2, 5, 15, 30, 45)
COMPARE_POINTS = 150  # the side-by-side runs use at most this many points…
COMPARE_ITER = 400  # …and this many iterations each, so five of them stay affordable
N_JOBS = 1  # two threads busy-wait: 15x slower than one on a loaded 2-core server (measured)
NEIGHBOURS = 10  # for the "neighbours kept" score


# The data sets: each returns (X, labels, group names) from an explicit generator.

def different_sizes(n, rng):
    # Three Gaussian clusters in 50-D, far apart, with standard deviations 1, 3 and 9.
    labels = rng.integers(0, 3, n)
    centres = 100.0 * np.eye(3, 50)
    spreads = np.array([1.0, 3.0, 9.0])
    X = centres[labels] + spreads[labels, None] * rng.standard_normal((n, 50))
    return X, labels, ("sd 1", "sd 3", "sd 9")


def different_distances(n, rng):
    # Three unit Gaussian clusters in 50-D on one axis: A and B are 20 apart, B and C 80.
    labels = rng.integers(0, 3, n)
    centres = np.zeros((3, 50))
    centres[:, 0] = [0.0, 20.0, 100.0]
    X = centres[labels] + rng.standard_normal((n, 50))
    return X, labels, ("A", "B", "C")


def pure_noise(n, rng):
    # One round Gaussian blob in 50-D: there are no clusters at all.
    return rng.standard_normal((n, 50)), np.zeros(n, int), ("noise",)


def a_line(n, rng):
    # Points spread evenly along a straight segment in 50-D, a little noise around it.
    t = rng.uniform(0.0, 1.0, n)
    direction = rng.standard_normal(50)
    X = 100.0 * t[:, None] * direction / np.linalg.norm(direction)
    X += 0.5 * rng.standard_normal((n, 50))
    labels = np.minimum((t * 5).astype(int), 4)  # five equal stretches, in order
    return X, labels, ("0-20%", "20-40%", "40-60%", "60-80%", "80-100%")


def linked_rings(n, rng):
    # Two rings of radius 1 in 3-D, each threaded through the other like chain links.
    labels = rng.integers(0, 2, n)
    angle = rng.uniform(0.0, 2 * np.pi, n)
    c, s = np.cos(angle), np.sin(angle)
    X = np.where(labels[:, None] == 0,
                 np.column_stack([c, s, np.zeros(n)]),
                 np.column_stack([1.0 + c, np.zeros(n), s]))
    return X + 0.05 * rng.standard_normal((n, 3)), labels, ("ring 1", "ring 2")


def digits(n, rng):
    # scikit-learn's 8×8 handwritten digits (shipped in its wheel), n of them at random.
    from sklearn.datasets import load_digits

    data = load_digits()
    rows = np.sort(rng.choice(len(data.target), min(n, len(data.target)), replace=False))
    return data.data[rows].astype(float), data.target[rows], tuple(str(d) for d in range(10))


@dataclass(frozen=True)
class Maker:
    make: Callable
    about: str


DATA = {
    "different sizes": Maker(different_sizes, "three clusters in 50-D whose spreads differ ninefold"),
    "different distances": Maker(different_distances, "three equal clusters in 50-D, one pair 4x "
                                                      "farther apart than the other"),
    "pure noise": Maker(pure_noise, "a single Gaussian blob in 50-D, no clusters at all"),
    "a line": Maker(a_line, "a straight line in 50-D, coloured by position along it"),
    "linked rings": Maker(linked_rings, "two rings linked like a chain in 3-D"),
    "digits": Maker(digits, "handwritten digits, 8×8 pixels = 64-D (1,797 in all)"),
}


@dataclass(frozen=True)
class Params:
    data: str = choice(
        "different sizes", options=tuple(DATA), label="Data",
        help="Data whose true structure is known: "
             + "; ".join(f"{k}: {v.about}" for k, v in DATA.items()) + ".")
    n_points: int = knob(300, lo=100, hi=1000, step=50, label="Points",
                         help="How many points are drawn (digits: how many images are picked).")
    perplexity: int = knob(30, lo=2, hi=100, label="Perplexity",
                           help="Roughly how many neighbours each point tries to keep close. "
                                "Capped at (points − 1) / 3, rounded down, as openTSNE requires.")
    # 500 by default (openTSNE's is 750): the map has settled by then on these sets, the KL
    # chart shows whether it has, and 500 points then open in about 1.5 s on two cores.
    iterations: int = knob(500, lo=50, hi=MAX_ITER, step=50, label="Iterations",
                           help=f"Optimisation steps in all; the first {EARLY} (or all, if fewer) "
                                "use early exaggeration. Watch the KL chart: if it still falls "
                                "at the end, give it more.")
    learning_rate: str = choice(
        "auto", options=LEARNING_RATES, label="Learning rate",
        help="Step size. auto: openTSNE's choice, points / exaggeration (points / 12 during "
             "early exaggeration). Too small and the map is still a tight ball when it stops.")
    frame: int = knob(MAX_ITER, lo=0, hi=MAX_ITER, step=FRAME_EVERY, label="Show iteration",
                      help="Which stage of the optimisation to show: 0 is the starting layout "
                           "(PCA, shrunk), later ones every 10 steps. Past the last step the "
                           "final map is shown.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the data and of openTSNE.")


@dataclass(frozen=True)
class Truth:
    """How big the groups are and how far apart, in the data and in a 2-D map."""

    spread: np.ndarray  # (groups,) RMS distance of a group's points to its centre, in the data
    map_spread: np.ndarray  # the same in the map
    distance: np.ndarray  # (pairs,) distance between group centres, in the data
    map_distance: np.ndarray  # the same in the map
    pairs: tuple  # (i, j) of each pair


@dataclass(frozen=True)
class Result:
    data: str
    group_names: tuple
    X: np.ndarray  # (n, d) the data
    labels: np.ndarray  # (n,) the true group of each point
    perplexity: float  # the perplexity used (the requested one, capped)
    learning_rate: str
    early_iterations: int
    iterations: int
    frame_iters: np.ndarray  # (frames,) iteration number of each frame: 0, 10, …, iterations
    frames: np.ndarray  # (frames, n, 2) float32: the map at those iterations
    frame_kl: np.ndarray  # (frames - 1,) KL divergence at every frame after the first
    frame: int  # the frame shown (its iteration), the requested one clamped
    shown: np.ndarray  # (n, 2) the map at that frame
    embedding: np.ndarray  # (n, 2) the final map
    kl_divergence: float  # headline: KL divergence of the final map
    pca: np.ndarray  # (n, 2) PCA of the same data
    pca_variance: float  # share of the variance the two components explain
    truth: Truth  # groups in the data and in the final t-SNE map
    pca_truth: Truth  # the same for PCA
    kept: float  # share of each point's 10 nearest neighbours that are neighbours in the map too
    pca_kept: float

    @property
    def clamped(self) -> bool:
        return self.frame == self.iterations


@dataclass(frozen=True)
class Comparison:
    perplexities: tuple  # those of COMPARE_PERPLEXITIES the points allow
    labels: np.ndarray
    embeddings: np.ndarray  # (len(perplexities), m, 2)
    kl: np.ndarray
    n_points: int
    iterations: int


def sample(data: str, n: int, seed: int):
    """``(X, labels, group names)`` drawn with ``np.random.default_rng(seed)``."""
    return DATA[data].make(n, np.random.default_rng(seed))


def usable_perplexity(perplexity: float, n: int) -> float:
    """openTSNE needs 3 × perplexity neighbours besides the point itself."""
    return float(min(perplexity, (n - 1) // 3))


def run(p: Params, progress=None) -> Result:
    key = (p.data, p.n_points, p.perplexity, p.iterations, p.learning_rate, p.seed)
    h = _RUNS.get(key, lambda report: _compute(*key, progress=report), progress=progress)
    i = len(h["frame_iters"]) - 1 if p.frame >= p.iterations else p.frame // FRAME_EVERY
    return Result(shown=h["frames"][i], frame=int(h["frame_iters"][i]), **h)


# The scrubber only picks another frame of the same run, so runs are remembered on the rest.
_RUNS = Memo(8)
_COMPARED = Memo(8)


def tsne(X, perplexity, iterations, learning_rate, seed, every=FRAME_EVERY, progress=None):
    """openTSNE's ``TSNE(...).fit(X)``, run in pieces of ``every`` steps to keep frames.

    Returns ``(final embedding, frame iterations, frames, KL at each frame after 0)``.
    Each piece continues the same optimiser (its gains and momentum carry over), so the
    pieces end bit-for-bit where ``fit`` ends, provided P is too: openTSNE multiplies P by
    the exaggeration in place and divides it back after a call, which is not exact in
    floating point. ``fit`` does that once, so P is restored before each early piece and
    left as the last one leaves it.
    """
    from openTSNE import TSNE

    early = min(EARLY, iterations)
    model = TSNE(**tsne_arguments(perplexity, iterations, learning_rate, seed))
    embedding = model.prepare_initial(X)
    P = embedding.affinities.P
    original = P.data.copy()
    iters, frames, kl = [0], [np.array(embedding)], []
    for steps, exaggeration, momentum in ((early, model.early_exaggeration, model.initial_momentum),
                                          (iterations - early, model.exaggeration,
                                           model.final_momentum)):
        for piece in _pieces(steps, every):
            if exaggeration not in (None, 1):
                P.data[:] = original
            embedding = embedding.optimize(n_iter=piece, exaggeration=exaggeration,
                                           momentum=momentum, inplace=True,
                                           propagate_exception=True)
            iters.append(iters[-1] + piece)
            frames.append(np.array(embedding))
            kl.append(float(embedding.kl_divergence))
            if progress is not None:
                progress(iters[-1] / iterations, f"t-SNE: iteration {iters[-1]} of {iterations}")
    return np.array(embedding), np.array(iters), np.array(frames), np.array(kl)


def tsne_arguments(perplexity, iterations, learning_rate, seed) -> dict:
    """The arguments of ``openTSNE.TSNE`` for these settings (also pasted into the code)."""
    early = min(EARLY, iterations)
    return dict(perplexity=perplexity,
                learning_rate=learning_rate if learning_rate == "auto" else float(learning_rate),
                early_exaggeration_iter=early, n_iter=iterations - early,
                neighbors="exact", n_jobs=N_JOBS, random_state=seed)


def _pieces(steps, every):
    return [every] * (steps // every) + ([steps % every] if steps % every else [])


def _compute(data, n, perplexity, iterations, learning_rate, seed, progress=None) -> dict:
    from sklearn.decomposition import PCA

    X, labels, names = sample(data, n, seed)
    used = usable_perplexity(perplexity, len(X))
    final, iters, frames, kl = tsne(X, used, iterations, learning_rate, seed, progress=progress)
    pca_model = PCA(n_components=2, svd_solver="full").fit(X)
    pca = pca_model.transform(X)
    frames = frames.astype(np.float32)  # for the screen; the final map is kept in full
    fields = dict(
        data=data, group_names=names, X=X, labels=labels, perplexity=used,
        learning_rate=learning_rate, early_iterations=min(EARLY, iterations),
        iterations=iterations, frame_iters=iters, frames=frames, frame_kl=kl,
        embedding=final, kl_divergence=kl[-1], pca=pca,
        pca_variance=float(pca_model.explained_variance_ratio_.sum()),
        truth=truth(X, final, labels), pca_truth=truth(X, pca, labels),
        kept=neighbours_kept(X, final), pca_kept=neighbours_kept(X, pca),
    )
    return readonly(fields)  # shared by every caller through the memo

def _centres_and_spread(X, labels, groups):
    centres = np.array([X[labels == g].mean(axis=0) for g in groups])
    spread = np.array([np.sqrt(((X[labels == g] - centres[k]) ** 2).sum(axis=1).mean())
                       for k, g in enumerate(groups)])
    return centres, spread


def truth(X, Y, labels) -> Truth:
    """Group sizes (RMS radius) and centre-to-centre distances, in the data X and the map Y."""
    groups = np.unique(labels)
    cx, sx = _centres_and_spread(X, labels, groups)
    cy, sy = _centres_and_spread(Y, labels, groups)
    pairs = tuple((i, j) for i in range(len(groups)) for j in range(i + 1, len(groups)))
    dx = np.array([np.linalg.norm(cx[i] - cx[j]) for i, j in pairs])
    dy = np.array([np.linalg.norm(cy[i] - cy[j]) for i, j in pairs])
    return Truth(sx, sy, dx, dy, pairs)


def neighbours_kept(X, Y, k=NEIGHBOURS) -> float:
    """The share of every point's k nearest neighbours in X that are among its k in Y."""
    from sklearn.neighbors import NearestNeighbors

    near_x = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X, return_distance=False)
    near_y = NearestNeighbors(n_neighbors=k + 1).fit(Y).kneighbors(Y, return_distance=False)
    return float(np.mean([len(set(a[1:]) & set(b[1:])) / k for a, b in zip(near_x, near_y)]))


# The perplexity comparison: five more runs, so on fewer points and fewer iterations.

def compare(p: Params, progress=None) -> Comparison:
    key = (p.data, min(p.n_points, COMPARE_POINTS), p.seed)
    return _COMPARED.get(key, lambda report: _compare(*key, progress=report), progress=progress)


def _compare(data, m, seed, progress=None) -> Comparison:
    X, labels, _ = sample(data, m, seed)
    perplexities = tuple(q for q in COMPARE_PERPLEXITIES if q == usable_perplexity(q, m))
    embeddings, kls = [], []
    for i, q in enumerate(perplexities):
        def part(fraction, text, i=i, q=q):
            progress((i + fraction) / len(perplexities), f"Perplexity {q}: {text}")
        final, _, _, kl = tsne(X, float(q), COMPARE_ITER, "auto", seed, every=50,
                               progress=None if progress is None else part)
        embeddings.append(final)
        kls.append(kl[-1])
    return readonly(Comparison(perplexities, labels, np.array(embeddings), np.array(kls), m, COMPARE_ITER))


def code(p: Params) -> str:
    make = DATA[p.data].make
    source = textwrap.dedent(inspect.getsource(make))
    args = tsne_arguments(usable_perplexity(p.perplexity, p.n_points), p.iterations,
                          p.learning_rate, p.seed)
    shown = ",\n    ".join(f"{k}={v!r}" for k, v in args.items())
    return f'''\
import numpy as np
from openTSNE import TSNE
from sklearn.decomposition import PCA


# The "{p.data}" data: {DATA[p.data].about}.
{source}

X, labels, names = {make.__name__}({p.n_points}, np.random.default_rng({p.seed}))

# openTSNE runs {args["early_exaggeration_iter"]} steps of early exaggeration, then {args["n_iter"]} more.
embedding = TSNE(
    {shown},
).fit(X)
kl_divergence = embedding.kl_divergence  # how far the map's neighbourhoods are from the data's

pca = PCA(n_components=2, svd_solver="full").fit_transform(X)  # the same data, linearly
print(f"KL divergence  {{kl_divergence:.6g}}")
print("map x, y range", np.ptp(np.asarray(embedding), axis=0).round(2))
'''

