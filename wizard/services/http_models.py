"""The Anthropic API's model list, LLM gateway checks and the LiteLLM configuration they need.

Standard library only (``urllib``): this runs in the wizard and in ``doctor``, never on Claude
Code's startup path, but it must not wait forever: every call has one deadline.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

from wizard import catalogue, redact, validation
from wizard.i18n import _
from wizard.services import redirects
from wizard.services.errors import ServiceError

GatewayApi = Literal["anthropic", "bedrock", "vertex"]

ANTHROPIC_VERSION = "2023-06-01"
PAGE_LIMIT = 1000
MAX_PAGES = 50

LITELLM_KEY_HEADER = "x-litellm-api-key"
"""Where the LiteLLM key travels when the caller's Google token occupies ``Authorization``."""

_API_SUFFIXES: Mapping[GatewayApi, tuple[str, ...]] = {
    "anthropic": ("/anthropic",),
    "bedrock": ("/bedrock",),
    "vertex": ("/vertex_ai/v1", "/vertex_ai"),
}


@dataclass(frozen=True)
class GatewayReport:
    base_url: str
    api: GatewayApi
    reachable: bool
    latency_ms: float | None = None
    status: int | None = None
    models: tuple[str, ...] = field(default_factory=tuple)
    """The gateway's ``/v1/models`` list; empty when it has none or refused it."""
    problem: str | None = None
    """One sentence saying what is wrong and what to do; None when the gateway looks usable."""

    @property
    def ok(self) -> bool:
        return self.reachable and self.problem is None


class HttpStatusError(ServiceError):
    """The server answered, with an error status."""

    def __init__(self, message: str, *, status: int, detail: str = "") -> None:
        super().__init__(message, code="refused" if status in (401, 403) else f"http-{status}")
        self.status = status
        self.detail = detail
        """The server's own error message, secrets masked, at most 200 characters."""


class _Deadline:
    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.end = time.monotonic() + timeout

    def remaining(self) -> float:
        return self.end - time.monotonic()


def _host(url: str) -> str:
    parts = validation.split_url(url)
    return (parts.netloc if parts else "") or url


def _secrets_in(headers: Mapping[str, str]) -> list[str]:
    """The credentials a request carries: masked in whatever the server answers."""
    found = []
    for name, value in headers.items():
        if name.lower() not in redirects.HARMLESS_HEADERS:
            found.append(value)
            if value.lower().startswith("bearer "):
                found.append(value[len("bearer ") :])
    return found


def _http_error(
    exc: urllib.error.HTTPError, url: str, who: str, secrets: Sequence[str] = ()
) -> HttpStatusError:
    detail = ""
    try:
        body = json.loads(exc.read().decode("utf-8", "replace") or "null")
        error = body.get("error") if isinstance(body, dict) else None
        message = error.get("message") if isinstance(error, dict) else error
        if message is None and isinstance(body, dict):  # AWS: {"message": …} or {"Message": …}
            message = body.get("message") or body.get("Message")
        if isinstance(message, str) and message.strip():
            detail = redact.mask(message.strip().splitlines()[0], secrets)[:200]
    except (ValueError, OSError, AttributeError, RecursionError):
        pass
    if exc.code in (401, 403):
        text = _("{who} refused the key (HTTP {status}); check the key or ask for a new one")
        return HttpStatusError(
            text.format(who=who, status=exc.code), status=exc.code, detail=detail
        )
    if exc.code == 404:
        text = _("{url} answered 404 Not Found; check the base URL")
        return HttpStatusError(text.format(url=url.split("?", 1)[0]), status=404, detail=detail)
    reason = f" ({detail})" if detail else ""
    return HttpStatusError(
        _("{who} answered HTTP {status}{reason}; try again later or check its logs").format(
            who=who, status=exc.code, reason=reason
        ),
        status=exc.code,
        detail=detail,
    )


Headers = Mapping[str, str] | Callable[[str], Mapping[str, str]]
"""A request's headers, or a function that makes them for the URL (a signature)."""


def _get_json(
    url: str, headers: Mapping[str, str], deadline: _Deadline, who: str, body: Any = None
) -> Any:
    """GET ``url`` (POST ``body`` as JSON when given) and parse the answer's JSON; every
    failure becomes a one-sentence ServiceError."""
    remaining = deadline.remaining()
    host = _host(url)
    timeout_error = ServiceError(
        _(
            "{host} did not answer within {seconds:g} s; check the URL, the network or a proxy"
        ).format(host=host, seconds=deadline.timeout),
        code="timeout",
    )
    if remaining <= 0:
        raise timeout_error
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, headers=dict(headers), method="GET" if data is None else "POST"
    )
    try:
        with redirects.opener().open(request, timeout=remaining) as answer:
            raw = answer.read()
    except urllib.error.HTTPError as exc:
        with exc:
            raise _http_error(exc, url, who, _secrets_in(headers)) from None
    except urllib.error.URLError as exc:
        raise _connection_error(exc.reason, url, timeout_error) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _connection_error(exc, url, timeout_error) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ServiceError(
            _("{url} did not answer with JSON; check the base URL").format(
                url=url.split("?", 1)[0]
            ),
            code="not-json",
        ) from None


