"""Timestamped backups of every file and keyring entry an apply changes, and ``undo``.

Each apply makes one backup set: a folder named by time holding the earlier bytes of each file
and a manifest. ``undo`` restores the newest set byte for byte (deleting files that the apply
created) and drops it, so a second ``undo`` goes one apply further back.

**A set counts only once its apply completed.** Its manifest says ``"complete": false`` until
``finish()``, and its writer holds the lock ``locks/backup-SET.lock`` all along (the kernel lets
go of it when the process dies). The next apply or undo rolls back a pending set whose writer is
gone (a killed run): each file that holds what the dead run wrote gets its earlier bytes back,
and each keyring entry its earlier value; a file changed since by someone else is left alone.
A set whose manifest cannot be read is skipped, and said so. An ``undo`` marks the set
``"undoing"`` before its first write, so one that was killed half-way is finished by the next.

**Only what this user wrote, only where claude-setup writes.** A set is used only when its
folder, its manifest and each backup file in it are the user's own (not links, not writable by
another user), and every path its manifest names is one claude-setup writes
(``written_files``): anything else makes the set unusable, skipped with its reason and never
written from. The backups folder itself is refused whole when another user could write it
(``appdirs``).

**Saved profiles come back with the files.** The saved profile and the state file (the active
profile) are in the set too. ``undo`` puts back a profile the apply *replaced* (and the active
one), but keeps a profile the apply *created*: that one refers to the secret the apply stored,
which ``undo`` keeps. A replaced profile comes back with the secrets the apply stored added to
its list (the set keeps that version beside the exact earlier bytes, which only a rollback
writes), so that ``claude-setup remove`` still finds and deletes them. A profile or state file
changed since (a ``remove``) is left as it is, and said so.

**Keyring entries, without a secret in any file.** When an apply replaces a stored secret, the
earlier value is kept *in the keyring*, in the entry ``PROFILE/KIND/undo/SET`` (a name the key
helpers never read); the manifest names only that entry. ``undo`` puts the earlier value back and
deletes the copy; the copy also goes when its set is pruned (the newest ``KEEP_SETS`` are kept)
or its profile removed. An entry the apply created is kept by ``undo``: the saved profile still
refers to it, and a key that cannot be shown twice is never thrown away (``claude-setup remove``
deletes it). Only a rollback of an apply that never completed deletes an entry it created.
Keeping the copy in the keyring, rather than in the backup folder, means the secret stays where
the user put it, under the keyring's own protection, and no file, encrypted or not, holds it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from wizard import crashpoint, safefile, written_files
from wizard.appdirs import backups_dir, check_own_folders, foreign, locks_dir
from wizard.errors import UntrustedFolderError, WizardError
from wizard.i18n import _
from wizard.secrets.labels import SECRET_LABELS, secret_label
from wizard.validation import PROFILE_NAME

KEEP_SETS = 30
MANIFEST = "manifest.json"
HAS_FLOCK = sys.platform != "win32"


class Keyring(Protocol):
    """What backups need of the secret store (``wizard.secrets.store.SecretStore``)."""

    def get(self, profile: str, kind: str) -> str | None: ...

    def set(self, profile: str, kind: str, value: str) -> None: ...

    def delete(self, profile: str, kind: str) -> None: ...


Say = Callable[[str], None]


def sha256(content: bytes | None) -> str | None:
    return None if content is None else hashlib.sha256(content).hexdigest()


@dataclass
class BackupEntry:
    path: str
    backup_file: str | None
    written_sha256: str
    undo: bool = True
    """False for a saved profile the apply created: ``undo`` keeps it, a rollback removes it."""
    undo_file: str | None = None
    """What ``undo`` puts back instead of ``backup_file`` (a replaced profile, its secrets list
    grown by what the apply stored); a rollback always puts back ``backup_file``."""


@dataclass
class SecretEntry:
    profile: str
    kind: str
    copy: str | None
    """The keyring kind holding the earlier value; ``None`` when there was no earlier value."""


class UnusableSet(WizardError):
    """A backup set whose manifest cannot be read."""


@dataclass
class BackupSet:
    folder: Path
    entries: list[BackupEntry] = field(default_factory=list)
    secrets: list[SecretEntry] = field(default_factory=list)
    complete: bool = True
    undoing: bool = False
    """An ``undo`` of this set started: files already put back are not a change by others."""
    lock_fd: int | None = field(default=None, repr=False)

    def add(
        self,
        path: Path,
        before: bytes | None,
        after: bytes,
        undo: bool = True,
        undo_as: bytes | None = None,
    ) -> None:
        """Keep ``before`` (``None``: the file did not exist) before ``path`` becomes ``after``;
        ``undo_as``, when given, is what ``undo`` is to put back instead of ``before``."""
        number = len(self.entries)
        backup_file = undo_file = None
        if before is not None:
            backup_file = f"{number}-{path.name}"
            safefile.write_private(self.folder / backup_file, before)
        if undo_as is not None and undo_as != before:
            undo_file = f"{number}-undo-{path.name}"
            safefile.write_private(self.folder / undo_file, undo_as)
        written = sha256(after) or ""
        self.entries.append(BackupEntry(str(path), backup_file, written, undo, undo_file))
        self._write_manifest()

    def add_secret(self, profile: str, kind: str, has_earlier: bool) -> str | None:
        """Record a keyring entry about to change; returns the kind under which to keep its
        earlier value in the keyring (``None`` when it has none)."""
        copy = f"{kind}/undo/{self.folder.name}" if has_earlier else None
        self.secrets.append(SecretEntry(profile, kind, copy))
        self._write_manifest()
        return copy

    def finish(self) -> None:
        """The apply completed: from now on the set counts (for ``undo``)."""
        self.complete = True
        self._write_manifest()
        self.release()
        crashpoint.reached("backup-complete")

    def release(self) -> None:
        if self.lock_fd is not None:
            with contextlib.suppress(OSError):
                _lock_file(self.folder.name).unlink()
            os.close(self.lock_fd)
            self.lock_fd = None

    def _write_manifest(self) -> None:
        manifest = {
            "complete": self.complete,
            "undoing": self.undoing,
            "entries": [asdict(entry) for entry in self.entries],
            "secrets": [asdict(secret) for secret in self.secrets],
        }
        content = (json.dumps(manifest, indent=2) + "\n").encode()
        safefile.write_private(self.folder / MANIFEST, content)


@contextlib.contextmanager
def exclusive_writer() -> Iterator[None]:
    """The lock every apply, undo and profile removal holds from its first check to its last
    write (keyring included), so that parallel runs never mix. A folder of claude-setup's that
    another user could write is refused first, before any of them is read or written."""
    check_own_folders()
    with safefile.exclusive(locks_dir() / "writer.lock"):
        yield


def _lock_file(name: str) -> Path:
    return locks_dir() / f"backup-{name}.lock"


def _try_lock(name: str) -> int | None:
    """The set's lock, if nobody holds it (``None``: its writer is running)."""
    if not HAS_FLOCK:  # never take a set for abandoned
        return None
    import fcntl

    fd = safefile.open_lock(_lock_file(name))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def start() -> BackupSet:
    """A new, pending backup set (its writer holds its lock until ``finish()``)."""
    root = backups_dir()
    safefile.make_folder(root)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    name, n = stamp, 1
    while True:
        fd = _try_lock(name)
        if fd is not None or not HAS_FLOCK:
            try:
                safefile.make_new_folder(root / name)
                break
            except FileExistsError:
                if fd is not None:
                    os.close(fd)
        name, n = f"{stamp}-{n}", n + 1
    backup = BackupSet(root / name, complete=False, lock_fd=fd)
    backup._write_manifest()
    _prune()
    crashpoint.reached("backup-started")
    return backup


