"""The live checks of Claude Platform on AWS, Bedrock Mantle and Claude Platform on Google Cloud,
against the local fake of ``fake_platforms`` (signatures recomputed there), in process and through
``claude-setup doctor``."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_platforms import (
    ACCESS_KEY_ID,
    AWS_API_KEY,
    BEDROCK_API_KEY,
    GOOGLE_TOKEN,
    MODELS,
    REFRESH_TOKEN,
    SECRET_ACCESS_KEY,
    FakePlatforms,
    fake_platforms,
)
from keyring_env import PrivateKeyring
from runner import claude_setup

from wizard.services import platforms
from wizard.services.errors import ServiceError

WORKSPACE = "wrkspc_01EXAMPLEworkspace"
KEYS = platforms.AwsKeys(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
SECRETS = (AWS_API_KEY, BEDROCK_API_KEY, GOOGLE_TOKEN, SECRET_ACCESS_KEY, REFRESH_TOKEN)


@pytest.fixture
def fake() -> Iterator[FakePlatforms]:
    with fake_platforms() as running:
        yield running


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the services, in process ------------------------------------------------------------------


def test_anthropic_aws_signs_with_its_service_region_and_workspace(fake: FakePlatforms) -> None:
    found = platforms.list_anthropic_aws_models(
        "eu-west-1", WORKSPACE, platforms.AwsAuth(keys=KEYS), base_url=fake.base)
    assert found == MODELS
    [seen] = fake.models_calls()
    assert (seen.service, seen.region) == ("aws-external-anthropic", "eu-west-1")
    assert "anthropic-workspace-id" in seen.signed_headers
    assert seen.headers["anthropic-workspace-id"] == WORKSPACE
    assert seen.path.startswith("/v1/models?")


def test_anthropic_aws_api_key_goes_in_x_api_key(fake: FakePlatforms) -> None:
    found = platforms.list_anthropic_aws_models(
        "us-east-1", WORKSPACE, platforms.AwsAuth(api_key=AWS_API_KEY), base_url=fake.base)
    assert found == MODELS
    [seen] = fake.models_calls()
    assert seen.service is None and "authorization" not in {k.lower() for k in seen.headers}
    assert seen.headers["x-api-key"] == AWS_API_KEY


def test_anthropic_aws_denied_names_the_action_and_the_workspace(fake: FakePlatforms) -> None:
    fake.status, fake.message = 403, (
        "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: "
        "aws-external-anthropic:ListModels on resource: arn:aws:aws-external-anthropic:"
        f"eu-west-1:123456789012:workspace/{WORKSPACE}")
    with pytest.raises(ServiceError) as caught:
        platforms.list_anthropic_aws_models(
            "eu-west-1", WORKSPACE, platforms.AwsAuth(keys=KEYS), base_url=fake.base)
    text = str(caught.value)
    assert "aws-external-anthropic:ListModels" in text
    assert f"arn:aws:aws-external-anthropic:eu-west-1:*:workspace/{WORKSPACE}" in text
    assert "\n" not in text


def test_anthropic_aws_unknown_workspace(fake: FakePlatforms) -> None:
    fake.status = 404
    with pytest.raises(ServiceError) as caught:
        platforms.list_anthropic_aws_models(
            "eu-west-1", WORKSPACE, platforms.AwsAuth(api_key=AWS_API_KEY), base_url=fake.base)
    assert f"no workspace {WORKSPACE}" in str(caught.value)
    assert "HTTP 404" in str(caught.value)


def test_anthropic_aws_refused_api_key(fake: FakePlatforms) -> None:
    with pytest.raises(ServiceError) as caught:
        platforms.list_anthropic_aws_models(
            "eu-west-1", WORKSPACE, platforms.AwsAuth(api_key="EXAMPLEwrongKEY0123456789abcdef"),
            base_url=fake.base)
    assert "refused the API key (HTTP 403)" in str(caught.value)
    assert "EXAMPLEwrongKEY" not in str(caught.value)


def test_nothing_answering_is_one_sentence() -> None:
    base = f"http://127.0.0.1:{_closed_port()}"
    with pytest.raises(ServiceError) as caught:
        platforms.list_mantle_models("us-east-1", platforms.AwsAuth(api_key=BEDROCK_API_KEY),
                                     base_url=base, timeout=3)
    assert "Nothing answers at 127.0.0.1" in str(caught.value)


def test_mantle_signs_with_bedrock_mantle(fake: FakePlatforms) -> None:
    base = fake.base + "/anthropic"
    assert platforms.list_mantle_models(
        "us-west-2", platforms.AwsAuth(keys=KEYS), base_url=base) == MODELS
    [seen] = fake.models_calls()
    assert (seen.service, seen.region) == ("bedrock-mantle", "us-west-2")
    assert seen.path.startswith("/anthropic/v1/models?")


def test_mantle_bedrock_api_key_is_a_bearer_token(fake: FakePlatforms) -> None:
    assert platforms.list_mantle_models(
        "us-east-1", platforms.AwsAuth(api_key=BEDROCK_API_KEY), base_url=fake.base) == MODELS
    assert fake.models_calls()[-1].headers["authorization"] == f"Bearer {BEDROCK_API_KEY}"


def test_mantle_refusals_name_the_actions(fake: FakePlatforms) -> None:
    fake.status = 403
    with pytest.raises(ServiceError) as caught:
        platforms.list_mantle_models(
            "us-east-1", platforms.AwsAuth(api_key=BEDROCK_API_KEY), base_url=fake.base)
    assert "bedrock-mantle:CallWithBearerToken" in str(caught.value)
    with pytest.raises(ServiceError) as caught:
        platforms.list_mantle_models("us-east-1", platforms.AwsAuth(keys=KEYS),
                                     base_url=fake.base)
    assert "bedrock-mantle:CreateInference" in str(caught.value)
    assert "AmazonBedrockMantleInferenceAccess" in str(caught.value)
    fake.status = 404
    with pytest.raises(ServiceError) as caught:
        platforms.list_mantle_models("us-east-1", platforms.AwsAuth(keys=KEYS),
                                     base_url=fake.base)
    assert "ends in /anthropic" in str(caught.value)


def test_google_cloud_sends_the_token_to_the_workspace_path(fake: FakePlatforms) -> None:
    prefix = f"/v1/projects/proj-1/locations/global/workspaces/{WORKSPACE}/invoke"
    assert platforms.google_cloud_base_url("proj-1", "global", WORKSPACE) == (
        "https://claude.googleapis.com" + prefix)
    found = platforms.list_google_cloud_models(
        "proj-1", "global", WORKSPACE, GOOGLE_TOKEN, base_url=fake.base + prefix)
    assert found == MODELS
    seen = fake.models_calls()[-1]
    assert seen.path.startswith(prefix + "/v1/models?")
    assert seen.headers["authorization"] == f"Bearer {GOOGLE_TOKEN}"


@pytest.mark.parametrize(
    ("status", "expected"),
    [(403, "Claude User (roles/claude.user)"), (404, "answered 404 Not Found")],
)
def test_google_cloud_refusals(fake: FakePlatforms, status: int, expected: str) -> None:
    fake.status = status
    with pytest.raises(ServiceError) as caught:
        platforms.list_google_cloud_models("proj-1", "global", WORKSPACE, GOOGLE_TOKEN,
                                           base_url=fake.base)
    assert expected in str(caught.value)
    assert GOOGLE_TOKEN not in str(caught.value)


def test_region_lists() -> None:
    assert "us-east-1" in platforms.ANTHROPIC_AWS_REGIONS
    assert "ca-central-1" in platforms.ANTHROPIC_AWS_REGIONS  # every commercial region
    assert len(set(platforms.ANTHROPIC_AWS_REGIONS)) == len(platforms.ANTHROPIC_AWS_REGIONS)
    assert "us-west-1" not in platforms.MANTLE_REGIONS  # bedrock-runtime only
    assert set(platforms.MANTLE_REGIONS) <= set(platforms.ANTHROPIC_AWS_REGIONS)


# -- doctor ------------------------------------------------------------------------------------


def doctor_checks() -> tuple[int, list[dict[str, str]], str]:
    as_json = claude_setup("doctor", "--json")
    as_text = claude_setup("doctor")
    for shown in (as_json.stdout, as_json.stderr, as_text.stdout, as_text.stderr):
        for secret in SECRETS:
            assert secret not in shown
    return as_json.returncode, json.loads(as_json.stdout)["checks"], as_text.stdout


def messages(checks: list[dict[str, str]], status: str) -> list[str]:
    return [c["message"] for c in checks if c["status"] == status]


def test_doctor_checks_claude_platform_on_aws_with_the_stored_api_key(
    keyring_env: PrivateKeyring, tmp_home: Path, fake: FakePlatforms
) -> None:
    applied = claude_setup(
        "apply", "--provider", "anthropic-aws", "--auth", "api-key", "--region", "us-west-2",
        "--workspace-id", WORKSPACE, "--base-url", fake.base, "--secret-stdin",
        input=AWS_API_KEY + "\n")
    assert applied.returncode == 0, applied.stderr
    code, checks, _ = doctor_checks()
    assert code == 1  # warned: the key reaches Claude Code through claude-setup run
    assert any(f"workspace {WORKSPACE} in us-west-2 with the API key (2 models)" in m
               for m in messages(checks, "ok")), checks
    assert fake.models_calls()[-1].headers["x-api-key"] == AWS_API_KEY


def test_doctor_signs_for_claude_platform_on_aws_with_the_stored_access_key(
    keyring_env: PrivateKeyring, tmp_home: Path, fake: FakePlatforms
) -> None:
    applied = claude_setup(
        "apply", "--provider", "anthropic-aws", "--auth", "access-keys", "--region", "eu-west-1",
        "--workspace-id", WORKSPACE, "--base-url", fake.base,
        "--aws-access-key-id", ACCESS_KEY_ID, "--secret-stdin", input=SECRET_ACCESS_KEY + "\n")
    assert applied.returncode == 0, applied.stderr
    code, checks, text = doctor_checks()
    assert code == 0, checks
    assert "✓ Claude Platform on AWS answers" in text
    seen = fake.models_calls()[-1]
    assert (seen.service, seen.region) == ("aws-external-anthropic", "eu-west-1")
    fake.status, fake.message = 403, "not authorized to perform: aws-external-anthropic:ListModels"
    code, checks, _ = doctor_checks()
    assert code == 1
    assert any("aws-external-anthropic:ListModels" in m for m in messages(checks, "fail")), checks


def test_doctor_checks_mantle_with_an_exported_credential(
    tmp_home: Path, tmp_path: Path, fake: FakePlatforms
) -> None:
    export = tmp_path / "export"
    export.write_text(
        "#!/bin/sh\necho '{\"Credentials\": {\"AccessKeyId\": \"" + ACCESS_KEY_ID + "\", "
        "\"SecretAccessKey\": \"" + SECRET_ACCESS_KEY + "\", "
        "\"SessionToken\": \"FwoGZXIvYXdzEXAMPLESESSION\"}}'\n")
    export.chmod(0o755)
    applied = claude_setup(
        "apply", "--provider", "mantle", "--auth", "credential-export", "--region", "us-east-2",
        "--helper-command", str(export), "--base-url", fake.base + "/anthropic")
    assert applied.returncode == 0, applied.stderr
    code, checks, _ = doctor_checks()
    assert code == 0, checks
    assert any("Bedrock Mantle in us-east-2 answers with the awsCredentialExport" in m
               for m in messages(checks, "ok")), checks
    seen = fake.models_calls()[-1]
    assert (seen.service, seen.region) == ("bedrock-mantle", "us-east-2")
    assert seen.headers["x-amz-security-token"] == "FwoGZXIvYXdzEXAMPLESESSION"


def test_doctor_reports_nothing_answering(tmp_home: Path) -> None:
    settings = tmp_home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"env": {
        "CLAUDE_CODE_USE_MANTLE": "1", "AWS_REGION": "us-east-1",
        "AWS_BEARER_TOKEN_BEDROCK": BEDROCK_API_KEY,
        "ANTHROPIC_BEDROCK_MANTLE_BASE_URL": f"http://127.0.0.1:{_closed_port()}/anthropic"}}))
    code, checks, _ = doctor_checks()
    assert code == 1
    assert any("Nothing answers at 127.0.0.1" in m for m in messages(checks, "fail")), checks


def test_doctor_checks_claude_platform_on_google_cloud(
    tmp_home: Path, tmp_path: Path, fake: FakePlatforms, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    adc = tmp_path / "sa.json"  # a service account: google-auth keeps its token_uri
    adc.write_text(json.dumps({
        "type": "service_account", "project_id": "proj-1", "private_key_id": "0123456789abcdef",
        "private_key": pem, "client_email": "dev@proj-1.iam.gserviceaccount.com",
        "client_id": "100000000000000000001", "token_uri": fake.base + "/token"}))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(adc))
    monkeypatch.setenv("GCE_METADATA_HOST", f"127.0.0.1:{_closed_port()}")
    prefix = f"/v1/projects/proj-1/locations/global/workspaces/{WORKSPACE}/invoke"
    applied = claude_setup(
        "apply", "--provider", "anthropic-google-cloud", "--auth", "adc",
        "--project-id", "proj-1", "--workspace-id", WORKSPACE, "--base-url", fake.base + prefix)
    assert applied.returncode == 0, applied.stderr
    code, checks, _ = doctor_checks()
    assert code == 0, checks
    assert any("Google credentials (dev@proj-1.iam.gserviceaccount.com) (2 models)" in m
               for m in messages(checks, "ok")), checks
    assert fake.models_calls()[-1].headers["authorization"] == f"Bearer {GOOGLE_TOKEN}"
    fake.status = 403
    code, checks, _ = doctor_checks()
    assert code == 1
    assert any("roles/claude.user" in m for m in messages(checks, "fail")), checks


# -- the key goes only where it was sent ---------------------------------------------------------


def test_a_redirect_to_another_host_carries_no_credential(fake: FakePlatforms) -> None:
    """A server that sends the request elsewhere (issue 8's redirect rule): the other host
    sees neither the key, the bearer token nor the signature and session token."""
    from http.server import BaseHTTPRequestHandler
    from typing import Any

    from local_server import serving, url

    class Redirecting(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(307)
            self.send_header("Location", fake.base + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    session = platforms.AwsKeys(ACCESS_KEY_ID, SECRET_ACCESS_KEY, "FwoGZXIvYXdzEXAMPLESESSION")
    with serving(Redirecting) as server:
        for call in (
            lambda: platforms.list_anthropic_aws_models(
                "us-east-1", WORKSPACE, platforms.AwsAuth(api_key=AWS_API_KEY),
                base_url=url(server)),
            lambda: platforms.list_mantle_models(
                "us-east-1", platforms.AwsAuth(keys=session), base_url=url(server)),
            lambda: platforms.list_google_cloud_models(
                "p", "global", WORKSPACE, GOOGLE_TOKEN, base_url=url(server)),
        ):
            with pytest.raises(ServiceError):
                call()  # the other host refuses a request without its credential
    assert len(fake.models_calls()) == 3
    for seen in fake.models_calls():
        assert not {"x-api-key", "authorization", "x-amz-security-token"} & set(seen.headers)


def test_refusals_on_the_real_hosts_name_the_workspace_and_region() -> None:
    from wizard.services.http_models import HttpStatusError

    missing = HttpStatusError("x", status=404)
    text = str(platforms._anthropic_aws_refusal(
        missing, "eu-west-1", WORKSPACE, platforms.AwsAuth(keys=KEYS), None))
    assert f"no workspace {WORKSPACE} in eu-west-1 (HTTP 404)" in text
    text = str(platforms._google_cloud_refusal(missing, "proj-1", "global", WORKSPACE, None))
    assert f"no workspace {WORKSPACE} in project proj-1, location global" in text
    assert platforms.anthropic_aws_base_url("eu-west-1") == (
        "https://aws-external-anthropic.eu-west-1.api.aws")
    assert platforms.mantle_base_url("us-east-2") == (
        "https://bedrock-mantle.us-east-2.api.aws/anthropic")


def test_doctor_checks_mantle_with_the_stored_bedrock_api_key(
    keyring_env: PrivateKeyring, tmp_home: Path, fake: FakePlatforms
) -> None:
    applied = claude_setup(
        "apply", "--provider", "mantle", "--auth", "bedrock-api-key", "--region", "us-east-1",
        "--base-url", fake.base + "/anthropic", "--secret-stdin", input=BEDROCK_API_KEY + "\n")
    assert applied.returncode == 0, applied.stderr
    code, checks, _ = doctor_checks()
    assert any("Bedrock Mantle in us-east-1 answers with the API key (2 models)" in m
               for m in messages(checks, "ok")), checks
    assert fake.models_calls()[-1].headers["authorization"] == f"Bearer {BEDROCK_API_KEY}"
    fake.status = 403
    code, checks, _ = doctor_checks()
    assert code == 1
    assert any("bedrock-mantle:CallWithBearerToken" in m for m in messages(checks, "fail"))
