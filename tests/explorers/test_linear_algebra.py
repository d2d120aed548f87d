"""The vectors & matrices explorer: checked against numpy.linalg (det, eig, svd, matrix_power)
and scikit-learn's PCA, its presets and links, its code snippet, and the data its figures carry."""

import base64
import dataclasses

import numpy as np
import pytest

import lessons
from explorers import linear_algebra as ex
from explorers._contract import knobs
from figures import linear_algebra as figs
from lessons import linear_algebra as taught

PRESETS = list(ex.PRESETS)


def own(M, **more):
    """Params for "your own" matrix M."""
    (a, b), (c, d) = np.asarray(M, dtype=float)
    return ex.Params(a=float(a), b=float(b), c=float(c), d=float(d), **more)


def grid_matrices(n, seed):
    """n matrices with entries on the sliders' grid (-2 to 2 in steps of 0.1)."""
    rng = np.random.default_rng(seed)
    return [np.round(rng.integers(-20, 21, size=(2, 2)) * ex.STEP, 1) for _ in range(n)]


CASES = [ex.Params(), *(ex.Params(matrix=m) for m in PRESETS),
         *(own(M) for M in grid_matrices(12, seed=1))]
IDS = ["default", *PRESETS, *(f"grid-{i}" for i in range(12))]


# The presets and the sliders.

def test_a_preset_sets_the_entries_and_your_own_keeps_them():
    for name, M in ex.PRESETS.items():
        np.testing.assert_array_equal(ex.Params(matrix=name).A, np.array(M))
        # A preset's sliders are greyed out: a value from a link cannot override them.
        np.testing.assert_array_equal(ex.Params(matrix=name, a=-2.0).A, np.array(M))
    np.testing.assert_array_equal(ex.Params().A, np.array(ex.DEFAULT))
    assert ex.Params(a=-2.0).a == -2.0  # your own: the value given is kept


def test_every_preset_sits_on_the_sliders_grid():
    for name, M in ex.PRESETS.items():
        for value in np.ravel(M):
            steps = (value - ex.LO) / ex.STEP
            assert ex.LO <= value <= ex.HI and abs(steps - round(steps)) < 1e-9, (name, value)
    k = knobs(ex.Params)["a"]
    assert k.follows[0] == "matrix" and k.when == ("matrix", (ex.OWN,))


def test_the_rotation_preset_is_a_rotation():
    A = ex.Params(matrix="rotation").A
    np.testing.assert_allclose(A.T @ A, np.eye(2), atol=1e-15)
    assert np.linalg.det(A) == pytest.approx(1.0)


# The determinant.

@pytest.mark.parametrize("p", CASES, ids=IDS)
def test_the_determinant_is_numpys_and_the_signed_area_of_the_squares_image(p):
    r = ex.run(p)
    expected = np.linalg.det(p.A)
    assert r.det == pytest.approx(expected, abs=1e-14)
    assert r.signed_area == pytest.approx(expected, abs=1e-12)
    np.testing.assert_allclose(r.square_image[[1, 3]], p.A.T)  # î and ĵ land on A's columns


def test_a_singular_matrix_has_determinant_exactly_zero_not_rounding():
    for M in ([[1, 2], [0.5, 1]], [[0.3, 0.6], [0.1, 0.2]], [[-2, -2], [-2, -2]], [[0, 0], [0, 0]]):
        r = ex.run(own(M))
        assert r.det == 0.0 and np.linalg.matrix_rank(r.A) < 2
        assert abs(np.linalg.det(r.A)) < 1e-15  # what numpy says, up to its rounding
    assert ex.run(own([[0.1, 0], [0, 0.1]])).det == pytest.approx(0.01)  # small is not zero


def test_a_negative_determinant_flips_the_square():
    r = ex.run(ex.Params(matrix="reflection"))
    assert r.det == -1.0 and r.signed_area == pytest.approx(-1.0)
    assert figs.square_colour(r) == figs.PURPLE and "flipped" in figs.square_name(r)


# Eigenvalues and the lines that stay put.

