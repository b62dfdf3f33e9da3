"""Running a student's code in isolation: bubblewrap when installed, else a plain limited process.

Grading runs students' code. Each submission gets its own temporary folder; every process
that runs its code (the notebook's kernel, the student process of each check) starts

* with a scrubbed environment: no variable of the instructor's (no course secret, no
  tokens, no ``HOME``), only ``PATH``, ``PYTHONPATH`` (for instructors' checker modules),
  locale, one thread for numpy and numba, and private folders for Jupyter, IPython,
  matplotlib and the numba cache;
* in a working directory holding only the copy of the submission;
* with a memory limit (``RLIMIT_AS``), no core dumps, a file-size limit, and its own
  process group, killed at the time limit.

With **bubblewrap** (``bwrap``, Linux; ``apt install bubblewrap``) the process also gets its
own mount, PID, network (loopback only), IPC and user namespaces, runs as an unprivileged
user without capabilities, and sees only: the Python installation and the neurocourse package
(read-only), the instructor's ``PYTHONPATH`` folders (read-only), a few files of ``/etc``
(read-only), an empty ``/tmp``, and the submission's copy at ``/submission`` (read-write).
Other submissions, the instructor's home and the course secret do not exist in there.

Without bubblewrap (**plain processes**: macOS, Windows, containers without namespaces) the
processes are only scrubbed and limited: they run as the instructor's user and can read,
and write, whatever that user can. That is weaker; the grader says so when it starts.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from .errors import CourseUsageError

try:
    import resource
except ImportError:  # Windows: no resource limits, and no bubblewrap
    resource = None

__all__ = [
    "BUBBLEWRAP",
    "DEFAULT_MEMORY_MB",
    "ISOLATION_CHOICES",
    "PLAIN",
    "Sandbox",
    "bubblewrap_works",
    "choose_isolation",
    "isolation_note",
    "kill_group",
    "seed_numba_cache",
]

BUBBLEWRAP = "bubblewrap"
PLAIN = "process"
#: Values of ``neurocourse check --isolation``.
ISOLATION_CHOICES = ("auto", BUBBLEWRAP, PLAIN)
#: Default memory limit of each process running student code [MB].
DEFAULT_MEMORY_MB = 4096
_FILE_SIZE_LIMIT = 1 << 30  # 1 GB per file written

#: Where the submission's copy is seen inside bubblewrap.
SANDBOX_WORKDIR = "/submission"
_SANDBOX_CACHE = "/numba-cache"
_SANDBOX_OUTPUT = "/grading-output"

_ETC_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/etc/group",
    "/etc/hosts",
    "/etc/fonts",
    "/etc/alternatives",
)


@functools.lru_cache(maxsize=1)
def bubblewrap_works() -> bool:
    """Whether ``bwrap`` is installed and can create the namespaces the grader uses."""
    path = shutil.which("bwrap")
    if path is None:
        return False
    probe = [
        path,
        *_system_binds(),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--unshare-all",
        "--uid",
        "1000",
        "--gid",
        "1000",
        "--die-with-parent",
        "true",
    ]
    try:
        completed = subprocess.run(probe, capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return completed.returncode == 0


def choose_isolation(requested: str = "auto") -> str:
    """Return :data:`BUBBLEWRAP` or :data:`PLAIN` for ``--isolation`` (``auto`` prefers bubblewrap).

    Raises
    ------
    CourseUsageError
        If bubblewrap is asked for and does not work here, or the value is unknown.
    """
    if requested not in ISOLATION_CHOICES:
        choices = ", ".join(ISOLATION_CHOICES)
        raise CourseUsageError(f"--isolation must be one of {choices}, got {requested!r}")
    if requested == PLAIN:
        return PLAIN
    if bubblewrap_works():
        return BUBBLEWRAP
    if requested == BUBBLEWRAP:
        raise CourseUsageError(
            "--isolation bubblewrap: bwrap is not installed or cannot create namespaces here "
            "(install it with `apt install bubblewrap`; in a container, allow user namespaces)"
        )
    return PLAIN


def isolation_note(isolation: str) -> str:
    """One line for the instructor about how submissions are isolated."""
    if isolation == BUBBLEWRAP:
        return (
            "isolation: bubblewrap (each submission sees only its own copy, the Python installation "
            "and the library; no network, no other files)"
        )
    return (
        "isolation: plain processes (WEAKER: scrubbed environment, own folder, time and memory "
        "limits, but student code runs as you and can read and write your files; install "
        "bubblewrap to sandbox it)"
    )


def _system_binds() -> list[str]:
    binds = []
    for name in ("usr", "bin", "lib", "lib64", "lib32", "sbin"):
        path = Path("/") / name
        if path.is_symlink():
            binds += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            binds += ["--ro-bind", str(path), str(path)]
    for path in _ETC_FILES:
        binds += ["--ro-bind-try", path, path]
    return binds


def _python_roots() -> list[Path]:
    """Folders the Python that runs the grader needs: installation, environment, the package."""
    import neurocourse

    roots = {
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.exec_prefix),
        Path(sys.base_exec_prefix),
        Path(os.path.realpath(sys.executable)).parent.parent,
        Path(neurocourse.__file__).resolve().parent,
    }
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry and Path(entry).is_dir():
            roots.add(Path(entry).resolve())
    kept = []
    for root in sorted(roots, key=lambda path: len(path.parts)):
        system = root.parts[1:2] in (("usr",), ("bin",), ("lib",), ("lib64",))
        if root == Path("/") or system or any(root == other or other in root.parents for other in kept):
            continue
        kept.append(root)
    return kept


def seed_numba_cache(cache_dir: Path) -> None:
    """Copy the package's compiled numba kernels into ``cache_dir`` (a ``NUMBA_CACHE_DIR``).

    Numba keys a cache entry by the source file's contents; the copy lets the sandboxed
    processes (which cannot write into the package) load the kernels instead of compiling
    them again, and each submission gets its own copy, so none can plant code for another.
    """
    import hashlib

    import neurocourse

    package = Path(neurocourse.__file__).resolve().parent
    for pycache in package.rglob("__pycache__"):
        files = [path for path in pycache.iterdir() if path.suffix in (".nbi", ".nbc")]
        if not files:
            continue
        source_dir = str(pycache.parent)
        subpath = "_".join([os.path.split(source_dir)[-1], hashlib.sha1(source_dir.encode()).hexdigest()])
        target = cache_dir / subpath
        target.mkdir(parents=True, exist_ok=True)
        for path in files:
            shutil.copyfile(path, target / path.name)


@dataclasses.dataclass(frozen=True)
class Sandbox:
    """How to start a process that runs one submission's code.

    Attributes
    ----------
    isolation : str
        :data:`BUBBLEWRAP` or :data:`PLAIN`.
    workdir : Path
        The submission's private copy (the working directory).
    scratch : Path
        A private folder for caches and Jupyter's files (plain processes only).
    cache_dir : Path
        The submission's numba cache.
    output_dir : Path
        Where the notebook runner writes its results.
    memory_mb : int
        Memory limit of each process [MB].
    """

    isolation: str
    workdir: Path
    scratch: Path
    cache_dir: Path
    output_dir: Path
    memory_mb: int = DEFAULT_MEMORY_MB

    def inside(self, path: Path) -> str:
        """The name of a host path of this sandbox as the sandboxed process sees it."""
        path = Path(path)
        if self.isolation == PLAIN:
            return str(path)
        for host, seen in (
            (self.workdir, SANDBOX_WORKDIR),
            (self.output_dir, _SANDBOX_OUTPUT),
            (self.cache_dir, _SANDBOX_CACHE),
        ):
            if path == host or host in path.parents:
                return str(Path(seen) / path.relative_to(host))
        return str(path)

    def environment(self) -> dict[str, str]:
        """The scrubbed environment of a sandboxed process."""
        if self.isolation == BUBBLEWRAP:
            home, tmp, cache = SANDBOX_WORKDIR, "/tmp", _SANDBOX_CACHE
        else:
            home, tmp, cache = str(self.workdir), str(self.scratch), str(self.cache_dir)
        environment = {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
            "HOME": home,
            "TMPDIR": tmp,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONNOUSERSITE": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "NUMBA_CACHE_DIR": cache,
            "NUMBA_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MPLCONFIGDIR": f"{tmp}/matplotlib",
            "IPYTHONDIR": f"{tmp}/ipython",
            "JUPYTER_CONFIG_DIR": f"{tmp}/jupyter-config",
            "JUPYTER_DATA_DIR": f"{tmp}/jupyter-data",
            "JUPYTER_RUNTIME_DIR": f"{tmp}/jupyter-runtime",
            "JUPYTER_PLATFORM_DIRS": "1",
        }
        if os.environ.get("PYTHONPATH"):
            environment["PYTHONPATH"] = os.environ["PYTHONPATH"]
        return environment

    def command(self, argv: list[str]) -> list[str]:
        """``argv`` wrapped so that it runs in this sandbox."""
        if self.isolation == PLAIN:
            return list(argv)
        bwrap = shutil.which("bwrap")
        command = [bwrap, *_system_binds(), "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
        for root in _python_roots():  # after /tmp: a PYTHONPATH folder may live in /tmp
            command += ["--ro-bind", str(root), str(root)]
        command += [
            "--bind",
            str(self.workdir),
            SANDBOX_WORKDIR,
            "--bind",
            str(self.cache_dir),
            _SANDBOX_CACHE,
            "--bind",
            str(self.output_dir),
            _SANDBOX_OUTPUT,
            "--chdir",
            SANDBOX_WORKDIR,
            "--unshare-all",
            "--uid",
            "1000",
            "--gid",
            "1000",
            "--hostname",
            "sandbox",
            "--die-with-parent",
            "--new-session",
            "--clearenv",
        ]
        for key, value in self.environment().items():
            command += ["--setenv", key, value]
        return [*command, "--", *argv]

    def popen(self, argv: list[str], **options) -> subprocess.Popen:
        """Start ``argv`` in this sandbox (scrubbed environment, limits, own process group)."""
        for folder in (self.scratch, self.cache_dir, self.output_dir):
            folder.mkdir(parents=True, exist_ok=True)
        memory = self.memory_mb * 1024 * 1024

        def limit():  # runs in the child before exec: no imports, no locks
            for kind, value in (
                (resource.RLIMIT_AS, memory),
                (resource.RLIMIT_CORE, 0),
                (resource.RLIMIT_FSIZE, _FILE_SIZE_LIMIT),
            ):
                try:
                    resource.setrlimit(kind, (value, value))
                except (ValueError, OSError):
                    pass

        return subprocess.Popen(
            self.command(argv),
            env=self.environment(),
            cwd=str(self.workdir),
            preexec_fn=limit if resource is not None else None,
            **options,
        )


def kill_group(process: subprocess.Popen) -> None:
    """Kill a process started in its own session, with everything it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
