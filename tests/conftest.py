import os
import sys
from pathlib import Path

# The server's background warm-up (ui/warm.py) would compete with the tests for the CPU and
# fill the result store they expect to start cold; browser tests' servers inherit this too.
os.environ["EXPLORERS_WARM"] = "0"

# Tests import the app's packages (explorers, figures, ui, datasets) from the repo root.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Every figure a test draws is checked against plotly's schema (the app skips that for speed).
import figures.theme  # noqa: E402

figures.theme.VALIDATE = True

# And every figure builder is held to the result type it names (tests/shapes.py).
from tests import shapes  # noqa: E402

shapes.enforce("figures")
