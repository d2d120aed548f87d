"""Optimizers racing over loss surfaces: SGD, momentum, Nesterov, RMSprop and Adam
==================================================================================

Training a network is walking downhill on its loss surface. Every optimizer here gets the
same thing each step, the gradient at where it stands (from ``torch.autograd``), and only
decides how far to move and in which direction. Plain **SGD** steps against the gradient,
``lr`` times its size. On an ill-conditioned bowl, steep across and shallow along, that is
a bad bargain: a rate small enough not to overshoot across the steep direction crawls along
the shallow one, and a rate above 2/λ_max (λ_max: the steepest curvature) overshoots more
every step and diverges.

**Momentum** keeps a running sum of past gradients (a velocity, decayed by β each step), so
the zigzag across the valley cancels while the steady pull along it adds up: the heavy ball
of Distill's *Why Momentum Really Works*. **Nesterov** looks ahead, taking the gradient
where the velocity is about to carry it. **RMSprop** divides each coordinate's step by a
running root-mean-square of its gradients, so steep and shallow directions move at similar
speeds, and **Adam** does both: momentum on the gradient, RMSprop's scaling, and a bias
correction for the first steps. Their learning rate is therefore a step *length* in
parameter units, not a multiple of the gradient, which is why they have their own slider.

The surfaces: a quadratic bowl whose condition number κ (ratio of curvatures) you set;
Rosenbrock's banana valley (with b = 10 rather than the usual 100, and divided by 5, so
one learning rate suits every surface; it is still 260 times steeper across than along);
a saddle, where a walker started on the ridge never leaves it unless noise nudges it off;
and a bowl dimpled with local minima, where momentum can roll through a dip that traps SGD.
Each surface's minimum is at loss 0, so the loss curves share a log scale.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers._contract import choice, knob, literal, log_knob
from explorers._torch import torch

NOTICE = (
    "On the bowl, plain SGD at lr 0.02 drops straight to the valley floor and then crawls along "
    "it, while momentum (β = 0.9) swings back and forth across the steep direction yet ends far "
    "lower; push SGD's rate past 2/λ_max and it diverges. On the dimpled bowl momentum rolls "
    "through the dips that trap SGD, RMSprop and Adam, and on the saddle every walker stalls "
    "on the ridge until gradient noise nudges it off."
)
MISREADING = (
    "\"Adam is always best\": on a well-tuned quadratic, momentum SGD converges faster, and "
    "Adam's per-coordinate scaling only undoes ill-conditioning along the axes. Nor is a path "
    "that stops going down a minimum: on the saddle the gradient vanishes on a ridge."
)
HEADLINE = "final_loss"

OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "RMSprop", "Adam")
GRID = 121  # contour grid points per axis
FAR = 10.0  # a path further than FAR plot half-widths from the plot's centre has diverged


@dataclass(frozen=True)
class Surface:
    formula: str  # a torch expression in x and y (and kappa, the bowl's condition number)
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    minimum: tuple[float, float]
    about: str


SQRT_HALF = math.sqrt(0.5)
SURFACES = {
    "bowl": Surface("(x**2 + kappa * y**2) / 2", (-3.0, 3.0), (-2.0, 2.0), (0.0, 0.0),
                    "a quadratic bowl: curvature 1 along x, κ along y"),
    "Rosenbrock": Surface("((1 - x)**2 + 10 * (y - x**2)**2) / 5", (-2.0, 2.0), (-1.0, 3.0), (1.0, 1.0),
                          "Rosenbrock's curved valley (b = 10), divided by 5"),
    "saddle": Surface("(x + y)**4 / 16 - x * y + 0.25", (-2.0, 2.0), (-2.0, 2.0), (SQRT_HALF, SQRT_HALF),
                      "a saddle at (0, 0) between two minima at ±(0.71, 0.71)"),
    "local minima": Surface("(x**2 + y**2) / 4 + (torch.sin(2 * x)**2 + torch.sin(2 * y)**2) / 2",
                            (-4.0, 4.0), (-4.0, 4.0), (0.0, 0.0),
                            "a bowl dimpled with local minima; the global one at (0, 0)"),
}
TUNINGS = ("sliders", "Distill's optimum")


@dataclass(frozen=True)
class Params:
    surface: str = choice("bowl", options=SURFACES, label="Loss surface",
                          help="Where the optimizers walk: an ill-conditioned bowl, Rosenbrock's banana "
                               "valley, a saddle, or a bowl with local minima.")
    lr: float = log_knob(0.02, lo=1e-3, hi=1.0, label="SGD learning rate",
                         help="lr of SGD, momentum and Nesterov: the step is lr × gradient, so it "
                              "must stay below 2/λ_max (the steepest curvature) or the walk diverges.")
    adaptive_lr: float = log_knob(0.05, lo=1e-3, hi=1.0, label="Adam / RMSprop learning rate",
                                  help="lr of RMSprop and Adam: about the length of each step in each "
                                       "coordinate, whatever the gradient's size.")
    momentum: float = knob(0.9, lo=0.0, hi=0.99, step=0.01, label="Momentum β",
                           help="How much velocity the momentum and Nesterov walkers keep each step. "
                                "0 is plain SGD; 0.99 remembers about 100 steps.")
    steps: int = knob(100, lo=10, hi=500, step=10, label="Steps",
                      help="How many optimizer steps each walker takes.")
    start_x: float = knob(0.15, lo=0.0, hi=1.0, step=0.05, label="Start, across",
                          help="Where every walker starts, as a fraction of the plot's width.")
    start_y: float = knob(0.85, lo=0.0, hi=1.0, step=0.05, label="Start, up",
                          help="Where every walker starts, as a fraction of the plot's height.")
    kappa: int = knob(60, lo=1, hi=100, label="Condition number κ", when=("surface", "bowl"),
                      help="The bowl's ratio of steepest to shallowest curvature. 1 is a round bowl.")
    tuning: str = choice("sliders", options=TUNINGS, label="Momentum settings", when=("surface", "bowl"),
                         help="Distill's optimum sets SGD's rate to 2/(λ_max + λ_min), and momentum's "
                              "β and rate to the values that converge fastest on this bowl.")
    noise: float = knob(0.0, lo=0.0, hi=2.0, step=0.1, label="Gradient noise",
                        help="Standard deviation of random noise added to every gradient, as a "
                             "mini-batch would: the same noise for every optimizer.")
    seed: int = knob(0, lo=0, hi=99, label="Noise seed", help="Which noise (with gradient noise above 0).")
    highlight: str = choice("Momentum", options=OPTIMIZERS, label="Highlight",
                            help="The optimizer drawn boldest, whose final loss is the headline.")


@dataclass(frozen=True)
class Result:
    surface: str
    formula: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    grid_x: np.ndarray  # (GRID,)
    grid_y: np.ndarray  # (GRID,)
    grid_loss: np.ndarray  # (GRID, GRID) loss, rows along y
    start: np.ndarray  # (2,)
    minimum: np.ndarray  # (2,)
    names: tuple[str, ...]
    paths: tuple[np.ndarray, ...]  # per optimizer, (n + 1, 2): positions after 0..n steps
    losses: tuple[np.ndarray, ...]  # per optimizer, (n + 1,): the loss at each position
    final_losses: np.ndarray  # (5,) the loss where each walker stopped
    diverged_at: np.ndarray  # (5,) int: the step at which each left the FAR box, or -1
    escapes: tuple[np.ndarray | None, ...]  # per optimizer, the finite position that left the box
    sgd_lr: float  # the rates and β actually used (Distill's optimum may replace the sliders')
    momentum_lr: float
    momentum: float
    optimum: tuple[float, float, float] | None  # bowl only: Distill's (SGD lr, momentum lr, β)
    highlight: str
    final_loss: float  # the highlighted optimizer's


def distill_optimum(kappa: float) -> tuple[float, float, float]:
    """On a quadratic with curvatures λ_min = 1 and λ_max = κ: the fastest plain gradient-descent
    rate 2/(λ_max + λ_min), and momentum's fastest rate (2/(√λ_max + √λ_min))² and β
    ((√κ − 1)/(√κ + 1))² (Goh, "Why Momentum Really Works", Distill 2017)."""
    root = math.sqrt(kappa)
    return 2 / (kappa + 1), (2 / (root + 1)) ** 2, ((root - 1) / (root + 1)) ** 2


def start_point(p: Params) -> tuple[float, float]:
    s = SURFACES[p.surface]
    return (s.x_range[0] + p.start_x * (s.x_range[1] - s.x_range[0]),
            s.y_range[0] + p.start_y * (s.y_range[1] - s.y_range[0]))


def settings(p: Params) -> tuple[float, float, float]:
    """(SGD lr, momentum and Nesterov lr, β) after Distill's optimum, if chosen, on the bowl."""
    if p.surface == "bowl" and p.tuning == TUNINGS[1]:
        return distill_optimum(p.kappa)
    return p.lr, p.lr, p.momentum


