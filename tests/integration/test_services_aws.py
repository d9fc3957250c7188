"""Bedrock discovery with real boto3 against a local fake AWS (``test_services_aws_fake``):
identity, regions, what a region can call, parallel discovery, and the IAM policy."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_services_aws_fake import (
    ACCESS_KEY_ID,
    ACCOUNT,
    USER_ARN,
    USER_ID,
    AwsError,
    FakeAws,
    application_profile,
    foundation_model,
    static_credentials_env,
    system_profile,
)

from wizard.services import aws
from wizard.services.errors import ServiceError

SONNET = "anthropic.claude-sonnet-4-6"
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
OPUS_41 = "anthropic.claude-opus-4-1-20250805-v1:0"
NOVA = "amazon.nova-pro-v1:0"
LLAMA = "meta.llama3-3-70b-instruct-v1:0"
APP_ARN = f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:application-inference-profile/a1b2c3d4e5f6"
NOVA_APP_ARN = f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:application-inference-profile/n0v4n0v4"


@pytest.fixture
def fake(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAws]:
    """A fake AWS that boto3 reaches through AWS_ENDPOINT_URL_*, and static fake keys."""
    with FakeAws() as server:
        for name, value in {**server.env(), **static_credentials_env()}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield server


def serve_two_regions(fake: FakeAws) -> None:
    fake.profiles["eu-west-1"] = [
        *(system_profile("eu", b, "eu-west-1") for b in (SONNET, HAIKU, OPUS_41, NOVA, LLAMA)),
        application_profile(APP_ARN, SONNET, name="team-sonnet"),
        application_profile(NOVA_APP_ARN, NOVA, name="team-nova"),
    ]
    fake.profiles["us-east-1"] = [
        system_profile("us", SONNET, "us-east-1"),
        system_profile("global", SONNET, "us-east-1"),
        system_profile("us", HAIKU, "us-east-1"),
    ]
    models = [
        foundation_model(SONNET, "Claude Sonnet 4.6"),
        foundation_model(HAIKU, "Claude Haiku 4.5"),
        foundation_model(OPUS_41, "Claude Opus 4.1", status="LEGACY"),
        {**foundation_model(NOVA, "Nova Pro"), "providerName": "Amazon"},
    ]
    fake.models = {"eu-west-1": models, "us-east-1": models[:2]}


def geography(region: str) -> str:
    """The inference-profile prefix a fake region serves."""
    return {"us": "us", "eu": "eu", "ap": "apac", "ca": "ca"}.get(region.split("-")[0], "global")


def test_importing_the_module_does_not_import_boto3() -> None:
    probe = (
        "import sys, wizard.services.aws, wizard.services.aws_errors\n"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_client_has_short_timeouts_and_one_retry(fake: FakeAws) -> None:
    session = aws.session(None, "eu-west-1")
    for service in ("sts", "bedrock"):
        config = session.client(service).meta.config  # type: ignore[call-overload]
        assert (config.connect_timeout, config.read_timeout) == (5.0, 10.0)
        assert config.retries == {"total_max_attempts": 2, "mode": "standard"}


def test_caller_identity_shows_account_and_arn(fake: FakeAws) -> None:
    identity = aws.caller_identity(None, None)

    assert identity == aws.Identity(account=ACCOUNT, arn=USER_ARN, user_id=USER_ID)
    [request] = fake.calls("GetCallerIdentity")
    assert f"Credential={ACCESS_KEY_ID}/" in request.headers["authorization"]
    assert request.region == "us-east-1"  # no region anywhere: STS is asked in us-east-1
    aws.caller_identity(None, "eu-west-1")
    assert fake.calls("GetCallerIdentity")[-1].region == "eu-west-1"


def test_bedrock_regions_come_from_botocore_data(
    fake: FakeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")  # needs no profile, no credentials
    regions = aws.bedrock_regions()

    assert {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"} <= set(regions)
    assert regions == sorted(regions) and "aws-global" not in regions
    assert fake.requests == []


def test_a_region_offers_only_the_claude_profiles_it_lists(fake: FakeAws) -> None:
    serve_two_regions(fake)

    eu = aws.region_offers("eu-west-1", None)
    us = aws.region_offers("us-east-1", None)

    assert [o.model_id for o in eu] == [
        f"eu.{HAIKU}", f"eu.{OPUS_41}", f"eu.{SONNET}", APP_ARN,
    ]
    assert [o.model_id for o in us] == [f"us.{HAIKU}", f"global.{SONNET}", f"us.{SONNET}"]
    sonnet = eu[2]
    assert sonnet == aws.ModelOffer(
        model_id=f"eu.{SONNET}", name="Claude Sonnet 4.6", prefix="eu", base_model_id=SONNET,
        lifecycle="ACTIVE", region="eu-west-1",
    )
    assert [o.legacy for o in eu] == [False, True, False, False]
    # never a base model ID: Bedrock refuses those on demand
    assert not {o.model_id for o in eu + us} & {SONNET, HAIKU, OPUS_41}
    # what was asked, and of which region
    assert sorted(r.query["type"][0] for r in fake.calls("ListInferenceProfiles", "eu-west-1")) == [
        "APPLICATION", "SYSTEM_DEFINED",
    ]
    [models] = fake.calls("ListFoundationModels", "eu-west-1")
    assert models.query["byProvider"] == ["anthropic"]
    assert {r.region for r in fake.requests} == {"eu-west-1", "us-east-1"}


def test_an_application_profile_over_claude_is_offered(fake: FakeAws) -> None:
    serve_two_regions(fake)

    [offer] = [o for o in aws.region_offers("eu-west-1", None) if o.application]

    assert offer == aws.ModelOffer(
        model_id=APP_ARN, name="Claude Sonnet 4.6", prefix=None, base_model_id=SONNET,
        lifecycle="ACTIVE", region="eu-west-1",
    )


def test_every_page_of_inference_profiles_is_read(fake: FakeAws) -> None:
    bases = [f"anthropic.claude-model-{n}-v1:0" for n in range(7)]
    fake.profiles["eu-central-1"] = [system_profile("eu", b, "eu-central-1") for b in bases]
    fake.page_size = 3

    offers = aws.region_offers("eu-central-1", None)

    assert [o.model_id for o in offers] == [f"eu.{b}" for b in bases]
    pages = [r for r in fake.calls("ListInferenceProfiles") if "SYSTEM_DEFINED" in r.query["type"]]
    assert [r.query.get("nextToken") for r in pages] == [None, ["3"], ["6"]]


def test_offers_come_without_lifecycle_when_foundation_models_are_denied(fake: FakeAws) -> None:
    serve_two_regions(fake)
    fake.errors["ListFoundationModels"] = AwsError(403, "AccessDeniedException", "denied")

    offers = aws.region_offers("us-east-1", None)

    assert [(o.model_id, o.lifecycle) for o in offers] == [
        (f"us.{HAIKU}", None), (f"global.{SONNET}", None), (f"us.{SONNET}", None),
    ]


def test_on_demand_refusal_is_explained_with_the_region_profiles(fake: FakeAws) -> None:
    serve_two_regions(fake)
    us = aws.region_offers("us-east-1", None)

    assert aws.explain_on_demand(SONNET, us) == (
        f"'{SONNET}' is a base model ID, which Bedrock does not serve on demand (\"on-demand "
        f"throughput isn't supported\"); use the inference profile global.{SONNET} or "
        f"us.{SONNET} offered in us-east-1"
    )
    assert "us-east-1 offers no inference profile for it" in aws.explain_on_demand(OPUS_41, us)
    assert f"such as global.{HAIKU} or us.{HAIKU}" in aws.explain_on_demand(HAIKU)


def test_ten_regions_are_listed_in_parallel(fake: FakeAws) -> None:
    """Each answer waits until 20 listings are in flight: only a parallel discovery gets there
    (how long it takes is bench/discovery's to measure)."""
    regions = aws.bedrock_regions()[:10]
    for region in regions:
        fake.profiles[region] = [system_profile(geography(region), SONNET, region)]
    aws.region_offers(regions[0], None)  # boto3 imported and its service data loaded
    fake.peak_in_flight = 0
    fake.gather = 20

    found = aws.offers_by_region(regions, None)

    assert list(found) == regions
    for region in regions:
        offers = found[region]
        assert not isinstance(offers, ServiceError), offers
        assert [o.model_id for o in offers] == [f"{geography(region)}.{SONNET}"]
    calls = fake.requests[-30:]
    assert sorted((r.region, r.operation) for r in calls) == sorted(
        (region, op) for region in regions
        for op in ("ListInferenceProfiles", "ListInferenceProfiles", "ListFoundationModels")
    )
    assert fake.peak_in_flight >= 20, f"at most {fake.peak_in_flight} of 30 listings at once"


def test_one_failing_region_does_not_stop_the_others(fake: FakeAws) -> None:
    serve_two_regions(fake)
    fake.errors["ListInferenceProfiles@us-east-1"] = AwsError(
        403, "AccessDeniedException", "User: x is not authorized to perform: "
        "bedrock:ListInferenceProfiles on resource: arn:aws:bedrock:us-east-1:123456789012:"
        "inference-profile/* because no identity-based policy allows it",
    )

    found = aws.offers_by_region(["eu-west-1", "us-east-1"], None)

    eu, us = found["eu-west-1"], found["us-east-1"]
    assert isinstance(eu, list) and len(eu) == 4
    assert isinstance(us, ServiceError) and us.code == "AccessDeniedException"
    assert "bedrock:ListInferenceProfiles" in str(us)


def test_regions_may_have_their_own_endpoints(
    tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in static_credentials_env().items():
        monkeypatch.setenv(name, value)
    with FakeAws() as paris, FakeAws() as virginia:
        paris.profiles["eu-west-3"] = [system_profile("eu", SONNET, "eu-west-3")]
        virginia.profiles["us-east-1"] = [system_profile("us", SONNET, "us-east-1")]

        found = aws.offers_by_region(
            ["eu-west-3", "us-east-1"], None,
            endpoint_urls={"eu-west-3": paris.url, "us-east-1": virginia.url},
        )

        assert {r: [o.model_id for o in v] for r, v in found.items() if isinstance(v, list)} == {
            "eu-west-3": [f"eu.{SONNET}"], "us-east-1": [f"us.{SONNET}"],
        }
        assert {r.region for r in paris.requests} == {"eu-west-3"}
        assert {r.region for r in virginia.requests} == {"us-east-1"}


def test_a_missing_profile_fails_every_region_with_one_sentence(fake: FakeAws) -> None:
    found = aws.offers_by_region(["eu-west-1", "us-east-1"], "nope")

    assert {str(v) for v in found.values()} == {
        "The AWS profile 'nope' does not exist; check its name in ~/.aws/config or create it"
    }
    assert fake.requests == []


# ---------------------------------------------------------------------------------------------
# IAM policy


def test_iam_policy_for_a_system_profile_and_an_application_profile(fake: FakeAws) -> None:
    serve_two_regions(fake)
    offers = aws.region_offers("eu-west-1", None)

    policy = aws.iam_policy("eu-west-1", ACCOUNT, [f"eu.{SONNET}", APP_ARN], offers)

    assert policy == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "InvokeChosenClaudeModels",
                "Effect": "Allow",
                "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
                "Resource": [
                    f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/eu.{SONNET}",
                    f"arn:aws:bedrock:*::foundation-model/{SONNET}",
                    APP_ARN,
                ],
            },
            {
                "Sid": "ReadInferenceProfiles",
                "Effect": "Allow",
                "Action": ["bedrock:ListInferenceProfiles", "bedrock:GetInferenceProfile"],
                "Resource": [
                    f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/*",
                    f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:application-inference-profile/*",
                ],
            },
        ],
    }
    assert json.loads(json.dumps(policy)) == policy
    actions = [a for statement in policy["Statement"] for a in statement["Action"]]
    assert all("*" not in action and action.startswith("bedrock:") for action in actions)


def test_iam_policy_details() -> None:
    [invoke, _] = aws.iam_policy(
        "us-east-1", ACCOUNT, [f"global.{SONNET}[1m]", f"us.{HAIKU}"]
    )["Statement"]
    assert invoke["Resource"] == [
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/global.{SONNET}",
        f"arn:aws:bedrock:*::foundation-model/{SONNET}",
        f"arn:aws:bedrock:::foundation-model/{SONNET}",  # global routing has no region
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/us.{HAIKU}",
        f"arn:aws:bedrock:*::foundation-model/{HAIKU}",
    ]
    by_arn = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/global.{SONNET}"
    assert aws.iam_policy("us-east-1", ACCOUNT, [by_arn])["Statement"][0]["Resource"] == [
        by_arn,
        f"arn:aws:bedrock:*::foundation-model/{SONNET}",
        f"arn:aws:bedrock:::foundation-model/{SONNET}",
    ]
    gov = aws.iam_policy("us-gov-west-1", ACCOUNT, [f"us-gov.{SONNET}"])
    assert gov["Statement"][1]["Resource"][0].startswith("arn:aws-us-gov:bedrock:us-gov-west-1:")

    with pytest.raises(ServiceError, match="on-demand throughput isn't supported"):
        aws.iam_policy("us-east-1", ACCOUNT, [SONNET])
    with pytest.raises(ServiceError, match="foundation model behind .* is unknown"):
        aws.iam_policy("eu-west-1", ACCOUNT, [APP_ARN])
    with pytest.raises(ServiceError, match="12 digits"):
        aws.iam_policy("eu-west-1", "1234", [f"eu.{SONNET}"])


def test_iam_policy_puts_the_fast_model_in_its_own_region() -> None:
    [invoke, read] = aws.iam_policy(
        "eu-west-1", ACCOUNT, [f"eu.{SONNET}"], fast_model=f"us.{HAIKU}",
        fast_model_region="us-east-1",
    )["Statement"]
    assert invoke["Resource"] == [
        f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/eu.{SONNET}",
        f"arn:aws:bedrock:*::foundation-model/{SONNET}",
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/us.{HAIKU}",
        f"arn:aws:bedrock:*::foundation-model/{HAIKU}",
    ]
    assert read["Resource"] == [
        f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/*",
        f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:application-inference-profile/*",
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/*",
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:application-inference-profile/*",
    ]
    # no fast-model region: the fast model is called from the main region
    [invoke, read] = aws.iam_policy(
        "eu-west-1", ACCOUNT, [f"eu.{SONNET}"], fast_model=f"eu.{HAIKU}"
    )["Statement"]
    assert f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/eu.{HAIKU}" in (
        invoke["Resource"]
    )
    assert len(read["Resource"]) == 2
    with pytest.raises(ServiceError, match="not an AWS region"):
        aws.iam_policy("eu-west-1", ACCOUNT, [f"eu.{SONNET}"], fast_model=f"us.{HAIKU}",
                       fast_model_region="mars-1")
