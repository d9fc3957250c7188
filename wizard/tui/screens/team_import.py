"""Import a team setup: the file's path, then what it configures; Enter again goes on to the
teammate's own fields and secret, then the normal review."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, Static

from wizard import engine, labels
from wizard.errors import WizardError
from wizard.i18n import N_, _
from wizard.safetext import one_line
from wizard.teamfile import TeamSetup
from wizard.tui import fields
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.field import Field

INDENT = "\u00a0\u00a0"


def team_content(team: TeamSetup) -> Content:
    """What a team setup configures, and what it leaves to each teammate."""
    lines = [Content.assemble((_("Team setup: "), "bold"), one_line(team.name))]
    if team.description:
        lines.append(Content(INDENT + one_line(team.description)))
    for line in labels.value_lines(team.values):
        lines.append(Content(INDENT + one_line(line)))
    if team.sso:
        lines.append(
            Content(
                INDENT
                + _("AWS SSO: {url}, account {account}, role {role}").format(
                    url=team.sso["start_url"],
                    account=team.sso["account_id"],
                    role=team.sso["role_name"],
                )
            )
        )
        lines.append(
            Content.styled(INDENT + _("Your sign-in: asked next"), "$text-warning")
        )
    for name in team.asked:
        lines.append(
            Content.styled(
                INDENT + _("{label}: your own (asked next)").format(label=fields.label(name)),
                "$text-warning",
            )
        )
    return Content("\n").join(lines)


class ImportScreen(StepScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.team: TeamSetup | None = None
        self.loaded = ""

    def title_text(self) -> str:
        return _("Import a team setup")

    def intro_text(self) -> str:
        return _(
            "A team setup file holds what your team chose (provider, region, models…) and no "
            "secret. You add only your own values and your secret."
        )

    def body(self) -> ComposeResult:
        yield Field(
            "team_file",
            _("Team setup file"),
            "",
            lambda text: None,
            placeholder=_("path of the .json file"),
        )
        yield Static("", id="team-summary")

    def on_mount(self) -> None:
        self.query_one(Field).input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        if self.team is not None and text == self.loaded:
            self.wizard.import_team(self.team)
            return
        self.team = None
        summary = self.query_one("#team-summary", Static)
        try:
            team = engine.read_team_setup(Path(text).expanduser())
        except WizardError as exc:
            summary.update("")
            self.notice(str(exc), "error")
            return
        self.team, self.loaded = team, text
        summary.update(team_content(team))
        self.notice(_("Press Enter to go on with this setup."))

    def action_back(self) -> None:
        self.app.pop_screen()
