"""``claude-setup sso-setup`` and ``sso-login`` from the command line, against a local AWS SSO.

From nothing to a Bedrock setup whose ``awsAuthRefresh`` signs in again without the AWS CLI,
and a ``doctor`` that sees the token.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_sso import START_URL, FakeSso
from runner import CLAUDE_SETUP, claude_setup, one_line_error

NO_AWS_CLI_PATH = f"{CLAUDE_SETUP.parent}:/usr/bin:/bin"


@pytest.fixture
def fake(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSso]:
    server = FakeSso()
    server.token_errors = []
    server.thread.start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO", server.url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO_OIDC", server.url)
    monkeypatch.setenv("PATH", NO_AWS_CLI_PATH)
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


def sso_setup(*extra: str) -> tuple[int, str, str]:
    result = claude_setup(
        "sso-setup", "--start-url", START_URL, "--sso-region", "eu-west-1",
        "--profile-name", "bedrock-dev", "--region", "eu-central-1", "--no-browser", *extra,
        timeout=60,
    )
    return result.returncode, result.stdout, result.stderr


def test_from_sign_in_to_a_bedrock_setup(fake: FakeSso, tmp_home: Path) -> None:
    code, out, err = sso_setup()
    assert code == 2
    assert "shows the code WDKN-PQRT" in err
    assert "222222222222  BedrockUser" in err
    assert "choose one with --account-id and --role-name" in err.splitlines()[-1]

    code, out, err = sso_setup("--account-id", "222222222222", "--role-name", "BedrockUser")
    assert code == 0, err
    assert fake.paths().count("/device_authorization") == 1  # the kept sign-in was reused
    config = (tmp_home / ".aws" / "config").read_text()
    assert "[profile bedrock-dev]" in config and "sso_role_name = BedrockUser" in config

    applied = claude_setup(
        "apply", "--provider", "bedrock", "--auth", "sso", "--aws-profile", "bedrock-dev",
        "--region", "eu-central-1",
    )
    assert applied.returncode == 0, applied.stderr
    settings = json.loads((tmp_home / ".claude" / "settings.json").read_text())
    assert settings["awsAuthRefresh"] == f"{CLAUDE_SETUP} sso-login bedrock-dev"

    doctor = json.loads(claude_setup("doctor", "--json").stdout)
    assert any(
        c["status"] == "ok" and "AWS SSO sign-in of profile bedrock-dev valid until" in c["message"]
        for c in doctor["checks"]
    ), doctor["checks"]

    login = claude_setup("sso-login", "bedrock-dev", "--no-browser", timeout=60)
    assert login.returncode == 0, login.stderr
    assert "Refreshed the AWS SSO token of profile bedrock-dev" in login.stderr
    assert fake.paths().count("/device_authorization") == 1


@pytest.mark.parametrize(
    "existing",
    ["[profile bedrock-dev]\nregion = us-west-2\n",
     "[profile bedrock-dev]\nsso_start_url = https://other.awsapps.com/start\n"
     "sso_region = eu-west-1\nsso_account_id = 222222222222\nsso_role_name = BedrockUser\n"],
    ids=["not-sso", "other-start-url"],
)  # fmt: skip
def test_sso_setup_never_writes_over_a_profile_with_other_settings(
    fake: FakeSso, tmp_home: Path, existing: str
) -> None:
    config = tmp_home / ".aws" / "config"
    config.parent.mkdir()
    config.write_text(existing)
    code, out, err = sso_setup("--account-id", "222222222222", "--role-name", "BedrockUser")
    assert code == 1
    assert err.count("\n") == 1 and "'bedrock-dev' already exists with other settings" in err
    assert config.read_text() == existing
    assert fake.paths() == []  # refused before any sign-in
    assert not (tmp_home / ".aws" / "sso").exists()


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("config", "[sso-session bedrock-dev]\nsso_start_url = https://other.awsapps.com/start"
                   "\nsso_region = eu-west-1\n", "sso-session 'bedrock-dev' already signs in"),
        ("config", f"[sso-session bedrock-dev]\nsso_start_url = {START_URL}\n"
                   "sso_region = us-east-1\n", "already signs in at"),
        ("credentials", "[bedrock-dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
         "'bedrock-dev' already exists in"),
    ],
    ids=["session-other-url", "session-other-region", "keys-in-credentials"],
)  # fmt: skip
def test_sso_setup_refuses_before_signing_in_what_would_take_the_users_own(
    fake: FakeSso, tmp_home: Path, name: str, text: str, words: str
) -> None:
    path = tmp_home / ".aws" / name
    path.parent.mkdir()
    path.write_text(text)
    code, out, err = sso_setup("--account-id", "222222222222", "--role-name", "BedrockUser")
    assert code == 1
    assert err.count("\n") == 1 and words in err
    assert {p.name: p.read_text() for p in path.parent.iterdir()} == {name: text}
    assert fake.paths() == []  # refused before any sign-in


def test_sso_setup_reuses_a_profile_that_signs_in_the_same_way(
    fake: FakeSso, tmp_home: Path
) -> None:
    existing = (
        f"[profile bedrock-dev]\nsso_start_url = {START_URL}\nsso_region = eu-west-1\n"
        "sso_account_id = 222222222222\nsso_role_name = BedrockUser\nregion = eu-west-3\n"
    )
    config = tmp_home / ".aws" / "config"
    config.parent.mkdir()
    config.write_text(existing)
    code, out, err = sso_setup("--account-id", "222222222222", "--role-name", "BedrockUser")
    assert code == 0, err
    assert config.read_text() == existing
    assert "already signs in this way; kept" in out
    assert "Wrote" not in out


def test_sso_login_of_a_profile_without_sso(fake: FakeSso, tmp_home: Path) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text("[profile plain]\nregion = us-east-1\n")
    result = claude_setup("sso-login", "plain")
    assert result.returncode == 1
    assert "plain" in one_line_error(result)


def test_sso_setup_refuses_a_non_https_start_url(fake: FakeSso) -> None:
    result = claude_setup(
        "sso-setup", "--start-url", "http://corp.awsapps.com/start", "--sso-region",
        "eu-west-1", "--profile-name", "x", "--no-browser",
    )
    assert result.returncode == 2  # a bad option value: a malformed command line
    assert "https" in one_line_error(result)


@pytest.mark.parametrize(
    "start_url",
    [START_URL + "\n[profile evil]\ncredential_process = sh -c id", START_URL + "\n",
     START_URL + "\r", "https://corp.awsapps.com/st art"],
    ids=["injected-section", "trailing-newline", "carriage-return", "space"],
)
def test_sso_setup_start_url_with_a_line_break_writes_nothing(
    fake: FakeSso, tmp_home: Path, start_url: str
) -> None:
    """Issue 8, rule 5: a newline in --start-url wrote a second section into ~/.aws/config."""
    config = tmp_home / ".aws" / "config"
    config.parent.mkdir(exist_ok=True)
    config.write_text("[profile plain]\nregion = eu-west-1\n")
    result = claude_setup(
        "sso-setup", "--start-url", start_url, "--sso-region", "eu-west-1",
        "--profile-name", "x", "--no-browser",
    )
    assert result.returncode == 2
    assert "--start-url" in one_line_error(result)
    assert config.read_text() == "[profile plain]\nregion = eu-west-1\n"


def test_sso_setup_refuses_a_role_name_from_the_server_ending_in_a_newline(
    fake: FakeSso, tmp_home: Path
) -> None:
    """Issue 8, rule 5: a role name that passed ``match`` with ``$`` is checked whole."""
    from wizard.errors import WizardError
    from wizard.services import sso_profiles

    with pytest.raises(WizardError, match="not an IAM role name"):
        sso_profiles.write_profile("x", "x", START_URL, "eu-west-1", "123456789012",
                                   "Admin\n", "eu-west-1")
    with pytest.raises(WizardError, match="not an AWS account ID"):
        sso_profiles.write_profile("x", "x", START_URL, "eu-west-1", "123456789012\n",
                                   "Admin", "eu-west-1")
    assert not (tmp_home / ".aws" / "config").exists()


def test_a_role_name_from_the_server_with_a_newline_writes_nothing(
    fake: FakeSso, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 8, rule 5, from the command line: the server's value is checked whole."""
    import fake_sso

    evil = "Admin\n[profile evil]\ncredential_process = sh -c id"
    monkeypatch.setattr(fake_sso, "ACCOUNTS", [("111111111111", "Evil\x1b[2J", [evil + "\x1b[2J"])])
    config = tmp_home / ".aws" / "config"
    config.parent.mkdir(exist_ok=True)
    config.write_text("[profile plain]\nregion = eu-west-1\n")
    code, out, err = sso_setup()
    assert code == 1, err
    assert "not an IAM role name" in err.strip().splitlines()[-1]
    assert "\x1b" not in err
    assert config.read_text() == "[profile plain]\nregion = eu-west-1\n"


@pytest.mark.parametrize("role", ["Devé", "Dev\u0663", "Ｄｅｖ"])
def test_a_role_name_iam_would_refuse_is_refused_by_every_door(
    fake: FakeSso, tmp_home: Path, role: str
) -> None:
    """IAM role names are ASCII: the SSO writer (which the wizard and a team file use) and the
    command line's option say so alike (they once read ``\\w`` in two ways)."""
    from wizard.errors import WizardError
    from wizard.services import sso_profiles

    with pytest.raises(WizardError, match="not an IAM role name"):
        sso_profiles.write_profile("x", "x", START_URL, "eu-west-1", "123456789012",
                                   role, "eu-west-1")  # fmt: skip
    result = claude_setup(
        "sso-setup", "--start-url", START_URL, "--sso-region", "eu-west-1",
        "--profile-name", "x", "--account-id", "123456789012", "--role-name", role,
    )  # fmt: skip
    assert result.returncode == 2 and "not an IAM role name" in one_line_error(result)
    assert not (tmp_home / ".aws" / "config").exists()
