"""Strict parsing of settings.json, the owned-key merge, and rendering in the file's own style."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.errors import WizardError
from wizard.settings import document
from wizard.settings.document import SettingsParseError

PATH = Path("/home/someone/.claude/settings.json")


def _parse_error(text: str) -> str:
    with pytest.raises(SettingsParseError) as info:
        document.parse(text, PATH)
    assert isinstance(info.value, WizardError)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(PATH) + ": ")
    return message


# --- parse -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{\n  "model": "opus",\n}\n', 3, 1),
        ('{\n  "env": {\n    "A": "1",\n  }\n}\n', 4, 3),
        ('{\n  "permissions": {"allow": ["Bash",]}\n}', 2, 36),
        ('{\n  // a comment\n  "model": "opus"\n}', 2, 3),
        ("{\n  'model': 'opus'\n}", 2, 3),
        ('{"model": "opus"} {"model": "sonnet"}', 1, 19),
        ('{\n  "model": "opus"', 2, 18),
    ],
    ids=[
        "trailing-comma",
        "trailing-comma-in-env",
        "trailing-comma-in-array",
        "comment",
        "single-quotes",
        "two-documents",
        "truncated",
    ],
)
def test_syntax_error_names_line_and_column(text: str, line: int, column: int) -> None:
    message = _parse_error(text)
    assert f"line {line}" in message
    assert f"column {column}" in message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_constants_refused(constant: str) -> None:
    message = _parse_error('{"env": {}, "cleanupPeriodDays": ' + constant + "}")
    assert constant.lstrip("-") in message


@pytest.mark.parametrize(
    "text",
    [
        '{"model": "opus", "model": "sonnet"}',
        '{"env": {"AWS_REGION": "us-east-1", "AWS_REGION": "eu-west-1"}}',
        '{"hooks": {"a": [{"x": 1, "x": 2}]}}',
    ],
    ids=["top", "env", "nested"],
)
def test_duplicate_key_refused(text: str) -> None:
    message = _parse_error(text)
    assert "appears twice" in message


@pytest.mark.parametrize(
    "text", ["[]", '[{"model": "opus"}]', '"settings"', "42", "null", "true"],
)
def test_top_level_must_be_object(text: str) -> None:
    assert "top level must be a JSON object" in _parse_error(text)


@pytest.mark.parametrize(
    ("env", "kind"),
    [('"CLAUDE_CODE_USE_BEDROCK=1"', "str"), ('["A=1"]', "list"), ("1", "int")],
)
def test_env_must_be_object(env: str, kind: str) -> None:
    message = _parse_error('{"env": ' + env + "}")
    assert '"env" must be an object' in message
    assert kind in message


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\t \n"])
def test_empty_file_is_an_empty_object(text: str) -> None:
    assert document.parse(text, PATH) == {}


def test_env_null_is_accepted() -> None:
    assert document.parse('{"env": null}', PATH) == {"env": None}


def test_parse_keeps_order_and_values() -> None:
    text = '{"z": 1, "a": {"y": [1, 2.5, null], "b": "é"}, "env": {"B": "1", "A": "2"}}'
    data = document.parse(text, PATH)
    assert list(data) == ["z", "a", "env"]
    assert list(data["env"]) == ["B", "A"]
    assert data["a"] == {"y": [1, 2.5, None], "b": "é"}


# --- merge -----------------------------------------------------------------------------------

CURRENT = {
    "model": "opus",
    "apiKeyHelper": "old-helper",
    "env": {
        "USER_VAR": "u",
        "AWS_REGION": "us-east-1",
        "CLAUDE_CODE_USE_BEDROCK": "1",
        "OTHER_USER_VAR": "o",
        "VERTEX_REGION_CLAUDE_4_0_OPUS": "europe-west1",
    },
    "permissions": {"allow": []},
    "awsAuthRefresh": "aws sso login --profile x",
}


def test_merge_replaces_owned_keys_and_keeps_the_rest_in_order() -> None:
    merged = document.merge(
        CURRENT,
        {"AWS_REGION": "eu-west-1", "ANTHROPIC_MODEL": "opus"},
        {"apiKeyHelper": "new-helper"},
    )
    assert list(merged.data) == ["model", "apiKeyHelper", "env", "permissions"]
    assert merged.data["apiKeyHelper"] == "new-helper"
    assert merged.data["env"] == {
        "USER_VAR": "u",
        "AWS_REGION": "eu-west-1",
        "OTHER_USER_VAR": "o",
        "ANTHROPIC_MODEL": "opus",
    }
    assert list(merged.data["env"]) == ["USER_VAR", "AWS_REGION", "OTHER_USER_VAR",
                                        "ANTHROPIC_MODEL"]
    assert merged.set_env == {"AWS_REGION": "eu-west-1", "ANTHROPIC_MODEL": "opus"}
    assert merged.removed_env == ["CLAUDE_CODE_USE_BEDROCK", "VERTEX_REGION_CLAUDE_4_0_OPUS"]
    assert merged.set_top == {"apiKeyHelper": "new-helper"}
    assert merged.removed_top == ["awsAuthRefresh"]


def test_merge_does_not_change_its_input() -> None:
    before = json.loads(json.dumps(CURRENT))
    document.merge(CURRENT, {}, {})
    assert CURRENT == before


def test_merge_records_only_changes() -> None:
    merged = document.merge(
        {"env": {"AWS_REGION": "us-east-1"}, "awsAuthRefresh": "x"},
        {"AWS_REGION": "us-east-1"},
        {"awsAuthRefresh": "x"},
    )
    assert merged.set_env == {} and merged.removed_env == []
    assert merged.set_top == {} and merged.removed_top == []


def test_merge_adds_env_only_when_needed() -> None:
    assert "env" not in document.merge({"model": "opus"}, {}, {}).data
    merged = document.merge({"model": "opus"}, {"CLAUDE_CODE_USE_VERTEX": "1"}, {})
    assert list(merged.data) == ["model", "env"]
    # an env object the user had stays, even emptied
    assert document.merge({"env": {"AWS_REGION": "x"}}, {}, {}).data == {"env": {}}


def test_merge_never_touches_non_owned_top_keys() -> None:
    current = {"env": {}, "model": "sonnet", "apiKeyHelperTimeout": 5, "awsAuthRefreshX": "y"}
    merged = document.merge(current, {}, {})
    assert merged.data == current


# --- render and indentation ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "indent"),
    [
        ('{\n    "a": 1\n}\n', 4),
        ('{\n  "a": 1\n}\n', 2),
        ('{\n\t"a": 1\n}\n', "\t"),
        ('{\n\n   "a": 1\n}', 3),
        ('{"a": 1}', 2),
        ("{}", 2),
        ("", 2),
    ],
    ids=["four", "two", "tab", "blank-line-then-three", "one-line", "empty-object", "empty"],
)
def test_detect_indent(text: str, indent: int | str) -> None:
    assert document.detect_indent(text) == indent


@pytest.mark.parametrize("indent", [2, 4, "\t"])
def test_render_round_trip(indent: int | str) -> None:
    data = {"model": "opus", "env": {"A": "1", "B": "é"}, "permissions": {"allow": ["x"]}}
    text = document.render(data, indent)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert document.detect_indent(text) == indent
    assert document.parse(text, PATH) == data
    assert list(document.parse(text, PATH)) == ["model", "env", "permissions"]
    assert document.render(document.parse(text, PATH), document.detect_indent(text)) == text
    assert '"B": "é"' in text


def test_render_keeps_unicode_and_tabs() -> None:
    text = document.render({"env": {"GREETING": "こんにちは"}}, "\t")
    assert text == '{\n\t"env": {\n\t\t"GREETING": "こんにちは"\n\t}\n}\n'
