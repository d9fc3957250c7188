"""``apply --scope local --only-credential``: beside a project's shared settings that choose
the provider, only the user's own credential goes into ``.claude/settings.local.json``; undo
and a switch take away exactly what was written."""

from __future__ import annotations

import json
from pathlib import Path

from keyring_env import PrivateKeyring
from runner import claude_setup, one_line_error

GATEWAY_KEY = "sk-litellm-EXAMPLE-own-0123456789"
TEAM = {
    "env": {
        "ANTHROPIC_BASE_URL": "https://llm.example.com",
        "ANTHROPIC_MODEL": "claude-sonnet-4-6",
    }
}
OWN_KEYS = {"permissions": {"allow": ["Bash(ls)"]}}


def project_with_team(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / ".claude").mkdir(parents=True)
    (project / ".claude" / "settings.json").write_text(json.dumps(TEAM, indent=2))
    (project / ".claude" / "settings.local.json").write_text(json.dumps(OWN_KEYS, indent=2))
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
