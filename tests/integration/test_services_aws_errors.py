"""Every AWS failure becomes one sentence that says what to do: real boto3, a local fake AWS
(``test_services_aws_fake``) or a real local socket condition (refused, full, silent)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_services_aws_fake import (
    ACCESS_KEY_ID,
    SECRET_ACCESS_KEY,
    AwsError,
    FakeAws,
    static_credentials_env,
)

from wizard.services import aws
from wizard.services.errors import ServiceError

ROOT = Path(__file__).resolve().parents[2]
FAST = aws.Timeouts(connect=1.0, read=2.0, attempts=1)
SSO_TOKEN = "fake-sso-access-token-EXAMPLE"
DENIED_MESSAGE = (
    "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: "
    "bedrock:ListInferenceProfiles on resource: arn:aws:bedrock:eu-west-1:123456789012:"
    "inference-profile/* because no identity-based policy allows the "
    "bedrock:ListInferenceProfiles action"
)
SSO_CONFIG = """\
[profile work]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Developer
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access
"""


@pytest.fixture
def fake(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAws]:
    with FakeAws() as server:
        for name, value in {**server.env(), **static_credentials_env()}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("AWS_ENDPOINT_URL_SSO_OIDC", server.url)
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield server


def failure(call: Callable[[], object]) -> ServiceError:
    """The ``ServiceError`` ``call`` raises, checked to be one clean line without secrets."""
    with pytest.raises(ServiceError) as caught:
        call()
    error = caught.value
    text = str(error)
    assert text and "\n" not in text and "Traceback" not in text, text
    for secret in (SECRET_ACCESS_KEY, SSO_TOKEN, "FwoGZXIvYXdz", "sso/role/secret"):
        assert secret not in text
    assert error.code, "every ServiceError names what failed"
    return error


def identity() -> object:
    return aws.caller_identity(None, "eu-west-1", timeouts=FAST)


def offers() -> object:
    return aws.region_offers("eu-west-1", None, timeouts=FAST)


BAD_KEY = (
    "AWS does not recognise the access key ID: the key is wrong, deleted or from another "
    "partition; enter a valid access key"
)
EXPIRED = (
    "The temporary AWS credentials have expired (the session token is no longer valid); get new "
    "ones and try again"
)


@pytest.mark.parametrize(
    ("operation", "answer", "call", "sentence"),
    [
        pytest.param(
            "ListInferenceProfiles", AwsError(403, "AccessDeniedException", DENIED_MESSAGE), offers,
            "AWS denied bedrock:ListInferenceProfiles on arn:aws:bedrock:eu-west-1:123456789012:"
            "inference-profile/*; ask your AWS administrator to allow "
            "bedrock:ListInferenceProfiles for your user or role",
            id="AccessDeniedException",
        ),
        pytest.param(
            "ListInferenceProfiles", AwsError(403, "AccessDeniedException", ""), offers,
            "AWS denied bedrock:ListInferenceProfiles; ask your AWS administrator to allow "
            "bedrock:ListInferenceProfiles for your user or role",
            id="AccessDeniedException-without-message",
        ),
        pytest.param(
            "GetCallerIdentity",
            AwsError(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/dev is not "
                     "authorized to perform: sts:GetCallerIdentity with an explicit deny"),
            identity,
            "AWS denied sts:GetCallerIdentity; ask your AWS administrator to allow "
            "sts:GetCallerIdentity for your user or role",
            id="AccessDenied",
        ),
        pytest.param(
            "GetCallerIdentity",
            AwsError(403, "InvalidClientTokenId", "The security token included in the request is "
                     "invalid."),
            identity, BAD_KEY, id="InvalidClientTokenId",
        ),
        pytest.param(
            "ListInferenceProfiles",
            AwsError(403, "UnrecognizedClientException", "The security token included in the "
                     "request is invalid."),
            offers, BAD_KEY, id="UnrecognizedClientException",
        ),
        pytest.param(
            "GetCallerIdentity",
            AwsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not "
                     "match the signature you provided."),
            identity,
            "AWS rejected the request signature: the secret access key does not belong to the "
            "access key ID; enter the secret key again",
            id="SignatureDoesNotMatch",
        ),
        pytest.param(
            "GetCallerIdentity",
            AwsError(403, "ExpiredToken", "The security token included in the request is expired"),
            identity, EXPIRED, id="ExpiredToken",
        ),
        pytest.param(
            "ListInferenceProfiles",
            AwsError(403, "ExpiredTokenException", "The security token included in the request is "
                     "expired"),
            offers, EXPIRED, id="ExpiredTokenException",
        ),
        pytest.param(
            "ListInferenceProfiles",
            AwsError(400, "ValidationException", "1 validation error detected: Value 'x' at "
                     "'typeEquals' failed to satisfy constraint."),
            offers,
            "AWS rejected the request as invalid (1 validation error detected: Value 'x' at "
            "'typeEquals' failed to satisfy constraint); check the region and the model ID",
            id="ValidationException",
        ),
        pytest.param(
            "ListFoundationModels", AwsError(429, "ThrottlingException", "Too many requests"),
            offers,
            "AWS is throttling requests from this account; wait a minute and try again",
            id="ThrottlingException",
        ),
        pytest.param(
            "ListInferenceProfiles",
            AwsError(503, "ServiceUnavailableException", "Service is unavailable."), offers,
            "AWS refused ListInferenceProfiles with ServiceUnavailableException (Service is "
            "unavailable); check the region, the profile and the model, then try again",
            id="other-code",
        ),
    ],
)
def test_aws_error_codes_become_sentences(
    fake: FakeAws, operation: str, answer: AwsError, call: Callable[[], object], sentence: str
) -> None:
    fake.errors[operation] = answer

    error = failure(call)

    assert str(error) == sentence
    assert error.code == answer.code
    assert fake.calls(operation), "the call reached the fake"


def test_a_bad_key_of_a_named_profile_names_the_profile(fake: FakeAws, tmp_home: Path) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "credentials").write_text(
        f"[dev]\naws_access_key_id = {ACCESS_KEY_ID}\naws_secret_access_key = {SECRET_ACCESS_KEY}\n"
    )
    fake.errors["GetCallerIdentity"] = AwsError(403, "InvalidClientTokenId", "invalid")

    error = failure(lambda: aws.caller_identity("dev", "eu-west-1", timeouts=FAST))

    assert str(error) == (
        "AWS does not recognise the access key ID of profile 'dev': the key is wrong, deleted or "
        "from another partition; enter a valid access key"
    )


# ---------------------------------------------------------------------------------------------
# Credentials that cannot even be loaded


def test_no_credentials(fake: FakeAws, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    error = failure(identity)

    assert str(error) == (
        "No AWS credentials were found; choose an AWS profile, run aws configure, "
        "or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    )
    assert error.code == "NoCredentialsError" and fake.requests == []


def test_half_the_credentials(fake: FakeAws, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    assert str(failure(offers)) == (
        "The AWS credentials are incomplete (AWS_SECRET_ACCESS_KEY is missing); give both the "
        "access key ID and the secret access key"
    )


def test_unknown_profile(fake: FakeAws) -> None:
    error = failure(lambda: aws.caller_identity("nope", None, timeouts=FAST))

    assert str(error) == (
        "The AWS profile 'nope' does not exist; check its name in ~/.aws/config or create it"
    )
    assert error.code == "ProfileNotFound"


def test_a_failing_credential_process(fake: FakeAws, tmp_home: Path) -> None:
    (tmp_home / ".aws").mkdir()
    (tmp_home / ".aws" / "config").write_text(
        '[profile kr]\ncredential_process = sh -c "echo the keyring is locked >&2; exit 1"\n'
    )

    error = failure(lambda: aws.caller_identity("kr", "eu-west-1", timeouts=FAST))

    assert str(error) == (
        "The AWS credentials of profile 'kr' could not be loaded (the keyring is locked); run the "
        "profile's credential command yourself to see why"
    )
    assert error.code == "CredentialRetrievalError"


# ---------------------------------------------------------------------------------------------
# AWS SSO (IAM Identity Center) profiles: each failure says which command signs in again

SSO_LOGIN = (
    "The AWS SSO sign-in of profile 'work' is missing or has expired; "
    "run aws sso login --profile work"
)


def sso_profile(home: Path, expires: str | None) -> None:
    """The profile ``work`` of SSO_CONFIG, with a cached SSO token expiring at ``expires``."""
    (home / ".aws").mkdir(exist_ok=True)
    (home / ".aws" / "config").write_text(SSO_CONFIG)
    if expires is not None:
        cache = home / ".aws" / "sso" / "cache"
        cache.mkdir(parents=True, exist_ok=True)
        token = {
            "startUrl": "https://corp.awsapps.com/start",
            "region": "eu-west-1",
            "accessToken": SSO_TOKEN,
            "expiresAt": expires,
        }
        (cache / f"{hashlib.sha1(b'corp').hexdigest()}.json").write_text(json.dumps(token))


SSO_PROBE = """
import json
from wizard.services import aws
from wizard.services.errors import ServiceError
try:
    found = aws.caller_identity("work", None, timeouts=aws.Timeouts(1.0, 2.0, 1))
    print(json.dumps({"identity": [found.account, found.arn, found.user_id]}))
