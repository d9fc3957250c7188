"""What the wizard asks of the outside world, behind one Protocol so tests inject fakes.

``ServiceDiscovery`` wraps ``wizard.services`` and the doctor. Every method may block and is
called from a worker thread; boto3 and google-auth are imported here, inside the methods, never
before the first frame. Failures raise ``WizardError`` with one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from wizard.errors import WizardError
from wizard.i18n import _
from wizard.secrets.value import Secret

if TYPE_CHECKING:
    from wizard.doctor import Check
    from wizard.model import Setup
from wizard.providers import routing

DISCOVERY_TIMEOUT = 10.0
AWS_PROVIDERS = frozenset({"bedrock", "anthropic-aws", "mantle"})
BASE_URL_VARIABLES = {
    route.provider: route.base_url
    for route in (routing.ANTHROPIC_AWS, routing.MANTLE, routing.GOOGLE_CLOUD)
}
"""Where Claude Code is sent when the setup names no base URL: the environment's (the setup
does not write one, so Claude Code reads the shell's); discovery asks the same place."""


class NotDiscovered(WizardError):
    """Discovery was not tried for this setup: one sentence saying why the catalogue's models
    are shown (not a failure)."""


@dataclass(frozen=True)
class AwsProfileChoice:
    name: str
    kind: str
    """``sso``, ``keys`` or ``other``."""
    detail: str
    """A short sentence: the SSO token's state, where the profile is defined."""


@dataclass(frozen=True)
class ProjectGuess:
    value: str
    source: str


@dataclass(frozen=True)
class SignIn:
    """A pending AWS SSO device sign-in: what to show, and the handle to wait on."""

    user_code: str
    url: str
    expires_in: int
    handle: Any


@dataclass(frozen=True)
class AccountRoleChoice:
    account_id: str
    account_name: str
    role_name: str


class Discovery(Protocol):
    def aws_profiles(self) -> list[AwsProfileChoice]: ...

    def regions(self, provider: str) -> list[str]: ...

    def models(self, setup: Setup, secret: Secret | None) -> list[str]: ...

    def adc(self) -> str: ...

    def project(self, credentials_file: str | None) -> ProjectGuess | None: ...

    def probe_gateway(self, base_url: str, api: str, secret: Secret | None) -> str: ...

    def try_helper(self, command: str, kind: str) -> tuple[bool, str]: ...

    def check_connection(self) -> list[Check]: ...

    def sso_start(self, start_url: str, sso_region: str, session_name: str) -> SignIn: ...

    def sso_wait(self, sign_in: SignIn, on_tick: Callable[[float], None]) -> Any: ...

    def sso_accounts(self, token: Any) -> list[AccountRoleChoice]: ...

    def sso_write_profile(
        self, profile: str, sign_in: SignIn, token: Any, choice: AccountRoleChoice, region: str
    ) -> None: ...

    def sso_keep_sign_in(self, token: Any) -> None:
        """Keep the sign-in (its token in the AWS SSO cache) without writing a profile."""
        ...


