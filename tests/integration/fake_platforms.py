"""A local fake of the Claude Platform on AWS, Bedrock Mantle and Claude Platform on Google Cloud
model lists, and of Google's OAuth token endpoint, that checks credentials as the real ones do.

``GET …/v1/models`` answers when the request carries the expected credential: the API key
(``x-api-key``), the bearer token, or a SigV4 signature that the fake recomputes with botocore
from the known secret key (so a wrong service name, region or unsigned workspace header fails).
``POST /token`` answers a refresh-token or service-account (JWT) grant with ``GOOGLE_TOKEN``.
``status`` forces an error answer (with ``message``, as AWS words its errors). Every request
is recorded.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from local_server import reply, serving, url

ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
AWS_API_KEY = "EXAMPLEawsPlatformKEY0123456789abcdef"
BEDROCK_API_KEY = "ABSKEXAMPLEmantleToken0123456789abcdef"
GOOGLE_TOKEN = "ya29.EXAMPLEplatformTOKEN0123456789"
REFRESH_TOKEN = "1//refresh-platform-test"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
MODELS = ["claude-opus-5-5", "claude-sonnet-4-6"]

_AUTH = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<akid>[^/]+)/(?P<date>\d{8})/(?P<region>[a-z0-9-]+)/"
    r"(?P<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?P<signed>[a-z0-9;-]+), "
    r"Signature=(?P<signature>[0-9a-f]{64})"
)


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    service: str | None = None
    region: str | None = None
    signed_headers: tuple[str, ...] = ()


@dataclass
class FakePlatforms:
    status: int | None = None
    message: str = ""
    requests: list[Seen] = field(default_factory=list)
    base: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def models_calls(self) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if "/v1/models" in r.path]

    def check_signature(self, handler: BaseHTTPRequestHandler) -> Seen | None:
        """The signed request's scope when its signature is right, else None."""
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        found = _AUTH.fullmatch(handler.headers.get("authorization", ""))
        if not found or found["akid"] != ACCESS_KEY_ID:
            return None
        signed = found["signed"].split(";")
        headers = {name: handler.headers.get(name, "") for name in signed if name != "host"}
        request = AWSRequest(method=handler.command, url=self.base + handler.path,
                             headers=headers)
        request.context["timestamp"] = handler.headers.get("x-amz-date", "")
        signer = SigV4Auth(
            Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY, handler.headers.get(
                "x-amz-security-token")),
            found["service"], found["region"],
        )
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        if expected != found["signature"]:
            return None
        headers_seen = {k.lower(): v for k, v in handler.headers.items()}
        return Seen(handler.command, handler.path, headers_seen, found["service"],
                    found["region"], tuple(signed))

    def answer(self, handler: BaseHTTPRequestHandler) -> tuple[int, bytes]:
        if handler.command == "POST" and handler.path.startswith("/token"):
            length = int(handler.headers.get("content-length") or 0)
            form = parse_qs(handler.rfile.read(length).decode())
            jwt_grant = form.get("grant_type") == [JWT_BEARER] and form.get("assertion")
            if form.get("refresh_token") != [REFRESH_TOKEN] and not jwt_grant:
                return 400, b'{"error": "invalid_grant"}'
            body = {"access_token": GOOGLE_TOKEN, "expires_in": 3600, "token_type": "Bearer"}
            return 200, json.dumps(body).encode()
        seen = self.check_signature(handler) or Seen(
            handler.command, handler.path, {k.lower(): v for k, v in handler.headers.items()})
        with self._lock:
            self.requests.append(seen)
        if self.status is not None:
            return self.status, json.dumps({"message": self.message}).encode()
        credential_ok = (
            seen.service is not None
            or handler.headers.get("x-api-key") == AWS_API_KEY
            or handler.headers.get("authorization") in (
                f"Bearer {BEDROCK_API_KEY}", f"Bearer {GOOGLE_TOKEN}")
        )
        if not credential_ok:
            return 403, json.dumps({"message": "The request signature we calculated does not "
                                               "match the signature you provided."}).encode()
        data = [{"type": "model", "id": m, "display_name": m} for m in MODELS]
        return 200, json.dumps({"data": data, "has_more": False}).encode()


class _Serving:
    def __init__(self) -> None:
        self.fake = FakePlatforms()
        fake = self.fake

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                reply(self, *fake.answer(self))

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        self._context = serving(Handler)

    def __enter__(self) -> FakePlatforms:
        server = self._context.__enter__()
        self.fake.base = url(server)
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)


def fake_platforms() -> _Serving:
    """``with fake_platforms() as fake:`` — the fake on ``fake.base``."""
    return _Serving()
