"""AWS SSO against a local SSO OIDC + SSO portal served by the test, with real boto3 underneath.

The whole flow ends with a fresh Python process whose botocore, given only ``HOME`` and the
profile name, finds the profile and the cached token that claude-setup wrote and gets the role
credentials from the fake portal.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fake_sso import (
    ORIGINAL_CONFIG,
    ROLE_KEY,
    ROLE_SECRET,
    ROLE_SESSION,
    START_URL,
    FakeSso,
)

from wizard import backups
from wizard.self_command import helper_executable
from wizard.services import sso
from wizard.services.errors import ServiceError
from wizard.services.sso_cache import SsoToken, cache_dir, format_time


@pytest.fixture
def fake(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSso]:
    server = FakeSso()
    server.thread.start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO", server.url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO_OIDC", server.url)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


class Sleeps:
    """An injected ``sleep`` that records and advances a fake clock instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.now = 1000.0

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def botocore_credentials(home: Path, fake: FakeSso, profile: str) -> dict[str, str]:
    """A fresh process, botocore reading only HOME: the credentials of ``profile``."""
    code = (
        "import boto3, json, sys\n"
        "c = boto3.Session(profile_name=sys.argv[1]).get_credentials().get_frozen_credentials()\n"
        "print(json.dumps({'key': c.access_key, 'secret': c.secret_key, 'token': c.token}))\n"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "AWS_PROFILE": profile,
        "AWS_ENDPOINT_URL_SSO": fake.url,
        "AWS_ENDPOINT_URL_SSO_OIDC": fake.url,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    done = subprocess.run(
        [sys.executable, "-c", code, profile], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, str] = json.loads(done.stdout)
    return result


def sign_in(fake: FakeSso, session: str = "corp") -> tuple[sso.DeviceAuthorization, SsoToken]:
    auth = sso.start_device_authorization(START_URL, "eu-west-1", session)
    sleeps = Sleeps()
    token = sso.wait_for_token(auth, open_browser=False, sleep=sleeps, clock=sleeps.clock)
    return auth, token


def config_path(home: Path) -> Path:
    return home / ".aws" / "config"


# ---- the whole flow --------------------------------------------------------------------------


def test_the_whole_flow_ends_with_a_profile_botocore_loads(fake: FakeSso, tmp_home: Path) -> None:
    config = config_path(tmp_home)
    config.parent.mkdir()
    config.write_bytes(ORIGINAL_CONFIG.encode())

    auth = sso.start_device_authorization(START_URL, "eu-west-1", "corp")
    assert (auth.user_code, auth.interval, auth.expires_in) == ("WDKN-PQRT", 1, 600)
    assert auth.verification_uri_complete == f"{fake.url}/device?user_code=WDKN-PQRT"
    assert "fake-client-secret" not in repr(auth) and "fake-device-code" not in repr(auth)
    register = fake.bodies("/client/register")[0]
    assert register == {
        "clientName": "claude-setup",
        "clientType": "public",
        "scopes": ["sso:account:access"],
    }
    assert fake.bodies("/device_authorization")[0]["startUrl"] == START_URL

    sleeps, ticks = Sleeps(), []
    token = sso.wait_for_token(
        auth, open_browser=False, on_tick=ticks.append, sleep=sleeps, clock=sleeps.clock
    )
    assert sleeps.calls == [1, 1]  # two authorization_pending answers, then the token
    assert ticks == [600, 599]
    assert fake.bodies("/token")[-1]["grantType"] == "urn:ietf:params:oauth:grant-type:device_code"
    assert token.valid() and token.refreshable() and token.session_name == "corp"
    assert "fake-access-token" not in repr(token)

    fake.role_delay = 0.2
    choices = sso.list_accounts_and_roles(token, "eu-west-1")
    assert [(c.account_name, c.role_name) for c in choices] == [
        ("Analytics", "BedrockUser"),
        ("Analytics", "DataScientist"),
        ("Analytics", "ReadOnly"),
        ("Production", "BedrockUser"),
        ("Production", "ReadOnly"),
        ("Sandbox", "ReadOnly"),
    ]
    assert choices[0].email == "analytics@example.com"
    assert fake.paths().count("/assignment/accounts") == 2  # 3 accounts, 2 a page
    assert fake.paths().count("/assignment/roles") == 4  # 1 + 1 + 2 pages (2 a page)
    assert fake.max_in_flight >= 2  # the accounts' roles were asked for in parallel
    assert all(
        h.get("x-amz-sso_bearer_token") == "fake-access-token-1"
        for p, _, h in fake.requests
        if p.startswith("/assignment/")
    )

    path = sso.write_profile(
        "bedrock-work",
        "corp",
        START_URL,
        "eu-west-1",
        "222222222222",
        "BedrockUser",
        "eu-central-1",
    )
    assert path == config
    assert (
        config.read_bytes()
        == (
            ORIGINAL_CONFIG
            + (
                "\n"
                "[sso-session corp]\n"
                f"sso_start_url = {START_URL}\n"
                "sso_region = eu-west-1\n"
                "sso_registration_scopes = sso:account:access\n"
                "\n"
                "[profile bedrock-work]\n"
                "sso_session = corp\n"
                "sso_account_id = 222222222222\n"
                "sso_role_name = BedrockUser\n"
                "region = eu-central-1\n"
            )
        ).encode()
    )

    cached = sso.cache_token(token)
    assert cached == cache_dir() / (hashlib.sha1(b"corp").hexdigest() + ".json")
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    data = json.loads(cached.read_text())
    assert set(data) == {
        "startUrl",
        "region",
        "accessToken",
        "expiresAt",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
        "refreshToken",
    }
    assert data["expiresAt"].endswith("Z") and data["region"] == "eu-west-1"

    assert botocore_credentials(tmp_home, fake, "bedrock-work") == {
        "key": ROLE_KEY,
        "secret": ROLE_SECRET,
        "token": ROLE_SESSION,
    }
    asked = fake.bodies("/federation/credentials")[-1]
    assert asked == {"role_name": "BedrockUser", "account_id": "222222222222"}

    (info,) = [p for p in sso.list_profiles() if p.name == "bedrock-work"]
    assert info.sso and info.token_valid and info.token_refreshable
    assert (info.sso_session, info.start_url, info.sso_region, info.region) == (
        "corp",
        START_URL,
        "eu-west-1",
        "eu-central-1",
    )


def test_botocore_refreshes_the_token_claude_setup_cached(fake: FakeSso, tmp_home: Path) -> None:
    _, token = sign_in(fake)
    sso.write_profile(
        "work", "corp", START_URL, "eu-west-1", "222222222222", "BedrockUser", "us-east-1"
    )
    soon = datetime.now(UTC) + timedelta(minutes=5)  # inside botocore's 15-minute window
    path = sso.cache_token(SsoToken(**{**token.__dict__, "expires_at": soon}))
    assert botocore_credentials(tmp_home, fake, "work")["key"] == ROLE_KEY
    assert fake.bodies("/token")[-1]["grantType"] == "refresh_token"
    assert json.loads(path.read_text())["accessToken"] == "fake-access-token-2"


def test_the_registration_is_cached_where_the_aws_cli_reuses_it(
    fake: FakeSso, tmp_home: Path
) -> None:
    _, token = sign_in(fake)
    sso.cache_token(token)
    args = {
        "tool": "botocore",
        "startUrl": START_URL,
        "region": "eu-west-1",
        "scopes": ["sso:account:access"],
        "session_name": "corp",
    }
    key = hashlib.sha1(json.dumps(args, sort_keys=True).encode()).hexdigest()
    registration = cache_dir() / f"{key}.json"
    assert json.loads(registration.read_text())["clientId"] == "fake-client-id"
    assert stat.S_IMODE(registration.stat().st_mode) == 0o600


# ---- polling ---------------------------------------------------------------------------------


def test_slow_down_adds_five_seconds_to_the_interval(fake: FakeSso) -> None:
    fake.token_errors = [
        "AuthorizationPendingException",
        "SlowDownException",
        "AuthorizationPendingException",
        "SlowDownException",
    ]
    auth = sso.start_device_authorization(START_URL, "eu-west-1", "corp")
    sleeps = Sleeps()
    token = sso.wait_for_token(auth, open_browser=False, sleep=sleeps, clock=sleeps.clock)
    assert sleeps.calls == [1, 6, 6, 11]
    assert token.access_token == "fake-access-token-1"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("ExpiredTokenException", "sign-in code expired before it was approved"),
        ("AccessDeniedException", "was denied in the browser"),
    ],
)
def test_a_refused_sign_in_is_one_sentence(fake: FakeSso, code: str, words: str) -> None:
    fake.token_errors = ["AuthorizationPendingException", code]
    auth = sso.start_device_authorization(START_URL, "eu-west-1", "corp")
    sleeps = Sleeps()
    with pytest.raises(ServiceError) as raised:
        sso.wait_for_token(auth, open_browser=False, sleep=sleeps, clock=sleeps.clock)
    assert raised.value.code == code
    message = str(raised.value)
    assert words in message and "start the sign-in again" in message and "\n" not in message


