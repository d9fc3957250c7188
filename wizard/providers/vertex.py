"""Google Vertex AI, with Application Default Credentials or a service-account key file."""

from __future__ import annotations

from pathlib import Path

from wizard import validation
from wizard.i18n import N_, _
from wizard.model import Setup, SetupError
from wizard.providers import routing
from wizard.providers.base import (
    AuthMethod,
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    model_env,
)
from wizard.services.errors import ServiceError

ADC_LOGIN = "gcloud auth application-default login"
def vertex_env(region: str, project_id: str | None) -> dict[str, str]:
    assert routing.VERTEX.switch is not None
    env = {routing.VERTEX.switch: "1", "CLOUD_ML_REGION": region}
    if project_id:
        env["ANTHROPIC_VERTEX_PROJECT_ID"] = project_id
    return env


def region_variable(model: str) -> str | None:
    """The ``VERTEX_REGION_*`` variable Claude Code reads for a Vertex AI model ID."""
    from wizard.services.google import vertex_region_variable

    return vertex_region_variable(model)


def check_model_regions(setup: Setup) -> None:
    for item in setup.vertex_region:
        model, _region = validation.split_model_region("vertex_region", item)
        if region_variable(model) is None:
            raise SetupError(
                "vertex_region",
                _("no VERTEX_REGION_* variable is known for {model}").format(model=model),
            )


def model_region_env(setup: Setup) -> dict[str, str]:
    """``VERTEX_REGION_*`` for each model put in another region than the setup's."""
    env: dict[str, str] = {}
    for item in setup.vertex_region:
        model, region = validation.split_model_region("vertex_region", item)
        variable = region_variable(model)
        if variable and region != setup.region:
            env[variable] = region
    return env


def add_google_credentials(setup: Setup, out: Contribution) -> None:
    """ADC: ``gcpAuthRefresh`` renews them; a service account: its key file, by absolute path."""
    if setup.auth == "adc":
        out.top["gcpAuthRefresh"] = ADC_LOGIN
    elif setup.credentials_file:
        path = str(Path(setup.credentials_file).expanduser().resolve())
        out.env["GOOGLE_APPLICATION_CREDENTIALS"] = path


def read_service_account(path: str) -> dict[str, object]:
    """The key file's JSON, refused unless it is a service-account key (read and checked as
    every credentials file is: ``google.read_credentials``)."""
    from wizard.services.google import read_credentials

    try:
        data = read_credentials(Path(path).expanduser())
    except ServiceError as exc:
        raise SetupError("credentials_file", str(exc)) from None
    if data.get("type") != "service_account":
        raise SetupError(
            "credentials_file",
            _('{path} is not a Google service-account key ("type": "service_account")').format(
                path=path
            ),
        )
    return data


class Vertex(ProviderModule):
    name = "vertex"
    title = N_("Google Vertex AI")
    summary = N_("Claude in your Google Cloud project")
    route = routing.VERTEX
    common_required = frozenset({"region"})
    credential_fields = frozenset({"project_id"})
    common_optional = ProviderModule.common_optional | {"base_url", "project_id", "vertex_region"}
    auth_methods = {
        "adc": AuthMethod(
            "adc", N_("Application Default Credentials (gcloud auth application-default login)")
        ),
        "service-account": AuthMethod(
            "service-account",
            N_("a service-account key file"),
            required=frozenset({"credentials_file"}),
        ),
    }

    def model_check(self, setup: Setup) -> ModelCheck:
        return validation.check_vertex_model

    def needed_fields(self, auth: str) -> frozenset[str]:
        needed = super().needed_fields(auth)
        # a key file may name its project; without one the project ID is needed
        return needed if "credentials_file" in needed else needed | {"project_id"}

    def project_id(self, setup: Setup) -> str | None:
        """The project given, else the one named in the service-account key file."""
        if setup.project_id or not setup.credentials_file:
            return setup.project_id
        project = read_service_account(setup.credentials_file).get("project_id")
        return project if isinstance(project, str) else None

    def check(self, setup: Setup, context: Context) -> None:
        if setup.credentials_file:
            read_service_account(setup.credentials_file)
        if not self.project_id(setup):
            raise SetupError("project_id", _("Vertex AI needs the Google Cloud project ID"))
        check_model_regions(setup)

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        assert setup.region
        out = Contribution(env=vertex_env(setup.region, self.project_id(setup)))
        if setup.base_url:
            out.env["ANTHROPIC_VERTEX_BASE_URL"] = setup.base_url
        add_google_credentials(setup, out)
        out.env.update(model_env(setup))
        out.env.update(model_region_env(setup))
        return out


PROVIDER = Vertex()
