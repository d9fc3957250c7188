"""A key goes only where the user sent it (issue 8, rules 7 and 9).

A gateway that answers 302 to another host, or to plain HTTP, does not get the key sent on; an
error message that quotes the key is masked before it is shown, in every form of the key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from local_server import reply, serving

from wizard import redact
from wizard.services import http_models, redirects
from wizard.services.errors import ServiceError

KEY = "sk-ant-api03-EXAMPLEredirectKEY0123456789"
ODD_KEY = 'EXAMPLE"odd\\key+/é0123456789'


class Target(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802
        Target.seen.append({k.lower(): v for k, v in self.headers.items()})
        reply(self, 200, json.dumps({"data": [{"id": "claude-test-1"}]}).encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def target() -> Iterator[ThreadingHTTPServer]:
    Target.seen = []
    with serving(Target) as server:
        yield server


def _redirecting_to(location: str) -> type[BaseHTTPRequestHandler]:
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(302)
            self.send_header("Location", location + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    return Redirect


@pytest.mark.parametrize("probe", ["anthropic-models", "gateway"])
def test_a_redirect_to_another_host_gets_no_key(
    target: ThreadingHTTPServer, probe: str
) -> None:
    # "localhost" and "127.0.0.1" are different hosts to a browser and to us
    elsewhere = f"http://localhost:{target.server_address[1]}"
    with serving(_redirecting_to(elsewhere)) as gateway:
        base = f"http://127.0.0.1:{gateway.server_address[1]}"
        if probe == "gateway":
            report = http_models.probe_gateway(base, KEY, "anthropic", 5)
            assert report.ok, report.problem
        else:
            assert http_models.list_anthropic_models(base, KEY, 5) == ["claude-test-1"]
    assert Target.seen, "the redirect was followed"
    for headers in Target.seen:
        assert "x-api-key" not in headers and "authorization" not in headers
        assert KEY not in json.dumps(headers)
        assert headers.get("anthropic-version")


def test_a_redirect_to_another_port_gets_no_key(target: ThreadingHTTPServer) -> None:
    same = f"http://127.0.0.1:{target.server_address[1]}"
    with serving(_redirecting_to(same)) as gateway:
        base = f"http://127.0.0.1:{gateway.server_address[1]}"
        http_models.list_anthropic_models(base, KEY, 5)
    # another port is another origin: the key is dropped there too
    assert all("x-api-key" not in h for h in Target.seen)
    assert redirects.same_origin("https://gw.example.com/a", "https://GW.example.com:443/b")
    assert not redirects.same_origin("https://gw.example.com/a", "http://gw.example.com/b")
    assert not redirects.same_origin("https://gw.example.com/a", "https://evil.example.com/a")


class QuotingGateway(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        key = self.headers.get("x-api-key", "")
        message = f"bad request for key {key} (escaped: {json.dumps(key)[1:-1]})"
        reply(self, 400, json.dumps({"error": {"message": message}}).encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.parametrize("key", [KEY, "EXAMPLEplainGatewayKey0123456789"])
def test_a_server_message_quoting_the_key_is_masked(key: str) -> None:
    with serving(QuotingGateway) as gateway:
        base = f"http://127.0.0.1:{gateway.server_address[1]}"
        report = http_models.probe_gateway(base, key, "anthropic", 5)
        with pytest.raises(ServiceError) as info:
            http_models.list_anthropic_models(base, key, 5)
    assert report.problem and "HTTP 400" in report.problem
    for shown in (report.problem, str(info.value)):
        assert key not in shown
        assert "********" in shown


def test_every_form_of_a_secret_is_masked() -> None:
    """Rule 9: a key holding a quote or a backslash appears JSON-escaped in a diff."""
    text = (
        f"raw {ODD_KEY} json {json.dumps(ODD_KEY)} ascii {json.dumps(ODD_KEY, ensure_ascii=True)}"
    )
    masked = redact.mask(text, [ODD_KEY])
    for form in redact.forms(ODD_KEY):
        assert form not in masked
    assert "odd" not in masked


def test_google_transport_drops_the_token_on_a_redirect_elsewhere(
    target: ThreadingHTTPServer,
) -> None:
    from wizard.services import google

    elsewhere = f"http://localhost:{target.server_address[1]}"
    with serving(_redirecting_to(elsewhere)) as server:
        request = google._transport(5)
        answer = request(
            f"http://127.0.0.1:{server.server_address[1]}/token",
            headers={"Authorization": f"Bearer {KEY}", "accept": "application/json"},
        )
    assert answer.status == 200
    assert Target.seen and all("authorization" not in h for h in Target.seen)


def test_a_redirect_from_https_to_plain_http_drops_credentials() -> None:
    import urllib.request

    handler = redirects.DropCredentialsOnRedirect()
    old = urllib.request.Request("https://gw.example.com/v1/models",
                                 headers={"X-Api-Key": KEY, "Authorization": "Bearer " + KEY,
                                          "Accept": "application/json"})
    new = handler.redirect_request(old, None, 302, "Found", {},  # type: ignore[arg-type]
                                   "http://gw.example.com/v1/models")
    assert new is not None
    assert {k.lower() for k, _ in new.header_items()} == {"accept"}
    same = handler.redirect_request(old, None, 302, "Found", {},  # type: ignore[arg-type]
                                    "https://gw.example.com/other")
    assert same is not None and same.get_header("X-api-key") == KEY
