"""Before the live check sends a credential: may it go there?

The live check sends what Claude Code would send, to where Claude Code would send it, except
when that would break one of claude-setup's promises; then it says why and sends nothing:

- a value of a folder the user has not trusted decides where requests go or what they carry;
- a key stored by claude-setup would go to another endpoint than the one it was stored for;
- a key from one settings file would go to an address chosen by another, a project's or a
  local file (a cloned repository's ``ANTHROPIC_BASE_URL`` beside the user's own key);
- a credential would cross the network over plain http, unless the user confirmed that
  address when applying the setup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wizard import endpoints, status
from wizard.doctor import Check, fail, warn
from wizard.i18n import _
from wizard.providers import detect
from wizard.providers.routing import js_string
from wizard.settings.owned import (
    CREDENTIALS,
    ENDPOINTS,
    LOCATIONS,
    OWNED_TOP,
    PROVIDER_SWITCHES,
)

if TYPE_CHECKING:
    from wizard.profiles import Binding

ROUTING = frozenset(
    (*PROVIDER_SWITCHES, *ENDPOINTS, *CREDENTIALS, *LOCATIONS, *OWNED_TOP,
     "ANTHROPIC_CUSTOM_HEADERS")
)  # fmt: skip
"""Values that decide where requests go, what they carry and what runs to make them."""

FOLDER_SCOPES = status.FOLDER_SCOPES


@dataclass(frozen=True)
class Credential:
    """What the live check would send: from which setting (``source``: a key of
    ``effective``, or ``None`` for the keyring of ``profile``), and the profile whose stored
    secret it is when claude-setup stored it."""

    source: str | None
    profile: str | None = None
    kind: str | None = None


def untrusted_routing(report: dict[str, Any]) -> Check | None:
    """The check does not run while an untrusted folder decides where it would go."""
    keys = sorted(
        key
        for key, entry in report["effective"].items()
        if key in ROUTING and status.untrusted(entry)
    )
    if not keys:
        return None
    return warn(
        _(
            "the connection was not checked: {keys} come from this folder's settings, which "
            "you have not trusted"
        ).format(keys=", ".join(keys))
    )


def scope_of(report: dict[str, Any], key: str | None) -> str:
    """``shell``, ``user``, ``project``, … of an effective value (``default``: none set)."""
    if key is None:
        return "default"
    entry = report["effective"].get(key)
    return str(entry["from"]).split(" ", 1)[0] if entry else "default"


def refusal(report: dict[str, Any], credential: Credential) -> Check | None:
    """Why the credential must not go where Claude Code would send it (``None``: it may)."""
    unreadable = status.unreadable_settings(report)
    if unreadable is not None:
        return fail(_("{reason}: not sent").format(reason=unreadable))
    between = status.interposing_setting(report)
    if between is not None:
        from wizard.binding import interposing_refusal

        return fail(_("{reason}: not sent").format(reason=interposing_refusal(*between)))
    env = {key: js_string(entry["value"]) for key, entry in report["effective"].items()}
    url, variable = detect.request_destination(env)
    addresses = sorted({there for there, _named in status.request_destinations(report)})
    if len(addresses) > 1:
        return fail(
            _(
                "Claude Code sends its requests to {one} or to {other} here, as it uses this "
                "folder's settings files or drops one its schema refuses: not sent"
            ).format(one=endpoints.shown(addresses[0]), other=endpoints.shown(addresses[1]))
        )
    try:
        there = endpoints.origin(url)
    except endpoints.BadAddress:
        return fail(
            _("{variable} = {value} is not an http(s) URL; Claude Code cannot use it").format(
                variable=variable, value=endpoints.shown(url)
            )
        )
    chosen_by = scope_of(report, variable)
    bound = _binding(credential)
    if credential.profile is not None and bound is None:
        return fail(
            _(
                "profile '{profile}' has no record of where its {what} may go: not sent (apply "
                "the profile again to record it)"
            ).format(profile=credential.profile, what=_label(credential.kind))
        )
    chosen = there if variable else None
    if bound is not None and bound.endpoint != chosen:
        return fail(
            _(
                "the {what} of profile '{profile}' was stored for {bound}; Claude Code would send "
                "it to {there} ({variable}, {scope} settings): not sent"
            ).format(
                what=_label(credential.kind),
                profile=credential.profile,
                bound=endpoints.shown(bound.endpoint) if bound.endpoint else _("its own endpoint"),
                there=endpoints.shown(there),
                variable=variable or _("its provider switch"),
                scope=chosen_by,
            )
        )
    key_scope = scope_of(report, credential.source) if credential.source else "own"
    if bound is None and chosen_by in FOLDER_SCOPES and key_scope != chosen_by:
        return fail(
            _(
                "{credential} would go to {there}, chosen by {scope} settings ({variable}): "
                "not sent"
            ).format(credential=_source_text(credential, key_scope),
                     there=endpoints.shown(there), scope=chosen_by, variable=variable)
        )  # fmt: skip
    if endpoints.is_plain_http(there) and (bound is None or bound.endpoint != there):
        return fail(
            _(
                "{there} is plain http: the check does not send a credential over it (Claude "
                "Code would; use https)"
            ).format(there=endpoints.shown(there))
        )
    return None


def _source_text(credential: Credential, scope: str) -> str:
    if credential.source is None:
        return _("your own credentials")
    if scope == "shell":
        return _("{key} from your shell").format(key=credential.source)
    return _("{key} from {scope} settings").format(key=credential.source, scope=scope)


def _binding(credential: Credential) -> Binding | None:
    if credential.profile is None or credential.kind is None:
        return None
    from wizard import binding

    return binding.profile_binding(credential.profile, credential.kind)


def _label(kind: str | None) -> str:
    from wizard.secrets.labels import secret_label

    return secret_label(kind) if kind else _("key")
