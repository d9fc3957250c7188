"""Claude Platform on Google Cloud: Anthropic's API run by Google, billed to a workspace.

Requests go to ``claude.googleapis.com/v1/projects/P/locations/L/workspaces/W/…`` with a
Google access token from Application Default Credentials or a service-account key file.
The project is its own variable (``ANTHROPIC_GOOGLE_CLOUD_PROJECT``, not Vertex AI's).
"""

from __future__ import annotations

from wizard import validation
from wizard.i18n import N_, _
from wizard.model import Setup, SetupError
from wizard.providers import routing
from wizard.providers.base import (
    Context,
    Contribution,
    ModelCheck,
    ProviderModule,
    model_env,
)
from wizard.providers.vertex import Vertex, add_google_credentials, read_service_account

DEFAULT_LOCATION = "global"


class AnthropicGoogleCloud(ProviderModule):
    name = "anthropic-google-cloud"
    title = N_("Claude Platform on Google Cloud")
    summary = N_("Anthropic's API via Google Cloud")
    route = routing.GOOGLE_CLOUD
    common_required = frozenset({"workspace_id"})
    credential_fields = frozenset({"project_id", "workspace_id"})
    common_optional = ProviderModule.common_optional | {"base_url", "project_id", "region"}
    auth_methods = Vertex.auth_methods

    def model_check(self, setup: Setup) -> ModelCheck:
        return validation.check_anthropic_model

    def project_id(self, setup: Setup) -> str | None:
        """The project given, else the one named in the service-account key file."""
        return Vertex().project_id(setup)

    def check(self, setup: Setup, context: Context) -> None:
        if setup.credentials_file:
            read_service_account(setup.credentials_file)
        project = self.project_id(setup)
        if not project:
            raise SetupError(
                "project_id", _("Claude Platform on Google Cloud needs the Google Cloud project ID")
            )
        validation.check_google_cloud_name("project_id", project)

    def contribute(self, setup: Setup, context: Context) -> Contribution:
        assert setup.workspace_id
        project = self.project_id(setup)
        assert project
        out = Contribution(
            env={
                **self.switch_env(),
                "ANTHROPIC_GOOGLE_CLOUD_PROJECT": project,
                "ANTHROPIC_GOOGLE_CLOUD_LOCATION": setup.region or DEFAULT_LOCATION,
                "ANTHROPIC_GOOGLE_CLOUD_WORKSPACE_ID": setup.workspace_id,
            }
        )
        if setup.base_url:
            out.env["ANTHROPIC_GOOGLE_CLOUD_BASE_URL"] = setup.base_url
        add_google_credentials(setup, out)
        out.env.update(model_env(setup))
        return out


PROVIDER = AnthropicGoogleCloud()
