"""``apply --scope local --only-credential``: beside a project's shared settings that choose
the provider, only the user's own credential goes into ``.claude/settings.local.json``; undo
and a switch take away exactly what was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup, one_line_error, trusted_in_claude_code

GATEWAY_KEY = "sk-litellm-EXAMPLE-own-0123456789"
TEAM = {
    "env": {
        "ANTHROPIC_BASE_URL": "https://llm.example.com",
        "ANTHROPIC_MODEL": "claude-sonnet-4-6",
    }
}
OWN_KEYS = {"permissions": {"allow": ["Bash(ls)"]}}


def project_with_team(tmp_path: Path, trusted: bool = True) -> Path:
    """A project whose shared settings choose the team's gateway; trusted in Claude Code
    unless told otherwise."""
    project = tmp_path / "project"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.json").write_text(json.dumps(TEAM, indent=2))
    (project / ".claude" / "settings.local.json").write_text(json.dumps(OWN_KEYS, indent=2))
    if trusted:
        trusted_in_claude_code(project)
    return project


def run(project: Path, *args: str, secret: str | None = None) -> str:
    result = claude_setup(
        *args, input=None if secret is None else secret + "\n", cwd=project
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


ONLY_KEY = ("apply", "--provider", "gateway", "--auth", "api-key", "--scope", "local",
            "--only-credential", "--profile", "mine", "--secret-stdin", "--yes")  # fmt: skip


def test_only_the_key_helper_is_written_and_undo_takes_it_away(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    project = project_with_team(tmp_path)
    local = project / ".claude" / "settings.local.json"
    before = local.read_bytes()
    out = run(project, *ONLY_KEY, secret=GATEWAY_KEY)
    written = json.loads(local.read_text())
    assert written.keys() == {"permissions", "apiKeyHelper"}
    assert written["apiKeyHelper"].endswith(" key mine")
    assert "ANTHROPIC" not in local.read_text()
    assert keyring_env.lookup("claude-setup", "mine/api-key") == GATEWAY_KEY
    assert GATEWAY_KEY not in out
    run(project, "undo")
    assert local.read_bytes() == before


def test_a_switch_away_and_back_writes_only_the_credential_again(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    project = project_with_team(tmp_path)
    local = project / ".claude" / "settings.local.json"
    run(project, *ONLY_KEY, secret=GATEWAY_KEY)
    run(project, "apply", "--provider", "bedrock", "--auth", "default-chain", "--region",
        "us-east-1", "--scope", "local", "--profile", "other", "--yes")  # fmt: skip
    switched = json.loads(local.read_text())
    assert "apiKeyHelper" not in switched and switched["env"]["CLAUDE_CODE_USE_BEDROCK"] == "1"
    run(project, "use", "mine")
    back = json.loads(local.read_text())
    assert set(back) - {"env"} == {"permissions", "apiKeyHelper"}
    assert back.get("env", {}) == {}, back


def test_refused_with_one_line_when_the_project_chooses_another_provider(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    project = project_with_team(tmp_path)
    local = project / ".claude" / "settings.local.json"
    before = local.read_bytes()
    for args, code in (
        (("--provider", "anthropic", "--auth", "api-key", "--scope", "local"), 2),
        (("--provider", "gateway", "--auth", "api-key", "--scope", "user"), 1),
    ):
        result = claude_setup(
            "apply", *args, "--only-credential", "--secret-stdin", "--yes",
            input=GATEWAY_KEY + "\n", cwd=project,
        )  # fmt: skip
        assert result.returncode == code, result.stderr
        line = one_line_error(result)
        assert "--only-credential" in line
    assert local.read_bytes() == before
    assert not (tmp_home / ".claude" / "settings.json").exists()
    assert keyring_env.lookup("claude-setup", "gateway/api-key") is None


def test_help_names_the_option() -> None:
    result = claude_setup("apply", "--help")
    assert "--only-credential" in result.stdout


NEW_PROVIDER_TEAMS = {
    "anthropic-aws": (
        {"CLAUDE_CODE_USE_ANTHROPIC_AWS": "1", "AWS_REGION": "eu-west-1",
         "ANTHROPIC_AWS_WORKSPACE_ID": "wrkspc_team"},
        ("--auth", "aws-profile", "--aws-profile", "own"),
        {"AWS_PROFILE": "own"},
    ),
    "anthropic-google-cloud": (
        {"CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD": "1",
         "ANTHROPIC_GOOGLE_CLOUD_PROJECT": "team-project",
         "ANTHROPIC_GOOGLE_CLOUD_LOCATION": "global",
         "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID": "wrkspc_team"},
        ("--auth", "service-account", "--credentials-file", "KEYFILE"),
        {"GOOGLE_APPLICATION_CREDENTIALS": "KEYFILE"},
    ),
    "mantle": (
        {"CLAUDE_CODE_USE_MANTLE": "1", "AWS_REGION": "us-west-2"},
        ("--auth", "aws-profile", "--aws-profile", "own"),
        {"AWS_PROFILE": "own"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("provider", sorted(NEW_PROVIDER_TEAMS))
def test_a_team_project_of_a_newer_provider_is_the_teams_choice(
    provider: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    """Claude Platform on AWS or Google Cloud and Bedrock Mantle in the project's settings were
    not seen as a team's choice: --only-credential was refused ('it chooses none')."""
    team_env, own, written = NEW_PROVIDER_TEAMS[provider]
    project = tmp_path / "project"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.json").write_text(json.dumps({"env": team_env}))
    trusted_in_claude_code(project)
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text("[profile own]\nregion = eu-west-1\n")
    key_file = tmp_home / "sa.json"
    key_file.write_text('{"type": "service_account"}')
    args = [str(key_file) if a == "KEYFILE" else a for a in own]
    run(project, "apply", "--provider", provider, *args, "--scope", "local",
        "--only-credential", "--yes")  # fmt: skip
    local = json.loads((project / ".claude" / "settings.local.json").read_text())
    expected = {k: str(key_file) if v == "KEYFILE" else v for k, v in written.items()}
    assert local.get("env", {}) == expected


def test_from_the_home_folder_only_credential_is_refused(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    """From the home folder, ``.claude/settings.json`` is the user's own file, no team's."""
    (tmp_home / ".claude").mkdir()
    (tmp_home / ".claude" / "settings.json").write_text(json.dumps(TEAM))
    result = claude_setup(*ONLY_KEY, input=GATEWAY_KEY + "\n", cwd=tmp_home)
    assert result.returncode == 2
    assert "does not choose gateway" in one_line_error(result)
    assert not (tmp_home / ".claude" / "settings.local.json").exists()


def test_refused_in_a_folder_not_trusted_naming_the_projects_address(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    """Your key is bound to a project's address only once you trust the folder: until then the
    refusal names the provider and the address, and nothing is written or stored."""
    project = project_with_team(tmp_path, trusted=False)
    local = project / ".claude" / "settings.local.json"
    before = local.read_bytes()
    result = claude_setup(*ONLY_KEY, input=GATEWAY_KEY + "\n", cwd=project)
    assert result.returncode == 1
    line = one_line_error(result)
    assert "https://llm.example.com" in line and "claude-setup trust" in line
    assert local.read_bytes() == before
    assert keyring_env.lookup("claude-setup", "mine/api-key") is None
    trusted = claude_setup("trust", "--yes", cwd=project)
    assert trusted.returncode == 0, trusted.stderr
    assert "claude-setup now trusts" in trusted.stdout
    run(project, *ONLY_KEY, secret=GATEWAY_KEY)
    assert keyring_env.lookup("claude-setup", "mine/api-key") == GATEWAY_KEY
