"""wizard.services.http_models against HTTP servers on 127.0.0.1: the Anthropic model list with
pagination, gateway probes for each kind of answer, hung endpoints, and the LiteLLM config."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from e2e.fakes import FakeEndpoint
from local_server import reply, serving

from wizard import catalogue
from wizard.services import http_models
from wizard.services.errors import ServiceError

KEY = "sk-ant-api03-test-fake-key"
MODEL_IDS = [f"claude-test-{n}" for n in range(7)]


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]


@dataclass
class ModelsServer:
    """``GET …/v1/models`` in pages of ``page_size``; ``mode`` picks another answer."""

    mode: str = "ok"  # ok | status | hang | html | same-page
    status: int = 200
    page_size: int = 3
    key: str | None = KEY
    requests: list[Recorded] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, str, bytes]:
        self.requests.append(Recorded(path, headers))
        if self.mode == "hang":
            self.release.wait(10)
            return 500, "text/plain", b""
        if self.mode == "html":
            return 200, "text/html", b"<html>sign in to the proxy</html>"
        if self.mode == "status":
            body = {"type": "error", "error": {"type": "x", "message": f"status {self.status}"}}
            return self.status, "application/json", json.dumps(body).encode()
        if self.key and headers.get("x-api-key") != self.key:
            body = {"type": "error", "error": {"type": "authentication_error", "message": "no"}}
            return 401, "application/json", json.dumps(body).encode()
        parts = urlsplit(path)
        if not parts.path.endswith("/v1/models"):
            return 404, "application/json", b'{"error": "not found"}'
        after = parse_qs(parts.query).get("after_id", [None])[0]
        start = 0 if after is None or self.mode == "same-page" else MODEL_IDS.index(after) + 1
        page = MODEL_IDS[start : start + self.page_size]
        listing: dict[str, Any] = {
            "data": [{"type": "model", "id": mid, "display_name": mid} for mid in page],
            "has_more": start + self.page_size < len(MODEL_IDS),
            "first_id": page[0] if page else None,
            "last_id": page[-1] if page else None,
        }
        return 200, "application/json", json.dumps(listing).encode()


@pytest.fixture
def models_server() -> Iterator[ModelsServer]:
    state = ModelsServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def do_GET(self) -> None:  # noqa: N802
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, kind, body = state.answer(self.path, headers)
            reply(self, status, body, kind)

    with serving(Handler) as server:
        state.server = server
        try:
            yield state
        finally:
            state.release.set()  # a handler told to hang lets go before the server stops


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the Anthropic API's model list -------------------------------------------------------------


def test_models_are_listed_across_pages(models_server: ModelsServer) -> None:
    assert http_models.list_anthropic_models(models_server.url, KEY, timeout=5) == MODEL_IDS
    assert len(models_server.requests) == 3
    first, second, third = models_server.requests
    assert "after_id" not in first.path
    assert "after_id=claude-test-2" in second.path and "after_id=claude-test-5" in third.path
    for request in models_server.requests:
        assert urlsplit(request.path).path == "/v1/models"
        assert request.headers["x-api-key"] == KEY
        assert request.headers["anthropic-version"] == "2023-06-01"


@pytest.mark.parametrize("suffix", ["/", "/v1", "/v1/"])
def test_base_url_spellings(models_server: ModelsServer, suffix: str) -> None:
    models_server.page_size = 10
    assert http_models.list_anthropic_models(models_server.url + suffix, KEY, 5) == MODEL_IDS
    assert urlsplit(models_server.requests[0].path).path == "/v1/models"


def test_a_server_repeating_a_page_does_not_loop(models_server: ModelsServer) -> None:
    models_server.mode = "same-page"
    ids = http_models.list_anthropic_models(models_server.url, KEY, timeout=5)
    assert ids == MODEL_IDS[:3] * 2
    assert len(models_server.requests) == 2


def test_models_from_the_shared_fake_endpoint() -> None:
    with FakeEndpoint() as endpoint:
        ids = http_models.list_anthropic_models(endpoint.url, KEY, timeout=5)
        [request] = endpoint.requests_to("/v1/models")
    assert ids == ["claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5"]
    assert request.headers["x-api-key"] == KEY
    for model_id in ids:
        assert catalogue.lookup("anthropic", model_id) is not None


def test_a_wrong_key_is_refused(models_server: ModelsServer) -> None:
    with pytest.raises(ServiceError) as caught:
        http_models.list_anthropic_models(models_server.url, "sk-ant-wrong", timeout=5)
    assert caught.value.code == "refused"
    assert str(caught.value).startswith("The Anthropic API refused the key (HTTP 401)")


def test_a_hung_model_list_hits_the_timeout(models_server: ModelsServer) -> None:
    models_server.mode = "hang"
    started = time.monotonic()
    with pytest.raises(ServiceError) as caught:
        http_models.list_anthropic_models(models_server.url, KEY, timeout=0.5)
    assert 0.4 < time.monotonic() - started < 2
    assert caught.value.code == "timeout"
    assert "did not answer within 0.5 s" in str(caught.value)


# -- gateway probes ------------------------------------------------------------------------------


def test_a_healthy_gateway(models_server: ModelsServer) -> None:
    report = http_models.probe_gateway(models_server.url, KEY, "anthropic", timeout=5)
    assert report.ok and report.reachable and report.problem is None
    assert report.status == 200
    assert report.models == tuple(MODEL_IDS)
    assert report.latency_ms is not None and 0 < report.latency_ms < 5000
    headers = models_server.requests[0].headers
    assert headers["x-api-key"] == KEY
    assert headers["authorization"] == f"Bearer {KEY}"


@pytest.mark.parametrize(
    ("api", "path"),
    [("anthropic", "/anthropic"), ("bedrock", "/bedrock"), ("vertex", "/vertex_ai/v1")],
)
def test_the_probe_asks_the_gateways_own_model_list(
    models_server: ModelsServer, api: http_models.GatewayApi, path: str
) -> None:
    report = http_models.probe_gateway(models_server.url + path, KEY, api, timeout=5)
    assert report.ok and report.models == tuple(MODEL_IDS)
    assert report.base_url == models_server.url + path and report.api == api
    assert urlsplit(models_server.requests[0].path).path == "/v1/models"


@pytest.mark.parametrize("status", [401, 403])
def test_a_gateway_that_refuses_the_key(models_server: ModelsServer, status: int) -> None:
    models_server.mode, models_server.status = "status", status
    report = http_models.probe_gateway(models_server.url, KEY, "anthropic", timeout=5)
    assert report.reachable and not report.ok
    assert report.status == status
    assert report.problem is not None
    assert "the gateway refused the key" in report.problem.lower()
    assert report.models == ()


def test_a_gateway_without_a_model_list(models_server: ModelsServer) -> None:
    models_server.mode, models_server.status = "status", 404
    report = http_models.probe_gateway(models_server.url + "/bedrock", None, "bedrock", 5)
    assert report.ok and report.status == 404 and report.models == ()
    assert "x-api-key" not in models_server.requests[0].headers


@pytest.mark.parametrize("status", [500, 502, 429])
def test_a_gateway_in_trouble(models_server: ModelsServer, status: int) -> None:
    models_server.mode, models_server.status = "status", status
    report = http_models.probe_gateway(models_server.url, KEY, "anthropic", timeout=5)
    assert report.reachable and not report.ok and report.status == status
    assert report.problem == (
        f"The gateway answered HTTP {status} (status {status}); try again later or check its logs"
    )


def test_nothing_answers() -> None:
    port = closed_port()
    report = http_models.probe_gateway(f"http://127.0.0.1:{port}", KEY, "anthropic", 5)
    assert not report.reachable and report.latency_ms is None and report.status is None
    assert report.problem == (
        f"Nothing answers at 127.0.0.1:{port}; check the URL and that the server is running"
    )


def test_https_to_a_plain_http_server_is_a_tls_error(models_server: ModelsServer) -> None:
    url = models_server.url.replace("http://", "https://")
    report = http_models.probe_gateway(url, KEY, "anthropic", timeout=5)
    assert not report.reachable
    assert report.problem is not None
    assert report.problem.startswith("The TLS connection to 127.0.0.1:")
    assert "\n" not in report.problem


def test_a_hung_gateway_hits_the_timeout(models_server: ModelsServer) -> None:
    models_server.mode = "hang"
    started = time.monotonic()
    report = http_models.probe_gateway(models_server.url, KEY, "vertex", timeout=0.5)
    assert 0.4 < time.monotonic() - started < 2
    assert not report.reachable
    assert report.problem is not None and "did not answer within 0.5 s" in report.problem


def test_a_gateway_answering_html(models_server: ModelsServer) -> None:
    models_server.mode = "html"
    report = http_models.probe_gateway(models_server.url, KEY, "anthropic", timeout=5)
    assert report.reachable and not report.ok and report.status == 200
    assert report.problem is not None and "did not answer with JSON" in report.problem


# -- advice ---------------------------------------------------------------------------------------


def test_disable_betas_is_suggested_for_bedrock_and_vertex_gateways() -> None:
    assert http_models.suggest_disable_betas("bedrock")
    assert http_models.suggest_disable_betas("vertex")
    assert not http_models.suggest_disable_betas("anthropic")


def test_litellm_config_for_the_anthropic_format() -> None:
    text = http_models.litellm_config("anthropic")
    main, fast = catalogue.default_models("anthropic")
    assert f"  - model_name: {main}\n    litellm_params:\n      model: anthropic/{main}\n" in text
    assert f"  - model_name: {fast}\n" in text
    assert "api_key: os.environ/ANTHROPIC_API_KEY" in text
    assert "litellm_key_header_name" not in text
    assert "general_settings:\n  master_key: os.environ/LITELLM_MASTER_KEY\n" in text


def test_litellm_config_for_bedrock_pass_through() -> None:
    text = http_models.litellm_config("bedrock")
    main, fast = catalogue.default_models("bedrock", "global")
    assert f"  - model_name: {main}\n" in text
    assert f"      model: bedrock/{main}\n" in text
    assert f"  - model_name: {fast}\n" in text and f"      model: bedrock/{fast}\n" in text
    assert "aws_region_name: os.environ/AWS_REGION" in text
    assert "ANTHROPIC_BEDROCK_BASE_URL=https://HOST:4000/bedrock" in text


def test_litellm_config_for_vertex_with_the_proxys_credentials() -> None:
    text = http_models.litellm_config("vertex", models=["claude-sonnet-4-6"])
    assert "  - model_name: claude-sonnet-4-6\n" in text
    assert "      model: vertex_ai/claude-sonnet-4-6\n" in text
    assert "vertex_credentials: os.environ/GOOGLE_APPLICATION_CREDENTIALS" in text
    assert "litellm_key_header_name" not in text


def test_litellm_config_when_google_credentials_occupy_authorization() -> None:
    text = http_models.litellm_config("vertex", uses_google_credentials=True)
    assert "model_list: []\n" in text
    assert "vertex_credentials" not in text
    assert text.endswith("  litellm_key_header_name: x-litellm-api-key\n")
    assert 'ANTHROPIC_CUSTOM_HEADERS="x-litellm-api-key: KEY"' in text
    for line in text.splitlines():
        assert line == line.rstrip() and "\t" not in line
