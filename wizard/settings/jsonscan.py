"""Strict JSON scanning of a settings file, with the place of every owned key.

Iterative (any nesting depth ends in a refusal, not a crash) and strict: a trailing comma,
``NaN``, a repeated key, a lone surrogate, a broken escape, nesting too deep or text that is not
UTF-8 is refused with its line and column. The spans it finds let ``document.edit`` change the
owned keys' text and nothing else.

Light to import (no dataclasses, no typing at run time): the key helper reads settings files
with it on Claude Code's start-up path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.errors import WizardError
from wizard.i18n import _

if TYPE_CHECKING:
    from typing import NoReturn

MAX_DEPTH = 256
"""Deeper nesting is refused: no reader of settings needs it, and parsers differ beyond it."""


class SettingsParseError(WizardError):
    pass


def line_and_column(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - text.rfind("\n", 0, pos)


def _at(path: Path, text: str, pos: int, reason: str) -> SettingsParseError:
    line, column = line_and_column(text, pos)
    return SettingsParseError(
        _("{path}: not valid JSON at line {line}, column {column}: {reason}").format(
            path=path, line=line, column=column, reason=reason
        )
    )


def decode(raw: bytes, path: Path) -> str:
    """The file's text; bytes that are not UTF-8 are refused with their line and column."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8", "replace")
        line, column = line_and_column(head, len(head))
        raise SettingsParseError(
            _("{path}: not UTF-8 text at line {line}, column {column}").format(
                path=path, line=line, column=column
            )
        ) from None


# --- the strict scanner ----------------------------------------------------------------------

NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
PLAIN_CHARS = re.compile(r'[^"\\\x00-\x1f]*')
HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
WHITESPACE = re.compile(r"[ \t\n\r]*")
NOT_JSON_CONSTANTS = ("NaN", "Infinity", "-Infinity")


class Member:
    """One ``"key": value`` of an object, by its place in the text."""

    __slots__ = ("key", "key_end", "start", "value_end", "value_start")

    def __init__(self, key: str, start: int, key_end: int, value_start: int, value_end: int):
        self.key = key
        self.start = start
        self.key_end = key_end
        self.value_start = value_start
        self.value_end = value_end


