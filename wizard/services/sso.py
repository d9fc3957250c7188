"""AWS IAM Identity Center (SSO): signing in, the accounts and roles, and ``sso-login``.

The sign-in is the OAuth device authorization of ``sso-oidc``, split so that the TUI and the
command line can both drive it::

    auth = start_device_authorization(start_url, sso_region, session_name)
    show(auth.user_code, auth.verification_uri_complete)
    token = wait_for_token(auth, open_browser=True)
    choices = list_accounts_and_roles(token, sso_region)
    write_profile(profile, session_name, start_url, sso_region, account, role, region)
    cache_token(token)

boto3 and botocore are imported inside the functions that call AWS. The token cache is in
``sso_cache``, the profiles of ``~/.aws/config`` in ``sso_profiles``; both are re-exported here.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from wizard import programs, redact
from wizard.i18n import _
from wizard.self_command import helper_executable
from wizard.services import pool
from wizard.services.errors import ServiceError
from wizard.services.sso_cache import SCOPES, SsoToken, cache_token, load_token
from wizard.services.sso_profiles import (
    AwsProfileInfo,
    check_region,
    check_start_url,
    list_profiles,
    profile_settings,
    write_profile,
)

__all__ = [
    "AccountRole",
    "AwsProfileInfo",
    "DeviceAuthorization",
    "SsoToken",
    "cache_token",
    "launch_browser",
    "list_accounts_and_roles",
    "list_profiles",
    "profile_token",
    "aws_cli_can_sso_login",
    "refresh_command",
    "refresh_token",
    "sso_login",
    "start_device_authorization",
    "wait_for_token",
    "write_profile",
]

CLIENT_NAME = "claude-setup"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
CALL_TIMEOUT = 15.0  # seconds for one HTTP call
WAIT_TIMEOUT = 600.0  # seconds for the user to approve the sign-in
SLOW_DOWN_DELAY = 5  # seconds added to the interval on slow_down (RFC 8628, 3.5)


@dataclass(frozen=True)
class DeviceAuthorization:
    """A pending sign-in: show ``user_code`` and ``verification_uri_complete`` to the user."""

    start_url: str
    sso_region: str
    session_name: str | None
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    interval: int
    expires_in: int
    client_id: str
    client_secret: str = field(repr=False)
    registration_expires_at: datetime
    device_code: str = field(repr=False)
    scopes: tuple[str, ...] = SCOPES


@dataclass(frozen=True)
class AccountRole:
    account_id: str
    account_name: str
    email: str
    role_name: str


def refresh_command(profile: str) -> str:
    """What renews a profile's SSO token: AWS CLI v2 when installed, else claude-setup.

    AWS CLI v1 has no ``aws sso login``: it would fail every time Claude Code runs it.
    """
    if aws_cli_can_sso_login():
        return f"aws sso login --profile {shlex.quote(profile)}"
    return f"{helper_executable()} sso-login {shlex.quote(profile)}"


def aws_cli_can_sso_login() -> bool:
    """Whether the ``aws`` on PATH (its absolute folders) is the AWS CLI v2, the one with ``aws
    sso login``."""
    found = programs.find("aws")
    return bool(found) and _aws_cli_major(found or "") >= 2


@functools.cache
def _aws_cli_major(path: str) -> int:
    """The major version ``aws --version`` prints (``aws-cli/2.15.0 …``); 0 if unknown."""
    try:
        done = subprocess.run(
            [path, "--version"],
            capture_output=True,
            text=True,
            timeout=15,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return 0
    found = re.search(r"aws-cli/(\d+)\.", done.stdout + done.stderr)
    return int(found.group(1)) if found else 0


def profile_token(profile_name: str) -> SsoToken:
    """The cached SSO token of a profile; a sentence naming the refresh command if none is valid."""
    settings = profile_settings(profile_name)
    token = load_token(settings.start_url, settings.session_name)
    command = refresh_command(profile_name)
    if token is None:
        raise ServiceError(
            _("AWS profile '{name}' is not signed in to AWS SSO; run {command}").format(
                name=profile_name, command=command
            ),
            code="no_token",
        )
    if not token.valid():
        raise ServiceError(
            _("the AWS SSO sign-in of profile '{name}' expired at {time}; run {command}").format(
                name=profile_name, time=_when(token.expires_at), command=command
            ),
            code="expired_token",
        )
    return token


# ---- AWS calls -----------------------------------------------------------------------------


def _client(service: str, region: str, timeout: float) -> Any:
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError

    config = Config(
        region_name=region,
        signature_version=UNSIGNED,
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"mode": "standard", "total_max_attempts": 2},
    )
    try:
        return boto3.session.Session().client(service, config=config)  # type: ignore[call-overload]
    except BotoCoreError as exc:
        raise _error(exc, timeout) from None


def _error(exc: Exception, timeout: float, again: str = "") -> ServiceError:
    """One sentence for a botocore failure; ``again`` says how to sign in again."""
    from botocore.exceptions import (
        ClientError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ProfileNotFound,
        ReadTimeoutError,
    )

    again = again or _("sign in again")
    if isinstance(exc, ConnectTimeoutError | ReadTimeoutError):
        return ServiceError(
            _(
                "AWS SSO did not answer within {seconds:g} seconds ({url}); check your network or "
                "proxy and try again"
            ).format(seconds=timeout, url=exc.kwargs.get("endpoint_url", "")),
            code="timeout",
        )
    if isinstance(exc, EndpointConnectionError):
        return ServiceError(
            _("cannot reach AWS SSO at {url}; check the SSO region and your network").format(
                url=exc.kwargs.get("endpoint_url", "")
            ),
            code="unreachable",
        )
    if isinstance(exc, ProfileNotFound):
        return ServiceError(
            _(
                "AWS_PROFILE names profile '{name}', which does not exist; unset AWS_PROFILE or "
                "create the profile"
            ).format(name=exc.kwargs.get("profile", "")),
            code="unknown_profile",
        )
    if not isinstance(exc, ClientError):
        return ServiceError(
            _("AWS SSO failed ({reason}); try again").format(reason=_one_line(str(exc))),
            code="failed",
        )
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    sentences = {
        "ExpiredTokenException": _(
            "the sign-in code expired before it was approved in the browser; {again}"
        ),
        "AccessDeniedException": _(
            "the sign-in was denied in the browser; {again} and choose Allow"
        ),
        "UnauthorizedException": _("the AWS SSO sign-in has expired or was revoked; {again}"),
        "InvalidGrantException": _("AWS SSO no longer accepts this sign-in; {again}"),
        "InvalidClientException": _("AWS SSO no longer accepts this sign-in; {again}"),
        "TooManyRequestsException": _("AWS SSO is limiting requests; wait a minute and try again"),
        "SlowDownException": _("AWS SSO is limiting requests; wait a minute and try again"),
    }
    if code in sentences:
        return ServiceError(sentences[code].format(again=again), code=code)
    return ServiceError(
        _(
            "AWS SSO refused the request ({code}: {message}); check the start URL and the SSO "
            "region"
        ).format(
            code=code or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            message=_one_line(str(error.get("Message", ""))),
        ),
        code=code or "refused",
    )


def _one_line(text: str) -> str:
    """A server's message on one line, with anything shaped like a key or token masked."""
    return redact.mask_key_like(" ".join(text.split()))[:200]


