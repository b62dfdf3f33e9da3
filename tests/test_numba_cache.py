"""Compiled kernels are cached on disk: a second process compiles nothing.

Also in a read-only install (a system site-packages, Binder): numba then falls back to a
user-wide cache directory, and a second start still compiles nothing.
"""

import os
import pathlib
import shlex
import shutil
import stat
import subprocess
import sys

import pytest

import neurocourse

SNIPPET = (
    "import neurocourse as nc\n"
    "nc.neurons.simulate_lif(nc.neurons.LIFParams(), 2.5, duration=10.0)\n"
    "nc.neurons.simulate_izhikevich('RS', 10.0, duration=10.0)\n"
)


def run(env, cwd=None, read_only=None):
    """Run SNIPPET in a fresh interpreter; with ``read_only``, that folder is mounted read-only."""
    cmd = [sys.executable, "-c", SNIPPET]
    if read_only is not None:
        script = (
            f"mount --bind {read_only} {read_only} && mount -o remount,bind,ro {read_only} && "
            + " ".join(shlex.quote(c) for c in cmd)
        )
        cmd = ["unshare", "--mount", "sh", "-c", script]
    out = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stdout + out.stderr)
    return out.stdout + out.stderr


def _can_mount_read_only(folder):
    probe = subprocess.run(
        [
            "unshare",
            "--mount",
            "sh",
            "-c",
            f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && ! touch {folder}/.probe",
        ],
        capture_output=True,
    )
    return shutil.which("unshare") is not None and probe.returncode == 0


def test_second_process_loads_every_kernel_from_the_cache():
    env = dict(os.environ, NUMBA_DEBUG_CACHE="1")
    run(env)  # compiles, or loads from an earlier run
    second = run(env)
    assert "data loaded" in second
    assert "data saved" not in second


def test_read_only_install_falls_back_to_a_user_cache(tmp_path):
    package = pathlib.Path(neurocourse.__file__).parent
    site = tmp_path / "site"
    shutil.copytree(package, site / "neurocourse", ignore=shutil.ignore_patterns("__pycache__"))
    read_only = None
    if os.geteuid() == 0:
        # root ignores file modes: mount the copy read-only in a private mount namespace instead
        if not _can_mount_read_only(site):
            pytest.skip("running as root without permission to mount a read-only folder")
        read_only = site
    else:
        for path in sorted(site.rglob("*"), reverse=True) + [site]:
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        env = dict(
            os.environ,
            NUMBA_DEBUG_CACHE="1",
            PYTHONPATH=str(site),
            XDG_CACHE_HOME=str(tmp_path / "cache"),
            HOME=str(tmp_path / "home"),
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.pop("NUMBA_CACHE_DIR", None)
        first = run(env, cwd=tmp_path, read_only=read_only)
        assert "data saved" in first
        assert not list(site.rglob("*.nbi"))  # nothing written into the install ...
        assert list((tmp_path / "cache").rglob("*.nbi")) or list((tmp_path / "home").rglob("*.nbi"))
        second = run(env, cwd=tmp_path, read_only=read_only)
        assert "data loaded" in second and "data saved" not in second  # ... and a restart compiles nothing
    finally:
        for path in [site] + sorted(site.rglob("*")):
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
