"""Where each scope's settings file is."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.errors import WizardError
from wizard.i18n import _

if TYPE_CHECKING:  # the key helper reads these paths on Claude Code's start-up path
    from wizard.model import Scope

USER_SETTINGS = "settings.json"
PROJECT_SETTINGS = Path(".claude") / "settings.json"
LOCAL_SETTINGS = Path(".claude") / "settings.local.json"


def user_config_dir() -> Path:
    """``$CLAUDE_CONFIG_DIR`` when set, else ``~/.claude``, as Claude Code does."""
    configured = os.environ.get("CLAUDE_CONFIG_DIR")
    folder = Path(configured).expanduser() if configured else Path.home() / ".claude"
    return folder.absolute()  # a relative folder is recorded (backups, profiles) as absolute


def settings_path(scope: Scope, project_dir: Path | None = None) -> Path:
    if scope == "user":
        return user_config_dir() / USER_SETTINGS
    root = project_dir or Path.cwd()
    return root / (PROJECT_SETTINGS if scope == "project" else LOCAL_SETTINGS)


def check_inside_project(path: Path, project_dir: Path) -> None:
    """Refuse a project or local settings path that a link leads out of the project, or that a
    dangling link makes point at nothing (a planted ``.claude`` link must not make claude-setup
    write ``~/.bash_profile``). The target the link names is given in the refusal."""
    root = Path(os.path.realpath(project_dir))
    step = project_dir
    for part in path.relative_to(project_dir).parts:
        step = step / part
        if not os.path.islink(step):
            continue
        target = os.readlink(step)
        resolved = Path(os.path.realpath(step))
        if not resolved.exists():
            raise WizardError(
                _("{path} is a link to {target}, which does not exist; refused").format(
                    path=step, target=target
                )
            )
        if not resolved.is_relative_to(root):
            raise WizardError(
                _(
                    "{path} is a link to {target}, outside the project {root}; project and "
                    "local settings stay inside the project"
                ).format(path=step, target=target, root=root)
            )


def same_file(one: Path, other: Path) -> bool:
    return os.path.realpath(one) == os.path.realpath(other)


def managed_settings_paths() -> list[Path]:
    """The managed (administrator) files, which beat every other scope."""
    if sys.platform == "darwin":
        folder = Path("/Library/Application Support/ClaudeCode")
    elif sys.platform == "win32":
        folder = Path(r"C:\Program Files\ClaudeCode")
    else:
        folder = Path(os.environ.get("CLAUDE_SETUP_MANAGED_DIR", "/etc/claude-code"))
    main = folder / "managed-settings.json"
    drop_ins = sorted((folder / "managed-settings.d").glob("*.json"))
    return [main, *drop_ins]
