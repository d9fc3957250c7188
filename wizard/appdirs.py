"""claude-setup's own folders: saved profiles, backups, locks."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path, user_state_path

APP = "claude-setup"


def config_dir() -> Path:
    return user_config_path(APP, appauthor=False)


def profiles_dir() -> Path:
    return config_dir() / "profiles"


def state_dir() -> Path:
    return user_state_path(APP, appauthor=False)


def backups_dir() -> Path:
    return state_dir() / "backups"


def locks_dir() -> Path:
    return state_dir() / "locks"