def _folders() -> list[Path]:
    root = backups_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def _sets() -> list[Path]:
    return [p for p in _folders() if (p / MANIFEST).is_file()]


def _prune(store: Keyring | None = None) -> None:
    done = []
    for folder in _sets():
        with contextlib.suppress(WizardError):
            if load(folder).complete:
                done.append(folder)
    for old in done[:-KEEP_SETS]:
        discard(load(old), store)


def load(folder: Path) -> BackupSet:
    """The set in ``folder``; ``UnusableSet`` when its manifest cannot be read, or when the set
    is not the user's own work or names a file claude-setup does not write (see the module's
    docstring)."""
    try:
        _check_own(folder, folder=True)
        data = json.loads(safefile.read_private(folder / MANIFEST).decode("utf-8"))
        entries = [BackupEntry(**entry) for entry in data["entries"]]
        secrets = [SecretEntry(**secret) for secret in data.get("secrets", [])]
        complete = data.get("complete", True)
        undoing = data.get("undoing", False)
        if not isinstance(complete, bool) or not isinstance(undoing, bool):
            raise ValueError("'complete' or 'undoing' is not true or false")
        for entry in entries:
            _check_entry(folder, entry)
        for secret in secrets:
            _check_secret(folder, secret)
    except UntrustedFolderError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise _unusable(folder, exc) from None
    except WizardError as exc:
        raise _unusable(folder, exc) from None
    return BackupSet(folder, entries, secrets, complete, undoing)


def _check_entry(folder: Path, entry: BackupEntry) -> None:
    """A recorded file: one claude-setup writes, its backups plain files of the set's own."""
    if not isinstance(entry.path, str) or not isinstance(entry.written_sha256, str):
        raise ValueError(_("the manifest is not one claude-setup writes"))
    if not isinstance(entry.undo, bool):
        raise ValueError(_("the manifest is not one claude-setup writes"))
    written_files.check_restorable(entry.path)
    for name in (entry.backup_file, entry.undo_file):
        if name is None:
            continue
        if not isinstance(name, str) or Path(name).name != name or name in (".", ".."):
            raise ValueError("backup_file is not a plain name")
        _check_own(folder / name, folder=False)