def test_waiting_stops_at_the_timeout(fake: FakeSso) -> None:
    fake.always_pending = True
    auth = sso.start_device_authorization(START_URL, "eu-west-1", "corp")
    sleeps = Sleeps()
    with pytest.raises(ServiceError, match="not approved within 5 seconds") as raised:
        sso.wait_for_token(auth, open_browser=False, timeout=5, sleep=sleeps, clock=sleeps.clock)
    assert raised.value.code == "wait_timeout"
    assert sum(sleeps.calls) == 5


@pytest.mark.parametrize("path", ["/client/register", "/token", "/assignment/accounts"])
def test_a_hung_endpoint_hits_the_timeout(fake: FakeSso, path: str) -> None:
    fake.hang = {path}
    started = time.monotonic()
    with pytest.raises(ServiceError, match="did not answer within 0.3 seconds") as raised:
        if path == "/client/register":
            sso.start_device_authorization(START_URL, "eu-west-1", "corp", timeout=0.3)
        elif path == "/token":
            auth = sso.start_device_authorization(START_URL, "eu-west-1", "corp")
            sso.wait_for_token(auth, open_browser=False, call_timeout=0.3)
        else:
            token = SsoToken(
                START_URL,
                "eu-west-1",
                "corp",
                "fake-access-token-x",
                datetime.now(UTC) + timedelta(hours=1),
            )
            sso.list_accounts_and_roles(token, timeout=0.3)
    assert raised.value.code == "timeout"
    assert time.monotonic() - started < 5


