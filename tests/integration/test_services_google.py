"""wizard.services.google with the real google-auth against a token endpoint served here.

The credentials files are made by the tests (a fresh RSA key, a fake service account) and their
``token_uri`` points at a local server, so google-auth does a real JWT-bearer (or refresh-token)
exchange; the server checks the assertion's signature with the public key.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from local_server import reply, serving

from wizard import validation
from wizard.services import google
from wizard.services.errors import ServiceError

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ASSERTION_AUDIENCE = "https://oauth2.googleapis.com/token"
"""google-auth addresses its JWT to Google's endpoint whatever the ``token_uri``."""
SA_EMAIL = "claude-setup-test@proj-sa-123.iam.gserviceaccount.com"
USER_EMAIL = "dev@example.com"


@dataclass
class TokenServer:
    """``POST /token``: answers like Google's OAuth token endpoint, in the mode asked for."""

    public_pem: bytes
    mode: str = "ok"  # ok | refuse | hang | not-json
    grants: list[dict[str, list[str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None

    @property
    def token_uri(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/token"

    def answer(self, form: dict[str, list[str]]) -> tuple[int, bytes]:
        from google.auth import jwt

        self.grants.append(form)
        if self.mode == "hang":
            self.release.wait(10)
            return 500, b"{}"
        if self.mode == "not-json":
            return 200, b"<html>proxy login</html>"
        refused = json.dumps({"error": "invalid_grant", "error_description": "Invalid grant"})
        if self.mode == "refuse":
            return 400, refused.encode()
        grant = form.get("grant_type", [""])[0]
        if grant == JWT_BEARER:
            try:
                claims = jwt.decode(  # type: ignore[no-untyped-call]
                    form["assertion"][0], certs=self.public_pem, audience=ASSERTION_AUDIENCE
                )
            except ValueError:
                return 400, refused.encode()
            if google.CLOUD_PLATFORM_SCOPE not in str(claims.get("scope")):
                return 400, b'{"error": "invalid_scope"}'
        elif grant != "refresh_token" or form.get("refresh_token") != ["1//refresh-test"]:
            return 400, refused.encode()
        body = {"access_token": "ya29.test-token", "expires_in": 3600, "token_type": "Bearer"}
        return 200, json.dumps(body).encode()


@pytest.fixture(scope="module")
def rsa_key() -> tuple[str, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


@pytest.fixture
def token_server(rsa_key: tuple[str, bytes]) -> Iterator[TokenServer]:
    state = TokenServer(public_pem=rsa_key[1])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            reply(self, *state.answer(form))

    with serving(Handler) as server:
        state.server = server
        try:
            yield state
        finally:
            state.release.set()  # a handler told to hang lets go before the server stops


@pytest.fixture
def google_home(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_home, with any Compute Engine metadata lookup pointed at a closed local port."""
    port = _closed_port()
    monkeypatch.setenv("GCE_METADATA_HOST", f"127.0.0.1:{port}")
    monkeypatch.setenv("GCE_METADATA_IP", f"127.0.0.1:{port}")
    return tmp_home


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_account_file(
    path: Path, private_pem: str, token_uri: str, project: str = "proj-sa-123"
) -> Path:
    info = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": "0123456789abcdef",
        "private_key": private_pem,
        "client_email": SA_EMAIL,
        "client_id": "100000000000000000001",
        "token_uri": token_uri,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(info), encoding="utf-8")
    return path


def user_adc_file(path: Path, token_uri: str, quota_project: str = "proj-quota-1") -> Path:
    info = {
        "type": "authorized_user",
        "client_id": "764086051850-test.apps.googleusercontent.com",
        "client_secret": "d-FL95Q19q7MQmFpd7hHD0Ty",
        "refresh_token": "1//refresh-test",
        "quota_project_id": quota_project,
        "account": USER_EMAIL,
        "token_uri": token_uri,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(info), encoding="utf-8")
    return path


def test_importing_the_module_imports_no_google() -> None:
    code = (
        "import sys, wizard.services.google as g\n"
        "g.vertex_regions(); g.vertex_region_variable('claude-opus-5-5')\n"
        "print(sorted(m for m in sys.modules if m == 'google' or m.startswith('google.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- tokens -----------------------------------------------------------------------------------


def test_check_token_with_a_service_account_key(
    google_home: Path, token_server: TokenServer, rsa_key: tuple[str, bytes]
) -> None:
    key_file = service_account_file(google_home / "sa.json", rsa_key[0], token_server.token_uri)
    assert google.check_token(key_file, timeout=5) == SA_EMAIL
    [grant] = token_server.grants
    assert grant["grant_type"] == [JWT_BEARER]


def test_adc_found_through_google_application_credentials(
    google_home: Path,
    token_server: TokenServer,
    rsa_key: tuple[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key_file = service_account_file(google_home / "sa.json", rsa_key[0], token_server.token_uri)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    adc = google.find_adc(timeout=5)
    assert adc.kind == "service_account"
    assert adc.source == "GOOGLE_APPLICATION_CREDENTIALS"
    assert adc.path == key_file
    assert adc.project_id == "proj-sa-123"
    assert adc.account == SA_EMAIL
    assert google.check_token(None, timeout=5) == SA_EMAIL
    assert len(token_server.grants) == 1


def test_adc_found_in_gclouds_folder(
    google_home: Path, token_server: TokenServer, rsa_key: tuple[str, bytes]
) -> None:
    adc_path = google_home / ".config" / "gcloud" / "application_default_credentials.json"
    service_account_file(adc_path, rsa_key[0], token_server.token_uri)
    adc = google.find_adc(timeout=5)
    assert (adc.kind, adc.source, adc.path) == ("service_account", "gcloud", adc_path)
    assert google.check_token(None, timeout=5) == SA_EMAIL
    assert token_server.grants[0]["grant_type"] == [JWT_BEARER]


def test_gcloud_user_credentials_are_found(google_home: Path) -> None:
    # google-auth always sends user credentials to Google's own token endpoint (it overrides
    # their token_uri), so only their discovery can be checked here, not a refresh.
    adc_path = google_home / ".config" / "gcloud" / "application_default_credentials.json"
    user_adc_file(adc_path, "http://127.0.0.1:9/token")
    adc = google.find_adc(timeout=2)
    assert (adc.kind, adc.source, adc.path) == ("authorized_user", "gcloud", adc_path)
    assert adc.account == USER_EMAIL


def test_missing_adc_says_how_to_create_them(google_home: Path) -> None:
    started = time.monotonic()
    with pytest.raises(ServiceError) as caught:
        google.find_adc(timeout=2)
    assert time.monotonic() - started < 3
    assert caught.value.code == "adc-missing"
    assert "gcloud auth application-default login" in str(caught.value)
    with pytest.raises(ServiceError) as caught:
        google.check_token(None, timeout=2)
    assert caught.value.code == "adc-missing"


def test_google_application_credentials_pointing_nowhere(
    google_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = google_home / "keys" / "gone.json"
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(missing))
    with pytest.raises(ServiceError) as caught:
        google.find_adc(timeout=2)
    assert caught.value.code == "credentials-missing"
    assert str(missing) in str(caught.value)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("{not json", "credentials-invalid"),
        ('["a list"]', "credentials-invalid"),
        ('{"type": "service_account", "client_email": "x@y"}', "credentials-invalid"),
        ('{"type": "something_else"}', "credentials-type"),
    ],
)
def test_unusable_credentials_files(google_home: Path, content: str, code: str) -> None:
    path = google_home / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ServiceError) as caught:
        google.check_token(path, timeout=2)
    assert caught.value.code == code
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_credentials_file(google_home: Path) -> None:
    with pytest.raises(ServiceError) as caught:
        google.check_token(google_home / "nope.json", timeout=2)
    assert caught.value.code == "credentials-missing"
    assert "does not exist" in str(caught.value)


def test_refused_credentials(
    google_home: Path, token_server: TokenServer, rsa_key: tuple[str, bytes]
) -> None:
    token_server.mode = "refuse"
    key_file = service_account_file(google_home / "sa.json", rsa_key[0], token_server.token_uri)
    with pytest.raises(ServiceError) as caught:
        google.check_token(key_file, timeout=5)
    message = str(caught.value)
    assert caught.value.code == "refresh-refused"
    assert "Google refused the credentials (invalid_grant" in message
    assert "create a new key for the service account" in message
    assert "\n" not in message


def test_a_key_the_server_cannot_verify_is_refused(
    google_home: Path, token_server: TokenServer
) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_pem = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    key_file = service_account_file(google_home / "sa.json", other_pem, token_server.token_uri)
    with pytest.raises(ServiceError) as caught:
        google.check_token(key_file, timeout=5)
    assert caught.value.code == "refresh-refused"


def test_a_hung_token_endpoint_hits_the_timeout(
    google_home: Path, token_server: TokenServer, rsa_key: tuple[str, bytes]
) -> None:
    token_server.mode = "hang"
    key_file = service_account_file(google_home / "sa.json", rsa_key[0], token_server.token_uri)
    started = time.monotonic()
    with pytest.raises(ServiceError) as caught:
        google.check_token(key_file, timeout=0.5)
    elapsed = time.monotonic() - started
    assert 0.4 < elapsed < 2.5
    assert caught.value.code == "timeout"
    assert "did not answer within 0.5 s" in str(caught.value)


def test_a_token_endpoint_nobody_serves(google_home: Path, rsa_key: tuple[str, bytes]) -> None:
    uri = f"http://127.0.0.1:{_closed_port()}/token"
    key_file = service_account_file(google_home / "sa.json", rsa_key[0], uri)
    with pytest.raises(ServiceError) as caught:
        google.check_token(key_file, timeout=2)
    assert caught.value.code == "unreachable"
    assert "Cannot reach Google's token endpoint (127.0.0.1:" in str(caught.value)


def test_a_token_endpoint_that_answers_html(
    google_home: Path, token_server: TokenServer, rsa_key: tuple[str, bytes]
) -> None:
    token_server.mode = "not-json"
    key_file = service_account_file(google_home / "sa.json", rsa_key[0], token_server.token_uri)
    with pytest.raises(ServiceError) as caught:
        google.check_token(key_file, timeout=2)
    assert caught.value.code == "bad-answer"
    assert "\n" not in str(caught.value)


# -- the project ------------------------------------------------------------------------------


def _gcloud_config(home: Path, name: str, project: str, active: bool = True) -> Path:
    folder = home / ".config" / "gcloud"
    path = folder / "configurations" / f"config_{name}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[core]\naccount = {USER_EMAIL}\nproject = {project}\n", encoding="utf-8")
    if active:
        (folder / "active_config").write_text(name, encoding="utf-8")
    return path


def test_no_project_anywhere(google_home: Path) -> None:
    assert google.find_project() is None
    assert google.project_candidates() == []


def test_project_sources_in_order(
    google_home: Path, monkeypatch: pytest.MonkeyPatch, rsa_key: tuple[str, bytes]
) -> None:
    key_file = service_account_file(google_home / "sa.json", rsa_key[0], "http://127.0.0.1:9/t")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    config = _gcloud_config(google_home, "work", "proj-gcloud-1")
    monkeypatch.setenv("CLOUDSDK_CORE_PROJECT", "proj-sdk-env")
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "proj-google-env")
    monkeypatch.setenv("ANTHROPIC_VERTEX_PROJECT_ID", "proj-anthropic-env")
    found = google.project_candidates()
    assert [(p.value, p.source) for p in found] == [
        ("proj-anthropic-env", "ANTHROPIC_VERTEX_PROJECT_ID"),
        ("proj-google-env", "GOOGLE_CLOUD_PROJECT"),
        ("proj-sdk-env", "CLOUDSDK_CORE_PROJECT"),
        ("proj-gcloud-1", f"gcloud configuration 'work' ({config})"),
        ("proj-sa-123", f"{key_file} (project_id)"),
    ]
    for value in [p.value for p in found]:
        validation.check_project_id("project_id", value)

    expected = ["proj-google-env", "proj-sdk-env", "proj-gcloud-1", "proj-sa-123"]
    for variable in (
        "ANTHROPIC_VERTEX_PROJECT_ID",
        "GOOGLE_CLOUD_PROJECT",
        "CLOUDSDK_CORE_PROJECT",
    ):
        monkeypatch.delenv(variable)
        project = google.find_project()
        assert project is not None and project.value == expected.pop(0)
    config.unlink()
    project = google.find_project()
    assert project is not None and project.value == expected.pop(0)


def test_gcloud_uses_the_active_configuration(
    google_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _gcloud_config(google_home, "default", "proj-default", active=False)
    assert google.find_project() == google.ProjectId(
        "proj-default",
        f"gcloud configuration 'default' "
        f"({google_home / '.config/gcloud/configurations/config_default'})",
    )
    _gcloud_config(google_home, "work", "proj-work")
    project = google.find_project()
    assert project is not None and project.value == "proj-work"
    monkeypatch.setenv("CLOUDSDK_ACTIVE_CONFIG_NAME", "default")
    project = google.find_project()
    assert project is not None and project.value == "proj-default"


def test_cloudsdk_config_moves_gclouds_folder(
    google_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _gcloud_config(google_home, "default", "proj-home")
    elsewhere = google_home / "elsewhere"
    path = elsewhere / "configurations" / "config_default"
    path.parent.mkdir(parents=True)
    path.write_text("[core]\nproject = proj-elsewhere\n", encoding="utf-8")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(elsewhere))
    project = google.find_project()
    assert project is not None and project.value == "proj-elsewhere"


def test_project_from_the_credentials_files(google_home: Path, rsa_key: tuple[str, bytes]) -> None:
    adc = user_adc_file(google_home / ".config/gcloud/application_default_credentials.json",
                        "http://127.0.0.1:9/t")  # fmt: skip
    assert google.find_project() == google.ProjectId("proj-quota-1", f"{adc} (quota_project_id)")
    key_file = service_account_file(google_home / "sa.json", rsa_key[0], "http://127.0.0.1:9/t")
    assert google.find_project(key_file) == google.ProjectId(
        "proj-sa-123", f"{key_file} (project_id)"
    )


def test_a_broken_gcloud_configuration_is_skipped(google_home: Path) -> None:
    path = google_home / ".config/gcloud/configurations/config_default"
    path.parent.mkdir(parents=True)
    path.write_text("project = no section header\n", encoding="utf-8")
    assert google.find_project() is None


# -- regions and models -----------------------------------------------------------------------

# The VERTEX_REGION_* names of Claude Code's settings schema (tests/data), plus those the
# real CLI reads for the newest models (2.1.330: claude-opus-5-5; 2.1.332's catalogue: the rest).
KNOWN_VARIABLES = {
    "VERTEX_REGION_CLAUDE_3_5_HAIKU",
    "VERTEX_REGION_CLAUDE_3_5_SONNET",
    "VERTEX_REGION_CLAUDE_3_7_SONNET",
    "VERTEX_REGION_CLAUDE_4_0_OPUS",
    "VERTEX_REGION_CLAUDE_4_0_SONNET",
    "VERTEX_REGION_CLAUDE_4_1_OPUS",
    "VERTEX_REGION_CLAUDE_4_5_OPUS",
    "VERTEX_REGION_CLAUDE_4_5_SONNET",
    "VERTEX_REGION_CLAUDE_4_6_OPUS",
    "VERTEX_REGION_CLAUDE_4_6_SONNET",
    "VERTEX_REGION_CLAUDE_4_7_OPUS",
    "VERTEX_REGION_CLAUDE_4_8_OPUS",
    "VERTEX_REGION_CLAUDE_5_OPUS",
    "VERTEX_REGION_CLAUDE_5_SONNET",
    "VERTEX_REGION_CLAUDE_FABLE_5",
    "VERTEX_REGION_CLAUDE_HAIKU_4_5",
    "VERTEX_REGION_CLAUDE_5_5_OPUS",
    "VERTEX_REGION_CLAUDE_5_5_SONNET",
    "VERTEX_REGION_CLAUDE_HAIKU_5_5",
    "VERTEX_REGION_CLAUDE_FABLE_5_1",
    "VERTEX_REGION_CLAUDE_FABLE_5_2",
}


@pytest.mark.parametrize(
    ("model_id", "variable"),
    [
        ("claude-sonnet-4-6", "VERTEX_REGION_CLAUDE_4_6_SONNET"),
        ("claude-haiku-4-5", "VERTEX_REGION_CLAUDE_HAIKU_4_5"),
        ("claude-haiku-4-5@20251001", "VERTEX_REGION_CLAUDE_HAIKU_4_5"),
        ("claude-opus-5-5", "VERTEX_REGION_CLAUDE_5_5_OPUS"),
        ("claude-opus-4-6[1m]", "VERTEX_REGION_CLAUDE_4_6_OPUS"),
        ("claude-opus-4-7", "VERTEX_REGION_CLAUDE_4_7_OPUS"),
        ("claude-opus-4-8", "VERTEX_REGION_CLAUDE_4_8_OPUS"),
        ("claude-opus-5", "VERTEX_REGION_CLAUDE_5_OPUS"),
        ("claude-sonnet-5", "VERTEX_REGION_CLAUDE_5_SONNET"),
        ("claude-fable-5", "VERTEX_REGION_CLAUDE_FABLE_5"),
        ("claude-opus-4@20250514", "VERTEX_REGION_CLAUDE_4_0_OPUS"),
        ("claude-sonnet-4@20250514", "VERTEX_REGION_CLAUDE_4_0_SONNET"),
        ("claude-opus-4-1@20250805", "VERTEX_REGION_CLAUDE_4_1_OPUS"),
        ("claude-opus-4-5@20251101", "VERTEX_REGION_CLAUDE_4_5_OPUS"),
        ("claude-sonnet-4-5@20250929", "VERTEX_REGION_CLAUDE_4_5_SONNET"),
        ("claude-3-7-sonnet@20250219", "VERTEX_REGION_CLAUDE_3_7_SONNET"),
        ("claude-3-5-haiku@20241022", "VERTEX_REGION_CLAUDE_3_5_HAIKU"),
        ("claude-3-5-sonnet-v2@20241022", "VERTEX_REGION_CLAUDE_3_5_SONNET"),
        ("claude-3-haiku@20240307", None),
        ("gemini-2.5-pro", None),
        ("opus", None),
    ],
)
def test_vertex_region_variable(model_id: str, variable: str | None) -> None:
    assert google.vertex_region_variable(model_id) == variable
    if variable is not None:
        assert variable in KNOWN_VARIABLES


def test_vertex_regions() -> None:
    regions = google.vertex_regions()
    assert regions[0] == "global"
    assert {"us-east5", "europe-west1", "us", "eu"} <= set(regions)
    assert len(set(regions)) == len(regions)
    for region in regions:
        validation.check_vertex_region("region", region)


def test_vertex_models_carry_their_override_variable() -> None:
    models = {m.model_id: m for m in google.vertex_models("global")}
    assert models["claude-opus-5-5"].region_variable == "VERTEX_REGION_CLAUDE_5_5_OPUS"
    assert models["claude-haiku-4-5@20251001"].region_variable == "VERTEX_REGION_CLAUDE_HAIKU_4_5"
    for model in models.values():
        validation.check_vertex_model("model", model.model_id)
        assert model.region_variable is None or model.region_variable in KNOWN_VARIABLES
    assert models["claude-3-haiku@20240307"].region_variable is None
