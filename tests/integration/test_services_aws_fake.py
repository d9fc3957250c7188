"""A local fake of the AWS endpoints the Bedrock discovery talks to, and checks of the fake.

``FakeAws`` is one stdlib HTTP server on 127.0.0.1 (a free port, a background thread) that
answers like:

* STS, query protocol: ``POST /`` with ``Action=GetCallerIdentity`` → XML;
* the Bedrock control plane, REST-JSON: ``GET /inference-profiles`` (``type``, ``maxResults``,
  ``nextToken``) and ``GET /foundation-models`` (``byProvider``);
* the SSO portal, REST-JSON: ``GET /federation/credentials`` (GetRoleCredentials).

Real boto3 reaches it through ``AWS_ENDPOINT_URL_STS``/``AWS_ENDPOINT_URL_BEDROCK``/
``AWS_ENDPOINT_URL_SSO`` (see ``env()``) or ``endpoint_url=``. The region of a request is the
one in its SigV4 credential scope, so one server plays every region: ``profiles[region]`` and
``models[region]`` are what that region lists. ``errors[operation]`` (or
``errors["Operation@region"]``) makes an operation fail with an AWS error body; ``latency``
delays every answer; ``hang`` holds answers that long (or until the fake stops). Every request
is recorded with its operation, its region and when it arrived.

``FakeAws(tls_folder=…)`` serves HTTPS with a certificate of its own (``ca_bundle``, for
``AWS_CA_BUNDLE``): botocore sends a bearer token (a Bedrock API key) only over HTTPS. A request
with a bearer token has no SigV4 scope; its region is ``bearer_region``.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import re
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import boto3
from botocore.config import Config

ACCOUNT = "123456789012"
ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/dev"
USER_ID = "AIDAEXAMPLEUSERID1234"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"

_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/(?P<region>[a-z0-9-]+)/(?P<service>[a-z0-9-]+)/")


def static_credentials_env() -> dict[str, str]:
    """Fake long-term keys, as a user would export them."""
    return {"AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY}


def system_profile(prefix: str, base: str, region: str) -> dict[str, Any]:
    """A ListInferenceProfiles summary of a system-defined (cross-region) profile."""
    profile_id = f"{prefix}.{base}"
    return {
        "inferenceProfileName": f"{prefix.upper()} {base}",
        "inferenceProfileArn": f"arn:aws:bedrock:{region}:{ACCOUNT}:inference-profile/{profile_id}",
        "inferenceProfileId": profile_id,
        "description": "fake",
        "status": "ACTIVE",
        "type": "SYSTEM_DEFINED",
        "models": [
            {"modelArn": f"arn:aws:bedrock:{r}::foundation-model/{base}"}
            for r in (region, "eu-central-1")
        ],
    }


def application_profile(arn: str, base: str, name: str = "team-claude") -> dict[str, Any]:
    """A ListInferenceProfiles summary of an application inference profile."""
    region = arn.split(":")[3]
    return {
        "inferenceProfileName": name,
        "inferenceProfileArn": arn,
        "inferenceProfileId": arn.rsplit("/", 1)[-1],
        "status": "ACTIVE",
        "type": "APPLICATION",
        "models": [{"modelArn": f"arn:aws:bedrock:{region}::foundation-model/{base}"}],
    }


def foundation_model(base: str, name: str, status: str = "ACTIVE") -> dict[str, Any]:
    """A ListFoundationModels summary."""
    return {
        "modelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{base}",
        "modelId": base,
        "modelName": name,
        "providerName": "Anthropic",
        "inputModalities": ["TEXT", "IMAGE"],
        "outputModalities": ["TEXT"],
        "responseStreamingSupported": True,
        "inferenceTypesSupported": ["INFERENCE_PROFILE"],
        "modelLifecycle": {"status": status},
    }


@dataclass(frozen=True)
class Request:
    """One request as the fake saw it."""

    operation: str
    region: str
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    started: float


@dataclass(frozen=True)
class AwsError:
    """An AWS error answer: HTTP status, error code, message."""

    status: int
    code: str
    message: str = ""


GATHER_WAIT = 5.0


class FakeAws:
    """STS + Bedrock control plane + SSO portal on ``http://127.0.0.1:<free port>``."""

    def __init__(self, latency: float = 0.0, tls_folder: Path | None = None) -> None:
        self.latency = latency
        self.tls_folder = tls_folder
        self.bearer_region = ""
        self.hang = 0.0
        self.page_size = 100
        self.profiles: dict[str, list[dict[str, Any]]] = {}
        self.models: dict[str, list[dict[str, Any]]] = {}
        self.errors: dict[str, AwsError] = {}
        self.role_credentials = {
            "accessKeyId": "ASIAEXAMPLESSOROLE12",
            "secretAccessKey": "sso/role/secret/EXAMPLEKEYEXAMPLEKEY1",
            "sessionToken": "FwoGZXIvYXdzEXAMPLESESSIONTOKEN",
            "expiration": 4102444800000,
        }
        self.peak_in_flight = 0
        """The most requests the fake was answering at the same moment."""
        self.gather = 0
        """When set, each answer waits (at most ``GATHER_WAIT`` s) until that many requests are
        in flight: parallel clients get there, a sequential one does not."""
        self._in_flight = 0
        self._requests: list[Request] = []
        self._lock = threading.Lock()
        self._gathered = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> FakeAws:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self), bind_and_activate=False)
        server.daemon_threads = True
        server.request_queue_size = 256  # many regions connect at once
        server.server_bind()
        server.server_activate()
        if self.tls_folder is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*_self_signed(self.tls_folder))
            server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None, "FakeAws is not running"
        scheme = "https" if self.tls_folder is not None else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}"

    @property
    def ca_bundle(self) -> Path:
        assert self.tls_folder is not None, "FakeAws serves plain HTTP"
        return self.tls_folder / "fake-aws.pem"

    def env(self) -> dict[str, str]:
        """Variables that send boto3's STS, Bedrock and SSO calls here."""
        return {
            "AWS_ENDPOINT_URL_STS": self.url,
            "AWS_ENDPOINT_URL_BEDROCK": self.url,
            "AWS_ENDPOINT_URL_SSO": self.url,
        }

    # -- inspection ------------------------------------------------------------------------

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)

    def calls(self, operation: str, region: str | None = None) -> list[Request]:
        return [
            r for r in self.requests
            if r.operation == operation and (region is None or r.region == region)
        ]

    # -- answers ---------------------------------------------------------------------------

    def answer(self, request: Request, body: bytes) -> tuple[int, dict[str, str], bytes]:
        if self.hang:
            self._stopping.wait(self.hang)
        if self.latency:
            time.sleep(self.latency)
        if self.gather:
            with self._gathered:
                self._gathered.wait_for(lambda: self._in_flight >= self.gather, GATHER_WAIT)
        error = (
            self.errors.get(f"{request.operation}@{request.region}")
            or self.errors.get(request.operation)
            or self.errors.get("*")
        )
        if error is not None:
            return _error_reply(request.operation, error)
        if request.operation == "GetCallerIdentity":
            xml = (
                f'<GetCallerIdentityResponse xmlns="{STS_NS}"><GetCallerIdentityResult>'
                f"<Arn>{escape(USER_ARN)}</Arn><UserId>{USER_ID}</UserId>"
                f"<Account>{ACCOUNT}</Account></GetCallerIdentityResult>"
                "<ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>"
                "</GetCallerIdentityResponse>"
            )
            return 200, {"Content-Type": "text/xml"}, xml.encode()
        if request.operation == "ListInferenceProfiles":
            kind = (request.query.get("type") or ["SYSTEM_DEFINED"])[0]
            items = [p for p in self.profiles.get(request.region, []) if p["type"] == kind]
            size = min(int((request.query.get("maxResults") or ["1000"])[0]), self.page_size)
            start = int((request.query.get("nextToken") or ["0"])[0])
            page: dict[str, Any] = {"inferenceProfileSummaries": items[start : start + size]}
            if start + size < len(items):
                page["nextToken"] = str(start + size)
            return _json(200, page)
        if request.operation == "ListFoundationModels":
            provider = (request.query.get("byProvider") or [""])[0].lower()
            items = [
                m for m in self.models.get(request.region, [])
                if not provider or m["providerName"].lower() == provider
            ]
            return _json(200, {"modelSummaries": items})
        if request.operation == "GetRoleCredentials":
            return _json(200, {"roleCredentials": self.role_credentials})
        return _json(404, {"message": f"fake: no route for {request.method} {request.path}"})


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own authority, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-aws")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "fake-aws.pem", folder / "fake-aws.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))  # fmt: skip
    return cert_path, key_path


