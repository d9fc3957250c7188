"""Claude Platform on AWS, Bedrock Mantle and Claude Platform on Google Cloud: where each one
is, which regions it serves, and the model list of its endpoint asked the way Claude Code asks.

Listing the models (``GET …/v1/models``) is the cheapest request that proves the credentials,
the workspace and the permissions at once. AWS requests are signed with botocore's SigV4
(imported inside the functions) or carry the API key; Google requests carry an access token.
Every failure is one sentence (``ServiceError``) that never quotes a secret, and a redirect to
another host never takes the credentials along (``redirects``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard.i18n import _
from wizard.services.aws_errors import translated
from wizard.services.errors import ServiceError
from wizard.services.http_models import ANTHROPIC_VERSION, HttpStatusError, _Deadline, _list_models

if TYPE_CHECKING:
    from botocore.credentials import ReadOnlyCredentials

ANTHROPIC_AWS_SERVICE = "aws-external-anthropic"
"""The SigV4 service name and IAM prefix of Claude Platform on AWS."""
MANTLE_SERVICE = "bedrock-mantle"
"""The SigV4 service name and IAM prefix of Bedrock Mantle."""
GOOGLE_CLOUD_HOST = "https://claude.googleapis.com"
DEFAULT_REGION = "us-east-1"
"""What Claude Code uses when no region is set anywhere."""
DEFAULT_GOOGLE_CLOUD_LOCATION = "global"

ANTHROPIC_AWS_REGIONS: tuple[str, ...] = (
    *("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1"),
    *("mx-central-1", "sa-east-1"),
    *("eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2"),
    *("eu-west-1", "eu-west-2", "eu-west-3"),
    *("ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3"),
    *("ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3"),
    *("ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7"),
    *("af-south-1", "il-central-1", "me-central-1", "me-south-1"),
)
"""The AWS commercial regions. Source: "Prerequisites", Claude Platform on AWS User Guide
(docs.aws.amazon.com/claude-platform/latest/userguide/prerequisites.html): "All AWS commercial
regions are supported; opt-in regions require that you first opt the account in". A workspace
is bound to one region. Region names as in the AWS partition data of botocore 1.x."""

MANTLE_REGIONS: tuple[str, ...] = (
    *("us-east-1", "us-east-2", "us-west-2", "sa-east-1"),
    *("eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2"),
    *("ap-northeast-1", "ap-south-1", "ap-southeast-3"),
)
"""The commercial regions that serve the ``bedrock-mantle`` endpoint. Source: "Regional
availability by endpoints", Amazon Bedrock User Guide
(docs.aws.amazon.com/bedrock/latest/userguide/endpoints-region-availability.html)."""

GOOGLE_CLOUD_LOCATIONS: tuple[str, ...] = (DEFAULT_GOOGLE_CLOUD_LOCATION,)
"""Locations known to serve Claude Platform on Google Cloud: ``global`` (Claude Code's
default). A workspace made in another location is reached with that location's name."""

_ACTION_IN_MESSAGE = re.compile(r"perform: ([a-z0-9-]+:[A-Za-z0-9*]+)")


@dataclass(frozen=True)
class AwsKeys:
    """AWS access keys given as they are (from ``awsCredentialExport`` or the environment)."""

    access_key_id: str
    secret_access_key: str
    session_token: str | None = None

    def __repr__(self) -> str:  # never print the secret
        return f"AwsKeys({self.access_key_id!r}, ****)"


@dataclass(frozen=True)
class AwsAuth:
    """How a request authenticates: an API key (Claude Platform on AWS ``x-api-key``, Bedrock
    API key ``Authorization: Bearer``), else SigV4 with ``keys``, else with the credentials of
    ``profile`` (``None``: the AWS SDK's default chain)."""

    api_key: str | None = None
    keys: AwsKeys | None = None
    profile: str | None = None

    def __repr__(self) -> str:
        return f"AwsAuth(api_key={'****' if self.api_key else None}, profile={self.profile!r})"

    def secrets(self) -> list[str]:
        found = [self.api_key or ""]
        if self.keys:
            found += [self.keys.secret_access_key, self.keys.session_token or ""]
        return [s for s in found if s]


# -- where each endpoint is ---------------------------------------------------------------------


def anthropic_aws_base_url(region: str, base_url: str | None = None) -> str:
    """``ANTHROPIC_AWS_BASE_URL`` when set, else the region's host."""
    return (base_url or f"https://{ANTHROPIC_AWS_SERVICE}.{region}.api.aws").rstrip("/")


def mantle_base_url(region: str, base_url: str | None = None) -> str:
    """``ANTHROPIC_BEDROCK_MANTLE_BASE_URL`` when set, else the region's ``…/anthropic``."""
    return (base_url or f"https://{MANTLE_SERVICE}.{region}.api.aws/anthropic").rstrip("/")


