"""``apply(plan)``: the only code that writes settings, ``~/.aws/config`` and the keyring.

Order: the secret first (so a file never points at a missing secret), then each file under its
lock with a backup, then the profile. A failure part-way puts back what was already changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wizard import backups, profiles, safefile
from wizard.appdirs import locks_dir
from wizard.errors import SecretStoreError
from wizard.i18n import _
from wizard.plan import FileEdit, Plan
from wizard.secrets.store import SecretStore


@dataclass
class Outcome:
    plan: Plan
    written: list[Path] = field(default_factory=list)
    profile: profiles.SavedProfile | None = None
    warnings: list[str] = field(default_factory=list)


def apply(plan: Plan, store: SecretStore | None = None) -> Outcome:
    outcome = Outcome(plan, warnings=list(plan.warnings))
    if plan.store_secret or plan.delete_secrets:
        store = store or SecretStore()
    undo_secret = _store_secret(plan, store) if plan.store_secret and store else None
    try:
        outcome.written = _write_files(plan.file_edits)
    except BaseException:
        if undo_secret:
            undo_secret()
        raise
    if store:
        for kind in plan.delete_secrets:
            try:
                store.delete(plan.setup.profile_name, kind)
            except SecretStoreError as exc:
                outcome.warnings.append(str(exc))
    outcome.profile = profiles.save(plan.setup)
    profiles.set_active(plan.setup.profile_name)
    return outcome


def _store_secret(plan: Plan, store: SecretStore) -> Callable[[], None]:
    """Store the plan's secret, checked by reading it back; returns how to put back the old one."""
    write = plan.store_secret
    assert write is not None
    previous = store.get(write.profile, write.kind)
    store.set(write.profile, write.kind, write.value.reveal())
    if store.get(write.profile, write.kind) != write.value.reveal():
        raise SecretStoreError(_("the keyring did not give back the secret it was given"))

    def put_back() -> None:
        if previous is None:
            store.delete(write.profile, write.kind)
        else:
            store.set(write.profile, write.kind, previous)

    return put_back


def _write_files(edits: list[FileEdit]) -> list[Path]:
    if not edits:
        return []
    backup = backups.start()
    done: list[FileEdit] = []
    try:
        for edit in edits:
            with safefile.locked(edit.path, locks_dir()):
                backup.add(edit.path, edit.before, edit.after)
                safefile.replace(edit.path, edit.before, edit.after, edit.mode)
            done.append(edit)
    except BaseException:
        for edit in reversed(done):
            with safefile.locked(edit.path, locks_dir()):
                if edit.before is None:
                    safefile.remove(edit.path, edit.after)
                else:
                    safefile.replace(edit.path, edit.after, edit.before)
        shutil.rmtree(backup.folder, ignore_errors=True)
        raise
    return [edit.path for edit in done]
