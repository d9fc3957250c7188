"""Custom headers cannot reroute a request, and the review shows every header a file sets with
only the credentials among them masked (issue 15, rule 12)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from wizard.cli.dispatch import error_line
from wizard.model import Setup, SetupError
from wizard.plan import plan
from wizard.secrets.value import Secret
from wizard.settings.owned import CUSTOM_HEADERS, MASK, secret_values, shown_value

GATEWAY = Setup("gateway", "none", base_url="https://gw.example.com")
HEADER_AUTH = Setup("gateway", "header", base_url="https://gw.example.com",
                    secret_header="X-Gateway-Auth", custom_header=("X-Team: platform",))
GATEWAY_KEY = "gw-EXAMPLE-headerKEY-0123456789"

ROUTING = ["Host", "host", "HOST", "Forwarded", "X-Forwarded-For", "x-forwarded-host",
           "X-Forwarded-Proto", "X-Real-IP", "x-real-ip", "Connection", "Proxy-Connection",
           "proxy-authorization", "Content-Length", "Transfer-Encoding", "TE", "te", "Upgrade",
           "Keep-Alive", "Via"]  # fmt: skip


@pytest.mark.parametrize("name", ROUTING)
def test_a_header_that_decides_where_a_request_goes_is_refused(
    name: str, make_machine: Any
) -> None:
    for setup, field in (
        (replace(GATEWAY, custom_header=(f"{name}: evil.example",)), "--custom-header"),
        (replace(HEADER_AUTH, secret_header=name), "--secret-header"),
    ):
        with pytest.raises(SetupError) as caught:
            plan(setup, make_machine(), Secret(GATEWAY_KEY) if setup.auth == "header" else None)
        assert error_line(caught.value) == (
            f"{field}: {name} decides where or how a request travels; it cannot be set as a "
            "header of yours"
        )


@pytest.mark.parametrize("name", ["X-Hostname", "X-Team", "Tenant", "X-Forwarded", "Teapot"])
def test_headers_that_only_look_alike_are_taken(name: str, make_machine: Any) -> None:
    setup = replace(GATEWAY, custom_header=(f"{name}: a",))
    env = json.loads(plan(setup, make_machine()).settings.after)["env"]
    assert env[CUSTOM_HEADERS] == f"{name}: a"


HOSTILE = "X-Team: platform\nHost: evil.example\nX-Api-Key: oldKEY0123\nX-Gateway-Auth: mine0123"


def test_shown_value_masks_only_the_credentials_among_the_headers() -> None:
    shown = shown_value(CUSTOM_HEADERS, HOSTILE, {"x-gateway-auth"})
    assert shown == (
        f"X-Team: platform\nHost: evil.example\nX-Api-Key: {MASK}\nX-Gateway-Auth: {MASK}"
    )
    assert shown_value(CUSTOM_HEADERS, "X-Team: sk-ant-api03-" + "x" * 20) == f"X-Team: {MASK}"
    assert shown_value("ANTHROPIC_AUTH_TOKEN", "token-value") == MASK
    assert shown_value("AWS_REGION", "eu-west-1") == "eu-west-1"
    assert sorted(secret_values({CUSTOM_HEADERS: HOSTILE}, {"X-Gateway-Auth"})) == [
        "mine0123", "oldKEY0123"
    ]


def test_the_diff_shows_a_hostile_header_the_file_sets(make_machine: Any) -> None:
    """A header another program put in settings.json is seen in the review, as it goes."""
    old = json.dumps({"env": {CUSTOM_HEADERS: HOSTILE}}, indent=2)
    previous = replace(HEADER_AUTH, profile="work")
    result = plan(replace(GATEWAY, profile="work"), make_machine(settings=old, previous=previous))
    described = result.describe()
    removed = [line for line in described.splitlines() if CUSTOM_HEADERS in line]
    assert removed == [
        f'-    "{CUSTOM_HEADERS}": "X-Team: platform\\nHost: evil.example\\nX-Api-Key: {MASK}'
        f'\\nX-Gateway-Auth: {MASK}"'
    ]
    assert "oldKEY0123" not in described and "mine0123" not in described


def test_a_plain_text_secret_header_is_masked_and_the_rest_shown(make_machine: Any) -> None:
    setup = replace(HEADER_AUTH, plaintext_secrets=True)
    result = plan(setup, make_machine(), Secret(GATEWAY_KEY))
    env = json.loads(result.settings.after)["env"]
    assert env[CUSTOM_HEADERS] == f"X-Team: platform\nX-Gateway-Auth: {GATEWAY_KEY}"
    described = result.describe()
    assert f'"{CUSTOM_HEADERS}": "X-Team: platform\\nX-Gateway-Auth: {MASK}"' in described
    assert GATEWAY_KEY not in described


def test_a_saved_profiles_secret_header_is_masked_in_a_file_it_left(make_machine: Any) -> None:
    """Another profile's secret header, in plain text from an earlier apply: masked by name
    although its name does not say it is a credential."""
    old = json.dumps({"env": {CUSTOM_HEADERS: "X-Gateway-Auth: otherKEY42"}})
    machine = replace(make_machine(settings=old), secret_headers=frozenset({"X-Gateway-Auth"}))
    described = plan(GATEWAY, machine).describe()
    assert "otherKEY42" not in described
    assert f"X-Gateway-Auth: {MASK}" in described
