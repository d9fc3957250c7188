"""What a team file, or a value given for one, carries is checked as a stranger's (issue 15):
no credential of any shape goes into settings.json or a team file (rule 9), the exporter sees
the helper command a file will make every teammate run, and a hostile file is a one-line
refusal, never an unexpected error (rule 13)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup, one_line_error

GITHUB_TOKEN = "ghp_" + "x" * 36
OPENAI_KEY = "sk-proj-" + "x" * 40
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
GATEWAY = ["--provider", "gateway", "--base-url", "https://llm.example.com"]


def tree(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(result: Any, code: int) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    return one_line_error(result)


# -- rule 9: apply keeps credentials out of settings.json ---------------------------------------


@pytest.mark.parametrize(
    ("args", "secret", "kind"),
    [
        (["--auth", "helper", "--helper-command",
          f'curl -s -H "Authorization: Bearer {GITHUB_TOKEN}" https://keys.example.com/k'],
         GITHUB_TOKEN, "a GitHub token"),
        (["--auth", "helper", "--helper-command", "curl -su team:hunter2 https://k.example.com"],
         "hunter2", "a user name and password"),
        (["--auth", "none", "--custom-header", f"X-Foo: {OPENAI_KEY}"], OPENAI_KEY,
         "an API key (sk-…)"),
        (["--auth", "none", "--custom-header", f"X-Trace: {GITHUB_TOKEN}"], GITHUB_TOKEN,
         "a GitHub token"),
        (["--auth", "header", "--secret-header", GITHUB_TOKEN, "--secret-stdin"], GITHUB_TOKEN,
         "a GitHub token"),
        (["--auth", "none", "--base-url", f"https://llm.example.com/{OPENAI_KEY}/v1"],
         OPENAI_KEY, "an API key (sk-…)"),
    ],
    ids=["bearer-github-token", "curl-user-password", "sk-header", "github-header",
         "token-as-secret-header", "key-in-the-base-url"],
)  # fmt: skip
def test_apply_refuses_a_credential_in_a_free_text_value_as_a_usage_error(
    tmp_home: Path, args: list[str], secret: str, kind: str
) -> None:
    result = claude_setup("apply", *GATEWAY, *args, "--yes", input="gw-key-0123456789\n")
    line = refused(result, 2)
    assert f"holds what looks like {kind}" in line
    assert secret not in result.stderr + result.stdout
    assert not (tmp_home / ".claude").exists()


# -- rule 9: export shows the helper command and carries no credential ---------------------------


HELPER = "vault read -field=key secret/llm"


def saved_helper_profile(command: str = HELPER) -> None:
    result = claude_setup(
        "apply", *GATEWAY, "--auth", "helper", "--helper-command", command, "--profile", "lead",
        "--yes",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_export_to_a_file_without_a_terminal_needs_yes_for_a_helper_command(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    saved_helper_profile()
    out = tmp_path / "team.json"
    before = tree(tmp_home)
    result = claude_setup("export", "lead", "--output", str(out))
    line = refused(result, 1)
    assert f"would carry the helper command '{HELPER}'" in line and "--yes" in line
    assert not out.exists() and tree(tmp_home) == before
    written = claude_setup("export", "lead", "--output", str(out), "--yes")
    assert written.returncode == 0, written.stderr
    assert f"runs it to get the credential:\n  {HELPER}\n" in written.stdout
    assert json.loads(out.read_text())["setup"]["helper_command"] == HELPER
    printed = claude_setup("export", "lead")  # on standard output the file shows it anyway
    assert printed.returncode == 0 and json.loads(printed.stdout)["setup"]["helper_command"]


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        (f"echo {GITHUB_TOKEN}", "a GitHub token"),
        ("curl -s https://keys.example.com/k?token=abc", "a credential argument"),
        ("curl -s https://team:hunter2@keys.example.com/k", "a user name and password"),
        (f"AWS_ACCESS_KEY_ID={KEY_ID} print-key", "an AWS access key ID"),
        ('curl -H "Authorization: Basic dGVhbTpwYXNz" https://k.example.com',
         "an Authorization header"),
        (f"print-key {AWS_SECRET}", "a key"),
    ],
    ids=["github-token", "token-argument", "url-password", "aws-key-variable", "authorization",
         "aws-secret"],
)
def test_export_refuses_a_saved_helper_command_that_holds_a_credential(
    command: str, kind: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    """What apply refuses can be in a profile saved by hand or by an older version."""
    saved_helper_profile()
    saved = next(tmp_home.rglob("profiles/lead.json"))
    saved.write_text(saved.read_text().replace(json.dumps(HELPER), json.dumps(command)))
    out = tmp_path / "team.json"
    before = tree(tmp_home)
    for args in ((), ("--output", str(out), "--yes")):
        result = claude_setup("export", "lead", *args)
        line = refused(result, 1)
        assert f"helper_command holds what looks like {kind}" in line
        assert result.stdout == "" and not out.exists()
    assert tree(tmp_home) == before


# -- rule 9 and 13: import refuses a file it cannot trust ----------------------------------------


def team_file(folder: Path, text: str | None = None, **setup: Any) -> Path:
    data: dict[str, Any] = {
        "format": "claude-setup-team", "version": 1, "name": "team",
        "description": "The team's gateway",
        "setup": {"provider": "gateway", "auth": "none", "base_url": "https://llm.example.com",
                  **setup},
        "asked_on_import": [],
    }  # fmt: skip
    path = folder / "team.json"
    path.write_text(text if text is not None else json.dumps(data))
    return path


HOSTILE_SETUPS = {
    "malformed-ipv6": ({"base_url": "http://[::1"}, "base_url", "is not an http(s) URL"),
    "malformed-ipv6-port": ({"base_url": "http://[::1]:99999"}, "base_url", "not an http(s)"),
    "huge-model": ({"model": "m" * 60_000}, "model", "is longer than 2048 characters"),
    "huge-header": ({"custom_header": ["X-Team: " + "a" * 5000]}, "custom_header", "longer"),
    "number-for-a-text": ({"base_url": 42}, "base_url", "holds int where a text belongs"),
    "object-for-a-list": ({"custom_header": {"X-Team": "a"}}, "custom_header", "a list"),
    "list-of-numbers": ({"custom_header": [1, 2]}, "custom_header", "a list of texts"),
    "true-for-a-number": ({"helper_ttl_ms": True}, "helper_ttl_ms", "a whole number"),
    "provider-object": ({"provider": {"x": 1}}, "provider", "unknown provider 'dict'"),
    "line-break": ({"model": "claude-x\n[profile evil]"}, "model", "a control character"),
    "escape-sequence": ({"model": "claude\x1b[2J"}, "model", "a control character"),
    "bidi-in-a-header": ({"custom_header": ["X-Team: \u202eplatform"]}, "custom_header",
                         "a control character"),
    "token-in-secret-header": ({"auth": "header", "secret_header": "ghp_" + "x" * 36},
                               "secret_header", "a GitHub token"),
    "jwt-in-a-header": ({"custom_header": ["X-Id: eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."]},
                        "custom_header", "a JSON Web Token"),
    "host-header": ({"custom_header": ["Host: evil.example"]}, "custom_header",
                    "decides where or how a request travels"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HOSTILE_SETUPS))
def test_import_refuses_a_hostile_value_with_one_line_and_writes_nothing(
    case: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    setup, field, words = HOSTILE_SETUPS[case]
    path = team_file(tmp_path, **setup)
    before = tree(tmp_home)
    result = claude_setup("import", str(path), "--yes", input="x" * 30 + "\n")
    line = refused(result, 1)
    assert str(path) in line and field in line and words in line, line
    assert len(line) < 400
    assert "\x1b" not in result.stderr + result.stdout and "\u202e" not in result.stderr
    assert tree(tmp_home) == before


@pytest.mark.parametrize(
    ("top", "words"),
    [
        ({"name": "team\u202egnp"}, "a control character"),
        ({"name": "t" * 5000}, "longer than 2048"),
        ({"name": ["team"]}, "name and description must be texts"),
        ({"description": "Gateway \u2067for\u2069 the team"}, "a control character"),
        ({"description": "x" * 301}, "longer than 300"),
        ({"description": 7}, "name and description must be texts"),
        ({"version": 1.0}, "not a whole number"),
        ({"sso": {"start_url": "https://[::1", "sso_region": "eu-west-1",
                  "account_id": "111122223333", "role_name": "Dev"}}, "not a valid address"),
    ],
    ids=["bidi-name", "huge-name", "list-name", "bidi-description", "long-description",
         "number-description", "float-version", "sso-malformed-ipv6"],
)  # fmt: skip
def test_import_refuses_a_hostile_name_description_or_block(
    top: dict[str, Any], words: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    data = json.loads(team_file(tmp_path).read_text())
    data.update(top)
    if "sso" in top:
        data["setup"] = {"provider": "bedrock", "auth": "sso", "region": "eu-west-1"}
    path = team_file(tmp_path, json.dumps(data))
    before = tree(tmp_home)
    line = refused(claude_setup("import", str(path), "--yes"), 1)
    assert str(path) in line and words in line, line
    assert "\u202e" not in line and "\u2067" not in line and len(line) < 400
    assert tree(tmp_home) == before


def test_the_wizard_refuses_a_hostile_file_in_one_sentence(tmp_home: Path, tmp_path: Path) -> None:
    """The wizard reads a team file through the same engine call: a malformed IPv6 address is
    its refusal, not an unexpected error."""
    from wizard import engine
    from wizard.errors import WizardError

    path = team_file(tmp_path, base_url="http://[::1")
    with pytest.raises(WizardError) as caught:
        engine.read_team_setup(path)
    assert "base_url: 'http://[::1' is not an http(s) URL" in str(caught.value)


# -- rule 13: a hand-written ~/.aws/config is parsed by the validators too ----------------------


BAD_PORTAL = "[profile work]\nsso_session = corp\nsso_account_id = 111122223333\n" \
    "sso_role_name = Developer\nregion = eu-west-1\n\n[sso-session corp]\n" \
    "sso_start_url = https://[::1\nsso_region = eu-west-1\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["sso-login", "work", "--no-browser"], "AWS profile 'work' in"),
        (["export", "work"], "the SSO start URL is not a valid address"),
        (["import", "TEAM", "--aws-profile", "work", "--yes"], "'work' already exists with other"),
        (["sso-setup", "--start-url", "https://corp.awsapps.com/start", "--sso-region",
          "eu-west-1", "--profile-name", "work", "--session-name", "corp", "--no-browser"],
         "'work' already exists with other"),
    ],
    ids=["sso-login", "export", "import-over-it", "sso-setup-same-session"],
)  # fmt: skip
def test_a_malformed_start_url_in_aws_config_is_a_one_line_refusal(
    args: list[str], words: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text(BAD_PORTAL)
    saved = claude_setup("apply", "--provider", "bedrock", "--auth", "sso", "--aws-profile",
                         "work", "--region", "eu-west-1", "--profile", "work", "--yes")
    assert "Traceback" not in saved.stderr and "unexpected" not in saved.stderr
    team = {"format": "claude-setup-team", "version": 1, "name": "team",
            "setup": {"provider": "bedrock", "auth": "sso", "region": "eu-west-1"},
            "sso": {"start_url": "https://corp.awsapps.com/start", "sso_region": "eu-west-1",
                    "account_id": "111122223333", "role_name": "Developer"},
            "asked_on_import": []}  # fmt: skip
    (tmp_path / "team.json").write_text(json.dumps(team))
    args = [str(tmp_path / "team.json") if arg == "TEAM" else arg for arg in args]
    before = tree(tmp_home / ".aws")
    result = claude_setup(*args, timeout=30)
    assert words in refused(result, 1)
    assert tree(tmp_home / ".aws") == before
    listed = claude_setup("discover", "aws-profiles")
    assert "Traceback" not in listed.stderr and "unexpected" not in listed.stderr


@pytest.mark.parametrize("url", ["http://[::1", "https://gw.example.com:99999", "ftp://gw"])
def test_doctor_refuses_a_projects_malformed_base_url_in_one_line(
    url: str, tmp_home: Path, tmp_path: Path
) -> None:
    """A project's settings are a stranger's file: their address is checked before the live
    request, which is never sent with it."""
    repo = tmp_path / "repo"
    (repo / ".claude").mkdir(parents=True)
    env = {"ANTHROPIC_BASE_URL": url, "ANTHROPIC_AUTH_TOKEN": "placeholder"}
    (repo / ".claude" / "settings.json").write_text(json.dumps({"env": env}))
    result = claude_setup("doctor", cwd=repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr == ""
    [failed] = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert failed.startswith("✗ ANTHROPIC_BASE_URL (project ") and "http(s) URL" in failed


# -- rule 5: a team file's name changes no saved profile -----------------------------------------


def test_a_team_file_named_like_a_saved_profile_changes_nothing_of_it(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    """Same provider, same address, but the team's own command in place of the stored key:
    refused, naming both setups; imported again unchanged it is the same profile."""
    saved = claude_setup(
        "apply", *GATEWAY, "--auth", "api-key", "--profile", "team", "--secret-stdin",
        input="sk-litellm-EXAMPLEteamFILEtrust0123\n",
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    before = tree(tmp_home)
    marker = tmp_path / "ran"
    path = team_file(tmp_path, auth="helper", helper_command=f"touch {marker}")
    result = claude_setup("import", str(path), "--yes")
    line = refused(result, 1)
    assert "a saved profile 'team' already exists" in line
    assert "API key" in line and f"runs touch {marker}" in line
    assert tree(tmp_home) == before and not marker.exists()
    assert keyring_env.lookup("claude-setup", "team/api-key") is not None

    named = claude_setup("import", str(path), "--profile", "team", "--yes")
    assert named.returncode == 0, named.stderr  # the teammate named it: their word
    again = claude_setup("import", str(path), "--yes")
    assert again.returncode == 0, again.stderr  # the same setup again takes nothing
