"""A secret goes only to the endpoint it was stored for.

A saved profile records, per kind of secret it keeps, the provider and the origin its requests
carry the secret to (``profiles.Binding``). Planning a setup checks, before anything is written:

- a stored secret is reused only when provider and endpoint are unchanged (a profile name
  reused for another provider, a team file at another address, must be given the secret again);
- no project or local settings file of this folder sends the setup's credential elsewhere
  (their ``ANTHROPIC_BASE_URL`` beats the user's own);
- a secret goes over plain http only to this machine, or to an address the user confirmed
  (``allow_plain_http``) after the warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from wizard import endpoints, profiles
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.machine import MachineState
from wizard.model import Setup, SetupError
from wizard.providers import detect, registry, routing
from wizard.providers.base import AuthMethod, Context
from wizard.safetext import one_line
from wizard.secrets.labels import secret_label
from wizard.settings import document

SIGNING_KINDS = frozenset({"aws-secret-access-key"})
"""Secrets that only sign requests (SigV4): they never leave the machine as such."""

FOLDER_LABELS = ("project", "local")


def sends_credential(setup: Setup, method: AuthMethod) -> bool:
    """The setup gives Claude Code a key or token that goes out with its requests: one kept
    in the keyring (not an AWS secret key, which only signs) or printed by the user's own
    key helper."""
    if method.secret is not None:
        return method.secret not in SIGNING_KINDS
    return setup.auth == "helper"


def destination(env: Mapping[str, str]) -> str:
    """Where requests go for the settings ``env`` (the setup's contribution)."""
    return detect.request_destination(env)[0]


def chosen_endpoint(env: Mapping[str, str]) -> str | None:
    """The origin a setting chose for the requests (a base URL, a Foundry resource), or
    ``None`` when they go to the provider's own hosts (Anthropic's API, AWS's or Google's
    regional endpoints: another region is the same party)."""
    url, named_by = detect.request_destination(env)
    return endpoints.origin(url) if named_by else None


def binding_of(setup: Setup, method: AuthMethod, env: Mapping[str, str]) -> profiles.Binding:
    endpoint = chosen_endpoint(env) if sends_credential(setup, method) else None
    return profiles.Binding(setup.provider, endpoint)


def allows(bound: profiles.Binding, env: Mapping[str, str]) -> bool:
    """Claude Code, given ``env``, sends the secret only where ``bound`` says it may go."""
    return allowed(bound, detect.request_destination(env))


def allowed(bound: profiles.Binding, there: tuple[str, str | None]) -> bool:
    """Requests to ``there`` (an address and the variable that named it) carry the secret
    only where ``bound`` says it may go."""
    try:
        chosen = endpoints.origin(there[0]) if there[1] else None
    except endpoints.BadAddress:
        return False
    return chosen == bound.endpoint


def setup_destination(setup: Setup) -> str | None:
    """Where the credential of ``setup`` goes (``None``: it sends none, or cannot be told),
    to show before the secret is asked."""
    from wizard.self_command import helper_executable

    try:
        module = registry.check_choices(setup)
        method = module.auth_methods[setup.auth]
        if not sends_credential(setup, method):
            return None
        return destination(module.contribute(setup, Context(helper_executable())).env)
    except (KeyError, AssertionError, WizardError):
        return None


def saved_binding(setup: Setup, kind: str, context: Context) -> profiles.Binding | None:
    """Where a profile saved before claude-setup recorded bindings meant its ``kind`` secret
    to go: that of the setup saved with it, when the setup uses that kind (else unknown)."""
    try:
        module = registry.module_for(setup)
        method = module.auth_methods[setup.auth]
        if method.secret != kind:
            return None
        env = module.contribute(setup, context).env
    except (KeyError, AssertionError, WizardError):
        return None
    return binding_of(setup, method, env)


def previous_binding(
    machine: MachineState, kind: str, context: Context
) -> profiles.Binding | None:
    """Where the stored secret of ``kind`` of the profile being replanned may go."""
    recorded = machine.previous_bindings.get(kind)
    if recorded is not None or machine.previous is None:
        return recorded
    return saved_binding(machine.previous, kind, context)


def profile_binding(name: str, kind: str) -> profiles.Binding | None:
    """Where the stored ``kind`` secret of saved profile ``name`` may go (``None``: unknown)."""
    from wizard.self_command import helper_executable

    try:
        saved = profiles.load(name)
    except WizardError:
        return None
    if kind in saved.bindings:
        return saved.bindings[kind]
    return saved_binding(saved.setup, kind, Context(helper_executable()))


def shown_binding(binding: profiles.Binding | None) -> str:
    if binding is None:
        return _("an unknown endpoint")
    from wizard import labels

    where = endpoints.shown(binding.endpoint) if binding.endpoint else _("its own endpoint")
    return f"{labels.provider_title(binding.provider)}, {where}"


def check_reuse(
    setup: Setup, kind: str, new: profiles.Binding, machine: MachineState, context: Context
) -> None:
    """A stored secret is reused only for the provider and endpoint it was stored for."""
    old = previous_binding(machine, kind, context)
    if old == new:
        return
    raise SetupError(
        "secret",
        _(
            "the {what} kept for profile '{profile}' was stored for {old}; this setup would "
            "send it to {new}: give it again (or choose another profile name)"
        ).format(
            what=secret_label(kind),
            profile=setup.profile_name,
            old=shown_binding(old),
            new=shown_binding(new),
        ),
    )


def check_redirects(setup: Setup, env: Mapping[str, str], machine: MachineState) -> None:
    """No project or local settings file of this folder sends the credential elsewhere: their
    values beat the scope written here, so Claude Code would send the key to their address.
    Each file may or may not count (Claude Code drops one that breaks its schema), so every
    way of reading them must keep the requests where this setup sends them; and none may put a
    proxy or another certificate trust on their way."""
    folder = [other for other in machine.overriding if other.label in FOLDER_LABELS]
    layers = []
    for other in folder:
        if other.error is not None:
            raise WizardError(
                _(
                    "{reason}: refused, since claude-setup cannot tell where this setup's "
                    "credential would go (fix or remove the file, or run from another folder)"
                ).format(reason=document.partly_read(other.error))
            )
        layers.append(routing.variables_of(other.data.get("env")))
    aws = routing.aws_switched(env, *layers)
    for other, values in zip(folder, layers, strict=True):
        between = routing.interposing(values, aws)
        if between is not None:
            raise WizardError(interposing_refusal(other.label, str(other.path), between))
    own = detect.request_destination(env)
    for there, variable in routing.possible_destinations(
        env, tuple(layers), destination=detect.request_destination
    ):
        if same_destination((there, variable), own):
            continue
        culprit = next(
            (f for f, v in zip(folder, layers, strict=True) if variable in v), folder[-1]
        )
        raise WizardError(
            _(
                "{label} settings {path} would send this setup's credential to {there} "
                "({variable}) instead of {own}; refused: claude-setup never lets a folder's "
                "settings choose where your key goes (remove that value, or run from another "
                "folder)"
            ).format(
                label=culprit.label,
                path=culprit.path,
                there=endpoints.shown(there),
                variable=variable or _("its provider's own address"),
                own=endpoints.shown(own[0]),
            )
        )


def same_destination(one: tuple[str, str | None], other: tuple[str, str | None]) -> bool:
    """Both send the requests to the same place: the same address a setting chose, or both to
    the provider's own host (``chosen_endpoint``)."""
    if one[1] is None or other[1] is None:
        return one[1] is None and other[1] is None
    return endpoints.same_origin(one[0], other[0])


def interposing_refusal(label: str, path: str, variable: str) -> str:
    """Why a folder's file that sets a proxy or a certificate trust gets no secret."""
    return _(
        "{label} settings {path} set {variable}, which would put a proxy or another "
        "certificate between Claude Code and where its requests go; no secret goes on while a "
        "folder's settings set it (set it in your own settings or your shell instead)"
    ).format(label=label, path=one_line(path), variable=one_line(variable))


def check_plain_http(setup: Setup, env: Mapping[str, str]) -> None:
    """A credential goes over plain http only to this machine, or where the user said so."""
    there = destination(env)
    if endpoints.is_plain_http(there) and not setup.allow_plain_http:
        raise SetupError(
            "allow_plain_http",
            _(
                "{host} is plain http: the credential would cross the network unencrypted; use "
                "https, or confirm that it may go there"
            ).format(host=endpoints.shown(there)),
        )


def replaced(
    setup: Setup, env: Mapping[str, str], machine: MachineState, context: Context
) -> Setup | None:
    """The saved setup this one replaces under the same name: another provider, or requests
    to another endpoint (an update of the same provider at the same place is not one)."""
    previous = machine.previous
    if previous is None:
        return None
    if previous.provider != setup.provider:
        return previous
    try:
        before = registry.module_for(previous).contribute(previous, context).env
        same = chosen_endpoint(before) == chosen_endpoint(env)
    except (KeyError, AssertionError, WizardError, endpoints.BadAddress):
        return previous
    return None if same else previous


def changed(setup: Setup, machine: MachineState) -> Setup | None:
    """The saved setup of that name, when ``setup`` (planned: its models pinned) differs from
    it in anything."""
    previous = machine.previous
    if previous is None:
        return None
    same = replace(previous, scope=setup.scope, profile=setup.profile) == setup
    return None if same else previous


def setup_words(setup: Setup) -> str:
    """Provider, auth method and address of a setup, as a person reads them."""
    from wizard import labels

    words = [labels.provider_title(setup.provider), labels.auth_title(setup.auth)]
    if setup.base_url:
        words.append(endpoints.shown(setup.base_url))
    if setup.helper_command:
        words.append(_("runs {command}").format(command=one_line(setup.helper_command)))
    return ", ".join(words)


def refuse_unnamed(setup: Setup, old: Setup) -> None:
    """A name the user did not give (the provider's, a team file's) never replaces a saved
    profile of another provider or endpoint, nor takes its secret."""
    name = setup.profile_name
    raise SetupError(
        "profile",
        _(
            "a saved profile '{name}' already exists ({old}); this setup is {new}: give it "
            "another name, or name '{name}' yourself to replace it"
        ).format(name=name, old=setup_words(old), new=setup_words(setup)),
    )
