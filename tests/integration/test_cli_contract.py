"""The command line as a public interface: help, exit codes, one-line refusals, no change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup, one_line_error

from wizard.cli.parser import OPTION_NAMES

VERTEX_PINNED = {  # the roles a setup leaves open are preselected from the catalogue
    "ANTHROPIC_MODEL": "claude-opus-5-5", "ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-opus-5-5",
    "ANTHROPIC_DEFAULT_SONNET_MODEL": "claude-sonnet-5-5",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-5-5",
    "ANTHROPIC_DEFAULT_FABLE_MODEL": "claude-fable-5-2",
}
USER_SETTINGS = '{\n    "theme": "dark",\n    "env": {"FOO": "1", "AWS_REGION": "us-east-1"}\n}\n'
SECRET = "sk-ant-api03-EXAMPLEcontractKEY0123456789"


@pytest.fixture
def seeded(keyring_env: PrivateKeyring, tmp_home: Path) -> Path:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(USER_SETTINGS)
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text("[profile plain]\nregion = eu-west-1\n")
    return settings


def test_help_lists_every_command_and_option() -> None:
    top = claude_setup("--help")
    assert top.returncode == 0
    for command in ("apply", "status", "profiles", "use", "remove", "undo", "doctor", "run",
                    "key", "aws-credentials"):
        assert command in top.stdout
    apply_help = claude_setup("apply", "--help").stdout
    for field, option in OPTION_NAMES.items():
        if field not in ("secret", "provider", "auth"):
            assert option in apply_help, option
    for option in ("--secret-stdin", "--dry-run", "--yes", "--provider", "--auth"):
        assert option in apply_help


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["apply"],
        ["apply", "--provider", "anthropic"],
        ["apply", "--provider", "anthropic", "--auth", "api-key", "--helper-ttl-ms", "soon"],
        ["apply", "--provider", "anthropic", "--auth", "api-key", "--scope", "global"],
        ["run"],
        ["use"],
    ],
)
def test_malformed_command_line_exits_2(args: list[str], seeded: Path) -> None:
    result = claude_setup(*args)
    assert result.returncode == 2, result.stderr
    one_line_error(result)
    assert seeded.read_text() == USER_SETTINGS


def test_key_helper_usage_exits_2() -> None:
    assert claude_setup("key").returncode == 2
    assert claude_setup("aws-credentials", "a", "b").returncode == 2


BAD_INPUTS: list[tuple[list[str], str | None, str]] = [
    (["--provider", "openai", "--auth", "api-key"], None, "--provider: unknown provider"),
    (["--provider", "anthropic", "--auth", "oauth"], None, "--auth: unknown auth method"),
    (["--provider", "anthropic", "--auth", "sso"], None, "does not fit provider anthropic"),
    (["--provider", "bedrock", "--auth", "default-chain"], None, "--region:"),
    (["--provider", "vertex", "--auth", "adc", "--region", "us-east5"], None, "--project-id:"),
    (["--provider", "gateway", "--auth", "none"], None, "--base-url:"),
    (["--provider", "bedrock", "--auth", "default-chain", "--region", "us east 1"], None,
     "is not an AWS region"),
    (["--provider", "bedrock", "--auth", "default-chain", "--region", "us-east-1",
      "--model", "anthropic.claude-sonnet-4-6"], None, "on-demand throughput"),
    (["--provider", "bedrock", "--auth", "default-chain", "--region", "us-east-1",
      "--model", "arn:aws:bedrock:us-east-1:12:application-inference-profile/x"], None,
     "not a Bedrock inference-profile ARN"),
    (["--provider", "anthropic", "--auth", "claude-login", "--model", "gpt-4o"], None,
     "--model:"),
    (["--provider", "anthropic", "--auth", "claude-login", "--base-url", "ftp://proxy"], None,
     "--base-url:"),
    (["--provider", "anthropic", "--auth", "api-key", "--secret-stdin"], "", "is empty"),
    (["--provider", "anthropic", "--auth", "api-key", "--secret-stdin"], "sk-ant api03", "spaces"),
    (["--provider", "anthropic", "--auth", "api-key", "--secret-stdin"], "sk-ant\x07x",
     "control characters"),
    (["--provider", "anthropic", "--auth", "api-key"], None, "--secret-stdin"),
    (["--provider", "anthropic", "--auth", "api-key", "--api-key", SECRET], None,
     "never taken as command-line arguments"),
    (["--provider", "anthropic", "--auth", "helper", "--helper-command", f"echo {SECRET}"], None,
     "secrets are never taken as plain values"),
    (["--provider", "bedrock", "--auth", "sso", "--region", "us-east-1", "--aws-profile",
      "missing"], None, "no AWS profile named 'missing'"),
    (["--provider", "bedrock", "--auth", "sso", "--region", "us-east-1", "--aws-profile",
      "plain"], None, "has no sso_session"),
    (["--provider", "anthropic", "--auth", "api-key", "--scope", "project", "--secret-stdin"],
     SECRET, "--scope:"),
    # a key of the wrong kind, refused as the wizard refuses it (the rule is shared)
    (["--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
      "--secret-stdin"], SECRET, "is an Anthropic API key"),
    (["--provider", "mantle", "--auth", "bedrock-api-key", "--region", "us-east-1",
      "--secret-stdin"], SECRET, "is an Anthropic API key"),
    (["--provider", "bedrock", "--auth", "access-keys", "--region", "us-east-1",
      "--aws-access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"], SECRET,
     "is an Anthropic API key"),
    (["--provider", "bedrock", "--auth", "access-keys", "--region", "us-east-1",
      "--aws-access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"],
     "ABSKQmVkcm9ja0FQSUtleUVYQU1QTEU=", "is a Bedrock API key"),
    (["--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
      "--secret-stdin"], "AKIAIOSFODNN7EXAMPLE", "not a Bedrock API key"),
    (["--provider", "foundry", "--auth", "api-key", "--foundry-resource", "my-resource",
      "--secret-stdin"], SECRET, "is an Anthropic API key"),
    (["--provider", "anthropic", "--auth", "api-key", "--secret-stdin"], "AKIAIOSFODNN7EXAMPLE",
     "is an AWS key"),
]


BAD_OPTION_VALUES = (
    "unknown provider", "unknown auth method", "does not fit provider", "--region:",
    "--base-url:", "--project-id:", "is not an AWS region", "on-demand throughput",
    "not a Bedrock inference-profile ARN", "--model:", "secrets are never taken as plain values",
)
"""A bad option value is a malformed command line: exit 2, whichever option (issue 8, rule 10).
The rest depend on standard input, the keyring or the machine's files: refused with exit 1."""


