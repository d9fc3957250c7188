"""The live check: one minimal request to the endpoint Claude Code will call.

The key comes from where Claude Code would take it (the settings, the shell, or the output of
the apiKeyHelper); it is used for the request and never shown.
"""

from __future__ import annotations

from typing import Any

from wizard import redact
from wizard.doctor import Check, fail, ok
from wizard.doctor.credentials import run_helper
from wizard.i18n import _
from wizard.services.errors import ServiceError
from wizard.settings.owned import SECRET_ENV

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


def run(report: dict[str, Any]) -> list[Check]:
    """The live check, with every secret value masked in whatever the server said."""
    env = {key: entry["value"] for key, entry in report["effective"].items()}
    secrets = [str(value) for key, value in env.items() if key in SECRET_ENV and value]
    key = api_key(env) if report["provider"] not in ("bedrock", "vertex", "foundry") else None
    secrets += [key] if key else []
    return [Check(c.status, redact.mask(c.message, secrets)) for c in _run(report, env, key)]


def _run(report: dict[str, Any], env: dict[str, Any], key: str | None) -> list[Check]:
    provider = report["provider"]
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
            return [ok(_("Foundry: no live check yet"))]
        return [anthropic_api(env, key)]
    except ServiceError as exc:
        return [fail(str(exc))]
