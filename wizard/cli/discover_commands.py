"""``discover`` and ``iam-policy``: what the user can actually use, before writing anything."""

from __future__ import annotations

import argparse
from typing import Any

from wizard.cli.terminal import emit, print_json, read_secret_from_stdin, write
from wizard.errors import UsageError
from wizard.i18n import _
from wizard.model import GatewayApi, Setup


def stored_or_piped_key(options: argparse.Namespace) -> str | None:
    """The key for a discovery call: piped with --secret-stdin, or a profile's stored key."""
    if options.secret_stdin:
        return read_secret_from_stdin().reveal()
    if options.profile:
        from wizard.secrets.store import SecretStore

        return SecretStore().get(options.profile, "api-key")
    return None


def bedrock(options: argparse.Namespace) -> int:
    from wizard.services import aws

    regions = aws.bedrock_regions() if options.all_regions else options.region
    if not regions:
        raise UsageError(_("give --region (more than once for several) or --all-regions"))
    identity = aws.caller_identity(options.aws_profile, regions[0])
    found = aws.offers_by_region(regions, options.aws_profile)
    text = [_("AWS account {account} as {arn}").format(account=identity.account, arn=identity.arn)]
    data: dict[str, Any] = {"account": identity.account, "arn": identity.arn, "regions": {}}
    for region, offers in found.items():
        if isinstance(offers, Exception):
            text.append(f"{region}: {offers}")
            data["regions"][region] = {"error": str(offers)}
            continue
        text.append(f"{region}:")
        text += [
            f"  {o.model_id}  {o.name}" + ("  " + _("(legacy)") if o.legacy else "") for o in offers
        ]
        data["regions"][region] = [vars(o) for o in offers]
    return emit(data, text, options.json)


def vertex(options: argparse.Namespace) -> int:
    from wizard.services import google

    adc = google.find_adc()
    project = google.find_project(options.credentials_file)
    account = google.check_token(options.credentials_file, 10.0)
    region = options.region or "global"
    models = google.vertex_models(region)
    text = [
        _("credentials: {kind} from {source}{who}").format(
            kind=adc.kind, source=adc.source, who=f" ({account})" if account else ""
        ),
        _("project: {project}").format(
            project=f"{project.value} ({project.source})" if project else _("not found")
        ),
        _("regions: {regions}").format(regions=", ".join(google.vertex_regions())),
        _("models in {region}:").format(region=region),
    ]
    text += [f"  {m.model_id}  {m.model.name}  {m.region_variable or ''}".rstrip() for m in models]
    data = {
        "credentials": {"kind": adc.kind, "source": adc.source, "account": account},
        "project": vars(project) if project else None,
        "regions": google.vertex_regions(),
        "models": [{"id": m.model_id, "region_variable": m.region_variable} for m in models],
    }
    return emit(data, text, options.json)


def anthropic(options: argparse.Namespace) -> int:
    from wizard.services.http_models import list_anthropic_models

    key = stored_or_piped_key(options)
    if key is None:
        raise UsageError(_("the API key is needed: --profile NAME (stored) or --secret-stdin"))
    base = options.base_url or "https://api.anthropic.com"
    models = list_anthropic_models(base, key, 10.0)
    return emit(
        {"base_url": base, "models": models}, [base, *(f"  {m}" for m in models)], options.json
    )


def gateway(options: argparse.Namespace) -> int:
    from wizard.services import http_models

    if not options.base_url:
        raise UsageError(_("a gateway needs --base-url"))
    api: GatewayApi = options.gateway_api or "anthropic"
    report = http_models.probe_gateway(options.base_url, stored_or_piped_key(options), api, 10.0)
    config = http_models.litellm_config(api, uses_google_credentials=False)
    text = [
        report.problem
        or _("{url} answers in {ms:.0f} ms").format(url=options.base_url, ms=report.latency_ms or 0)
    ]
    text += [f"  {m}" for m in report.models]
    if http_models.suggest_disable_betas(api):
        text.append(
            _(
                "tip: add --disable-experimental-betas when applying: gateways in front of "
                "Bedrock or Vertex often reject anthropic-beta headers"
            )
        )
    text += ["", _("LiteLLM configuration:"), config]
    data = {**vars(report), "litellm_config": config}
    emit(data, text, options.json)
    return 0 if report.ok else 1


