"""A ``Discovery`` that answers from fixed data (or fails on demand), for the wizard's tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wizard.doctor import Check
from wizard.errors import WizardError
from wizard.model import Setup
from wizard.secrets.value import Secret
from wizard.tui.discovery import AccountRoleChoice, AwsProfileChoice, ProjectGuess, SignIn


@dataclass
class FakeDiscovery:
    fail: set[str] = field(default_factory=set)
    """Names of methods that raise a ``WizardError`` instead of answering."""
    aws: list[AwsProfileChoice] = field(
        default_factory=lambda: [
            AwsProfileChoice("dev-sso", "sso", "SSO, signed in"),
            AwsProfileChoice("default", "keys", "keys in ~/.aws/credentials"),
        ]
    )
    wait_forever: bool = False
    calls: list[str] = field(default_factory=list)
    written: list[tuple[str, str, str]] = field(default_factory=list)

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if name in self.fail:
            raise WizardError(f"The fake {name} service is unreachable (test)")

    def aws_profiles(self) -> list[AwsProfileChoice]:
        self._call("aws_profiles")
        return list(self.aws)

    def regions(self, provider: str) -> list[str]:
        self._call("regions")
        if provider == "vertex":
            return ["global", "us-east5", "europe-west1"]
        return ["eu-west-1", "us-east-1", "us-west-2"]

    def models(self, setup: Setup, secret: Secret | None) -> list[str]:
        self._call("models")
        return []

    def adc(self) -> str:
        self._call("adc")
        return "Application Default Credentials found: dev@example.com, from gcloud"

    def project(self, credentials_file: str | None) -> ProjectGuess | None:
        self._call("project")
        return ProjectGuess("example-project", "gcloud configuration 'default'")

    def probe_gateway(self, base_url: str, api: str, secret: Secret | None) -> str:
        self._call("probe_gateway")
        return "The gateway answers in 12 ms and lists 3 models."

    def try_helper(self, command: str, kind: str) -> tuple[bool, str]:
        self._call("try_helper")
        return True, "apiKeyHelper answers with a key"

    def check_connection(self) -> list[Check]:
        self._call("check_connection")
        return [Check("ok", "settings.json is valid"), Check("ok", "a request went through")]

    def sso_start(self, start_url: str, sso_region: str, session_name: str) -> SignIn:
        self._call("sso_start")
        return SignIn("ABCD-EFGH", "https://device.sso.example/?code=ABCD-EFGH", 600, None)

    def sso_wait(self, sign_in: SignIn, on_tick: Callable[[float], None]) -> Any:
        self._call("sso_wait")
        import time

        left = 600.0
        while self.wait_forever:
            on_tick(left)
            left -= 1
            time.sleep(0.05)
        on_tick(598.0)
        return "token"

    def sso_accounts(self, token: Any) -> list[AccountRoleChoice]:
        self._call("sso_accounts")
        return [AccountRoleChoice("123456789012", "Sandbox", "ClaudeDeveloper")]

    def sso_write_profile(
        self, profile: str, sign_in: SignIn, token: Any, choice: AccountRoleChoice, region: str
    ) -> None:
        self._call("sso_write_profile")
        self.written.append((profile, choice.account_id, region))

    def sso_keep_sign_in(self, token: Any) -> None:
        self._call("sso_keep_sign_in")
