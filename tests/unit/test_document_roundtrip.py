"""Foreign values are written back exactly as they were read (issue 8, rule 4).

Random JSON documents, in random styles (indentation, spacing, line endings), with numbers
written as a float cannot hold them (``1E22``, ``-0``, ``1e400``), escapes and unicode, survive
a switch to one setup, to another, and back to none, byte for byte; every foreign member keeps
its text at every step.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.settings import document
from wizard.settings.document import SettingsParseError
from wizard.settings.owned import OWNED_TOP, is_owned_env

PATH = Path("/home/someone/.claude/settings.json")

TRICKY_NUMBERS = [
    "1E22", "-0", "1e400", "-1e400", "0.1000", "-0.0", "1e-400", "2.5E+3", "1E-7",
    "123456789012345678901234567890", "9007199254740993", "0e0", "10.50",
]
BEDROCK = (
    {"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "eu-west-1", "AWS_PROFILE": "work"},
    {"awsAuthRefresh": "aws sso login --profile work"},
)
VERTEX = (
    {"CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "global", "AWS_REGION": "x"},
    {},
)
NONE: tuple[dict[str, str], dict[str, str]] = ({}, {})


def _encode_string(value: str, draw: Any) -> str:
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif code < 0x20 or draw(st.integers(0, 9)) == 0:
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04X}")
            else:
                out.append(f"\\u{code:04x}" if draw(st.booleans()) else f"\\u{code:04X}")
        elif ch == "/" and draw(st.booleans()):
            out.append("\\/")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


@st.composite
def styled_documents(draw: Any) -> str:
    """A settings document as a person or another program might have written it."""
    one_line = draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    unit = draw(st.sampled_from(["  ", "    ", "\t", " "]))
    colon = draw(st.sampled_from([": ", ":", " : "]))
    comma = draw(st.sampled_from([",", ", "])) if one_line else ","
    keys = st.text(max_size=8)

    def number() -> str:
        if draw(st.booleans()):
            return draw(st.sampled_from(TRICKY_NUMBERS))
        return json.dumps(draw(st.one_of(st.integers(), st.floats(allow_nan=False,
                                                                  allow_infinity=False))))

    def value(depth: int) -> str:
        kind = draw(st.integers(0, 5 if depth < 3 else 2))
        if kind == 0:
            return number()
        if kind == 1:
            return _encode_string(draw(st.text(max_size=12)), draw)
        if kind == 2:
            return draw(st.sampled_from(["true", "false", "null"]))
        if kind == 3:
            items = [value(depth + 1) for _ in range(draw(st.integers(0, 3)))]
            return obj_text([None] * len(items), items, depth, array=True)
        names = draw(st.lists(keys, max_size=3, unique=True))
        return obj_text(names, [value(depth + 1) for _ in names], depth)

    def obj_text(names: list[str | None], values: list[str], depth: int,
                 array: bool = False) -> str:
        opening, closing = "[]" if array else "{}"
        if not values:
            return opening + closing
        members = [
            (v if name is None else _encode_string(name, draw) + colon + v)
            for name, v in zip(names, values, strict=True)
        ]
        if one_line:
            return opening + comma.join(members) + closing
        inner = newline + unit * (depth + 1)
        return opening + inner + ("," + inner).join(members) + newline + unit * depth + closing

    top_names = draw(st.lists(keys.filter(lambda k: k not in OWNED_TOP and k != "env"),
                              max_size=4, unique=True))
    top_values = [value(1) for _ in top_names]
    if True:  # an env object, possibly empty: claude-setup keeps one it finds
        env_names = draw(st.lists(st.text(max_size=10).filter(lambda k: not is_owned_env(k)),
                                  max_size=3, unique=True))
        env_values = [_encode_string(draw(st.text(max_size=10)), draw) for _ in env_names]
        position = draw(st.integers(0, len(top_names)))
        top_names.insert(position, "env")
        top_values.insert(position, obj_text(list(env_names), env_values, 1))
    text = obj_text(list(top_names), top_values, 0)
    return text + (newline if draw(st.booleans()) else "")


def _switch(text: str, setup: tuple[dict[str, str], dict[str, str]]) -> str:
    merged = document.merge(document.parse(text, PATH), *setup)
    return document.edit(text, PATH, merged)


def _members(text: str) -> dict[tuple[str, str], str]:
    """Each member's own text, by (object, key), for the top level and ``env``."""
    layout = document.scan(text, PATH)
    assert layout is not None
    found = {("top", m.key): text[m.start : m.value_end] for m in layout.top.members}
    if layout.env is not None:
        found.update({("env", m.key): text[m.start : m.value_end] for m in layout.env.members})
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(styled_documents())
def test_switch_there_and_back_is_byte_for_byte(text: str) -> None:
    there = _switch(text, BEDROCK)
    other = _switch(there, VERTEX)
    assert _switch(there, NONE) == text
    assert _switch(other, NONE) == text
    assert _switch(_switch(other, BEDROCK), NONE) == text
    assert _switch(there, BEDROCK) == there
    for key, member in _members(text).items():
        if key != ("top", "env"):
            assert _members(there)[key] == member
            assert _members(other)[key] == member
    assert json.loads(there)["env"]["AWS_REGION"] == "eu-west-1"


