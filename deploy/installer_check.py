"""Does ``requirements.txt`` install exactly our pins, with a CPU-only torch, under both of
Community Cloud's installers?

Community Cloud installs ``requirements.txt`` with ``uv`` and falls back to ``pip``. Under
``uv``, an ``--extra-index-url`` is searched before PyPI and, by default, a package found on
one index is taken only from there: every package PyTorch's CPU index also mirrors (numpy,
pillow, jinja2, ...) can then only come in the versions that index holds. That index is out of
reach from this machine, so this script serves a stand-in for it on localhost: a PEP 503
folder holding torch 2.13.0+cpu for Python 3.11 and 3.12 and older copies of packages the
real index mirrors. The wheels in it are stubs (metadata only: torch's carries torch's real
dependencies), since a resolution reads nothing else; nothing is installed.

Each form of the requirements is resolved with ``uv pip install --dry-run`` (in a fresh
virtual environment) and ``pip install --dry-run --report`` on every Python found, against the
stand-in and PyPI, with this machine's pip configuration switched off (as on a fresh
machine). A form passes when every ``==`` pin resolves to exactly its version, torch is the
``+cpu`` build, and no CUDA package (``nvidia-*``, ``triton``) comes in.

    python deploy/installer_check.py [--requirements requirements.txt] [--compare]

``--compare`` also resolves the old form (the whole CPU index by ``--extra-index-url``), which
fails under ``uv``: the table shows why the file is written the way it is. Prints a table;
exits 1 if the repository's requirements fail anywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
CPU_HOST = "https://download.pytorch.org"
TORCH = "2.13.0+cpu"
TORCH_NEEDS = ("filelock", "typing-extensions>=4.10.0", "setuptools>=77.0.3", "sympy>=1.13.3",
               "networkx>=2.5.1", "jinja2", "fsspec>=0.8.5")
# Older copies of packages PyTorch's CPU index mirrors, as that index holds them: enough that
# taking a package from the first index that has it cannot give our pins.
MIRRORED = {"numpy": "2.1.2", "pillow": "11.0.0", "jinja2": "3.1.4", "markupsafe": "2.1.5",
            "filelock": "3.13.1", "fsspec": "2024.6.1", "networkx": "3.3", "sympy": "1.13.3",
            "mpmath": "1.3.0", "typing-extensions": "4.12.2", "setuptools": "70.2.0",
            "requests": "2.28.1", "urllib3": "1.26.13", "certifi": "2022.12.7", "idna": "3.4",
            "pyyaml": "6.0.2"}
PYTHONS = ("3.11", "3.12")
OLD_FORM = f"--extra-index-url {CPU_HOST}/whl/cpu\ntorch==2.13.0\n"


def stub_wheel(folder: Path, name: str, version: str, tag: str, needs=()) -> str:
    """A wheel with only its metadata: all a resolver reads."""
    dist = f"{name.replace('-', '_')}-{version}"
    file = f"{dist}-{tag}.whl"
    meta = "".join([f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
                    *(f"Requires-Dist: {n}\n" for n in needs)])
    with zipfile.ZipFile(folder / file, "w") as whl:
        whl.writestr(f"{dist}.dist-info/METADATA", meta)
        whl.writestr(f"{dist}.dist-info/WHEEL", f"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: {tag}\n")
        whl.writestr(f"{dist}.dist-info/RECORD", "")
    return file


def stand_in(root: Path) -> None:
    """``root/whl/cpu``, laid out as download.pytorch.org lays out its CPU index."""
    cpu = root / "whl" / "cpu"
    cpu.mkdir(parents=True)
    files: dict[str, list[str]] = {"torch": []}
    for py in PYTHONS:
        cp = "cp" + py.replace(".", "")
        files["torch"].append(stub_wheel(cpu, "torch", TORCH, f"{cp}-{cp}-manylinux_2_28_x86_64", TORCH_NEEDS))
    for name, version in MIRRORED.items():
        files[name] = [stub_wheel(cpu, name, version, "py3-none-any")]
    for name, names in files.items():
        (cpu / name).mkdir()
        links = "".join(f'<a href="/whl/cpu/{f.replace("+", "%2B")}">{f}</a><br>\n' for f in names)
        (cpu / name / "index.html").write_text(f"<html><body>\n{links}</body></html>\n")
    (cpu / "index.html").write_text("".join(f'<a href="{n}/">{n}</a><br>\n' for n in files))


def serve(root: Path) -> str:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the table is the output
        pass


def pins(text: str, python: str) -> dict[str, SpecifierSet]:
    """name -> specifier of every ``==`` pin that applies on Linux x86_64 under ``python``."""
    env = default_environment() | {"python_version": python, "sys_platform": "linux",
                                   "platform_system": "Linux", "platform_machine": "x86_64"}
    out = {}
    for line in text.splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        if [s.operator for s in req.specifier] == ["=="]:
            out[canonicalize_name(req.name)] = req.specifier
    return out


def interpreter(python: str) -> str | None:
    """A Python of that version on this machine (pyenv's, or on PATH)."""
    for candidate in (Path.home() / ".pyenv" / "versions").glob(f"{python}.*/bin/python"):
        return str(candidate)
    return shutil.which(f"python{python}")


def fresh_venv(work: Path, name: str, python: str, seed: bool = False) -> Path:
    """A new, empty virtual environment (``seed``: with a current pip in it)."""
    venv = Path(tempfile.mkdtemp(prefix=name, dir=work))
    seeded = ["--seed"] if seed else []
    command = ["uv", "venv", "-q", "--clear", *seeded, "--no-config", "-p", interpreter(python), str(venv)]
    subprocess.run(command, check=True, env=_clean_env())
    return venv


def resolve_uv(req: Path, python: str, work: Path) -> tuple[dict[str, str] | None, str]:
    venv = fresh_venv(work, f"uv-{python}", python)
    done = subprocess.run(["uv", "pip", "install", "--no-config", "--dry-run", "-p", str(venv), "-r", str(req)],
                          capture_output=True, text=True, env=_clean_env())
    if done.returncode:
        return None, _first_error(done.stderr)
    got = dict(re.findall(r"^ \+ ([^=\s]+)==(\S+)$", done.stderr + done.stdout, re.M))
    return {canonicalize_name(k): v for k, v in got.items()}, ""


# pip still downloads many whole wheels to read them; one pip at a time lets each reuse the
# last one's HTTP cache instead of splitting the bandwidth (here, four at once took 4.5 min
# each; one at a time, about a minute each).
_ONE_PIP = threading.Lock()


def resolve_pip(req: Path, python: str, work: Path) -> tuple[dict[str, str] | None, str]:
    # pip 23.2 (Python 3.11's own) downloads whole wheels to read their metadata; a current pip
    # reads PyPI's metadata files alone, minutes faster.
    venv = fresh_venv(work, f"pip-{python}", python, seed=True)
    report = venv / "report.json"
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--dry-run",
                           "--ignore-installed", "--report", str(report), "-r", str(req)],
                          capture_output=True, text=True, env=_clean_env())
    if done.returncode:
        return None, _first_error(done.stderr)
    items = json.loads(report.read_text())["install"]
    return {canonicalize_name(i["metadata"]["name"]): i["metadata"]["version"] for i in items}, ""


