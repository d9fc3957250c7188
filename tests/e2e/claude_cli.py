"""Run the real Claude Code CLI (``claude -p``) in a scrubbed environment for end-to-end tests.

The CLI is found through ``CLAUDE_CODE_BIN`` or at ``<repo>/.cache/claude-code/node_modules/
.bin/claude`` (``npm install --prefix .cache/claude-code @anthropic-ai/claude-code@2.1.332``).

Observed with 2.1.330 and 2.1.332: ``claude -p`` in a brand-new, empty ``HOME`` needs no pre-seeded
``~/.claude.json`` (no onboarding, no workspace trust in print mode); it creates that file
itself. It does write ``$TMPDIR/claude-<uid>/fswatch-probe-*`` folders, so ``TMPDIR`` is pointed
inside the temporary home to keep runs from littering the real ``/tmp``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = [
    "REPO_ROOT",
    "DEFAULT_CLAUDE_BIN",
    "claude_bin",
    "claude_available",
    "scrubbed_env",
    "write_user_settings",
    "run_claude",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CLAUDE_BIN = REPO_ROOT / ".cache" / "claude-code" / "node_modules" / ".bin" / "claude"


def claude_bin() -> Path:
    """Path of the Claude Code executable (``$CLAUDE_CODE_BIN`` or the repo cache)."""
    override = os.environ.get("CLAUDE_CODE_BIN")
    if override:
        found = shutil.which(override)
        return Path(found) if found else Path(override)
    return DEFAULT_CLAUDE_BIN


def claude_available() -> bool:
    """Whether the CLI exists and is executable (for ``pytest.mark.skipif``)."""
    path = claude_bin()
    return path.is_file() and os.access(path, os.X_OK)


def scrubbed_env(home: Path, extra_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The whole environment given to the CLI: PATH, HOME, TMPDIR, offline switch, extras.

    Nothing else is inherited, so ``ANTHROPIC_*``, ``CLAUDE_*``, ``AWS_*``, ``GOOGLE_*``,
    proxies and the like from whoever runs the tests cannot change what the CLI does.
    """
    tmp = home / ".tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    if extra_env:
        env.update(extra_env)
    return env


def write_user_settings(home: Path, settings: Mapping[str, object]) -> Path:
    """Write ``home/.claude/settings.json`` (the user scope) and return its path."""
    path = home / ".claude" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return path


def run_claude(
    home: Path,
    cwd: Path,
    extra_env: dict[str, str] | None = None,
    prompt: str = "say pong",
    timeout: float = 60,
    *,
    extra_args: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """Run ``claude -p PROMPT [extra_args…]`` with a scrubbed environment (see
    :func:`scrubbed_env`), ``cwd`` as working folder and stdin closed.

    Returns the finished process (text stdout/stderr). On timeout the CLI and everything it
    started (helpers, credential processes) are killed and ``subprocess.TimeoutExpired`` is
    raised carrying whatever was printed.
    """
    binary = claude_bin()
    if not binary.exists():
        raise FileNotFoundError(
            f"Claude Code CLI not found at {binary}; set CLAUDE_CODE_BIN or run "
            "npm install --prefix .cache/claude-code @anthropic-ai/claude-code@2.1.332"
        )
    home.mkdir(parents=True, exist_ok=True)
    cwd.mkdir(parents=True, exist_ok=True)
    args = [str(binary), "-p", prompt, *extra_args]
    with subprocess.Popen(
        args,
        cwd=cwd,
        env=scrubbed_env(home, extra_env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # own process group, so a timeout can kill its helpers too
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            stdout, stderr = proc.communicate()
            raise subprocess.TimeoutExpired(args, timeout, output=stdout, stderr=stderr) from None
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr)
