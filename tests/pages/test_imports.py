"""The home page stays light: no scikit-learn, SciPy, PyTorch or statsmodels to open it.

Run in a fresh interpreter, since this test process has imported them all already.
"""

import subprocess
import sys

from .apptest import ROOT

CHECK = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=60)
at.run()
assert not at.exception, at.exception
print(" ".join(m for m in ("sklearn", "scipy", "torch", "statsmodels") if m in sys.modules))
"""


def test_home_page_imports_no_heavy_library():
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == []
