"""Hostile images, decoded the old way and the new way side by side (issue 16).

The old way is main's code before issue 16 (commit ``OLD``), read from git, not copied:
``datasets/images.decode_upload`` for uploads, and for the drawing pad what
``st_canvas(..., return_image_data=True).image_data`` did (split the data URL, base64,
``Image.open``, ``np.asarray``) followed by the old ``ink_from_rgba`` (float64) and
``downscale``. The new way is ``datasets.images.decode_upload`` and
``explorers.cnn_filters.drawn_digit``, both through ``datasets/safe_image.py``.

Each (case, way) runs in a fresh Python process, so one case's memory cannot hide another's:
the inputs are made first and written to a temporary folder; the child imports what it needs,
reads its input, resets the kernel's peak-RSS mark (``/proc/self/clear_refs``), then decodes
once for the time and the peak RSS above that baseline, and once more under ``tracemalloc``
for the peak Python and numpy allocate (Pillow's own pixel buffers are C ``malloc``: they
show in RSS only).

    python bench/images.py

Prints a table; asserts nothing. The old way's worst case takes about 1 GB for a moment.
"""

from __future__ import annotations

import ast
import base64
import io
import json
import re
import struct
import subprocess
import os
import sys
import tempfile
import time
import tracemalloc
import types
import zlib
from pathlib import Path

os.environ.setdefault("EXPLORERS_WARM", "0")  # time the pages, not the server's warm-up (ui/warm.py)

ROOT = Path(__file__).resolve().parents[1]
OLD = "45ebc03"  # main before issue 16


def png_declaring(width: int, height: int, colour_type: int = 0, bit_depth: int = 1) -> bytes:
    """A valid flat PNG of any size, built row by row (as tests/hostile/test_images.py)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    row = bytes(1 + (width * channels * bit_depth + 7) // 8)
    z = zlib.compressobj(9)
    stream = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def png_with_text() -> bytes:
    """A 100 × 100 PNG whose 64 zTXt chunks each unpack to 1 MB (65 kB in all)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    text = zlib.compress(b"a" * 1_000_000, 9)
    texts = b"".join(chunk(b"zTXt", b"note%d\0\0" % i + text) for i in range(64))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 100, 100, 8, 0, 0, 0, 0))
    return (b"\x89PNG\r\n\x1a\n" + header + texts + chunk(b"IDAT", zlib.compress(bytes(101) * 100))
            + chunk(b"IEND", b""))


def saved(pixels, fmt: str, **options) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, fmt, **options)
    return buffer.getvalue()


def data_url(data: bytes) -> bytes:
    return b"data:image/png;base64," + base64.b64encode(data)


