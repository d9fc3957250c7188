"""Team setup files: a saved profile as small, readable JSON that a team keeps in git.

One person exports the setup they chose (provider, auth method, region, models, gateway
address…); each teammate imports it and adds only what is theirs: the secret, and the fields
marked "asked on import" (an AWS profile name, an access key ID, a key file of their machine).

A team file never holds a secret, a path of the exporter's machine or a value of one account;
the same checks refuse such a file on import (edited by hand, or tampered with). The format is
published as ``schemas/team-setup.schema.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from wizard import profiles, redact, safefile, validation
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.model import Scope, Setup, SetupError

FORMAT = "claude-setup-team"
FORMAT_VERSION = 1
MAX_BYTES = 64 * 1024
MAX_DESCRIPTION = 300
MAX_VALUE = 2048
"""The longest text a team file may hold in one value: a hostile file's 60 KB model ID is one
short refusal, never echoed whole."""

ASKED_ON_IMPORT = ("aws_profile", "aws_access_key_id", "credentials_file")
"""Values of one person or one machine: each teammate supplies their own."""

NOT_SHARED = frozenset(
    {"profile", "scope", "plaintext_secrets", "only_credential", "allow_plain_http"}
)
"""Chosen by whoever imports: the profile's name, the settings file; plain-text secrets never."""

SHAREABLE = tuple(
    f.name for f in fields(Setup) if f.name not in NOT_SHARED and f.name not in ASKED_ON_IMPORT
)

PERSONAL_PATH = re.compile(
    r"(^|[\s='\"])~[/\\]|\$HOME\b|\$\{HOME\}|%USERPROFILE%|/home/[^/\s]+|/Users/[^/\s]+"
    r"|[A-Za-z]:\\Users\\|/root/"
)
"""A path of one person's machine, however it is written."""

TOP_KEYS = ("format", "version", "name", "description", "setup", "sso", "asked_on_import")

SSO_KEYS = ("start_url", "sso_region", "account_id", "role_name")
"""An SSO setup's sign-in, the team's: the AWS access portal, its region, the account and the
IAM role everyone uses. With them a teammate's AWS profile is written on import (under a name
of their choice), so they only sign in."""


@dataclass(frozen=True)
class TeamSetup:
    """What a team file holds: the shared values, and the fields each teammate supplies."""

    name: str
    description: str
    values: dict[str, Any]
    asked: tuple[str, ...]
    sso: dict[str, str] | None = None
    """The team's SSO sign-in (``SSO_KEYS``): the teammate's AWS profile is written from it."""

    def sso_profile(self, answers: dict[str, str | None]) -> str:
        """The name of the AWS profile an SSO team setup writes: the teammate's, or the file's."""
        return answers.get("aws_profile") or self.name

    def setup_with(
        self, answers: dict[str, str | None], profile: str = "", scope: Scope = "user"
    ) -> Setup:
        """The ``Setup`` once the asked fields are answered; a missing answer is refused."""
        own = (*self.asked, *(("aws_profile",) if self.sso else ()))
        for name in answers:
            if answers[name] and name not in own:
                raise SetupError(name, _("is not asked by this team setup; its value is shared"))
        for name in self.asked:
            if not answers.get(name):
                raise SetupError(name, _("this team setup asks each teammate for it"))
        values = {**self.values, **{k: v for k, v in answers.items() if v}}
        if self.sso:
            values["aws_profile"] = self.sso_profile(answers)
        setup = Setup.from_dict(values)
        return replace(setup, profile=profile or self.name, scope=scope)


def _shown(value: object) -> str:
    """A value of a file as a refusal quotes it: a text as it is (``check_texts`` made it
    short and printable), anything else by its type."""
    return value if isinstance(value, str) else type(value).__name__


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return []


def leak_in(values: dict[str, Any], home: Path | None = None) -> str | None:
    """Why ``values`` may not go into a team file (a key, a credential, a personal path), or
    ``None``. Every text is checked for every shape a secret comes in (``redact``)."""
    home_text = str(home or Path.home())
    for name, value in values.items():
        for text in _strings(value):
            kind = redact.secret_kind(text)
            if kind is not None:
                return _("{field} holds what looks like {kind}").format(field=name, kind=kind)
            if (len(home_text) > 1 and home_text in text) or PERSONAL_PATH.search(text):
                return _("{field} names a path of this machine").format(field=name)
    base_url = values.get("base_url")
    parts = validation.split_url(base_url) if isinstance(base_url, str) else None
    if parts is not None and (parts.username or parts.password or "@" in parts.netloc):
        return _("base_url holds a user name or password")
    for line in _strings(values.get("custom_header")):
        header = line.partition(":")[0].strip()
        if validation.CREDENTIAL_HEADER.search(header):
            return _("custom_header sends a credential ({line})").format(line=header)
    return None