def _check_secret(folder: Path, secret: SecretEntry) -> None:
    """A recorded keyring entry: a kind claude-setup stores, its copy the one this set keeps."""
    known = (
        isinstance(secret.profile, str)
        and PROFILE_NAME.fullmatch(secret.profile) is not None
        and isinstance(secret.kind, str)
        and secret.kind in SECRET_LABELS
        and secret.copy in (None, f"{secret.kind}/undo/{folder.name}")
    )
    if not known:
        raise ValueError(_("the manifest names a keyring entry claude-setup does not write"))


def _check_own(path: Path, folder: bool) -> None:
    """``path`` is a folder (or a regular file) of this user's alone, not a link."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise ValueError(_("{path} is a link; refused").format(path=path))
    if not folder and not stat.S_ISREG(info.st_mode):
        raise ValueError(_("{path} is not a regular file; refused").format(path=path))
    if foreign(info):
        raise ValueError(
            _("{path} could have been written by another user; refused").format(path=path)
        )


def _unusable(folder: Path, exc: Exception) -> UnusableSet:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return UnusableSet(
        _("the backup set {folder} is unusable ({reason})").format(folder=folder, reason=reason)
    )


def latest() -> BackupSet | None:
    """The newest complete set (unusable and pending sets skipped)."""
    return _newest_complete(lambda _text: None)


def _newest_complete(say: Say) -> BackupSet | None:
    for folder in reversed(_sets()):
        try:
            backup = load(folder)
        except UnusableSet as exc:
            say(_("skipped: {reason}").format(reason=exc))
            continue
        if backup.complete:
            return backup
    return None


def _keyring(store: Keyring | None) -> Keyring:
    if store is not None:
        return store
    from wizard.secrets.store import SecretStore

    return SecretStore()


def discard(backup: BackupSet, store: Keyring | None = None) -> None:
    """Delete a set, with the earlier secrets it keeps in the keyring (as far as it can)."""
    if any(secret.copy for secret in backup.secrets):
        with contextlib.suppress(WizardError):
            ring = _keyring(store)
            for secret in backup.secrets:
                if secret.copy:
                    ring.delete(secret.profile, secret.copy)
    shutil.rmtree(backup.folder, ignore_errors=True)
    backup.release()


def roll_back(backup: BackupSet, store: Keyring | None = None) -> None:
    """Undo an apply that did not complete: its files and keyring entries as they were before,
    and the set deleted. A file changed since by someone else is left as it is."""
    for entry in reversed(backup.entries):
        path = Path(entry.path)
        with safefile.locked(path, locks_dir()):
            safefile.remove_stale_temps(path)
            current = safefile.read_bytes(path)
            if sha256(current) != entry.written_sha256:
                continue
            if entry.backup_file is None:
                safefile.remove(path, current)
            else:
                safefile.replace(path, current, _backup_bytes(backup, entry.backup_file))
    if backup.secrets:
        ring = _keyring(store)
        for secret in reversed(backup.secrets):
            if secret.copy is None:
                ring.delete(secret.profile, secret.kind)
                continue
            earlier = ring.get(secret.profile, secret.copy)
            if earlier is not None:  # else the entry itself was never replaced
                ring.set(secret.profile, secret.kind, earlier)
                ring.delete(secret.profile, secret.copy)
    shutil.rmtree(backup.folder, ignore_errors=True)
    backup.release()


def recover(store: Keyring | None = None) -> None:
    """Roll back every set left pending by a run that was killed. The caller holds
    ``exclusive_writer()``."""
    for folder in _folders():
        fd = _try_lock(folder.name)
        if fd is None:
            continue  # its writer is still running
        try:
            backup = load(folder)
        except UnusableSet:
            if os.path.lexists(folder / MANIFEST) or not _is_own(folder):
                BackupSet(folder, lock_fd=fd).release()
                continue  # said by undo; never guessed at
            backup = BackupSet(folder, complete=False)  # killed before its first manifest
        backup.lock_fd = fd
        if backup.complete:
            backup.release()
        else:
            roll_back(backup, store)


def undo(store: Keyring | None = None, say: Say | None = None) -> list[Path]:
    """Restore the newest complete backup set, keyring entries included; returns the files
    restored. ``say`` hears what else happened: sets skipped, keyring entries put back."""
    note: Say = say or (lambda _text: None)
    with exclusive_writer():
        recover(store)
        backup = _newest_complete(note)
        if backup is None:
            raise WizardError(_("nothing to undo: claude-setup has not changed any file yet"))
        return _restore(backup, store, note)


def _restore(backup: BackupSet, store: Keyring | None, note: Say) -> list[Path]:
    resumed = backup.undoing
    entries = _entries_to_restore(backup, note)
    copies = [secret for secret in backup.secrets if secret.copy]
    ring = _keyring(store) if copies else None
    earlier = {id(s): ring.get(s.profile, s.copy) for s in copies if ring and s.copy}
    backup.undoing = True
    backup._write_manifest()
    restored = []
    for entry in reversed(entries):
        path = Path(entry.path)
        with safefile.locked(path, locks_dir()):
            current = safefile.read_bytes(path)
            content = _earlier(backup, entry)
            if content is None:
                safefile.remove(path, current)
            else:
                safefile.replace(path, current, content)
            crashpoint.reached(f"undo-restored {path.name}")
        restored.append(path)
    for secret in copies:
        value = earlier[id(secret)]
        if ring is None or secret.copy is None:
            continue
        if value is None:
            if resumed:
                continue  # put back by the undo that was killed
            text = _("keyring: the earlier {what} of profile '{profile}' is gone; not put back")
            note(text.format(what=_label(secret.kind), profile=secret.profile))
            continue
        ring.set(secret.profile, secret.kind, value)
        ring.delete(secret.profile, secret.copy)
        note(
            _("keyring: put back the earlier {what} of profile '{profile}'").format(
                what=_label(secret.kind), profile=secret.profile
            )
        )
    shutil.rmtree(backup.folder, ignore_errors=True)
    return restored


def _entries_to_restore(backup: BackupSet, note: Say) -> list[BackupEntry]:
    """The entries ``undo`` writes back; refused whole when a file of the user's was changed
    since. A saved profile or the state file changed since (a ``remove``) is left as it is."""
    entries, left = [], []
    for entry in backup.entries:
        if not entry.undo:
            continue
        path = Path(entry.path)
        current = safefile.read_bytes(path)
        if backup.undoing and current == _earlier(backup, entry):
            continue  # already put back by an undo that was killed half-way
        if sha256(current) == entry.written_sha256:
            entries.append(entry)
        elif written_files.is_own_file(path):
            left.append(path)
        else:
            raise WizardError(
                _(
                    "{path} was changed after claude-setup wrote it; nothing was restored (the "
                    "earlier copy is in {folder})"
                ).format(path=entry.path, folder=backup.folder)
            )
    for path in left:
        text = _("left {path} as it is: it was changed after claude-setup wrote it")
        note(text.format(path=path))
    return entries


def _earlier(backup: BackupSet, entry: BackupEntry) -> bytes | None:
    """What ``undo`` puts back (``None``: the file is to go)."""
    name = entry.undo_file or entry.backup_file
    return None if name is None else _backup_bytes(backup, name)


def _backup_bytes(backup: BackupSet, name: str) -> bytes:
    """A backup file of the set, read only when it is still a regular file of the user's own."""
    return safefile.read_private(backup.folder / name)