def google_cloud_base_url(
    project: str, location: str, workspace_id: str, base_url: str | None = None
) -> str:
    """``ANTHROPIC_GOOGLE_CLOUD_BASE_URL`` when set (it replaces the whole prefix), else the
    workspace's ``…/invoke`` prefix on claude.googleapis.com."""
    if base_url:
        return base_url.rstrip("/")
    return (
        f"{GOOGLE_CLOUD_HOST}/v1/projects/{project}/locations/{location}"
        f"/workspaces/{workspace_id}/invoke"
    )


# -- AWS credentials and signing ----------------------------------------------------------------


def aws_credentials(auth: AwsAuth, region: str) -> ReadOnlyCredentials:
    """The AWS credentials ``auth`` stands for, resolved now (a profile's
    ``credential_process`` or SSO cache included)."""
    from botocore.credentials import Credentials
    from botocore.exceptions import NoCredentialsError

    if auth.keys is not None:
        keys = auth.keys
        return Credentials(
            keys.access_key_id, keys.secret_access_key, keys.session_token
        ).get_frozen_credentials()
    from wizard.services.aws import session

    with translated(auth.profile):
        found = session(auth.profile, region).get_credentials()
        if found is None:
            raise NoCredentialsError()
        return found.get_frozen_credentials()


def sigv4_headers(
    credentials: ReadOnlyCredentials, service: str, region: str, headers: Mapping[str, str]
) -> Callable[[str], dict[str, str]]:
    """A function giving, for a GET of a URL, ``headers`` plus the SigV4 ones (``Authorization``,
    ``X-Amz-Date``, ``X-Amz-Security-Token``); every header given is signed."""

    def signed(url: str) -> dict[str, str]:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        request = AWSRequest(method="GET", url=url, headers=dict(headers))
        SigV4Auth(credentials, service, region).add_auth(request)
        return dict(request.headers.items())

    return signed


# -- the model lists ----------------------------------------------------------------------------


def list_anthropic_aws_models(
    region: str,
    workspace_id: str,
    auth: AwsAuth,
    *,
    base_url: str | None = None,
    timeout: float = 10.0,
) -> list[str]:
    """The models the workspace lists: ``GET {base}/v1/models`` with the
    ``anthropic-workspace-id`` header, and the API key (``x-api-key``) or a SigV4 signature
    (service ``aws-external-anthropic``, the workspace header signed)."""
    base = anthropic_aws_base_url(region, base_url)
    who = _("Claude Platform on AWS")
    headers = {
        "anthropic-version": ANTHROPIC_VERSION,
        "anthropic-workspace-id": workspace_id,
        "accept": "application/json",
    }
    try:
        if auth.api_key:
            return _list_models(base, headers | {"x-api-key": auth.api_key}, _Deadline(timeout),
                                who)
        credentials = aws_credentials(auth, region)
        signed = sigv4_headers(credentials, ANTHROPIC_AWS_SERVICE, region, headers)
        return _list_models(base, signed, _Deadline(timeout), who)
    except HttpStatusError as exc:
        raise _anthropic_aws_refusal(exc, region, workspace_id, auth, base_url) from None


def list_mantle_models(
    region: str, auth: AwsAuth, *, base_url: str | None = None, timeout: float = 10.0
) -> list[str]:
    """The models Bedrock Mantle lists: ``GET {base}/v1/models`` with the Bedrock API key
    (``Authorization: Bearer``) or a SigV4 signature (service ``bedrock-mantle``)."""
    base = mantle_base_url(region, base_url)
    who = _("Bedrock Mantle")
    headers = {"anthropic-version": ANTHROPIC_VERSION, "accept": "application/json"}
    try:
        if auth.api_key:
            bearer = headers | {"authorization": f"Bearer {auth.api_key}"}
            return _list_models(base, bearer, _Deadline(timeout), who)
        credentials = aws_credentials(auth, region)
        signed = sigv4_headers(credentials, MANTLE_SERVICE, region, headers)
        return _list_models(base, signed, _Deadline(timeout), who)
    except HttpStatusError as exc:
        raise _mantle_refusal(exc, region, auth, base) from None


def list_google_cloud_models(
    project: str,
    location: str,
    workspace_id: str,
    token: str,
    *,
    base_url: str | None = None,
    timeout: float = 10.0,
) -> list[str]:
    """The models the workspace lists: ``GET {prefix}/v1/models`` with the Google access token
    (``Authorization: Bearer``)."""
    base = google_cloud_base_url(project, location, workspace_id, base_url)
    headers = {
        "anthropic-version": ANTHROPIC_VERSION,
        "accept": "application/json",
        "authorization": f"Bearer {token}",
    }
    try:
        return _list_models(base, headers, _Deadline(timeout), _("Claude Platform on Google Cloud"))
    except HttpStatusError as exc:
        raise _google_cloud_refusal(exc, project, location, workspace_id, base_url) from None