except ServiceError as error:
    print(json.dumps({"error": str(error), "code": error.code}))
"""


def sso_identity() -> dict[str, Any]:
    """``caller_identity("work")`` in a child process: botocore fixes its SSO cache folder
    (``~/.aws/sso/cache``) when it is imported, so only a fresh process sees this test's HOME."""
    child = subprocess.run(
        [sys.executable, "-c", SSO_PROBE],
        cwd=ROOT, capture_output=True, text=True, timeout=30, check=True,
    )
    assert child.stderr == ""
    answer: dict[str, Any] = json.loads(child.stdout)
    if "error" in answer:
        assert "\n" not in answer["error"] and SSO_TOKEN not in answer["error"]
    return answer


def test_an_sso_profile_signs_in_through_the_sso_portal(fake: FakeAws, tmp_home: Path) -> None:
    sso_profile(tmp_home, expires="2099-01-01T00:00:00Z")

    assert sso_identity() == {
        "identity": ["123456789012", "arn:aws:iam::123456789012:user/dev", "AIDAEXAMPLEUSERID1234"]
    }
    [portal] = fake.calls("GetRoleCredentials")
    assert portal.headers["x-amz-sso_bearer_token"] == SSO_TOKEN
    assert portal.query == {"role_name": ["Developer"], "account_id": ["123456789012"]}
    [sts] = fake.calls("GetCallerIdentity")
    assert sts.region == "eu-west-1"  # the profile's region
    assert "Credential=ASIAEXAMPLESSOROLE12/" in sts.headers["authorization"]


