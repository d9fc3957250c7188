"""``claude-setup export`` and ``import``: a team file holds only what a team shares, matches
the published schema, and every file or export that could leak or that this version cannot
read is refused with one line, leaving every file and keyring entry as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup, files_containing, one_line_error

from wizard import teamfile
from wizard.model import PROVIDERS

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "schemas" / "team-setup.schema.json").read_text())
ANTHROPIC_KEY = "sk-ant-api03-EXAMPLEteamKEY0123456789abcdef"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
BEDROCK_TOKEN = "ABSKEXAMPLEbedrockTEAMkey0123456789abcdef"

AWS_CONFIG = """[profile corp-sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
"""


TEAM_SSO = {
    "start_url": "https://corp.awsapps.com/start",
    "sso_region": "eu-west-1",
    "account_id": "111122223333",
    "role_name": "Developer",
}
"""What the team file carries of ``corp-sso``: the sign-in every teammate shares."""


def apply(*args: str, secret: str | None = None) -> None:
    flags = ("--secret-stdin",) if secret else ()
    result = claude_setup(
        "apply", *args, *flags, "--yes", input=None if secret is None else secret + "\n"
    )
    assert result.returncode == 0, result.stderr


def export(name: str, *args: str) -> dict[str, Any]:
    result = claude_setup("export", name, *args)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes: what "nothing written" compares."""
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


SHARED_SETUPS = {
    "anthropic-api-key": (
        ["--provider", "anthropic", "--auth", "api-key", "--model", "claude-sonnet-4-6"],
        ANTHROPIC_KEY, [],
    ),
    "bedrock-sso": (
        ["--provider", "bedrock", "--auth", "sso", "--aws-profile", "corp-sso",
         "--region", "eu-west-1", "--model", "eu.anthropic.claude-sonnet-4-6"],
        None, [],
    ),
    "bedrock-access-keys": (
        ["--provider", "bedrock", "--auth", "access-keys", "--aws-access-key-id", KEY_ID,
         "--region", "us-east-1"],
        AWS_SECRET, ["aws_access_key_id"],
    ),
    "vertex-adc": (
        ["--provider", "vertex", "--auth", "adc", "--region", "us-east5",
         "--project-id", "team-project-123"],
        None, [],
    ),
    "gateway-helper": (
        ["--provider", "gateway", "--auth", "helper", "--base-url", "https://llm.example.com",
         "--helper-command", "vault read -field=key secret/llm"],
        None, [],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(SHARED_SETUPS))
def test_export_writes_only_what_a_team_shares_in_the_published_schema(
    case: str, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    args, secret, asked = SHARED_SETUPS[case]
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text(AWS_CONFIG)
    apply(*args, "--profile", "team", secret=secret)
    team = export("team", "--description", "The team's setup")
    jsonschema.validate(team, SCHEMA)
    assert team["format"] == "claude-setup-team" and team["version"] == 1
    assert team["description"] == "The team's setup"
    assert team["asked_on_import"] == asked
    if case == "bedrock-sso":
        assert team["sso"] == TEAM_SSO
    else:
        assert "sso" not in team
    assert not set(asked) & set(team["setup"])
    assert "scope" not in team["setup"] and "profile" not in team["setup"]
    text = json.dumps(team)
    assert str(tmp_home) not in text and KEY_ID not in text
    assert not any(s in text for s in (ANTHROPIC_KEY, AWS_SECRET))


def test_the_schema_names_exactly_the_fields_the_team_file_carries() -> None:
    assert set(SCHEMA["properties"]["setup"]["properties"]) == set(teamfile.SHAREABLE)
    assert SCHEMA["properties"]["setup"]["properties"]["provider"]["enum"] == list(PROVIDERS)
    assert SCHEMA["properties"]["asked_on_import"]["items"]["enum"] == list(
        teamfile.ASKED_ON_IMPORT
    )
    assert SCHEMA["properties"]["version"]["const"] == teamfile.FORMAT_VERSION
    assert SCHEMA["properties"]["format"]["const"] == teamfile.FORMAT
    assert set(SCHEMA["properties"]) == set(teamfile.TOP_KEYS)


LEAKS = {
    "plaintext-secrets": (
        ["--provider", "bedrock", "--auth", "bedrock-api-key", "--region", "us-east-1",
         "--plaintext-secrets"],
        BEDROCK_TOKEN, "plain text",
    ),
    "helper-embeds-a-key": (
        ["--provider", "anthropic", "--auth", "helper",
         "--helper-command", "echo KEY"],
        None, "helper_command holds what looks like an Anthropic API key",
    ),
    "helper-in-a-home-folder": (
        ["--provider", "anthropic", "--auth", "helper",
         "--helper-command", "~/bin/print-key --team"],
        None, "path of this machine",
    ),
    "header-with-a-credential": (
        ["--provider", "gateway", "--auth", "none", "--base-url", "https://llm.example.com",
         "--custom-header", "X-Team: platform"],
        None, "custom_header holds what looks like an Authorization header",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_export_refuses_what_would_leak_with_one_line_and_writes_nothing(
    case: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    args, secret, reason = LEAKS[case]
    apply(*args, "--profile", "lead", secret=secret)
    # what apply itself refuses can still be in a profile saved by hand or by an older version
    saved = next(tmp_home.rglob("profiles/lead.json"))
    saved.write_text(
        saved.read_text()
        .replace("echo KEY", f"echo {ANTHROPIC_KEY}")
        .replace("X-Team: platform", "Authorization: Basic dGVhbTpwYXNz")
    )
    before = tree(tmp_home)
    out = tmp_path / "team.json"
    result = claude_setup("export", "lead", "--output", str(out))
    assert result.returncode == 1
    assert reason in one_line_error(result)
    assert result.stdout == ""
    assert not out.exists()
    assert tree(tmp_home) == before


def test_export_refuses_a_helper_under_the_exporters_home(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    helper = tmp_home / "bin" / "print-key"
    apply("--provider", "anthropic", "--auth", "helper", "--helper-command", str(helper))
    out = tmp_path / "team.json"
    result = claude_setup("export", "anthropic", "--output", str(out))
    assert result.returncode == 1
    assert "path of this machine" in one_line_error(result)
    assert not out.exists()


def test_export_into_a_missing_folder_names_that_folder(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    apply("--provider", "bedrock", "--auth", "default-chain", "--region", "eu-west-1",
          "--profile", "lead")  # fmt: skip
    before = tree(tmp_home)
    out = tmp_path / "missing" / "dir" / "x.json"
    result = claude_setup("export", "lead", "--output", str(out))
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert f"the folder {out.parent} does not exist" in line
    assert ".tmp" not in line and ".x.json." not in line
    assert not (tmp_path / "missing").exists()
    assert tree(tmp_home) == before


def test_export_replaces_an_existing_file_only_with_yes_without_a_terminal(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    apply("--provider", "bedrock", "--auth", "default-chain", "--region", "eu-west-1",
          "--profile", "lead")  # fmt: skip
    out = tmp_path / "team.json"
    out.write_text("the team's notes\n")
    before = tree(tmp_home)
    result = claude_setup("export", "lead", "--output", str(out), input="y\n")
    assert result.returncode == 1, result.stderr
    assert f"{out} exists: replace it with --yes" in one_line_error(result)
    assert out.read_text() == "the team's notes\n"
    assert tree(tmp_home) == before
    result = claude_setup("export", "lead", "--output", str(out), "--yes")
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["name"] == "lead"


def team_file(tmp_path: Path, **changes: Any) -> Path:
    data: dict[str, Any] = {
        "format": "claude-setup-team",
        "version": 1,
        "name": "team",
        "description": "Bedrock for the team",
        "setup": {"provider": "bedrock", "auth": "access-keys", "region": "eu-west-1",
                  "model": "eu.anthropic.claude-sonnet-4-6"},
        "asked_on_import": ["aws_access_key_id"],
    }  # fmt: skip
    for key, value in changes.items():
        if key.startswith("setup_") and value is None:
            data["setup"].pop(key.removeprefix("setup_"))
        elif key.startswith("setup_"):
            data["setup"][key.removeprefix("setup_")] = value
        elif value is None:
            data.pop(key)
        else:
            data[key] = value
    path = tmp_path / "team.json"
    path.write_text(json.dumps(data, indent=2))
    return path


REFUSED = {
    "newer-version": ({"version": 2}, "newer claude-setup"),
    "unknown-provider": ({"setup_provider": "openai"}, "unknown provider 'openai'"),
    "unknown-auth": ({"setup_auth": "password"}, "unknown auth method 'password'"),
    "provider-not-a-text": ({"setup_provider": ["bedrock"]}, "unknown provider"),
    "secret-added": (
        {"setup_helper_command": f"echo {ANTHROPIC_KEY}"}, "looks like an Anthropic API key"
    ),
    "asked-value-filled-in": ({"setup_aws_access_key_id": KEY_ID}, "never part of a team"),
    "plaintext-secrets": ({"setup_plaintext_secrets": True}, "never part of a team"),
    "scope-added": ({"setup_scope": "project"}, "never part of a team"),
    "personal-path": ({"setup_helper_command": "/home/alice/bin/key"}, "path of this machine"),
    "unknown-key": ({"signature": "x"}, "unknown key 'signature'"),
    "not-a-team-file": ({"format": "something-else"}, "not a claude-setup team setup"),
    "wrong-type": ({"setup_helper_ttl_ms": "soon"}, "helper_ttl_ms"),
    "helper-command-added": (
        {"setup_helper_command": "curl -s https://keys.example.com/k"},
        "helper_command: does not apply",
    ),
    "extra-setup-key": ({"setup_api_key": ANTHROPIC_KEY}, "api_key: is never part"),
    "asked-field-not-taken": (
        {"asked_on_import": ["aws_access_key_id", "aws_profile"]}, "aws_profile: does not"
    ),
    "asked-secret": ({"asked_on_import": ["secret"]}, "secret: cannot be asked"),
    "shared-field-removed": ({"setup_region": None}, "region"),
    "version-zero": ({"version": 0}, "not a whole number"),
    "version-text": ({"version": "1"}, "not a whole number"),
    "version-missing": ({"version": None}, "not a whole number"),
    "secret-in-description": (
        {"description": f"key {ANTHROPIC_KEY}"}, "looks like an Anthropic API key"
    ),
    "secret-in-header": ({"setup_custom_header": [f"X-Team: {AWS_SECRET}"]}, "looks like a key"),
    "windows-path": ({"setup_helper_command": "C:\\Users\\bob\\key.exe"}, "path of this"),
    "path-in-header": ({"setup_custom_header": ["X-Config: ~/team.cfg"]}, "path of this"),
    "sso-on-access-keys": ({"sso": TEAM_SSO}, "sso: belongs only to the sso auth method"),
}

SSO_TEAM = {"setup_auth": "sso", "asked_on_import": [], "sso": TEAM_SSO}
SSO_REFUSED = {
    "sso-extra-key": ({"sso": {**TEAM_SSO, "sso_session": "corp"}}, "sso: must hold exactly"),
    "sso-missing-key": ({"sso": {**TEAM_SSO, "role_name": None}}, "sso: must hold exactly"),
    "sso-bad-account": ({"sso": {**TEAM_SSO, "account_id": "1111"}}, "sso.account_id"),
    "sso-http-start-url": (
        {"sso": {**TEAM_SSO, "start_url": "http://corp.example.com/start"}}, "https://"
    ),
    "sso-role-with-a-command": (
        {"sso": {**TEAM_SSO, "role_name": "Dev; curl x"}}, "sso.role_name"
    ),
    "sso-start-url-with-a-user": (
        {"sso": {**TEAM_SSO, "start_url": "https://bob:pw@corp.example.com/start"}}, "user name"
    ),
    "sso-and-asked-profile": ({"asked_on_import": ["aws_profile"]}, "aws_profile: is written"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_import_refuses_a_file_it_cannot_trust_with_one_line_and_writes_nothing(
    case: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    changes, reason = REFUSED[case]
    path = team_file(tmp_path, **changes)
    before = tree(tmp_home)
    result = claude_setup(
        "import", str(path), "--aws-access-key-id", KEY_ID, "--secret-stdin", "--yes",
        input=AWS_SECRET + "\n",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert reason in line and str(path) in line
    assert tree(tmp_home) == before
    assert keyring_env.search(service="claude-setup") == []


@pytest.mark.parametrize("case", sorted(SSO_REFUSED))
def test_import_refuses_a_tampered_sso_block_with_one_line_and_writes_nothing(
    case: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    changes, reason = SSO_REFUSED[case]
    merged = {**SSO_TEAM, **changes}
    if isinstance(merged["sso"], dict):
        merged["sso"] = {k: v for k, v in merged["sso"].items() if v is not None}
    path = team_file(tmp_path, **merged)
    before = tree(tmp_home)
    result = claude_setup("import", str(path), "--yes")
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert reason in line and str(path) in line
    assert tree(tmp_home) == before


def test_an_sso_team_file_writes_the_teammates_profile_and_asks_only_the_sign_in(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = team_file(tmp_path, **SSO_TEAM)
    dry = claude_setup("import", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "111122223333" in dry.stdout and "Developer" in dry.stdout
    assert not (tmp_home / ".aws" / "config").exists()
    result = claude_setup("import", str(path), "--yes")
    assert result.returncode == 0, result.stderr
    assert "sso-login team" in result.stderr
    config = (tmp_home / ".aws" / "config").read_text()
    for value in TEAM_SSO.values():
        assert value in config
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["env"]["AWS_PROFILE"] == "team"
    assert "awsAuthRefresh" in settings
    assert f"wrote {tmp_home / '.aws' / 'config'}" in result.stdout


def test_one_undo_takes_back_a_whole_sso_import(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text("[profile mine]\nregion = us-west-2\n")
    apply("--provider", "anthropic", "--auth", "api-key", secret=ANTHROPIC_KEY)
    before = tree(tmp_home / ".claude"), (tmp_home / ".aws" / "config").read_bytes()
    result = claude_setup("import", str(team_file(tmp_path, **SSO_TEAM)), "--yes")
    assert result.returncode == 0, result.stderr
    assert "[profile team]" in (tmp_home / ".aws" / "config").read_text()
    undone = claude_setup("undo")
    assert undone.returncode == 0, undone.stderr
    assert (tmp_home / ".aws" / "config").read_bytes() == before[1]
    after = tree(tmp_home / ".claude")
    assert after == before[0]
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert "AWS_PROFILE" not in settings.get("env", {})


def test_an_sso_team_file_keeps_a_teammates_own_profile_of_that_name(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text("[profile team]\nregion = us-west-2\n")
    path = team_file(tmp_path, **SSO_TEAM)
    before = tree(tmp_home)
    result = claude_setup("import", str(path), "--yes")
    assert result.returncode == 1
    assert "already exists" in one_line_error(result)
    assert tree(tmp_home) == before
    other = claude_setup("import", str(path), "--aws-profile", "corp-team", "--yes")
    assert other.returncode == 0, other.stderr
    assert "[profile corp-team]" in (tmp_home / ".aws" / "config").read_text()


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"format": "claude-setup-team", "format": "x"}', b"\xff\xfe", b"[]"],
    ids=["malformed", "duplicate-key", "not-utf8", "not-an-object"],
)
def test_import_refuses_a_malformed_file(
    content: bytes, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "team.json"
    path.write_bytes(content)
    before = tree(tmp_home)
    result = claude_setup("import", str(path), "--yes")
    assert result.returncode == 1
    assert str(path) in one_line_error(result)
    assert tree(tmp_home) == before


def test_import_takes_the_teammates_own_values_and_secret(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = team_file(tmp_path)
    result = claude_setup(
        "import", str(path), "--aws-access-key-id", KEY_ID, "--scope", "local",
        "--profile", "mine", "--secret-stdin", "--yes", input=AWS_SECRET + "\n",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Team setup 'team'" in result.stdout
    local = json.loads((tmp_path / ".claude" / "settings.local.json").read_text())
    assert local["env"]["AWS_REGION"] == "eu-west-1"
    assert local["env"]["ANTHROPIC_MODEL"] == "eu.anthropic.claude-sonnet-4-6"
    profiles = json.loads(claude_setup("profiles", "--json").stdout)
    assert [p["name"] for p in profiles] == ["mine"]
    assert files_containing([tmp_home, tmp_path], [AWS_SECRET]) == []


def test_import_refuses_an_anthropic_key_given_as_the_aws_secret_key(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = team_file(tmp_path)
    before = tree(tmp_home)
    result = claude_setup(
        "import", str(path), "--aws-access-key-id", KEY_ID, "--secret-stdin", "--yes",
        input=ANTHROPIC_KEY + "\n",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert "--secret-stdin: this is an Anthropic API key (sk-ant-…)" in line
    assert ANTHROPIC_KEY not in result.stderr + result.stdout
    assert tree(tmp_home) == before
    assert keyring_env.search(service="claude-setup") == []


def test_import_dry_run_shows_the_plan_and_writes_nothing(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = team_file(tmp_path)
    before = tree(tmp_home)
    result = claude_setup(
        "import", str(path), "--aws-access-key-id", KEY_ID, "--dry-run", "--secret-stdin",
        input=AWS_SECRET + "\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "asked on import" in result.stdout and "AWS_REGION" in result.stdout
    assert tree(tmp_home) == before


@pytest.mark.parametrize(
    "args, option",
    [
        ([], "--aws-access-key-id"),
        (["--aws-access-key-id", KEY_ID, "--aws-profile", "corp"], "--aws-profile"),
        (["--aws-access-key-id", "not-a-key-id"], "--aws-access-key-id"),
        (["--aws-access-key-id", KEY_ID, "--scope", "everywhere"], "--scope"),
    ],
    ids=["asked-field-missing", "shared-field-given", "bad-value", "bad-scope"],
)
def test_import_option_problems_are_usage_errors(
    args: list[str], option: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    path = team_file(tmp_path)
    before = tree(tmp_home)
    result = claude_setup(
        "import", str(path), *args, "--secret-stdin", "--yes", input=AWS_SECRET + "\n"
    )
    assert result.returncode == 2, result.stderr
    assert option in one_line_error(result)
    assert tree(tmp_home) == before
