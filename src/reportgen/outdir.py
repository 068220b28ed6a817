"""The output folder's side of a build: one build at a time, unique temporary files, outputs put
in place all together or not at all, and digests of what was put there.

The rules (issue 14):
- an exclusive lock on the folder (`.reportgen.lock`, fcntl.flock) for the whole build: a second
  build waits or, asked not to, says the folder is busy; stale temporaries are removed only under
  the lock, where no other build can own them;
- temporary files are created with O_EXCL|O_NOFOLLOW under unique names (`tempfile.mkstemp`), so a
  planted symlink is never written through; an output path that is a symlink is replaced by the
  rename (rename(2) replaces the link, it never follows it), one that is a folder or a device is
  refused before any work;
- the commit renames every output into place, and on any failure puts the previous files back;
- the state file is read without following symlinks, size-bounded, and anything unexpected in it
  means a full rebuild.

The stdlib's fcntl rather than the `filelock` package: filelock opens its lock file with O_TRUNC and
follows a symlink planted under its name, truncating the link's target.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
import signal
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from .diagnostics import ReportgenError

LOCK_FILE = ".reportgen.lock"
# every temporary file or folder a build makes in the output folder ends so: `.<name>.<random>.reportgen.tmp`
TMP_SUFFIX = ".reportgen.tmp"
MAX_STATE_BYTES = 1 << 20
# errors writing a file that are the user's to fix (a full disk, a read-only folder), not reportgen's
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM,
                          errno.ENAMETOOLONG})  # a state file is a few hundred bytes; more is not ours


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def os_error(exc: OSError, out: Path, doing: str) -> ReportgenError:
    """A user error for an OSError met while `doing` something in the output folder `out`."""
    where = exc.filename or out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = "free some space or choose another --out"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "choose a folder you can write to with --out"
    elif exc.errno == errno.ENAMETOOLONG:
        advice = "choose a shorter --out"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        advice = "--out must name a folder; choose another --out"
    else:
        advice = "check the output folder or choose another --out"
    return ReportgenError(f"cannot {doing}: {exc.strerror or exc}; {advice}", str(where))


def prepare(out: Path) -> list[Path]:
    """Create the output folder (and its parents) or say clearly why it cannot be one; returns
    the folders it created, outermost first."""
    if not str(out):
        raise ReportgenError("the output folder is empty; give one with --out (default dist)")
    try:
        st = os.stat(out)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise os_error(exc, out, "use the output folder") from None
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise ReportgenError(f"the output folder is {_describe(st.st_mode)}; --out must name a folder", str(out))
    created = [p for p in (out, *out.parents) if not os.path.lexists(p)][::-1]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, out, "create the output folder") from None
    return created


@contextlib.contextmanager
def locked(out: Path, wait: bool = True, say: Callable[..., None] = lambda *a: None) -> Iterator[None]:
    """Hold the output folder's exclusive lock: wait for another build (saying so), or with
    `wait=False` raise an error saying the folder is busy. The lock file is removed on release,
    so a build leaves nothing of it; a build that locked a file already removed tries again."""
    created = prepare(out)
    path = out / LOCK_FILE
    said = False
    while True:
        fd = _open_lock(path, out)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise ReportgenError("the output folder is busy: another reportgen build is writing into it; "
                                         "run again when it has finished", str(out)) from None
                if not said:
                    say(f"waiting  {out} is busy: another build is writing into it")
                    said = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _still_named(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder removed that file as it finished: lock the new one
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # still holding the lock: a waiting build sees a removed file and retries
        os.close(fd)  # closing releases the lock (flock locks belong to the open file)
        if failed:  # a failed build leaves no folder it made (unless another build uses it now)
            for folder in reversed(created):
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _open_lock(path: Path, out: Path) -> int:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReportgenError(f"{LOCK_FILE} in the output folder is a symbolic link; remove it", str(path)) from None
        raise os_error(exc, out, "lock the output folder") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ReportgenError(f"{LOCK_FILE} in the output folder is not a file; remove it", str(path))
    return fd


def _still_named(fd: int, path: Path) -> bool:
    """Whether `path` still names the file open as `fd` (not removed or replaced meanwhile)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    return os.path.samestat(st, os.fstat(fd))