def check_texts(values: dict[str, Any]) -> None:
    """Each text of a file's values (lists included) is one short line: a huge value or one
    with a control or bidi character is refused before any other check quotes it."""
    for name, value in values.items():
        for text in _strings(value):
            if len(text) > MAX_VALUE:
                raise SetupError(name, _("is longer than {n} characters").format(n=MAX_VALUE))
            if validation.has_control_characters(text):
                raise SetupError(name, _("contains a line break or a control character"))


def export_setup(name: str, description: str = "", home: Path | None = None) -> dict[str, Any]:
    """The team file of saved profile ``name``; refused when it would carry a secret, a path of
    this machine or an account's own value."""
    validation.check_profile_name("profile", name)
    check_description(description)
    setup = profiles.load(name).setup
    if setup.plaintext_secrets:
        raise WizardError(
            _(
                "profile '{name}' keeps its secrets in plain text in settings.json; a team file "
                "never carries a secret (apply it again without plain-text secrets first)"
            ).format(name=name)
        )
    data = setup.to_dict()
    values = {key: data[key] for key in SHAREABLE if key in data}
    sso = sso_of(setup)
    asked = [key for key in ASKED_ON_IMPORT if key in data and not (sso and key == "aws_profile")]
    reason = leak_in({"name": name, **values, **sso_fields(sso or {})}, home)
    if reason:
        raise WizardError(
            _("profile '{name}' cannot be shared: {reason}").format(name=name, reason=reason)
        )
    team: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION, "name": name}
    if description:
        team["description"] = description
    team["setup"] = values
    if sso:
        check_sso(sso, setup.auth)
        team["sso"] = sso
    team["asked_on_import"] = asked
    return team


def sso_fields(sso: dict[str, str]) -> dict[str, str]:
    """The SSO values named as the file names them, for a leak check's reason."""
    return {f"sso.{key}": value for key, value in sso.items()}


def sso_of(setup: Setup) -> dict[str, str] | None:
    """The team's SSO sign-in, read from the exporter's AWS profile (``None``: not an SSO
    setup, or a profile without every value, whose name each teammate then gives)."""
    if setup.auth != "sso" or not setup.aws_profile:
        return None
    from wizard import awsconfig
    from wizard.services import sso_profiles

    config = sso_profiles.read_config_text()
    values = awsconfig.profiles(config).get(setup.aws_profile)
    if values is None or not sso_profiles.is_sso(values):
        return None
    found = sso_profiles.resolve(setup.aws_profile, values, awsconfig.sections(config))
    account, role = values.get("sso_account_id"), values.get("sso_role_name")
    if isinstance(found, str) or not account or not role:
        return None
    return {
        "start_url": found.start_url,
        "sso_region": found.sso_region,
        "account_id": account,
        "role_name": role,
    }


def check_sso(sso: object, auth: str) -> dict[str, str]:
    """The ``sso`` block of a team file: the four values, each well formed."""
    from wizard.services import sso_profiles

    if auth != "sso":
        raise SetupError("sso", _("belongs only to the sso auth method"))
    if not isinstance(sso, dict) or sorted(sso) != sorted(SSO_KEYS):
        raise SetupError(
            "sso", _("must hold exactly {keys}").format(keys=", ".join(SSO_KEYS))
        )
    if not all(isinstance(value, str) for value in sso.values()):
        raise SetupError("sso", _("its values must be texts"))
    check_texts(sso_fields(sso))
    sso_profiles.check_start_url(sso["start_url"])
    sso_profiles.check_region(sso["sso_region"])
    if not sso_profiles.ACCOUNT.fullmatch(sso["account_id"]):
        raise SetupError("sso.account_id", _("is not an AWS account ID of 12 digits"))
    if not sso_profiles.ROLE.fullmatch(sso["role_name"]):
        raise SetupError("sso.role_name", _("is not an IAM role name"))
    return dict(sso)


def check_description(text: str) -> None:
    if len(text) > MAX_DESCRIPTION:
        raise SetupError(
            "description", _("is longer than {n} characters").format(n=MAX_DESCRIPTION)
        )
    if validation.has_control_characters(text):
        raise SetupError("description", _("contains a line break or a control character"))
    validation.check_no_credential("description", text)


