"""``claude-setup doctor``: is what Claude Code will use what the user chose, and does it work?

Each check returns ``Check`` results: ``ok``, ``warn`` (works, but something defeats or
threatens the user's choice) or ``fail``. The exit code is 0 only when every check is ``ok``.
Checks never print a secret: a helper's output is judged, not shown.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from wizard.safetext import one_line

Status = Literal["ok", "warn", "fail"]
MARKS: dict[str, str] = {"ok": "✓", "warn": "!", "fail": "✗"}


@dataclass(frozen=True)
class Check:
    status: Status
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def ok(message: str) -> Check:
    return Check("ok", message)


def warn(message: str) -> Check:
    return Check("warn", message)


def fail(message: str) -> Check:
    return Check("fail", message)


def all_well(checks: list[Check]) -> bool:
    return all(check.status == "ok" for check in checks)


def render(checks: list[Check]) -> str:
    """One line a check; a line break or control character a file's value brought is escaped."""
    return "".join(f"{MARKS[check.status]} {one_line(check.message)}\n" for check in checks)
