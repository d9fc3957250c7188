"""Local fake model endpoints for end-to-end tests with the real Claude Code CLI.

One HTTP server (stdlib only, bound to 127.0.0.1 on a free port, served from a background
thread) that answers like three providers at once, routing by path:

* Anthropic Messages API: ``POST …/v1/messages`` (any prefix, e.g. ``/anthropic/v1/messages``),
  streaming SSE when the body has ``"stream": true``, JSON otherwise;
  ``POST …/v1/messages/count_tokens``; ``GET …/v1/models``.
* Amazon Bedrock: ``GET …/inference-profiles``, ``GET …/foundation-models``,
  ``POST …/model/<id>/invoke-with-response-stream`` (AWS event-stream binary framing),
  ``POST …/model/<id>/invoke`` (JSON), ``POST …/model/<id>/count-tokens``.
* Google Vertex AI: ``POST …/projects/<p>/locations/<r>/publishers/anthropic/models/<m>:
  streamRawPredict`` (SSE) and ``…:rawPredict`` (JSON; count-tokens when ``<m>`` is
  ``count-tokens``).

Every request is recorded (method, raw path, case-insensitive headers, body bytes)::

    with FakeEndpoint() as ep:
        run_claude(..., extra_env={"ANTHROPIC_BASE_URL": ep.url})
        [req] = ep.requests_to("/v1/messages")
        assert req.headers["x-api-key"] == "sk-ant-test-fake"
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import struct
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = [
    "MODEL_CALL_KINDS",
    "FakeEndpoint",
    "Headers",
    "RecordedRequest",
    "anthropic_stream_events",
    "bedrock_profile_summary",
    "encode_event_stream_message",
    "decode_event_stream",
]

DEFAULT_REPLY = "pong"


class Headers(Mapping[str, str]):
    """Read-only, case-insensitive view of HTTP headers (repeated names joined by ", ")."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._items: list[tuple[str, str]] = list(items)
        merged: dict[str, tuple[str, str]] = {}
        for name, value in items:
            key = name.lower()
            if key in merged:
                merged[key] = (merged[key][0], merged[key][1] + ", " + value)
            else:
                merged[key] = (name, value)
        self._merged = merged

    def __getitem__(self, name: str) -> str:
        return self._merged[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._merged

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._merged.values())

    def __len__(self) -> int:
        return len(self._merged)

    def raw_items(self) -> list[tuple[str, str]]:
        """Headers exactly as received, in order, with repeats."""
        return list(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it."""

    method: str
    path: str  # raw request target, query string included, still URL-encoded
    headers: Headers
    body: bytes
    response_status: int = 0
    kind: str = ""  # route that answered: "anthropic.messages", "bedrock.invoke-stream", …

    @property
    def url_path(self) -> str:
        """Path without the query string, still URL-encoded."""
        return urlsplit(self.path).path

    @property
    def decoded_path(self) -> str:
        """Path without the query string, URL-decoded (``%3A`` → ``:``, ``%2F`` → ``/``)."""
        return unquote(self.url_path)

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query)

    def json(self) -> Any:
        """The body parsed as JSON (raises ValueError when it is not JSON)."""
        return json.loads(self.body.decode("utf-8"))

    @property
    def model(self) -> str | None:
        """Model named by the request: body ``model`` (Anthropic), else from the path."""
        try:
            body = self.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("model"), str):
            return str(body["model"])
        m = _BEDROCK_MODEL_RE.search(self.url_path)
        if m:
            return unquote(m.group("model"))
        m = _VERTEX_RE.search(self.decoded_path)
        if m:
            return m.group("model")
        return None


# --------------------------------------------------------------------------------------------
# Anthropic streaming events


def _message(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "msg_fake_" + uuid.uuid4().hex[:20],
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 12,
            "output_tokens": 2,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    }


def anthropic_stream_events(model: str, text: str = DEFAULT_REPLY) -> list[dict[str, Any]]:
    """The Messages API streaming events that produce one text block ``text``."""
    start = _message(model, "")
    start["content"] = []
    start["stop_reason"] = None
    start["usage"] = dict(start["usage"], output_tokens=1)
    return [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"},
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "text_delta", "text": text},
        },
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 2},
        },
        {"type": "message_stop"},
    ]


def _sse(events: list[dict[str, Any]]) -> bytes:
    out = []
    for event in events:
        out.append(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n")
    return "".join(out).encode("utf-8")


# --------------------------------------------------------------------------------------------
# AWS event-stream framing (application/vnd.amazon.eventstream)

_HEADER_TYPE_STRING = 7


def encode_event_stream_message(headers: Mapping[str, str], payload: bytes) -> bytes:
    """One AWS event-stream message with string headers.

    Layout: total length (u32) | headers length (u32) | prelude CRC32 (u32) | headers |
    payload | message CRC32 (u32), all big-endian. A string header is: name length (u8),
    name, type 7 (u8), value length (u16), value.
    """
    encoded_headers = b""
    for name, value in headers.items():
        n = name.encode("utf-8")
        v = value.encode("utf-8")
        encoded_headers += struct.pack(">B", len(n)) + n
        encoded_headers += struct.pack(">BH", _HEADER_TYPE_STRING, len(v)) + v
    total = 12 + len(encoded_headers) + len(payload) + 4
    prelude = struct.pack(">II", total, len(encoded_headers))
    prelude += struct.pack(">I", binascii.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + encoded_headers + payload
    return message + struct.pack(">I", binascii.crc32(message) & 0xFFFFFFFF)


def decode_event_stream(data: bytes) -> list[tuple[dict[str, str], bytes]]:
    """Parse AWS event-stream messages (string headers only), checking both CRCs."""
    out: list[tuple[dict[str, str], bytes]] = []
    pos = 0
    while pos < len(data):
        total, headers_len, prelude_crc = struct.unpack_from(">III", data, pos)
        if binascii.crc32(data[pos : pos + 8]) & 0xFFFFFFFF != prelude_crc:
            raise ValueError("bad prelude CRC")
        (message_crc,) = struct.unpack_from(">I", data, pos + total - 4)
        if binascii.crc32(data[pos : pos + total - 4]) & 0xFFFFFFFF != message_crc:
            raise ValueError("bad message CRC")
        hpos = pos + 12
        hend = hpos + headers_len
        headers: dict[str, str] = {}
        while hpos < hend:
            (nlen,) = struct.unpack_from(">B", data, hpos)
            name = data[hpos + 1 : hpos + 1 + nlen].decode("utf-8")
            hpos += 1 + nlen
            htype, vlen = struct.unpack_from(">BH", data, hpos)
            if htype != _HEADER_TYPE_STRING:
                raise ValueError(f"unsupported header type {htype}")
            headers[name] = data[hpos + 3 : hpos + 3 + vlen].decode("utf-8")
            hpos += 3 + vlen
        out.append((headers, data[hend : pos + total - 4]))
        pos += total
    return out


def _bedrock_event_stream(events: list[dict[str, Any]]) -> bytes:
    chunks = []
    for event in events:
        if event["type"] == "message_stop":
            event = dict(
                event,
                **{
                    "amazon-bedrock-invocationMetrics": {
                        "inputTokenCount": 12,
                        "outputTokenCount": 2,
                        "invocationLatency": 42,
                        "firstByteLatency": 21,
                    }
                },
            )
        payload = json.dumps(
            {"bytes": base64.b64encode(json.dumps(event).encode("utf-8")).decode("ascii")}
        ).encode("utf-8")
        chunks.append(
            encode_event_stream_message(
                {
                    ":event-type": "chunk",
                    ":content-type": "application/json",
                    ":message-type": "event",
                },
                payload,
            )
        )
    return b"".join(chunks)


# --------------------------------------------------------------------------------------------
# Bedrock inference profiles


def bedrock_profile_summary(
    profile_id_or_arn: str,
    foundation_model: str = "anthropic.claude-sonnet-4-6",
    region: str = "eu-west-1",
    account: str = "123456789012",
) -> dict[str, Any]:
    """A plausible InferenceProfileSummary / GetInferenceProfile answer.

    ``profile_id_or_arn`` is a system profile ID (``eu.anthropic.claude-sonnet-4-6``) or an
    application profile ARN (``arn:aws:bedrock:…:application-inference-profile/ID``).
    """
    if profile_id_or_arn.startswith("arn:"):
        arn = profile_id_or_arn
        profile_id = arn.rsplit("/", 1)[-1]
        kind = "APPLICATION"
        parts = arn.split(":")
        region = parts[3] if len(parts) > 3 and parts[3] else region
    else:
        profile_id = profile_id_or_arn
        arn = f"arn:aws:bedrock:{region}:{account}:inference-profile/{profile_id}"
        kind = "SYSTEM_DEFINED"
    return {
        "inferenceProfileName": profile_id,
        "inferenceProfileArn": arn,
        "inferenceProfileId": profile_id,
        "description": "fake inference profile",
        "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z",
        "status": "ACTIVE",
        "type": kind,
        "models": [{"modelArn": f"arn:aws:bedrock:{region}::foundation-model/{foundation_model}"}],
    }


# --------------------------------------------------------------------------------------------
# Routing

_BEDROCK_MODEL_RE = re.compile(
    r"/model/(?P<model>[^/]+)/(?P<op>invoke-with-response-stream|invoke|count-tokens"
    r"|converse-stream|converse)$"
)
_VERTEX_RE = re.compile(
    r"/projects/(?P<project>[^/]+)/locations/(?P<region>[^/]+)/publishers/anthropic/models/"
    r"(?P<model>[^/:]+):(?P<op>streamRawPredict|rawPredict|countTokens)$"
)


MODEL_CALL_KINDS = frozenset(
    {
        "anthropic.messages",
        "bedrock.invoke",
        "bedrock.invoke-stream",
        "vertex.rawPredict",
        "vertex.streamRawPredict",
    }
)
"""Values of :attr:`RecordedRequest.kind` for requests that asked a model for an answer."""


@dataclass
class _Reply:
    status: int
    content_type: str
    body: bytes
    kind: str
    extra_headers: dict[str, str] = field(default_factory=dict)


def _json_reply(obj: Any, kind: str, status: int = 200) -> _Reply:
    return _Reply(status, "application/json", json.dumps(obj).encode("utf-8"), kind)


def _loads(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body.decode("utf-8")) if body else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


class FakeEndpoint:
    """A fake Anthropic + Bedrock + Vertex endpoint on ``http://127.0.0.1:<free port>``.

    Use as a context manager (or call :meth:`start` / :meth:`stop`). ``reply_text`` is what
    the fake model answers. Set :attr:`error` to ``(status, json_body)`` to make every model
    call (see :data:`MODEL_CALL_KINDS`) fail with that answer; listings and count-tokens keep
    working.
    """

    def __init__(self, reply_text: str = DEFAULT_REPLY) -> None:
        self.reply_text = reply_text
        self.error: tuple[int, dict[str, Any]] | None = None
        #: What ``GET /inference-profiles`` (ListInferenceProfiles) returns as
        #: ``inferenceProfileSummaries``; see :func:`bedrock_profile_summary`.
        self.inference_profiles: list[dict[str, Any]] = []
        #: Foundation model behind any profile fetched with ``GET /inference-profiles/<id>``.
        self.profile_foundation_model = "anthropic.claude-sonnet-4-6"
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeEndpoint:
        if self._server is not None:
            return self
        handler = _make_handler(self)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-endpoint",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeEndpoint:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- inspection ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeEndpoint is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:40123``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path_substring: str, method: str | None = None) -> list[RecordedRequest]:
        """Requests whose raw or URL-decoded path contains ``path_substring``."""
        return [
            r
            for r in self.requests
            if (path_substring in r.path or path_substring in unquote(r.path))
            and (method is None or r.method.upper() == method.upper())
        ]

    def model_calls(self) -> list[RecordedRequest]:
        """Requests that asked a model for an answer (any provider, streaming or not)."""
        return [r for r in self.requests if r.kind in MODEL_CALL_KINDS]

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()

    def describe(self) -> str:
        """One line per request, for assertion messages."""
        return "\n".join(f"{r.method} {r.path} -> {r.response_status}" for r in self.requests)

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    # -- routing ---------------------------------------------------------------------------

    def _route(self, method: str, raw_path: str, body: bytes) -> _Reply:
        reply = self._answer(method, raw_path, body)
        if self.error is not None and reply.kind in MODEL_CALL_KINDS:
            status, err = self.error
            return _json_reply(err, reply.kind, status)
        return reply

    def _answer(self, method: str, raw_path: str, body: bytes) -> _Reply:
        path = urlsplit(raw_path).path
        decoded = unquote(path)
        payload = _loads(body)

        # Anthropic Messages API
        if method == "POST" and path.endswith("/v1/messages/count_tokens"):
            return _json_reply({"input_tokens": 12}, "anthropic.count_tokens")
        if method == "POST" and path.endswith("/v1/messages"):
            model = str(payload.get("model", "claude-unknown"))
            if payload.get("stream") is True:
                events = anthropic_stream_events(model, self.reply_text)
                return _Reply(200, "text/event-stream", _sse(events), "anthropic.messages")
            return _json_reply(_message(model, self.reply_text), "anthropic.messages")
        if method == "GET" and re.search(r"/v1/models/?$", path):
            data = [
                {
                    "type": "model",
                    "id": mid,
                    "display_name": mid,
                    "created_at": "2026-01-01T00:00:00Z",
                }
                for mid in ("claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5")
            ]
            return _json_reply(
                {
                    "data": data,
                    "has_more": False,
                    "first_id": data[0]["id"],
                    "last_id": data[-1]["id"],
                },
                "anthropic.models",
            )

        # Bedrock
        m = _BEDROCK_MODEL_RE.search(path)
        if method == "POST" and m:
            model = unquote(m.group("model"))
            op = m.group("op")
            if op == "invoke-with-response-stream":
                events = anthropic_stream_events(model, self.reply_text)
                return _Reply(
                    200,
                    "application/vnd.amazon.eventstream",
                    _bedrock_event_stream(events),
                    "bedrock.invoke-stream",
                    {
                        "x-amzn-RequestId": str(uuid.uuid4()),
                        "x-amzn-Bedrock-Content-Type": "application/json",
                    },
                )
            if op == "invoke":
                return _json_reply(_message(model, self.reply_text), "bedrock.invoke")
            if op == "count-tokens":
                return _json_reply({"inputTokens": 12}, "bedrock.count-tokens")
            return _json_reply(
                {"message": f"{op} is not supported by this fake"}, "bedrock.unsupported", 400
            )
        if method == "GET" and path.endswith("/inference-profiles"):
            return _json_reply(
                {"inferenceProfileSummaries": list(self.inference_profiles)},
                "bedrock.inference-profiles",
            )
        p = re.search(r"/inference-profiles/(?P<id>[^/]+)$", path)
        if method == "GET" and p:
            profile_id = unquote(p.group("id"))
            for summary in self.inference_profiles:
                if profile_id in (
                    summary.get("inferenceProfileId"),
                    summary.get("inferenceProfileArn"),
                ):
                    return _json_reply(summary, "bedrock.inference-profile")
            return _json_reply(
                bedrock_profile_summary(profile_id, self.profile_foundation_model),
                "bedrock.inference-profile",
            )
        if method == "GET" and path.endswith("/foundation-models"):
            return _json_reply({"modelSummaries": []}, "bedrock.foundation-models")

        # Vertex
        v = _VERTEX_RE.search(decoded)
        if method == "POST" and v:
            model = v.group("model")
            op = v.group("op")
            if model == "count-tokens" or op == "countTokens":
                return _json_reply({"input_tokens": 12}, "vertex.count-tokens")
            if op == "streamRawPredict" or payload.get("stream") is True:
                events = anthropic_stream_events(model, self.reply_text)
                return _Reply(200, "text/event-stream", _sse(events), "vertex.streamRawPredict")
            return _json_reply(_message(model, self.reply_text), "vertex.rawPredict")

        if method in ("GET", "HEAD"):
            return _json_reply({"ok": True}, "other.get")
        return _json_reply(
            {
                "type": "error",
                "error": {
                    "type": "not_found_error",
                    "message": f"fake: no route for {method} {path}",
                },
            },
            "not-found",
            404,
        )


def _make_handler(endpoint: FakeEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeEndpoint/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def _read_body(self) -> bytes:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                data = b""
                while True:
                    line = self.rfile.readline().strip()
                    size = int(line.split(b";", 1)[0] or b"0", 16)
                    if size == 0:
                        while self.rfile.readline().strip():
                            pass  # trailers
                        return data
                    data += self.rfile.read(size)
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _handle(self) -> None:
            body = self._read_body()
            headers = Headers([(k, v) for k, v in self.headers.items()])
            try:
                reply = endpoint._route(self.command, self.path, body)
            except Exception as exc:  # keep the server alive; the test sees a 500
                reply = _json_reply({"error": repr(exc)}, "crash", 500)
            endpoint._record(
                RecordedRequest(
                    method=self.command,
                    path=self.path,
                    headers=headers,
                    body=body,
                    response_status=reply.status,
                    kind=reply.kind,
                )
            )
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("request-id", "req_fake_" + uuid.uuid4().hex[:16])
            for name, value in reply.extra_headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
            self.wfile.flush()

        do_GET = _handle
        do_POST = _handle
        do_PUT = _handle
        do_DELETE = _handle
        do_HEAD = _handle
        do_PATCH = _handle

    return Handler
