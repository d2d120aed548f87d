"""The convolution explorer: numpy's sliding windows checked against torch.nn.functional,
the images against scikit-learn's loaders, uploads against bad files, and the data the
figures carry."""

import io

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from scipy.signal import convolve2d, correlate2d

from datasets import images
from explorers import convolution as ex
from explorers._contract import knobs
from figures import convolution as figs


def torch_conv(x, w, stride, padding, dilation):
    t = torch.tensor(x, dtype=torch.float64)[None, None]
    k = torch.tensor(w, dtype=torch.float64)[None, None]
    return F.conv2d(t, k, stride=stride, padding=padding, dilation=dilation)[0, 0].numpy()


# Reference checks against PyTorch.

@pytest.mark.parametrize("shape", [(32, 32), (64, 96), (37, 50)])
@pytest.mark.parametrize("stride, padding, dilation", [
    (1, 0, 1), (1, 1, 1), (2, 1, 1), (3, 0, 2), (4, 3, 4), (2, 2, 3), (1, 3, 1), (4, 0, 1),
])
def test_conv2d_is_torchs_conv2d(shape, stride, padding, dilation):
    rng = np.random.default_rng(sum(shape) + 10 * stride + 100 * padding + 1000 * dilation)
    x, w = rng.random(shape), rng.normal(size=(3, 3))
    ours = ex.conv2d(x, w, stride, padding, dilation)
    expected = torch_conv(x, w, stride, padding, dilation)
    assert ours.shape == expected.shape
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-12)
    for n, m in zip(shape, ours.shape):
        assert ex.output_size(n, padding, dilation, stride) == m


@pytest.mark.parametrize("size", [2, 3, 4])
@pytest.mark.parametrize("shape", [(64, 96), (31, 17), (9, 9)])
def test_pooling_is_torchs_max_and_avg_pool2d(size, shape):
    x = np.random.default_rng(size).normal(size=shape)
    t = torch.tensor(x)[None]
    np.testing.assert_array_equal(ex.pool2d(x, size, "max"), F.max_pool2d(t, size)[0].numpy())
    np.testing.assert_allclose(ex.pool2d(x, size, "average"), F.avg_pool2d(t, size)[0].numpy(),
                               rtol=1e-12, atol=1e-15)


def test_cnn_convolution_is_cross_correlation_not_flipped():
    x = np.random.default_rng(1).random((20, 24))
    sobel_x = ex.kernel_of(ex.Params(kernel="Sobel x"))[0].astype(float)
    out = ex.conv2d(x, sobel_x, 1, 1, 1)
    np.testing.assert_allclose(out, correlate2d(x, sobel_x, mode="same"), atol=1e-12)
    # A true (flipped) convolution gives Sobel x's map with its sign reversed.
    np.testing.assert_allclose(convolve2d(x, sobel_x, mode="same"), -out, atol=1e-12)
    # Dark on the left, bright on the right: Sobel x as written responds positively.
    step = np.tile((np.arange(10) >= 5).astype(float), (6, 1))
    assert ex.conv2d(step, sobel_x, 1, 0, 1).min() >= 0 and ex.conv2d(step, sobel_x, 1, 0, 1).max() > 0


# The page's numbers.

CASES = [ex.Params(), ex.Params(image="digits", stride=2, dilation=3, padding=0, seed=5, row=3, col=4),
         ex.Params(image="shapes", kernel="outline", stride=3, padding=3, dilation=2, row=7, col=20,
                   pool="average", pool_size=3),
         ex.Params(image="flower", kernel="custom", weights=((4, 0, 1), (-2, 0, -7), (-1, 10, 1)),
                   divisor=3, row=0, col=0)]


@pytest.mark.parametrize("p", CASES)
def test_run_matches_torch_and_its_written_sum(p):
    r = ex.run(p)
    image = images.load(p.image, p.seed)
    np.testing.assert_allclose(r.out, torch_conv(image, r.kernel, p.stride, p.padding, p.dilation),
                               rtol=1e-12, atol=1e-12)
    pool = F.max_pool2d if p.pool == "max" else F.avg_pool2d
    np.testing.assert_allclose(r.pooled, pool(torch.tensor(r.out)[None], p.pool_size)[0].numpy(),
                               rtol=1e-12, atol=1e-15)
    # The nine numbers written out are the padded input under the kernel's taps.
    padded = np.pad(image, p.padding)
    for i, ty in enumerate(r.taps_y):
        for j, tx in enumerate(r.taps_x):
            inside = 0 <= ty < image.shape[0] and 0 <= tx < image.shape[1]
            assert r.patch[i, j] == (image[ty, tx] if inside else 0.0)
            assert r.patch[i, j] == padded[ty + p.padding, tx + p.padding]
    assert r.products.sum() == pytest.approx(r.value, rel=1e-12, abs=1e-12)
    assert r.value == r.out[r.row, r.col]
    assert f"= {r.value:.4g}" in ex.written_sum(r)
    assert r.taps_y[1] - r.taps_y[0] == p.dilation == r.taps_x[2] - r.taps_x[1]
    assert r.taps_y[0] == r.row * p.stride - p.padding


