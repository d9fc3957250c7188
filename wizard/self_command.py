"""How Claude Code (or the AWS SDK) should start claude-setup again: the key helpers and
``sso-login`` are written into settings files as absolute commands."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from wizard import programs


def helper_executable() -> str:
    """claude-setup's console script beside this Python, else in PATH's absolute folders (never
    one a relative PATH entry finds in the current folder), else ``python -m``."""
    script = Path(sys.executable).with_name("claude-setup")
    if not script.exists():
        found = programs.find("claude-setup")
        script = Path(found) if found else script
    if script.exists():
        return shlex.quote(str(script.resolve()))
    return f"{shlex.quote(sys.executable)} -m wizard"


def own_helper_profile(command: str, subcommand: str = "key") -> str | None:
    """The profile of ``command`` when it is claude-setup's own ``key PROFILE`` (or another
    ``subcommand``) as an apply writes it, else ``None``: the user's own command."""
    prefix = f"{helper_executable()} {subcommand} "
    if not command.startswith(prefix):
        return None
    name = command[len(prefix) :]
    return name if name and all(ch.isalnum() or ch in "._-" for ch in name) else None
