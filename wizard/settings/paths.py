"""Where each scope's settings file is."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from wizard.model import Scope

USER_SETTINGS = "settings.json"
PROJECT_SETTINGS = Path(".claude") / "settings.json"
LOCAL_SETTINGS = Path(".claude") / "settings.local.json"


def user_config_dir() -> Path:
    """``$CLAUDE_CONFIG_DIR`` when set, else ``~/.claude``, as Claude Code does."""
    configured = os.environ.get("CLAUDE_CONFIG_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".claude"


def settings_path(scope: Scope, project_dir: Path | None = None) -> Path:
    if scope == "user":
        return user_config_dir() / USER_SETTINGS
    root = project_dir or Path.cwd()
    return root / (PROJECT_SETTINGS if scope == "project" else LOCAL_SETTINGS)


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
