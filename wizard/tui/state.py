"""What passes between the screens: the choices so far, the text typed, the secret apart."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.model import ALWAYS_ALLOWED, Setup
from wizard.profiles import project_profile_name
from wizard.providers.registry import REGISTRY
from wizard.secrets.value import Secret
from wizard.teamfile import TeamSetup
from wizard.tui import flow

if TYPE_CHECKING:
    from wizard.services.sso_profiles import NewSsoProfile

SETUP_FIELDS = frozenset(f.name for f in fields(Setup))
OWN_FIELDS = frozenset(
    {"auth", "aws_profile", "aws_access_key_id", "helper_command", "helper_ttl_ms",
     "credentials_file", "secret_header"}
)  # fmt: skip
"""A credential-only setup's own part: what the person gives beside the team's choice."""


@dataclass
class WizardState:
    """The setup being built. ``values`` are the ``Setup`` fields chosen so far; ``drafts`` is
    what was typed in each field (kept when the person goes back); ``errors`` are the engine's
    refusals, shown beside their field."""

    values: dict[str, Any] = field(default_factory=dict)
    drafts: dict[str, str] = field(default_factory=dict)
    secret: Secret | None = None
    errors: dict[str, str] = field(default_factory=dict)
    editing: str | None = None
    """The saved profile the wizard opened on, if any."""
    callable_models: list[str] | None = None
    """The models discovery found the credentials can call (None: it has not said)."""
    team: TeamSetup | None = None
    """The team setup being imported: only its asked fields and the secret are asked."""
    sso_profile: NewSsoProfile | None = None
    """A team's AWS profile (``NewSsoProfile``), written by the apply with the settings."""
    shared: dict[str, Any] | None = None
    """What the project's shared settings already choose (the team's choice): only the
    user's own credential is asked, and written in local scope."""

    @classmethod
    def from_project_choice(cls, choice: dict[str, str], folder: Path) -> WizardState:
        """Open on the team's choice in the project's shared settings: the auth method and the
        credential are the user's own; nothing else is asked or written. The profile is named
        after the project (``folder``), so another project's never takes its place."""
        values: dict[str, Any] = {
            **choice,
            "scope": "local",
            "only_credential": True,
            "profile": project_profile_name(choice["provider"], folder),
        }
        drafts = {name: value for name, value in choice.items() if name != "provider"}
        return cls(values=values, drafts=drafts, shared=dict(choice))

    def credential_fields(self) -> list[str]:
        """The auth form's fields the team's project settings do not already give."""
        shared = self.shared or {}
        return [n for n in flow.form_fields(self.values) if n not in shared]

    @classmethod
    def from_setup(cls, setup: Setup) -> WizardState:
        """Open on a saved setup: every value, and its text in the fields."""
        values = setup.to_dict()
        values["profile"] = setup.profile_name
        drafts = {
            name: str(value)
            for name, value in values.items()
            if not isinstance(value, bool) and value is not None
        }
        shared = None
        if setup.only_credential:  # the team's values stay the project's: only the credential
            shared = {k: v for k, v in values.items() if k not in OWN_FIELDS}
        return cls(values=values, drafts=drafts, editing=setup.profile_name, shared=shared)

    @classmethod
    def from_team(cls, team: TeamSetup) -> WizardState:
        """Open on a team setup: its shared values, saved under the team file's name."""
        values: dict[str, Any] = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in team.values.items()
        }
        values["profile"] = team.name
        drafts = {
            name: str(value)
            for name, value in values.items()
            if isinstance(value, (str, int)) and not isinstance(value, bool)
        }
        return cls(values=values, drafts=drafts, team=team)

    def import_fields(self) -> list[str]:
        """What an imported team setup asks: its fields marked "asked on import", the secret."""
        asked = self.team.asked if self.team is not None else ()
        return [n for n in flow.form_fields(self.values) if n in asked or n == "secret"]

    def set(self, name: str, value: Any) -> None:
        if value is None or value == "":
            self.values.pop(name, None)
        else:
            self.values[name] = value
        self.errors.pop(name, None)

    def draft(self, name: str, default: str = "") -> str:
        return self.drafts.get(name, default)

    def to_setup(self) -> Setup:
        """The ``Setup`` of the choices, without fields that no longer apply (a region typed
        for Bedrock before going back to choose the Anthropic API)."""
        provider = self.values["provider"]
        auth = self.values["auth"]
        base = Setup(provider=provider, auth=auth)
        module = REGISTRY[provider]
        allowed = module.allowed_fields(base) | ALWAYS_ALLOWED
        if provider == "gateway":
            api = flow.gateway_api(self.values)
            if api == "anthropic":
                allowed -= {"region", "project_id"}
            elif api == "bedrock":
                allowed -= {"project_id"}
        if not flow.needs_region(self.values):
            allowed -= {"region", "fast_model_region"}
        kept = {
            name: value
            for name, value in self.values.items()
            if name in SETUP_FIELDS and name in allowed and name not in ("provider", "auth")
        }
        return Setup(provider=provider, auth=auth, **kept)
