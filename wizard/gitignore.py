"""Keeping ``.claude/settings.local.json`` out of git, as Claude Code itself does.

When Claude Code (2.1.332) creates that file inside a git repository, it asks ``git
check-ignore`` whether the file is ignored and, if not, adds ``**/.claude/settings.local.json``
to the user's global ignore file (git's ``core.excludesFile``, else
``$XDG_CONFIG_HOME/git/ignore``, else ``~/.config/git/ignore``). claude-setup does the same when
``--scope local`` writes the file. A file git already tracks stays shared whatever the ignore
rules say: that is reported instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from wizard import safefile

ENTRY = "**/.claude/settings.local.json"
GIT_TIMEOUT = 5.0


@dataclass(frozen=True)
class IgnoreFile:
    """The global ignore file that must gain ``ENTRY``, and its content now."""

    path: Path
    content: bytes | None


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str] | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        return subprocess.run(
            [git, *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None


def global_ignore_path(cwd: Path) -> Path:
    """The file git reads as its global ignore list."""
    found = _git(["config", "--global", "--get", "--path", "core.excludesFile"], cwd)
    if found is not None and found.returncode == 0 and found.stdout.strip():
        return Path(found.stdout.strip()).expanduser()
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "git" / "ignore"


def needed(settings_path: Path) -> IgnoreFile | None:
    """The global ignore file to extend, when ``settings_path`` lies in a git work tree that
    does not ignore it yet (None: not in git, no git, or already ignored)."""
    folder = settings_path.parent.parent
    if not folder.is_dir():
        return None
    inside = _git(["rev-parse", "--is-inside-work-tree"], folder)
    if inside is None or inside.returncode != 0 or inside.stdout.strip() != "true":
        return None
    relative = f"{settings_path.parent.name}/{settings_path.name}"
    ignored = _git(["check-ignore", "-q", "--no-index", relative], folder)
    if ignored is None or ignored.returncode != 1:  # 0: ignored already; 128: git failed
        return None
    path = global_ignore_path(folder)
    return IgnoreFile(path, safefile.read_bytes(path))


def tracked(settings_path: Path) -> bool:
    """Whether git already tracks ``settings_path`` (ignore rules then change nothing)."""
    folder = settings_path.parent.parent
    if not folder.is_dir():
        return False
    relative = f"{settings_path.parent.name}/{settings_path.name}"
    found = _git(["ls-files", "--error-unmatch", "--", relative], folder)
    return found is not None and found.returncode == 0


def with_entry(content: bytes | None) -> bytes:
    """``content`` with ``ENTRY`` on a line of its own at the end."""
    text = (content or b"").decode("utf-8", "replace")
    if ENTRY in text.splitlines():
        return content or b""
    if text and not text.endswith("\n"):
        text += "\n"
    return (text + ENTRY + "\n").encode("utf-8")
