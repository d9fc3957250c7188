"""A test hook that kills the process at a named write step, to prove a kill leaves nothing
half-done: with ``CLAUDE_SETUP_TEST_KILL_AT=<step>`` in its environment, claude-setup sends
itself SIGKILL when it reaches that step. Nothing else reads the variable.
"""

from __future__ import annotations

import os
import signal

VARIABLE = "CLAUDE_SETUP_TEST_KILL_AT"


def reached(step: str) -> None:
    """Die here, at once and without cleaning up, if the test hook names ``step``."""
    if os.environ.get(VARIABLE) == step:
        os.kill(os.getpid(), signal.SIGKILL)
