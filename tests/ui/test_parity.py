"""For the same choices, the wizard writes the same bytes as ``claude-setup apply``."""

from __future__ import annotations

from pathlib import Path

import pytest
from cases import CASES, Case, walk_to_review, write_machine
from fake_discovery import FakeDiscovery
from keyring_env import PrivateKeyring
from runner import claude_setup
from walk import SIZE, run, settle, step_of

from wizard import profiles
from wizard.tui.app import make_app

PARITY = [c for c in CASES if c.apply_args]


def written(home: Path) -> tuple[bytes, bytes]:
    return (
        (home / ".claude" / "settings.json").read_bytes(),
        (home / ".aws" / "config").read_bytes(),
    )


@pytest.mark.parametrize("case", PARITY, ids=[c.name for c in PARITY])
def test_the_wizard_writes_what_apply_writes(
    case: Case, keyring_env: PrivateKeyring, tmp_home: Path
) -> None:
    write_machine(tmp_home)
    config = (tmp_home / ".aws" / "config").read_bytes()
    app = make_app(FakeDiscovery())

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await walk_to_review(pilot, case)
            await pilot.press("y")
            await settle(pilot)
            assert step_of(app) == "DoneScreen"

    run(scenario)
    by_wizard = written(tmp_home)
    setup = profiles.load(profiles.active_name() or "").setup

    (tmp_home / ".claude" / "settings.json").unlink()
    (tmp_home / ".aws" / "config").write_bytes(config)
    models = ("--model", setup.model or "", "--fast-model", setup.fast_model or "")
    secret = ("--secret-stdin",) if case.secret else ()
    result = claude_setup(
        "apply", *case.apply_args, *models, *secret, "--yes",
        input=case.secret + "\n" if case.secret else None,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert written(tmp_home) == by_wizard