def start_device_authorization(
    start_url: str,
    sso_region: str,
    session_name: str | None,
    *,
    scopes: Sequence[str] = SCOPES,
    timeout: float = CALL_TIMEOUT,
) -> DeviceAuthorization:
    """Register claude-setup with the SSO region and ask for a user code."""
    from botocore.exceptions import BotoCoreError, ClientError

    check_start_url(start_url)
    check_region(sso_region)
    client = _client("sso-oidc", sso_region, timeout)
    try:
        reg = client.register_client(
            clientName=CLIENT_NAME, clientType="public", scopes=list(scopes)
        )
        dev = client.start_device_authorization(
            clientId=reg["clientId"], clientSecret=reg["clientSecret"], startUrl=start_url
        )
    except (BotoCoreError, ClientError) as exc:
        raise _error(exc, timeout) from None
    uri = dev["verificationUri"]
    return DeviceAuthorization(
        start_url=start_url,
        sso_region=sso_region,
        session_name=session_name,
        user_code=dev["userCode"],
        verification_uri=uri,
        verification_uri_complete=dev.get("verificationUriComplete") or uri,
        interval=int(dev.get("interval") or 5),
        expires_in=int(dev.get("expiresIn") or 600),
        client_id=reg["clientId"],
        client_secret=reg["clientSecret"],
        registration_expires_at=datetime.fromtimestamp(reg["clientSecretExpiresAt"], UTC),
        device_code=dev["deviceCode"],
        scopes=tuple(scopes),
    )


