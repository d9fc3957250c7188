"""What the wizard asks of the outside world, behind one Protocol so tests inject fakes.

``ServiceDiscovery`` wraps ``wizard.services`` and the doctor. Every method may block and is
called from a worker thread; boto3 and google-auth are imported here, inside the methods, never
before the first frame. Failures raise ``WizardError`` with one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from wizard.i18n import _
from wizard.secrets.value import Secret

if TYPE_CHECKING:
    from wizard.doctor import Check
    from wizard.model import Setup

DISCOVERY_TIMEOUT = 10.0


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
        from wizard.doctor.credentials import api_key_helper, credential_export

        check = (
            credential_export(command) if kind == "credential-export" else api_key_helper(command)
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