def test_an_expired_portal_token_says_to_sign_in_again(fake: FakeSso) -> None:
    token = SsoToken(
        START_URL,
        "eu-west-1",
        "corp",
        "fake-access-token-revoked",
        datetime.now(UTC) + timedelta(hours=1),
    )
    with pytest.raises(ServiceError, match="expired or was revoked; sign in again"):
        sso.list_accounts_and_roles(token)


def test_the_browser_opens_on_the_verification_url(
    fake: FakeSso, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", f"{browser} %s")
    auth = sso.start_device_authorization(START_URL, "eu-west-1", "corp")
    sleeps = Sleeps()
    sso.wait_for_token(auth, open_browser=True, sleep=sleeps, clock=sleeps.clock)
    assert opened.read_text() == auth.verification_uri_complete
    monkeypatch.delenv("BROWSER")
    assert sso.launch_browser(auth.verification_uri_complete) is False  # no display here


# ---- ~/.aws/config ---------------------------------------------------------------------------


def test_a_profile_of_that_name_with_other_settings_is_refused_and_kept(tmp_home: Path) -> None:
    config = config_path(tmp_home)
    config.parent.mkdir()
    before = (
        "[profile work]\r\n"
        "# set up by hand in 2023\r\n"
        "sso_start_url = https://old.awsapps.com/start\r\n"
        "sso_region = us-east-1\r\n"
        "sso_account_id = 111111111111\r\n"
        "sso_role_name = Old\r\n"
    )
    config.write_bytes(before.encode())
    with pytest.raises(ServiceError, match="'work' already exists with other settings"):
        sso.write_profile(
            "work", "corp", START_URL, "eu-west-1", "222222222222", "BedrockUser", "eu-west-3"
        )
    assert config.read_bytes() == before.encode()
    sso.write_profile(
        "work", "work", "https://old.awsapps.com/start/", "us-east-1", "111111111111", "Old",
        "eu-west-3",
    )  # fmt: skip
    assert config.read_bytes() == before.encode()  # the same sign-in: reused as it is


def test_a_session_in_the_middle_is_reused_as_it_is_keeping_every_other_line(
    tmp_home: Path,
) -> None:
    config = config_path(tmp_home)
    config.parent.mkdir()
    before = (
        "[default]\r\n"
        "region = us-east-1\r\n"
        "\r\n"
        "[sso-session corp]\r\n"
        "# set up by hand in 2023\r\n"
        f"sso_start_url = {START_URL}\r\n"
        "sso_region = us-east-1\r\n"
        "output = text\r\n"
        "\r\n"
        "# the next one\r\n"
        "[profile other]\r\n"
        "region = ap-south-1\r\n"
    )
    config.write_bytes(before.encode())
    sso.write_profile(
        "work", "corp", START_URL, "us-east-1", "222222222222", "BedrockUser", "eu-west-3"
    )
    after = config.read_bytes().decode()
    assert after == (
        "[default]\r\n"
        "region = us-east-1\r\n"
        "\r\n"
        "[sso-session corp]\r\n"
        "# set up by hand in 2023\r\n"
        f"sso_start_url = {START_URL}\r\n"
        "sso_region = us-east-1\r\n"
        "output = text\r\n"
        "\r\n"
        "# the next one\r\n"
        "[profile other]\r\n"
        "region = ap-south-1\r\n"
        "\r\n"
        "[profile work]\r\n"
        "sso_session = corp\r\n"
        "sso_account_id = 222222222222\r\n"
        "sso_role_name = BedrockUser\r\n"
        "region = eu-west-3\r\n"
    )
    assert backups.undo() == [config]
    assert config.read_bytes() == before.encode()


def test_a_new_config_file_is_private(tmp_home: Path) -> None:
    path = sso.write_profile(
        "work", "corp", START_URL, "eu-west-1", "222222222222", "BedrockUser", "eu-west-1"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("[sso-session corp]\n")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("work", "corp", "http://corp.awsapps.com/start"), "must begin with https://"),
        (("work", "corp", "corp.awsapps.com/start"), "must begin with https://"),
        (("my profile", "corp", START_URL), "cannot name an AWS profile"),
        (("work", "c]orp", START_URL), "cannot name an AWS profile"),
        (("work", "other", "https://other.awsapps.com/start"), "already signs in at"),
    ],
)
def test_write_profile_refuses_bad_values(
    tmp_home: Path, args: tuple[str, str, str], words: str
) -> None:
    config = config_path(tmp_home)
    config.parent.mkdir()
    original = f"[sso-session other]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    config.write_text(original)
    with pytest.raises(ServiceError, match=words):
        sso.write_profile(*args, "eu-west-1", "222222222222", "BedrockUser", "eu-west-1")
    assert config.read_text() == original