@pytest.mark.parametrize("p", CASES, ids=IDS)
def test_eigenvalues_are_numpys_and_each_line_is_only_scaled(p):
    r = ex.run(p)
    values = np.linalg.eigvals(p.A)
    ours = r.eig_real + 1j * r.eig_imag
    # The same multiset (LAPACK's split of a repeated eigenvalue is rounding of ~1e-8).
    np.testing.assert_allclose(np.sort_complex(ours), np.sort_complex(values), atol=1e-7)
    assert np.all(np.diff(np.abs(ours)) <= 1e-12), "sorted by |λ|, largest first"
    for v, lam in zip(r.lines, r.line_values):
        np.testing.assert_allclose(p.A @ v, lam * v, atol=1e-12)
        assert np.linalg.norm(v) == pytest.approx(1.0)
    if r.kind == "distinct":
        assert len(r.lines) == 2 and abs(r.lines[0] @ r.lines[1]) < 1 - 1e-9  # two different lines
    if r.kind == "complex":
        assert not len(r.lines) and np.iscomplexobj(values) and abs(values[0].imag) > 0


@pytest.mark.parametrize("name, kind, lines, values", [
    ("rotation", "complex", [], []),
    ("shear", "repeated", [[1, 0]], [1]),
    ("scaling", "distinct", [[1, 0], [0, 1]], [1.5, 0.5]),
    ("projection", "distinct", [[0.5 ** 0.5, 0.5 ** 0.5], [-(0.5 ** 0.5), 0.5 ** 0.5]], [1, 0]),
    ("reflection", "distinct", [[0.5 ** 0.5, 0.5 ** 0.5], [-(0.5 ** 0.5), 0.5 ** 0.5]], [1, -1]),
    ("singular", "distinct", [[2 / 5 ** 0.5, 1 / 5 ** 0.5], [-2 / 5 ** 0.5, 1 / 5 ** 0.5]], [2, 0]),
])
def test_each_presets_lines_that_stay_put(name, kind, lines, values):
    r = ex.run(ex.Params(matrix=name))
    assert r.kind == kind
    np.testing.assert_allclose(r.lines.reshape(-1, 2), np.array(lines, dtype=float).reshape(-1, 2), atol=1e-12)
    np.testing.assert_allclose(r.line_values, values, atol=1e-12)


def test_a_multiple_of_the_identity_keeps_every_line_and_singles_none_out():
    for M, note in (([[1.5, 0], [0, 1.5]], "Every line stays put"), ([[0, 0], [0, 0]], "A = 0")):
        r = ex.run(own(M))
        assert r.kind == "scalar" and r.dominant == -1 and not len(r.lines)
        assert figs.no_line_note(r).startswith(note)


def test_complex_eigenvalues_are_a_turn_and_a_scale_in_a_skewed_basis():
    """What the page says for complex eigenvalues a ± bi: in the basis of the eigenvector's
    real and imaginary parts, A is |λ| times a rotation by arg λ."""
    for p in (ex.Params(matrix="rotation"), own([[1, -1.5], [0.8, 0.5]]), own([[0.3, -2], [1, -0.4]])):
        r = ex.run(p)
        assert r.kind == "complex"
        values, vectors = np.linalg.eig(p.A)
        v = vectors[:, 0]
        P = np.column_stack([v.real, v.imag])
        similar = np.linalg.solve(P, p.A @ P)
        theta = np.radians(r.turn)
        turn = r.modulus * np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
        assert np.allclose(similar, turn) or np.allclose(similar, turn.T)  # one way round or the other
        assert r.modulus == pytest.approx(abs(values[0])) == pytest.approx(np.sqrt(np.linalg.det(p.A)))
    assert ex.run(ex.Params(matrix="rotation")).turn == pytest.approx(np.degrees(np.arctan2(0.6, 0.8)))


