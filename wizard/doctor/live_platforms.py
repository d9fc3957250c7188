"""The live check of Claude Platform on AWS, Bedrock Mantle and Claude Platform on Google Cloud.

The credentials come from where Claude Code takes them: the API key from its environment or
settings, else from the keyring (what ``claude-setup run`` gives it); else the output of
``awsCredentialExport``; else ``AWS_PROFILE`` (its ``credential_process`` or SSO sign-in); else
AWS keys in the settings; else the AWS SDK's default chain. For Google, the key file of
``GOOGLE_APPLICATION_CREDENTIALS`` or Application Default Credentials. One model-list request
follows; every secret is masked in whatever comes back.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from wizard import awsconfig, redact, safefile
from wizard.doctor import Check, fail, ok
from wizard.doctor.credentials import run_helper
from wizard.errors import WizardError
from wizard.i18n import _
from wizard.providers import routing
from wizard.providers.registry import REGISTRY
from wizard.services.errors import ServiceError

if TYPE_CHECKING:
    from wizard.services.platforms import AwsKeys

TIMEOUT = 10.0

KEY_VARIABLES = {"anthropic-aws": "ANTHROPIC_AWS_API_KEY", "mantle": "AWS_BEARER_TOKEN_BEDROCK"}
"""The API key each AWS provider sends instead of a signature when it is set."""


def run(
    report: dict[str, Any], provider: str, env: dict[str, Any], active_profile: str | None
) -> list[Check]:
    """``report`` (collected with ``reveal``) says where each value comes from: the key or
    token goes out only where ``guard`` lets it."""
    skip = REGISTRY[provider].skip_auth
    if skip is not None and routing.switched_on(env, skip):
        return [ok(_("{provider}: authentication is skipped ({variable}); not checked").format(
            provider=provider, variable=skip))]
    secrets: list[str] = []
    try:
        if provider == "anthropic-google-cloud":
            found = google_cloud(report, env, secrets)
        else:
            found = aws_platform(report, provider, env, active_profile, secrets)
    except (ServiceError, WizardError) as exc:
        found = fail(str(exc))
    return [Check(found.status, redact.mask(found.message, secrets))]


# -- AWS -----------------------------------------------------------------------------------------


def stored_key(
    provider: str, variable: str, active_profile: str | None
) -> tuple[str | None, str | None]:
    """The key the active profile keeps in the keyring for ``variable``, when its setup is of
    ``provider`` and sends that key (``claude-setup run`` gives it to Claude Code), and its
    kind."""
    if active_profile is None:
        return None, None
    from wizard import profiles
    from wizard.providers import registry

    try:
        setup = profiles.load(active_profile).setup
        method = registry.auth_method(setup)
    except (WizardError, KeyError):
        return None, None
    if setup.provider != provider or method.env_secret_var != variable or not method.secret:
        return None, None
    from wizard.secrets.store import SecretStore

    return SecretStore().get(active_profile, method.secret), method.secret


def exported_keys(command: str, report: dict[str, Any]) -> AwsKeys:
    """The keys ``awsCredentialExport`` prints (``{"Credentials": {…}}``), as ``AwsKeys``."""
    from wizard import status
    from wizard.services.platforms import AwsKeys

    code, out, reason = run_helper(command, status.claude_code_env(report))
    try:
        found: Any = json.loads(out)["Credentials"] if code == 0 else {}
        keys = AwsKeys(found["AccessKeyId"], found["SecretAccessKey"], found.get("SessionToken"))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ServiceError(_("awsCredentialExport gave no AWS credentials ({reason})").format(
            reason=reason or _("exit {code}").format(code=code))) from None
    return keys


def profile_region(profile: str | None) -> str | None:
    name = profile or "default"
    config = (safefile.read_bytes(awsconfig.config_path()) or b"").decode("utf-8", "replace")
    return awsconfig.profiles(config).get(name, {}).get("region") or None


def aws_platform(
    report: dict[str, Any],
    provider: str,
    env: dict[str, Any],
    active_profile: str | None,
    secrets: list[str],
) -> Check:
    from wizard.doctor import guard
    from wizard.services import platforms

    variable = KEY_VARIABLES[provider]
    key = env.get(variable)
    credential = guard.Credential(variable)
    if not key:
        key, kind = stored_key(provider, variable, active_profile)
        credential = guard.Credential(None, active_profile, kind)
    if key:
        secrets.append(str(key))
        refused = guard.refusal(report, credential)
        if refused is not None:
            return refused
    profile = str(env["AWS_PROFILE"]) if env.get("AWS_PROFILE") else None
    region = str(
        env.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or profile_region(profile)
        or platforms.DEFAULT_REGION
    )
    if key:
        auth = platforms.AwsAuth(api_key=str(key))
        how = _("API key")
    elif env.get("awsCredentialExport"):
        auth = platforms.AwsAuth(keys=exported_keys(str(env["awsCredentialExport"]), report))
        how = _("awsCredentialExport")
    elif profile:
        auth = platforms.AwsAuth(profile=profile)
        how = _("AWS profile {name}").format(name=profile)
    elif env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"):
        keys = platforms.AwsKeys(str(env["AWS_ACCESS_KEY_ID"]), str(env["AWS_SECRET_ACCESS_KEY"]),
                                 str(env["AWS_SESSION_TOKEN"]) if env.get("AWS_SESSION_TOKEN")
                                 else None)
        auth = platforms.AwsAuth(keys=keys)
        how = _("AWS access keys")
    else:
        auth = platforms.AwsAuth()
        how = _("the AWS default credential chain")
    secrets += auth.secrets()
    if provider == "mantle":
        base = env.get("ANTHROPIC_BEDROCK_MANTLE_BASE_URL") or None
        models = platforms.list_mantle_models(region, auth, base_url=base, timeout=TIMEOUT)
        return ok(_("Bedrock Mantle in {region} answers with the {how} ({count} models)").format(
            region=region, how=how, count=len(models)))
    workspace = env.get("ANTHROPIC_AWS_WORKSPACE_ID")
    if not workspace:
        return fail(_("ANTHROPIC_AWS_WORKSPACE_ID is not set: Claude Code refuses to start "
                      "without a workspace ID"))
    base = env.get("ANTHROPIC_AWS_BASE_URL") or None
    models = platforms.list_anthropic_aws_models(
        region, str(workspace), auth, base_url=base, timeout=TIMEOUT)
    return ok(_("Claude Platform on AWS answers for workspace {workspace} in {region} with the "
                "{how} ({count} models)").format(
        workspace=workspace, region=region, how=how, count=len(models)))


# -- Google Cloud --------------------------------------------------------------------------------


def google_cloud(report: dict[str, Any], env: dict[str, Any], secrets: list[str]) -> Check:
    from wizard.doctor import guard
    from wizard.services import google, platforms

    base = env.get("ANTHROPIC_GOOGLE_CLOUD_BASE_URL") or None
    project = str(env.get("ANTHROPIC_GOOGLE_CLOUD_PROJECT") or os.environ.get(
        "GOOGLE_CLOUD_PROJECT") or os.environ.get("GCLOUD_PROJECT") or "")
    location = str(env.get("ANTHROPIC_GOOGLE_CLOUD_LOCATION")
                   or platforms.DEFAULT_GOOGLE_CLOUD_LOCATION)
    workspace = str(env.get("ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID") or "")
    if not base and not project:
        return fail(_("ANTHROPIC_GOOGLE_CLOUD_PROJECT is not set: Claude Code refuses to start "
                      "without a project"))
    if not base and not workspace:
        return fail(_("ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID is not set: Claude Code refuses to "
                      "start without a workspace ID"))
    credential = guard.Credential(
        "GOOGLE_APPLICATION_CREDENTIALS" if env.get("GOOGLE_APPLICATION_CREDENTIALS") else None
    )
    refused = guard.refusal(report, credential)
    if refused is not None:
        return refused
    token, account = google.access_token(env.get("GOOGLE_APPLICATION_CREDENTIALS"), TIMEOUT)
    secrets.append(token)
    models = platforms.list_google_cloud_models(
        project, location, workspace, token, base_url=base, timeout=TIMEOUT)
    who = f" ({account})" if account else ""
    return ok(_("Claude Platform on Google Cloud answers for workspace {workspace} of project "
                "{project} with the Google credentials{who} ({count} models)").format(
        workspace=workspace or "-", project=project or "-", who=who, count=len(models)))
