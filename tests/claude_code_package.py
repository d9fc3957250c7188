"""Claude Code's own model data, read out of the installed npm package.

The native binary that ``@anthropic-ai/claude-code`` installs carries two minified JavaScript
object literals: the model catalogue (beginning ``{"//":"Hand-maintained baked-in model
catalog``) and the retirement table (beginning ``{"claude-opus-4-5":{modelName:``).
Each is found by its opening text, cut at its balanced closing brace (quoted strings skipped)
and parsed. The package is the one ``CLAUDE_CODE_BIN`` (else ``.cache/claude-code``) names.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLAUDE_BIN = REPO_ROOT / ".cache" / "claude-code" / "node_modules" / ".bin" / "claude"
CATALOGUE_START = b'{"//":"Hand-maintained baked-in model catalog'
RETIREMENT_START = b'{"claude-opus-4-5":{modelName:'
_QUOTES = b"\"'`"
_BARE_KEY = re.compile(r"[A-Za-z_$][\w$]*")


def package_dir() -> Path:
    """The folder of the ``@anthropic-ai/claude-code`` package behind ``CLAUDE_CODE_BIN``."""
    override = os.environ.get("CLAUDE_CODE_BIN")
    command = Path(shutil.which(override) or override) if override else DEFAULT_CLAUDE_BIN
    resolved = command.resolve()
    for folder in resolved.parents:
        manifest = folder / "package.json"
        if manifest.is_file() and json.loads(manifest.read_text())["name"] == (
            "@anthropic-ai/claude-code"
        ):
            return folder
    raise FileNotFoundError(f"no @anthropic-ai/claude-code package above {resolved}")


def version() -> str:
    manifest = json.loads((package_dir() / "package.json").read_text())
    return str(manifest["version"])


def binaries() -> list[Path]:
    """The package's files big enough to be the native binary, largest first."""
    found = [p for p in (package_dir() / "bin").iterdir() if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_size, reverse=True)


@cache
def _binary_bytes() -> bytes:
    for path in binaries():
        data = path.read_bytes()
        if CATALOGUE_START in data:
            return data
    raise FileNotFoundError(f"no binary with Claude Code's model catalogue in {package_dir()}")


def balanced(data: bytes, start: int) -> bytes:
    """The text from the ``{`` at ``start`` to its matching ``}``, quoted strings skipped."""
    depth = 0
    index = start
    while index < len(data):
        char = data[index : index + 1]
        if char in (b'"', b"'", b"`"):
            index += 1
            while data[index : index + 1] != char:
                index += 2 if data[index : index + 1] == b"\\" else 1
        elif char == b"{":
            depth += 1
        elif char == b"}":
            depth -= 1
            if depth == 0:
                return data[start : index + 1]
        index += 1
    raise ValueError("unbalanced literal")


def js_object_to_json(text: str) -> str:
    """A minified JavaScript object literal as JSON: bare keys quoted, ``!0``/``!1`` as
    ``true``/``false``, strings left as they are."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == '"':
            end = index + 1
            while text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[index : end + 1])
            index = end + 1
            continue
        match = _BARE_KEY.match(text, index)
        if match and out and out[-1].rstrip()[-1:] in ("{", ","):
            after = text[match.end() :].lstrip()
            if after.startswith(":"):
                out.append(json.dumps(match.group()))
                index = match.end()
                continue
        if char == "!" and text[index + 1 : index + 2] in ("0", "1"):  # minified booleans
            out.append("true" if text[index + 1] == "0" else "false")
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _literal(opening: bytes) -> str:
    data = _binary_bytes()
    start = data.find(opening)
    if start < 0:
        raise ValueError(f"{opening!r} is not in the Claude Code binary")
    return balanced(data, start).decode("utf-8")


def model_catalogue() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(js_object_to_json(_literal(CATALOGUE_START)))
    return data


def retirement_table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(js_object_to_json(_literal(RETIREMENT_START)))
    return data
