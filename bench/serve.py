"""``tests.e2e.server.StreamlitServer`` for any checkout: serve another tree's app beside this
one, so an old tree and a new one are measured side by side in one run."""

from __future__ import annotations

from pathlib import Path

import tests.e2e.server as e2e


class TreeServer(e2e.StreamlitServer):
    """``with TreeServer("/work/main") as server: server.url`` (``None``: this tree)."""

    def __init__(self, tree: str | None = None, script: str = "app.py"):
        super().__init__(script)
        self.tree = Path(tree).resolve() if tree else e2e.ROOT

    def __enter__(self):
        # StreamlitServer starts the app in e2e.ROOT; point it at the tree for this start only
        # (the process's imports then resolve in that tree: `python -m` puts its cwd first).
        saved, e2e.ROOT = e2e.ROOT, self.tree
        try:
            return super().__enter__()
        finally:
            e2e.ROOT = saved
