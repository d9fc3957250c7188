"""Issue 15, rule 7: claude-setup's own folders are the user's alone.

Every folder it makes is 0700 and every file 0600 whatever the umask, parents included; a
folder of its own that another user could write, or that belongs to another user, is refused
with one line saying what to do.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from wizard import appdirs, safefile
from wizard.errors import UntrustedFolderError, WizardError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o000, 0o022, 0o277], ids=["umask-000", "umask-022", "umask-277"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test under an odd umask: 000 opens everything to everyone, 277 takes even the
    owner's write and search bits."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def test_every_missing_parent_is_made_0700(tmp_path: Path, umask: int) -> None:
    deep = tmp_path / "a" / "b" / "c"
    safefile.make_folder(deep)
    assert [_mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700, 0o700, 0o700]


def test_a_folder_that_is_there_keeps_its_mode(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    mine.chmod(0o755)
    safefile.make_folder(mine / "new")
    assert _mode(mine) == 0o755
    assert _mode(mine / "new") == 0o700


def test_private_files_and_locks_are_0600(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "state" / "profile.json"
    safefile.write_private(path, b"{}\n")
    assert path.read_bytes() == b"{}\n"
    assert (_mode(path.parent), _mode(path)) == (0o700, 0o600)
    fd = safefile.open_lock(tmp_path / "locks" / "x.lock")
    os.close(fd)
    assert (_mode(tmp_path / "locks"), _mode(tmp_path / "locks" / "x.lock")) == (0o700, 0o600)


def test_a_new_settings_file_and_its_folders_are_private(unit_home: Path, umask: int) -> None:
    path = unit_home / "work" / "repo" / ".claude" / "settings.local.json"
    safefile.replace(path, None, b"{}\n")
    modes = [_mode(p) for p in (unit_home / "work", path.parent.parent, path.parent, path)]
    assert modes == [0o700, 0o700, 0o700, 0o600]


OWN_FOLDERS: dict[str, Callable[[], Path]] = {
    "config": lambda: appdirs.config_dir(),
    "profiles": lambda: appdirs.profiles_dir(),
    "state": lambda: appdirs.state_dir(),
    "backups": lambda: appdirs.backups_dir(),
    "locks": lambda: appdirs.locks_dir(),
}


def _make_own_folders() -> dict[str, Path]:
    made = {}
    for name, folder in OWN_FOLDERS.items():
        made[name] = folder()
        safefile.make_folder(made[name])
    return made


@pytest.mark.parametrize("name", OWN_FOLDERS)
@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702, 0o1777])
def test_an_own_folder_others_can_write_is_refused_saying_what_to_do(
    name: str, mode: int
) -> None:
    folder = _make_own_folders()[name]
    folder.chmod(mode)
    with pytest.raises(UntrustedFolderError) as info:
        appdirs.check_own_folders()
    message = str(info.value)
    assert "\n" not in message
    assert f"{folder} can be written by other users (mode {mode:04o})" in message
    assert f"chmod 700 {folder}" in message
    folder.chmod(0o700)
    appdirs.check_own_folders()


@pytest.mark.parametrize("name", OWN_FOLDERS)
def test_an_own_folder_of_another_user_is_refused(name: str) -> None:
    """(As root, which these tests run as: ``chown`` gives the folder to user nobody.)"""
    folder = _make_own_folders()[name]
    os.chown(folder, 65534, 65534)
    with pytest.raises(UntrustedFolderError) as info:
        appdirs.check_own_folders()
    assert f"{folder} belongs to another user (uid 65534)" in str(info.value)


def test_folders_not_made_yet_are_fine() -> None:
    appdirs.check_own_folders()
    assert not appdirs.state_dir().exists()


def test_an_own_file_is_read_only_when_it_is_the_users_alone(tmp_path: Path) -> None:
    mine = tmp_path / "manifest.json"
    safefile.write_private(mine, b"{}")
    assert safefile.read_private(mine) == b"{}"
    link = tmp_path / "link.json"
    link.symlink_to(mine)
    with pytest.raises(WizardError, match="is a link"):
        safefile.read_private(link)
    mine.chmod(0o666)
    with pytest.raises(WizardError, match="could have been written by another user"):
        safefile.read_private(mine)


def test_a_folder_above_an_own_folder_held_by_another_user_is_refused(unit_home: Path) -> None:
    """Whoever holds ``~/.config`` can swap ``claude-setup`` inside it for a folder of theirs."""
    _make_own_folders()
    os.chown(unit_home / ".config", 65534, 65534)
    with pytest.raises(UntrustedFolderError) as info:
        appdirs.check_own_folders()
    assert f"{unit_home / '.config'} belongs to another user (uid 65534)" in str(info.value)


@pytest.mark.parametrize(("mode", "refused"), [(0o777, True), (0o775, True), (0o1777, False)])
def test_a_folder_above_open_to_others_is_refused_unless_sticky(
    unit_home: Path, mode: int, refused: bool
) -> None:
    """A sticky folder (``/tmp``) lets no one rename what another user made in it."""
    _make_own_folders()
    (unit_home / ".local").chmod(mode)
    if not refused:
        appdirs.check_own_folders()
        return
    with pytest.raises(UntrustedFolderError, match="can be written by other users"):
        appdirs.check_own_folders()


def test_an_own_folder_swapped_for_another_users_link_is_refused(
    unit_home: Path, tmp_path: Path
) -> None:
    planted = tmp_path / "planted"
    (planted / "profiles").mkdir(parents=True, mode=0o700)
    planted.chmod(0o700)
    config = appdirs.config_dir()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.symlink_to(planted)
    os.lchown(config, 65534, 65534)
    with pytest.raises(UntrustedFolderError) as info:
        appdirs.check_own_folders()
    assert f"{config} belongs to another user (uid 65534)" in str(info.value)


def test_a_link_of_the_users_own_is_followed_and_checked(unit_home: Path, tmp_path: Path) -> None:
    """A dotfiles folder linked in is fine while it is the user's alone, and refused when the
    folder it lies in is open to others."""
    dotfiles = tmp_path / "dotfiles"
    target = dotfiles / "claude-setup"
    target.mkdir(parents=True, mode=0o700)
    config = appdirs.config_dir()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.symlink_to(target)
    appdirs.check_own_folders()
    dotfiles.chmod(0o777)
    with pytest.raises(UntrustedFolderError) as info:
        appdirs.check_own_folders()
    assert f"{dotfiles} can be written by other users" in str(info.value)
