"""The test harness's isolated HOME drops whatever changes Claude Code, not the tests' own
choice of Claude Code executable."""

from __future__ import annotations

from pathlib import Path

from keyring_env import isolated_home_env


def test_isolated_home_keeps_claude_code_bin(tmp_path: Path) -> None:
    changes = isolated_home_env(
        tmp_path,
        {
            "CLAUDE_CODE_BIN": "/opt/claude-code/bin/claude",
            "CLAUDE_CODE_USE_BEDROCK": "1",
            "ANTHROPIC_API_KEY": "sk-ant-api03-EXAMPLEharnessKEY0000",
            "VERTEX_REGION_CLAUDE_4_6_SONNET": "us-east5",
        },
    )
    assert "CLAUDE_CODE_BIN" not in changes  # left as it is
    assert changes["CLAUDE_CODE_USE_BEDROCK"] is None
    assert changes["ANTHROPIC_API_KEY"] is None
    assert changes["VERTEX_REGION_CLAUDE_4_6_SONNET"] is None