def loss_function(surface: str, kappa: float):
    """The surface as a torch function of x and y, from the very formula the code snippet prints."""
    return eval(f"lambda x, y: {SURFACES[surface].formula}", {"torch": torch(), "kappa": float(kappa)})


def run(p: Params) -> Result:
    s = SURFACES[p.surface]
    kappa = p.kappa if p.surface == "bowl" else 1  # other surfaces ignore it: share their cache
    sgd_lr, momentum_lr, beta = settings(p)
    walk = _walkers(p.surface, kappa, start_point(p), sgd_lr, momentum_lr, beta, p.adaptive_lr,
                    p.noise, p.seed if p.noise > 0 else 0).walk(p.steps)
    grid_x, grid_y, grid_loss = _grid(p.surface, kappa)
    final = np.array([loss[-1] for loss in walk.losses])
    readonly(final)
    return Result(
        surface=p.surface, formula=s.formula, x_range=s.x_range, y_range=s.y_range,
        grid_x=grid_x, grid_y=grid_y, grid_loss=grid_loss,
        start=readonly(np.array(start_point(p), dtype=float)),
        minimum=readonly(np.array(s.minimum, dtype=float)), names=OPTIMIZERS, paths=walk.paths, losses=walk.losses,
        final_losses=final, diverged_at=walk.diverged_at, escapes=walk.escapes, sgd_lr=sgd_lr, momentum_lr=momentum_lr,
        momentum=beta, optimum=distill_optimum(p.kappa) if p.surface == "bowl" else None,
        highlight=p.highlight, final_loss=float(final[OPTIMIZERS.index(p.highlight)]),
    )