def _connection_error(reason: object, url: str, timeout_error: ServiceError) -> ServiceError:
    host = _host(url)
    if isinstance(reason, TimeoutError):
        return timeout_error
    if isinstance(reason, ConnectionRefusedError):
        return ServiceError(
            _("Nothing answers at {host}; check the URL and that the server is running").format(
                host=host
            ),
            code="refused-connection",
        )
    if isinstance(reason, ssl.SSLError):
        detail = getattr(reason, "verify_message", None) or getattr(reason, "reason", None)
        return ServiceError(
            _(
                "The TLS connection to {host} failed ({reason}); check http:// versus https:// "
                "or set SSL_CERT_FILE to your company's CA bundle"
            ).format(host=host, reason=detail or reason),
            code="tls",
        )
    if isinstance(reason, socket.gaierror):
        return ServiceError(
            _("Cannot resolve the host name of {host}; check the URL").format(host=host),
            code="dns",
        )
    text = str(reason) or type(reason).__name__
    return ServiceError(
        _("Cannot connect to {host} ({reason}); check the URL and the network").format(
            host=host, reason=text
        ),
        code="connection",
    )


def _v1_models_url(base_url: str) -> str:
    base = base_url.rstrip("/")
    return base + ("/models" if base.endswith("/v1") else "/v1/models")


def _model_ids(body: Any) -> list[str]:
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return []
    return [str(item["id"]) for item in data if isinstance(item, dict) and item.get("id")]


def _list_models(base_url: str, headers: Headers, deadline: _Deadline, who: str) -> list[str]:
    url = _v1_models_url(base_url)
    ids: list[str] = []
    after: str | None = None
    for _page in range(MAX_PAGES):
        query = {"limit": str(PAGE_LIMIT)} | ({"after_id": after} if after else {})
        page_url = f"{url}?{urlencode(query)}"
        sent = headers(page_url) if callable(headers) else headers
        body = _get_json(page_url, sent, deadline, who)
        page = [redact.mask(model, _secrets_in(sent)) for model in _model_ids(body)]
        ids.extend(page)
        last = body.get("last_id") if isinstance(body, dict) else None
        last = last if isinstance(last, str) and last else (page[-1] if page else None)
        if not (isinstance(body, dict) and body.get("has_more") is True) or not last:
            break
        if last == after:  # a server that keeps answering the same page
            break
        after = last
    return ids


def list_anthropic_models(base_url: str, api_key: str, timeout: float) -> list[str]:
    """Model IDs the key can use: ``GET {base_url}/v1/models``, every page (``after_id``).

    ``timeout`` bounds the whole listing, all pages together.
    """
    headers = {
        "x-api-key": api_key,
        "anthropic-version": ANTHROPIC_VERSION,
        "accept": "application/json",
    }
    return _list_models(base_url, headers, _Deadline(timeout), _("The Anthropic API"))


def foundry_base_url(resource: str | None, base_url: str | None) -> str:
    """Where Claude Code sends Foundry requests: the base URL given, else the resource's."""
    if base_url:
        return base_url.rstrip("/")
    return f"https://{resource}.services.ai.azure.com/anthropic"


def check_foundry(base_url: str, api_key: str, model: str, timeout: float) -> str:
    """One minimal request (one output token) to the Foundry deployment ``model``, as Claude
    Code sends it (``POST {base_url}/v1/messages``, ``x-api-key``); the model that answered."""
    headers = {
        "x-api-key": api_key,
        "anthropic-version": ANTHROPIC_VERSION,
        "content-type": "application/json",
        "accept": "application/json",
    }
    body = {"model": model, "max_tokens": 1, "messages": [{"role": "user", "content": "ping"}]}
    answer = _get_json(
        base_url.rstrip("/") + "/v1/messages", headers, _Deadline(timeout), _("Foundry"), body
    )
    if not isinstance(answer, dict) or answer.get("type") != "message":
        raise ServiceError(
            _("{url} did not answer like the Messages API; check the base URL").format(
                url=base_url
            ),
            code="not-messages",
        )
    return str(answer.get("model") or model)