def test_a_near_tie_from_rounding_is_one_repeated_eigenvalue():
    # trace² = 4 det exactly in real numbers: LAPACK returns two values ~1e-8 apart, or a
    # complex pair with an imaginary part of that size.
    r = ex.run(own([[1.1, 0.1], [-0.1, 0.9]]))
    assert r.kind == "repeated" and np.all(r.eig_imag == 0)
    assert r.eig_real[0] == r.eig_real[1] == pytest.approx(1.0)
    np.testing.assert_allclose(r.A @ r.lines[0], r.lines[0], atol=1e-12)


# Power iteration.

@pytest.mark.parametrize("p", CASES, ids=IDS)
def test_each_iterate_is_the_matrix_power_applied_to_the_start(p):
    r = ex.run(dataclasses.replace(p, steps=ex.MAX_STEPS))
    x0 = ex.direction(r.start)
    for k, x in enumerate(r.iterates):
        y = np.linalg.matrix_power(p.A, k) @ x0
        np.testing.assert_allclose(x, y / np.linalg.norm(y), atol=1e-9)
    if r.zero_at >= 0:
        y = np.linalg.matrix_power(p.A, r.zero_at) @ x0
        assert np.linalg.norm(y) <= 1e-10 * np.linalg.norm(p.A, 2) ** r.zero_at
    else:
        assert len(r.iterates) == ex.MAX_STEPS + 1


@pytest.mark.parametrize("p", [c for c in CASES if ex.run(c).dominant >= 0 and ex.run(c).kind == "distinct"])
def test_the_dominant_line_is_numpys_eigenvector_of_largest_size_and_takes_over(p):
    r = ex.run(dataclasses.replace(p, steps=ex.MAX_STEPS))
    values, vectors = np.linalg.eig(p.A)
    top = np.argmax(np.abs(values))
    v = vectors[:, top].real / np.linalg.norm(vectors[:, top].real)
    assert abs(r.lines[r.dominant] @ v) == pytest.approx(1.0)
    ratio = np.sort(np.abs(values))[0] / np.abs(values[top])
    assert r.ratio == pytest.approx(ratio, abs=1e-12)
    if r.zero_at < 0 and r.angles[0] > 1 and ratio < 0.6:
        # Geometric, at about the rate |λ₂/λ₁|, down to rounding.
        assert r.angles[-1] < max(90 * ratio ** 15, 1e-9)
        assert r.angles[-1] <= r.angles[0]


def test_the_angle_shrinks_by_the_eigenvalue_ratio_a_step():
    r = ex.run(ex.Params(steps=ex.MAX_STEPS))
    values = np.abs(np.linalg.eigvals(r.A))
    np.testing.assert_allclose(taught.tangent_ratios(r)[10:], values.min() / values.max(), rtol=1e-3)


def test_the_stretch_each_step_tends_to_the_largest_eigenvalue_in_size():
    for p in (ex.Params(steps=ex.MAX_STEPS), ex.Params(matrix="scaling"), own([[-1.5, 0.4], [0.2, 0.3]])):
        r = ex.run(p)
        top = np.abs(np.linalg.eigvals(p.A)).max()
        assert r.stretch[-1] == pytest.approx(top, rel=1e-4)
        np.testing.assert_allclose(r.stretch, np.linalg.norm(r.iterates[:-1] @ p.A.T, axis=1))


def test_a_start_on_the_weaker_line_never_turns():
    r = ex.run(ex.Params(steps=ex.MAX_STEPS, start=taught.WEAK_START))
    assert abs(ex.direction(taught.WEAK_START) @ r.lines[1]) == pytest.approx(1.0)
    np.testing.assert_allclose(r.angles, r.angles[0], atol=1e-6)


def test_a_start_on_the_null_line_is_sent_to_zero_and_the_walk_stops():
    r = ex.run(ex.Params(matrix="projection", start=135, steps=ex.MAX_STEPS))
    assert r.zero_at == 1 and len(r.iterates) == 1 and r.steps == 0 and len(r.stretch) == 0
    nilpotent = ex.run(own([[0, 1], [0, 0]], steps=5))
    assert nilpotent.zero_at == 2 and nilpotent.steps == 1
    np.testing.assert_allclose(nilpotent.iterates[1], [1, 0])


