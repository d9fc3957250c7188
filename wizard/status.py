"""What is configured now: each scope's owned keys, the value that wins, and where it comes from.

Precedence, highest first: managed > local > project > user settings > the shell's environment.
Secret values are masked. The project and local files of a folder the user has not trusted
are reported as what Claude Code will use once the folder is trusted, with what they make it
run, load or contact (``reach``): claude-setup never does any of it.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

from wizard import profiles, redact, safefile, trust
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.model import Scope
from wizard.providers import detect, routing
from wizard.providers.base import ProviderChoice
from wizard.providers.registry import REGISTRY
from wizard.safetext import one_line
from wizard.settings import document, paths, reach
from wizard.settings.owned import OWNED_TOP, is_owned_env, shown_value
from wizard.settings.reach import reach_of

FOLDER_SCOPES = ("project", "local")
"""The scopes whose files come with the working folder: untrusted until the folder is."""

SCOPE_ORDER = ("managed", "local", "project", "user")
"""Highest precedence first."""


def masked(
    key: str, value: Any, reveal: bool = False, secret_headers: Collection[str] = ()
) -> Any:
    """A value as ``status`` and ``doctor`` show it (``owned.shown_value``): secrets masked,
    and in any other text whatever is shaped like a key (a helper command that carries one
    inline); unless ``reveal`` (for the live check, which uses them and shows none)."""
    if reveal:
        return value
    shown = shown_value(key, value, secret_headers)
    return redact.mask(shown) if isinstance(shown, str) else shown


def scope_files(project_dir: Path | None = None) -> list[tuple[str, Path]]:
    files = [("managed", p) for p in paths.managed_settings_paths()]
    scopes: tuple[Scope, ...] = ("local", "project", "user")
    for scope in scopes:
        files.append((scope, paths.settings_path(scope, project_dir)))
    return files


def read_scope(
    scope: str,
    path: Path,
    reveal: bool = False,
    secret_headers: Collection[str] = (),
    trusted: bool = True,
) -> dict[str, Any]:
    """One scope's file: its owned values, and for a folder's file whether the folder is
    trusted and what the file makes Claude Code run, load or contact."""
    entry: dict[str, Any] = {"scope": scope, "path": str(path), "exists": path.is_file()}
    if scope in FOLDER_SCOPES:
        entry["trusted"] = trusted
    if not entry["exists"]:
        return entry
    try:
        content = safefile.read_bytes(path) or b""
        data = document.parse(document.decode(content, path), path)
    except WizardError as exc:
        entry["error"] = str(exc)
        return entry
    env = data.get("env")
    env = env if isinstance(env, dict) else {}
    entry["env"] = {
        k: masked(k, v, reveal, secret_headers) for k, v in env.items() if is_owned_env(k)
    }
    entry["keys"] = {k: masked(k, data[k], reveal) for k in data if k in OWNED_TOP}
    if scope in FOLDER_SCOPES:
        variables = routing.variables_of(env)
        for key, aws in (("interposing", False), ("interposing_aws", True)):
            between = routing.interposing(variables, aws=aws)
            if between is not None:
                entry[key] = between
        entry["reach"] = [
            {**item.to_dict(), "value": masked(item.key.removeprefix("env."), item.value, reveal)}
            for item in reach_of(data)
        ]
    return entry


def effective_env(report: dict[str, Any]) -> dict[str, Any]:
    """Each effective variable or key and its value (masked unless collected with ``reveal``)."""
    return {key: entry["value"] for key, entry in report["effective"].items()}


def provider_choice(report: dict[str, Any]) -> ProviderChoice:
    """The provider Claude Code uses with what ``report`` found."""
    return detect.detect(effective_env(report))


def collect(project_dir: Path | None = None, reveal: bool = False) -> dict[str, Any]:
    """The report ``status`` prints; ``reveal`` keeps secret values (for doctor's live check,
    which uses them and never shows them)."""
    folder = project_dir or Path.cwd()
    by = trust.trusted_by(folder)
    headers = profiles.secret_headers()
    scopes = [
        read_scope(scope, path, reveal, headers, trusted=by is not None)
        for scope, path in scope_files(project_dir)
    ]
    effective: dict[str, dict[str, Any]] = {}
    for key, value in os.environ.items():
        if is_owned_env(key):
            effective[key] = {"value": masked(key, value, reveal, headers), "from": "shell"}
    for entry in reversed(scopes):
        for key, value in {**entry.get("env", {}), **entry.get("keys", {})}.items():
            effective[key] = {"value": value, "from": f"{entry['scope']} {entry['path']}"}
            if entry.get("trusted") is False:
                effective[key]["trusted"] = False
    env_values = {k: v["value"] for k, v in effective.items()}
    return {
        "active_profile": profiles.active_name(),
        "provider": detect.detect(env_values).describe(),
        "effective": dict(sorted(effective.items())),
        "scopes": scopes,
        "folder": {"path": str(folder), "trusted_by": by},
    }


def unreadable_settings(report: dict[str, Any]) -> str | None:
    """Why the settings cannot tell where Claude Code sends a secret (``None``: they can): a
    file claude-setup cannot read (``document.partly_read``)."""
    entry = next((e for e in report.get("scopes", []) if "error" in e), None)
    return None if entry is None else document.partly_read(entry["error"])


def interposing_setting(report: dict[str, Any]) -> tuple[str, str, str] | None:
    """The folder's file that sets a proxy or a certificate trust (``routing.interposing``):
    its scope, path and the variable; ``None`` when none does."""
    scopes = report.get("scopes", [])
    aws = routing.aws_switched(os.environ, *(routing.variables_of(e.get("env")) for e in scopes))
    key = "interposing_aws" if aws else "interposing"
    entry = next((e for e in scopes if key in e), None)
    return None if entry is None else (entry["scope"], entry["path"], entry[key])


def request_destinations(report: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Where Claude Code may send its requests here (``routing.possible_destinations``): with
    this environment and the user's file beneath, the folder's files counted or dropped, the
    managed files over all; the first counts every file."""
    if "scopes" not in report:  # a report of the effective values alone
        env = {key: routing.js_string(e["value"]) for key, e in report["effective"].items()}
        return [detect.request_destination(env)]
    below, above = dict(os.environ), {}
    folder = []
    for entry in reversed(report["scopes"]):  # lowest precedence first
        values = routing.variables_of(entry.get("env"))
        if entry["scope"] == "user":
            below.update(values)
        elif entry["scope"] in FOLDER_SCOPES:
            folder.append(values)
        else:
            above.update(values)
    return routing.possible_destinations(
        below, tuple(folder), above, destination=detect.request_destination
    )


