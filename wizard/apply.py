"""``apply(plan)``: the only code that writes settings, ``~/.aws/config`` and the keyring.

All of it happens under one lock (``backups.exclusive_writer``), so parallel runs never mix:

1. roll back what a killed earlier run left half-done (``backups.recover``);
2. check, before the first write, that every file still holds what the plan was made from and
   that every folder it writes to can be written (the settings, ``~/.aws/config``, the saved
   profile, the state file, the backups): a refusal changes nothing;
3. start a backup set, then the secret (its earlier value kept in the keyring for ``undo``),
   then each file, then the saved profile and the active one, then mark the set complete.

``undo`` puts the saved profile back when the apply replaced it (with the secret it stored
still listed, so that ``remove`` deletes it), and the active one; a profile the apply created
stays, since it refers to the secret the apply stored (see ``backups``).

A failure part-way rolls back everything this run changed, its secret included, and nothing
another run wrote. An apply never deletes a secret: one the new setup no longer uses stays
while its profile exists (``claude-setup remove`` deletes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wizard import backups, crashpoint, profiles, safefile
from wizard.appdirs import backups_dir, locks_dir
from wizard.errors import SecretStoreError
from wizard.i18n import _
from wizard.plan import FileEdit, Plan
from wizard.secrets.labels import secret_label
from wizard.secrets.store import SecretStore


@dataclass
class Outcome:
    plan: Plan
    written: list[Path] = field(default_factory=list)
    profile: profiles.SavedProfile | None = None
    warnings: list[str] = field(default_factory=list)
    keyring: list[str] = field(default_factory=list)
    """Every keyring change the apply made, and every secret it kept, one sentence each."""


def apply(plan: Plan, store: backups.Keyring | None = None) -> Outcome:
    outcome = Outcome(plan, warnings=list(plan.warnings))
    if plan.store_secret:
        store = store or SecretStore()
    with backups.exclusive_writer():
        backups.recover(store)
        edits = plan.file_edits
        own_files = (profiles.profile_path(plan.setup.profile_name), profiles.state_path())
        for path in {plan.settings.path, *(edit.path for edit in edits), *own_files}:
            with safefile.locked(path, locks_dir()):
                safefile.remove_stale_temps(path)
        safefile.check_unchanged(plan.settings.path, plan.settings.before)
        for edit in edits:
            safefile.check_unchanged(edit.path, edit.before)
        outcome.profile, own = _profile_edits(plan)
        for edit in [*edits, *(file.edit for file in own)]:
            safefile.check_writable(edit.path)
        safefile.check_writable(backups_dir() / backups.MANIFEST)
        write = plan.store_secret
        earlier = store.get(write.profile, write.kind) if write and store else None
        backup = backups.start()
        try:
            if store is not None:
                outcome.keyring += _store_secret(plan, store, backup, earlier)
            for edit in edits:
                _write(edit, backup)
            for file in own:
                _write(file.edit, backup, file.undo, file.undo_as)
            backup.finish()
        except BaseException:
            try:
                backups.roll_back(backup, store)
            finally:
                backup.release()
            raise
    outcome.written = [edit.path for edit in edits]
    for kind in plan.kept_secrets:
        outcome.keyring.append(
            _("keyring: kept the {what} of profile '{profile}' ('claude-setup remove {profile}' "
              "deletes it)").format(what=secret_label(kind), profile=plan.setup.profile_name)
        )
    return outcome


@dataclass(frozen=True)
class OwnFile:
    """A file of claude-setup's own the apply writes, and what ``undo`` does with it."""

    edit: FileEdit
    undo: bool
    """False: ``undo`` keeps the file as the apply wrote it (a profile it created)."""
    undo_as: bytes | None = None
    """What ``undo`` puts back instead of the earlier bytes."""


def _profile_edits(plan: Plan) -> tuple[profiles.SavedProfile, list[OwnFile]]:
    """The saved profile (recording every secret it keeps) and the active-profile state.

    ``undo`` puts back a profile this apply replaces, its secrets list grown by the secret this
    apply stores, so that ``remove`` still deletes that one; a profile this apply creates, or
    replaces when it could not be read, is kept by ``undo``."""
    name = plan.setup.profile_name
    recorded: tuple[str, ...] = ()
    bindings: dict[str, profiles.Binding] = {}
    readable = False
    if profiles.exists(name):
        try:
            old = profiles.load(name)
            recorded, bindings = old.secrets, dict(old.bindings)
            readable = True
        except Exception:  # noqa: BLE001 - an unreadable old profile is replaced whole
            recorded = ()
    kinds = [*recorded, *([plan.secret_kind] if plan.secret_kind else [])]
    if plan.secret_kind and plan.binding:
        bindings[plan.secret_kind] = plan.binding
    saved, content = profiles.render(plan.setup, kinds, bindings)
    before = safefile.read_bytes(saved.path)
    replaced = readable and before is not None
    undo_as = None
    if replaced and before:
        undo_as = profiles.with_secrets(before, saved.bindings, saved.secrets)
    state = profiles.state_path()
    files = [
        OwnFile(FileEdit(saved.path, before, content), replaced, undo_as),
        OwnFile(FileEdit(state, safefile.read_bytes(state), profiles.render_active(name)), True),
    ]
    return saved, [file for file in files if file.edit.changed]


def _write(
    edit: FileEdit, backup: backups.BackupSet, undo: bool = True, undo_as: bytes | None = None
) -> None:
    with safefile.locked(edit.path, locks_dir()):
        backup.add(edit.path, edit.before, edit.after, undo, undo_as)
        safefile.replace(edit.path, edit.before, edit.after, edit.mode)


def _store_secret(
    plan: Plan, store: backups.Keyring, backup: backups.BackupSet, earlier: str | None
) -> list[str]:
    """Store the plan's secret (``earlier``: the value stored now), checked by reading it back,
    keeping the earlier one in the keyring for ``undo``; returns what was done, in a sentence."""
    write = plan.store_secret
    if write is None:
        return []
    what = secret_label(write.kind)
    value = write.value.reveal()
    if earlier == value:
        return [_("keyring: the {what} of profile '{profile}' was already stored").format(
            what=what, profile=write.profile
        )]
    copy = backup.add_secret(write.profile, write.kind, earlier is not None)
    if copy is not None and earlier is not None:
        store.set(write.profile, copy, earlier)
        crashpoint.reached("keyring-copy-stored")
    store.set(write.profile, write.kind, value)
    crashpoint.reached("secret-stored")
    if store.get(write.profile, write.kind) != value:
        raise SecretStoreError(_("the keyring did not give back the secret it was given"))
    if earlier is None:
        return [_("keyring: stored the {what} of profile '{profile}'").format(
            what=what, profile=write.profile
        )]
    return [_(
        "keyring: replaced the {what} of profile '{profile}' (claude-setup undo puts the "
        "earlier one back)"
    ).format(what=what, profile=write.profile)]