def test_the_kernel_is_the_presets_or_the_nine_custom_weights():
    weights = tuple(tuple(range(r, r + 3)) for r in (-4, -1, 2))
    custom = ex.Params(kernel="custom", weights=weights, divisor=4)
    k, d = ex.kernel_of(custom)
    np.testing.assert_array_equal(k, np.arange(-4, 5).reshape(3, 3))
    assert d == 4
    np.testing.assert_array_equal(ex.run(custom).kernel, np.arange(-4, 5).reshape(3, 3) / 4)
    # A preset holds its own weights and divisor, whatever custom ones were given: the page
    # shows them greyed out, and "custom" starts from them.
    boxed = ex.Params(kernel="box blur", weights=weights, divisor=4)
    assert boxed == ex.Params(kernel="box blur")
    assert boxed.weights == ((1, 1, 1),) * 3 and boxed.divisor == 9
    k, d = ex.kernel_of(boxed)
    np.testing.assert_array_equal(k, np.ones((3, 3)))
    assert d == 9
    # Custom without weights: the default kernel's.
    assert ex.Params(kernel="custom").weights == ex.KERNELS[ex.DEFAULT_KERNEL][0]


def test_the_weights_box_reads_a_matrix_and_the_link_writes_it_compactly():
    k = knobs(ex.Params)["weights"]
    text = k.write(ex.KERNELS["emboss"][0])
    assert text.splitlines() == [" -2  -1   0", " -1   1   1", "  0   1   2"]  # columns line up
    assert k.read(text) == ex.KERNELS["emboss"][0]
    assert k.read("1, 2, 3\n4 5 6\n−7 8 9") == ((1, 2, 3), (4, 5, 6), (-7, 8, 9))
    assert k.encode(ex.KERNELS["emboss"][0]) == "-2 -1 0_-1 1 1_0 1 2"
    assert k.parse("-2 -1 0_-1 1 1_0 1 2") == ex.KERNELS["emboss"][0]
    for bad, words in [("1 2 3\n4 5 6", "2 rows"), ("1 2 3\n4 5 6\n7 8 11", "outside"),
                       ("1 2 3 4\n4 5 6 7\n7 8 9 1", "4 columns"), ("1 2 3\n4 5\n7 8 9", "same length")]:
        with pytest.raises(ValueError, match=words):
            k.read(bad)


@pytest.mark.parametrize("name", list(ex.KERNELS))
def test_presets_do_what_their_names_say(name):
    x = images.load("shapes")
    r = ex.run(ex.Params(image="shapes", kernel=name, padding=1))
    interior = r.out[1:-1, 1:-1]
    flat = x[1:-1, 1:-1]
    if name == "identity":
        np.testing.assert_array_equal(r.out, x)
    elif name in ("box blur", "Gaussian blur"):  # weights sum to 1: a flat area stays as it is
        assert r.kernel.sum() == pytest.approx(1.0)
        assert interior.max() <= flat.max() + 1e-12 and interior.min() >= -1e-12
    elif name in ("outline", "Sobel x", "Sobel y"):  # weights sum to 0: a flat area gives 0
        assert r.kernel.sum() == 0
        assert r.out[30, 20] == 0  # inside the square
    elif name == "sharpen":
        assert r.kernel.sum() == 1
    elif name == "emboss":
        assert r.kernel.sum() == 1


def test_sobel_x_sees_vertical_edges_and_sobel_y_horizontal_ones():
    x = np.zeros((20, 20))
    x[:, 10:] = 1.0  # one vertical edge
    gx = ex.conv2d(x, np.array(ex.KERNELS["Sobel x"][0]), 1, 0, 1)
    gy = ex.conv2d(x, np.array(ex.KERNELS["Sobel y"][0]), 1, 0, 1)
    assert np.abs(gx).max() == 4 and np.abs(gy).max() == 0


