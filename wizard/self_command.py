"""How Claude Code (or the AWS SDK) should start claude-setup again: the key helpers and
``sso-login`` are written into settings files as absolute commands."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path


def helper_executable() -> str:
    """claude-setup's console script beside this Python, else on PATH, else ``python -m``."""
    script = Path(sys.executable).with_name("claude-setup")
    if not script.exists():
        found = shutil.which("claude-setup")
        script = Path(found) if found else script
    if script.exists():
        return shlex.quote(str(script.resolve()))
    return f"{shlex.quote(sys.executable)} -m wizard"
