"""botocore's exceptions turned into one sentence that says what to do.

``translate(exc)`` never raises and never quotes a secret: it uses the error code, the AWS
message (which names actions and resources, never keys), the endpoint's scheme and host, and
the profile name. botocore is imported only inside the functions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from wizard import awsconfig, redact, validation
from wizard.i18n import _
from wizard.services.errors import ServiceError

if TYPE_CHECKING:
    from botocore.exceptions import ClientError

ACCESS_DENIED = frozenset({"AccessDeniedException", "AccessDenied"})
BAD_KEY = frozenset({"UnrecognizedClientException", "InvalidClientTokenId"})
BAD_SECRET = frozenset({"SignatureDoesNotMatch", "InvalidSignatureException"})
EXPIRED = frozenset({"ExpiredToken", "ExpiredTokenException", "RequestExpired"})
THROTTLED = frozenset({"ThrottlingException", "Throttling", "TooManyRequestsException"})

_OPERATION_SERVICE = {
    "GetCallerIdentity": "sts",
    "GetRoleCredentials": "sso",
    "ListAccounts": "sso",
    "ListAccountRoles": "sso",
}
"""The IAM service prefix of an operation; anything else here is a Bedrock operation."""

_ACTION_IN_MESSAGE = re.compile(r"perform: ([a-z0-9-]+:[A-Za-z0-9*]+)")
_RESOURCE_IN_MESSAGE = re.compile(r" on resource: (arn:\S+?)(?: because|\s|$)")
_TIMEOUT_IN_ERROR = re.compile(r"timeout=(\d+(?:\.\d+)?)")
_MAX_QUOTE = 160


@contextmanager
def translated(profile: str | None) -> Iterator[None]:
    """Inside the block, a botocore exception comes out as the ``ServiceError`` it means."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (BotoCoreError, ClientError) as exc:
        raise translate(exc, profile=profile) from exc


def translate(exc: BaseException, *, profile: str | None = None) -> ServiceError:
    """The ``ServiceError`` (one sentence, the AWS code or the exception's name as ``code``)
    for a botocore exception. ``profile`` is the AWS profile in use (default ``AWS_PROFILE``)."""
    from botocore.exceptions import ClientError

    profile = profile or os.environ.get("AWS_PROFILE") or None
    if isinstance(exc, ClientError):
        return _client_error(exc, profile)
    return ServiceError(_botocore_error(exc, profile), code=type(exc).__name__)


def _client_error(exc: ClientError, profile: str | None) -> ServiceError:
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "Unknown")
    message = str(error.get("Message") or "")
    operation = exc.operation_name or ""
    if code in ACCESS_DENIED:
        text = _access_denied(message, operation)
    elif code in BAD_KEY:
        if _is_sso(profile):
            text = _("AWS does not accept the SSO credentials of profile '{profile}'; "
                     "run aws sso login --profile {profile}").format(profile=profile)
        else:
            text = _("AWS does not recognise the access key ID{of_profile}: the key is wrong, "
                     "deleted or from another partition; enter a valid access key"
                     ).format(of_profile=_of_profile(profile))
    elif code in BAD_SECRET:
        text = _("AWS rejected the request signature{of_profile}: the secret access key does "
                 "not belong to the access key ID; enter the secret key again"
                 ).format(of_profile=_of_profile(profile))
    elif code in EXPIRED:
        if _is_sso(profile):
            text = _("The SSO session of profile '{profile}' has expired; "
                     "run aws sso login --profile {profile}").format(profile=profile)
        else:
            text = _("The temporary AWS credentials{of_profile} have expired (the session "
                     "token is no longer valid); get new ones and try again"
                     ).format(of_profile=_of_profile(profile))
    elif code == "ValidationException":
        text = _("AWS rejected the request as invalid ({message}); check the region and the "
                 "model ID").format(message=_quote(message) or code)
    elif code in THROTTLED:
        text = _("AWS is throttling requests from this account; wait a minute and try again")
    else:
        text = _("AWS refused {operation} with {code}{message}; check the region, the profile "
                 "and the model, then try again").format(
            operation=operation or _("the request"),
            code=code,
            message=f" ({_quote(message)})" if message else "",
        )
    return ServiceError(text, code=code)