class ObjectSpan:
    """An object's place in the text, and its members (kept for the top level and ``env``)."""

    __slots__ = ("end", "members", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end
        """Index just after the closing brace."""
        self.members: list[Member] = []


class Layout:
    """Where the top-level object and its ``env`` object are in the text."""

    __slots__ = ("env", "top")

    def __init__(self, top: ObjectSpan, env: ObjectSpan | None) -> None:
        self.top = top
        self.env = env


class _Frame:
    __slots__ = ("is_object", "key", "keys", "role", "span")

    def __init__(self, is_object: bool, span: ObjectSpan | None, role: str = "") -> None:
        self.is_object = is_object
        self.span = span
        """Kept only for the top-level object and its ``env`` object."""
        self.role = role
        self.keys: set[str] = set()
        self.key: Member | None = None


def scan(text: str, path: Path) -> Layout | None:
    """Check ``text`` is strict JSON and locate the owned objects; ``None`` for an empty file.

    Iterative, so that any nesting depth ends in a refusal rather than a crash.
    """
    return _Scanner(text, path).run()


class _Scanner:
    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.stack: list[_Frame] = []
        self.top: ObjectSpan | None = None
        self.env: ObjectSpan | None = None

    def fail(self, at: int, reason: str) -> NoReturn:
        raise _at(self.path, self.text, at, reason)

    def skip(self, at: int) -> int:
        return WHITESPACE.match(self.text, at).end()  # type: ignore[union-attr]

    def run(self) -> Layout | None:
        text = self.text
        pos = self.skip(0)
        if pos == len(text):
            return None
        if text.startswith("\ufeff"):
            self.fail(0, _("a byte order mark (BOM) starts the file"))
        if text[pos] != "{":
            raise SettingsParseError(
                _("{path}: the top level must be a JSON object").format(path=self.path)
            )
        expect_value = True
        while True:
            if expect_value:
                pos, expect_value = self.value(pos)
                continue
            if not self.stack:
                rest = self.skip(pos)
                if rest != len(text):
                    self.fail(rest, _("more text after the JSON value"))
                assert self.top is not None
                return Layout(self.top, self.env)
            pos, expect_value = self.after_value(pos)

    def value(self, pos: int) -> tuple[int, bool]:
        """Read the start of a value; returns where to go on and whether a value comes next."""
        text = self.text
        char = text[pos : pos + 1]
        if char in ("{", "["):
            if len(self.stack) >= MAX_DEPTH:
                self.fail(pos, _("nested deeper than {limit} levels").format(limit=MAX_DEPTH))
            role = ""
            if char == "{" and not self.stack:
                role = "top"
            elif char == "{" and len(self.stack) == 1:
                key = self.stack[0].key
                role = "env" if key is not None and key.key == "env" else ""
            frame = _Frame(char == "{", ObjectSpan(pos, pos) if role else None, role)
            self.stack.append(frame)
            inner = self.skip(pos + 1)
            if text[inner : inner + 1] == ("}" if frame.is_object else "]"):
                self.close(inner)
                return inner + 1, False
            return (self.key(frame, inner) if frame.is_object else inner), True
        if char == '"':
            return self.string_end(pos), False
        for word in ("true", "false", "null"):
            if text.startswith(word, pos):
                return pos + len(word), False
        for name in NOT_JSON_CONSTANTS:
            if text.startswith(name, pos):
                self.fail(pos, _("{name} is not JSON").format(name=name))
        match = NUMBER.match(text, pos)
        if match:
            return match.end(), False
        self.fail(pos, _("expected a value") if pos < len(text) else _("the text ends early"))

    def after_value(self, pos: int) -> tuple[int, bool]:
        frame = self.stack[-1]
        if frame.key is not None:
            frame.key.value_end = pos
            if frame.span is not None:
                frame.span.members.append(frame.key)
            frame.key = None
        at = self.skip(pos)
        sep = self.text[at : at + 1]
        if sep == ",":
            after = self.skip(at + 1)
            return (self.key(frame, after) if frame.is_object else after), True
        if sep == ("}" if frame.is_object else "]"):
            self.close(at)
            return at + 1, False
        if at == len(self.text):
            self.fail(at, _("the text ends early"))
        self.fail(at, _("expected ',' or '}'") if frame.is_object else _("expected ',' or ']'"))

    def close(self, at: int) -> None:
        frame = self.stack.pop()
        if frame.span is not None:
            frame.span.end = at + 1
            if frame.role == "top":
                self.top = frame.span
            else:
                self.env = frame.span

    def key(self, frame: _Frame, at: int) -> int:
        if self.text[at : at + 1] != '"':
            self.fail(at, _("expected a key in double quotes"))
        end = self.string_end(at)
        key = json.loads(self.text[at:end])
        if key in frame.keys:
            self.fail(at, _('the key "{key}" appears twice').format(key=key))
        frame.keys.add(key)
        colon = self.skip(end)
        if self.text[colon : colon + 1] != ":":
            self.fail(colon, _("expected ':' after the key"))
        value = self.skip(colon + 1)
        frame.key = Member(key, at, end, value, value)
        return value

    def string_end(self, at: int) -> int:
        """Index after the string whose opening quote is at ``at``."""
        text = self.text
        at += 1
        while True:
            at = PLAIN_CHARS.match(text, at).end()  # type: ignore[union-attr]
            if at >= len(text):
                self.fail(at, _("a string is not closed"))
            if text[at] == '"':
                return at + 1
            if text[at] != "\\":
                self.fail(at, _("a control character inside a string (write it as an escape)"))
            escape = text[at + 1 : at + 2]
            if escape and escape in '"\\/bfnrt':
                at += 2
                continue
            if escape != "u" or not HEX4.fullmatch(text, at + 2, at + 6):
                self.fail(at, _("a broken escape sequence"))
            code = int(text[at + 2 : at + 6], 16)
            if 0xD800 <= code <= 0xDBFF and _low_surrogate(text, at + 6):
                at += 12
            elif 0xD800 <= code <= 0xDFFF:
                self.fail(at, _("a lone surrogate (\\u{code:04x})").format(code=code))
            else:
                at += 6


def _low_surrogate(text: str, at: int) -> bool:
    return (
        text[at : at + 2] == "\\u"
        and HEX4.fullmatch(text, at + 2, at + 6) is not None
        and 0xDC00 <= int(text[at + 2 : at + 6], 16) <= 0xDFFF
    )
