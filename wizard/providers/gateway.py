"""An LLM gateway (LiteLLM and the like) speaking the Anthropic, Bedrock or Vertex API."""

from __future__ import annotations

from wizard import validation
from wizard.i18n import N_, _
from wizard.model import Setup, SetupError
from wizard.providers import bedrock, routing, vertex
from wizard.providers.base import (
    AuthMethod,
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    api_key_helper,
    keyring_key_method,
    model_env,
    own_helper_method,
)
from wizard.providers.vertex import check_model_regions, model_region_env, vertex_env

CUSTOM_HEADERS = "ANTHROPIC_CUSTOM_HEADERS"

NO_KEY_PLACEHOLDER = "no-key"
"""Claude Code refuses to send a request without some credential ("Not logged in"), even to a
gateway that needs none; for the Anthropic format a non-blank bearer token is enough."""

BASE_URL_VARIABLE = {
    "anthropic": routing.ANTHROPIC.base_url,
    "bedrock": routing.BEDROCK.base_url,
    "vertex": routing.VERTEX.base_url,
}
"""The variable that sends the requests of each gateway format to the gateway."""


GATEWAY_MODE_AUTHS = ("token", "none", "header")
"""Claude Code's gateway mode needs ``ANTHROPIC_AUTH_TOKEN``; it ignores an ``apiKeyHelper``."""


def check_gateway_mode(setup: Setup, api: str) -> None:
    """Gateway mode [seen]: an Anthropic-format gateway, a bearer token in the environment,
    https unless on this machine, and not from a project's shared settings (ignored there)."""
    if api != "anthropic":
        raise SetupError("gateway_mode", _("applies only to an Anthropic-format gateway"))
    if setup.auth not in GATEWAY_MODE_AUTHS:
        raise SetupError(
            "gateway_mode",
            _(
                "needs the gateway token in ANTHROPIC_AUTH_TOKEN, which Claude Code reads only "
                "from its environment: use the auth method token (or none, or header)"
            ),
        )
    if setup.scope == "project":
        raise SetupError(
            "gateway_mode",
            _(
                "Claude Code ignores gateway mode in a project's settings; choose the local or "
                "user scope"
            ),
        )
    if setup.base_url:
        check_gateway_mode_url("base_url", setup.base_url)


def check_gateway_mode_url(field: str, base_url: str) -> None:
    """Claude Code refuses to start in gateway mode on a plain-http address elsewhere [seen]."""
    scheme = base_url.partition(":")[0].lower()
    if not (scheme == "https" or validation.is_loopback_url(base_url)):
        raise SetupError(
            field,
            _("gateway mode needs an https:// address (plain http only on this machine)"),
        )


class Gateway(ProviderModule):
    name = "gateway"
    title = N_("LLM gateway")
    summary = N_("LiteLLM or another proxy in between")
    route = routing.GATEWAY
    common_required = frozenset({"base_url"})
    common_optional = ProviderModule.common_optional | {
        "gateway_api",
        "region",
        "project_id",
        "disable_experimental_betas",
        "vertex_region",
        "custom_header",
        "gateway_mode",
    }
    auth_methods = {
        "api-key": keyring_key_method(
            N_("a gateway key kept in the keyring, served by claude-setup's key helper")
        ),
        "helper": own_helper_method(N_("your own command that prints the gateway key")),
        "none": AuthMethod("none", N_("the gateway needs no key from Claude Code")),
        "header": AuthMethod(
            "header",
            N_(
                "a gateway key sent in a header of its own, kept in the "
                "keyring and given by claude-setup run"
            ),
            required=frozenset({"secret_header"}),
            secret="gateway-header",
            env_secret_var=CUSTOM_HEADERS,
        ),
        "token": AuthMethod(
            "token",
            N_(
                "a gateway token sent as a bearer token, kept in the keyring and given by "
                "claude-setup run"
            ),
            secret="gateway-token",
            env_secret_var="ANTHROPIC_AUTH_TOKEN",
        ),
    }

    def api(self, setup: Setup) -> str:
        return setup.gateway_api or "anthropic"

    def model_check(self, setup: Setup) -> ModelCheck:
        if self.api(setup) == "vertex":
            return validation.check_vertex_model
        return validation.check_gateway_model

    def check(self, setup: Setup, context: Context) -> None:
        api = self.api(setup)
        if api == "vertex":
            if not setup.region:
                raise SetupError("region", _("a Vertex AI gateway needs the region"))
            validation.check_vertex_region("region", setup.region)
            if not setup.project_id:
                raise SetupError("project_id", _("a Vertex AI gateway needs the project ID"))
        elif api == "bedrock":
            if setup.project_id:
                raise SetupError("project_id", _("does not apply to a Bedrock gateway"))
            if setup.region:
                validation.check_aws_region("region", setup.region)
        elif setup.region or setup.project_id:
            field = "region" if setup.region else "project_id"
            raise SetupError(field, _("does not apply to an Anthropic-format gateway"))
        if setup.vertex_region and api != "vertex":
            raise SetupError("vertex_region", _("applies only to a Vertex AI gateway"))
        check_model_regions(setup)
        if setup.gateway_mode:
            check_gateway_mode(setup, api)
        names = [line.partition(":")[0].strip().lower() for line in setup.custom_header]
        if setup.secret_header and setup.secret_header.lower() in names:
            raise SetupError(
                "custom_header",
                _("{name} is the secret header; its value comes from the keyring").format(
                    name=setup.secret_header
                ),
            )

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        assert setup.base_url
        api = self.api(setup)
        out = Contribution(env={BASE_URL_VARIABLE[api]: setup.base_url})
        if api == "bedrock":
            out.env.update({**bedrock.PROVIDER.switch_env(), **bedrock.PROVIDER.skip_auth_env()})
            if setup.region:
                out.env["AWS_REGION"] = setup.region
        elif api == "vertex":
            assert setup.region
            out.env.update(vertex_env(setup.region, setup.project_id))
            out.env.update(vertex.PROVIDER.skip_auth_env())
        out.top.update(api_key_helper(setup, context))
        if setup.auth in ("none", "header") and api == "anthropic":
            out.env["ANTHROPIC_AUTH_TOKEN"] = NO_KEY_PLACEHOLDER
        if setup.gateway_mode:
            out.env.update(self.switch_env())
        if setup.custom_header and setup.auth != "header":
            out.env[CUSTOM_HEADERS] = "\n".join(setup.custom_header)
        out.env.update(model_env(setup))
        if api == "vertex":
            out.env.update(model_region_env(setup))
        return out

    def secret_env_value(self, setup: Setup, secret: str) -> str:
        """Every header in one ``ANTHROPIC_CUSTOM_HEADERS`` value, the secret one last: a
        value in the settings file would beat the one ``claude-setup run`` gives. A gateway
        token (``ANTHROPIC_AUTH_TOKEN``) is given as it is."""
        if setup.auth != "header":
            return secret
        return "\n".join([*setup.custom_header, f"{setup.secret_header}: {secret}"])


PROVIDER = Gateway()