# ---- list_profiles ---------------------------------------------------------------------------


def write_cache(key_source: str, data: dict[str, str]) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{hashlib.sha1(key_source.encode()).hexdigest()}.json").write_text(json.dumps(data))


def test_list_profiles_marks_sso_ones_and_their_tokens(tmp_home: Path) -> None:
    (tmp_home / ".aws").mkdir()
    config_path(tmp_home).write_text(
        "[default]\nregion = us-east-1\n"
        "[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\n"
        "sso_region = us-east-2\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n"
        "[profile work]\nsso_session = corp\nsso_account_id = 222222222222\n"
        "sso_role_name = BedrockUser\nregion = eu-west-1\n"
        f"[sso-session corp]\nsso_start_url = {START_URL}\nsso_region = eu-west-1\n"
        "[profile broken]\nsso_session = nowhere\n"
        "[profile never]\nsso_session = corp2\n"
        "[sso-session corp2]\nsso_start_url = https://two.awsapps.com/start\n"
        "sso_region = eu-west-1\n"
    )
    (tmp_home / ".aws" / "credentials").write_text(
        "[default]\naws_access_key_id = AKIAFAKEEXAMPLE00001\n"
        "[static]\naws_access_key_id = AKIAFAKEEXAMPLE00002\n"
    )
    later = datetime.now(UTC) + timedelta(hours=4)
    write_cache(
        "corp",
        {
            "startUrl": START_URL,
            "region": "eu-west-1",
            "accessToken": "fake-a",
            "expiresAt": format_time(later),
            "clientId": "c",
            "clientSecret": "s",
            "refreshToken": "r",
            "registrationExpiresAt": format_time(later + timedelta(days=80)),
        },
    )
    # the AWS CLI's older legacy format, expired an hour ago
    expired = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SUTC")
    write_cache(
        "https://legacy.awsapps.com/start",
        {
            "startUrl": "https://legacy.awsapps.com/start",
            "region": "us-east-2",
            "accessToken": "fake-b",
            "expiresAt": expired,
        },
    )

    profiles = {p.name: p for p in sso.list_profiles()}
    assert list(profiles) == ["default", "broken", "legacy", "never", "static", "work"]
    assert profiles["default"].sources == ("config", "credentials")
    assert profiles["static"].sources == ("credentials",) and not profiles["static"].sso
    assert not profiles["default"].sso
    work = profiles["work"]
    assert work.sso and work.token_valid and work.token_refreshable
    assert work.token_expires_at is not None
    assert abs((work.token_expires_at - later).total_seconds()) < 1
    legacy = profiles["legacy"]
    assert legacy.sso and not legacy.token_valid and legacy.token_expires_at is not None
    assert (legacy.start_url, legacy.sso_region, legacy.sso_session) == (
        "https://legacy.awsapps.com/start",
        "us-east-2",
        None,
    )
    assert profiles["never"].sso and not profiles["never"].token_valid
    assert profiles["never"].token_expires_at is None
    broken = profiles["broken"]
    assert broken.sso and broken.problem and "sso-session 'nowhere'" in broken.problem

    with pytest.raises(ServiceError, match="expired at .*; run ") as raised:
        sso.profile_token("legacy")
    assert raised.value.code == "expired_token"
    assert str(raised.value).endswith(sso.refresh_command("legacy"))
    assert sso.profile_token("work").access_token == "fake-a"


