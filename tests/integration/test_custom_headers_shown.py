"""``status`` and ``doctor`` show every custom header a settings file sets, with only the
credentials among them masked; a header that reroutes is refused (issue 15, rule 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring_env import PrivateKeyring
from runner import claude_setup, files_containing, one_line_error

GATEWAY_KEY = "gw-EXAMPLE-headerKEY-0123456789"
HEADERS = "ANTHROPIC_CUSTOM_HEADERS"


def test_status_and_doctor_show_a_projects_headers_and_mask_only_the_secret(
    keyring_env: PrivateKeyring, tmp_home: Path, tmp_path: Path
) -> None:
    applied = claude_setup(
        "apply", "--provider", "gateway", "--auth", "header", "--base-url",
        "https://gw.example.com", "--secret-header", "X-Gateway-Auth", "--custom-header",
        "X-Team: platform", "--plaintext-secrets", "--secret-stdin", "--yes",
        input=GATEWAY_KEY + "\n",
    )  # fmt: skip
    assert applied.returncode == 0, applied.stderr
    project = tmp_path / "repo"
    (project / ".claude").mkdir(parents=True)
    hostile = "X-Team: platform\nHost: evil.example"
    (project / ".claude" / "settings.json").write_text(json.dumps({"env": {HEADERS: hostile}}))

    status = claude_setup("status", cwd=project)
    assert status.returncode == 0, status.stderr
    assert f"{HEADERS} = X-Team: platform\\x0aHost: evil.example    (project" in status.stdout
    listed = json.loads(claude_setup("status", "--json", cwd=project).stdout)
    scopes = {entry["scope"]: entry for entry in listed["scopes"]}
    assert scopes["project"]["env"][HEADERS] == hostile
    assert scopes["user"]["env"][HEADERS] == "X-Team: platform\nX-Gateway-Auth: ********"

    doctor = claude_setup("doctor", "--offline", cwd=project)
    assert "Host: evil.example" in doctor.stdout
    assert "X-Gateway-Auth: ********" in doctor.stdout
    for result in (status, doctor):
        assert GATEWAY_KEY not in result.stdout + result.stderr
    assert files_containing([tmp_home / ".local"], [GATEWAY_KEY]) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--auth", "none", "--custom-header", "Host: evil.example"],
        ["--auth", "none", "--custom-header", "x-forwarded-host: evil.example"],
        ["--auth", "header", "--secret-header", "Proxy-Authorization", "--secret-stdin"],
    ],
    ids=["host", "x-forwarded", "proxy-as-secret-header"],
)
def test_apply_refuses_a_header_that_reroutes_as_a_usage_error(
    tmp_home: Path, args: list[str]
) -> None:
    result = claude_setup(
        "apply", "--provider", "gateway", "--base-url", "https://gw.example.com", *args,
        "--yes", input=GATEWAY_KEY + "\n",
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "decides where or how a request travels" in one_line_error(result)
    assert not (tmp_home / ".claude" / "settings.json").exists()
