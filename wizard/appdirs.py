"""claude-setup's own folders: saved profiles, backups, locks; and why they are trusted.

What claude-setup reads from these folders it takes as the user's own word: a backup manifest
says which files ``undo`` writes, a saved profile which command Claude Code runs. So a folder
another local user could write into (group- or world-writable, say made under ``umask 000``) or
that belongs to another user is refused, with what to do, before anything is read from it or
written to it. Every path here is checked each time it is asked for (an ``os.stat`` or two, so
the key helpers on Claude Code's start-up path stay fast); a folder that does not exist yet is
made 0700 by ``safefile.make_folder``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_config_path, user_state_path

APP = "claude-setup"
STATE_FILE = "state.json"
CHECKS_OWNERS = hasattr(os, "geteuid")
"""Owners and mode bits mean something (not on Windows, where the ACLs of the profile folder
keep other users out)."""


def config_dir() -> Path:
    return check_own_folder(user_config_path(APP, appauthor=False))


def profiles_dir() -> Path:
    return check_own_folder(config_dir() / "profiles")


def profile_file(name: str) -> Path:
    return profiles_dir() / f"{name}.json"


def state_file() -> Path:
    """The active profile (``claude-setup run`` uses it by default)."""
    return config_dir() / STATE_FILE


def state_dir() -> Path:
    return check_own_folder(user_state_path(APP, appauthor=False))


def backups_dir() -> Path:
    return check_own_folder(state_dir() / "backups")


def locks_dir() -> Path:
    return check_own_folder(state_dir() / "locks")


def check_own_folders() -> None:
    """Refuse at once when any of claude-setup's folders is not the user's alone (the wizard
    asks before its first screen, which lists the saved profiles)."""
    for folder in (profiles_dir, backups_dir, locks_dir):
        folder()


def foreign(info: os.stat_result) -> bool:
    """Whether another local user could have written what ``info`` describes: it is theirs, or
    its group or everyone may write it."""
    if not CHECKS_OWNERS:
        return False
    return info.st_uid != os.geteuid() or bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def unsafe_ancestor(info: os.stat_result) -> bool:
    """Whether another local user could replace what is under a folder ``info`` describes:
    it is neither the user's nor root's, or its group or everyone may write it (but a sticky
    folder such as ``/tmp`` lets no one rename what is not theirs)."""
    if not CHECKS_OWNERS:
        return False
    if info.st_uid not in (os.geteuid(), 0):
        return True
    writable = bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))
    return writable and not info.st_mode & stat.S_ISVTX


def chain(folder: Path) -> list[Path]:
    """``folder`` and the folders above it that decide what it is: up to the home folder
    when it is inside it, else up to ``/``."""
    home = Path.home()
    found = [folder]
    for parent in folder.parents:
        found.append(parent)
        if parent == home:
            break
    return found


def check_own_folder(folder: Path) -> Path:
    """``folder``, once it is known to be the user's alone (or not to exist yet): it, every
    folder above it (up to the home folder) and, when a symbolic link is on the way, where
    the link leads, so that no other user can have put or swapped anything in it."""
    folder = Path(os.path.abspath(folder))
    for path in chain(folder):
        _check(path, os.lstat, own=path == folder)
    real = Path(os.path.realpath(folder))
    if real != folder:
        for path in chain(real):
            _check(path, os.stat, own=path == real)
    return folder


def _check(path: Path, read: Callable[[Path], os.stat_result], own: bool) -> None:
    try:
        info = read(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError:
        return  # unreadable: whatever reads it next says why
    if stat.S_ISLNK(info.st_mode):
        unsafe = info.st_uid not in (os.geteuid(), 0) if CHECKS_OWNERS else False
    else:
        unsafe = foreign(info) if own else unsafe_ancestor(info)
    if not unsafe:
        return
    import shlex

    from wizard.errors import UntrustedFolderError
    from wizard.i18n import _

    if info.st_uid not in (os.geteuid(), 0) or (own and info.st_uid != os.geteuid()):
        raise UntrustedFolderError(
            _(
                "{path} belongs to another user (uid {uid}), so what is in it is not yours; "
                "claude-setup uses it only when it is yours alone: move it away and run the "
                "command again"
            ).format(path=path, uid=info.st_uid)
        )
    raise UntrustedFolderError(
        _(
            "{path} can be written by other users (mode {mode:04o}), so what is in it may not "
            "be yours; claude-setup uses it only when it is yours alone: run chmod 700 "
            "{quoted} and run the command again"
        ).format(path=path, mode=stat.S_IMODE(info.st_mode), quoted=shlex.quote(str(path)))
    )
