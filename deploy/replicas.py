"""N `streamlit run app.py` replicas behind HAProxy, with cookie stickiness, from one command.

    python deploy/replicas.py [--replicas 3] [--port 8500]          # serve until Ctrl-C
    python deploy/replicas.py --check [--sessions 60] [--page bias_variance]

``--check`` drives the setup with the protocol-level client (bench/protocol.py) and prints a
table: the sessions spread over the replicas; a reload of each page comes back to its own
replica; then one replica is stopped, and each of its sessions, as a tab does when its socket
drops, reloads its link through the proxy: it must land on a live replica and show the same
numbers it showed before. Exits 1 if any of that fails.

The replicas share one cookie secret, as replicas of one app should (Streamlit signs its
cookies with it). HAProxy is Debian's package (``apt-get install haproxy``).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.protocol import Session  # noqa: E402
from tests.e2e.server import StreamlitServer, free_port  # noqa: E402

CONFIG = Path(__file__).with_name("haproxy.cfg")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def config(port: int, replicas: list[int]) -> str:
    servers = "\n".join(f"    server r{i} 127.0.0.1:{p} check inter 1s fall 2 rise 2 cookie r{i}"
                        for i, p in enumerate(replicas, 1))
    return CONFIG.read_text().replace("{port}", str(port)).replace("{servers}", servers)


@contextlib.contextmanager
def cluster(replicas: int, port: int | None = None):
    """``(proxy_url, {name: StreamlitServer})``, everything stopped on exit."""
    os.environ.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(16))
    port = port or free_port()
    with contextlib.ExitStack() as stack:
        servers = {f"r{i}": stack.enter_context(StreamlitServer()) for i in range(1, replicas + 1)}
        cfg = stack.enter_context(tempfile.NamedTemporaryFile("w", suffix=".cfg"))
        cfg.write(config(port, [s.port for s in servers.values()]))
        cfg.flush()
        proxy = subprocess.Popen([HAPROXY, "-f", cfg.name, "-db"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
        stack.callback(proxy.wait, 10)
        stack.callback(proxy.terminate)
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, proxy)
        yield url, servers


def _wait_healthy(url: str, proxy: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proxy.poll() is not None:
            raise RuntimeError("haproxy stopped: " + proxy.stderr.read()[-500:])
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        time.sleep(0.2)
    raise RuntimeError("the proxy never answered")


async def check(url: str, servers: dict, sessions: int, page: str) -> dict:
    """The failover drill; returns what it saw (deploy/replicas.py --check prints it)."""
    tabs = [Session(url, page) for _ in range(sessions)]
    # Open in small waves: a class arrives over seconds, not in one instant.
    for wave in range(0, sessions, 10):
        await asyncio.gather(*(tab.open() for tab in tabs[wave:wave + 10]))
    for i, tab in enumerate(tabs):
        slider = tab.sliders[i % len(tab.sliders)]
        await tab.move(slider, slider.spread(4)[i % 4])
    placed = {id(tab): tab.replica for tab in tabs}
    shown = {id(tab): dict(tab.metrics) for tab in tabs}
    # A reload keeps the REPLICA cookie: the proxy must send it back where it was.
    for tab in tabs:
        await tab.reopen()
    sticky = sum(tab.replica == placed[id(tab)] for tab in tabs)

    victim = collections.Counter(placed.values()).most_common(1)[0][0]
    servers[victim].process.terminate()
    servers[victim].process.wait(10)
    moved = [tab for tab in tabs if placed[id(tab)] == victim]
    started = time.perf_counter()
    await asyncio.gather(*(tab.reopen() for tab in moved))
    failover = time.perf_counter() - started
    stayed = [tab for tab in tabs if placed[id(tab)] != victim]
    await asyncio.gather(*(tab.rerun() for tab in stayed))
    for tab in tabs:
        with contextlib.suppress(Exception):
            await tab.close()
    return {
        "sessions": sessions,
        "per_replica": dict(sorted(collections.Counter(placed.values()).items())),
        "sticky_reloads": sticky,
        "stopped": victim,
        "moved": len(moved),
        "moved_to": dict(sorted(collections.Counter(t.replica for t in moved).items())),
        "same_state": sum(t.metrics == shown[id(t)] and t.runs[-1].status == "ok" for t in moved),
        "others_fine": sum(t.runs[-1].status == "ok" and t.replica == placed[id(t)] for t in stayed),
        "others": len(stayed),
        "errors": [r.status for t in tabs for r in t.runs if r.status != "ok"],
        "failover_seconds": failover,
    }


def passed(seen: dict) -> bool:
    return (len(seen["per_replica"]) > 1 and seen["sticky_reloads"] == seen["sessions"]
            and seen["moved"] > 0 and seen["stopped"] not in seen["moved_to"]
            and seen["same_state"] == seen["moved"] and seen["others_fine"] == seen["others"]
            and not seen["errors"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--check", action="store_true", help="run the failover drill and exit")
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--page", default="bias_variance")
    args = parser.parse_args()
    with cluster(args.replicas, args.port or (None if args.check else 8500)) as (url, servers):
        if not args.check:
            print(f"{args.replicas} replicas behind {url} (Ctrl-C stops them all)", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
            return 0
        seen = asyncio.run(check(url, servers, args.sessions, args.page))
    print("| what | seen |\n|---|---|")
    for key, value in seen.items():
        shown = f"{value:.1f}" if isinstance(value, float) else (value if key != "errors" else len(value))
        print(f"| {key.replace('_', ' ')} | {shown} |")
    ok = passed(seen)
    print("\npassed" if ok else "\nFAILED")
    return int(not ok)


if __name__ == "__main__":
    sys.exit(main())