# -- what a refusal means -----------------------------------------------------------------------


def _action(exc: HttpStatusError, default: str) -> str:
    found = _ACTION_IN_MESSAGE.search(exc.detail)
    return found.group(1) if found else default


def workspace_arn(region: str, workspace_id: str, account: str = "*") -> str:
    """``arn:aws:aws-external-anthropic:{region}:{account-id}:workspace/{workspace-id}``."""
    partition = "aws-cn" if region.startswith("cn-") else (
        "aws-us-gov" if region.startswith("us-gov-") else "aws")
    return f"arn:{partition}:{ANTHROPIC_AWS_SERVICE}:{region}:{account}:workspace/{workspace_id}"


def _anthropic_aws_refusal(
    exc: HttpStatusError, region: str, workspace_id: str, auth: AwsAuth, base_url: str | None
) -> ServiceError:
    if exc.status in (401, 403):
        if auth.api_key:
            return ServiceError(
                _("Claude Platform on AWS refused the API key (HTTP {status}); check that the key "
                  "belongs to workspace {workspace}, or create a new one").format(
                    status=exc.status, workspace=workspace_id),
                code="refused",
            )
        action = _action(exc, f"{ANTHROPIC_AWS_SERVICE}:ListModels")
        return ServiceError(
            _("Claude Platform on AWS refused the AWS credentials (HTTP {status}): they need "
              "{action} on {resource}; ask your AWS administrator to allow it (claude-setup "
              "iam-policy prints a policy)").format(
                status=exc.status, action=action, resource=workspace_arn(region, workspace_id)),
            code="refused",
        )
    if exc.status == 404:
        if base_url:
            return ServiceError(
                _("{base} has no workspace {workspace} (HTTP 404); check the workspace ID and the "
                  "base URL").format(base=base_url.rstrip("/"), workspace=workspace_id),
                code="http-404",
            )
        return ServiceError(
            _("Claude Platform on AWS has no workspace {workspace} in {region} (HTTP 404); check "
              "the workspace ID and the region (a workspace belongs to one region)").format(
                workspace=workspace_id, region=region),
            code="http-404",
        )
    return exc


def _mantle_refusal(exc: HttpStatusError, region: str, auth: AwsAuth, base: str) -> ServiceError:
    if exc.status in (401, 403):
        if auth.api_key:
            action = _action(exc, f"{MANTLE_SERVICE}:CallWithBearerToken")
            return ServiceError(
                _("Bedrock Mantle refused the Bedrock API key (HTTP {status}); check the key, and "
                  "that its IAM identity is allowed {action}").format(
                    status=exc.status, action=action),
                code="refused",
            )
        action = _action(exc, f"{MANTLE_SERVICE}:CreateInference")
        return ServiceError(
            _("Bedrock Mantle refused the AWS credentials (HTTP {status}) in {region}: they need "
              "{action} and the bedrock-mantle Get and List actions (the AWS managed policy "
              "AmazonBedrockMantleInferenceAccess has them); ask your AWS administrator to allow "
              "them").format(status=exc.status, region=region, action=action),
            code="refused",
        )
    if exc.status == 404:
        return ServiceError(
            _("{base} answered 404 Not Found; check the region and the base URL (a base URL for "
              "Bedrock Mantle ends in /anthropic)").format(base=base),
            code="http-404",
        )
    return exc


def _google_cloud_refusal(
    exc: HttpStatusError, project: str, location: str, workspace_id: str, base_url: str | None
) -> ServiceError:
    if exc.status in (401, 403):
        return ServiceError(
            _("Claude Platform on Google Cloud refused the Google credentials (HTTP {status}) for "
              "project {project}: the principal needs a role with the claude.googleapis.com "
              "permissions on the project, such as Claude User (roles/claude.user)").format(
                status=exc.status, project=project),
            code="refused",
        )
    if exc.status == 404:
        if base_url:
            return ServiceError(
                _("{base} answered 404 Not Found; check the base URL").format(
                    base=base_url.rstrip("/")),
                code="http-404",
            )
        return ServiceError(
            _("Claude Platform on Google Cloud has no workspace {workspace} in project {project}, "
              "location {location} (HTTP 404); check the workspace ID, the project and the "
              "location").format(workspace=workspace_id, project=project, location=location),
            code="http-404",
        )
    return exc
