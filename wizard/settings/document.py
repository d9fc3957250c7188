"""Strict JSON reading of a settings file, and the owned-key merge.

Parsing refuses anything Claude Code would not read cleanly (a trailing comma, ``NaN``, a
repeated key, a top level that is not an object) with the line and column, and never "repairs".
Rendering keeps the user's key order and indentation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.errors import WizardError
from wizard.i18n import _
from wizard.settings.owned import OWNED_TOP, is_owned_env


class SettingsParseError(WizardError):
    pass


def _no_constants(name: str) -> Any:
    raise ValueError(_("{name} is not JSON").format(name=name))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(_('the key "{key}" appears twice').format(key=key))
        result[key] = value
    return result


def parse(text: str, path: Path) -> dict[str, Any]:
    """The file's object. Raises ``SettingsParseError`` naming the line and column."""
    if not text.strip():
        return {}
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise SettingsParseError(
            _("{path}: not valid JSON at line {line}, column {column}: {reason}").format(
                path=path, line=exc.lineno, column=exc.colno, reason=exc.msg
            )
        ) from None
    except ValueError as exc:
        raise SettingsParseError(
            _("{path}: not valid JSON: {reason}").format(path=path, reason=exc)
        ) from None
    if not isinstance(data, dict):
        raise SettingsParseError(_("{path}: the top level must be a JSON object").format(path=path))
    env = data.get("env")
    if env is not None and not isinstance(env, dict):
        raise SettingsParseError(
            _('{path}: "env" must be an object of variables, not {kind}').format(
                path=path, kind=type(env).__name__
            )
        )
    return data


INDENT = re.compile(r"^\{\s*\n([ \t]+)\S", re.MULTILINE)


def detect_indent(text: str) -> str | int:
    match = INDENT.match(text)
    if not match:
        return 2
    indent = match.group(1)
    return len(indent) if set(indent) == {" "} else indent


def render(data: Mapping[str, Any], indent: str | int = 2) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


@dataclass
class Merge:
    """The result of putting a setup's keys into a settings object."""

    data: dict[str, Any]
    set_env: dict[str, str] = field(default_factory=dict)
    removed_env: list[str] = field(default_factory=list)
    set_top: dict[str, str] = field(default_factory=dict)
    removed_top: list[str] = field(default_factory=list)


def merge(current: Mapping[str, Any], env: Mapping[str, str], top: Mapping[str, str]) -> Merge:
    """Owned keys become exactly ``env`` and ``top``; other keys keep value and order."""
    data = dict(current)
    result = Merge(data)
    for key in list(data):
        if key in OWNED_TOP and key not in top:
            del data[key]
            result.removed_top.append(key)
    for key, value in top.items():
        if data.get(key) != value:
            data[key] = value
            result.set_top[key] = value
    old_env = data.get("env")
    new_env = dict(old_env) if isinstance(old_env, dict) else {}
    for key in list(new_env):
        if is_owned_env(key) and key not in env:
            del new_env[key]
            result.removed_env.append(key)
    for key, value in env.items():
        if new_env.get(key) != value:
            new_env[key] = value
            result.set_env[key] = value
    if new_env or "env" in data:
        data["env"] = new_env
    return result