def _access_denied(message: str, operation: str) -> str:
    found = _ACTION_IN_MESSAGE.search(message)
    if found:
        action = found.group(1)
    elif operation:
        action = f"{_OPERATION_SERVICE.get(operation, 'bedrock')}:{operation}"
    else:
        action = _("the action")
    resource = _RESOURCE_IN_MESSAGE.search(message)
    where = _(" on {resource}").format(resource=resource.group(1)) if resource else ""
    return _("AWS denied {action}{where}; ask your AWS administrator to allow {action} for "
             "your user or role").format(action=action, where=where)


def _botocore_error(exc: BaseException, profile: str | None) -> str:
    from botocore import exceptions as bx

    kwargs: dict[str, object] = getattr(exc, "kwargs", {}) or {}
    endpoint = _endpoint(str(kwargs.get("endpoint_url") or ""))
    at = f" {endpoint}" if endpoint else ""
    if isinstance(exc, bx.NoCredentialsError):
        return _("No AWS credentials were found; choose an AWS profile, run aws "
                 "configure, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    if isinstance(exc, bx.PartialCredentialsError):
        return _("The AWS credentials are incomplete ({missing} is missing); give both the "
                 "access key ID and the secret access key").format(missing=kwargs.get("cred_var"))
    if isinstance(exc, bx.ProfileNotFound):
        return _("The AWS profile '{profile}' does not exist; check its name in ~/.aws/config "
                 "or create it").format(profile=kwargs.get("profile") or profile)
    if isinstance(exc, (bx.SSOError, bx.TokenRetrievalError)):  # missing, expired, refused
        if profile:
            return _("The AWS SSO sign-in of profile '{profile}' is missing or has expired; "
                     "run aws sso login --profile {profile}").format(profile=profile)
        return _("The AWS SSO sign-in is missing or has expired; run aws sso login")
    if isinstance(exc, bx.CredentialRetrievalError):
        return _("The AWS credentials{of_profile} could not be loaded ({reason}); run the "
                 "profile's credential command yourself to see why").format(
            of_profile=_of_profile(profile), reason=_quote(str(kwargs.get("error_msg") or "")))
    if isinstance(exc, bx.NoRegionError):
        return _("No AWS region is set; choose one")
    if isinstance(exc, (bx.ConnectTimeoutError, bx.ReadTimeoutError)):
        seconds = _TIMEOUT_IN_ERROR.search(str(kwargs.get("error") or ""))
        within = _("{n} s").format(n=seconds.group(1)) if seconds else _("the time limit")
        return _("The AWS endpoint{at} did not answer within {within}; check the network or "
                 "the proxy and try again").format(at=at, within=within)
    if isinstance(exc, bx.ProxyConnectionError):
        proxy = _endpoint(str(kwargs.get("proxy_url") or ""))
        return _("Could not connect to the proxy{at}; check HTTPS_PROXY").format(
            at=f" {proxy}" if proxy else "")
    if isinstance(exc, bx.SSLError):
        return _("The TLS certificate of the AWS endpoint{at} could not be verified; check "
                 "AWS_CA_BUNDLE or your company's proxy certificate").format(at=at)
    if isinstance(exc, (bx.EndpointConnectionError, bx.ConnectionClosedError)):
        return _("Could not connect to the AWS endpoint{at}; check the network, the proxy and "
                 "the region").format(at=at)
    return _("The AWS call failed ({reason}); check the network and the AWS "
             "configuration").format(reason=_quote(str(exc)) or type(exc).__name__)


def _is_sso(profile: str | None) -> bool:
    """Whether ``profile`` signs in through AWS SSO (IAM Identity Center)."""
    if not profile:
        return False
    try:
        text = awsconfig.config_path().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    values = awsconfig.profiles(text).get(profile, {})
    return "sso_session" in values or "sso_start_url" in values


def _of_profile(profile: str | None) -> str:
    return _(" of profile '{profile}'").format(profile=profile) if profile else ""


def _endpoint(url: str) -> str:
    """``scheme://host[:port]`` of an endpoint URL (no path, no query, no user), or ``""``."""
    parts = validation.split_url(url)  # from ~/.aws/config or the environment: never raises
    if parts is not None and parts.scheme and parts.hostname:
        return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"
    return ""


def _quote(text: str) -> str:
    """An AWS message on one line, without its final period, at most ``_MAX_QUOTE`` long."""
    line = redact.mask_key_like(" ".join(text.split())).rstrip(".")  # a server may quote a key
    return line if len(line) <= _MAX_QUOTE else line[: _MAX_QUOTE - 1] + "…"
