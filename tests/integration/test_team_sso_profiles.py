"""An SSO team import writes the teammate's AWS profile only where it takes nothing of theirs:
a profile of that name wherever the AWS SDK finds it (``~/.aws/credentials`` included, and the
files ``AWS_CONFIG_FILE``/``AWS_SHARED_CREDENTIALS_FILE`` name), the ``default`` profile, and an
``[sso-session]`` that signs in elsewhere are refused with one line and every file kept byte for
byte; a session that signs in the same way is reused untouched (issue 15, rule 6). botocore
reads what is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup, one_line_error

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY"
START_URL = "https://corp.awsapps.com/start"
SSO = {"start_url": START_URL, "sso_region": "eu-west-1", "account_id": "111122223333",
       "role_name": "Developer"}  # fmt: skip
OWN_KEYS = f"[team]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {AWS_SECRET}\n"


def team_file(folder: Path, name: str = "team") -> Path:
    data: dict[str, Any] = {
        "format": "claude-setup-team", "version": 1, "name": name,
        "setup": {"provider": "bedrock", "auth": "sso", "region": "eu-central-1",
                  "model": "eu.anthropic.claude-sonnet-4-6"},
        "sso": SSO, "asked_on_import": [],
    }  # fmt: skip
    path = folder / "team.json"
    path.write_text(json.dumps(data))
    return path


def tree(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def botocore_profile(home: Path, name: str, **env: str) -> dict[str, Any]:
    """What botocore (the AWS SDK) reads for profile ``name``, with only these files."""
    session = botocore.session.Session(profile=name)
    for variable, value in {
        "config_file": env.get("config", str(home / ".aws" / "config")),
        "credentials_file": env.get("credentials", str(home / ".aws" / "credentials")),
    }.items():
        session.set_config_variable(variable, value)
    return dict(session.get_scoped_config())


def test_a_profile_that_exists_only_in_the_credentials_file_is_the_teammates_own(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "credentials").write_text(OWN_KEYS)
    path = team_file(tmp_path)
    before = tree(tmp_home)
    result = claude_setup("import", str(path), "--yes")
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert "AWS profile 'team' already exists in" in line and "credentials" in line
    assert KEY_ID not in line and AWS_SECRET not in line
    assert tree(tmp_home) == before
    assert botocore_profile(tmp_home, "team")["aws_access_key_id"] == KEY_ID

    other = claude_setup("import", str(path), "--aws-profile", "corp-team", "--yes")
    assert other.returncode == 0, other.stderr
    assert (tmp_home / ".aws" / "credentials").read_text() == OWN_KEYS
    written = botocore_profile(tmp_home, "corp-team")
    assert written["sso_session"] == "corp-team"
    assert (written["sso_account_id"], written["sso_role_name"]) == ("111122223333", "Developer")
    assert botocore_profile(tmp_home, "team")["aws_access_key_id"] == KEY_ID


def test_the_files_the_environment_names_are_the_ones_checked(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "aws"
    elsewhere.mkdir()
    (elsewhere / "keys").write_text(OWN_KEYS)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(elsewhere / "cfg"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(elsewhere / "keys"))
    path = team_file(tmp_path)
    before = tree(tmp_path / "aws"), tree(tmp_home)
    result = claude_setup("import", str(path), "--yes")
    assert result.returncode == 1, result.stderr
    assert str(elsewhere / "keys") in one_line_error(result)
    assert (tree(tmp_path / "aws"), tree(tmp_home)) == before
    done = claude_setup("import", str(path), "--aws-profile", "corp-team", "--yes")
    assert done.returncode == 0, done.stderr
    assert not (tmp_home / ".aws").exists()
    paths = {"config": str(elsewhere / "cfg"), "credentials": str(elsewhere / "keys")}
    assert botocore_profile(tmp_home, "corp-team", **paths)["sso_session"] == "corp-team"


@pytest.mark.parametrize(
    ("file_name", "args", "existing"),
    [
        ("default", [], None),
        ("team", ["--aws-profile", "default"], None),
        ("default", [], "[default]\nregion = us-west-2\n"),
    ],
    ids=["named-default", "asked-for-default", "over-an-existing-default"],
)
def test_a_team_file_never_writes_the_default_profile(
    file_name: str,
    args: list[str],
    existing: str | None,
    keyring_env: PrivateKeyring,
    tmp_home: Path,
    tmp_path: Path,
) -> None:
    if existing is not None:
        (tmp_home / ".aws").mkdir()
        (tmp_home / ".aws" / "config").write_text(existing)
    path = team_file(tmp_path, file_name)
    before = tree(tmp_home)
    result = claude_setup("import", str(path), *args, "--yes")
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert "never writes the AWS profile 'default'" in line and "--aws-profile NAME" in line
    assert tree(tmp_home) == before


def test_a_session_of_that_name_signing_in_elsewhere_is_refused(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    """The same start URL in another region is another sign-in: the session's other
    profiles would move with it."""
    (tmp_home / ".aws").mkdir()
    config = tmp_home / ".aws" / "config"
    config.write_bytes(
        f"[sso-session team]\r\nsso_start_url = {START_URL}\r\nsso_region = us-east-1\r\n"
        "sso_registration_scopes = sso:account:access\r\n\r\n"
        "[profile mine]\r\nsso_session = team\r\nsso_account_id = 444455556666\r\n"
        "sso_role_name = Admin\r\n".encode()
    )
    path = team_file(tmp_path)
    before = tree(tmp_home)
    result = claude_setup("import", str(path), "--yes")
    assert result.returncode == 1, result.stderr
    line = one_line_error(result)
    assert f"sso-session 'team' already signs in at {START_URL} in us-east-1" in line
    assert tree(tmp_home) == before


def test_a_session_that_signs_in_the_same_way_is_reused_as_it_is(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    (tmp_home / ".aws").mkdir()
    config = tmp_home / ".aws" / "config"
    session = (
        "[sso-session team]\n"
        "# the portal, as the admins set it up\n"
        f"sso_start_url = {START_URL}/\n"
        "sso_region = eu-west-1\n"
        "sso_registration_scopes = sso:account:access, codewhisperer:completions\n"
    )
    config.write_text(session)
    result = claude_setup("import", str(team_file(tmp_path)), "--yes")
    assert result.returncode == 0, result.stderr
    text = config.read_text()
    assert text.startswith(session + "\n[profile team]\n")
    written = botocore_profile(tmp_home, "team")
    assert (written["sso_session"], written["region"]) == ("team", "eu-central-1")
    full = botocore.session.Session()
    full.set_config_variable("config_file", str(config))
    assert full.full_config["sso_sessions"]["team"]["sso_registration_scopes"] == (
        "sso:account:access, codewhisperer:completions"
    )


@pytest.mark.parametrize(
    ("existing", "reason"),
    [
        ('[profile "team"]\nregion = us-west-2\n', "AWS profile 'team' already exists"),
        ("[profile\tteam]\nregion = us-west-2\n", "AWS profile 'team' already exists"),
        ("[profiles team]\nregion = us-west-2\n", "read line 1 differently"),
        ('[sso-session "team"]\nsso_start_url = https://mine.awsapps.com/start\n'
         "sso_region = us-east-1\n\n[profile prod]\nsso_session = team\n",
         "sso-session 'team' already signs in at https://mine.awsapps.com/start"),
    ],
    ids=["quoted", "tab", "any-word-starting-profile", "quoted-session"],
)  # fmt: skip
def test_a_section_the_sdk_reads_under_that_name_is_the_teammates_own(
    existing: str, reason: str, keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    """botocore splits a header as a shell does (``[profile "team"]`` is profile ``team``, so
    is ``[profiles team]``): a section it reads under the team's name is refused (and
    ``[profiles team]``, no profile to Claude Code's AWS SDK, is a file the two read apart)."""
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text(existing)
    before = tree(tmp_home)
    result = claude_setup("import", str(team_file(tmp_path)), "--yes")
    assert result.returncode == 1, result.stderr
    assert reason in one_line_error(result)
    assert tree(tmp_home) == before


def test_a_quoted_profile_is_listed_and_applied_by_its_name(
    keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text('[profile "quoted"]\nregion = eu-west-1\n')
    listed = claude_setup("discover", "aws-profiles")
    assert listed.returncode == 0, listed.stderr
    assert "quoted" in listed.stdout and '"quoted"' not in listed.stdout
    applied = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "aws-profile", "--aws-profile", "quoted",
        "--region", "eu-west-1", "--dry-run",
    )  # fmt: skip
    assert applied.returncode == 0, applied.stderr