@pytest.mark.parametrize(
    ("expires", "portal_error", "code"),
    [
        pytest.param(None, None, "SSOTokenLoadError", id="never-signed-in"),
        pytest.param("2001-01-01T00:00:00Z", None, "TokenRetrievalError", id="token-expired"),
        pytest.param(
            "2099-01-01T00:00:00Z",
            AwsError(401, "UnauthorizedException", "Session token not found or invalid"),
            "UnauthorizedSSOTokenError",
            id="token-revoked",
        ),
    ],
)
def test_sso_sign_in_missing_or_expired(
    fake: FakeAws, tmp_home: Path, expires: str | None, portal_error: AwsError | None, code: str
) -> None:
    sso_profile(tmp_home, expires)
    if portal_error is not None:
        fake.errors["GetRoleCredentials"] = portal_error

    assert sso_identity() == {"error": SSO_LOGIN, "code": code}
    assert fake.calls("GetCallerIdentity") == []


def test_expired_sso_role_credentials_say_which_login(fake: FakeAws, tmp_home: Path) -> None:
    sso_profile(tmp_home, expires="2099-01-01T00:00:00Z")
    fake.errors["GetCallerIdentity"] = AwsError(403, "ExpiredToken", "The token is expired")

    assert sso_identity() == {
        "error": "The SSO session of profile 'work' has expired; run aws sso login --profile work",
        "code": "ExpiredToken",
    }


# ---------------------------------------------------------------------------------------------
# The network: nothing listening, a full listener, a server that never answers


def test_nothing_listening(fake: FakeAws) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"  # closed when the block ends

    error = failure(lambda: aws.region_offers("eu-west-1", None, endpoint_url=url, timeouts=FAST))

    assert str(error) == (
        f"Could not connect to the AWS endpoint {url}; check the network, the proxy and the region"
    )
    assert error.code == "EndpointConnectionError"


@contextlib.contextmanager
def full_listener() -> Iterator[str]:
    """A port whose accept queue is full: a new connection is never accepted (SYN dropped)."""
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(socket.socket())
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        for _ in range(4):
            filler = stack.enter_context(socket.socket())
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
        time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"


def test_a_connection_that_is_never_accepted_times_out(fake: FakeAws) -> None:
    timeouts = aws.Timeouts(connect=0.5, read=2.0, attempts=1)
    with full_listener() as url:
        start = time.monotonic()
        error = failure(
            lambda: aws.region_offers("eu-west-1", None, endpoint_url=url, timeouts=timeouts)
        )
        elapsed = time.monotonic() - start

    assert str(error) == (
        f"The AWS endpoint {url} did not answer within 0.5 s; check the network or the proxy "
        "and try again"
    )
    assert error.code == "ConnectTimeoutError"
    assert elapsed < 2.0


def test_a_hung_endpoint_hits_the_read_timeout(fake: FakeAws) -> None:
    fake.hang = 30.0  # released when the fake stops
    timeouts = aws.Timeouts(connect=1.0, read=0.5)  # the default two attempts

    start = time.monotonic()
    error = failure(lambda: aws.caller_identity(None, "eu-west-1", timeouts=timeouts))
    elapsed = time.monotonic() - start

    assert str(error) == (
        f"The AWS endpoint {fake.url} did not answer within 0.5 s; check the network or the "
        "proxy and try again"
    )
    assert error.code == "ReadTimeoutError"
    assert len(fake.calls("GetCallerIdentity")) == 2  # one retry, then give up
    assert elapsed < 3.0  # 2 x 0.5 s and at most 1 s of back-off


def test_translate_never_fails_on_something_unexpected() -> None:
    error: Any = aws.translate(RuntimeError("socket exploded\nsecond line"))

    assert str(error) == (
        "The AWS call failed (socket exploded second line); check the network and the AWS "
        "configuration"
    )
    assert error.code == "RuntimeError"
