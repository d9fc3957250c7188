"""Helpers that drive the wizard with Pilot the way a person would, key by key."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from wizard.tui.app import WizardApp
from wizard.tui.screens.base import StepScreen

SIZE = (80, 24)


async def settle(pilot: Pilot[int], timeout: float = 3.0) -> None:
    """Let workers finish (those still waiting after ``timeout`` seconds go on: an SSO sign-in
    waits for a person) and the screen catch up."""
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        try:
            await asyncio.wait_for(app.workers.wait_for_complete(), timeout)
        except (TimeoutError, WorkerCancelled):
            pass
    await pilot.pause()


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type ``text`` into the focused input (pasting-like, one key per character)."""
    focused = pilot.app.focused
    assert focused is not None
    focused.value = text  # type: ignore[attr-defined]
    await pilot.pause()


async def open_team_file(pilot: Pilot[int], path: object) -> None:
    """From the welcome: ``i``, the team file's path, then its import is read."""
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    await type_text(pilot, str(path))
    await pilot.press("enter", "enter")
    await settle(pilot)


def step_of(app: WizardApp) -> str | None:
    screen = app.screen
    if isinstance(screen, StepScreen) and screen.step:
        return screen.step
    return type(screen).__name__


def notice_of(app: WizardApp) -> str:
    return str(app.screen.query_one("#notice").render())


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run an async Pilot scenario from a plain test (no async plugin needed)."""
    asyncio.run(scenario())