def aws_profiles(options: argparse.Namespace) -> int:
    from wizard.services import sso

    found = sso.list_profiles()
    text = []
    for info in found:
        if not info.sso:
            state = ""
        elif info.problem:
            state = info.problem
        elif info.token_valid and info.token_expires_at:
            state = _("SSO, signed in until {time}").format(
                time=info.token_expires_at.astimezone().strftime("%Y-%m-%d %H:%M %Z")
            )
        else:
            state = _("SSO, not signed in: claude-setup sso-login {name}").format(name=info.name)
        text.append(f"{info.name:<24} {info.region or '':<16} {state}".rstrip())
    if not found:
        text.append(_("no profile in ~/.aws/config: claude-setup sso-setup creates one"))
    return emit([vars(info) for info in found], text, options.json)


def aws_platform(options: argparse.Namespace) -> int:
    from wizard.cli import discover_platforms

    return discover_platforms.aws_platform(options)


def google_cloud(options: argparse.Namespace) -> int:
    from wizard.cli import discover_platforms

    return discover_platforms.google_cloud(options)


DISCOVER = {
    "anthropic-aws": aws_platform,
    "mantle": aws_platform,
    "anthropic-google-cloud": google_cloud,
    "bedrock": bedrock,
    "aws-profiles": aws_profiles,
    "vertex": vertex,
    "anthropic": anthropic,
    "gateway": gateway,
}


def discover(options: argparse.Namespace) -> int:
    return DISCOVER[options.provider](options)


def iam_policy(options: argparse.Namespace) -> int:
    from datetime import date

    from wizard import engine, plan
    from wizard.services import aws

    if options.profile:
        if options.region or options.model or options.fast_model or options.fast_model_region:
            raise UsageError(_("iam-policy: give --profile, or --region and --model, not both"))
        setup = engine.saved_setup(options.profile)
        if setup.provider in PLATFORM_POLICIES:
            return PLATFORM_POLICIES[setup.provider](setup, options)
        region, models, fast, fast_region = plan.bedrock_invocations(setup, date.today())
        aws_profile = options.aws_profile or setup.aws_profile
    else:
        if not options.region or not options.model:
            raise UsageError(_("iam-policy needs --profile, or --region and --model"))
        region, models, fast = options.region, options.model, options.fast_model
        fast_region = options.fast_model_region or region
        aws_profile = options.aws_profile
    account = options.account_id or aws.caller_identity(aws_profile, region).account
    offers: list[aws.ModelOffer] = []
    for where in dict.fromkeys((region, fast_region)):
        if any(m.startswith("arn:") for m in (*models, fast or "")):
            offers += aws.region_offers(where, aws_profile)
    policy = aws.iam_policy(
        region, account, models, offers, fast_model=fast, fast_model_region=fast_region
    )
    print_json(policy)
    return 0


def anthropic_aws_policy(setup: Setup, options: argparse.Namespace) -> int:
    from wizard.services import platform_iam

    assert setup.region and setup.workspace_id
    account = options.account_id or "*"
    print_json(platform_iam.anthropic_aws_policy(setup.region, setup.workspace_id, account))
    return 0


def mantle_policy(setup: Setup, options: argparse.Namespace) -> int:
    from wizard.services import platform_iam

    print_json(platform_iam.mantle_policy(bearer_token=setup.auth == "bedrock-api-key"))
    return 0


def google_cloud_advice(setup: Setup, options: argparse.Namespace) -> int:
    from wizard.providers.google_cloud import PROVIDER
    from wizard.services import platform_iam

    project = PROVIDER.project_id(setup) or "PROJECT"
    write("\n".join(platform_iam.google_cloud_advice(project)) + "\n")
    return 0


PLATFORM_POLICIES = {
    "anthropic-aws": anthropic_aws_policy,
    "mantle": mantle_policy,
    "anthropic-google-cloud": google_cloud_advice,
}
"""``iam-policy --profile`` of a provider that is not Bedrock: its own policy or advice."""
