"""Keeping ``.claude/settings.local.json`` out of git, as Claude Code itself does.

When Claude Code (2.1.332) creates that file inside a git repository, it asks ``git
check-ignore`` whether the file is ignored and, if not, adds ``**/.claude/settings.local.json``
to the user's global ignore file (git's ``core.excludesFile``, else
``$XDG_CONFIG_HOME/git/ignore``, else ``~/.config/git/ignore``). claude-setup does the same when
``--scope local`` writes the file. A file git already tracks stays shared whatever the ignore
rules say: that is reported instead.

**git runs in a folder claude-setup does not own** (a repository just cloned), so it runs with
the repository's executable configuration off: ``core.fsmonitor`` (a command that ``git
ls-files`` would start), hooks, the pager (``--no-pager``, ``GIT_PAGER``/``PAGER`` ``cat``),
no terminal prompt, standard input closed, and no ``GIT_*`` variable of the environment
(``GIT_DIR``, ``GIT_CONFIG_PARAMETERS``, ``GIT_EXTERNAL_DIFF``... would each change which
repository or which commands git uses). ``GIT_CONFIG_GLOBAL`` alone is kept: it says where the
user's own global configuration is, which names the global ignore file Claude Code extends too.
git itself is found in PATH's absolute folders only (``programs``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wizard import programs, safefile
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.safetext import one_line

ENTRY = "**/.claude/settings.local.json"
GIT_TIMEOUT = 5.0
SAFE_OPTIONS = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "--no-pager")
"""Before the command: what a repository's own configuration could make git run, off."""
KEPT_GIT_VARIABLES = frozenset({"GIT_CONFIG_GLOBAL"})


@dataclass(frozen=True)
class IgnoreFile:
    """The global ignore file that must gain ``ENTRY``, and its content now."""

    path: Path
    content: bytes | None


def git_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without the ``GIT_*`` variables (``GIT_CONFIG_GLOBAL`` kept), with no pager
    and no prompt, and git's messages in English (``tracked`` reads one)."""
    kept = {
        name: value
        for name, value in environ.items()
        if not name.startswith("GIT_") or name in KEPT_GIT_VARIABLES
    }
    return {**kept, "GIT_PAGER": "cat", "PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str] | None:
    git = programs.find("git")
    if git is None:
        return None
    try:
        return subprocess.run(
            [git, *SAFE_OPTIONS, *args], cwd=cwd, capture_output=True, text=True,
            timeout=GIT_TIMEOUT, stdin=subprocess.DEVNULL, env=git_environment(os.environ),
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired, UnicodeDecodeError):
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


NOT_A_REPOSITORY = "not a git repository"


def tracked(settings_path: Path) -> bool:
    """Whether git already tracks ``settings_path`` (ignore rules then change nothing).
    Raises ``WizardError`` when git refuses to read the repository it is in (another user's,
    say: "dubious ownership"), since it may then track the file all the same."""
    folder = settings_path.parent.parent
    if not folder.is_dir():
        return False
    relative = f"{settings_path.parent.name}/{settings_path.name}"
    found = _git(["ls-files", "--error-unmatch", "--", relative], folder)
    if found is None or found.returncode in (0, 1):
        return found is not None and found.returncode == 0
    reason = (found.stderr.strip().splitlines() or ["?"])[0]
    if NOT_A_REPOSITORY in reason:
        return False
    raise WizardError(
        _(
            "git cannot read the repository {folder} is in ({reason}), so claude-setup cannot "
            "tell whether it shares {path}; nothing was written (fix what git says, or use "
            "another scope)"
        ).format(folder=folder, reason=one_line(reason), path=settings_path)
    )


def with_entry(content: bytes | None) -> bytes:
    """``content`` with ``ENTRY`` on a line of its own at the end."""
    text = (content or b"").decode("utf-8", "replace")
    if ENTRY in text.splitlines():
        return content or b""
    if text and not text.endswith("\n"):
        text += "\n"
    return (text + ENTRY + "\n").encode("utf-8")
