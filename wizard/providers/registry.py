"""The provider registry and the validation every ``Setup`` goes through."""

from __future__ import annotations

from wizard import validation
from wizard.i18n import N_, _
from wizard.model import GATEWAY_APIS, PROVIDERS, SCOPES, Setup, SetupError
from wizard.providers import (
    anthropic,
    anthropic_aws,
    bedrock,
    foundry,
    gateway,
    google_cloud,
    mantle,
    vertex,
)
from wizard.providers.base import (
    MODEL_ROLE_VARIABLES,
    AuthMethod,
    Context,
    Contribution,
    ProviderModule,
)

__all__ = ["AuthMethod", "Context", "Contribution", "ProviderModule", "REGISTRY", "module_for"]

REGISTRY: dict[str, ProviderModule] = {
    module.name: module
    for module in (
        anthropic.PROVIDER,
        bedrock.PROVIDER,
        vertex.PROVIDER,
        foundry.PROVIDER,
        gateway.PROVIDER,
        anthropic_aws.PROVIDER,
        google_cloud.PROVIDER,
        mantle.PROVIDER,
    )
}

FIELD_REASONS: dict[str, str] = {
    "region": N_("the region is required"),
    "project_id": N_("the Google Cloud project ID is required"),
    "base_url": N_("the gateway's address is required"),
    "aws_profile": N_("the name of the AWS profile is required"),
    "aws_access_key_id": N_("the access key ID is required (its secret is given apart)"),
    "helper_command": N_("the command that prints the credential is required"),
    "credentials_file": N_("the path of the service-account key file is required"),
    "workspace_id": N_("the workspace ID is required"),
    "secret_header": N_("the name of the header that carries the gateway key is required"),
}


def module_for(setup: Setup) -> ProviderModule:
    return REGISTRY[setup.provider]


def auth_method(setup: Setup) -> AuthMethod:
    return module_for(setup).auth_methods[setup.auth]


def check_one_line_values(setup: Setup) -> None:
    """No value may hold a line break or control character (it would break the file, or the
    one-line error that echoes it), nor be empty (an empty value is no choice at all)."""
    for name, value in vars(setup).items():
        if isinstance(value, str) and validation.has_control_characters(value):
            raise SetupError(name, _("contains a line break or a control character"))
        if value == "" and name != "profile":
            raise SetupError(name, _("is empty"))


def check_choices(setup: Setup) -> ProviderModule:
    """Provider, auth method, scope and profile name; returns the provider module."""
    check_one_line_values(setup)
    if setup.provider not in PROVIDERS:
        raise SetupError(
            "provider",
            _("unknown provider '{value}' (choose {choices})").format(
                value=setup.provider, choices=", ".join(PROVIDERS)
            ),
        )
    module = REGISTRY[setup.provider]
    if setup.auth not in module.auth_methods:
        owners = [p for p, m in REGISTRY.items() if setup.auth in m.auth_methods]
        choices = ", ".join(module.auth_methods)
        reason = (
            _("'{value}' does not fit provider {provider} (choose {choices})")
            if owners
            else _("unknown auth method '{value}' for provider {provider} (choose {choices})")
        )
        raise SetupError(
            "auth", reason.format(value=setup.auth, provider=setup.provider, choices=choices)
        )
    if setup.scope not in SCOPES:
        raise SetupError(
            "scope",
            _("unknown scope '{value}' (choose {choices})").format(
                value=setup.scope, choices=", ".join(SCOPES)
            ),
        )
    if setup.gateway_api is not None and setup.gateway_api not in GATEWAY_APIS:
        raise SetupError(
            "gateway_api",
            _("unknown gateway API '{value}' (choose {choices})").format(
                value=setup.gateway_api, choices=", ".join(GATEWAY_APIS)
            ),
        )
    validation.check_profile_name("profile", setup.profile_name)
    return module


def check_fields(setup: Setup, module: ProviderModule) -> None:
    """Required fields present, no field that the provider and method do not use."""
    chosen = setup.chosen_fields()
    for name in sorted(module.required_fields(setup) - chosen):
        reason = FIELD_REASONS.get(name, N_("is required"))
        raise SetupError(name, _(reason))
    for name in sorted(chosen - module.allowed_fields(setup)):
        raise SetupError(
            name,
            _("does not apply to {provider} with the auth method {auth}").format(
                provider=setup.provider, auth=setup.auth
            ),
        )


def check_formats(setup: Setup, module: ProviderModule) -> None:
    """Each value's own format."""
    google_cloud_names = setup.provider == "anthropic-google-cloud"
    if setup.region and setup.provider in ("bedrock", "anthropic-aws", "mantle"):
        validation.check_aws_region("region", setup.region)
    if setup.region and setup.provider == "vertex":
        validation.check_vertex_region("region", setup.region)
    if setup.region and google_cloud_names:
        validation.check_google_cloud_name("region", setup.region)
    if setup.workspace_id:
        validation.check_google_cloud_name("workspace_id", setup.workspace_id)
    if setup.service_tier:
        validation.check_service_tier("service_tier", setup.service_tier)
    if setup.fast_model_region:
        validation.check_aws_region("fast_model_region", setup.fast_model_region)
    if setup.project_id and google_cloud_names:
        validation.check_google_cloud_name("project_id", setup.project_id)
    elif setup.project_id:
        validation.check_project_id("project_id", setup.project_id)
    if setup.base_url:
        validation.check_base_url("base_url", setup.base_url)
    if setup.aws_profile:
        validation.check_aws_profile_name("aws_profile", setup.aws_profile)
    if setup.aws_access_key_id:
        validation.check_access_key_id("aws_access_key_id", setup.aws_access_key_id)
    if setup.foundry_resource:
        validation.check_foundry_resource("foundry_resource", setup.foundry_resource)
    for name in ("helper_command", "credentials_file"):
        value = getattr(setup, name)
        if value is not None:
            validation.check_plain_text(name, value)
    if setup.helper_ttl_ms is not None:
        validation.check_positive("helper_ttl_ms", setup.helper_ttl_ms, 86_400_000)
    for name in ("max_output_tokens", "max_thinking_tokens"):
        value = getattr(setup, name)
        if value is not None:
            validation.check_positive(name, value, 10_000_000)
    model_check = module.model_check(setup)
    for name in MODEL_ROLE_VARIABLES:
        value = getattr(setup, name)
        if value is not None:
            model_check(name, value)
    for value in setup.custom_header:
        validation.check_custom_header("custom_header", value)
    if setup.secret_header is not None:
        validation.check_header_name("secret_header", setup.secret_header)
    for value in setup.vertex_region:
        validation.split_model_region("vertex_region", value)
    if setup.gateway_mode and isinstance(module, gateway.Gateway):  # a bad value, as the rest
        gateway.check_gateway_mode(setup, module.api(setup))
    if setup.plaintext_secrets and not auth_method(setup).env_secret_var:
        raise SetupError(
            "plaintext_secrets",
            _(
                "only applies to secrets Claude Code reads from its environment "
                "(Bedrock API key, Foundry key, Claude Platform on AWS key, gateway token)"
            ),
        )


def validate(setup: Setup, context: Context) -> ProviderModule:
    """Every check a ``Setup`` must pass before it is planned; the first failure is raised."""
    module = check_choices(setup)
    check_fields(setup, module)
    check_formats(setup, module)
    module.check(setup, context)
    return module
