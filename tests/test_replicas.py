"""Issue 22's replica drill: 60 sessions over 3 replicas behind HAProxy (deploy/replicas.py).

Each session stays on its replica across a reload; when one replica is stopped, its sessions
reopen their links through the proxy on the others and show the numbers they showed before."""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from deploy import replicas


@pytest.mark.xdist_group("replicas")
def test_sessions_stick_to_their_replica_and_survive_losing_one(monkeypatch):
    monkeypatch.setenv("EXPLORERS_WARM", "0")  # three servers warming pages would fight the drill
    assert os.path.exists(replicas.HAPROXY), "HAProxy is Debian's package: apt-get install haproxy"
    with replicas.cluster(3) as (url, servers):
        # A loop of its own on a thread: on a worker that ran the browser tests, Playwright's
        # loop is still running in this one.
        with ThreadPoolExecutor(1) as thread:
            drill = replicas.check(url, servers, sessions=60, page="bias_variance")
            seen = thread.submit(asyncio.run, drill).result()
    assert len(seen["per_replica"]) == 3 and min(seen["per_replica"].values()) >= 10, seen
    assert seen["sticky_reloads"] == 60, seen
    assert seen["moved"] > 0 and seen["stopped"] not in seen["moved_to"], seen
    assert seen["same_state"] == seen["moved"], seen
    assert seen["others_fine"] == seen["others"] and not seen["errors"], seen
    assert replicas.passed(seen)