def _is_own(folder: Path) -> bool:
    try:
        _check_own(folder, folder=True)
    except (OSError, ValueError):
        return False
    return True


def _label(kind: str) -> str:
    return secret_label(kind)


def forget_profile(profile: str, values: list[str], store: Keyring | None = None) -> int:
    """A removed profile leaves nothing in the backups: its earlier secrets kept in the keyring
    are deleted, and so is every set holding one of ``values`` (a secret once written in plain
    text), in any of the forms JSON gives it. Returns how many sets were deleted. The caller
    holds ``exclusive_writer()``."""
    needles = {needle for value in values if value for needle in _forms(value)}
    dropped = 0
    for folder in _sets():
        try:
            backup = load(folder)
        except UnusableSet:
            continue
        if needles and _holds_any(backup, needles):
            discard(backup, store)
            dropped += 1
            continue
        own = [s for s in backup.secrets if s.profile == profile]
        if own:
            ring = _keyring(store)
            for secret in own:
                if secret.copy:
                    ring.delete(secret.profile, secret.copy)
            backup.secrets = [s for s in backup.secrets if s.profile != profile]
            backup._write_manifest()
    return dropped


def _forms(value: str) -> set[bytes]:
    """The secret as it may stand in a file: raw, and JSON-escaped (ASCII-only or not)."""
    escaped = (json.dumps(value, ensure_ascii=flag)[1:-1] for flag in (True, False))
    return {value.encode(), *(form.encode() for form in escaped)}


def _holds_any(backup: BackupSet, needles: set[bytes]) -> bool:
    for entry in backup.entries:
        for name in (entry.backup_file, entry.undo_file):
            if name is None:
                continue
            with contextlib.suppress(OSError, WizardError):
                if any(needle in _backup_bytes(backup, name) for needle in needles):
                    return True
    return False