def test_output_pixel_is_clamped_to_the_map_and_pooling_may_drop_it():
    r = ex.run(ex.Params(image="digits", stride=2, padding=0, row=ex.MAX_OUT - 1, col=2))
    assert r.out.shape == (15, 15) and (r.row, r.col) == (14, 2) and r.clamped
    assert r.pool_row is None  # 15 rows pool to 7 blocks of 2: row 14 is dropped
    inside = ex.run(ex.Params(row=5, col=7, pool_size=3))
    assert not inside.clamped and (inside.pool_row, inside.pool_col) == (1, 2)


def test_bad_settings_for_a_small_upload_say_what_to_change():
    with pytest.raises(ValueError, match="dilation"):
        ex.analyse(ex.Params(padding=0, dilation=4), np.zeros((8, 40)))
    with pytest.raises(ValueError, match="pool"):
        ex.analyse(ex.Params(padding=0, stride=4, pool_size=4), np.zeros((12, 40)))


def test_results_are_read_only_and_the_callers_image_stays_writable():
    mine = np.random.default_rng(0).random((40, 60))
    r = ex.analyse(ex.Params(), mine)
    assert mine.flags.writeable
    for array in (r.image, r.padded, r.kernel, r.out, r.pooled, r.patch, r.products):
        assert not array.flags.writeable
    np.testing.assert_array_equal(r.image, mine)


def test_every_slider_corner_fits_every_shipped_image():
    """The page promises no error for any setting of a shipped image (AppTest also checks)."""
    for name in images.PICTURES:
        worst = ex.Params(image=name, stride=ex.MAX_STRIDE, padding=0, dilation=ex.MAX_DILATION, pool_size=4)
        r = ex.run(worst)
        assert min(r.pooled.shape) >= 1
        biggest = ex.run(ex.Params(image=name, padding=ex.MAX_PADDING))
        assert max(biggest.out.shape) <= ex.MAX_OUT


def test_size_formula_shows_the_current_numbers():
    r = ex.run(ex.Params(image="digits", stride=3, padding=2, dilation=2, pool_size=2))
    height, width = ex.size_formula(r)
    m = (32 + 4 - 4 - 1) // 3 + 1
    assert f"⌊(32 + 2·2 − 2·(3 − 1) − 1) / 3⌋ + 1 = ⌊31 / 3⌋ + 1 = {m}" in height
    assert r.out.shape == (m, m) and f"pooled ⌊{m} / 2⌋ = {m // 2}" in width


# The images.

@pytest.mark.parametrize("name", ["china", "flower"])
def test_photos_are_sklearns_sample_images_in_pillows_grey(name):
    from sklearn.datasets import load_sample_image

    rgb = load_sample_image(f"{name}.jpg")
    expected = np.asarray(Image.fromarray(rgb).convert("L").resize((96, 64), Image.Resampling.BOX)) / 255.0
    np.testing.assert_array_equal(images.load(name), expected)


def test_digits_montage_is_load_digits():
    from sklearn.datasets import load_digits

    bunch = load_digits()
    picks = images.digit_picks(7)
    m = images.load("digits", 7)
    assert m.shape == (32, 32)
    np.testing.assert_array_equal(m[8:16, 16:24], bunch.images[picks[6]] / 16.0)  # grid row 1, col 2
    np.testing.assert_array_equal(images.digit_labels(7), bunch.target[picks])
    assert not np.array_equal(m, images.load("digits", 8))


def _png(array: np.ndarray, mode=None) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array, mode).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_upload_is_shrunk_to_grey():
    rgb = np.zeros((300, 200, 3), np.uint8)
    rgb[:, 100:, 0] = 255  # right half red
    out = images.decode_upload(_png(rgb))
    assert out.shape == (96, 64) and not out.flags.writeable
    assert out[:, :30].max() == 0 and out[:, 40:].min() == pytest.approx(76 / 255)  # Pillow's luma of red
    tiny = images.decode_upload(_png(np.full((10, 12), 200, np.uint8)))
    assert max(tiny.shape) == 96 and tiny.min() == pytest.approx(200 / 255)


@pytest.mark.parametrize("data, message", [
    (b"this is not an image", "could not be read"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "could not be read"),  # a PNG header, then nothing
    (b"x" * (images.MAX_UPLOAD_BYTES + 1), "5 MB"),
])
def test_a_file_that_is_not_an_image_gets_a_plain_message(data, message):
    with pytest.raises(images.UploadError, match=message):
        images.decode_upload(data)