def _operation(method: str, path: str, body: bytes) -> str:
    if method == "POST" and path == "/":
        return (parse_qs(body.decode()).get("Action") or ["?"])[0]
    return {
        "/inference-profiles": "ListInferenceProfiles",
        "/foundation-models": "ListFoundationModels",
        "/federation/credentials": "GetRoleCredentials",
    }.get(path, "?")


def _json(status: int, obj: Any, headers: dict[str, str] | None = None) -> tuple[
    int, dict[str, str], bytes
]:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(obj).encode()


def _error_reply(operation: str, error: AwsError) -> tuple[int, dict[str, str], bytes]:
    if operation == "GetCallerIdentity":  # STS: query protocol, XML error document
        xml = (
            f'<ErrorResponse xmlns="{STS_NS}"><Error><Type>Sender</Type>'
            f"<Code>{error.code}</Code><Message>{escape(error.message)}</Message></Error>"
            "<RequestId>fake-request</RequestId></ErrorResponse>"
        )
        return error.status, {"Content-Type": "text/xml"}, xml.encode()
    return _json(
        error.status,
        {"message": error.message},
        {"x-amzn-ErrorType": f"{error.code}:http://internal.amazon.com/coral/com.amazon.bedrock/"},
    )


def _make_handler(fake: FakeAws) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else a reused connection waits 40 ms for delayed ACKs

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def _handle(self) -> None:
            started = time.monotonic()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            authorization = self.headers.get("Authorization", "")
            scope = _SCOPE.search(authorization)
            bearer = authorization.startswith("Bearer ")
            request = Request(
                operation=_operation(self.command, parts.path, body),
                region=scope.group("region") if scope else fake.bearer_region if bearer else "",
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query),
                headers={k.lower(): v for k, v in self.headers.items()},
                started=started,
            )
            with fake._lock:
                fake._requests.append(request)
                fake._in_flight += 1
                fake.peak_in_flight = max(fake.peak_in_flight, fake._in_flight)
                fake._gathered.notify_all()
            try:
                status, headers, payload = fake.answer(request, body)
            finally:
                with fake._lock:
                    fake._in_flight -= 1
            try:
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(payload))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (a timeout test)

        do_GET = _handle
        do_POST = _handle

    return Handler


