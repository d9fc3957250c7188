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