def make_optimizers(params, sgd_lr, momentum_lr, beta, adaptive_lr):
    """One torch.optim optimizer per walker, in the order of OPTIMIZERS. Nesterov with β = 0
    is plain SGD (torch refuses nesterov=True without momentum)."""
    optim = torch().optim
    return [
        optim.SGD([params[0]], lr=sgd_lr),
        optim.SGD([params[1]], lr=momentum_lr, momentum=beta),
        optim.SGD([params[2]], lr=momentum_lr, momentum=beta, nesterov=beta > 0),
        optim.RMSprop([params[3]], lr=adaptive_lr),
        optim.Adam([params[4]], lr=adaptive_lr),
    ]


@dataclass(frozen=True)
class _Walk:
    paths: tuple[np.ndarray, ...]
    losses: tuple[np.ndarray, ...]
    diverged_at: np.ndarray
    escapes: tuple[np.ndarray | None, ...]


class _Walkers:
    """The five walkers for one set of settings, advanced only as far as a page asks.

    Cached without the number of steps: moving the steps slider back is a slice, and moving
    it on continues from where the walkers stopped (the same operations as a fresh run, so
    the same numbers; the tests check). The loss at the current position is always computed,
    with its graph, ready for the next step's gradient.
    """

    def __init__(self, surface, kappa, start, sgd_lr, momentum_lr, beta, adaptive_lr, noise, seed):
        t = torch()
        s = SURFACES[surface]
        self.f = loss_function(surface, kappa)
        self.centre = np.array([sum(s.x_range) / 2, sum(s.y_range) / 2])
        self.half = np.array([s.x_range[1] - s.x_range[0], s.y_range[1] - s.y_range[0]]) / 2
        self.noise = noise
        self.params = [t.tensor(start, dtype=t.float64, requires_grad=True) for _ in OPTIMIZERS]
        self.optimizers = make_optimizers(self.params, sgd_lr, momentum_lr, beta, adaptive_lr)
        # Each walker draws the same noise from its own generator, as the code snippet does.
        self.generators = [t.Generator().manual_seed(seed) for _ in OPTIMIZERS]
        n = len(OPTIMIZERS)
        self.track = [np.tile(np.asarray(start, dtype=float), (n, 1))]  # positions after 0, 1, ... steps
        self.values: list[np.ndarray] = []  # the loss at each of them
        self.diverged = np.full(n, -1)
        self.escapes: list[np.ndarray | None] = [None] * n
        self.active = list(range(n))
        self.lock = threading.Lock()  # sessions share the cache
        self._forward()

    def _forward(self) -> None:
        # The walkers are independent, so one forward pass over all of them stacked and one
        # backward pass of the summed loss give each its own gradient: a fifth of the autograd
        # overhead of five separate loops, with the same numbers.
        t = torch()
        stacked = t.stack([self.params[i] for i in self.active])
        self.loss = self.f(stacked[:, 0], stacked[:, 1])
        row = np.zeros(len(OPTIMIZERS))
        row[self.active] = self.loss.detach().numpy()
        self.values.append(row)

    def _step(self) -> None:
        t = torch()
        grads = t.autograd.grad(self.loss.sum(), [self.params[i] for i in self.active])
        for i, grad in zip(self.active, grads):
            if self.noise > 0:
                grad = grad + self.noise * t.randn(2, generator=self.generators[i], dtype=t.float64)
            self.params[i].grad = grad
            self.optimizers[i].step()
        step = len(self.track)
        here = t.stack([self.params[i] for i in self.active]).detach().numpy()
        row = self.track[-1].copy()
        row[self.active] = here
        self.track.append(row)
        ok = np.isfinite(here).all(axis=1) & (np.abs(here - self.centre) <= FAR * self.half).all(axis=1)
        for j in np.flatnonzero(~ok):
            i = self.active[j]
            self.diverged[i] = step
            # Kept apart from the path (its loss may not even be finite) to draw where it went.
            self.escapes[i] = readonly(np.array(here[j], dtype=float)) if np.isfinite(here[j]).all() else None
        self.active = [i for i, keep in zip(self.active, ok) if keep]
        if self.active:
            self._forward()

    def walk(self, steps: int) -> _Walk:
        with self.lock:
            while len(self.track) <= steps and self.active:
                self._step()
            diverged = np.where((self.diverged > 0) & (self.diverged <= steps), self.diverged, -1)
            length = np.where(diverged > 0, diverged, steps + 1)
            n = len(OPTIMIZERS)
            track, values = np.array(self.track[:steps + 1]), np.array(self.values[:steps + 1])
            # Copies, cut at each optimiser's length: the walkers keep stepping past them.
            return readonly(_Walk(tuple(np.array(track[:length[i], i], dtype=float) for i in range(n)),
                                  tuple(np.array(values[:length[i], i], dtype=float) for i in range(n)),
                                  np.array(diverged, dtype=int),
                                  tuple(e if d > 0 else None for e, d in zip(self.escapes, diverged))))