@pytest.mark.parametrize(
    "text",
    [
        '{"big": 1E22, "zero": -0, "huge": 1e400, "tiny": 1e-400, "long": 12345678901234567890123}',
        '{"s": "caf\\u00e9 \\/ \\ud83d\\ude00 \\"q\\" \\t", "u": "é😀"}',
        '{\r\n\t"keep": [1.50, 2E0],\r\n\t"env": {\r\n\t\t"MINE": "\\u0041"\r\n\t}\r\n}',
    ],
    ids=["numbers", "escapes", "crlf-tabs"],
)
def test_issue_examples_keep_their_text(text: str) -> None:
    there = _switch(text, BEDROCK)
    assert _switch(_switch(_switch(there, VERTEX), BEDROCK), BEDROCK) == _switch(
        _switch(there, VERTEX), BEDROCK
    )
    layout = document.scan(text, PATH)
    assert layout is not None
    for member in layout.top.members:
        if member.key != "env":
            assert text[member.start : member.value_end] in there


@pytest.mark.parametrize(
    ("text", "line", "column", "reason"),
    [
        ('{\n  "a": "\\ud800"\n}', 2, 9, "lone surrogate"),
        ('{\n  "a": "\\udc00x"\n}', 2, 9, "lone surrogate"),
        ('{\n  "a": "\\ud800\\u0041"\n}', 2, 9, "lone surrogate"),
        ('{"a": "\\x41"}', 1, 8, "broken escape"),
        ('{"a": "\\u12"}', 1, 8, "broken escape"),
        ('{"a": "tab\there"}', 1, 11, "control character"),
        ('{"a": 1,\n "a": 2}', 2, 2, "appears twice"),
        ('{"a": ' + "[" * 10000 + "]" * 10000 + "}", 1, 262, "nested deeper"),
        ('{"a": ' + "{\"b\": " * 10000 + "1" + "}" * 10001, 1, None, "nested deeper"),
        ("\ufeff{}", 1, 1, "byte order mark"),
        ('{"a": 01}', 1, 8, "expected"),
        ('{"a": .5}', 1, 7, "expected a value"),
    ],
)
def test_values_that_cannot_be_kept_are_refused_with_line_and_column(
    text: str, line: int, column: int | None, reason: str
) -> None:
    with pytest.raises(SettingsParseError) as info:
        document.parse(text, PATH)
    message = str(info.value)
    assert f"line {line}" in message and reason in message
    if column is not None:
        assert f"column {column}," in message or f"column {column}:" in message


def test_text_that_is_not_utf8_is_refused_with_line_and_column() -> None:
    with pytest.raises(SettingsParseError) as info:
        document.decode(b'{\n  "a": "caf\xe9"\n}', PATH)
    assert "not UTF-8" in str(info.value) and "line 2, column 12" in str(info.value)


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "x\x00", "a\u2028b", "\x85"])
def test_owned_value_with_control_character_is_never_written(value: str) -> None:
    merged = document.merge({}, {"AWS_REGION": value}, {})
    with pytest.raises(Exception, match="control character"):
        document.edit("{}", PATH, merged)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=5), st.booleans())
def test_what_json_writes_is_read_as_json_reads_it(data: dict[str, Any], ascii_only: bool) -> None:
    if "env" in data and not isinstance(data["env"], dict | None):
        data.pop("env")  # refused on purpose: "env" must be an object
    text = json.dumps(data, ensure_ascii=ascii_only)
    assert document.parse(text, PATH) == json.loads(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('{}[]",:\\ \n\t0123456789.eE+-truefalsn\u00e9\ud7ff')),
               max_size=40))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        data = document.parse(text, PATH)
    except SettingsParseError as exc:
        assert "\n" not in str(exc)
    else:
        assert data == (json.loads(text) if text.strip() else {})