def _clean_env() -> dict:
    # As on a fresh machine: no pip.conf (this one adds local wheels and a constraints file),
    # no uv settings from the environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
    return env | {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _first_error(stderr: str) -> str:
    lines = [s.strip() for s in stderr.splitlines() if s.strip() and not s.startswith("WARNING")]
    said = [s for s in lines if "because" in s.lower() or s.startswith("ERROR")] or lines[-1:] or [""]
    return said[0][:160]


def verdict(got: dict[str, str] | None, error: str, wanted: dict[str, SpecifierSet]) -> str:
    if got is None:
        return f"fails: {error}"
    # A pin without a local label (==2.13.0) admits 2.13.0+cpu, as PEP 440 says; ==2.13.0+cpu
    # admits only that build.
    wrong = [f"{n} {got.get(n, 'missing')} (pinned {v})" for n, v in wanted.items()
             if n not in got or not v.contains(got[n], prereleases=True)]
    cuda = sorted(n for n in got if n.startswith("nvidia-") or n == "triton")
    if not got.get("torch", "").endswith("+cpu"):
        wrong.append(f"torch {got.get('torch', 'missing')}, not the CPU build")
    if cuda:
        wrong.append("CUDA packages: " + ", ".join(cuda[:3]))
    return "exact pins, CPU torch" if not wrong else "wrong: " + "; ".join(wrong[:3])


RESOLVERS = {"uv": resolve_uv, "pip": resolve_pip}


def _check(form: str, text: str, req: Path, python: str, name: str, work: Path) -> tuple[str, float]:
    if interpreter(python) is None:
        return f"no Python {python} on this machine", 0.0
    with _ONE_PIP if name == "pip" else contextlib.nullcontext():
        start = time.perf_counter()
        result = verdict(*RESOLVERS[name](req, python, work), pins(text, python))
        return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", default=str(ROOT / "requirements.txt"))
    parser.add_argument("--compare", action="store_true", help="also resolve the old --extra-index-url form")
    args = parser.parse_args()
    ours = Path(args.requirements).read_text()
    forms = {"requirements.txt": ours}
    if args.compare:
        kept = [s for s in ours.splitlines() if not s.startswith(("--", "torch"))]
        forms["--extra-index-url (old)"] = OLD_FORM + "\n".join(kept) + "\n"
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        stand_in(work / "index")
        url = serve(work / "index")
        print(f"PyTorch's CPU index stood in for by {url}/whl/cpu (torch {TORCH} for "
              f"{', '.join(PYTHONS)}; older {', '.join(sorted(MIRRORED))})\n")
        print(f"| {'form':<26} | {'installer':<9} | python | seconds | result")
        print(f"|{'-' * 28}|{'-' * 11}|--------|---------|--------")
        jobs = []
        for n, (form, text) in enumerate(forms.items()):
            req = work / f"requirements-{n}.txt"
            req.write_text(text.replace(CPU_HOST, url))
            jobs += [(form, text, req, python, name) for python in PYTHONS for name in RESOLVERS]
        # The resolutions wait on the network, not the CPU: run them side by side.
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda job: _check(*job, work), jobs))
        for (form, _, _, python, name), (result, seconds) in zip(jobs, results):
            print(f"| {form:<26} | {name:<9} | {python:<6} | {seconds:7.1f} | {result}")
            failed |= form == "requirements.txt" and not result.startswith("exact")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