# Keyed on everything but the number of steps (see _Walkers) and the highlight (a redraw).
@lru_cache(maxsize=16)
def _walkers(surface, kappa, start, sgd_lr, momentum_lr, beta, adaptive_lr, noise, seed) -> _Walkers:
    return _Walkers(surface, kappa, start, sgd_lr, momentum_lr, beta, adaptive_lr, noise, seed)


@lru_cache(maxsize=8)
def _grid(surface, kappa):
    t = torch()
    s = SURFACES[surface]
    gx = np.linspace(*s.x_range, GRID)
    gy = np.linspace(*s.y_range, GRID)
    xx, yy = np.meshgrid(gx, gy)
    with t.no_grad():
        z = loss_function(surface, kappa)(t.from_numpy(xx), t.from_numpy(yy)).numpy()
    return readonly((gx, gy, np.array(z, dtype=float)))


def code(p: Params) -> str:
    s = SURFACES[p.surface]
    sgd_lr, momentum_lr, beta = settings(p)
    x0, y0 = start_point(p)
    centre = (sum(s.x_range) / 2, sum(s.y_range) / 2)
    half = ((s.x_range[1] - s.x_range[0]) / 2, (s.y_range[1] - s.y_range[0]) / 2)
    kappa_line = f"kappa = {float(p.kappa)!r}  # condition number: curvature 1 along x, kappa along y\n" \
        if p.surface == "bowl" else ""
    tuned = ("\n# Distill's optimum for this bowl (Goh, \"Why Momentum Really Works\"):\n"
             "# SGD lr 2/(kappa + 1); momentum lr (2/(sqrt(kappa) + 1))**2, beta ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))**2"
             if p.surface == "bowl" and p.tuning == TUNINGS[1] else "")
    noise_lines = (f"        grad = grad + {literal(p.noise)} * torch.randn(2, generator=noise, dtype=torch.float64)\n"
                   if p.noise > 0 else "")
    return f'''\
import torch

torch.set_num_threads(1)
{kappa_line}

def loss_fn(x, y):  # {p.surface}: {s.about}
    return {s.formula}

{tuned}
sgd_lr, momentum_lr, beta, adaptive_lr = {sgd_lr!r}, {momentum_lr!r}, {beta!r}, {literal(p.adaptive_lr)}
optimizers = {{
    "SGD": lambda w: torch.optim.SGD([w], lr=sgd_lr),
    "Momentum": lambda w: torch.optim.SGD([w], lr=momentum_lr, momentum=beta),
    "Nesterov": lambda w: torch.optim.SGD([w], lr=momentum_lr, momentum=beta, nesterov=beta > 0),
    "RMSprop": lambda w: torch.optim.RMSprop([w], lr=adaptive_lr),
    "Adam": lambda w: torch.optim.Adam([w], lr=adaptive_lr),
}}

# A walker further than {FAR:g} half-widths of the plot from its centre has diverged.
centre = torch.tensor({centre!r}, dtype=torch.float64)
reach = {FAR!r} * torch.tensor({half!r}, dtype=torch.float64)
final = {{}}
for name, make in optimizers.items():
    w = torch.tensor([{x0!r}, {y0!r}], dtype=torch.float64, requires_grad=True)
    opt = make(w)
    noise = torch.Generator().manual_seed({p.seed if p.noise > 0 else 0})
    status, w_before = "converging", w.detach().clone()
    for step in range({p.steps}):
        loss = loss_fn(w[0], w[1])
        grad, = torch.autograd.grad(loss, [w])
{noise_lines}        w.grad = grad
        opt.step()
        if not torch.isfinite(w).all() or ((w.detach() - centre).abs() > reach).any():
            status = f"diverged at step {{step + 1}}"
            w.data = w_before  # the last position inside the box
            break
        w_before = w.detach().clone()
    final[name] = loss_fn(w[0], w[1]).item()
    print(f"{{name:9}} final loss {{final[name]:.4g}} at ({{w[0].item():.3f}}, {{w[1].item():.3f}}), {{status}}")

final_loss = final["{p.highlight}"]
'''
