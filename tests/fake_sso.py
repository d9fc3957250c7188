"""A local AWS SSO OIDC service and SSO portal, recording requests (tests only)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from wizard.services import sso

START_URL = "https://example-corp.awsapps.com/start"
ROLE_KEY = "ASIAFAKEROLEEXAMPLE1"
ROLE_SECRET = "fakeRoleSecretKeyEXAMPLEfakeRoleSecretKey"
ROLE_SESSION = "fake-role-session-token-EXAMPLE"
ACCOUNTS = [
    ("111111111111", "Sandbox", ["ReadOnly"]),
    ("222222222222", "Production", ["BedrockUser", "ReadOnly"]),
    ("333333333333", "Analytics", ["BedrockUser", "DataScientist", "ReadOnly"]),
]
ORIGINAL_CONFIG = (
    "# my AWS config, kept by hand\n"
    "[default]\n"
    "region = us-east-1  ; the usual one\n"
    "output = json\n"
    "\n"
    "; the build machine\n"
    "[profile ci]\n"
    "role_arn = arn:aws:iam::111111111111:role/ci\n"
    "source_profile = default\n"
    "s3 =\n"
    "  max_concurrent_requests = 4\n"
)


class FakeSso:
    """SSO OIDC (``/client/register``, ``/device_authorization``, ``/token``) and the SSO portal
    (``/assignment/accounts``, ``/assignment/roles``, ``/federation/credentials``)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any], dict[str, str]]] = []
        self.token_errors: list[str] = ["AuthorizationPendingException"] * 2
        self.always_pending = False
        self.hang: set[str] = set()
        self.release = threading.Event()
        self.valid_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.issued = 0
        self.page_size = 2
        self.role_delay = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.handle(self, "POST", body)

            def do_GET(self) -> None:
                fake.handle(self, "GET", {})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None  # type: ignore[method-assign]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.requests]

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [body for p, body, _ in self.requests if p == path]

    def handle(self, req: BaseHTTPRequestHandler, method: str, body: dict[str, Any]) -> None:
        parts = urlsplit(req.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self.lock:
            self.requests.append((parts.path, body or query, dict(req.headers)))
        if parts.path in self.hang:
            self.release.wait(20)
            return
        status, payload, error = self.route(parts.path, body, query, req.headers)
        data = json.dumps(payload).encode()
        req.send_response(status)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(data)))
        if error:
            req.send_header("x-amzn-ErrorType", error)
        req.end_headers()
        req.wfile.write(data)

    def route(
        self, path: str, body: dict[str, Any], query: dict[str, str], headers: Any
    ) -> tuple[int, dict[str, Any], str | None]:
        now = int(time.time())
        if path == "/client/register":
            return (
                200,
                {
                    "clientId": "fake-client-id",
                    "clientSecret": "fake-client-secret",
                    "clientIdIssuedAt": now,
                    "clientSecretExpiresAt": now + 90 * 86400,
                },
                None,
            )
        if path == "/device_authorization":
            return (
                200,
                {
                    "deviceCode": "fake-device-code",
                    "userCode": "WDKN-PQRT",
                    "verificationUri": f"{self.url}/device",
                    "verificationUriComplete": f"{self.url}/device?user_code=WDKN-PQRT",
                    "expiresIn": 600,
                    "interval": 1,
                },
                None,
            )
        if path == "/token":
            return self.token(body)
        if path.startswith(("/assignment/", "/federation/")):
            if headers.get("x-amz-sso_bearer_token") not in self.valid_tokens:
                return (
                    401,
                    {"message": "Session token not found or invalid"},
                    ("UnauthorizedException"),
                )
            return self.portal(path, query)
        return 404, {"message": "no such path"}, "ResourceNotFoundException"

    def token(self, body: dict[str, Any]) -> tuple[int, dict[str, Any], str | None]:
        if (body.get("clientId"), body.get("clientSecret")) != (
            "fake-client-id",
            "fake-client-secret",
        ):
            return 400, {"error": "invalid_client"}, "InvalidClientException"
        if body.get("grantType") == "refresh_token":
            if body.get("refreshToken") not in self.refresh_tokens:
                return 400, {"error": "invalid_grant"}, "InvalidGrantException"
            self.refresh_tokens.discard(body["refreshToken"])
        elif body.get("grantType") == sso.DEVICE_GRANT and body.get("deviceCode") == (
            "fake-device-code"
        ):
            if self.always_pending:
                return 400, {"error": "authorization_pending"}, "AuthorizationPendingException"
            if self.token_errors:
                code = self.token_errors.pop(0)
                return 400, {"error": code, "error_description": code}, code
        else:
            return 400, {"error": "invalid_grant"}, "InvalidGrantException"
        self.issued += 1
        access, refresh = f"fake-access-token-{self.issued}", f"fake-refresh-token-{self.issued}"
        self.valid_tokens.add(access)
        self.refresh_tokens.add(refresh)
        return (
            200,
            {
                "accessToken": access,
                "tokenType": "Bearer",
                "expiresIn": 28800,
                "refreshToken": refresh,
            },
            None,
        )

    def portal(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any], str | None]:
        start = int(query.get("next_token", "0"))
        end = start + self.page_size
        more = {"nextToken": str(end)}
        if path == "/assignment/accounts":
            items = [
                {"accountId": a, "accountName": n, "emailAddress": f"{n.lower()}@example.com"}
                for a, n, _ in ACCOUNTS
            ]
            return (
                200,
                {"accountList": items[start:end], **(more if end < len(items) else {})},
                None,
            )
        if path == "/assignment/roles":
            with self.lock:
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
            time.sleep(self.role_delay)
            with self.lock:
                self.in_flight -= 1
            roles = next(r for a, _, r in ACCOUNTS if a == query["account_id"])
            items = [{"roleName": r, "accountId": query["account_id"]} for r in roles]
            return 200, {"roleList": items[start:end], **(more if end < len(items) else {})}, None
        if path == "/federation/credentials":
            if query.get("role_name") != "BedrockUser" or query.get("account_id") != (
                "222222222222"
            ):
                return 403, {"message": "No access"}, "ForbiddenException"
            expiration = int((time.time() + 3600) * 1000)
            return (
                200,
                {
                    "roleCredentials": {
                        "accessKeyId": ROLE_KEY,
                        "secretAccessKey": ROLE_SECRET,
                        "sessionToken": ROLE_SESSION,
                        "expiration": expiration,
                    }
                },
                None,
            )
        return 404, {"message": "no such path"}, "ResourceNotFoundException"
