"""Timestamped backups of every file an apply changes, and ``undo``.

Each apply makes one backup set: a folder named by time holding the earlier bytes of each file
and a manifest. ``undo`` restores the newest set byte for byte (deleting files that the apply
created) and drops it, so a second ``undo`` goes one apply further back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from wizard import safefile
from wizard.appdirs import backups_dir, locks_dir
from wizard.errors import WizardError
from wizard.i18n import _

KEEP_SETS = 30
MANIFEST = "manifest.json"


def sha256(content: bytes | None) -> str | None:
    return None if content is None else hashlib.sha256(content).hexdigest()


@dataclass
class BackupEntry:
    path: str
    backup_file: str | None
    written_sha256: str


@dataclass
class BackupSet:
    folder: Path
    entries: list[BackupEntry] = field(default_factory=list)

    def add(self, path: Path, before: bytes | None, after: bytes) -> None:
        """Keep ``before`` (``None``: the file did not exist) before ``path`` becomes ``after``."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        backup_file = None
        if before is not None:
            backup_file = f"{len(self.entries)}-{path.name}"
            target = self.folder / backup_file
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(before)
        self.entries.append(BackupEntry(str(path), backup_file, sha256(after) or ""))
        self._write_manifest()

    def _write_manifest(self) -> None:
        manifest = {"entries": [asdict(entry) for entry in self.entries]}
        (self.folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def start() -> BackupSet:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    folder = backups_dir() / stamp
    n = 1
    while folder.exists():
        folder = backups_dir() / f"{stamp}-{n}"
        n += 1
    _prune()
    return BackupSet(folder)


def _sets() -> list[Path]:
    root = backups_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / MANIFEST).is_file())


def _prune() -> None:
    for old in _sets()[:-KEEP_SETS]:
        shutil.rmtree(old, ignore_errors=True)


def load(folder: Path) -> BackupSet:
    data = json.loads((folder / MANIFEST).read_text())
    return BackupSet(folder, [BackupEntry(**entry) for entry in data["entries"]])


def latest() -> BackupSet | None:
    sets = _sets()
    return load(sets[-1]) if sets else None


def undo() -> list[Path]:
    """Restore the newest backup set; returns the files restored."""
    backup = latest()
    if backup is None:
        raise WizardError(_("nothing to undo: claude-setup has not changed any file yet"))
    for entry in backup.entries:
        current = safefile.read_bytes(Path(entry.path))
        if sha256(current) != entry.written_sha256:
            raise WizardError(
                _(
                    "{path} was changed after claude-setup wrote it; nothing was restored (the "
                    "earlier copy is in {folder})"
                ).format(path=entry.path, folder=backup.folder)
            )
    restored = []
    for entry in reversed(backup.entries):
        path = Path(entry.path)
        with safefile.locked(path, locks_dir()):
            current = safefile.read_bytes(path)
            if entry.backup_file is None:
                safefile.remove(path, current)
            else:
                safefile.replace(path, current, (backup.folder / entry.backup_file).read_bytes())
        restored.append(path)
    shutil.rmtree(backup.folder, ignore_errors=True)
    return restored
