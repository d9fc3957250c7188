"""The plan's diff masks every form of a secret (issue 8, rule 9).

A key holding ``"`` or ``\\`` is written JSON-escaped into settings.json, so the diff held it in
that form, unmasked; the old file's secret and a secret-shaped foreign value are masked too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from wizard import validation
from wizard.model import Setup
from wizard.plan import plan
from wizard.secrets.value import Secret
from wizard.settings.owned import MASK

ODD_KEYS = [
    'ABSKEXAMPLE"quoted"0123456789abcdef',
    "ABSKEXAMPLE\\back\\slash0123456789",
    'EXAMPLE\\"both"\\0123456789/+=',
]


@pytest.mark.parametrize("key", ODD_KEYS)
def test_a_plaintext_key_with_quotes_or_backslashes_is_masked_in_every_form(
    key: str, make_machine: Any
) -> None:
    validation.check_secret(key)  # such a key is accepted at input
    setup = Setup("bedrock", "bedrock-api-key", profile="work", region="us-east-1",
                  plaintext_secrets=True)
    old = json.dumps({"env": {"AWS_BEARER_TOKEN_BEDROCK": key[::-1]}})
    result = plan(setup, make_machine(settings=old), Secret(key))
    assert json.dumps(key)[1:-1].encode() in result.settings.after
    described = result.describe()
    for form in (key, json.dumps(key)[1:-1], key[::-1], json.dumps(key[::-1])[1:-1]):
        assert form not in described
    assert MASK in described


@pytest.mark.parametrize("bad", ["sk-ant-api03-EXAMPLE\u200bKEY", "\ufeffsk-ant-api03-EXAMPLE",
                                 "sk-ant-api03-ÉXAMPLE", "sk-ant api03"])
def test_the_engine_refuses_a_secret_a_header_cannot_carry(bad: str, make_machine: Any) -> None:
    """Issue 8, rule 12: whichever face read the secret, the plan checks it."""
    from wizard.model import SetupError

    with pytest.raises(SetupError) as info:
        plan(Setup("anthropic", "api-key"), make_machine(), Secret(bad))
    assert bad not in str(info.value)


def test_a_secret_the_old_file_wrote_with_escapes_is_masked(make_machine: Any) -> None:
    """Another program may have written the key as \\u escapes or with \\/: still masked."""
    key = "ABSKEXAMPLE/escaped0123456789abcdef"
    escaped = "".join(f"\\u{ord(ch):04x}" if ch.isalpha() else ch for ch in key).replace(
        "/", "\\/"
    )
    old = '{"env": {"AWS_BEARER_TOKEN_BEDROCK": "' + escaped + '", "MINE": "1"}}'
    result = plan(Setup("vertex", "adc", region="us-east5", project_id="my-project-123"),
                  make_machine(settings=old))
    described = result.describe()
    assert escaped not in described and "0123456789abcdef" not in described
    assert '"AWS_BEARER_TOKEN_BEDROCK": "********"' in described