def remove_stale(out: Path) -> list[str]:
    """Delete what killed builds left (`*.reportgen.tmp`); call only under the lock. Returns the names."""
    removed = []
    for entry in os.scandir(out):
        if not (entry.name.startswith(".") and entry.name.endswith(TMP_SUFFIX)):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)  # unlink removes a symlink itself, never its target
        removed.append(entry.name)
    return removed


def temporary(out: Path, name: str) -> Path:
    """A new empty file `.<name>.<random>.reportgen.tmp` in `out`, created exclusively (O_EXCL,
    O_NOFOLLOW: mkstemp), readable by all like any output."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TMP_SUFFIX, dir=out)
    try:
        os.fchmod(fd, 0o644)
    finally:
        os.close(fd)
    return Path(tmp)


def temporary_folder(out: Path, name: str) -> Path:
    """A new private folder in `out` for a writer's intermediate files (removed as stale if left)."""
    return Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=TMP_SUFFIX, dir=out))


def check_target(path: Path) -> None:
    """Refuse an output path that exists as something other than a file or a symbolic link (the
    rename replaces a link; it would fail on a folder after the other outputs were written)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise os_error(exc, path.parent, "use the output path") from None
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise ReportgenError(f"the output path is {_describe(st.st_mode)}; remove it or choose another --out", str(path))


def _entry(path: Path) -> str:
    """The directory entry a path names: its folder resolved, its own name kept (not followed)."""
    path = Path(os.path.abspath(path))
    return os.path.join(os.path.realpath(path.parent), path.name)


def refuse_overwriting(outputs: list[Path], reads: list[Path]) -> None:
    """Refuse an output path that is the source or any other file the build reads."""
    read_names: dict[str, Path] = {}
    for path in reads:
        read_names[_entry(path)] = path
        read_names[os.path.realpath(path)] = path
    for output in outputs:
        hit = read_names.get(_entry(output))
        if hit is None:
            with contextlib.suppress(OSError):
                target = os.lstat(output)
                hit = next((p for p in reads if os.path.exists(p) and os.path.samestat(target, os.stat(p))), None)
        if hit is not None:
            raise ReportgenError(f"the output would replace {hit}, which this build reads; choose another --out",
                                 str(output))


def digest(path: Path) -> str:
    """SHA-256 of a regular file's bytes, read without following a symlink ("" if it is not one)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return ""
        h = hashlib.sha256()
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def read_small(path: Path, limit: int = MAX_STATE_BYTES) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes, not through a symlink; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        return f.read(limit + 1)


def write_atomically(out: Path, name: str, data: bytes) -> None:
    """Write `out/name` through a fresh temporary file and a rename (never through a symlink)."""
    tmp = temporary(out, name)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, out / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends (the commit is not interrupted halfway)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (ValueError, OSError):  # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def commit(out: Path, moves: list[tuple[Path, str]]) -> None:
    """Rename each temporary file onto its output name, all or none: on a failure the outputs
    already renamed get their previous files back (kept as hard links until the end)."""
    done: list[tuple[Path, Path | None]] = []  # outputs renamed into place, with their previous file
    with signals_held():
        try:
            for tmp, name in moves:
                dest = out / name
                backup = _keep_previous(out, dest)
                try:
                    os.replace(tmp, dest)
                except OSError:
                    if backup is not None:
                        with contextlib.suppress(OSError):
                            if os.path.lexists(dest):
                                os.unlink(backup)  # a second name of the file still in place
                            else:
                                os.replace(backup, dest)  # moved aside: put it back
                    raise
                done.append((dest, backup))
        except OSError as exc:
            for dest, backup in reversed(done):
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, dest)
                    else:
                        os.unlink(dest)
            raise os_error(exc, out, "put the outputs in place") from None
        finally:
            for tmp, _ in moves:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            for _, backup in done:
                if backup is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(backup)


def _keep_previous(out: Path, dest: Path) -> Path | None:
    """A second name for the file at `dest` (a hard link; moved aside where links are not
    possible), so that a failed commit can put it back; None if there is none."""
    try:
        mode = os.lstat(dest).st_mode
    except FileNotFoundError:
        return None
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):  # never move a folder aside: refuse
        raise IsADirectoryError(errno.EISDIR, f"the output path is {_describe(mode)}", str(dest))
    backup = temporary(out, dest.name)
    os.unlink(backup)  # the unique name is kept; link(2) needs it free
    try:
        os.link(dest, backup, follow_symlinks=False)
    except OSError:
        os.rename(dest, backup)
    return backup
