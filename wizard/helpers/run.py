"""``claude-setup run [--profile NAME] -- COMMAND …``: start a command with the profile's
environment-only secret (Bedrock API key, Foundry key, a gateway's secret header) taken from
the keyring.

The secret goes only into the child's environment, never onto a command line.
"""

from __future__ import annotations

import os

from wizard import profiles
from wizard.errors import UsageError, WizardError
from wizard.i18n import _
from wizard.providers import registry
from wizard.secrets import messages
from wizard.secrets.store import SecretStore


def check_destination(name: str, kind: str, variable: str) -> None:
    """The secret goes only where it was stored for: the settings Claude Code reads here (a
    folder's, trusted or not, since ``claude -p`` uses them at once) must not send it
    elsewhere, however Claude Code reads them, nor put a proxy on its way."""
    from wizard import binding, endpoints, status

    bound = binding.profile_binding(name, kind)
    report = status.collect()
    unreadable = status.unreadable_settings(report)
    if unreadable is not None:
        raise WizardError(
            _("{reason}: the {variable} was not given; nothing was started").format(
                reason=unreadable, variable=variable
            )
        )
    between = status.interposing_setting(report)
    if between is not None:
        raise WizardError(
            _("{reason}; nothing was started").format(reason=binding.interposing_refusal(*between))
        )
    for there, named_by in status.request_destinations(report):
        if bound is not None and binding.allowed(bound, (there, named_by)):
            continue
        where = report["effective"].get(named_by or "", {}).get(
            "from", _("the provider's default")
        )
        known = bound.endpoint if bound is not None else None
        raise WizardError(
            _(
                "the {variable} of profile '{name}' is for {bound}, but the settings here send "
                "Claude Code's requests to {there} ({key}, {where}); nothing was started"
            ).format(
                variable=variable,
                name=name,
                bound=endpoints.shown(known) if known else _("its provider's own endpoint"),
                there=endpoints.shown(there),
                key=named_by or _("its provider switch"),
                where=where,
            )
        )


def environment_for(profile_name: str, store: SecretStore | None = None) -> dict[str, str]:
    """``os.environ`` plus the profile's environment-only secret."""
    saved = profiles.load(profile_name)
    method = registry.auth_method(saved.setup)
    env = dict(os.environ)
    if method.env_secret_var and method.secret:
        check_destination(saved.name, method.secret, method.env_secret_var)
        value = (store or SecretStore()).get(saved.name, method.secret)
        if value is None:
            raise WizardError(messages.missing(saved.name, method.env_secret_var))
        module = registry.module_for(saved.setup)
        env[method.env_secret_var] = module.secret_env_value(saved.setup, value)
    return env


def run(profile_name: str | None, command: list[str]) -> int:
    if not command:
        raise UsageError(_("run needs a command after --, e.g. claude-setup run -- claude"))
    name = profile_name or profiles.active_name()
    if name is None:
        raise WizardError(_("no profile has been applied yet: name one with --profile"))
    env = environment_for(name)
    try:
        os.execvpe(command[0], command, env)
    except OSError as exc:
        raise WizardError(
            _("cannot start {command}: {reason}").format(
                command=command[0], reason=exc.strerror or exc
            )
        ) from None
    return 0  # pragma: no cover - execvpe does not return
