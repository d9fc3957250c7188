"""What a settings file makes Claude Code run, load or contact, read from its text alone.

A cloned repository's ``.claude/settings.json`` is not the user's word: before the user trusts
the folder, claude-setup lists what it would do (``status``, ``doctor``, the wizard) and never
does it. The same list tells the review what a file it writes into already does beside the
setup (a proxy, a hook, a TLS switch). Nothing here runs or opens anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from wizard.i18n import N_, _
from wizard.settings.owned import ENDPOINTS

Kind = Literal["runs", "loads", "contacts", "weakens"]

COMMAND_KEYS = (
    "apiKeyHelper",
    "awsCredentialExport",
    "awsAuthRefresh",
    "gcpAuthRefresh",
    "otelHeadersHelper",
    "processWrapper",
)
"""Top-level keys whose value is a command Claude Code runs."""

COMMAND_OBJECTS = ("statusLine", "subagentStatusLine", "fileSuggestion")
"""Top-level objects whose ``command`` Claude Code runs."""

CONTACTED_ENV = (
    *ENDPOINTS,
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
    "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_BEDROCK",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_ENDPOINT_URL_STS",
)
"""Variables that name where Claude Code's requests (or its telemetry) go."""

LOADED_ENV = (
    "GOOGLE_APPLICATION_CREDENTIALS",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "NODE_EXTRA_CA_CERTS",
    "CLAUDE_CODE_CLIENT_CERT",
    "CLAUDE_CODE_CLIENT_KEY",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "AWS_PROFILE",
)
"""Variables that name a file, or one of the user's own AWS profiles, that Claude Code (or its
SDKs) loads credentials or trust from."""

RUN_ENV = (
    "NODE_OPTIONS", "NODE_PATH", "BASH_ENV", "ENV", "ZDOTDIR", "PROMPT_COMMAND", "LD_PRELOAD",
    "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "PATH", "PYTHONPATH", "PYTHONSTARTUP",
    "PERL5OPT", "RUBYOPT", "SHELL", "CLAUDE_CODE_SHELL", "CLAUDE_CODE_SHELL_PREFIX",
    "CLAUDE_ENV_FILE", "EDITOR", "VISUAL", "SSH_ASKPASS",
)  # fmt: skip
RUN_PREFIXES = ("GIT_",)
"""Variables that make Claude Code, or the shells and tools it starts, run other code (every
``GIT_*``: ``GIT_EXTERNAL_DIFF``, ``GIT_SSH_COMMAND``, ``GIT_CONFIG_GLOBAL``... name commands
or the configuration that names them)."""

WEAKENING_ENV = {"NODE_TLS_REJECT_UNAUTHORIZED": "0"}
"""Variables (and the value) that switch a protection off."""

MCP_KEYS = ("enableAllProjectMcpServers", "enabledMcpjsonServers")
"""Keys that start the MCP servers of the project's ``.mcp.json`` without asking."""

WEAKENING_MODES = frozenset({"bypassPermissions", "acceptEdits", "auto", "dontAsk"})
"""``permissions.defaultMode`` values that let tools run without asking first."""


@dataclass(frozen=True)
class Reach:
    """One thing a settings file makes Claude Code do: ``kind`` of it, the key that says so
    (``apiKeyHelper``, ``env.ANTHROPIC_BASE_URL``, ``hooks.PreToolUse``) and its value."""

    kind: Kind
    key: str
    value: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "key": self.key, "value": self.value}

    def line(self) -> str:
        return describe(self.to_dict())


TEXTS = {
    "runs": N_("runs {key}: {value}"),
    "loads": N_("loads {key}: {value}"),
    "contacts": N_("sends requests to {key}: {value}"),
    "weakens": N_("switches off a protection, {key}: {value}"),
}


def describe(item: Mapping[str, str]) -> str:
    """What one key of a settings file makes Claude Code do, in a line (``Reach.to_dict``)."""
    return _(TEXTS[item["kind"]]).format(key=item["key"], value=item["value"])


def reach_of(data: Mapping[str, Any]) -> list[Reach]:
    """Everything ``data`` (a parsed settings file) makes Claude Code run, load or contact,
    and every protection it switches off, in the file's own order of keys."""
    return list(_walk(data))


def _walk(data: Mapping[str, Any]) -> Iterator[Reach]:
    for key in COMMAND_KEYS:
        if isinstance(data.get(key), str) and data[key].strip():
            yield Reach("runs", key, data[key])
    for key in COMMAND_OBJECTS:
        value = data.get(key)
        if isinstance(value, Mapping) and isinstance(value.get("command"), str):
            yield Reach("runs", f"{key}.command", value["command"])
    yield from _hooks(data.get("hooks"))
    for key in MCP_KEYS:
        value = data.get(key)
        if value is True or (isinstance(value, list) and value):
            shown = "true" if value is True else ", ".join(str(v) for v in value)
            yield Reach("runs", key, shown)
    env = data.get("env")
    if isinstance(env, Mapping):
        yield from _env(env)
    permissions = data.get("permissions")
    if isinstance(permissions, Mapping):
        mode = permissions.get("defaultMode")
        if isinstance(mode, str) and mode in WEAKENING_MODES:
            yield Reach("weakens", "permissions.defaultMode", mode)


def _env(env: Mapping[str, Any]) -> Iterator[Reach]:
    for name, value in env.items():
        if not isinstance(value, str) or not value:
            continue
        key = f"env.{name}"
        if name in CONTACTED_ENV:
            yield Reach("contacts", key, value)
        elif name in LOADED_ENV:
            yield Reach("loads", key, value)
        elif name in RUN_ENV or name.startswith(RUN_PREFIXES):
            yield Reach("runs", key, value)
        elif WEAKENING_ENV.get(name) == value:
            yield Reach("weakens", key, value)


def _hooks(hooks: object) -> Iterator[Reach]:
    """``hooks.EVENT[].hooks[]``: a ``command`` is run, a ``url`` is contacted."""
    if not isinstance(hooks, Mapping):
        return
    for event, matchers in hooks.items():
        for matcher in matchers if isinstance(matchers, list) else []:
            entries = matcher.get("hooks") if isinstance(matcher, Mapping) else None
            for hook in entries if isinstance(entries, list) else []:
                if not isinstance(hook, Mapping):
                    continue
                if isinstance(hook.get("command"), str):
                    yield Reach("runs", f"hooks.{event}", hook["command"])
                elif isinstance(hook.get("url"), str):
                    yield Reach("contacts", f"hooks.{event}", hook["url"])