def test_equal_sizes_never_settle():
    r = ex.run(ex.Params(matrix="reflection", steps=ex.MAX_STEPS))
    assert r.dominant == -1 and not len(r.angles)
    # Back and forth between two directions.
    np.testing.assert_allclose(r.iterates[::2], np.broadcast_to(r.iterates[0], (11, 2)), atol=1e-12)
    np.testing.assert_allclose(r.iterates[1::2], np.broadcast_to(r.iterates[1], (10, 2)), atol=1e-12)
    assert abs(r.iterates[0] @ r.iterates[1]) < 0.99


# One map after another.

@pytest.mark.parametrize("then", PRESETS)
def test_the_products_are_one_map_after_the_other(then):
    r = ex.run(ex.Params(then=then))
    B = np.array(ex.PRESETS[then])
    np.testing.assert_allclose(r.BA, B @ r.A)
    np.testing.assert_allclose(r.AB, r.A @ B)
    np.testing.assert_allclose(r.square @ r.BA.T, (r.square @ r.A.T) @ B.T)  # first A, then B
    assert r.commute == np.allclose(r.AB, r.BA)
    assert np.linalg.det(r.BA) == pytest.approx(np.linalg.det(r.AB)) == pytest.approx(r.det * np.linalg.det(B))


def test_rotations_commute_and_most_pairs_do_not():
    assert ex.run(ex.Params(matrix="rotation", then="rotation")).commute
    assert ex.run(own(np.eye(2) * 1.5, then="shear")).commute  # a multiple of I commutes with all
    assert not any(ex.run(ex.Params(then=b)).commute for b in PRESETS)


# The unit circle's image and PCA.

