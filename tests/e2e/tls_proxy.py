"""The fake endpoint behind an HTTPS proxy with its own certificate authority, so that the real
Claude Code talks to the providers' real host names and the fake sees them.

Claude Code honours ``HTTPS_PROXY=http://127.0.0.1:PORT`` with ``NODE_EXTRA_CA_CERTS=ca.pem``:
it sends ``CONNECT host:443``, then TLS, which the proxy ends with a certificate for that host
signed by the test's CA, and hands the requests inside to the fake endpoint's handler. Each
recorded request's ``Host`` header is then the real host name (``aws-external-anthropic.
us-west-2.api.aws``, ``claude.googleapis.com``…). Google's token service and the AWS SSO
portal's ``GetRoleCredentials`` and STS ``GetCallerIdentity`` are answered too.
"""

from __future__ import annotations

import datetime
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fakes import FakeEndpoint, _json_reply, _loads, _make_handler, _Reply

GOOGLE_ACCESS_TOKEN = "ya29.EXAMPLE-google-access-token"
"""The token answered to an ``authorized_user`` refresh (``grant_type=refresh_token``)."""
GOOGLE_SERVICE_ACCOUNT_TOKEN = "ya29.c.EXAMPLE-google-service-account-token"
"""The token answered to a service account's signed JWT (``grant_type=…:jwt-bearer``)."""
JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"

SSO_ROLE_KEY_ID = "ASIAIOSFODNN7SSOROLE"
SSO_ROLE_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYssoEXAMPLEKEY"
SSO_ROLE_SESSION = "EXAMPLE-sso-role-session-token"

CALLER_IDENTITY = """<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::222222222222:assumed-role/BedrockUser/claude-dev</Arn>
    <UserId>AROAEXAMPLEROLEID0001:claude-dev</UserId>
    <Account>222222222222</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-EXAMPLE00001</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>
"""


def form_or_json(body: bytes) -> dict[str, str]:
    """A token request's fields, form-encoded or JSON."""
    fields = _loads(body)
    if not fields:
        text = body.decode("utf-8", "replace")
        fields = {name: values[0] for name, values in parse_qs(text).items()}
    return {str(name): str(value) for name, value in fields.items()}


class ProviderFake(FakeEndpoint):
    """The fake endpoint, plus Google's OAuth token service (``POST /token``), the AWS SSO
    portal's ``GET /federation/credentials`` and STS ``GetCallerIdentity`` (``POST /``, which
    Claude Code calls to check AWS credentials before it would run ``awsAuthRefresh``).

    The token service answers a refresh-token grant with :data:`GOOGLE_ACCESS_TOKEN` and a
    JWT-bearer grant with :data:`GOOGLE_SERVICE_ACCOUNT_TOKEN` (the test checks the JWT it
    recorded). The portal gives any role :data:`SSO_ROLE_KEY_ID` and its session (the test
    checks the bearer token and the role asked for).
    """

    def _answer(self, method: str, raw_path: str, body: bytes) -> _Reply:
        path = urlsplit(raw_path).path
        if method == "POST" and path == "/token":
            return self._google_token(form_or_json(body))
        if method == "GET" and path == "/federation/credentials":
            return _json_reply(
                {
                    "roleCredentials": {
                        "accessKeyId": SSO_ROLE_KEY_ID,
                        "secretAccessKey": SSO_ROLE_SECRET,
                        "sessionToken": SSO_ROLE_SESSION,
                        "expiration": int((time.time() + 3600) * 1000),
                    }
                },
                "sso.role-credentials",
            )
        if method == "POST" and path == "/" and b"Action=GetCallerIdentity" in body:
            return _Reply(200, "text/xml", CALLER_IDENTITY.encode(), "sts.get-caller-identity")
        return super()._answer(method, raw_path, body)

    @staticmethod
    def _google_token(fields: dict[str, str]) -> _Reply:
        token = {
            "refresh_token": GOOGLE_ACCESS_TOKEN,
            JWT_BEARER_GRANT: GOOGLE_SERVICE_ACCOUNT_TOKEN,
        }.get(fields.get("grant_type", ""))
        if token is None:
            return _json_reply({"error": "unsupported_grant_type"}, "google.token", 400)
        return _json_reply(
            {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}, "google.token"
        )


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


class CertificateAuthority:
    """A CA made for one test, and a leaf certificate per host name, on demand."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        self._cert = (
            x509.CertificateBuilder()
            .subject_name(_name("claude-setup test CA"))
            .issuer_name(_name("claude-setup test CA"))
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True, content_commitment=False, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=True,
                    crl_sign=True, encipher_only=False, decipher_only=False,
                ),
                critical=True,
            )
            .sign(self._key, hashes.SHA256())
        )
        self.pem_file = folder / "ca.pem"
        self.pem_file.write_bytes(self._cert.public_bytes(serialization.Encoding.PEM))
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()

    def context_for(self, host: str) -> ssl.SSLContext:
        with self._lock:
            if host not in self._contexts:
                self._contexts[host] = self._make_context(host)
            return self._contexts[host]

    def _make_context(self, host: str) -> ssl.SSLContext:
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(host))
            .issuer_name(self._cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            )
            .sign(self._key, hashes.SHA256())
        )
        cert_file = self.folder / f"{host}.pem"
        key_file = self.folder / f"{host}.key"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        return context


class HttpsProxy:
    """``http://127.0.0.1:PORT`` answering ``CONNECT`` with TLS ended by the test's CA and the
    fake endpoint behind it. Use as a context manager."""

    def __init__(self, endpoint: FakeEndpoint, folder: Path) -> None:
        self.endpoint = endpoint
        self.ca = CertificateAuthority(folder)
        self.hosts: list[str] = []
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> HttpsProxy:
        inner = _make_handler(self.endpoint)
        proxy = self

        class Connect(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

            def do_CONNECT(self) -> None:  # noqa: N802 - http.server's naming
                host = self.path.rsplit(":", 1)[0]
                proxy.hosts.append(host)
                self.send_response(200, "Connection established")
                self.end_headers()
                self.wfile.flush()
                try:
                    tls = proxy.ca.context_for(host).wrap_socket(
                        self.connection, server_side=True
                    )
                    inner(tls, self.client_address, self.server)
                except (ssl.SSLError, OSError):
                    pass
                self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Connect)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def env(self) -> dict[str, str]:
        """What Claude Code needs to go through the proxy and trust its certificates."""
        assert self._server is not None
        port = self._server.server_address[1]
        return {
            "HTTPS_PROXY": f"http://127.0.0.1:{port}",
            "NODE_EXTRA_CA_CERTS": str(self.ca.pem_file),
        }