class ServiceDiscovery:
    """The real thing: AWS, Google, HTTP and the doctor, through ``wizard.services``."""

    def aws_profiles(self) -> list[AwsProfileChoice]:
        from wizard.services.sso_profiles import list_profiles

        found = []
        for info in list_profiles():
            if info.sso:
                if info.problem:
                    detail = info.problem
                elif info.token_valid:
                    detail = _("SSO, signed in")
                elif info.token_refreshable:
                    detail = _("SSO, token expired but refreshable")
                else:
                    detail = _("SSO, sign-in needed")
                found.append(AwsProfileChoice(info.name, "sso", detail))
            elif "credentials" in info.sources:
                found.append(AwsProfileChoice(info.name, "keys", _("keys in ~/.aws/credentials")))
            else:
                found.append(AwsProfileChoice(info.name, "other", _("in ~/.aws/config")))
        return found

    def regions(self, provider: str) -> list[str]:
        if provider == "vertex":
            from wizard.services.google import vertex_regions

            return vertex_regions()
        if provider in ("anthropic-aws", "mantle", "anthropic-google-cloud"):
            from wizard.services import platforms

            return list(
                platforms.ANTHROPIC_AWS_REGIONS if provider == "anthropic-aws"
                else platforms.MANTLE_REGIONS if provider == "mantle"
                else platforms.GOOGLE_CLOUD_LOCATIONS
            )
        from wizard.services.aws import bedrock_regions

        return bedrock_regions()

    def models(self, setup: Setup, secret: Secret | None) -> list[str]:
        if setup.provider in AWS_PROVIDERS and setup.auth == "credential-export":
            # Not run here: the wizard runs the user's own command only when asked to (Ctrl+T,
            # "Try the command", on the credentials screen), never on its own before the
            # review; it may prompt for MFA or open a browser. The default chain is not this
            # setup's credential either, so nothing is asked.
            raise NotDiscovered(
                _("Your own credential command is not run before the review, so these are the "
                  "catalogue's models.")
            )
        if setup.provider in BASE_URL_VARIABLES:
            return _platform_models(setup, secret)
        if setup.provider == "bedrock" and setup.region:
            from wizard.services.aws import AccessKeys, region_offers

            profile = setup.aws_profile if setup.auth in ("sso", "aws-profile") else None
            keys, api_key = None, None
            if setup.auth in ("access-keys", "bedrock-api-key"):
                if secret is None or (setup.auth == "access-keys" and not setup.aws_access_key_id):
                    return []  # kept in the keyring; the default chain may be someone else's
                if setup.auth == "access-keys":
                    keys = AccessKeys(setup.aws_access_key_id or "", secret)
                else:
                    api_key = secret
            offers = region_offers(setup.region, profile, keys=keys, api_key=api_key)
            return [offer.model_id for offer in offers]
        if setup.provider == "vertex":
            from wizard.services.google import vertex_models

            return [m.model_id for m in vertex_models(setup.region or "global")]
        if setup.provider == "gateway" and setup.base_url:
            from wizard.services.http_models import probe_gateway

            key = secret.reveal() if secret else None
            api = setup.gateway_api or "anthropic"
            return list(probe_gateway(setup.base_url, key, api, DISCOVERY_TIMEOUT).models)
        if setup.provider == "anthropic" and secret is not None:
            from wizard.services.http_models import list_anthropic_models

            base = setup.base_url or "https://api.anthropic.com"
            return list_anthropic_models(base, secret.reveal(), DISCOVERY_TIMEOUT)
        return []

    def adc(self) -> str:
        from wizard.services.google import find_adc

        info = find_adc(DISCOVERY_TIMEOUT)
        who = info.account or info.kind
        return _("Application Default Credentials found: {who}, from {source}").format(
            who=who, source=info.source
        )

    def project(self, credentials_file: str | None) -> ProjectGuess | None:
        from wizard.services.google import find_project

        found = find_project(credentials_file)
        return ProjectGuess(found.value, found.source) if found else None

    def probe_gateway(self, base_url: str, api: str, secret: Secret | None) -> str:
        from wizard.errors import WizardError
        from wizard.services.http_models import probe_gateway

        key = secret.reveal() if secret else None
        report = probe_gateway(base_url, key, api, DISCOVERY_TIMEOUT)  # type: ignore[arg-type]
        if report.problem:
            raise WizardError(report.problem)
        count = len(report.models)
        return _("The gateway answers in {ms:.0f} ms and lists {count} models.").format(
            ms=report.latency_ms or 0, count=count
        )

    def try_helper(self, command: str, kind: str) -> tuple[bool, str]:
        import os

        from wizard.doctor.credentials import api_key_helper, credential_export

        env = dict(os.environ)
        check = (
            credential_export(command, env)
            if kind == "credential-export"
            else api_key_helper(command, env)
        )
        return check.status == "ok", check.message

    def check_connection(self) -> list[Check]:
        from wizard import engine

        return engine.check_connection(live=True)

    def sso_start(self, start_url: str, sso_region: str, session_name: str) -> SignIn:
        from wizard.services.sso import start_device_authorization

        auth = start_device_authorization(start_url, sso_region, session_name)
        return SignIn(auth.user_code, auth.verification_uri_complete, auth.expires_in, auth)

    def sso_wait(self, sign_in: SignIn, on_tick: Callable[[float], None]) -> Any:
        from wizard.services.sso import wait_for_token

        return wait_for_token(sign_in.handle, open_browser=True, on_tick=on_tick)

    def sso_accounts(self, token: Any) -> list[AccountRoleChoice]:
        from wizard.services.sso import list_accounts_and_roles

        return [
            AccountRoleChoice(r.account_id, r.account_name, r.role_name)
            for r in list_accounts_and_roles(token)
        ]

    def sso_write_profile(
        self, profile: str, sign_in: SignIn, token: Any, choice: AccountRoleChoice, region: str
    ) -> None:
        from wizard.services.sso import cache_token, write_profile

        auth = sign_in.handle
        write_profile(
            profile,
            auth.session_name or profile,
            auth.start_url,
            auth.sso_region,
            choice.account_id,
            choice.role_name,
            region,
        )
        cache_token(token)

    def sso_keep_sign_in(self, token: Any) -> None:
        from wizard.services.sso import cache_token

        cache_token(token)


