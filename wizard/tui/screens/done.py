"""Done: what changed, how to start Claude Code, how to undo, and a live connection check."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from wizard import labels
from wizard.appdirs import backups_dir
from wizard.apply import Outcome
from wizard.doctor import Check
from wizard.i18n import N_, _
from wizard.safetext import visible
from wizard.tui import fields
from wizard.tui.screens.base import StepScreen

CHECK_STYLES = {"ok": "$text-success", "warn": "$text-warning", "fail": "$text-error"}


def summary(outcome: Outcome) -> list[tuple[Content, bool]]:
    """The lines of what was done, each with whether it is indented (a wrapped indented line
    lines up under its own text)."""
    plan = outcome.plan
    setup = plan.setup
    lines = [
        Content.styled(
            _("Profile '{profile}' is set up ({provider}, {auth}).").format(
                profile=setup.profile_name,
                provider=labels.provider_title(setup.provider),
                auth=labels.auth_title(setup.auth),
            ),
            "bold",
        )
    ]
    indented: set[int] = set()
    for path in outcome.written:
        lines.append(Content(_("wrote {path}").format(path=fields.shown_path(path))))
        indented.add(len(lines) - 1)
    if not outcome.written:
        lines.append(Content(_("the settings were already as asked; no file changed")))
        indented.add(len(lines) - 1)
    for change in outcome.keyring:
        lines.append(Content(change))
        indented.add(len(lines) - 1)
    for warning in outcome.warnings:
        lines.append(Content.styled(_("warning: {text}").format(text=warning), "$text-warning"))
        indented.add(len(lines) - 1)
    lines.append(Content(""))
    if plan.env_secret_var and not setup.plaintext_secrets:
        start = "claude-setup run -- claude"
    else:
        start = "claude"
    lines.append(Content(_("Start Claude Code with: {command}").format(command=start)))
    if outcome.written:
        lines.append(
            Content(
                _("Changed your mind? {command} puts the previous files back.").format(
                    command="claude-setup undo"
                )
            )
        )
        lines.append(
            Content.styled(
                _("(backups are kept in {folder})").format(folder=fields.shown_path(backups_dir())),
                "$text-muted",
            )
        )
    lines.append(Content(""))
    return [(line, number in indented) for number, line in enumerate(lines)]


class DoneScreen(StepScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "finish", N_("Finish"), id="finish"),
        Binding("c", "check", N_("Check again"), id="check"),
    ]

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome

    def title_text(self) -> str:
        return _("Done")

    def body(self) -> ComposeResult:
        with VerticalScroll(id="done"):
            for line, indented in summary(self.outcome):
                yield Static(line, classes="summary indented" if indented else "summary")
            yield Static("", id="checks")

    def on_mount(self) -> None:
        self.query_one("#done").focus()
        self.action_check()

    def action_finish(self) -> None:
        self.app.exit(0)

    def action_check(self) -> None:
        self.query_one("#checks", Static).update(
            Content.styled(_("Checking the connection…"), "$text-muted")
        )
        self.check()

    @work(thread=True, exclusive=True, exit_on_error=False, group="check")
    def check(self) -> None:
        try:
            found = self.wizard.discovery.check_connection()
        except Exception as exc:  # noqa: BLE001 - one sentence in place
            text = _("The check could not run: {reason}").format(reason=str(exc) or type(exc))
            self.app.call_from_thread(self.show_checks, [Check("fail", text)])
            return
        self.app.call_from_thread(self.show_checks, found)

    def show_checks(self, found: list[Check]) -> None:
        marks = {"ok": "✓", "warn": "!", "fail": "✗"}
        lines = [Content.styled(_("Connection check"), "bold")]
        for item in found:
            style = CHECK_STYLES.get(item.status, "")
            text = f"{marks.get(item.status, '·')} {visible(item.message)}"
            lines.append(Content.styled(text, style))
        self.query_one("#checks", Static).update(Content("\n").join(lines))
