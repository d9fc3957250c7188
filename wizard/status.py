"""What is configured now: each scope's owned keys, the value that wins, and where it comes from.

Precedence, highest first: managed > local > project > user settings > the shell's environment.
Secret values are masked.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

from wizard import profiles, safefile, validation
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.model import GATEWAY_APIS, Scope
from wizard.settings import document, paths
from wizard.settings.owned import OWNED_TOP, is_owned_env, shown_value

SCOPE_ORDER = ("managed", "local", "project", "user")
"""Highest precedence first."""


def masked(
    key: str, value: Any, reveal: bool = False, secret_headers: Collection[str] = ()
) -> Any:
    """A value as ``status`` and ``doctor`` show it (``owned.shown_value``): secrets masked,
    unless ``reveal`` (for the live check, which uses them and shows none)."""
    return value if reveal else shown_value(key, value, secret_headers)


def scope_files(project_dir: Path | None = None) -> list[tuple[str, Path]]:
    files = [("managed", p) for p in paths.managed_settings_paths()]
    scopes: tuple[Scope, ...] = ("local", "project", "user")
    for scope in scopes:
        files.append((scope, paths.settings_path(scope, project_dir)))
    return files


def read_scope(
    scope: str, path: Path, reveal: bool = False, secret_headers: Collection[str] = ()
) -> dict[str, Any]:
    entry: dict[str, Any] = {"scope": scope, "path": str(path), "exists": path.is_file()}
    if not entry["exists"]:
        return entry
    try:
        content = safefile.read_bytes(path) or b""
        data = document.parse(document.decode(content, path), path)
    except WizardError as exc:
        entry["error"] = str(exc)
        return entry
    env = data.get("env") or {}
    entry["env"] = {
        k: masked(k, v, reveal, secret_headers) for k, v in env.items() if is_owned_env(k)
    }
    entry["keys"] = {k: data[k] for k in data if k in OWNED_TOP}
    return entry


def detect_provider(env: dict[str, Any]) -> str:
    if env.get("CLAUDE_CODE_USE_GATEWAY") and env.get("ANTHROPIC_BASE_URL"):
        return "gateway (gateway mode)"
    if env.get("CLAUDE_CODE_USE_BEDROCK"):
        return "gateway (bedrock)" if env.get("CLAUDE_CODE_SKIP_BEDROCK_AUTH") else "bedrock"
    if env.get("CLAUDE_CODE_USE_VERTEX"):
        return "gateway (vertex)" if env.get("CLAUDE_CODE_SKIP_VERTEX_AUTH") else "vertex"
    if env.get("CLAUDE_CODE_USE_FOUNDRY"):
        return "foundry"
    for variable, name in (
        ("CLAUDE_CODE_USE_ANTHROPIC_AWS", "anthropic-aws"),
        ("CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD", "anthropic-google-cloud"),
        ("CLAUDE_CODE_USE_MANTLE", "mantle"),
    ):
        if env.get(variable):
            return name
    if env.get("ANTHROPIC_BASE_URL"):
        return "anthropic-compatible endpoint"
    return "anthropic"


def collect(project_dir: Path | None = None, reveal: bool = False) -> dict[str, Any]:
    """The report ``status`` prints; ``reveal`` keeps secret values (for doctor's live check,
    which uses them and never shows them)."""
    headers = profiles.secret_headers()
    scopes = [
        read_scope(scope, path, reveal, headers) for scope, path in scope_files(project_dir)
    ]
    effective: dict[str, dict[str, Any]] = {}
    for key, value in os.environ.items():
        if is_owned_env(key):
            effective[key] = {"value": masked(key, value, reveal, headers), "from": "shell"}
    for entry in reversed(scopes):
        for key, value in {**entry.get("env", {}), **entry.get("keys", {})}.items():
            effective[key] = {"value": value, "from": f"{entry['scope']} {entry['path']}"}
    env_values = {k: v["value"] for k, v in effective.items()}
    return {
        "active_profile": profiles.active_name(),
        "provider": detect_provider(env_values),
        "effective": dict(sorted(effective.items())),
        "scopes": scopes,
    }


PROVIDER_KEYS = (
    "CLAUDE_CODE_USE_BEDROCK",
    "CLAUDE_CODE_USE_VERTEX",
    "CLAUDE_CODE_USE_FOUNDRY",
    "CLAUDE_CODE_USE_ANTHROPIC_AWS",
    "CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD",
    "CLAUDE_CODE_USE_MANTLE",
    "ANTHROPIC_BASE_URL",
)

OWN_NAME_PROVIDERS = ("bedrock", "vertex", "foundry", "anthropic-aws", "anthropic-google-cloud",
                      "mantle")  # fmt: skip
"""Providers ``detect_provider`` names as a ``Setup`` does."""

TEAM_VALUES = {
    "AWS_REGION": "region",
    "CLOUD_ML_REGION": "region",
    "ANTHROPIC_VERTEX_PROJECT_ID": "project_id",
    "ANTHROPIC_BASE_URL": "base_url",
    "ANTHROPIC_MODEL": "model",
    "ANTHROPIC_DEFAULT_OPUS_MODEL": "opus_model",
    "ANTHROPIC_DEFAULT_SONNET_MODEL": "sonnet_model",
    "ANTHROPIC_DEFAULT_HAIKU_MODEL": "fast_model",
    "ANTHROPIC_DEFAULT_FABLE_MODEL": "fable_model",
    "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION": "fast_model_region",
    "ANTHROPIC_BEDROCK_SERVICE_TIER": "service_tier",
    "ANTHROPIC_AWS_WORKSPACE_ID": "workspace_id",
    "ANTHROPIC_GOOGLE_CLOUD_PROJECT": "project_id",
    "ANTHROPIC_GOOGLE_CLOUD_LOCATION": "region",
    "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID": "workspace_id",
    "ANTHROPIC_BEDROCK_BASE_URL": "base_url",
    "ANTHROPIC_AWS_BASE_URL": "base_url",
    "ANTHROPIC_GOOGLE_CLOUD_BASE_URL": "base_url",
    "ANTHROPIC_BEDROCK_MANTLE_BASE_URL": "base_url",
}
"""The project's shared values a teammate's own local setup keeps as they are (only those
the chosen provider takes)."""


def team_choice(report: dict[str, Any]) -> dict[str, str] | None:
    """What the project's shared ``.claude/settings.json`` chose, when it configures a
    provider (a team's choice): ``provider`` as a ``Setup`` names it, and the values to keep."""
    project = next((e for e in report["scopes"] if e["scope"] == "project"), None)
    user = next((e for e in report["scopes"] if e["scope"] == "user"), None)
    if project and user and paths.same_file(Path(project["path"]), Path(user["path"])):
        return None  # run from the home folder: the "project" file is the user's own
    env = (project or {}).get("env") or {}
    if not any(env.get(key) for key in PROVIDER_KEYS):
        return None
    detected = detect_provider(env)
    provider = (
        detected
        if detected in OWN_NAME_PROVIDERS
        else "gateway"
        if detected.startswith("gateway") or env.get("ANTHROPIC_BASE_URL")
        else "anthropic"
    )
    chosen = {"provider": provider}
    api = detected.removeprefix("gateway (").rstrip(")")
    if detected.startswith("gateway (") and api in GATEWAY_APIS:
        chosen["gateway_api"] = api
    from wizard.providers import REGISTRY

    module = REGISTRY[provider]
    takes = module.common_required | module.common_optional
    for key, name in TEAM_VALUES.items():
        if name in takes and isinstance(env.get(key), str) and env[key]:
            chosen.setdefault(name, env[key])
    return chosen


def render(report: dict[str, Any]) -> str:
    lines = [
        _("Provider: {provider}").format(provider=report["provider"]),
        _("Active profile: {name}").format(name=report["active_profile"] or _("none")),
        "",
    ]
    for key, entry in report["effective"].items():
        lines.append(f"  {key} = {validation.printable(str(entry['value']))}    ({entry['from']})")
    if not report["effective"]:
        lines.append(_("  no provider setting anywhere: Claude Code uses its defaults"))
    lines.append("")
    for entry in report["scopes"]:
        state = (
            _("unreadable: {error}").format(error=entry["error"])
            if "error" in entry
            else _("present")
            if entry["exists"]
            else _("absent")
        )
        lines.append(f"{entry['scope']:<8} {entry['path']}  [{state}]")
    return "\n".join(lines) + "\n"
