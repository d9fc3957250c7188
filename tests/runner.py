"""Running the installed ``claude-setup`` as a user would, and checking no secret leaked."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

CLAUDE_SETUP = Path(sys.executable).with_name("claude-setup")


def claude_setup(
    *args: str,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 30,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLAUDE_SETUP), *args],
        input=input,
        env=dict(os.environ if env is None else env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def files_containing(roots: Iterable[Path], secrets: Iterable[str]) -> list[str]:
    """Every file under ``roots`` in which any of ``secrets`` appears (as bytes)."""
    needles = [s.encode() for s in secrets if s]
    found = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                content = path.read_bytes()
                found += [f"{path}" for needle in needles if needle in content]
    return found


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a refused command (asserts there is exactly one)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def trusted_in_claude_code(folder: Path, home: Path | None = None) -> Path:
    """Record ``folder`` as Claude Code records a folder the user trusted (its trust dialog's
    answer in ``~/.claude.json``), keeping what else the file holds."""
    import json

    path = (home or Path.home()) / ".claude.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data.setdefault("projects", {})[os.path.realpath(folder)] = {"hasTrustDialogAccepted": True}
    path.write_text(json.dumps(data, indent=2))
    return path