def untrusted_scopes(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The folder's files that say something while the folder is not trusted."""
    return [
        entry
        for entry in report["scopes"]
        if entry.get("trusted") is False
        and (entry.get("env") or entry.get("keys") or entry.get("reach"))
    ]


def untrusted(entry: dict[str, Any]) -> bool:
    """An effective value that comes from a folder the user has not trusted."""
    return entry.get("trusted") is False


def claude_code_env(report: dict[str, Any]) -> dict[str, str]:
    """The environment Claude Code gives the commands it runs, as far as claude-setup knows
    it: the shell's, with the settings' ``env`` values over it, those of an untrusted folder
    left out. ``report`` is collected with ``reveal`` (it holds secret values)."""
    env = dict(os.environ)
    for key, entry in report["effective"].items():
        if entry["from"] != "shell" and key not in OWNED_TOP and not untrusted(entry):
            env[key] = str(entry["value"])
    return env


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
    if not any(env.get(key) for key in detect.choosing_keys()):
        return None
    choice = detect.detect(env)
    chosen: dict[str, str] = {"provider": choice.provider}
    if choice.gateway_api not in (None, "anthropic"):
        chosen["gateway_api"] = choice.gateway_api
    module = REGISTRY[choice.provider]
    takes = module.common_required | module.common_optional
    for key, name in TEAM_VALUES.items():
        if name in takes and isinstance(env.get(key), str) and env[key]:
            chosen.setdefault(name, env[key])
    return chosen


def reach_line(item: dict[str, str]) -> str:
    """What one key of a folder's file makes Claude Code do, in a line."""
    return reach.describe(item)


def untrusted_lines(report: dict[str, Any]) -> list[str]:
    """What the folder's files will make Claude Code do once the folder is trusted."""
    lines = []
    for entry in untrusted_scopes(report):
        lines.append(
            _(
                "{scope} settings {path}: this folder is not trusted; Claude Code asks before it "
                "uses them, and claude-setup has run, loaded and contacted none of it:"
            ).format(scope=entry["scope"], path=entry["path"])
        )
        lines += [f"  {reach_line(item)}" for item in entry.get("reach", [])]
    return lines


def render(report: dict[str, Any]) -> str:
    lines = [
        _("Provider: {provider}").format(provider=report["provider"]),
        _("Active profile: {name}").format(name=report["active_profile"] or _("none")),
        "",
    ]
    for key, entry in report["effective"].items():
        where = entry["from"]
        if untrusted(entry):
            where = _("{where}, not trusted").format(where=where)
        lines.append(f"  {key} = {one_line(str(entry['value']))}    ({where})")
    if not report["effective"]:
        lines.append(_("  no provider setting anywhere: Claude Code uses its defaults"))
    lines.append("")
    found = untrusted_lines(report)
    if found:
        lines += [*found, ""]
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
