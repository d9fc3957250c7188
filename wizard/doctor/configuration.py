"""Checks of the settings files and the shell: what overrides what.

Precedence, highest first: managed > local > project > user settings > the shell. A value in
``env`` of any settings file beats the same variable exported in the shell.
"""

from __future__ import annotations

from typing import Any

from wizard import validation
from wizard.doctor import Check, fail, ok, warn
from wizard.i18n import _
from wizard.model import SetupError
from wizard.settings.owned import ENDPOINTS

SWITCHES = (
    "CLAUDE_CODE_USE_BEDROCK",
    "CLAUDE_CODE_USE_VERTEX",
    "CLAUDE_CODE_USE_FOUNDRY",
    "CLAUDE_CODE_USE_ANTHROPIC_AWS",
    "CLAUDE_CODE_USE_ANTHROPIC_GOOGLE_CLOUD",
    "CLAUDE_CODE_USE_MANTLE",
    "CLAUDE_CODE_USE_GATEWAY",
)
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


def shell_leftovers(report: dict[str, Any]) -> list[Check]:
    """Variables exported in the shell that change what the settings chose."""
    found = []
    effective = report["effective"]
    for key in SWITCHES:
        entry = effective.get(key)
        if entry and entry["from"] == "shell" and entry["value"] not in ("", "0"):
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
    active = [k for k in SWITCHES if effective.get(k, {}).get("value") not in (None, "", "0")]
    if len(active) > 1:
        found.append(
            fail(
                _("several providers are switched on at once: {keys}").format(
                    keys=", ".join(active)
                )
            )
        )
    return found


URL_VARIABLES = tuple(key for key in ENDPOINTS if key.endswith("_BASE_URL"))


def bad_endpoints(report: dict[str, Any]) -> list[Check]:
    """An endpoint a settings file (a project's, say) or the shell gives is checked as an
    option is: a malformed address (``http://[::1``) fails here, in one line, and the live
    request is never sent with it."""
    found = []
    for key in URL_VARIABLES:
        entry = report["effective"].get(key)
        if entry is None or not isinstance(entry["value"], str):
            continue
        try:
            validation.check_base_url(key, entry["value"])
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
        *shadowed_values(report),
        *shell_leftovers(report),
        *bad_endpoints(report),
    ]
