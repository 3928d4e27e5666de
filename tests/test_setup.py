"""Set-up: the install script waits for a busy apt/dpkg lock (bounded, with a message),
the base install leaves optional and test-only packages to extras, and there is a licence."""

import fcntl
import subprocess
import threading
import time
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


def wait_for_apt(lock: Path, limit: int) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.monotonic()
    out = subprocess.run(
        ["bash", "-c", "source scripts/apt_wait.sh && wait_for_apt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "APT_LOCK_FILES": str(lock), "APT_LOCK_WAIT": str(limit)},
    )
    return out, time.monotonic() - t0


def test_a_free_lock_does_not_wait(tmp_path):
    out, seconds = wait_for_apt(tmp_path / "lock-frontend", 30)
    assert (out.returncode, out.stderr) == (0, "") and seconds < 5


@pytest.mark.slow
def test_a_busy_lock_is_waited_for_until_it_is_released(tmp_path):
    lock = tmp_path / "lock-frontend"
    with open(lock, "a") as held:  # what dpkg does: an fcntl lock on its lock file
        fcntl.lockf(held, fcntl.LOCK_EX)
        release = threading.Timer(3.0, lambda: fcntl.lockf(held, fcntl.LOCK_UN))
        release.start()
        out, seconds = wait_for_apt(lock, 30)
        release.join()
    assert out.returncode == 0
    assert "waiting for another apt-get/dpkg to finish (at most 30s" in out.stderr
    assert 2.5 < seconds < 15


@pytest.mark.slow
def test_a_lock_held_too_long_fails_with_one_clear_line(tmp_path):
    lock = tmp_path / "lock-frontend"
    with open(lock, "a") as held:
        fcntl.lockf(held, fcntl.LOCK_EX)
        out, seconds = wait_for_apt(lock, 3)
    assert out.returncode == 1 and 2.5 < seconds < 15
    assert out.stderr.strip().splitlines()[-1] == (
        "error: another apt-get/dpkg still holds the package lock after 3s; run this again when it has finished"
    )


def test_the_base_install_leaves_viz_and_test_packages_to_extras():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = " ".join(project["dependencies"])
    for optional in ("pyvis", "scipy", "pytest", "selenium", "falkordb", "dask"):
        assert optional not in base
    extras = project["optional-dependencies"]
    assert any(d.startswith("pyvis") for d in extras["viz"]) and any(d.startswith("scipy") for d in extras["viz"])
    tested = next(d for d in extras["test"] if d.startswith("paperkg["))  # the test extra takes viz (and cluster)
    assert "viz" in tested[len("paperkg[") : -1].split(",") and any(d.startswith("pytest") for d in extras["test"])
    assert project["license"] == "MIT" and (ROOT / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.parametrize("command", ["viz", "map"])
def test_kg_viz_and_map_without_the_viz_extra_say_how_to_get_it(monkeypatch, tmp_path, command):
    import sys

    from kg.cli import app

    for name in [m for m in sys.modules if m.startswith(("kg.present.viz", "kg.present.termmap", "pyvis"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyvis", None)  # import pyvis raises ImportError
    result = CliRunner().invoke(app, [command, "--store", str(tmp_path / "none"), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 1
    assert f"kg {command} needs the 'viz' extra (pyvis is not installed): pip install 'paperkg[viz]'" in " ".join(
        result.output.split()
    )