@pytest.mark.parametrize(("args", "stdin", "expected"), BAD_INPUTS)
def test_bad_input_is_refused_and_nothing_changes(
    args: list[str], stdin: str | None, expected: str, seeded: Path,
    keyring_env: PrivateKeyring, tmp_home: Path,
) -> None:
    aws_before = (tmp_home / ".aws" / "config").read_bytes()
    result = claude_setup("apply", *args, input=None if stdin is None else stdin + "\n")
    usage = any(text in expected for text in BAD_OPTION_VALUES)
    assert result.returncode == (2 if usage else 1), result.stderr
    assert expected in one_line_error(result)
    assert seeded.read_text() == USER_SETTINGS
    assert (tmp_home / ".aws" / "config").read_bytes() == aws_before
    assert keyring_env.search(service="claude-setup") == []
    assert SECRET not in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{\n  "theme": "dark",\n}\n', "line 3, column 1"),
        ('{"env": "AWS_REGION=us-east-1"}', '"env" must be an object'),
        ('[1, 2]', "must be a JSON object"),
        ('{"a": NaN}', "NaN is not JSON"),
        ('{"a": 1, "a": 2}', "appears twice"),
    ],
)
def test_unparsable_settings_are_refused_not_reset(
    content: str, expected: str, tmp_home: Path
) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(content)
    result = claude_setup("apply", "--provider", "anthropic", "--auth", "claude-login")
    assert result.returncode == 1
    line = one_line_error(result)
    assert expected in line and str(settings) in line
    assert settings.read_text() == content


def test_unwritable_folder(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_home / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(blocker / "claude"))
    result = claude_setup("apply", "--provider", "anthropic", "--auth", "claude-login")
    assert result.returncode == 1
    assert "cannot write" in one_line_error(result)
    assert blocker.read_text() == "a file where a folder should be"


def test_unknown_profile_for_use(tmp_home: Path) -> None:
    result = claude_setup("use", "nowhere")
    assert result.returncode == 1
    assert "unknown profile 'nowhere'" in one_line_error(result)


def test_dry_run_prints_the_diff_and_writes_nothing(seeded: Path, tmp_home: Path) -> None:
    result = claude_setup(
        "apply", "--provider", "vertex", "--auth", "adc", "--region", "global",
        "--project-id", "my-project-01", "--dry-run",
    )
    assert result.returncode == 0, result.stderr
    # the env object keeps its one-line style: only the owned keys' text changes
    assert '-    "env": {"FOO": "1", "AWS_REGION": "us-east-1"}' in result.stdout
    assert '+    "env": {"FOO": "1", "CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "global",' \
        in result.stdout
    assert seeded.read_text() == USER_SETTINGS
    assert not (tmp_home / ".config" / "claude-setup" / "profiles").exists()


