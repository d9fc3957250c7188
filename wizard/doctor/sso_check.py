"""The SSO token of an AWS profile: present, and until when it is valid."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.doctor import Check, fail, ok
from wizard.i18n import _
from wizard.services.errors import ServiceError


def sso_token_check(name: str, values: Mapping[str, str]) -> list[Check]:
    if not ({"sso_session", "sso_start_url"} & set(values)):
        return [ok(_("AWS profile {name} found").format(name=name))]
    from wizard.services import sso

    try:
        token = sso.profile_token(name)
    except ServiceError as exc:
        return [fail(str(exc))]
    return [
        ok(
            _("AWS SSO sign-in of profile {name} valid until {time}").format(
                name=name, time=token.expires_at.astimezone().strftime("%Y-%m-%d %H:%M %Z")
            )
        )
    ]