def test_images_too_thin_too_small_or_too_many_pixels_are_refused():
    with pytest.raises(images.UploadError, match="too thin"):
        images.decode_upload(_png(np.zeros((20, 200), np.uint8)))
    with pytest.raises(images.UploadError, match="too small"):
        images.decode_upload(_png(np.zeros((5, 5), np.uint8)))
    # Pixel count is checked from the header, before decoding: a blank 1-bit 6000 × 5000 image.
    with pytest.raises(images.UploadError, match="million"):
        images.decode_upload(_png(np.zeros((5000, 6000), bool), "1"))


# The figures carry the result's data.

def test_figures_show_the_input_the_patch_and_the_maps():
    r = ex.run(ex.Params(image="shapes", kernel="Sobel y", padding=2, dilation=2, row=10, col=12))
    fig = figs.input_figure(r)
    heat = fig.data[0]
    np.testing.assert_array_equal(heat.z, r.padded)
    assert heat.x[0] == -2 and heat.y[-1] == r.image.shape[0] + 1
    rects = [s for s in fig.layout.shapes if s.line.dash in (None, "solid")]
    centres = {(round((s.x0 + s.x1) / 2), round((s.y0 + s.y1) / 2)) for s in rects}
    assert centres == {(int(x), int(y)) for x in r.taps_x for y in r.taps_y}

    feature = figs.feature_figure(r)
    np.testing.assert_array_equal(feature.data[0].z, r.out)
    assert (feature.data[1].x[0], feature.data[1].y[0]) == (r.col, r.row)
    assert feature.data[0].zmin == -feature.data[0].zmax  # signed map: centred scale

    pooled = figs.pooled_figure(r)
    np.testing.assert_array_equal(pooled.data[0].z, r.pooled)
    assert (pooled.data[1].x[0], pooled.data[1].y[0]) == (r.pool_col, r.pool_row)

    summed = figs.sum_figure(r)
    for trace, z in zip(summed.data, (r.patch, r.kernel, r.products)):
        np.testing.assert_array_equal(trace.z, z)


def test_the_maps_caption_reads_true_green_taps_dotted_span_dashed_blue_edge_black_pool_block():
    r = ex.run(ex.Params(padding=2, dilation=2, row=10, col=12))
    shapes = figs.input_figure(r).layout.shapes
    taps = [s for s in shapes if s.line.dash in (None, "solid")]
    assert len(taps) == 9 and all(s.line.color == figs.GREEN for s in taps)
    span = [s for s in shapes if s.line.dash == "dot"]
    assert len(span) == 1 and span[0].line.color == figs.GREEN and span[0].x1 - span[0].x0 == r.span == 5
    edge = [s for s in shapes if s.line.dash == "dash"]
    assert len(edge) == 1 and edge[0].line.color == figs.BLUE
    assert (edge[0].x0, edge[0].x1) == (-0.5, r.image.shape[1] - 0.5)
    unpadded = figs.input_figure(ex.run(ex.Params(padding=0))).layout.shapes
    assert not [s for s in unpadded if s.line.dash == "dash"]
    feature = figs.feature_figure(r)
    block = [s for s in feature.layout.shapes if s.line.color == figs.BLACK]
    assert len(block) == 1 and block[0].line.dash == "dot" and block[0].x1 - block[0].x0 == r.pool_size
    assert block[0].x0 <= r.col <= block[0].x1 and block[0].y0 <= r.row <= block[0].y1
    assert [s.line.color for s in feature.layout.shapes if s not in block] == [figs.GREEN]
    # Colours stop at the 97th percentile of |output| on a signed map too.
    heat = feature.data[0]
    assert heat.zmax == pytest.approx(np.percentile(np.abs(r.out), 97)) and heat.zmin == -heat.zmax


def test_a_blur_map_is_grey_and_saturates_only_the_strongest_pixels():
    r = ex.run(ex.Params(kernel="box blur"))
    heat = figs.feature_figure(r).data[0]
    assert heat.zmin == 0 and heat.colorscale[0][1] == "#000000"
    assert np.mean(np.abs(r.out) > heat.zmax) <= 1 - figs.SATURATE / 100 + 1e-9


def test_an_upload_keys_the_result_store_by_its_pixels_not_its_name():
    from datasets.safe_image import Upload

    pixels = np.random.default_rng(0).random((40, 60))
    a, b = Upload("a.png", pixels), Upload("b.png", pixels.copy())
    assert a == b and hash(a) == hash(b)
    assert Upload("a.png", pixels.T) != a  # the same values in another shape
    changed = pixels.copy()
    changed[0, 0] += 1e-9
    assert Upload("a.png", changed) != a
    assert ex.run(ex.Params(), a).value == ex.analyse(ex.Params(), pixels).value
