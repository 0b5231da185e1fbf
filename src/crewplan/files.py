"""Files written as one unit: a single file replaced atomically, or a whole output folder swapped in at once.

A run that fails, is interrupted (Ctrl-C) or is killed leaves what was there before exactly as it was:
everything is written into a hidden staging file or folder beside the target, and only a finished write
is renamed over it. Files get the usual permissions (``0666`` less the umask, ``0644`` under umask 022),
not the private ``0600`` of a temporary file.

An output folder (``crewplan plan --out DIR``) belongs to crewplan: the next run replaces it as a whole, so
no file of an older run stays behind. To never delete a user's own files, a folder that exists and holds
anything crewplan did not write is refused.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crewplan.errors import UsageError

MARKER = ".crewplan-output"
"""The file that marks a folder as a crewplan output folder (the next run may replace it)."""
OUTPUT_NAMES = frozenset({MARKER, "manifest.yaml", "report.html", "manifest.csv", "manifest.json", "flights.ics",
                          "training.ics", "training", "elements", "openmct-plan.json"})
"""Names crewplan writes into an output folder (a folder of only these, marked or not, is crewplan's)."""
_STAGING = ".crewplan-staging-"


interrupted = threading.Event()
"""Set by the command line's Ctrl-C handler (``commands.common.interruptible``) before it raises
KeyboardInterrupt. Python drops an exception raised while it runs a weakref callback or a ``__del__``
(matplotlib's figures have such callbacks), so a Ctrl-C can be lost; a folder is never committed once this
is set, whatever became of the exception."""


def umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path``: beside it first, flushed to disk, then renamed over it.

    Raises:
        UsageError: the folder cannot be written (the message says which and why).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(raw)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o666 & ~umask())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def check_output_folder(target: Path, flag: str = "--out") -> None:
    """Refuse, before any long work, an output folder that cannot be written as one unit.

    Raises:
        UsageError: ``target`` is a file, lies under a file, cannot be created or written, or holds files
            crewplan did not write.
    """
    try:
        _check_output_folder(target, flag)
    except OSError as error:  # a name too long, a loop of links, ...
        raise UsageError(f"{flag} {_short(target)}: cannot write there: {error.strerror or error}") from None


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 200 else text[:197] + "..."


def _check_output_folder(target: Path, flag: str) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(f"{flag} {target}: is a file, not a folder; give a folder for the manifest, report and "
                         "exports")
    if target.is_dir():
        foreign = sorted(p.name for p in target.iterdir()
                         if p.name not in OUTPUT_NAMES and not p.name.startswith(".crewplan-"))
        if foreign:
            shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
            raise UsageError(f"{flag} {target}: the folder holds files crewplan did not write ({shown}); a run "
                             "replaces its output folder as a whole, so give a new or empty folder, or the "
                             "folder of an earlier run as crewplan left it")
    parent = _nearest_existing(target.parent)
    if not parent.is_dir():
        raise UsageError(f"{flag} {target}: {parent} is a file, so no folder can be made under it")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{flag} {target}: cannot write in {parent} (permission denied); give a folder you may "
                         "write")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=_STAGING + "probe-", dir=target.parent)
        os.rmdir(probe)
        if target.is_dir():  # the folder itself must be replaceable (not immutable, not read-only)
            handle, name = tempfile.mkstemp(prefix=_STAGING + "probe-", dir=target)
            os.close(handle)
            os.unlink(name)
    except OSError as error:
        where = target if target.is_dir() else target.parent
        raise UsageError(f"{flag} {target}: cannot write in {where}: {error.strerror or error}") from None


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@contextlib.contextmanager
def output_folder(target: Path, flag: str = "--out") -> Iterator[OutputFolder]:
    """Stage an output folder; :meth:`OutputFolder.commit` swaps it in, else it vanishes on exit."""
    check_output_folder(target, flag)
    _remove_stale(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{target.name}-{os.getpid()}-", dir=target.parent))
    except OSError as error:
        raise UsageError(f"{flag} {target}: cannot write in {target.parent}: {error.strerror or error}") from None
    folder = OutputFolder(target, staging)
    try:
        yield folder
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


class OutputFolder:
    """A staging folder that becomes ``target`` on :meth:`commit`."""

    def __init__(self, target: Path, staging: Path) -> None:
        self.target = target
        self.path = staging
        """Where to write; the files keep their names when the folder is swapped in."""
        self.committed = False

    def commit(self, note: str = "") -> Path:
        """Swap the staged folder in for ``target`` in one step and delete the previous contents."""
        if interrupted.is_set():  # a Ctrl-C that Python swallowed on the way here
            raise KeyboardInterrupt
        (self.path / MARKER).write_text(
            "This folder was written by crewplan as one unit; the next run that writes here replaces it "
            f"whole.\n{note}", encoding="utf-8")
        mode = 0o777 & ~umask()
        for folder, _dirs, _files in os.walk(self.path):
            os.chmod(folder, mode)
        if self.target.exists():
            _exchange(self.path, self.target)
            shutil.rmtree(self.path, ignore_errors=True)  # now the previous contents
        else:
            os.rename(self.path, self.target)
        self.committed = True
        return self.target


def _exchange(new: Path, old: Path) -> None:
    """Swap two folders atomically (Linux ``renameat2(RENAME_EXCHANGE)``); elsewhere by two renames."""
    if _renameat2 is not None:
        result = _renameat2(-100, os.fsencode(new), -100, os.fsencode(old), 2)  # AT_FDCWD, RENAME_EXCHANGE
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(old))
    aside = new.with_name(new.name + "-previous")
    os.rename(old, aside)
    os.rename(new, old)
    os.rename(aside, new)


def _load_renameat2() -> Any:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def _remove_stale(target: Path) -> None:
    """Delete staging folders that runs killed before they finished left beside ``target``."""
    prefix = f"{_STAGING}{target.name}-"
    if not target.parent.is_dir():
        return
    for leftover in target.parent.glob(prefix + "*"):
        pid = leftover.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
