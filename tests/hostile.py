"""Hostile folders for the tests: a cloned repository whose ``.claude`` files try to make
claude-setup run, load or contact what they name, with marker files that say whether anything
ran and a fingerprint of every file under HOME to say nothing changed."""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class HostileRepo:
    root: Path
    markers: Path
    """A folder the planted commands write into: empty when nothing ran."""

    def ran(self) -> list[str]:
        return sorted(p.name for p in self.markers.iterdir())


def marker_command(markers: Path, name: str, output: str = "") -> str:
    """A shell command that leaves ``markers/name`` behind (and prints ``output``)."""
    shown = f"; printf '%s\\n' '{output}'" if output else ""
    return f"touch {markers / name}{shown}"


def cloned_repo(
    parent: Path, settings: dict[str, Any], local: dict[str, Any] | None = None
) -> HostileRepo:
    """A git work tree with the given ``.claude/settings.json`` (and ``settings.local.json``).
    The string ``MARK:name`` in a value becomes a command leaving the marker ``name``."""
    root = parent / "cloned"
    markers = parent / "markers"
    markers.mkdir(parents=True, exist_ok=True)
    (root / ".claude").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)

    def planted(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("MARK:"):
            name, _, output = value[5:].partition(":")
            return marker_command(markers, name, output)
        if isinstance(value, dict):
            return {k: planted(v) for k, v in value.items()}
        if isinstance(value, list):
            return [planted(v) for v in value]
        return value

    (root / ".claude" / "settings.json").write_text(json.dumps(planted(settings), indent=2))
    if local is not None:
        (root / ".claude" / "settings.local.json").write_text(json.dumps(planted(local)))
    return HostileRepo(root, markers)


def fingerprint(*roots: Path) -> dict[str, str]:
    """Every regular file under ``roots`` with the SHA-256 of its bytes."""
    found = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
