"""Amazon Bedrock through boto3: who the credentials are, which regions Bedrock serves, which
Claude models a region can call, and the least-privilege IAM policy for the chosen ones.

boto3 and botocore are imported inside the functions, never at module level. Every client has
short timeouts (``Timeouts``) and every failure comes out as a ``ServiceError`` (see
``aws_errors.translate``). Endpoints follow boto3's own rules, so ``AWS_ENDPOINT_URL_STS`` and
``AWS_ENDPOINT_URL_BEDROCK`` (or ``endpoint_url=``) point the calls somewhere else.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from wizard.i18n import _
from wizard.secrets.value import Secret
from wizard.services.aws_errors import ACCESS_DENIED, translate, translated
from wizard.services.errors import ServiceError
from wizard.services.pool import gather
from wizard.validation import (
    AWS_REGION,
    BEDROCK_ARN,
    BEDROCK_BASE_ID,
    BEDROCK_PREFIXES,
    BEDROCK_PROFILE_ID,
)

if TYPE_CHECKING:
    from boto3.session import Session
    from botocore.loaders import Loader
    from mypy_boto3_bedrock.client import BedrockClient

__all__ = [
    "DEFAULT_TIMEOUTS",
    "AccessKeys",
    "Identity",
    "ModelOffer",
    "Timeouts",
    "bedrock_regions",
    "caller_identity",
    "explain_on_demand",
    "iam_policy",
    "offers_by_region",
    "region_offers",
    "session",
    "translate",
]

_FOUNDATION_MODEL_ARN = re.compile(r":foundation-model/(?P<base>[^/]+)$")
_Listing = Literal["SYSTEM_DEFINED", "APPLICATION", "FOUNDATION_MODELS"]
_LISTINGS: tuple[_Listing, ...] = ("SYSTEM_DEFINED", "APPLICATION", "FOUNDATION_MODELS")
MAX_PARALLEL_CALLS = 64
"""Listings in flight at once: three per region, so about 20 regions in one round."""
_INVOKE = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
_READ_PROFILES = ["bedrock:ListInferenceProfiles", "bedrock:GetInferenceProfile"]


@dataclass(frozen=True)
class Timeouts:
    """Limits of every AWS client: seconds to connect, seconds to wait for an answer, and the
    number of attempts in all (2 = one retry, botocore's "standard" retry mode)."""

    connect: float = 5.0
    read: float = 10.0
    attempts: int = 2


DEFAULT_TIMEOUTS = Timeouts()


@dataclass(frozen=True)
class AccessKeys:
    """Long-term keys typed in the wizard and not stored yet. They go to botocore in memory
    only: never into the environment, a file, a child process or a log (``Secret`` hides the
    secret key from reprs and tracebacks)."""

    access_key_id: str
    secret_access_key: Secret


@dataclass(frozen=True)
class Identity:
    """What ``sts get-caller-identity`` says about the credentials."""

    account: str
    arn: str
    user_id: str


@dataclass(frozen=True)
class ModelOffer:
    """A Claude model that ``region`` can call, by the ID Claude Code should be given."""

    model_id: str
    """``<prefix>.anthropic.claude-…`` or an application-inference-profile ARN."""
    name: str
    """The model's name (``Claude Sonnet 4.6``), else the profile's name."""
    prefix: str | None
    """``global``, ``us``, ``eu``, … for a system profile; ``None`` for an application one."""
    base_model_id: str
    """The foundation model the profile routes to (``anthropic.claude-sonnet-4-6``)."""
    lifecycle: str | None
    """``ACTIVE`` or ``LEGACY``; ``None`` when the region did not list the foundation model."""
    region: str

    @property
    def application(self) -> bool:
        return self.prefix is None

    @property
    def legacy(self) -> bool:
        return self.lifecycle == "LEGACY"


def session(
    profile: str | None,
    region: str | None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    *,
    keys: AccessKeys | None = None,
    api_key: Secret | None = None,
) -> Session:
    """A boto3 session for ``profile`` (``None``: the default chain), or signing with ``keys``
    or sending the Bedrock ``api_key`` (bearer) when given, whose every client gets
    ``timeouts``."""
    import boto3
    import botocore.session
    from botocore.config import Config

    bearer: dict[str, Any] = {"signature_version": "bearer"} if api_key is not None else {}
    with translated(profile):
        core = botocore.session.get_session()
        core.register_component("data_loader", _shared_loader())
        core.set_default_client_config(
            Config(
                connect_timeout=timeouts.connect,
                read_timeout=timeouts.read,
                retries={"total_max_attempts": timeouts.attempts, "mode": "standard"},
                user_agent_extra="claude-setup",
                **bearer,
            )
        )
        if api_key is not None:
            core.register_component("token_provider", _HeldToken(api_key))
        if keys is not None:
            core.set_credentials(keys.access_key_id, keys.secret_access_key.reveal())
        made = boto3.Session(botocore_session=core, profile_name=profile, region_name=region)
    paths = _shared_loader().search_paths  # boto3 appends its data folder once per session
    paths[:] = dict.fromkeys(paths)
    return made


class _HeldToken:
    """botocore's token provider for a Bedrock API key held in memory (botocore's own reads it
    from ``AWS_BEARER_TOKEN_BEDROCK`` only)."""

    def __init__(self, api_key: Secret) -> None:
        self._api_key = api_key

    def load_token(self, **kwargs: Any) -> Any:
        from botocore.tokens import FrozenAuthToken

        return FrozenAuthToken(self._api_key.reveal())


@cache
def _shared_loader() -> Loader:
    """botocore's data loader, shared by every session of the process: the service models are
    read from disk once, not for every session (about 80 ms each)."""
    from botocore.loaders import create_loader

    return create_loader(os.environ.get("AWS_DATA_PATH"))


def caller_identity(
    profile: str | None,
    region: str | None,
    *,
    endpoint_url: str | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
) -> Identity:
    """Account, ARN and user ID of the credentials (``sts:GetCallerIdentity`` needs no
    permission, so a failure here is about the credentials themselves). STS answers in every
    region: without ``region`` nor a profile region, us-east-1 is asked."""
    with translated(profile):
        made = session(profile, region, timeouts)
        sts = made.client(
            "sts", region_name=made.region_name or "us-east-1", endpoint_url=endpoint_url
        )
        answer = sts.get_caller_identity()
    return Identity(
        account=answer.get("Account", ""),
        arn=answer.get("Arn", ""),
        user_id=answer.get("UserId", ""),
    )


def bedrock_regions() -> list[str]:
    """The commercial regions botocore's endpoint data lists for Bedrock (no network call, no
    profile: a broken ``AWS_PROFILE`` does not hide the list)."""
    from botocore.regions import EndpointResolver

    with translated(None):
        resolver = EndpointResolver(_shared_loader().load_data("endpoints"), True)
        return sorted(resolver.get_available_endpoints("bedrock", "aws"))


def region_offers(
    region: str,
    profile: str | None,
    *,
    endpoint_url: str | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    keys: AccessKeys | None = None,
    api_key: Secret | None = None,
) -> list[ModelOffer]:
    """The Claude models ``region`` can call: its system inference profiles
    ``<prefix>.anthropic.…`` and its application inference profiles over a Claude model, never a
    base model ID (Bedrock refuses those on demand; see ``explain_on_demand``).

    The region's own listing decides which prefixes it serves. The three listings (system
    profiles, application profiles, Anthropic foundation models) run in parallel. Without
    ``bedrock:ListFoundationModels`` the offers still come, with ``lifecycle=None``. ``keys``
    or a Bedrock ``api_key`` (typed, not stored yet) authenticate the calls instead of
    ``profile``'s credentials.
    """
    urls = {region: endpoint_url} if endpoint_url else None
    found = offers_by_region(
        [region], profile, endpoint_urls=urls, timeouts=timeouts, keys=keys, api_key=api_key
    )[region]
    if isinstance(found, ServiceError):
        raise found
    return found


def offers_by_region(
    regions: Iterable[str],
    profile: str | None,
    *,
    endpoint_urls: Mapping[str, str] | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    keys: AccessKeys | None = None,
    api_key: Secret | None = None,
) -> dict[str, list[ModelOffer] | ServiceError]:
    """``region_offers`` for every region at once: each region's offers, or the
    ``ServiceError`` it met. All the listings of all the regions go through one bounded pool
    (``MAX_PARALLEL_CALLS``); one session is shared, and its clients are created one at a time
    (botocore sessions are not thread-safe; its clients are)."""
    wanted = list(dict.fromkeys(regions))
    try:
        shared = session(profile, None, timeouts, keys=keys, api_key=api_key)
    except ServiceError as error:
        return dict.fromkeys(wanted, error)
    clients: dict[str, BedrockClient] = {}
    creating = threading.Lock()

    def listing(task: tuple[str, _Listing]) -> list[Mapping[str, Any]]:
        region, kind = task
        with translated(profile):
            with creating:
                if region not in clients:
                    clients[region] = shared.client(
                        "bedrock",
                        region_name=region,
                        endpoint_url=(endpoint_urls or {}).get(region),
                    )
            client = clients[region]
            if kind == "FOUNDATION_MODELS":
                answer = client.list_foundation_models(byProvider="anthropic")
                return list(answer.get("modelSummaries", []))
            pages = client.get_paginator("list_inference_profiles").paginate(typeEquals=kind)
            return [item for page in pages for item in page.get("inferenceProfileSummaries", [])]

    tasks = [(region, kind) for region in wanted for kind in _LISTINGS]
    found: dict[str, dict[str, list[Mapping[str, Any]]]] = {region: {} for region in wanted}
    failed: dict[str, ServiceError] = {}
    for outcome in gather(listing, tasks, max_workers=MAX_PARALLEL_CALLS):
        (region, kind), problem = outcome.key, outcome.error
        if problem is None or (kind == "FOUNDATION_MODELS" and problem.code in ACCESS_DENIED):
            found[region][kind] = outcome.value or []
        else:
            failed.setdefault(region, problem)
    return {region: failed.get(region) or _offers(region, found[region]) for region in wanted}


def _offers(region: str, found: Mapping[str, list[Mapping[str, Any]]]) -> list[ModelOffer]:
    models = {str(m.get("modelId")): m for m in found["FOUNDATION_MODELS"]}
    offers = [
        offer
        for summary in found["SYSTEM_DEFINED"] + found["APPLICATION"]
        if (offer := _offer(summary, models, region)) is not None
    ]
    return sorted(offers, key=_display_order)


def _display_order(offer: ModelOffer) -> tuple[bool, str, int, str]:
    """System profiles by model, ``global`` first, then the geographies; application profiles
    last, by name."""
    if offer.application:
        return True, offer.name, 0, offer.model_id
    rank = BEDROCK_PREFIXES.index(offer.prefix) if offer.prefix in BEDROCK_PREFIXES else 99
    return False, offer.base_model_id, rank, offer.model_id


def _offer(
    summary: Mapping[str, Any], models: Mapping[str, Mapping[str, Any]], region: str
) -> ModelOffer | None:
    """The offer for one inference-profile summary, or ``None`` when it is not a callable
    Claude profile."""
    if summary.get("status", "ACTIVE") != "ACTIVE":
        return None
    routes = [
        m.group("base")
        for entry in summary.get("models") or []
        if (m := _FOUNDATION_MODEL_ARN.search(str(entry.get("modelArn", ""))))
    ]
    if summary.get("type") == "APPLICATION":
        model_id = str(summary.get("inferenceProfileArn", ""))
        if not BEDROCK_ARN.fullmatch(model_id) or ":application-inference-profile/" not in model_id:
            return None
        prefix = None
        base = routes[0] if routes else ""
    else:
        model_id = str(summary.get("inferenceProfileId", ""))
        split = _split_profile(model_id)
        if split is None:
            return None
        prefix = split[0]
        base = routes[0] if routes else split[1]
    if not base.startswith("anthropic."):
        return None
    model = models.get(base, {})
    lifecycle = (model.get("modelLifecycle") or {}).get("status")
    return ModelOffer(
        model_id=model_id,
        name=str(model.get("modelName") or summary.get("inferenceProfileName") or model_id),
        prefix=prefix,
        base_model_id=base,
        lifecycle=str(lifecycle) if lifecycle else None,
        region=region,
    )


def explain_on_demand(model_id: str, offers: Sequence[ModelOffer] = ()) -> str:
    """Why Bedrock answers "on-demand throughput isn't supported" for the base model
    ``model_id``, and the inference profile(s) among the region's ``offers`` to use instead."""
    matching = [o.model_id for o in offers if o.base_model_id == model_id and not o.application]
    if matching:
        return _(
            "'{model}' is a base model ID, which Bedrock does not serve on demand (\"on-demand "
            "throughput isn't supported\"); use the inference profile {profiles} offered in "
            "{region}"
        ).format(model=model_id, profiles=_(" or ").join(matching), region=offers[0].region)
    if offers:
        return _(
            "'{model}' is a base model ID, which Bedrock does not serve on demand (\"on-demand "
            "throughput isn't supported\"), and {region} offers no inference profile for it; "
            "choose another model or region"
        ).format(model=model_id, region=offers[0].region)
    return _(
        "'{model}' is a base model ID, which Bedrock does not serve on demand (\"on-demand "
        "throughput isn't supported\"); use an inference profile such as global.{model} or "
        "us.{model}"
    ).format(model=model_id)


def iam_policy(
    region: str,
    account: str,
    model_ids: list[str],
    offers: Sequence[ModelOffer] = (),
    *,
    fast_model: str | None = None,
    fast_model_region: str | None = None,
) -> dict[str, Any]:
    """A least-privilege IAM policy (as JSON data) for calling ``model_ids`` from ``region``,
    and ``fast_model`` from ``fast_model_region`` (``ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION``;
    default: ``region``).

    - ``bedrock:InvokeModel`` and ``bedrock:InvokeModelWithResponseStream`` on each inference
      profile (``arn:…:inference-profile/ID`` for a system profile, an application ARN as given)
      and on the foundation model it routes to, in any region
      (``arn:aws:bedrock:*::foundation-model/BASE_ID``: a cross-region profile may serve the
      request in any region of its geography; a ``global.`` profile also needs the region-less
      ``arn:aws:bedrock:::foundation-model/BASE_ID``). An application profile's foundation model
      is looked up in ``offers`` (from ``region_offers``).
    - ``bedrock:ListInferenceProfiles`` and ``bedrock:GetInferenceProfile`` on the region's
      ``inference-profile/*`` and ``application-inference-profile/*``: Claude Code lists the
      system profiles at start (``GET /inference-profiles?type=SYSTEM_DEFINED``).

    Claude Code also calls the models behind its opus, sonnet and haiku roles at start (in
    2.1.332 its Bedrock ``sonnet`` default is Sonnet 4.5). Under this policy a model that is not
    named is denied, so pass every model the setup pins (``ANTHROPIC_MODEL`` and every
    ``ANTHROPIC_DEFAULT_*_MODEL``): claude-setup pins them all.
    """
    if not AWS_REGION.fullmatch(region):
        raise ServiceError(_("'{region}' is not an AWS region").format(region=region))
    if not re.fullmatch(r"\d{12}", account):
        raise ServiceError(_("'{account}' is not an AWS account ID (12 digits)").format(
            account=account))
    if not model_ids:
        raise ServiceError(_("Choose at least one model before printing an IAM policy"))
    fast_region = fast_model_region or region
    if not AWS_REGION.fullmatch(fast_region):
        raise ServiceError(_("'{region}' is not an AWS region").format(region=fast_region))
    placed = [(region, model_id) for model_id in model_ids]
    if fast_model:
        placed.append((fast_region, fast_model))
    invoke: list[str] = []
    read: list[str] = []
    for where, model_id in placed:
        partition = _partition(where)
        for arn in _model_resources(model_id.removesuffix("[1m]"), partition, where, account,
                                    offers):
            if arn not in invoke:
                invoke.append(arn)
        scope = f"arn:{partition}:bedrock:{where}:{account}"
        for arn in (f"{scope}:inference-profile/*", f"{scope}:application-inference-profile/*"):
            if arn not in read:
                read.append(arn)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "InvokeChosenClaudeModels", "Effect": "Allow", "Action": list(_INVOKE),
             "Resource": invoke},
            {"Sid": "ReadInferenceProfiles", "Effect": "Allow", "Action": list(_READ_PROFILES),
             "Resource": read},
        ],
    }


