"""Atomic replacement of files (mode, symlinks, concurrent changes, errors), backups and undo."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from wizard import backups, safefile
from wizard.appdirs import backups_dir, locks_dir
from wizard.apply import apply
from wizard.errors import ConcurrentChangeError, WizardError
from wizard.model import Setup
from wizard.plan import plan
from wizard.secrets.value import Secret

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _no_temp_files(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


def _one_line(err: BaseException) -> str:
    message = str(err)
    assert message and "\n" not in message
    return message


@pytest.fixture
def settings(unit_home: Path) -> Path:
    return unit_home / ".claude" / "settings.json"


# --- safefile.replace ------------------------------------------------------------------------

def test_read_bytes_of_missing_file_is_none(settings: Path) -> None:
    assert safefile.read_bytes(settings) is None


def test_read_bytes_of_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WizardError) as info:
        safefile.read_bytes(tmp_path)
    assert "folder" in _one_line(info.value)


def test_new_file_is_0600(settings: Path) -> None:
    old_umask = os.umask(0o000)
    try:
        safefile.replace(settings, None, b'{"model": "opus"}\n')
    finally:
        os.umask(old_umask)
    assert settings.read_bytes() == b'{"model": "opus"}\n'
    assert _mode(settings) == 0o600
    _no_temp_files(settings.parent)


def test_new_file_in_new_folder(unit_home: Path) -> None:
    path = unit_home / "project" / ".claude" / "settings.local.json"
    safefile.replace(path, None, b"{}\n")
    assert path.read_bytes() == b"{}\n"
    assert _mode(path) == 0o600


@pytest.mark.parametrize("mode", [0o640, 0o644, 0o600, 0o660])
def test_mode_is_kept(settings: Path, mode: int) -> None:
    settings.write_bytes(b"{}\n")
    settings.chmod(mode)
    safefile.replace(settings, b"{}\n", b'{"env": {}}\n')
    assert settings.read_bytes() == b'{"env": {}}\n'
    assert _mode(settings) == mode
    _no_temp_files(settings.parent)


def test_symlinked_file_stays_a_symlink(settings: Path, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "claude-settings.json"
    target.write_bytes(b'{"model": "opus"}\n')
    target.chmod(0o640)
    settings.symlink_to(target)

    safefile.replace(settings, b'{"model": "opus"}\n', b'{"model": "sonnet"}\n')

    assert settings.is_symlink()
    assert os.readlink(settings) == str(target)
    assert target.read_bytes() == b'{"model": "sonnet"}\n'
    assert _mode(target) == 0o640
    _no_temp_files(dotfiles)
    _no_temp_files(settings.parent)


def test_relative_symlink_chain(settings: Path, tmp_path: Path) -> None:
    real = tmp_path / "real" / "s.json"
    real.parent.mkdir()
    real.write_bytes(b"{}")
    middle = tmp_path / "middle.json"
    middle.symlink_to(os.path.relpath(real, middle.parent))
    settings.symlink_to(middle)
    safefile.replace(settings, b"{}", b"[1]")
    assert settings.is_symlink() and middle.is_symlink()
    assert real.read_bytes() == b"[1]"


@pytest.mark.parametrize(
    ("on_disk", "expected"),
    [(b'{"model": "haiku"}\n', b'{"model": "opus"}\n'), (b"{}\n", None), (None, b"{}\n")],
    ids=["bytes-differ", "file-appeared", "file-vanished"],
)
def test_concurrent_change_is_refused(
    settings: Path, on_disk: bytes | None, expected: bytes | None
) -> None:
    if on_disk is not None:
        settings.write_bytes(on_disk)
        settings.chmod(0o644)
    with pytest.raises(ConcurrentChangeError) as info:
        safefile.replace(settings, expected, b'{"model": "sonnet"}\n')
    message = _one_line(info.value)
    assert str(settings) in message
    assert info.value.exit_code == 1
    if on_disk is None:
        assert not settings.exists()
    else:
        assert settings.read_bytes() == on_disk
        assert _mode(settings) == 0o644
    _no_temp_files(settings.parent)


def _unwritable_settings(tmp_path: Path) -> Path:
    """A settings path whose folder cannot be written to, as root too."""
    if IS_ROOT:
        # chmod does not stop root: a regular file where the folder should be does
        blocker = tmp_path / "file"
        blocker.write_bytes(b"not a folder")
        return blocker / "settings.json"
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / "settings.json"


def test_unwritable_folder_gives_one_line_error(tmp_path: Path) -> None:
    path = _unwritable_settings(tmp_path)
    try:
        with pytest.raises(WizardError) as info:
            safefile.replace(path, None, b"{}\n")
        message = _one_line(info.value)
        assert message.startswith("cannot write ") or str(path) in message
        assert str(path) in message
        assert not path.exists()
    finally:
        if path.parent.is_dir():
            path.parent.chmod(0o700)


def test_parent_that_is_a_file_gives_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "claude-dir-is-a-file"
    blocker.write_bytes(b"x")
    path = blocker / "settings.json"
    with pytest.raises(WizardError) as info:
        safefile.replace(path, None, b"{}\n")
    assert str(path) in _one_line(info.value)
    assert blocker.read_bytes() == b"x"


def test_read_bytes_under_a_file_is_no_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"x")
    assert safefile.read_bytes(blocker / "settings.json") is None


def test_remove(settings: Path) -> None:
    settings.write_bytes(b"{}\n")
    with pytest.raises(ConcurrentChangeError):
        safefile.remove(settings, b"other")
    assert settings.exists()
    safefile.remove(settings, b"{}\n")
    assert not settings.exists()


def test_remove_through_symlink_removes_target_only(settings: Path, tmp_path: Path) -> None:
    target = tmp_path / "target.json"
    target.write_bytes(b"{}")
    settings.symlink_to(target)
    safefile.remove(settings, b"{}")
    assert not target.exists()


def test_lock_is_shared_by_link_and_target(settings: Path, tmp_path: Path) -> None:
    target = tmp_path / "target.json"
    target.write_bytes(b"{}")
    settings.symlink_to(target)
    lock_dir = tmp_path / "locks"
    assert safefile.lock_path_for(settings, lock_dir) == safefile.lock_path_for(target, lock_dir)
    assert safefile.lock_path_for(settings, lock_dir) != safefile.lock_path_for(
        tmp_path / "other.json", lock_dir
    )
    with safefile.locked(settings, lock_dir):
        assert safefile.lock_path_for(settings, lock_dir).exists()
    assert _mode(lock_dir) == 0o700


# --- backups and undo ------------------------------------------------------------------------

def _apply_files(changes: list[tuple[Path, bytes]]) -> backups.BackupSet:
    """What ``apply`` does with its files: one backup set, then each file replaced."""
    backup = backups.start()
    for path, after in changes:
        before = safefile.read_bytes(path)
        with safefile.locked(path, locks_dir()):
            backup.add(path, before, after)
            safefile.replace(path, before, after)
    backup.finish()
    return backup


def test_backups_live_in_the_state_folder(unit_home: Path, settings: Path) -> None:
    backup = _apply_files([(settings, b"{}\n")])
    assert backups_dir() == unit_home / ".local" / "state" / "claude-setup" / "backups"
    assert backup.folder.parent == backups_dir()
    assert (backup.folder / backups.MANIFEST).is_file()


def test_backup_copy_is_private(settings: Path) -> None:
    settings.write_bytes(b'{"apiKeyHelper": "x"}')
    settings.chmod(0o644)
    backup = _apply_files([(settings, b"{}\n")])
    copies = [p for p in backup.folder.iterdir() if p.name != backups.MANIFEST]
    assert len(copies) == 1
    assert copies[0].read_bytes() == b'{"apiKeyHelper": "x"}'
    assert _mode(copies[0]) == 0o600


def test_nothing_to_undo() -> None:
    with pytest.raises(WizardError) as info:
        backups.undo()
    assert "nothing to undo" in _one_line(info.value)


def test_undo_restores_byte_for_byte(settings: Path) -> None:
    original = b'{\n\t"model":   "opus" ,\n\t"x": "\xc3\xa9"\n}'  # odd spacing, no newline
    settings.write_bytes(original)
    settings.chmod(0o640)
    _apply_files([(settings, b'{\n  "model": "opus"\n}\n')])
    assert backups.undo() == [settings]
    assert settings.read_bytes() == original
    assert _mode(settings) == 0o640
    assert backups.latest() is None


def test_undo_deletes_file_that_did_not_exist(settings: Path) -> None:
    assert not settings.exists()
    _apply_files([(settings, b"{}\n")])
    assert settings.exists()
    assert backups.undo() == [settings]
    assert not settings.exists()


def test_undo_restores_every_file_of_the_set(settings: Path, unit_home: Path) -> None:
    config = unit_home / ".aws" / "config"
    config.write_bytes(b"[default]\nregion = eu-west-1\n")
    settings.write_bytes(b"{}")
    _apply_files(
        [(config, b"[default]\nregion = eu-west-1\n\n[profile claude-setup-x]\n"),
         (settings, b'{"env": {}}\n')]
    )
    restored = backups.undo()
    assert sorted(restored) == sorted([config, settings])
    assert config.read_bytes() == b"[default]\nregion = eu-west-1\n"
    assert settings.read_bytes() == b"{}"


def test_undo_refuses_when_file_changed_after_write(settings: Path) -> None:
    settings.write_bytes(b"v1")
    backup = _apply_files([(settings, b"v2")])
    settings.write_bytes(b"v2 changed by Claude Code")
    with pytest.raises(WizardError) as info:
        backups.undo()
    message = _one_line(info.value)
    assert str(settings) in message
    assert str(backup.folder) in message
    assert settings.read_bytes() == b"v2 changed by Claude Code"
    latest = backups.latest()
    assert latest is not None and latest.folder == backup.folder


def test_undo_refuses_when_created_file_was_deleted(settings: Path) -> None:
    _apply_files([(settings, b"{}\n")])
    settings.unlink()
    with pytest.raises(WizardError):
        backups.undo()
    assert not settings.exists()


def test_undo_refuses_whole_set_when_one_file_changed(settings: Path, unit_home: Path) -> None:
    config = unit_home / ".aws" / "config"
    config.write_bytes(b"a")
    settings.write_bytes(b"b")
    _apply_files([(config, b"a2"), (settings, b"b2")])
    settings.write_bytes(b"b3")
    with pytest.raises(WizardError):
        backups.undo()
    assert config.read_bytes() == b"a2"
    assert settings.read_bytes() == b"b3"


def test_second_undo_goes_further_back(settings: Path) -> None:
    settings.write_bytes(b"v1")
    _apply_files([(settings, b"v2")])
    _apply_files([(settings, b"v3")])
    _apply_files([(settings, b"v4")])
    backups.undo()
    assert settings.read_bytes() == b"v3"
    backups.undo()
    assert settings.read_bytes() == b"v2"
    backups.undo()
    assert settings.read_bytes() == b"v1"
    with pytest.raises(WizardError) as info:
        backups.undo()
    assert "nothing to undo" in _one_line(info.value)
    assert settings.read_bytes() == b"v1"


def test_undo_through_symlink(settings: Path, tmp_path: Path) -> None:
    target = tmp_path / "dotfiles.json"
    target.write_bytes(b"old")
    settings.symlink_to(target)
    _apply_files([(settings, b"new")])
    backups.undo()
    assert settings.is_symlink()
    assert target.read_bytes() == b"old"


# --- apply: a settings file holding a secret in plain text is private --------------------------

class FakeStore:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get(self, profile: str, kind: str) -> str | None:
        return self.items.get((profile, kind))

    def set(self, profile: str, kind: str, value: str) -> None:
        self.items[(profile, kind)] = value

    def delete(self, profile: str, kind: str) -> None:
        self.items.pop((profile, kind), None)


def test_plaintext_secret_goes_to_a_0600_file(settings: Path, make_machine: Any) -> None:
    """DESIGN: a secret written in plain text is written "with a warning, in a 0600 file"."""
    settings.write_bytes(b'{"model": "opus"}\n')
    settings.chmod(0o644)
    setup = Setup("bedrock", "bedrock-api-key", profile="work", region="us-east-1",
                  plaintext_secrets=True)
    result = plan(setup, make_machine(settings=settings.read_bytes()),
                  Secret("ABSKEXAMPLEEXAMPLEEXAMPLE0000"))
    store = FakeStore()
    apply(result, store)  # type: ignore[arg-type]
    assert b"ABSKEXAMPLEEXAMPLEEXAMPLE0000" in settings.read_bytes()
    assert store.items == {("work", "bedrock-api-key"): "ABSKEXAMPLEEXAMPLEEXAMPLE0000"}
    assert _mode(settings) == 0o600


# --- issue 8, rules 1 and 8: keyring entries in backup sets; a set counts once complete -------

def test_undo_puts_back_a_replaced_secret_kept_only_in_the_keyring(
    settings: Path, make_machine: Any
) -> None:
    store = FakeStore()
    for key, model in (("sk-ant-api03-EXAMPLEone", "claude-opus-4-6"),
                       ("sk-ant-api03-EXAMPLEtwo", "claude-sonnet-4-6")):
        setup = Setup("anthropic", "api-key", profile="work", model=model)
        current = safefile.read_bytes(settings)
        apply(plan(setup, make_machine(settings=current), Secret(key)), store)
    assert store.items[("work", "api-key")] == "sk-ant-api03-EXAMPLEtwo"
    assert "sk-ant-api03-EXAMPLEone" in store.items.values()  # the copy kept for undo
    for folder in backups_dir().iterdir():
        for path in folder.iterdir():
            assert b"EXAMPLEone" not in path.read_bytes()
    backups.undo(store)  # type: ignore[arg-type]
    assert store.items == {("work", "api-key"): "sk-ant-api03-EXAMPLEone"}
    assert b"claude-opus-4-6" in settings.read_bytes()


def _pending(settings: Path, after: bytes) -> backups.BackupSet:
    before = safefile.read_bytes(settings)
    backup = backups.start()
    backup.add(settings, before, after)
    safefile.replace(settings, before, after)
    return backup


def test_a_pending_set_does_not_count_and_a_dead_one_is_rolled_back(settings: Path) -> None:
    settings.write_bytes(b"v1")
    done = _apply_files([(settings, b"v2")])
    pending = _pending(settings, b"v3")
    latest = backups.latest()
    assert latest is not None and latest.folder == done.folder
    pending.release()  # as the kernel does when its writer is killed
    assert backups.undo() == [settings]  # rolls v3 back to v2, then undoes v2
    assert settings.read_bytes() == b"v1"
    assert not pending.folder.exists() and not done.folder.exists()


def test_a_pending_set_whose_writer_runs_is_left_alone(settings: Path) -> None:
    settings.write_bytes(b"v1")
    pending = _pending(settings, b"v2")
    with backups.exclusive_writer():
        backups.recover()
    assert settings.read_bytes() == b"v2" and pending.folder.is_dir()
    pending.finish()
    backups.undo()
    assert settings.read_bytes() == b"v1"


def test_undo_skips_an_unusable_set_and_says_so(settings: Path) -> None:
    settings.write_bytes(b"v1")
    _apply_files([(settings, b"v2")])
    broken = backups_dir() / "29991231T000000.000000Z"
    broken.mkdir()
    (broken / backups.MANIFEST).write_text('{"entries": [{"path": 1}]}')
    said: list[str] = []
    assert backups.undo(say=said.append) == [settings]
    assert settings.read_bytes() == b"v1"
    assert len(said) == 1 and str(broken) in said[0] and "unusable" in said[0]


def test_a_temp_file_a_killed_writer_left_goes_with_the_next_write(settings: Path) -> None:
    settings.write_bytes(b"v1")
    stale = settings.parent / ".settings.json.k1ll3d.tmp"
    stale.write_bytes(b"half")
    other = settings.parent / ".settings.local.json.k1ll3d.tmp"
    other.write_bytes(b"another file's")
    with safefile.locked(settings, locks_dir()):
        safefile.replace(settings, b"v1", b"v2")
    assert not stale.exists() and other.exists()