def make_cases() -> dict[str, tuple[str, bytes]]:
    """name -> (input kind, bytes): "upload" files and "pad" data URLs."""
    import numpy as np

    y, x = np.mgrid[0:3000, 0:4000]
    photo = saved(((x // 8 + y // 8) % 256).astype(np.uint8), "JPEG", quality=80)
    rgba = np.zeros((2000, 3000, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 255
    drawing = np.full((192, 192, 4), 255, np.uint8)
    drawing[40:150, 90:106, :3] = 0
    return {
        "upload: 25 MP RGB PNG (the finding)": ("upload", png_declaring(5000, 5000, colour_type=2, bit_depth=8)),
        "upload: 25000 × 1000 strip": ("upload", png_declaring(25000, 1000, colour_type=2, bit_depth=8)),
        "upload: 200 MP PNG (Pillow's bomb guard)": ("upload", png_declaring(20000, 10000)),
        "upload: TIFF named .png": ("upload", saved(np.zeros((600, 800), np.uint8), "TIFF")),
        "upload: PNG with 64 MB of text chunks": ("upload", png_with_text()),
        "upload: 16 MP RGB PNG (at the limit)": ("upload", png_declaring(4000, 4000, colour_type=2, bit_depth=8)),
        "upload: 12 MP photo JPEG (accepted)": ("upload", photo),
        "upload: 6 MP RGBA PNG (accepted)": ("upload", saved(rgba, "PNG")),
        "pad: 4000 × 4000 PNG (the finding)": ("pad", data_url(png_declaring(4000, 4000, colour_type=6, bit_depth=8))),
        "pad: 4 MB of base64 text": ("pad", b"data:image/png;base64," + b"A" * (4 << 20)),
        "pad: no ';base64,'": ("pad", b"data:image/png,iVBORw0KGgo="),
        "pad: greyscale PNG drawing": ("pad", data_url(saved(drawing[..., 0], "PNG"))),
        "pad: a real 192 × 192 drawing": ("pad", data_url(saved(drawing, "PNG"))),
    }


# ---- the child: one decode, measured ----

def _old_ways():
    """main's decoders before issue 16, read from git at ``OLD``."""
    import numpy as np
    from PIL import Image

    def source(path: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{OLD}:{path}"], check=True,
                              capture_output=True, text=True).stdout

    images = types.ModuleType("old_images")
    sys.modules[images.__name__] = images  # dataclasses look their module up
    exec(source("datasets/images.py"), images.__dict__)  # our own history: stdlib, numpy, Pillow
    cnn = ast.parse(source("explorers/cnn_filters.py"))
    wanted = [node for node in cnn.body if isinstance(node, ast.FunctionDef)
              and node.name in ("downscale", "ink_from_rgba")]
    canvas: dict = {"np": np}
    exec(compile(ast.Module(wanted, []), "old_cnn_filters", "exec"), canvas)

    def old_pad(url: str):
        # st_canvas's CanvasResult.image_data, then the page's two calls.
        _, encoded = url.split(";base64,", 1)
        rgba = np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))))
        return canvas["downscale"](canvas["ink_from_rgba"](rgba))

    return {"upload": images.decode_upload, "pad": old_pad}


def _new_ways():
    sys.path.insert(0, str(ROOT))
    from datasets import images
    from explorers import cnn_filters

    return {"upload": images.decode_upload, "pad": cnn_filters.drawn_digit}


def _rss_mb(field: str) -> float:
    return int(re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024


def child(way: str, kind: str, path: str) -> None:
    decode = (_old_ways() if way == "old" else _new_ways())[kind]
    data = Path(path).read_bytes()
    value = data.decode() if kind == "pad" else data
    from PIL import Image

    Image.init()  # every format plugin imported before the clock and the memory marks start

    def attempt() -> str:
        try:
            out = decode(value)
        except Exception as err:  # the old way raises anything: that is what is measured
            return f"{type(err).__name__}: {err}"
        return f"accepted, {out.shape[0]} × {out.shape[1]} {out.dtype}"

    Path("/proc/self/clear_refs").write_text("5")  # peak RSS from here
    before = _rss_mb("VmRSS")
    start = time.perf_counter()
    outcome = attempt()
    seconds = time.perf_counter() - start
    peak_rss = _rss_mb("VmHWM") - before
    tracemalloc.start()
    attempt()
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(json.dumps({"outcome": outcome, "seconds": seconds, "rss": peak_rss, "traced": traced}))


# ---- the parent: make the inputs, run every case both ways, print the table ----

def main() -> None:
    cases = make_cases()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for i, (name, (kind, data)) in enumerate(cases.items()):
            path = Path(folder) / f"case{i}"
            path.write_bytes(data)
            for way in ("old", "new"):
                done = subprocess.run([sys.executable, __file__, "--child", way, kind, str(path)],
                                      capture_output=True, text=True)
                if done.returncode:
                    result = {"outcome": f"process died ({done.returncode}): {done.stderr.strip()[-80:]}",
                              "seconds": float("nan"), "rss": float("nan"), "traced": float("nan")}
                else:
                    result = json.loads(done.stdout.strip().splitlines()[-1])
                rows.append((name, f"{len(data) / 1024:,.0f} kB", way, result))
                print(f"  {name} ({way}) done", file=sys.stderr)
    print(f"\n{'case':<42} {'input':>9} {'way':<4} {'time ms':>8} {'peak RSS MB':>12} "
          f"{'traced MB':>10}  outcome")
    for name, size, way, r in rows:
        print(f"{name:<42} {size:>9} {way:<4} {1000 * r['seconds']:>8.1f} {r['rss']:>12.1f} "
              f"{r['traced']:>10.2f}  {r['outcome'][:90]}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(*sys.argv[2:5])
    else:
        main()
