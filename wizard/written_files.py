"""The files claude-setup writes, and so the only ones ``undo`` and a rollback may write back.

A backup manifest names the files its set restores. It lies in the user's own state folder
(``appdirs`` refuses one that another user could write), yet a path read from a file is never
trusted on its own: were it, one planted manifest would make the next ``undo`` write
``~/.bashrc``. A recorded path must be, as this machine is set up now, one of:

- the user settings file (``$CLAUDE_CONFIG_DIR/settings.json``, or ``~/.claude/settings.json``);
- a project's ``.claude/settings.json`` or ``.claude/settings.local.json``, with no link leading
  out of that project (``settings.paths.check_inside_project``);
- ``~/.aws/config`` (or ``$AWS_CONFIG_FILE``);
- git's global ignore file (``--scope local``, see ``gitignore``);
- a saved profile or the state file in claude-setup's config folder;

written as an absolute path with no ``..``, and a regular file or absent. Anything else makes
the whole set unusable: ``undo`` skips it and says why, nothing of it is written.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from wizard import appdirs, awsconfig
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.settings import paths
from wizard.validation import PROFILE_NAME

PROJECT_FILES = (paths.PROJECT_SETTINGS.parts, paths.LOCAL_SETTINGS.parts)


def check_restorable(recorded: str) -> Path:
    """The path a manifest recorded, once it is one claude-setup writes; ``ValueError`` (its
    text says why) when it is not."""
    path = Path(recorded)
    if not os.path.isabs(recorded) or os.path.normpath(recorded) != recorded:
        raise ValueError(_("{path} is not a file claude-setup writes").format(path=recorded))
    if not (_fixed(path) or _project_settings(path) or _git_ignore(path)):
        raise ValueError(_("{path} is not a file claude-setup writes").format(path=recorded))
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return path
    except OSError as exc:
        raise ValueError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(_("{path} is not a regular file; refused").format(path=path))
    return path


def is_own_file(path: Path) -> bool:
    """A saved profile or the state file: claude-setup's bookkeeping, not a file of the user's."""
    if path == appdirs.state_file():
        return True
    return (
        path.parent == appdirs.profiles_dir()
        and path.suffix == ".json"
        and PROFILE_NAME.fullmatch(path.stem) is not None
    )


def _fixed(path: Path) -> bool:
    """The user settings, ``~/.aws/config``, a saved profile or the state file."""
    home = Path.home()
    fixed = {
        paths.user_config_dir() / paths.USER_SETTINGS,
        home / ".claude" / paths.USER_SETTINGS,
        awsconfig.config_path(),
        home / ".aws" / "config",
    }
    return path in fixed or _relative_user_settings(path) or is_own_file(path)


def _relative_user_settings(path: Path) -> bool:
    """A relative ``CLAUDE_CONFIG_DIR`` names another folder from each working folder: the
    user settings an apply made from elsewhere are those that end in that same relative path."""
    configured = os.environ.get("CLAUDE_CONFIG_DIR")
    if not configured or os.path.isabs(os.path.expanduser(configured)):
        return False
    tail = (*Path(os.path.normpath(configured)).parts, paths.USER_SETTINGS)
    return len(tail) > 1 and ".." not in tail and path.parts[-len(tail) :] == tail


def _project_settings(path: Path) -> bool:
    if len(path.parts) < 3 or path.parts[-2:] not in PROJECT_FILES:
        return False
    try:
        paths.check_inside_project(path, path.parent.parent)
    except WizardError as exc:
        raise ValueError(str(exc)) from None
    return True


def _git_ignore(path: Path) -> bool:
    """git's global ignore file: the default one, or the one git's configuration names."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    defaults = {Path(config_home) / "git" / "ignore", Path.home() / ".config" / "git" / "ignore"}
    if path in defaults:
        return True
    home = str(Path.home())
    return path == _configured_git_ignore(home, config_home, os.environ.get("GIT_CONFIG_GLOBAL"))


@functools.cache
def _configured_git_ignore(home: str, config_home: str, git_config: str | None) -> Path:
    """What git names as the global ignore file (asked once per configuration: every backup
    set may need it)."""
    from wizard import gitignore

    return gitignore.global_ignore_path(Path(home)).absolute()
