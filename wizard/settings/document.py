"""Strict JSON reading of a settings file, the owned-key merge, and editing in place.

Parsing refuses anything Claude Code would not read cleanly, or that could not be written back
exactly (a trailing comma, ``NaN``, a repeated key, a lone surrogate, a broken escape, nesting
too deep, text that is not UTF-8, a top level that is not an object) with the line and column,
and never "repairs". Editing never re-serialises what claude-setup does not own: only the spans
of the owned keys change in the original text (as ``jsonc-parser``'s ``modify`` does), so
numbers (``1E22``, ``-0``, ``1e400``), escapes, key order, indentation and line endings of
everything else stay byte for byte.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.errors import WizardError
from wizard.i18n import _
from wizard.settings.jsonscan import (
    MAX_DEPTH,
    Layout,
    Member,
    ObjectSpan,
    SettingsParseError,
    decode,
    line_and_column,
    scan,
)
from wizard.settings.owned import OWNED_TOP, is_owned_env

__all__ = [
    "MAX_DEPTH",
    "Layout",
    "Member",
    "Merge",
    "ObjectSpan",
    "SettingsParseError",
    "decode",
    "edit",
    "line_and_column",
    "merge",
    "parse",
    "render",
    "scan",
]

def _number(text: str) -> int | float:
    """An integer too long for ``int()`` is read as a float: claude-setup only reads owned keys."""
    return int(text) if len(text) < 4000 else float(text)


def partly_read(error: str) -> str:
    """What a settings file claude-setup cannot read means: Claude Code is more lenient (it
    drops an entry nested too deep, replaces bytes that are not UTF-8, skips a byte-order
    mark), so the file may still decide where its requests go."""
    return _(
        "{error}; Claude Code still uses what it can of that file, where its requests go "
        "included"
    ).format(error=error)


def parse(text: str, path: Path) -> dict[str, Any]:
    """The file's object. Raises ``SettingsParseError`` naming the line and column."""
    if scan(text, path) is None:
        return {}
    data = json.loads(text, parse_int=_number)
    assert isinstance(data, dict)
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


# --- editing in place ------------------------------------------------------------------------


MULTI_LINE_VALUES = frozenset({"ANTHROPIC_CUSTOM_HEADERS"})
"""Values whose format is lines ("Name: Value" per line, as Claude Code reads them): each
line is checked, and JSON writes the line breaks escaped."""


def check_value(key: str, value: str) -> None:
    """A value claude-setup writes: one line, no control character (rule of every file)."""
    lines = value.split("\n") if key in MULTI_LINE_VALUES else [value]
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for line in lines for ch in line):
        raise WizardError(
            _("{key}: the value contains a line break or a control character").format(key=key)
        )


def edit(text: str, path: Path, merged: Merge) -> str:
    """``text`` with only the owned keys of ``merged`` changed, everything else byte for byte."""
    for key, value in [*merged.set_top.items(), *merged.set_env.items()]:
        check_value(key, value)
    if scan(text, path) is None:
        return render(merged.data)
    for key in merged.removed_top:
        text = _remove(text, path, key, in_env=False)
    for key, value in merged.set_top.items():
        text = _set(text, path, key, value, in_env=False)
    if "env" in merged.data and _layout(text, path).env is None:
        text = _set(text, path, "env", {}, in_env=False)
    for key in merged.removed_env:
        text = _remove(text, path, key, in_env=True)
    for key, value in merged.set_env.items():
        text = _set(text, path, key, value, in_env=True)
    if json.loads(text, parse_int=_number) != merged.data:  # pragma: no cover - a bug guard
        raise WizardError(_("{path}: the edit did not give the planned settings").format(path=path))
    return text


def _layout(text: str, path: Path) -> Layout:
    layout = scan(text, path)
    assert layout is not None
    return layout


def _object(text: str, path: Path, in_env: bool) -> ObjectSpan:
    layout = _layout(text, path)
    if in_env:
        assert layout.env is not None
        return layout.env
    return layout.top


def _remove(text: str, path: Path, key: str, in_env: bool) -> str:
    obj = _object(text, path, in_env)
    index = next(i for i, m in enumerate(obj.members) if m.key == key)
    member = obj.members[index]
    if len(obj.members) == 1:
        return text[: obj.start + 1] + text[obj.end - 1 :]
    if index + 1 < len(obj.members):
        return text[: member.start] + text[obj.members[index + 1].start :]
    return text[: obj.members[index - 1].value_end] + text[member.value_end :]


def _set(text: str, path: Path, key: str, value: str | dict[str, Any], in_env: bool) -> str:
    obj = _object(text, path, in_env)
    encoded = json.dumps(value, ensure_ascii=False)
    for member in obj.members:
        if member.key == key:
            return text[: member.value_start] + encoded + text[member.value_end :]
    name = json.dumps(key, ensure_ascii=False)
    if obj.members:
        last = obj.members[-1]
        before_last = text.rfind(",", 0, last.start) if len(obj.members) > 1 else obj.start
        spacing = text[before_last + 1 : last.start]
        colon = text[last.key_end : last.value_start]
        if len(obj.members) == 1 and "\n" not in spacing:  # {"A": "1"} gives {"A": "1", "B": …}
            spacing = " " if spacing or colon.endswith(" ") else ""
        entry = "," + spacing + name + colon + encoded
        return text[: last.value_end] + entry + text[last.value_end :]
    if "\n" not in text.strip():
        entry = name + ": " + encoded
    else:
        newline = "\r\n" if "\r\n" in text else "\n"
        line_start = text.rfind("\n", 0, obj.start) + 1
        own = re.match(r"[ \t]*", text[line_start:]).group()  # type: ignore[union-attr]
        unit = detect_indent(text)
        step = " " * unit if isinstance(unit, int) else unit
        entry = newline + own + step + name + ": " + encoded + newline + own
    return text[: obj.start + 1] + entry + text[obj.end - 1 :]


def show_values(text: str, path: Path, shown: Callable[[str, Any], Any]) -> str:
    """``text`` with the value of every ``env`` variable replaced by ``shown(key, value)``
    where that differs (a secret masked), whatever form the file wrote it in (escapes such as
    ``\\u0041`` or ``\\/`` included)."""
    try:
        layout = scan(text, path)
    except SettingsParseError:
        return text
    if layout is None or layout.env is None:
        return text
    for member in reversed(layout.env.members):
        if text[member.value_start] != '"':
            continue
        value = json.loads(text[member.value_start : member.value_end])
        new = shown(member.key, value)
        if new != value:
            encoded = json.dumps(new, ensure_ascii=False)
            text = text[: member.value_start] + encoded + text[member.value_end :]
    return text
