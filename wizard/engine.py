"""The one engine behind both faces: the command line (``wizard.cli``) and the wizard
(``wizard.tui``) build a ``Setup`` and call these functions; nothing here prints or reads a
terminal.

- ``prepare_plan(setup, secret)``: read the machine, validate, and plan (nothing written);
- ``prepare_switch(name)``: the plan that switches to a saved profile;
- ``apply_plan(plan)``: carry a plan out (``apply`` is the only writer);
- ``remove_profile(name)``: forget a saved profile and its keyring entries (ask first);
- ``check_connection()``: the doctor's checks, live request included;
- ``export_team_setup(name)`` / ``read_team_setup(path)`` / ``prepare_import(...)``: team files.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from wizard import awsconfig, backups, machine, profiles, status, teamfile, validation
from wizard.apply import Outcome, apply
from wizard.doctor import Check
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.model import Scope, Setup, SetupError
from wizard.plan import FileEdit, Plan, plan
from wizard.providers.base import SecretKind
from wizard.providers.registry import auth_method, check_choices
from wizard.secrets.labels import SECRET_LABELS
from wizard.secrets.store import SecretStore
from wizard.secrets.value import Secret

if TYPE_CHECKING:
    from wizard.services.sso_profiles import NewSsoProfile

__all__ = [
    "Outcome",
    "Plan",
    "apply_plan",
    "check_connection",
    "check_existing_aws_profile",
    "check_team_sso_profile",
    "export_team_setup",
    "prepare_import",
    "prepare_plan",
    "read_team_setup",
    "prepare_switch",
    "remove_profile",
    "secrets_of",
    "sso_profile_for",
    "team_sso_profile",
]


def prepare_plan(
    setup: Setup,
    secret: Secret | None = None,
    store: SecretStore | None = None,
    callable_models: Collection[str] | None = None,
    sso_profile: NewSsoProfile | None = None,
    named: bool = True,
    from_file: bool = False,
) -> Plan:
    """Read the machine's state and plan; asks the keyring only when the plan depends on it.

    ``callable_models``, what discovery found the credentials can call, is where a model role
    the setup leaves open is preselected from (the catalogue's choice otherwise).
    ``sso_profile``, an AWS profile to write too (a team's), is part of the plan: one apply, one
    backup set, one ``undo``. ``named``, ``from_file``: where the profile's name and the setup
    come from (see ``plan``)."""
    check_choices(setup)
    method = auth_method(setup)
    state = machine.read(setup)
    original = state.aws_config
    if sso_profile is not None:
        state = _with_sso_profile(state, sso_profile)
    if callable_models is not None:
        state = replace(state, callable_models=frozenset(callable_models))
    if method.secret and secret is None:
        # the stored secret is needed: a keyring that cannot be read is the reason to give
        stored = (store or SecretStore()).get(setup.profile_name, method.secret)
        state = replace(state, secret_stored=stored is not None)
        if setup.plaintext_secrets and stored is not None:
            secret = Secret(stored)
    elif method.secret:
        # only to say "replace" rather than "store": a keyring that cannot be read now
        # refuses at the apply, not here (a dry run needs none)
        try:
            replacing = (store or SecretStore()).get(setup.profile_name, method.secret)
        except WizardError:
            replacing = None
        state = replace(state, secret_stored=replacing is not None)
    result = plan(setup, state, secret, named, from_file)
    if sso_profile is None or state.aws_config == original:
        return result
    after = result.aws_config.after if result.aws_config else state.aws_config or b""
    return replace(result, aws_config=FileEdit(state.aws_config_path, original, after))


def _with_sso_profile(state: machine.MachineState, profile: NewSsoProfile) -> machine.MachineState:
    """The machine as the plan sees it once ``profile`` is in ``~/.aws/config``."""
    text = awsconfig.decode(state.aws_config or b"", state.aws_config_path)
    edited = profile.edit(text)
    if edited == text:
        return state
    values = awsconfig.profiles(edited)[profile.name]
    return replace(
        state,
        aws_config=edited.encode("utf-8"),
        aws_profiles={**state.aws_profiles, profile.name: values},
    )


def saved_setup(name: str) -> Setup:
    """A saved profile's ``Setup``, named after the profile."""
    validation.check_profile_name("profile", name)
    saved = profiles.load(name)
    return replace(saved.setup, profile=saved.name)


def prepare_switch(name: str, store: SecretStore | None = None) -> Plan:
    """The plan that makes a saved profile the active setup again."""
    return prepare_plan(saved_setup(name), None, store)


def apply_plan(the_plan: Plan, store: SecretStore | None = None) -> Outcome:
    """Write what the plan says: the secret, the files, the profile (or nothing, on failure)."""
    return apply(the_plan, store)


def secrets_of(name: str) -> list[SecretKind]:
    """The keyring entries a saved profile refers to (what removing it would delete): every
    kind stored for it, including those of an auth method it has since switched away from."""
    saved = profiles.load(name) if profiles.exists(name) else None
    method = auth_method(saved_setup(name))
    kinds = [*(saved.secrets if saved else ()), *([method.secret] if method.secret else [])]
    return [cast(SecretKind, kind) for kind in dict.fromkeys(kinds) if kind in SECRET_LABELS]


def remove_profile(name: str, store: SecretStore | None = None) -> list[SecretKind]:
    """Forget a saved profile and delete its keyring entries; returns the kinds deleted.

    Its earlier secrets kept for ``undo`` go too, and so does every backup set holding one of
    its secrets in plain text (``--plaintext-secrets``). The settings files are left as they
    are: removing a profile is not undoing it. The caller asks the user first.
    """
    kinds = secrets_of(name)
    ring = store or SecretStore()
    with backups.exclusive_writer():
        values = [value for kind in kinds if (value := ring.get(name, kind))]
        backups.forget_profile(name, values, ring)
        for kind in kinds:
            ring.delete(name, kind)
        profiles.remove(name)
    return kinds


def check_connection(live: bool = True) -> list[Check]:
    """The doctor's checks of what is configured now; the live request only when none of the
    rest failed (a warning, such as a key only ``claude-setup run`` supplies, does not stop it).

    Without ``live`` nothing is run or contacted: the commands the settings name are listed,
    not run. An untrusted folder's commands, files and addresses are never used."""
    from wizard.doctor import configuration, credentials

    report = status.collect()
    revealed = status.collect(reveal=True)
    found = configuration.run(report) + credentials.run(revealed, execute=live)
    if live and not any(check.status == "fail" for check in found):
        from wizard.doctor import live as live_checks

        found += live_checks.run(revealed)
    return found


def export_team_setup(name: str, description: str = "") -> dict[str, Any]:
    """The team file of a saved profile: no secret, no path of this machine (see ``teamfile``)."""
    return teamfile.export_setup(name, description)


def read_team_setup(path: Path) -> teamfile.TeamSetup:
    """A team file, checked: refused when this version cannot read it or it could leak."""
    return teamfile.read_team_file(path)


def prepare_import(
    team: teamfile.TeamSetup,
    answers: dict[str, str | None],
    secret: Secret | None = None,
    profile: str = "",
    scope: Scope = "user",
    store: SecretStore | None = None,
    named: bool = True,
) -> Plan:
    """The plan of a team setup once the teammate's own values are given: the same checks as
    ``apply`` (nothing written). ``named``: the teammate chose the profile's name (else the
    file's name, which never replaces a saved profile of another provider or endpoint)."""
    setup = team.setup_with(answers, profile, scope)
    if profile:
        validation.check_profile_name("profile", profile)
    sso_profile = None
    if team.sso is not None:
        sso_profile = team_sso_profile(team, team.sso_profile(answers), setup.region)
    result = prepare_plan(
        setup, secret, store, sso_profile=sso_profile, named=named, from_file=True
    )
    if result.destination is None:
        return result
    return replace(result, chosen_by=_("the team setup '{name}'").format(name=team.name))


def team_sso_profile(team: teamfile.TeamSetup, name: str, region: str | None) -> NewSsoProfile:
    """The teammate's AWS profile ``name``, signing in with the team's SSO values; written by
    the apply (an existing profile of that name with other settings is refused)."""
    assert team.sso is not None
    return sso_profile_for(name, team.sso, region)


def sso_profile_for(name: str, sso: Mapping[str, str], region: str | None) -> NewSsoProfile:
    """The AWS profile ``name`` a team's SSO values (``teamfile.SSO_KEYS``) write, calling AWS
    in ``region`` (default: the SSO region). Never ``default``: the profile every AWS tool
    uses when none is named is the person's own, whatever it holds now."""
    from wizard.services.sso_profiles import NewSsoProfile

    validation.check_aws_profile_name("aws_profile", name)
    if name == "default":
        raise SetupError(
            "aws_profile",
            _(
                "a team setup never writes the AWS profile 'default', the one every AWS tool "
                "uses unless told otherwise; give another name (--aws-profile NAME)"
            ),
        )
    return NewSsoProfile(
        name, sso["start_url"], sso["sso_region"], sso["account_id"], sso["role_name"],
        region or sso["sso_region"],
    )  # fmt: skip


def check_team_sso_profile(profile: NewSsoProfile) -> None:
    """Refuse, before any sign-in, the team's AWS profile when ``~/.aws/config`` or
    ``~/.aws/credentials`` already has one of that name that is the person's own, or an
    ``[sso-session]`` of that name that signs in elsewhere (nothing is written)."""
    from wizard.services import sso_profiles

    profile.edit(sso_profiles.read_config_text())


def check_existing_aws_profile(
    name: str, sso: Mapping[str, str], session: str | None = None
) -> None:
    """An AWS profile of that name that signs in elsewhere (per ``sso``: some or all of
    ``start_url``, ``sso_region``, ``account_id``, ``role_name``), or that has keys in
    ``~/.aws/credentials``, is the person's own: refused, with its reason; one that signs in
    the same way is reused. So is an ``[sso-session]`` named ``session`` that signs in
    elsewhere (checked before a sign-in, which would be wasted)."""
    from wizard.services import sso_profiles

    text = sso_profiles.read_config_text()
    sso_profiles.existing_profile(text, name, sso)
    if session is not None:
        sso_profiles.existing_session(text, session, sso["start_url"], sso["sso_region"])