def render(team: dict[str, Any]) -> str:
    return json.dumps(team, indent=2, ensure_ascii=False) + "\n"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(_("the key '{key}' appears twice").format(key=key))
    return dict(pairs)


def read_team_file(path: Path) -> TeamSetup:
    """The team setup in ``path``, refused with its reason when it is not one this version
    reads, or holds what a team file never holds."""
    try:
        content = safefile.read_bytes(path)
    except WizardError as exc:
        raise WizardError(str(exc)) from None
    if content is None:
        raise WizardError(_("{path}: no such file").format(path=path))
    if len(content) > MAX_BYTES:
        raise WizardError(_("{path} is too large for a team setup file").format(path=path))
    try:
        text = content.decode("utf-8-sig")  # a byte-order mark, as some editors save, is fine
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason: object = exc
        if isinstance(exc, UnicodeDecodeError):
            reason = _("it is not UTF-8 text")
        elif isinstance(exc, RecursionError):
            reason = _("it is nested too deeply")
        raise WizardError(
            _("{path} is not a team setup file: {reason}").format(path=path, reason=reason)
        ) from None
    try:
        return parse(data)
    except SetupError as exc:
        raise WizardError(
            _("{path} is refused: {field}: {reason}").format(
                path=path, field=exc.field, reason=exc.reason
            )
        ) from None
    except WizardError as exc:
        raise WizardError(_("{path} is refused: {reason}").format(path=path, reason=exc)) from None


def parse(data: object) -> TeamSetup:
    """Check a decoded team file, key by key."""
    from wizard.providers.registry import REGISTRY, check_choices, check_fields, check_formats

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WizardError(_("it is not a claude-setup team setup file"))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WizardError(_("its format version is not a whole number from 1"))
    if version > FORMAT_VERSION:
        raise WizardError(
            _(
                "it was written by a newer claude-setup (format version {version}; this one "
                "reads version {known}); update claude-setup"
            ).format(version=version, known=FORMAT_VERSION)
        )
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise WizardError(_("unknown key '{key}'").format(key=unknown[0]))
    name, description = data.get("name"), data.get("description", "")
    if not isinstance(name, str) or not isinstance(description, str):
        raise WizardError(_("its name and description must be texts"))
    check_texts({"name": name})
    validation.check_profile_name("name", name)
    check_description(description)
    values, asked = data.get("setup"), data.get("asked_on_import", [])
    if not isinstance(values, dict):
        raise WizardError(_("it holds no setup"))
    if not isinstance(asked, list) or not all(isinstance(a, str) for a in asked):
        raise WizardError(_("asked_on_import must be a list of field names"))
    for key in values:
        if key not in SHAREABLE:
            raise SetupError(key, _("is never part of a team setup file"))
    check_texts(values)
    sso = data.get("sso")
    for key in asked:
        if key not in ASKED_ON_IMPORT or key in values:
            raise SetupError(key, _("cannot be asked on import"))
        if sso is not None and key == "aws_profile":
            raise SetupError(key, _("is written from the team's SSO values, not asked"))
    provider, auth = values.get("provider"), values.get("auth")
    if not isinstance(provider, str) or provider not in REGISTRY:
        raise SetupError(
            "provider", _("unknown provider '{value}'").format(value=_shown(provider))
        )
    if not isinstance(auth, str) or auth not in REGISTRY[provider].auth_methods:
        raise SetupError(
            "auth",
            _("unknown auth method '{value}' for {provider}").format(
                value=_shown(auth), provider=provider
            ),
        )
    if sso is not None:
        sso = check_sso(sso, auth)
    # the validators first: a value they cannot parse (a bad IPv6 host) is their refusal
    setup = Setup.from_dict(values)
    module = check_choices(setup)
    check_formats(setup, module)
    reason = leak_in({"name": name, **values, **sso_fields(sso or {})})
    if reason:
        raise WizardError(reason)
    # what export never writes: a field the auth method does not take, or one it needs that
    # neither the file nor the teammate gives
    placeholders: dict[str, Any] = {name: "asked" for name in asked}
    if sso is not None:
        placeholders["aws_profile"] = "written-on-import"
    check_fields(replace(setup, **placeholders), module)
    return TeamSetup(name, description, dict(values), tuple(dict.fromkeys(asked)), sso)