def _browser_available() -> bool:
    if os.environ.get("BROWSER"):
        return True
    if sys.platform == "darwin" or sys.platform.startswith("win"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch_browser(url: str) -> bool:
    """Open ``url`` in a graphical browser (or ``$BROWSER``); never a console one by surprise."""
    if not _browser_available():
        return False
    import webbrowser

    choice = os.environ.get("BROWSER", "").split(os.pathsep)[0]
    try:
        return bool((webbrowser.get(choice) if choice else webbrowser.get()).open_new_tab(url))
    except (webbrowser.Error, OSError):
        return False


def wait_for_token(
    auth: DeviceAuthorization,
    open_browser: bool,
    on_tick: Callable[[float], None] | None = None,
    timeout: float = WAIT_TIMEOUT,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    call_timeout: float = CALL_TIMEOUT,
) -> SsoToken:
    """Poll until the user approves the code. ``on_tick(seconds_left)`` runs before each wait
    (raise from it to cancel); ``slow_down`` adds 5 s to the interval."""
    from botocore.exceptions import BotoCoreError, ClientError

    if open_browser:
        launch_browser(auth.verification_uri_complete)
    client = _client("sso-oidc", auth.sso_region, call_timeout)
    base = SsoToken(
        start_url=auth.start_url,
        sso_region=auth.sso_region,
        session_name=auth.session_name,
        access_token="",
        expires_at=datetime.now(UTC),
        client_id=auth.client_id,
        client_secret=auth.client_secret,
        registration_expires_at=auth.registration_expires_at,
        scopes=auth.scopes,
    )
    limit, started, interval = min(timeout, auth.expires_in), clock(), max(auth.interval, 1)
    while True:
        try:
            response = client.create_token(
                grantType=DEVICE_GRANT,
                clientId=auth.client_id,
                clientSecret=auth.client_secret,
                deviceCode=auth.device_code,
            )
            return _issued(response, base)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code == "SlowDownException":
                interval += SLOW_DOWN_DELAY
            elif code != "AuthorizationPendingException":
                raise _error(exc, call_timeout, _("start the sign-in again")) from None
        except BotoCoreError as exc:
            raise _error(exc, call_timeout) from None
        left = limit - (clock() - started)
        if left <= 0:
            raise ServiceError(
                _(
                    "the sign-in was not approved within {seconds:g} seconds; start it again and "
                    "approve it at {url}"
                ).format(seconds=limit, url=auth.verification_uri_complete),
                code="wait_timeout",
            )
        if on_tick is not None:
            on_tick(left)
        sleep(min(interval, left))


def _issued(response: Mapping[str, Any], base: SsoToken) -> SsoToken:
    """``base`` with the access (and refresh) token of a ``create_token`` response."""
    return replace(
        base,
        access_token=response["accessToken"],
        expires_at=datetime.now(UTC) + timedelta(seconds=int(response["expiresIn"])),
        refresh_token=response.get("refreshToken") or base.refresh_token,
    )


def refresh_token(token: SsoToken, *, timeout: float = CALL_TIMEOUT) -> SsoToken:
    """A new access token from the refresh token, without the browser."""
    from botocore.exceptions import BotoCoreError, ClientError

    if not token.refreshable() or not token.client_id or not token.client_secret:
        raise ServiceError(
            _("the AWS SSO token cannot be refreshed; sign in again"), code="not_refreshable"
        )
    client = _client("sso-oidc", token.sso_region, timeout)
    try:
        response = client.create_token(
            grantType="refresh_token",
            clientId=token.client_id,
            clientSecret=token.client_secret,
            refreshToken=token.refresh_token,
        )
    except (BotoCoreError, ClientError) as exc:
        raise _error(exc, timeout) from None
    return _issued(response, token)


def list_accounts_and_roles(
    token: SsoToken, sso_region: str | None = None, *, timeout: float = CALL_TIMEOUT
) -> list[AccountRole]:
    """Every account and role the signed-in user may use, sorted by account name and role."""
    from botocore.exceptions import BotoCoreError, ClientError

    client = _client("sso", sso_region or token.sso_region, timeout)

    def pages(operation: str, key: str, **kwargs: str) -> list[dict[str, Any]]:
        try:
            paginator = client.get_paginator(operation)
            return [
                item
                for page in paginator.paginate(accessToken=token.access_token, **kwargs)
                for item in page.get(key, [])
            ]
        except (BotoCoreError, ClientError) as exc:
            raise _error(exc, timeout) from None

    accounts = pages("list_accounts", "accountList")
    outcomes = pool.gather(
        lambda account: pages("list_account_roles", "roleList", accountId=account["accountId"]),
        accounts,
    )
    found = []
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
        account = outcome.key
        for role in outcome.value or []:
            found.append(
                AccountRole(
                    str(account["accountId"]),
                    _printable(account.get("accountName", "")),
                    _printable(account.get("emailAddress", "")),
                    str(role["roleName"]),
                )
            )
    return sorted(found, key=lambda r: (r.account_name.lower(), r.account_id, r.role_name))


def _printable(value: object) -> str:
    """A server's display text with its control characters taken out (never written to a file;
    the IDs that are written are checked whole by ``write_profile``)."""
    return "".join(ch for ch in str(value) if ch.isprintable())


# ---- claude-setup sso-login ----------------------------------------------------------------


def _ignore(text: str) -> None:
    return None


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z")


def sso_login(
    profile_name: str,
    open_browser: bool = True,
    say: Callable[[str], None] | None = None,
    *,
    sleep: Callable[[float], None] = time.sleep,
    timeout: float = WAIT_TIMEOUT,
    call_timeout: float = CALL_TIMEOUT,
) -> None:
    """``claude-setup sso-login PROFILE``: refresh silently when possible, else the device flow.

    Progress (the code to check, the address, the outcome) goes to ``say``, one sentence a call.
    """
    say = say or _ignore

    sso = profile_settings(profile_name)
    cached = load_token(sso.start_url, sso.session_name)
    if cached is not None and sso.session_name and cached.refreshable():
        try:
            token = refresh_token(cached, timeout=call_timeout)
        except ServiceError:
            token = None  # a revoked or expired refresh token: sign in with the browser
        if token is not None:
            cache_token(token)
            say(
                _("Refreshed the AWS SSO token of profile {name}; valid until {time}.").format(
                    name=profile_name, time=_when(token.expires_at)
                )
            )
            return
    auth = start_device_authorization(
        sso.start_url, sso.sso_region, sso.session_name, scopes=sso.scopes, timeout=call_timeout
    )
    say(
        _(
            "To sign in to AWS SSO for profile {name}, open {url} and check that it shows the "
            "code {code}."
        ).format(name=profile_name, url=auth.verification_uri_complete, code=auth.user_code)
    )
    say(
        _("On another device: open {url} and enter {code}.").format(
            url=auth.verification_uri, code=auth.user_code
        )
    )
    token = wait_for_token(
        auth, open_browser, timeout=timeout, sleep=sleep, call_timeout=call_timeout
    )
    cache_token(token)
    say(
        _("Signed in: profile {name} can be used until {time}.").format(
            name=profile_name, time=_when(token.expires_at)
        )
    )
