"""Whether the user trusts a project folder, as Claude Code asks before it uses one.

A folder's ``.claude/settings.json`` and ``.claude/settings.local.json`` come with the folder (a
cloned repository, an archive, a colleague's share): until the user trusts the folder they are
data. claude-setup lists what they would run, load or contact and never does it.

A folder is trusted when Claude Code recorded it (``projects[PATH].hasTrustDialogAccepted`` in
``~/.claude.json``, or ``$CLAUDE_CONFIG_DIR/.claude.json``; Claude Code 2.1.332 records the git
work tree's root and counts a record of any folder from the working folder up to that root, or
up to ``/`` outside git) or when the user told claude-setup so (``claude-setup trust``, or ``t``
in the wizard), which claude-setup records in its own ``trusted-folders.json`` the same way.
The home folder's ``.claude`` is the user's own settings folder: always trusted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from wizard import safefile
from wizard.appdirs import config_dir, locks_dir
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.settings import paths

RECORD = "trusted-folders.json"
MAX_CLAUDE_CONFIG_BYTES = 64 * 1024 * 1024
"""``~/.claude.json`` grows with every project Claude Code has seen; a bigger one is not read."""

TrustedBy = Literal["home", "claude-code", "claude-setup"]


def claude_code_config_path() -> Path:
    """Claude Code's own state file, where it records the folders the user trusted."""
    configured = os.environ.get("CLAUDE_CONFIG_DIR")
    folder = Path(configured).expanduser() if configured else Path.home()
    return folder / ".claude.json"


def record_path() -> Path:
    return config_dir() / RECORD


def _normal(path: str) -> str:
    """A folder's name as compared with a record: only ``.``, ``..`` and doubled slashes go.
    No Unicode normalisation: Linux names are bytes, so ``café`` written two ways is two
    folders, and Claude Code trusts each one apart."""
    return os.path.normpath(path)


def git_root(folder: Path) -> Path | None:
    """The work tree holding ``folder`` (the nearest folder with a ``.git``), if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def project_key(folder: Path) -> Path:
    """The folder a trust is recorded under: its git work tree's root, else itself."""
    real = Path(os.path.realpath(folder))
    return git_root(real) or real


def candidates(folder: Path) -> list[str]:
    """The folders whose trust record covers ``folder``: itself and each folder above it, up to
    its git work tree's root (up to ``/`` outside git), as Claude Code walks them."""
    real = Path(os.path.realpath(folder))
    root = git_root(real)
    found = []
    for candidate in (real, *real.parents):
        found.append(_normal(str(candidate)))
        if candidate == root:
            break
    return found


def _claude_code_folders() -> set[str]:
    path = claude_code_config_path()
    try:
        if path.is_file() and path.stat().st_size > MAX_CLAUDE_CONFIG_BYTES:
            return set()
        content = safefile.read_bytes(path)
        data: Any = json.loads(content) if content else {}
    except (WizardError, OSError, ValueError, RecursionError):
        return set()  # a file Claude Code cannot read trusts nothing either
    projects = data.get("projects") if isinstance(data, dict) else None
    if not isinstance(projects, dict):
        return set()
    return {
        _normal(name)
        for name, entry in projects.items()
        if isinstance(entry, dict) and entry.get("hasTrustDialogAccepted") is True
    }


def _own_folders() -> list[str]:
    try:
        content = safefile.read_bytes(record_path())
        data: Any = json.loads(content) if content else {}
    except (WizardError, ValueError, RecursionError):
        return []
    folders = data.get("folders") if isinstance(data, dict) else None
    return [f for f in folders if isinstance(f, str)] if isinstance(folders, list) else []


def at_home(folder: Path) -> bool:
    """The working folder is the home folder (or the user's settings folder's parent): its
    ``.claude`` is the user's own settings folder, not a project's."""
    return paths.same_file(folder, Path.home()) or paths.same_file(
        folder / ".claude", paths.user_config_dir()
    )


def trusted_by(folder: Path | None = None) -> TrustedBy | None:
    """Who trusts ``folder`` (the working folder by default): ``None`` when nobody does."""
    folder = folder or Path.cwd()
    if at_home(folder):
        return "home"
    wanted = candidates(folder)
    if _covered(wanted, _claude_code_folders()):
        return "claude-code"
    if _covered(wanted, {_normal(f) for f in _own_folders()}):
        return "claude-setup"
    return None


def _covered(wanted: Iterable[str], recorded: set[str]) -> bool:
    return any(candidate in recorded for candidate in wanted)


def is_trusted(folder: Path | None = None) -> bool:
    return trusted_by(folder) is not None


def trust(folder: Path | None = None) -> Path:
    """Record that the user trusts ``folder`` (its git work tree, as Claude Code records it);
    returns the folder recorded."""
    key = project_key(folder or Path.cwd())
    _write([*_own_folders(), str(key)])
    return key


def forget(folder: Path | None = None) -> list[str]:
    """Forget claude-setup's records covering ``folder``; returns the folders forgotten
    (Claude Code's own record is Claude Code's: it is left as it is)."""
    wanted = set(candidates(folder or Path.cwd()))
    kept: list[str] = []
    gone: list[str] = []
    for recorded in _own_folders():
        (gone if _normal(recorded) in wanted else kept).append(recorded)
    if gone:
        _write(kept)
    return gone


def _write(folders: list[str]) -> None:
    path = record_path()
    content = (json.dumps({"folders": sorted(set(folders))}, indent=2) + "\n").encode("utf-8")
    with safefile.locked(path, locks_dir()):
        safefile.replace(path, safefile.read_bytes(path), content, mode=0o600)


def describe(by: TrustedBy | None) -> str:
    """Who trusts the folder, in a few words."""
    if by == "claude-code":
        return _("trusted in Claude Code")
    if by == "claude-setup":
        return _("trusted with claude-setup")
    if by == "home":
        return _("your home folder")
    return _("not trusted")
