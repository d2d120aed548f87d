"""The installer check's verdicts (deploy/installer_check.py): what it calls a pass must be one.

The resolutions themselves need the network and run in .ci/run; these check the judging."""

from deploy import installer_check as check

TEXT = """--find-links https://download.pytorch.org/whl/cpu/torch/
numpy==2.4.6  # a comment after the pin
torch==2.13.0+cpu ; sys_platform == "linux" and platform_machine == "x86_64"
torch==2.13.0 ; sys_platform != "linux" or platform_machine != "x86_64"
keras==3.15.1 ; python_version >= "3.12"
"""
GOOD = {"numpy": "2.4.6", "torch": "2.13.0+cpu", "filelock": "4.3.2"}


def test_a_resolution_with_every_pin_and_the_cpu_build_passes():
    assert check.verdict(GOOD, "", check.pins(TEXT, "3.11")) == "exact pins, CPU torch"


def test_pins_follow_the_markers_of_the_python_asked_about():
    assert set(check.pins(TEXT, "3.11")) == {"numpy", "torch"}
    assert "keras" in check.pins(TEXT, "3.12")
    # keras is pinned for 3.12 and missing from this resolution.
    assert check.verdict(GOOD, "", check.pins(TEXT, "3.12")).startswith("wrong: keras missing")


def test_an_older_copy_a_cuda_build_or_a_failure_is_not_a_pass():
    wanted = check.pins(TEXT, "3.11")
    assert "numpy 2.1.2" in check.verdict(GOOD | {"numpy": "2.1.2"}, "", wanted)
    old = check.pins("torch==2.13.0", "3.11")
    assert "not the CPU build" in check.verdict(GOOD | {"torch": "2.13.0"}, "", old)
    assert "CUDA" in check.verdict(GOOD | {"nvidia-cublas-cu12": "12.8"}, "", wanted)
    assert check.verdict(None, "no version of numpy==2.4.6", wanted).startswith("fails: no version")


def test_the_stand_in_lays_out_torch_for_each_python_and_older_mirrored_copies(tmp_path):
    check.stand_in(tmp_path)
    page = (tmp_path / "whl" / "cpu" / "torch" / "index.html").read_text()
    for python in check.PYTHONS:
        cp = "cp" + python.replace(".", "")
        assert f"torch-2.13.0%2Bcpu-{cp}-{cp}-manylinux_2_28_x86_64.whl" in page
    assert (tmp_path / "whl" / "cpu" / f"numpy-{check.MIRRORED['numpy']}-py3-none-any.whl").exists()