def _model_resources(
    model_id: str, partition: str, region: str, account: str, offers: Sequence[ModelOffer]
) -> list[str]:
    system = _split_profile(model_id)
    if system:
        profile_arn = f"arn:{partition}:bedrock:{region}:{account}:inference-profile/{model_id}"
        return [profile_arn, *_foundation_arns(partition, *system)]
    if BEDROCK_ARN.fullmatch(model_id):
        system = _split_profile(model_id.rsplit("/", 1)[-1])
        if system:  # a system profile given by its ARN
            return [model_id, *_foundation_arns(partition, *system)]
        routed = next((o.base_model_id for o in offers if o.model_id == model_id), None)
        if routed is None:
            raise ServiceError(_(
                "The foundation model behind {arn} is unknown; list the region's models first "
                "so the policy can name it").format(arn=model_id))
        return [model_id, *_foundation_arns(partition, None, routed)]
    if BEDROCK_BASE_ID.fullmatch(model_id):
        raise ServiceError(explain_on_demand(model_id, offers))
    raise ServiceError(_(
        "'{model}' is not a Bedrock inference profile ID or ARN; an IAM policy needs the exact "
        "model").format(model=model_id))


def _foundation_arns(partition: str, prefix: str | None, base: str) -> list[str]:
    """The foundation model ``base`` in every region; a ``global.`` profile also reaches it
    through the region-less ARN."""
    arns = [f"arn:{partition}:bedrock:*::foundation-model/{base}"]
    if prefix == "global":
        arns.append(f"arn:{partition}:bedrock:::foundation-model/{base}")
    return arns


def _split_profile(model_id: str) -> tuple[str, str] | None:
    """``(prefix, base model ID)`` of a system Claude inference profile ID, else ``None``."""
    if not BEDROCK_PROFILE_ID.fullmatch(model_id) or model_id.endswith("[1m]"):
        return None
    prefix, base = model_id.split(".", 1)
    return prefix, base


def _partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"
