"""Replacing a file so that nothing is ever half-written, lost or silently overwritten.

``replace`` takes a lock, checks the file still holds what the plan was made from, writes a
temporary file in the real (symlink-resolved) folder, fsyncs it, keeps the file's mode (0600 for
a new file), renames it over the old one, and reads it back.

Every folder claude-setup makes is made by ``make_folder`` (0700, parents too) and every file
it makes is 0600 (``write_private``, ``open_lock``), whatever the umask: under ``umask 000`` a
folder would otherwise come out 0777, and another local user could plant what claude-setup
then reads as the user's own (``appdirs`` refuses such a folder).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from wizard import crashpoint
from wizard.appdirs import foreign
from wizard.errors import ConcurrentChangeError, WizardError
from wizard.i18n import _

NEW_FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_folder(folder: Path) -> None:
    """Make ``folder`` and each missing parent 0700, whatever the umask.

    ``Path.mkdir(parents=True, mode=...)`` would not do: the parents get the umask's default
    (0777 under ``umask 000``) and even the mode given is masked by the umask. A folder that is
    already there is left as it is (a ``~/.claude`` of the user's own making keeps its mode).
    """
    missing = []
    step = Path(folder)
    while not os.path.lexists(step) and step != step.parent:
        missing.append(step)
        step = step.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another run
            make_new_folder(path)


def make_new_folder(folder: Path) -> None:
    """Make ``folder`` 0700 (``FileExistsError`` when it is there already)."""
    os.mkdir(folder, FOLDER_MODE)
    os.chmod(folder, FOLDER_MODE)  # the umask may have taken the owner's bits too


def write_private(path: Path, content: bytes) -> None:
    """Write a 0600 file whole or not at all (a temporary file of this writer's own, then a
    rename), making its folder if need be; for claude-setup's own files."""
    make_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _make_private(handle.fileno())
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def open_lock(lock_file: Path) -> int:
    """A descriptor of ``lock_file`` (made 0600 in a 0700 folder when missing) to ``flock``."""
    make_folder(lock_file.parent)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(lock_file, flags, NEW_FILE_MODE)
    try:
        _make_private(fd)
    except OSError:
        os.close(fd)
        raise
    return fd


def _make_private(fd: int) -> None:
    """0600 for a file just made: the umask may have taken the owner's bits too."""
    if hasattr(os, "fchmod") and stat.S_IMODE(os.fstat(fd).st_mode) != NEW_FILE_MODE:
        os.fchmod(fd, NEW_FILE_MODE)


def read_private(path: Path) -> bytes:
    """The bytes of one of claude-setup's own files, which must be a regular file of the user's
    alone (not a link, not writable by another user); a ``WizardError`` says why not."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WizardError(_("{path} is a link; refused").format(path=path)) from None
        raise _read_error(path, exc) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise WizardError(_("{path} is not a regular file; refused").format(path=path))
        if foreign(info):
            raise WizardError(
                _("{path} could have been written by another user; refused").format(path=path)
            )
        try:
            return handle.read()
        except OSError as exc:
            raise _read_error(path, exc) from None


def read_bytes(path: Path, limit: int | None = None) -> bytes | None:
    """The file's bytes, or ``None`` when there is no file.

    Only a regular file is read: a FIFO, a device (``/dev/zero``) or a socket is refused at
    once, never read forever (the open does not wait for a FIFO's writer). With ``limit``, a
    file of more bytes than that is refused without being read whole.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _read_error(path, exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise WizardError(_("{path} is a folder, not a file").format(path=path))
        if not stat.S_ISREG(info.st_mode):
            raise WizardError(
                _("{path} is not a regular file (a pipe, a device or a socket); refused").format(
                    path=path
                )
            )
        if limit is not None and info.st_size > limit:
            raise _too_large(path, limit)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            content = handle.read() if limit is None else handle.read(limit + 1)
        if limit is not None and len(content) > limit:  # it grew since
            raise _too_large(path, limit)
        return content
    except OSError as exc:
        raise _read_error(path, exc) from None
    finally:
        if fd >= 0:
            os.close(fd)


def _too_large(path: Path, limit: int) -> WizardError:
    return WizardError(_("{path} is larger than {n} bytes; refused").format(path=path, n=limit))


def read_text(path: Path) -> str | None:
    """The regular file's UTF-8 text (``None`` when there is none); refused when not UTF-8."""
    content = read_bytes(path)
    if content is None:
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise WizardError(_("{path} is not UTF-8 text").format(path=path)) from None


def _read_error(path: Path, exc: OSError) -> WizardError:
    if isinstance(exc, IsADirectoryError):
        return WizardError(_("{path} is a folder, not a file").format(path=path))
    return WizardError(
        _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
    )


def check_replaceable(path: Path) -> None:
    """Refuse to replace a file its owner made read-only, or one that is not a regular file."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise _read_error(path, exc) from None
    if not stat.S_ISREG(info.st_mode):
        raise WizardError(_("{path} is not a regular file; refused").format(path=path))
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise WizardError(
            _(
                "{path} is read-only (mode {mode:04o}); claude-setup does not replace a file "
                "that was protected: make it writable (chmod u+w) and run the command again"
            ).format(path=path, mode=info.st_mode & 0o7777)
        )


def real_path(path: Path) -> Path:
    """Where the bytes really live: a symlinked settings file stays a symlink."""
    return Path(os.path.realpath(path))


def lock_path_for(path: Path, lock_dir: Path) -> Path:
    digest = hashlib.sha256(str(real_path(path)).encode()).hexdigest()[:24]
    return lock_dir / f"{digest}.lock"


@contextlib.contextmanager
def locked(path: Path, lock_dir: Path) -> Iterator[None]:
    """An exclusive lock between claude-setup processes writing the same file."""
    with exclusive(lock_path_for(path, lock_dir)):
        yield


@contextlib.contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Hold ``lock_file`` exclusively (the kernel lets go when the process dies)."""
    try:
        fd = open_lock(lock_file)
    except OSError as exc:
        raise _write_error(lock_file, exc) from None
    try:
        try:
            import fcntl
        except ImportError:  # Windows: claude-setup runs are rare enough to go unlocked.
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> None:
    """Delete temporary files a killed writer of ``path`` left behind (the caller holds its
    lock, so no live writer owns them)."""
    target = real_path(path)
    with contextlib.suppress(OSError):
        for stale in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
            stale.unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def check_writable(path: Path) -> None:
    """Refuse, before anything is written, when ``path`` could not be created or replaced: its
    nearest existing folder is a file, or is not writable (a read-only file system, say)."""
    folder = real_path(path).parent
    while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise WizardError(
            _("cannot write {path}: {folder} is not a folder").format(path=path, folder=folder)
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WizardError(_("cannot write {path}: the folder is not writable").format(path=path))


def check_unchanged(path: Path, expected: bytes | None) -> None:
    if read_bytes(path) != expected:
        raise ConcurrentChangeError(
            _(
                "{path} was changed by another program while claude-setup was working; nothing "
                "was written, run the command again"
            ).format(path=path)
        )


def replace(path: Path, expected: bytes | None, content: bytes, mode: int | None = None) -> None:
    """Write ``content`` to ``path`` atomically, refusing if it no longer holds ``expected``.

    The file keeps its mode unless ``mode`` is given. The caller holds ``locked(path)``.
    """
    check_unchanged(path, expected)
    target = real_path(path)
    if expected is not None:
        check_replaceable(target)
    folder = target.parent
    try:
        make_folder(folder)
        if mode is None:
            mode = target.stat().st_mode & 0o7777 if expected is not None else NEW_FILE_MODE
        remove_stale_temps(target)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _write_error(path, exc) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        check_unchanged(path, expected)
        crashpoint.reached(f"before-rename {target.name}")
        os.replace(tmp, target)
        _fsync_folder(folder)
        crashpoint.reached(f"after-rename {target.name}")
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if read_bytes(target) != content:
        raise WizardError(_("{path} did not read back as written").format(path=path))


def remove(path: Path, expected: bytes | None) -> None:
    """Delete ``path`` (undo of a file claude-setup created), if it still holds ``expected``."""
    check_unchanged(path, expected)
    with contextlib.suppress(FileNotFoundError):
        real_path(path).unlink()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_error(path: Path, exc: OSError) -> WizardError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WizardError(_("cannot write {path}: the folder is not writable").format(path=path))
    return WizardError(
        _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
    )