def _platform_models(setup: Setup, secret: Secret | None) -> list[str]:
    """What Claude Platform on AWS, Bedrock Mantle or Claude Platform on Google Cloud lists,
    asked with the credential just chosen: a typed key or access key held in memory (never
    written, never in a child's environment), the AWS profile, or the Google credentials."""
    import os

    from wizard.services import platforms

    base = setup.base_url or os.environ.get(BASE_URL_VARIABLES[setup.provider]) or None
    if setup.provider == "anthropic-google-cloud":
        return _google_cloud_models(setup, base)
    region = setup.region or platforms.DEFAULT_REGION
    auth = _aws_auth(setup, secret)
    if setup.provider == "mantle":
        return platforms.list_mantle_models(region, auth, base_url=base,
                                            timeout=DISCOVERY_TIMEOUT)
    if not setup.workspace_id:
        return []
    return platforms.list_anthropic_aws_models(
        region, setup.workspace_id, auth, base_url=base, timeout=DISCOVERY_TIMEOUT
    )


def _aws_auth(setup: Setup, secret: Secret | None) -> Any:
    from wizard.services.platforms import AwsAuth, AwsKeys

    if setup.auth in ("api-key", "bedrock-api-key", "access-keys"):
        if secret is None:  # kept in the keyring: the default chain may be someone else's
            raise NotDiscovered(
                _("The key is kept in the keyring, so these are the catalogue's models; type "
                  "it again to list the ones it can call.")
            )
        if setup.auth == "access-keys":
            return AwsAuth(keys=AwsKeys(setup.aws_access_key_id or "", secret.reveal()))
        return AwsAuth(api_key=secret.reveal())
    if setup.auth in ("sso", "aws-profile"):
        return AwsAuth(profile=setup.aws_profile)
    return AwsAuth()  # the default chain, chosen as such


def _google_cloud_models(setup: Setup, base: str | None) -> list[str]:
    from wizard.providers.google_cloud import DEFAULT_LOCATION, PROVIDER
    from wizard.services import google, platforms

    credentials_file = setup.credentials_file if setup.auth == "service-account" else None
    project = PROVIDER.project_id(setup)
    if not project:
        found = google.find_project(credentials_file, google.GOOGLE_CLOUD_PROJECT_VARIABLES)
        project = found.value if found else None
    if not setup.workspace_id or not (project or base):
        return []
    token, _account = google.access_token(credentials_file, DISCOVERY_TIMEOUT)
    return platforms.list_google_cloud_models(
        project or "", setup.region or DEFAULT_LOCATION, setup.workspace_id, token,
        base_url=base, timeout=DISCOVERY_TIMEOUT,
    )