# ---- sso_login -------------------------------------------------------------------------------


def sso_config(home: Path) -> None:
    (home / ".aws").mkdir(exist_ok=True)
    config_path(home).write_text(
        "[profile work]\nsso_session = corp\nsso_account_id = 222222222222\n"
        "sso_role_name = BedrockUser\nregion = eu-west-1\n"
        f"[sso-session corp]\nsso_start_url = {START_URL}\nsso_region = eu-west-1\n"
        "sso_registration_scopes = sso:account:access\n"
        "[profile plain]\nregion = eu-west-1\n"
        "[profile lost]\nsso_session = nowhere\n"
        "[profile insecure]\nsso_start_url = http://corp.awsapps.com/start\n"
        "sso_region = eu-west-1\nsso_account_id = 222222222222\nsso_role_name = BedrockUser\n"
    )


def test_sso_login_runs_the_device_flow_and_caches_the_token(fake: FakeSso, tmp_home: Path) -> None:
    sso_config(tmp_home)
    out, sleeps = io.StringIO(), Sleeps()
    sso.sso_login("work", open_browser=False, say=lambda text: print(text, file=out), sleep=sleeps)
    text = out.getvalue()
    assert "WDKN-PQRT" in text and f"{fake.url}/device?user_code=WDKN-PQRT" in text
    assert "Signed in: profile work can be used until" in text
    assert sleeps.calls == [1, 1]
    assert sso.profile_token("work").access_token == "fake-access-token-1"
    assert botocore_credentials(tmp_home, fake, "work")["token"] == ROLE_SESSION


def test_sso_login_refreshes_silently_with_the_refresh_token(fake: FakeSso, tmp_home: Path) -> None:
    sso_config(tmp_home)
    later = datetime.now(UTC) + timedelta(minutes=3)
    fake.refresh_tokens.add("fake-refresh-token-cli")
    write_cache(
        "corp",
        {  # as the AWS CLI v2 writes it
            "startUrl": START_URL,
            "region": "eu-west-1",
            "accessToken": "fake-access-token-cli",
            "expiresAt": format_time(later),
            "clientId": "fake-client-id",
            "clientSecret": "fake-client-secret",
            "refreshToken": "fake-refresh-token-cli",
            "registrationExpiresAt": format_time(later + timedelta(days=60)),
        },
    )
    out = io.StringIO()
    say = lambda text: print(text, file=out)  # noqa: E731
    sso.sso_login("work", open_browser=False, say=say, sleep=Sleeps())
    assert "Refreshed the AWS SSO token of profile work" in out.getvalue()
    assert "/device_authorization" not in fake.paths()
    assert fake.bodies("/token") == [
        {
            "grantType": "refresh_token",
            "clientId": "fake-client-id",
            "clientSecret": "fake-client-secret",
            "refreshToken": "fake-refresh-token-cli",
        }
    ]
    token = sso.profile_token("work")
    assert token.access_token == "fake-access-token-1"
    assert token.refresh_token == "fake-refresh-token-1"
    assert token.expires_at > datetime.now(UTC) + timedelta(hours=7)