def test_dry_run_masks_a_plaintext_secret(keyring_env: PrivateKeyring, seeded: Path) -> None:
    token = "ABSKEXAMPLEdryRunToken0123456789abcdef"
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
        "--plaintext-secrets", "--secret-stdin", "--dry-run", input=token + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert token not in result.stdout + result.stderr
    assert '"AWS_BEARER_TOKEN_BEDROCK": "********"' in result.stdout
    assert keyring_env.search(service="claude-setup") == []


def test_status_profiles_and_use(seeded: Path, tmp_home: Path) -> None:
    assert claude_setup(
        "apply", "--provider", "vertex", "--auth", "adc", "--region", "us-east5",
        "--project-id", "my-project-01",
    ).returncode == 0
    assert claude_setup(
        "apply", "--provider", "bedrock", "--auth", "default-chain", "--region", "us-east-1",
        "--profile", "aws-work",
    ).returncode == 0
    status = json.loads(claude_setup("status", "--json").stdout)
    assert status["provider"] == "bedrock"
    assert status["active_profile"] == "aws-work"
    assert status["effective"]["AWS_REGION"]["from"] == f"user {seeded}"
    listed = json.loads(claude_setup("profiles", "--json").stdout)
    assert [(p["name"], p["active"]) for p in listed] == [("aws-work", True), ("vertex", False)]
    assert claude_setup("use", "vertex").returncode == 0
    data = json.loads(seeded.read_text())
    assert data["env"] == {
        "FOO": "1", "CLAUDE_CODE_USE_VERTEX": "1", "CLOUD_ML_REGION": "us-east5",
        "ANTHROPIC_VERTEX_PROJECT_ID": "my-project-01", **VERTEX_PINNED,
    }
    assert data["theme"] == "dark"
    assert json.loads(claude_setup("status", "--json").stdout)["provider"] == "vertex"


def test_claude_config_dir_is_honoured(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_home / "elsewhere"
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(folder))
    result = claude_setup("apply", "--provider", "anthropic", "--auth", "claude-login",
                          "--model", "opus", "--opus-model", "claude-opus-4-8",
                          "--sonnet-model", "claude-sonnet-5", "--fast-model", "claude-haiku-4-5",
                          "--fable-model", "claude-fable-5-1")
    assert result.returncode == 0, result.stderr
    assert json.loads((folder / "settings.json").read_text()) == {
        "env": {
            "ANTHROPIC_MODEL": "opus", "ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-opus-4-8",
            "ANTHROPIC_DEFAULT_SONNET_MODEL": "claude-sonnet-5",
            "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-4-5",
            "ANTHROPIC_DEFAULT_FABLE_MODEL": "claude-fable-5-1",
        }
    }
    assert not (tmp_home / ".claude" / "settings.json").exists()


def test_managed_and_project_overrides_are_reported(
    tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    managed = tmp_path / "managed"
    managed.mkdir()
    (managed / "managed-settings.json").write_text('{"env": {"AWS_REGION": "us-gov-west-1"}}')
    monkeypatch.setenv("CLAUDE_SETUP_MANAGED_DIR", str(managed))
    project = tmp_path / "repo"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.local.json").write_text(
        '{"env": {"CLAUDE_CODE_USE_VERTEX": "1"}, "apiKeyHelper": "x"}'
    )
    result = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "default-chain", "--region", "eu-west-1",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.splitlines()
    assert any("managed settings" in w and "AWS_REGION" in w for w in warnings), warnings
    assert any(
        "local settings" in w and "CLAUDE_CODE_USE_VERTEX" in w and "apiKeyHelper" in w
        for w in warnings
    ), warnings
    status = json.loads(claude_setup("status", "--json", cwd=project).stdout)
    assert status["effective"]["AWS_REGION"]["value"] == "us-gov-west-1"
    assert status["effective"]["AWS_REGION"]["from"].startswith("managed ")


def test_lang_is_checked_and_speaks_before_help() -> None:
    refused = claude_setup("--lang", "xx", "status")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "--lang" in refused.stderr
    assert "fr, de, ja, zh_TW" in refused.stderr
    english = claude_setup("--lang", "en", "--help")
    assert english.returncode == 0 and "--lang LANG" in english.stdout
