"""The live check: one minimal request to the endpoint Claude Code will call.

The key comes from where Claude Code would take it (the settings, the shell, or the output of
the apiKeyHelper); it is used for the request and never shown.
"""

from __future__ import annotations

from typing import Any

from wizard import profiles, redact
from wizard.doctor import Check, fail, ok
from wizard.doctor.credentials import run_helper
from wizard.i18n import _
from wizard.services.errors import ServiceError
from wizard.settings.owned import secret_values

TIMEOUT = 10.0
ANTHROPIC_API = "https://api.anthropic.com"


def api_key(env: dict[str, Any]) -> str | None:
    for name in ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY"):
        if env.get(name):
            return str(env[name])
    helper = env.get("apiKeyHelper")
    if helper:
        code, out, _reason = run_helper(str(helper))
        lines = out.strip().splitlines()
        if code == 0 and len(lines) == 1:
            return lines[0]
    return None


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


def foundry_key(env: dict[str, Any], profile: str | None) -> str | None:
    """The key Claude Code gets: from its environment or settings, else the one
    ``claude-setup run`` would give it from the keyring."""
    if env.get("ANTHROPIC_FOUNDRY_API_KEY"):
        return str(env["ANTHROPIC_FOUNDRY_API_KEY"])
    if profile is None:
        return None
    from wizard.secrets.store import SecretStore

    return SecretStore().get(profile, "foundry-api-key")


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
    """The live check, with every secret value masked in whatever the server said."""
    env = {key: entry["value"] for key, entry in report["effective"].items()}
    secrets = secret_values(env, profiles.secret_headers())
    provider = report["provider"]
    if provider == "foundry":
        key = foundry_key(env, report.get("active_profile"))
    else:
        key = api_key(env) if provider not in ("bedrock", "vertex", *PLATFORM_CHECKS) else None
    secrets += [key] if key else []
    return [Check(c.status, redact.mask(c.message, secrets)) for c in _run(report, env, key)]


PLATFORM_CHECKS = frozenset({"anthropic-aws", "anthropic-google-cloud", "mantle"})
"""Providers checked by ``live_platforms`` (their own signing and credentials)."""


def _run(report: dict[str, Any], env: dict[str, Any], key: str | None) -> list[Check]:
    provider = report["provider"]
    if provider in PLATFORM_CHECKS:
        from wizard.doctor import live_platforms

        return live_platforms.run(provider, env, report.get("active_profile"))
    if provider == "gateway (gateway mode)" and key is None:
        return [
            ok(
                _(
                    "gateway mode: the token is given by claude-setup run; run "
                    "'claude-setup run -- claude-setup doctor' to check the gateway with it"
                )
            )
        ]
    try:
        if provider == "gateway (bedrock)":
            return [gateway(env, "bedrock", key)]
        if provider == "gateway (vertex)":
            return [gateway(env, "vertex", key)]
        if provider == "bedrock":
            return [bedrock(env)]
        if provider == "vertex":
            return [vertex(env)]
        if provider == "foundry":
            return [foundry(env, key)]
        return [anthropic_api(env, key)]
    except ServiceError as exc:
        return [fail(str(exc))]
