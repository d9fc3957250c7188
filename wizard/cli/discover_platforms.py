"""``discover anthropic-aws|mantle|anthropic-google-cloud``: the regions each one serves and,
with credentials, who they are and the models the endpoint lists.

A saved profile (``--profile``) of the same provider gives its region, workspace, project, base
URL and credentials; options given on the command line win over it.
"""

from __future__ import annotations

import argparse
from typing import Any

from wizard.cli.terminal import emit, read_secret_from_stdin
from wizard.i18n import _
from wizard.model import Setup

TIMEOUT = 10.0
API_KEY_SECRETS = {"anthropic-aws": "anthropic-aws-api-key", "mantle": "bedrock-api-key"}


def saved(options: argparse.Namespace, provider: str) -> Setup | None:
    """The saved profile named by ``--profile`` when it is a setup of ``provider``."""
    if not options.profile:
        return None
    from wizard import engine

    setup = engine.saved_setup(options.profile)
    return setup if setup.provider == provider else None


def aws_auth(options: argparse.Namespace, provider: str, setup: Setup | None) -> Any:
    """The credentials to sign or authenticate with: a piped key, the profile's stored key,
    ``--aws-profile``, the saved setup's AWS profile, else the AWS SDK's default chain."""
    from wizard.providers.aws_auth import owned_aws_profile
    from wizard.services.platforms import AwsAuth

    if options.secret_stdin:
        return AwsAuth(api_key=read_secret_from_stdin().reveal())
    if options.aws_profile:
        return AwsAuth(profile=options.aws_profile)
    if setup is not None and options.profile:
        if setup.auth in ("api-key", "bedrock-api-key"):
            from wizard.secrets.store import SecretStore

            return AwsAuth(api_key=SecretStore().get(options.profile, API_KEY_SECRETS[provider]))
        if setup.auth == "access-keys":
            return AwsAuth(profile=owned_aws_profile(options.profile))
        if setup.auth in ("sso", "aws-profile"):
            return AwsAuth(profile=setup.aws_profile)
    return AwsAuth()


def aws_platform(options: argparse.Namespace) -> int:
    from wizard.services import aws, platforms

    provider = options.provider
    setup = saved(options, provider)
    regions = list(
        platforms.ANTHROPIC_AWS_REGIONS if provider == "anthropic-aws" else platforms.MANTLE_REGIONS
    )
    region = (options.region or [None])[0] or (setup.region if setup else None)
    workspace = options.workspace_id or (setup.workspace_id if setup else None)
    base = options.base_url or (setup.base_url if setup else None)
    data: dict[str, Any] = {"regions": regions}
    text = [_("regions: {regions}").format(regions=", ".join(regions))]
    if provider == "anthropic-aws":
        text.append(_("(every AWS commercial region; an opt-in region needs the account opted "
                      "in first; a workspace belongs to one region)"))
    wanted = region is not None and (provider == "mantle" or workspace is not None)
    if not wanted:
        hint = (_("give --region to list its models") if provider == "mantle"
                else _("give --region and --workspace-id to list the workspace's models"))
        text.append(hint)
        return emit(data, text, options.json)
    assert region is not None
    auth = aws_auth(options, provider, setup)
    if not auth.api_key:
        identity = aws.caller_identity(auth.profile, region)
        data |= {"account": identity.account, "arn": identity.arn}
        text.append(_("AWS account {account} as {arn}").format(
            account=identity.account, arn=identity.arn))
    if provider == "mantle":
        models = platforms.list_mantle_models(region, auth, base_url=base, timeout=TIMEOUT)
        text.append(_("models in {region}:").format(region=region))
    else:
        assert workspace is not None
        models = platforms.list_anthropic_aws_models(
            region, workspace, auth, base_url=base, timeout=TIMEOUT)
        text.append(_("models of workspace {workspace} in {region}:").format(
            workspace=workspace, region=region))
        data["workspace_id"] = workspace
    data |= {"region": region, "models": models}
    text += [f"  {model}" for model in models]
    return emit(data, text, options.json)


def google_cloud(options: argparse.Namespace) -> int:
    from wizard.services import google, platforms

    setup = saved(options, "anthropic-google-cloud")
    credentials_file = options.credentials_file or (setup.credentials_file if setup else None)
    location = ((options.region or [None])[0] or (setup.region if setup else None)
                or platforms.DEFAULT_GOOGLE_CLOUD_LOCATION)
    workspace = options.workspace_id or (setup.workspace_id if setup else None)
    base = options.base_url or (setup.base_url if setup else None)
    project_given = options.project_id or (setup.project_id if setup else None)
    found = (None if project_given
             else google.find_project(credentials_file, google.GOOGLE_CLOUD_PROJECT_VARIABLES))
    project = project_given or (found.value if found else None)
    source = _("given") if project_given else (found.source if found else "")
    token, account = google.access_token(credentials_file, TIMEOUT)
    if credentials_file:
        kind, where = "service_account", str(credentials_file)
    else:
        adc = google.find_adc(TIMEOUT)
        kind, where = adc.kind, adc.source
    locations = list(platforms.GOOGLE_CLOUD_LOCATIONS)
    text = [
        _("credentials: {kind} from {source}{who}").format(
            kind=kind, source=where, who=f" ({account})" if account else ""),
        _("project: {project}").format(
            project=f"{project} ({source})" if project else _("not found")),
        _("locations: {locations} (a workspace made elsewhere: give its location with "
          "--region)").format(locations=", ".join(locations)),
    ]
    data: dict[str, Any] = {
        "credentials": {"kind": kind, "source": where, "account": account},
        "project": {"value": project, "source": source} if project else None,
        "locations": locations,
    }
    if not (project and workspace) and not base:
        text.append(_("give --workspace-id (and the project) to list the workspace's models"))
        return emit(data, text, options.json)
    models = platforms.list_google_cloud_models(
        project or "", location, workspace or "", token, base_url=base, timeout=TIMEOUT)
    text.append(_("models of workspace {workspace} in {location}:").format(
        workspace=workspace or "-", location=location))
    text += [f"  {model}" for model in models]
    data |= {"location": location, "workspace_id": workspace, "models": models}
    return emit(data, text, options.json)
