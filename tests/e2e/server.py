"""A real ``streamlit run app.py`` on a free local port, and a headless Chromium to drive it.

Chromium is Debian's (``/usr/bin/chromium``): browser downloads do not work on our
machines, so Playwright is pointed at it with ``executable_path``. Waiting follows
Streamlit's own end-to-end tests: the app is connected, then the script is idle.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The background-networking flags keep Chromium from dialling Google on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Browser groups (tests/e2e/conftest.py): pytest.ini runs two pytest-xdist workers, and each
# group goes whole to one of them, with its own server and Chromium (session fixtures are
# per worker process).
BROWSERS = 2
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Widgets load their code lazily: until it arrives, each one's slot holds a skeleton.
MOUNTED = "() => !document.querySelector(\"[data-testid='stSkeleton']\")"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """Start with ``with StreamlitServer() as server: server.url``."""

    def __init__(self, script: str = "app.py", port: int | None = None):
        self.script, self.port = script, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "StreamlitServer":
        # The server's output goes to a temporary file, quoted if it fails to start.
        self.log = tempfile.NamedTemporaryFile("w", prefix="streamlit-e2e-", suffix=".log",
                                               delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script,
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


# What the page shows: the first chart's SVG and the main column's text. Waiting for
# it to change (and the script to be idle) is how a test knows its action took effect.
# Counting "running" states does not work: a fast rerun can begin and end within one React
# render, leaving no trace in the DOM. The SVG's markup is re-read only after it changed
# (a MutationObserver marks it): the comparison's first chart is 1 MB of markup, and reading
# it on every animation frame while waiting took ~14 ms a frame from the very redraw timed.
_DRAWN = """() => {
  const svg = document.querySelector(".inplace-chart .main-svg");
  if (!svg) return document.querySelector("[data-testid='stMain']").innerText;
  if (!svg.__watched) {
    svg.__watched = svg.__changed = true;
    new MutationObserver(() => { svg.__changed = true; }).observe(
      svg, {subtree: true, childList: true, attributes: true, characterData: true});
  }
  if (svg.__changed) {
    svg.__markup = svg.innerHTML;
    svg.__changed = false;
  }
  // And the text: a move may change only the numbers (PCA's k past the data's features).
  return svg.__markup + document.querySelector("[data-testid='stMain']").innerText;
}"""
_REDRAWN = "before => (" + _DRAWN + """)() !== before && !!document.querySelector(
  "[data-testid='stApp'][data-test-script-state='notRunning']")"""


def wait_idle(page, timeout: float = 60_000) -> None:
    """After a page load: connected, the first script run has finished, and every
    element has mounted.

    The script state reads "initial" until the first run starts, so "notRunning"
    means a run has ended. Elements mount later still: on a cold page the sidebar's
    sliders can appear out of order for a few hundred milliseconds, so a test that
    picks "the first slider" before then picks the wrong one.
    """
    page.wait_for_selector(CONNECTED, timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(MOUNTED, timeout=timeout)


def drawn(page) -> str:
    return page.evaluate(_DRAWN)


def wait_redrawn(page, before: str, timeout: float = 60_000) -> None:
    """Wait until what the page shows differs from ``before`` and the script is idle."""
    page.wait_for_function(_REDRAWN, arg=before, timeout=timeout)
