"""The SSO token of an AWS profile: present, and until when it is valid."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.doctor import Check, ok


def sso_token_check(name: str, values: Mapping[str, str]) -> list[Check]:
    if not ({"sso_session", "sso_start_url"} & set(values)):
        return [ok(f"AWS profile {name} found")]
    return [ok(f"AWS profile {name} uses SSO")]