def test_sso_login_falls_back_to_the_browser_when_the_refresh_is_refused(
    fake: FakeSso, tmp_home: Path
) -> None:
    sso_config(tmp_home)
    later = datetime.now(UTC) + timedelta(hours=1)
    write_cache(
        "corp",
        {
            "startUrl": START_URL,
            "region": "eu-west-1",
            "accessToken": "fake-access-token-old",
            "expiresAt": format_time(later),
            "clientId": "fake-client-id",
            "clientSecret": "fake-client-secret",
            "refreshToken": "fake-refresh-token-revoked",
            "registrationExpiresAt": format_time(later + timedelta(days=60)),
        },
    )
    out = io.StringIO()
    say = lambda text: print(text, file=out)  # noqa: E731
    sso.sso_login("work", open_browser=False, say=say, sleep=Sleeps())
    assert "WDKN-PQRT" in out.getvalue()
    assert sso.profile_token("work").access_token == "fake-access-token-1"


@pytest.mark.parametrize(
    ("profile", "code", "words"),
    [
        ("missing", "unknown_profile", "AWS profile 'missing' is not in"),
        ("plain", "not_sso", "AWS profile 'plain' does not use SSO"),
        ("lost", "incomplete_profile", "uses sso-session 'nowhere', which is not in"),
        ("insecure", "bad_start_url", "must begin with https://"),
    ],
)
def test_sso_login_refuses_with_one_sentence(
    fake: FakeSso, tmp_home: Path, profile: str, code: str, words: str
) -> None:
    sso_config(tmp_home)
    with pytest.raises(ServiceError) as raised:
        sso.sso_login(profile, open_browser=False, say=lambda text: None, sleep=Sleeps())
    assert raised.value.code == code
    assert words in str(raised.value) and "\n" not in str(raised.value)
    assert fake.requests == []


# ---- refresh_command and imports ------------------------------------------------------------


def fake_aws(folder: Path, version_line: str) -> None:
    folder.mkdir()
    script = folder / "aws"
    script.write_text(f"#!/bin/sh\necho '{version_line}'\n")
    script.chmod(0o755)


def test_refresh_command_uses_aws_cli_v2_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_aws(tmp_path / "v2", "aws-cli/2.22.0 Python/3.12.6 Linux/6.1 exe/x86_64.debian.12")
    fake_aws(tmp_path / "v1", "aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11")
    (tmp_path / "none").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "v2"))
    assert sso.refresh_command("work") == "aws sso login --profile work"
    assert sso.refresh_command("it's") == "aws sso login --profile 'it'\"'\"'s'"
    helper = f"{helper_executable()} sso-login work"
    monkeypatch.setenv("PATH", str(tmp_path / "v1"))  # v1 has no "aws sso login"
    assert sso.refresh_command("work") == helper
    monkeypatch.setenv("PATH", str(tmp_path / "none"))
    assert sso.refresh_command("work") == helper


def test_importing_the_module_loads_neither_boto3_nor_botocore() -> None:
    code = (
        "import sys, wizard.services.sso\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_a_token_with_a_control_character_is_never_cached(tmp_home: Path) -> None:
    """Issue 8, rule 5: what a server sends is checked whole before it reaches a file."""
    from wizard.services.sso_cache import cache_token

    token = SsoToken(
        access_token="token\n[profile evil]",
        expires_at=datetime.now(UTC) + timedelta(hours=1),
        start_url="https://corp.awsapps.com/start",
        sso_region="eu-west-1",
        session_name="corp",
    )
    with pytest.raises(ServiceError, match="control character"):
        cache_token(token)
    assert not cache_dir().exists() or list(cache_dir().iterdir()) == []
