"""How long each page's lesson states take to compute cold: the defaults, every tour step
and every challenge, run once each in this process (what a teacher's Next waits for on a
fresh server, and what ui/warm.py computes in the background instead).

    python bench/lessons.py [--page dqn ...]

Prints a table; asserts nothing. The first state of a page also pays for its imports.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorers import all_explorers  # noqa: E402
from ui.warm import slow_explorers, states  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", help="only these explorers (module names)")
    args = parser.parse_args()
    warmed = set(slow_explorers())
    print(f"{'page':22s} {'states':>6s} {'worst (s)':>10s} {'all (s)':>8s}  warmed")
    for explorer in all_explorers():
        name = explorer.__name__.rsplit(".", 1)[-1]
        if args.page and name not in args.page:
            continue
        times = []
        for params in states(explorer):
            start = time.perf_counter()
            explorer.run(params)
            times.append(time.perf_counter() - start)
        print(f"{name:22s} {len(times):6d} {max(times):10.2f} {sum(times):8.2f}  "
              f"{'yes' if explorer in warmed else ''}", flush=True)


if __name__ == "__main__":
    main()
