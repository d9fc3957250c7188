"""The e2e harness against the real Claude Code CLI, with settings.json written by hand.

No claude-setup code is involved: these tests prove that the fake endpoints in ``fakes.py``
speak well enough for Claude Code (2.1.330, now 2.1.332), and pin down the CLI behaviour
claude-setup relies on (what is sent where, and what the CLI prints when credentials fail).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from claude_cli import run_claude, write_user_settings
from fakes import (
    FakeEndpoint,
    RecordedRequest,
    anthropic_stream_events,
    decode_event_stream,
)

FAKE_ANTHROPIC_KEY = "sk-ant-test-fake"
FAKE_GATEWAY_KEY = "sk-gateway-test-fake"
FAKE_BEDROCK_API_KEY = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlLWZha2U="
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
APP_PROFILE_ARN = (
    "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
)

def needs_claude(test: Any) -> Any:
    """Marks a test that runs the real CLI. Never a skip: CI installs the CLI, and a missing
    binary fails loudly in ``run_claude``."""
    return test


# --------------------------------------------------------------------------------------------
# Fixtures and helpers


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as ep:
        yield ep


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


def explain(result: subprocess.CompletedProcess[str], ep: FakeEndpoint) -> str:
    return (
        f"exit {result.returncode}\nstdout: {result.stdout!r}\nstderr: {result.stderr!r}\n"
        f"requests:\n{ep.describe()}"
    )


def assert_pong(result: subprocess.CompletedProcess[str], ep: FakeEndpoint) -> None:
    assert result.returncode == 0, explain(result, ep)
    assert result.stdout.strip() == "pong", explain(result, ep)


def only(requests: list[RecordedRequest], ep: FakeEndpoint) -> RecordedRequest:
    assert len(requests) == 1, ep.describe()
    return requests[0]


def aws_profile(home: Path, name: str, script_body: str, extra: str = "") -> None:
    """``[profile NAME]`` in ``home/.aws/config`` whose credential_process runs a script."""
    script = home / "bin" / f"aws-creds-{name}.sh"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text("#!/bin/sh\n" + script_body, encoding="utf-8")
    script.chmod(0o755)
    config = home / ".aws" / "config"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"[profile {name}]\n{extra}credential_process = {script}\n", encoding="utf-8")


def static_keys_script() -> str:
    creds = {
        "Version": 1,
        "AccessKeyId": AWS_ACCESS_KEY_ID,
        "SecretAccessKey": AWS_SECRET_ACCESS_KEY,
    }
    return f"printf '%s' '{json.dumps(creds)}'\n"


def sigv4_credential(request: RecordedRequest) -> str:
    auth = request.headers.get("authorization", "")
    m = re.match(r"AWS4-HMAC-SHA256 Credential=(\S+?),", auth)
    assert m, f"not SigV4: {auth!r}"
    return m.group(1)


# --------------------------------------------------------------------------------------------
# The fakes on their own (no CLI)


def test_bedrock_event_stream_framing_parses_with_botocore() -> None:
    eventstream = pytest.importorskip("botocore.eventstream")
    with FakeEndpoint() as ep:
        req = urllib.request.Request(
            ep.url + "/model/eu.anthropic.claude-sonnet-4-6/invoke-with-response-stream",
            data=b'{"anthropic_version":"bedrock-2023-05-31","max_tokens":5,"messages":[]}',
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=5) as resp:
            assert resp.headers["Content-Type"] == "application/vnd.amazon.eventstream"
            raw = resp.read()
    buffer = eventstream.EventStreamBuffer()
    buffer.add_data(raw)
    events: list[dict[str, Any]] = []
    for message in buffer:  # raises on a bad length or CRC
        headers = message.headers
        assert headers[":event-type"] == "chunk"
        assert headers[":message-type"] == "event"
        assert headers[":content-type"] == "application/json"
        events.append(json.loads(base64.b64decode(json.loads(message.payload)["bytes"])))
    assert [e["type"] for e in events] == [e["type"] for e in anthropic_stream_events("m")]
    assert events[3]["delta"]["text"] == "pong"
    assert len(decode_event_stream(raw)) == len(events)


def test_fake_routes_and_records() -> None:
    with FakeEndpoint(reply_text="hello") as ep:

        def post(path: str, body: dict[str, Any]) -> tuple[str, bytes]:
            req = urllib.request.Request(
                ep.url + path,
                data=json.dumps(body).encode(),
                method="POST",
                headers={"Content-Type": "application/json", "X-Api-Key": "k"},
            )
            with urllib.request.urlopen(req, timeout=5) as resp:
                return resp.headers["Content-Type"], resp.read()

        ctype, body = post("/anthropic/v1/messages", {"model": "claude-sonnet-4-6"})
        assert ctype == "application/json"
        assert json.loads(body)["content"][0]["text"] == "hello"
        ctype, body = post("/v1/messages", {"model": "claude-sonnet-4-6", "stream": True})
        assert ctype == "text/event-stream"
        assert b"event: message_stop" in body and b'"text": "hello"' in body
        vertex = "/vertex_ai/v1/projects/p/locations/us-east5/publishers/anthropic/models/"
        ctype, body = post(vertex + "claude-sonnet-4-6:streamRawPredict", {"stream": True})
        assert ctype == "text/event-stream"
        ctype, body = post(vertex + "claude-sonnet-4-6:rawPredict", {})
        assert json.loads(body)["content"][0]["text"] == "hello"
        encoded = urllib.parse.quote(APP_PROFILE_ARN, safe=":")
        ctype, body = post(f"/bedrock/model/{encoded}/invoke", {})
        assert json.loads(body)["content"][0]["text"] == "hello"
        with urllib.request.urlopen(ep.url + "/v1/models", timeout=5) as resp:
            assert json.loads(resp.read())["data"]

        [first] = ep.requests_to("/anthropic/v1/messages")
        assert first.headers["x-api-key"] == "k" and first.headers["X-API-KEY"] == "k"
        assert first.json() == {"model": "claude-sonnet-4-6"}
        [arn_call] = ep.requests_to(APP_PROFILE_ARN)
        assert "%2F" in arn_call.path and arn_call.model == APP_PROFILE_ARN
        assert len(ep.model_calls()) == 5


# --------------------------------------------------------------------------------------------
# The harness with the real CLI (brief items a–e)


@needs_claude
def test_anthropic_base_url_with_api_key_helper(
    endpoint: FakeEndpoint, home: Path, cwd: Path
) -> None:
    write_user_settings(
        home,
        {
            "apiKeyHelper": f"printf %s {FAKE_ANTHROPIC_KEY}",
            "env": {"ANTHROPIC_BASE_URL": endpoint.url, "ANTHROPIC_MODEL": "claude-sonnet-4-6"},
        },
    )
    result = run_claude(home, cwd)
    assert_pong(result, endpoint)
    call = only(endpoint.requests_to("/v1/messages", method="POST"), endpoint)
    assert call.headers["x-api-key"] == FAKE_ANTHROPIC_KEY
    assert call.headers["authorization"] == f"Bearer {FAKE_ANTHROPIC_KEY}"
    assert call.json()["model"] == "claude-sonnet-4-6"
    assert call.json()["stream"] is True


@needs_claude
def test_bedrock_credential_process_signs_sigv4(
    endpoint: FakeEndpoint, home: Path, cwd: Path
) -> None:
    aws_profile(home, "x", static_keys_script())
    write_user_settings(
        home,
        {
            "env": {
                "CLAUDE_CODE_USE_BEDROCK": "1",
                "AWS_REGION": "eu-west-1",
                "AWS_PROFILE": "x",
                "ANTHROPIC_BEDROCK_BASE_URL": endpoint.url,
                "ANTHROPIC_MODEL": "eu.anthropic.claude-sonnet-4-6",
            }
        },
    )
    result = run_claude(home, cwd)
    assert_pong(result, endpoint)
    stream = only(
        endpoint.requests_to("/model/eu.anthropic.claude-sonnet-4-6/invoke-with-response-stream"),
        endpoint,
    )
    assert stream.json()["anthropic_version"] == "bedrock-2023-05-31"
    date = stream.headers["x-amz-date"][:8]
    assert sigv4_credential(stream) == f"{AWS_ACCESS_KEY_ID}/{date}/eu-west-1/bedrock/aws4_request"
    # Every call (ListInferenceProfiles, model-access probes) is signed with the same keys.
    assert endpoint.requests_to("/inference-profiles", method="GET")
    for request in endpoint.requests:
        assert sigv4_credential(request).startswith(f"{AWS_ACCESS_KEY_ID}/"), request.path


@needs_claude
def test_bedrock_calls_its_own_role_defaults_unless_every_role_is_pinned(
    endpoint: FakeEndpoint, home: Path, cwd: Path
) -> None:
    """[seen, 2.1.332] With real AWS auth Claude Code calls the models behind its opus, sonnet
    and haiku roles at start: with only the main and fast models set, that includes its Bedrock
    ``sonnet`` default, Sonnet 4.5; pinning ANTHROPIC_DEFAULT_*_MODEL stops it."""
    aws_profile(home, "x", static_keys_script())
    env = {
        "CLAUDE_CODE_USE_BEDROCK": "1",
        "AWS_REGION": "us-east-1",
        "AWS_PROFILE": "x",
        "ANTHROPIC_BEDROCK_BASE_URL": endpoint.url,
        "ANTHROPIC_MODEL": "us.anthropic.claude-opus-4-6-v1",
        "ANTHROPIC_DEFAULT_HAIKU_MODEL": "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    }
    write_user_settings(home, {"env": env})
    assert_pong(run_claude(home, cwd), endpoint)
    called = {r.model for r in endpoint.model_calls()}
    assert "us.anthropic.claude-sonnet-4-5-20250929-v1:0" in called

    endpoint.clear()
    env["ANTHROPIC_DEFAULT_OPUS_MODEL"] = "us.anthropic.claude-opus-4-6-v1"
    env["ANTHROPIC_DEFAULT_SONNET_MODEL"] = "us.anthropic.claude-sonnet-4-6"
    write_user_settings(home, {"env": env})
    assert_pong(run_claude(home, cwd), endpoint)
    called = {r.model for r in endpoint.model_calls()}
    assert called <= {
        "us.anthropic.claude-opus-4-6-v1",
        "us.anthropic.claude-sonnet-4-6",
        "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    }, called


@needs_claude
def test_bedrock_api_key_from_environment(endpoint: FakeEndpoint, home: Path, cwd: Path) -> None:
    write_user_settings(
        home,
        {
            "env": {
                "CLAUDE_CODE_USE_BEDROCK": "1",
                "AWS_REGION": "eu-west-1",
                "ANTHROPIC_BEDROCK_BASE_URL": endpoint.url,
                "ANTHROPIC_MODEL": "eu.anthropic.claude-sonnet-4-6",
            }
        },
    )
    result = run_claude(home, cwd, {"AWS_BEARER_TOKEN_BEDROCK": FAKE_BEDROCK_API_KEY})
    assert_pong(result, endpoint)
    stream = only(endpoint.requests_to("/invoke-with-response-stream"), endpoint)
    assert stream.model == "eu.anthropic.claude-sonnet-4-6"
    for request in endpoint.requests:
        assert request.headers["authorization"] == f"Bearer {FAKE_BEDROCK_API_KEY}", request.path


@needs_claude
def test_vertex_through_gateway_without_auth(endpoint: FakeEndpoint, home: Path, cwd: Path) -> None:
    write_user_settings(
        home,
        {
            "env": {
                "CLAUDE_CODE_USE_VERTEX": "1",
                "CLAUDE_CODE_SKIP_VERTEX_AUTH": "1",
                "ANTHROPIC_VERTEX_BASE_URL": endpoint.url + "/vertex_ai/v1",
                "CLOUD_ML_REGION": "us-east5",
                "ANTHROPIC_VERTEX_PROJECT_ID": "my-proj",
                "ANTHROPIC_MODEL": "claude-sonnet-4-6",
            }
        },
    )
    result = run_claude(home, cwd)
    assert_pong(result, endpoint)
    call = only(endpoint.model_calls(), endpoint)
    assert call.url_path == (
        "/vertex_ai/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/"
        "claude-sonnet-4-6:streamRawPredict"
    )
    assert "authorization" not in call.headers and "x-api-key" not in call.headers


@needs_claude
def test_bedrock_through_gateway_sends_helper_as_bearer(
    endpoint: FakeEndpoint, home: Path, cwd: Path
) -> None:
    write_user_settings(
        home,
        {
            "apiKeyHelper": f"printf %s {FAKE_GATEWAY_KEY}",
            "env": {
                "CLAUDE_CODE_USE_BEDROCK": "1",
                "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1",
                "AWS_REGION": "eu-west-1",
                "ANTHROPIC_BEDROCK_BASE_URL": endpoint.url + "/bedrock",
                "ANTHROPIC_MODEL": "eu.anthropic.claude-sonnet-4-6",
            },
        },
    )
    result = run_claude(home, cwd)
    assert_pong(result, endpoint)
    stream = only(
        endpoint.requests_to(
            "/bedrock/model/eu.anthropic.claude-sonnet-4-6/invoke-with-response-stream"
        ),
        endpoint,
    )
    assert stream.headers["authorization"] == f"Bearer {FAKE_GATEWAY_KEY}"
    assert "x-api-key" not in stream.headers


# --------------------------------------------------------------------------------------------
# Observed CLI behaviour that decides what claude-setup writes


@needs_claude
def test_gateway_without_any_key_asks_for_login(
    endpoint: FakeEndpoint, home: Path, cwd: Path
) -> None:
    write_user_settings(
        home, {"env": {"ANTHROPIC_BASE_URL": endpoint.url, "ANTHROPIC_MODEL": "claude-sonnet-4-6"}}
    )
    result = run_claude(home, cwd)
    assert result.returncode == 1, explain(result, endpoint)
    assert result.stdout.strip() == "Not logged in · Please run /login"
    assert endpoint.requests == []


@needs_claude
@pytest.mark.parametrize(
    ("variable", "header", "value"),
    [
        ("ANTHROPIC_AUTH_TOKEN", "authorization", "Bearer no-key-needed"),
        ("ANTHROPIC_API_KEY", "x-api-key", "no-key-needed"),
    ],
)
def test_gateway_placeholder_credential_is_enough(
    endpoint: FakeEndpoint, home: Path, cwd: Path, variable: str, header: str, value: str
) -> None:
    write_user_settings(
        home,
        {
            "env": {
                "ANTHROPIC_BASE_URL": endpoint.url,
                "ANTHROPIC_MODEL": "claude-sonnet-4-6",
                variable: "no-key-needed",
            }
        },
    )
    result = run_claude(home, cwd)
    assert_pong(result, endpoint)
    call = only(endpoint.model_calls(), endpoint)
    assert call.headers[header] == value
    other = {"authorization", "x-api-key"} - {header}
    assert not other & {k.lower() for k in call.headers}


@needs_claude
def test_blank_auth_token_counts_as_no_key(endpoint: FakeEndpoint, home: Path, cwd: Path) -> None:
    write_user_settings(
        home, {"env": {"ANTHROPIC_BASE_URL": endpoint.url, "ANTHROPIC_AUTH_TOKEN": " "}}
    )
    result = run_claude(home, cwd)
    assert result.returncode == 1
    assert "Not logged in" in result.stdout


@needs_claude
def test_vertex_gateway_sends_helper_as_bearer(
    endpoint: FakeEndpoint, home: Path, cwd: Path
) -> None:
    write_user_settings(
        home,
        {
            "apiKeyHelper": f"printf %s {FAKE_GATEWAY_KEY}",
            "env": {
                "CLAUDE_CODE_USE_VERTEX": "1",
                "CLAUDE_CODE_SKIP_VERTEX_AUTH": "1",
                "ANTHROPIC_VERTEX_BASE_URL": endpoint.url + "/vertex_ai/v1",
                "CLOUD_ML_REGION": "us-east5",
                "ANTHROPIC_VERTEX_PROJECT_ID": "my-proj",
                "ANTHROPIC_MODEL": "claude-sonnet-4-6",
            },
        },
    )
    result = run_claude(home, cwd)
    assert_pong(result, endpoint)
    call = only(endpoint.model_calls(), endpoint)
    assert call.headers["authorization"] == f"Bearer {FAKE_GATEWAY_KEY}"
    assert "x-api-key" not in call.headers


@needs_claude
def test_bedrock_gateway_needs_no_region(endpoint: FakeEndpoint, home: Path, cwd: Path) -> None:
    write_user_settings(
        home,
        {
            "apiKeyHelper": f"printf %s {FAKE_GATEWAY_KEY}",
            "env": {
                "CLAUDE_CODE_USE_BEDROCK": "1",
                "CLAUDE_CODE_SKIP_BEDROCK_AUTH": "1",
                "ANTHROPIC_BEDROCK_BASE_URL": endpoint.url + "/bedrock",
            },
        },
    )
    result = run_claude(home, cwd)
    assert_pong(result, endpoint)
    stream = only(endpoint.requests_to("/invoke-with-response-stream"), endpoint)
    # No region anywhere on the wire; the default model gets the us-east-1 ("us.") prefix.
    assert stream.model is not None and stream.model.startswith("us.anthropic.claude-")
    assert stream.headers["authorization"] == f"Bearer {FAKE_GATEWAY_KEY}"


@needs_claude
@pytest.mark.parametrize(
    ("profile_extra", "region"),
    [("", "us-east-1"), ("region = ap-northeast-1\n", "ap-northeast-1")],
)
def test_bedrock_region_without_aws_region(
    endpoint: FakeEndpoint, home: Path, cwd: Path, profile_extra: str, region: str
) -> None:
    aws_profile(home, "x", static_keys_script(), extra=profile_extra)
    write_user_settings(
        home,
        {
            "env": {
                "CLAUDE_CODE_USE_BEDROCK": "1",
                "AWS_PROFILE": "x",
                "ANTHROPIC_BEDROCK_BASE_URL": endpoint.url,
                "ANTHROPIC_MODEL": "global.anthropic.claude-sonnet-4-6",
            }
        },
    )
    result = run_claude(home, cwd)
    assert_pong(result, endpoint)
    stream = only(endpoint.requests_to("/invoke-with-response-stream"), endpoint)
    assert f"/{region}/bedrock/aws4_request" in sigv4_credential(stream)


@needs_claude
def test_failing_api_key_helper(endpoint: FakeEndpoint, home: Path, cwd: Path) -> None:
    write_user_settings(
        home,
        {
            "apiKeyHelper": "echo keyring is locked >&2; exit 3",
            "env": {
                "ANTHROPIC_BASE_URL": endpoint.url,
                "ANTHROPIC_MODEL": "claude-sonnet-4-6",
                "CLAUDE_CODE_MAX_RETRIES": "0",
            },
        },
    )
    endpoint.error = (
        401,
        {"type": "error", "error": {"type": "authentication_error", "message": "bad key"}},
    )
    result = run_claude(home, cwd)
    assert result.returncode == 1, explain(result, endpoint)
    assert result.stdout.strip() == (
        "Your apiKeyHelper script is failing · This usually means you need to re-authenticate "
        "with your provider · Run /status to see the script's error output"
    )
    assert "apiKeyHelper failed: exited 3: keyring is locked" in result.stderr
    # The CLI still sends the request, with empty credentials.
    first = endpoint.model_calls()[0]
    assert first.headers["x-api-key"] == "" and first.headers["authorization"] == "Bearer"


@needs_claude
def test_failing_credential_process(endpoint: FakeEndpoint, home: Path, cwd: Path) -> None:
    aws_profile(home, "x", "echo keyring is locked >&2\nexit 2\n")
    write_user_settings(
        home,
        {
            "env": {
                "CLAUDE_CODE_USE_BEDROCK": "1",
                "AWS_REGION": "eu-west-1",
                "AWS_PROFILE": "x",
                "ANTHROPIC_BEDROCK_BASE_URL": endpoint.url,
                "ANTHROPIC_MODEL": "eu.anthropic.claude-sonnet-4-6",
                "CLAUDE_CODE_MAX_RETRIES": "0",
            }
        },
    )
    result = run_claude(home, cwd)
    assert result.returncode == 1, explain(result, endpoint)
    assert result.stdout.strip() == (
        "API Error: Could not load AWS credentials · Could not load credentials from any "
        "providers. Check or refresh your AWS credentials and try again."
    )
    assert endpoint.requests == []


@needs_claude
def test_bedrock_application_inference_profile_arn(
    endpoint: FakeEndpoint, home: Path, cwd: Path
) -> None:
    write_user_settings(
        home,
        {
            "env": {
                "CLAUDE_CODE_USE_BEDROCK": "1",
                "AWS_REGION": "eu-west-1",
                "ANTHROPIC_BEDROCK_BASE_URL": endpoint.url,
                "ANTHROPIC_MODEL": APP_PROFILE_ARN,
            }
        },
    )
    result = run_claude(home, cwd, {"AWS_BEARER_TOKEN_BEDROCK": FAKE_BEDROCK_API_KEY})
    assert_pong(result, endpoint)
    stream = only(endpoint.requests_to("/invoke-with-response-stream"), endpoint)
    # Only the "/" of the ARN is escaped in the invoke path; ":" stays as is.
    assert stream.url_path == (
        "/model/arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile%2F"
        "a1b2c3d4e5f6/invoke-with-response-stream"
    )
    assert stream.model == APP_PROFILE_ARN
    # It also looks the profile up (GetInferenceProfile), with the whole ARN escaped.
    lookup = only(endpoint.requests_to("/inference-profiles/arn"), endpoint)
    assert lookup.url_path == (
        "/inference-profiles/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3A"
        "application-inference-profile%2Fa1b2c3d4e5f6"
    )
