"""Checks of the settings files and the shell: what overrides what.

Precedence, highest first: managed > local > project > user settings > the shell. A value in
``env`` of any settings file beats the same variable exported in the shell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wizard import status, validation
from wizard.doctor import Check, fail, ok, warn
from wizard.i18n import _
from wizard.model import SetupError
from wizard.providers.detect import switches
from wizard.providers.routing import switched_on
from wizard.settings.owned import ENDPOINTS

DIRECT_KEYS = ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN")


def scope_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry.get("env", {}), **entry.get("keys", {})}


def unreadable_files(report: dict[str, Any]) -> list[Check]:
    return [fail(entry["error"]) for entry in report["scopes"] if "error" in entry]


def shadowed_values(report: dict[str, Any]) -> list[Check]:
    """A value the user set in one scope that a higher scope replaces with another."""
    found = []
    scopes = [e for e in report["scopes"] if e.get("exists") and "error" not in e]
    for index, lower in enumerate(scopes):
        for higher in scopes[:index]:
            for key, value in scope_values(lower).items():
                winner = scope_values(higher).get(key)
                if winner is not None and winner != value:
                    found.append(
                        warn(
                            _(
                                "{key} = {value} in {lower} settings is overridden by {higher} "
                                "settings ({path}): {winner}"
                            ).format(
                                key=key,
                                value=value,
                                lower=lower["scope"],
                                higher=higher["scope"],
                                path=higher["path"],
                                winner=winner,
                            )
                        )
                    )
    return found


def from_settings(report: dict[str, Any], key: str) -> bool:
    entry = report["effective"].get(key)
    return bool(entry) and entry["from"] != "shell"


def _switched_on(key: str, entry: dict[str, Any] | None) -> bool:
    """Whether Claude Code takes the switch ``key`` as on (``1``, ``true``, ``yes``, ``on``)."""
    return entry is not None and switched_on({key: entry["value"]}, key)


def shell_leftovers(report: dict[str, Any]) -> list[Check]:
    """Variables exported in the shell that change what the settings chose."""
    found = []
    effective = report["effective"]
    for key in switches():
        entry = effective.get(key)
        if entry and entry["from"] == "shell" and _switched_on(key, entry):
            found.append(
                warn(
                    _(
                        "your shell exports {key}={value}, which switches Claude Code's provider "
                        'whatever the settings say: unset it (or claude-setup writes it as "")'
                    ).format(key=key, value=entry["value"])
                )
            )
    if from_settings(report, "apiKeyHelper"):
        for key in DIRECT_KEYS:
            entry = effective.get(key)
            if entry and entry["from"] == "shell":
                found.append(
                    warn(
                        _(
                            "your shell exports {key}, which Claude Code uses before the "
                            "apiKeyHelper: unset it"
                        ).format(key=key)
                    )
                )
    active = [k for k in switches() if _switched_on(k, effective.get(k))]
    if len(active) > 1:
        found.append(
            fail(
                _("several providers are switched on at once: {keys}").format(
                    keys=", ".join(active)
                )
            )
        )
    return found


def untrusted_folder(report: dict[str, Any]) -> list[Check]:
    """The folder's files, while the folder is not trusted: what they will make Claude Code
    run, load or contact once it is, listed and never done."""
    found = []
    for entry in status.untrusted_scopes(report):
        found.append(
            warn(
                _(
                    "this folder is not trusted: Claude Code asks before it uses {path}, and "
                    "claude-setup has run, loaded and contacted nothing it names (trust the "
                    "folder in Claude Code, or with 'claude-setup trust')"
                ).format(path=entry["path"])
            )
        )
        scope = entry["scope"]
        found += [
            warn(_("{scope} settings {what}").format(scope=scope, what=status.reach_line(item)))
            for item in entry.get("reach", [])
        ]
    return found


VALUE_CHECKS: dict[str, Callable[[str, str], None]] = {
    **{name: validation.check_base_url for name in ENDPOINTS if name.endswith("_BASE_URL")},
    "ANTHROPIC_FOUNDRY_RESOURCE": validation.check_foundry_resource,
    "AWS_REGION": validation.check_aws_region,
    "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION": validation.check_aws_region,
    "CLOUD_ML_REGION": validation.check_vertex_region,
    "ANTHROPIC_VERTEX_PROJECT_ID": validation.check_project_id,
    "ANTHROPIC_AWS_WORKSPACE_ID": validation.check_google_cloud_name,
    "ANTHROPIC_GOOGLE_CLOUD_PROJECT": validation.check_google_cloud_name,
    "ANTHROPIC_GOOGLE_CLOUD_LOCATION": validation.check_google_cloud_name,
    "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID": validation.check_google_cloud_name,
}
"""The values the live check puts into a host name, a path or a header, each with the check
an apply gives it: a settings file's value is used only after it passed."""


def bad_values(report: dict[str, Any]) -> list[Check]:
    """A value a settings file (a project's, say) or the shell gives that no apply would write:
    a malformed address (``http://[::1``), a region that is a path, a line break that would
    add a header. Each fails in one line, and the live request is never sent with it."""
    found = []
    for key, entry in report["effective"].items():
        value = entry["value"]
        if not isinstance(value, str):
            continue
        lines = value.split("\n") if key == "ANTHROPIC_CUSTOM_HEADERS" else [value]
        try:
            if any(validation.has_control_characters(line) for line in lines):
                raise SetupError(key, _("contains a line break or a control character"))
            if key in VALUE_CHECKS and value:
                VALUE_CHECKS[key](key, value)
        except SetupError as exc:
            found.append(
                fail(
                    _("{key} ({where}): {reason}").format(
                        key=key, where=entry["from"], reason=exc.reason
                    )
                )
            )
    return found


def summary(report: dict[str, Any]) -> Check:
    profile = report["active_profile"] or _("none")
    return ok(
        _("provider: {provider} (active profile: {profile})").format(
            provider=report["provider"], profile=profile
        )
    )


def run(report: dict[str, Any]) -> list[Check]:
    return [
        summary(report),
        *unreadable_files(report),
        *untrusted_folder(report),
        *shadowed_values(report),
        *shell_leftovers(report),
        *bad_values(report),
    ]