def gateway_root(base_url: str, api: GatewayApi) -> str:
    """The gateway's own address: ``…:4000/bedrock`` → ``…:4000``."""
    base = base_url.rstrip("/")
    for suffix in _API_SUFFIXES[api]:
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def probe_gateway(base_url: str, key: str | None, api: GatewayApi, timeout: float) -> GatewayReport:
    """Is the gateway there, how fast, does it take the key, which models does it list.

    ``base_url`` is what Claude Code is given (``ANTHROPIC_BASE_URL``,
    ``ANTHROPIC_BEDROCK_BASE_URL`` or ``ANTHROPIC_VERTEX_BASE_URL``); the probe asks the
    gateway's ``/v1/models`` with the key the way Claude Code sends it (``x-api-key`` and
    ``Authorization: Bearer``). A gateway without ``/v1/models`` (404) is reachable, with no
    list. Never raises: a failure is the report's ``problem``.
    """
    headers = {"anthropic-version": ANTHROPIC_VERSION, "accept": "application/json"}
    if key:
        headers |= {"x-api-key": key, "authorization": f"Bearer {key}"}
    deadline = _Deadline(timeout)
    started = time.monotonic()
    try:
        models = _list_models(gateway_root(base_url, api), headers, deadline, _("The gateway"))
    except HttpStatusError as exc:
        latency = (time.monotonic() - started) * 1000
        if exc.status == 404:
            return GatewayReport(base_url, api, True, latency, 404)
        return GatewayReport(base_url, api, True, latency, exc.status, problem=str(exc))
    except ServiceError as exc:
        if exc.code == "not-json":
            latency = (time.monotonic() - started) * 1000
            return GatewayReport(base_url, api, True, latency, 200, problem=str(exc))
        return GatewayReport(base_url, api, False, problem=str(exc))
    latency = (time.monotonic() - started) * 1000
    return GatewayReport(base_url, api, True, latency, 200, tuple(models))


def suggest_disable_betas(api: GatewayApi) -> bool:
    """Whether to offer ``CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1``: a gateway fronting Bedrock
    or Vertex AI tends to reject the ``anthropic-beta`` values Claude Code sends."""
    return api in ("bedrock", "vertex")


def _default_model_ids(api: GatewayApi) -> list[str]:
    if api == "bedrock":
        return list(catalogue.default_models("bedrock", "global"))
    return list(catalogue.default_models(api))


def litellm_config(
    api: GatewayApi, uses_google_credentials: bool = False, models: Sequence[str] | None = None
) -> str:
    """The LiteLLM proxy ``config.yaml`` a gateway needs for Claude Code.

    ``models`` are the IDs Claude Code will send (default: the catalogue's main and fast
    models for ``api``); each becomes a ``model_list`` entry of that name, which is how LiteLLM
    routes the Bedrock and Vertex AI pass-through paths (``/model/<id>/…``) to its own
    credentials. ``uses_google_credentials``: Claude Code sends its own Google token in
    ``Authorization`` (a Vertex AI gateway without ``CLAUDE_CODE_SKIP_VERTEX_AUTH``), so the
    requests pass through with that token and the LiteLLM key travels in another header.
    """
    ids = list(models) if models else _default_model_ids(api)
    lines = [f"# LiteLLM proxy config for Claude Code ({_API_TITLES[api]})"]
    if api == "vertex" and uses_google_credentials:
        lines += [
            "# No model entries: a request with no configured credentials passes through to",
            "# Vertex AI with the caller's own Google token.",
            "model_list: []",
        ]
    else:
        lines.append("model_list:")
        for model_id in ids:
            lines += [f"  - model_name: {_yaml(model_id)}", "    litellm_params:"]
            lines += [f"      {line}" for line in _litellm_params(api, model_id)]
    lines += ["general_settings:", "  master_key: os.environ/LITELLM_MASTER_KEY"]
    if uses_google_credentials:
        lines += [
            "  # Claude Code's Google token occupies Authorization, so the LiteLLM key comes",
            "  # in this header (for Claude Code:",
            '  # ANTHROPIC_CUSTOM_HEADERS="x-litellm-api-key: KEY").',
            f"  litellm_key_header_name: {LITELLM_KEY_HEADER}",
        ]
    return "\n".join(lines) + "\n"


def _litellm_params(api: GatewayApi, model_id: str) -> list[str]:
    if api == "anthropic":
        return [f"model: {_yaml('anthropic/' + model_id)}", "api_key: os.environ/ANTHROPIC_API_KEY"]
    if api == "bedrock":
        return [
            f"model: {_yaml('bedrock/' + model_id)}",
            "aws_region_name: os.environ/AWS_REGION",
            "custom_llm_provider: bedrock",
        ]
    return [
        f"model: {_yaml('vertex_ai/' + model_id)}",
        "vertex_project: os.environ/VERTEXAI_PROJECT",
        "vertex_location: os.environ/VERTEXAI_LOCATION",
        "vertex_credentials: os.environ/GOOGLE_APPLICATION_CREDENTIALS",
    ]


_API_TITLES: Mapping[GatewayApi, str] = {
    "anthropic": "Anthropic format, ANTHROPIC_BASE_URL=https://HOST:4000",
    "bedrock": "Bedrock pass-through, ANTHROPIC_BEDROCK_BASE_URL=https://HOST:4000/bedrock",
    "vertex": "Vertex AI pass-through, ANTHROPIC_VERTEX_BASE_URL=https://HOST:4000/vertex_ai/v1",
}


def _yaml(value: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted JSON (a valid YAML string)."""
    if value and all(ch.isalnum() or ch in "-_./@" for ch in value) and value[0] not in "-.@":
        return value
    return json.dumps(value)