@pytest.mark.parametrize("p", CASES, ids=IDS)
def test_the_circles_image_is_an_ellipse_with_the_singular_values_as_semi_axes(p):
    r = ex.run(p)
    U, s, _ = np.linalg.svd(p.A)
    radii = np.linalg.norm(r.circle_image, axis=1)
    # Sampled every 3°, the drawn ellipse lies between its semi-axes and reaches the long one.
    assert s[1] * (1 - 1e-12) - 1e-15 <= radii.min() and radii.max() <= s[0] * (1 + 1e-12)
    assert radii.max() >= s[0] * np.cos(np.radians(1.5))
    np.testing.assert_allclose(r.singular_values, s)
    # Every point x of it has xᵀ (A Aᵀ)⁻¹ x = 1: the 1σ ellipse of covariance A Aᵀ.
    if r.det != 0:
        inside = np.einsum("ni,ij,nj->n", r.circle_image, np.linalg.inv(p.A @ p.A.T), r.circle_image)
        np.testing.assert_allclose(inside, 1.0, rtol=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pca_of_the_mapped_points_is_the_eigendecomposition_of_their_covariance(seed):
    r = ex.run(ex.Params(seed=seed))
    values, vectors = np.linalg.eigh(np.cov(r.points.T))
    np.testing.assert_allclose(r.pca_variance, values[::-1], rtol=1e-10)
    for i in range(2):
        assert abs(r.pca_components[i] @ vectors[:, 1 - i]) == pytest.approx(1.0)
    np.testing.assert_allclose(r.pca_mean, r.points.mean(axis=0))
    # And close to the population's: A Aᵀ = U diag(s²) Uᵀ, up to sampling noise.
    assert abs(r.pca_components[0] @ r.left_vectors[:, 0]) > np.cos(np.radians(5))
    np.testing.assert_allclose(r.pca_variance, r.singular_values ** 2, rtol=0.25)


def test_a_rotation_maps_the_circle_to_a_circle_with_no_long_axis_for_pca_to_find():
    r = ex.run(ex.Params(matrix="rotation"))
    assert ex.is_circle(r) and not ex.is_circle(ex.run(ex.Params()))
    assert ex.pc1_off_axis(ex.run(ex.Params())) < 5.0
    np.testing.assert_allclose(np.linalg.norm(r.circle_image, axis=1), 1.0)


def test_the_points_are_seeded_standard_normals_mapped_by_a():
    p = ex.Params(seed=7)
    z = np.random.default_rng(7).standard_normal((ex.N_POINTS, 2))
    np.testing.assert_allclose(ex.run(p).points, z @ p.A.T)
    assert not np.allclose(ex.run(p).points, ex.run(ex.Params(seed=8)).points)


def test_the_zero_matrix_has_nothing_for_pca_to_find():
    r = ex.run(own(np.zeros((2, 2))))
    assert not r.pca_fitted and not r.points.any() and not r.pca_variance.any()
    assert r.zero_at == 1


def test_same_params_same_result():
    first, again = ex.run(ex.Params(seed=3, matrix="shear")), ex.run(ex.Params(seed=3, matrix="shear"))
    for field in dataclasses.fields(first):
        np.testing.assert_array_equal(getattr(first, field.name), getattr(again, field.name))


# The grid.

@pytest.mark.parametrize("M", [ex.DEFAULT, [[0.1, 0], [0, 0.1]], [[2, 0], [0, 2]], [[1, 2], [0.5, 1]]])
def test_the_grids_image_is_each_line_mapped_and_reaches_past_the_view(M):
    r = ex.run(own(M))
    np.testing.assert_allclose(r.grid_image, r.grid_lines @ r.A.T)
    n = r.grid_lines.max()
    assert n == ex.MAX_GRID or r.det == 0 or np.all(
        np.abs(np.linalg.solve(r.A, ex.VIEW * np.array([[ex.WIDE, ex.WIDE], [1, -1]]))) <= n)


# The code panel.

@pytest.mark.parametrize("p", [ex.Params(), ex.Params(matrix="rotation", then="shear", steps=20),
                               ex.Params(matrix="singular", steps=7, start=45, seed=9),
                               ex.Params(matrix="projection", start=135, steps=4),
                               own(np.zeros((2, 2)), steps=3), own([[0.3, 0.6], [0.1, 0.2]], then="scaling")])
def test_the_code_reproduces_every_printed_number(p, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<linear algebra code>", "exec"), namespace)
    r = ex.run(p)
    assert namespace["det"] == r.det  # exactly: the same call and the same rounding rule
    np.testing.assert_allclose(np.sort_complex(namespace["eigenvalues"]),
                               np.sort_complex(r.eig_real + 1j * r.eig_imag), atol=1e-7)
    np.testing.assert_array_equal(namespace["x"], r.iterates[r.steps])
    np.testing.assert_array_equal(namespace["points"], r.points)
    if r.pca_fitted:
        np.testing.assert_array_equal(namespace["pca"].components_, r.pca_components)
    assert "det A =" in capsys.readouterr().out


# The figures, on the data they carry.

def typed(array) -> np.ndarray:
    """An array as the figure sends it (a plotly.js typed array), read back."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array)


def trace(fig, name_start):
    return next(t for t in fig.data if (t.name or "").startswith(name_start))


def test_plane_figure_draws_the_images_and_the_columns():
    r = ex.run(ex.Params())
    fig = figs.plane_figure(r)
    np.testing.assert_allclose(np.array([trace(fig, "square's image").x, trace(fig, "square's image").y]).T,
                               r.square_image)
    np.testing.assert_allclose(trace(fig, "circle's image").x, r.circle_image[:, 0])
    assert list(trace(fig, "Aî").x)[-1] == r.A[0, 0] and list(trace(fig, "Aî").y)[-1] == r.A[1, 0]
    assert list(trace(fig, "Aĵ").x)[-1] == r.A[0, 1] and list(trace(fig, "Aĵ").y)[-1] == r.A[1, 1]
    labels = [a.text for a in fig.layout.annotations if a.text]
    assert labels == ["λ = 1.8", "λ = 0.9"]
    assert "1.62" in fig.layout.title.text
    assert trace(fig, "square's image").fillcolor.startswith("rgba(230,159,0")  # orange: not flipped


def test_a_comparisons_plane_is_named_by_its_side_and_leaves_the_legend_to_the_page():
    r = ex.run(ex.Params())
    fig = lessons.main(ex)(r, "A (pinned)")
    assert fig.layout.title.text == "A (pinned): det A = 1.62" and fig.layout.showlegend is False
    assert figs.plane_figure(r).layout.showlegend is not False


def test_plane_figure_says_when_no_line_stays_put():
    fig = figs.plane_figure(ex.run(ex.Params(matrix="rotation")))
    assert any("No line stays put: λ = 0.8 ± 0.6i" in (a.text or "") for a in fig.layout.annotations)
    assert not any((t.name or "").startswith("eigenvector lines") for t in fig.data)


def test_power_walk_plays_each_step_and_opens_at_the_one_shown():
    r = ex.run(ex.Params(steps=5))
    spec = figs.power_walk(r).to_dict()  # as sent: animated figures are built as plain dicts
    shown = next(t for t in spec["data"] if t.get("name") == figs.DIRECTIONS)
    np.testing.assert_allclose(np.array([typed(shown["x"]), typed(shown["y"])]).T, r.iterates[:6])
    assert [f["name"] for f in spec["frames"]] == [str(k) for k in range(6)]
    np.testing.assert_allclose(typed(spec["frames"][2]["data"][0]["x"]), r.iterates[:3, 0], rtol=1e-6)


@pytest.mark.parametrize("name, log", [("your own", True), ("reflection", False), ("rotation", False)])
def test_angle_figure_is_a_log_angle_with_a_dominant_line_and_the_direction_without(name, log):
    r = ex.run(ex.Params(matrix=name, steps=4))
    fig = figs.angle_figure(r)
    first = fig.data[0]
    if log:
        assert fig.layout.yaxis.type == "log"
        np.testing.assert_allclose(first.customdata, r.angles)
        np.testing.assert_allclose(first.y, np.maximum(r.angles, figs.FLOOR))
    else:
        assert fig.layout.yaxis.type != "log"
        np.testing.assert_allclose(first.y, [ex.line_direction(v) for v in r.iterates])
    assert list(fig.data[-1].x) == [4]


def test_the_angle_figure_floors_an_exact_landing_and_says_so():
    r = ex.run(ex.Params(matrix="singular", steps=3))
    assert r.angles[1] < figs.FLOOR
    fig = figs.angle_figure(r)
    assert min(fig.data[0].y) == figs.FLOOR
    assert any("rounding" in (a.text or "") for a in fig.layout.annotations)


def test_product_figures_draw_each_order_on_one_scale():
    r = ex.run(ex.Params())
    first_a, first_b = figs.first_a_figure(r), figs.first_b_figure(r)
    both, other = trace(first_a, "after A, then B"), trace(first_b, "after B, then A")
    np.testing.assert_allclose(np.array([both.x, both.y]).T, r.square @ r.BA.T)
    np.testing.assert_allclose(np.array([other.x, other.y]).T, r.square @ r.AB.T)
    assert first_a.layout.yaxis.range == first_b.layout.yaxis.range


def test_pca_figure_draws_the_fitted_ellipse():
    r = ex.run(ex.Params())
    fig = figs.pca_figure(r)
    fitted = np.array([trace(fig, "PCA's 1σ ellipse").x, trace(fig, "PCA's 1σ ellipse").y]).T
    # Its points x satisfy (x − mean)ᵀ Σ⁻¹ (x − mean) = 1 for the points' covariance Σ.
    d = fitted - r.pca_mean
    inside = np.einsum("ni,ij,nj->n", d, np.linalg.inv(np.cov(r.points.T)), d)
    np.testing.assert_allclose(inside, 1.0, rtol=1e-9)


# The captions the page picks.

@pytest.mark.parametrize("name", [n for n in lessons.claims(ex) if n.startswith(("power", "order"))])
def test_the_page_shows_each_caption_at_the_state_it_was_checked(name):
    claim = lessons.claims(ex)[name]
    r = ex.run(lessons.params_at(ex, claim.state))
    picked = taught.power_claim(r) if name.startswith("power") else taught.order_claim(r)
    assert picked == name
