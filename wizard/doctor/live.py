"""The live check: one minimal request to the endpoint Claude Code will call.

The key comes from where Claude Code would take it (the settings, the shell, or the output of
the apiKeyHelper); it is used for the request and never shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard import profiles, redact, status
from wizard.doctor import Check, fail, guard, ok
from wizard.doctor.credentials import run_helper
from wizard.i18n import _
from wizard.providers.base import ProviderChoice
from wizard.self_command import own_helper_profile
from wizard.services.errors import ServiceError
from wizard.settings.owned import secret_values

TIMEOUT = 10.0
ANTHROPIC_API = "https://api.anthropic.com"


def api_key(
    env: dict[str, Any], helper_env: Mapping[str, str] | None = None
) -> tuple[str | None, guard.Credential | None]:
    """The key Claude Code sends to an Anthropic-format endpoint, and where it comes from."""
    for name in ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"):
        if env.get(name):
            return str(env[name]), guard.Credential(name)
    helper = env.get("apiKeyHelper")
    if helper:
        profile = own_helper_profile(str(helper))
        credential = guard.Credential("apiKeyHelper", profile, "api-key" if profile else None)
        code, out, _reason = run_helper(str(helper), helper_env)
        lines = out.strip().splitlines()
        if code == 0 and len(lines) == 1:
            return lines[0], credential
    return None, None


def anthropic_api(env: dict[str, Any], key: str | None) -> Check:
    from wizard.services.http_models import list_anthropic_models

    base = str(env.get("ANTHROPIC_BASE_URL") or ANTHROPIC_API)
    if key is None:
        return ok(_("no API key in the settings: Claude Code uses its /login sign-in"))
    models = list_anthropic_models(base, key, TIMEOUT)
    return ok(
        _("{base} answers with the key ({count} models)").format(base=base, count=len(models))
    )


def gateway(env: dict[str, Any], api: str, key: str | None) -> Check:
    from wizard.services.http_models import probe_gateway

    variable = "ANTHROPIC_BEDROCK_BASE_URL" if api == "bedrock" else "ANTHROPIC_VERTEX_BASE_URL"
    base = str(env.get(variable) or "")
    report = probe_gateway(base, key, api, TIMEOUT)  # type: ignore[arg-type]
    if report.problem:
        return fail(report.problem)
    return ok(_("the gateway at {base} answers").format(base=base))


def vertex(env: dict[str, Any]) -> Check:
    from wizard.services.google import check_token

    account = check_token(env.get("GOOGLE_APPLICATION_CREDENTIALS"), TIMEOUT)
    return ok(
        _("Google credentials give a token{who}").format(who=f" ({account})" if account else "")
    )


def bedrock(env: dict[str, Any]) -> Check:
    from wizard.services.aws import caller_identity

    identity = caller_identity(env.get("AWS_PROFILE"), env.get("AWS_REGION"))
    return ok(
        _("AWS credentials work: account {account}, {arn}").format(
            account=identity.account, arn=identity.arn
        )
    )


FOUNDRY_DEFAULT_MODEL = "claude-sonnet-5-5"
"""What Claude Code 2.1.332 calls on Foundry when no model is set [seen]."""


def foundry_key(
    env: dict[str, Any], profile: str | None
) -> tuple[str | None, guard.Credential | None]:
    """The key Claude Code gets: from its environment or settings, else the one
    ``claude-setup run`` would give it from the keyring."""
    if env.get("ANTHROPIC_FOUNDRY_API_KEY"):
        return str(env["ANTHROPIC_FOUNDRY_API_KEY"]), guard.Credential("ANTHROPIC_FOUNDRY_API_KEY")
    if profile is None:
        return None, None
    from wizard.secrets.store import SecretStore

    key = SecretStore().get(profile, "foundry-api-key")
    return key, guard.Credential(None, profile, "foundry-api-key") if key else None


def foundry(env: dict[str, Any], key: str | None) -> Check:
    from wizard.services.http_models import check_foundry, foundry_base_url

    base = foundry_base_url(env.get("ANTHROPIC_FOUNDRY_RESOURCE"),
                            env.get("ANTHROPIC_FOUNDRY_BASE_URL"))
    if env.get("CLAUDE_CODE_SKIP_FOUNDRY_AUTH"):
        return ok(_("Foundry: authentication is skipped (CLAUDE_CODE_SKIP_FOUNDRY_AUTH)"))
    if key is None:
        return ok(
            _("Foundry at {base}: no API key, Claude Code signs in with Microsoft Entra ID "
              "(az login); not checked").format(base=base)
        )
    model = str(env.get("ANTHROPIC_MODEL") or FOUNDRY_DEFAULT_MODEL).removesuffix("[1m]")
    check_foundry(base, key, model, TIMEOUT)
    return ok(_("Foundry at {base} answers with the key ({model})").format(base=base, model=model))


def run(report: dict[str, Any]) -> list[Check]:
    """The live check, with every secret value masked in whatever the server said.

    ``report`` is collected with ``reveal``. Nothing is sent while an untrusted folder decides
    where it would go, or when the credential may not go there (``guard``)."""
    blocked = guard.untrusted_routing(report)
    if blocked is not None:
        return [blocked]
    env = status.effective_env(report)
    secrets = secret_values(env, profiles.secret_headers())
    choice = status.provider_choice(report)
    key, credential = None, None
    if choice.provider == "foundry":
        key, credential = foundry_key(env, report.get("active_profile"))
    elif choice.provider not in ("bedrock", "vertex", *PLATFORM_CHECKS):
        key, credential = api_key(env, status.claude_code_env(report))
    secrets += [key] if key else []
    refused = guard.refusal(report, credential) if key and credential else None
    found = [refused] if refused is not None else _run(report, choice, env, key)
    return [Check(c.status, redact.mask(c.message, secrets)) for c in found]


PLATFORM_CHECKS = frozenset({"anthropic-aws", "anthropic-google-cloud", "mantle"})
"""Providers checked by ``live_platforms`` (their own signing and credentials)."""


def _run(
    report: dict[str, Any], choice: ProviderChoice, env: dict[str, Any], key: str | None
) -> list[Check]:
    provider = choice.provider
    if provider in PLATFORM_CHECKS:
        from wizard.doctor import live_platforms

        return live_platforms.run(report, provider, env, report.get("active_profile"))
    if choice.gateway_mode and key is None:
        return [
            ok(
                _(
                    "gateway mode: the token is given by claude-setup run; run "
                    "'claude-setup run -- claude-setup doctor' to check the gateway with it"
                )
            )
        ]
    try:
        if choice.gateway_api in ("bedrock", "vertex"):
            return [gateway(env, choice.gateway_api, key)]
        if provider == "bedrock":
            return [bedrock(env)]
        if provider == "vertex":
            return [vertex(env)]
        if provider == "foundry":
            return [foundry(env, key)]
        return [anthropic_api(env, key)]
    except ServiceError as exc:
        return [fail(str(exc))]