# ---------------------------------------------------------------------------------------------
# The fake answers the way botocore expects AWS to answer.


def _client(fake: FakeAws, service: str, region: str) -> Any:
    session = boto3.Session(
        aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY
    )
    return session.client(  # type: ignore[call-overload]
        service, region_name=region, endpoint_url=fake.url,
        config=Config(retries={"total_max_attempts": 1}),
    )


def test_fake_knows_the_region_from_the_signature_and_pages() -> None:
    with FakeAws() as fake:
        fake.page_size = 1
        base = "anthropic.claude-sonnet-4-6"
        fake.profiles["eu-west-1"] = [
            system_profile(prefix, base, "eu-west-1") for prefix in ("eu", "global")
        ]
        pages = _client(fake, "bedrock", "eu-west-1").get_paginator(
            "list_inference_profiles"
        ).paginate(typeEquals="SYSTEM_DEFINED")
        ids = [p["inferenceProfileId"] for page in pages for p in page["inferenceProfileSummaries"]]
        assert ids == ["eu.anthropic.claude-sonnet-4-6", "global.anthropic.claude-sonnet-4-6"]
        assert {r.region for r in fake.requests} == {"eu-west-1"}
        assert _client(fake, "bedrock", "us-east-1").list_inference_profiles()[
            "inferenceProfileSummaries"
        ] == []


def test_fake_errors_parse_as_aws_errors() -> None:
    from botocore.exceptions import ClientError

    with FakeAws() as fake:
        fake.errors["GetCallerIdentity"] = AwsError(403, "InvalidClientTokenId", "bad token")
        fake.errors["ListFoundationModels"] = AwsError(429, "ThrottlingException", "slow down")
        calls = {
            "InvalidClientTokenId": lambda: _client(fake, "sts", "us-east-1").get_caller_identity(),
            "ThrottlingException": lambda: _client(
                fake, "bedrock", "us-east-1"
            ).list_foundation_models(),
        }
        for code, call in calls.items():
            try:
                call()
            except ClientError as exc:
                assert exc.response["Error"]["Code"] == code
            else:
                raise AssertionError(f"no {code}")
