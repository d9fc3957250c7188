"""The first screen: a short paragraph on first run; on a re-run, what is configured now and
the saved profiles, to switch to (three keys: its number, Enter, y), edit or remove."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList, Static

from wizard import endpoints, labels, profiles, status, trust
from wizard.errors import WizardError
from wizard.i18n import N_, _
from wizard.providers import detect
from wizard.safetext import one_line
from wizard.settings import owned
from wizard.tui import fields
from wizard.tui.screens.base import StepScreen
from wizard.tui.screens.confirm import ConfirmScreen
from wizard.tui.widgets.choices import NumberedList, choices

if TYPE_CHECKING:
    from wizard.plan import Plan

INDENT = "\u00a0\u00a0"
SHOWN_KEYS = (
    *detect.switches(), *owned.ENDPOINTS, "AWS_PROFILE", *owned.LOCATIONS,
    "ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL", "apiKeyHelper",
)  # fmt: skip
"""The values worth a line on the welcome screen; ``claude-setup status`` shows them all."""


def current_configuration(report: dict[str, Any]) -> Content:
    """Provider, active profile, the main values with the scope each comes from, and the
    values that the shell or managed settings force over the user's own."""
    active = report["active_profile"]
    lines = [
        Content.assemble(
            (_("Now: "), "bold"),
            labels.choice_title(status.provider_choice(report)),
            "   ",
            (_("profile: "), "bold"),
            active or _("none"),
        )
    ]
    effective = report["effective"]
    for key in SHOWN_KEYS:
        if key in effective:
            entry = effective[key]
            where = str(entry["from"]).split(" ", 1)[0]
            value = one_line(str(entry["value"]))
            if len(value) > 40:
                value = value[:37] + "…"
            style = "$text-warning" if where in ("shell", "managed") else ""
            if status.untrusted(entry):
                where, style = _("{where}, not trusted").format(where=where), "$text-warning"
            line = Content.assemble(f"{INDENT}{key} = {value}  ", (f"({where})", style or "dim"))
            lines.append(line)
    for where, text in (
        ("managed", _("forced by managed settings: {keys}")),
        ("shell", _("from your shell's environment: {keys}")),
    ):
        keys = sorted(k for k, e in effective.items() if str(e["from"]).split(" ", 1)[0] == where)
        if keys:
            lines.append(
                Content.styled(INDENT + text.format(keys=", ".join(keys)), "$text-warning")
            )
    return Content("\n").join(lines)


MAX_TRUST_LINES = 8
"""What an untrusted folder's settings do, shown before trusting it (the rest: status)."""


def trust_details(report: dict[str, Any], team: dict[str, str]) -> Content:
    """Where the credential would go and what the folder's settings make Claude Code run,
    load or contact, escaped, before the user trusts the folder."""
    host = team.get("base_url")
    lines = [
        _("Your credential would be sent to {host}.").format(host=endpoints.shown(host))
        if host
        else _("Your credential would be used with {provider}.").format(
            provider=labels.provider_title(team["provider"])
        )
    ]
    if host:
        lines += [one_line(concern) for concern in endpoints.concerns(host)]
    items = [item for entry in status.untrusted_scopes(report) for item in entry.get("reach", [])]
    if items:
        lines.append(_("What its settings make Claude Code do once it is trusted:"))
        shown = items[:MAX_TRUST_LINES]
        lines += [INDENT + one_line(status.reach_line(item)) for item in shown]
    if len(items) > MAX_TRUST_LINES:
        more = _("and {count} more (claude-setup status lists them)")
        lines.append(INDENT + more.format(count=len(items) - MAX_TRUST_LINES))
    return Content("\n").join(Content(line) for line in lines)


class WelcomeScreen(StepScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", N_("Start"), id="start", priority=True),
        Binding("enter", "switch", N_("Switch"), id="switch", priority=True),
        Binding("n", "new", N_("New setup"), id="new"),
        Binding("e", "edit", N_("Edit"), id="edit"),
        Binding("d", "remove", N_("Remove"), id="remove"),
        Binding("i", "import_team", N_("Import"), id="import"),
        Binding("i", "import_team_unlisted", N_("Import"), id="import-unlisted", show=False),
        Binding("t", "team_secret", N_("Team"), id="team-secret"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.saved = profiles.all_profiles()
        self.report = status.collect()
        self.team = status.team_choice(self.report)
        self.trusted = self.report["folder"]["trusted_by"] is not None

    def title_text(self) -> str:
        if not self.saved:
            return _("Welcome to claude-setup")
        return _("What Claude Code uses now")

    def intro_text(self) -> str:
        if self.saved:
            return ""
        return _(
            "This wizard sets up Claude Code: where Claude runs (the Anthropic API, Amazon "
            "Bedrock or Bedrock Mantle, Google Vertex AI, Microsoft Foundry, Claude Platform on "
            "AWS or Google Cloud, or an LLM gateway), how it signs in, the region and the "
            "models. Secrets go to your system keyring, never into a file. You see every change "
            "before anything is written.\n\nPress Enter to start."
        )

    def body(self) -> ComposeResult:
        if self.team is not None:
            yield Static(Content.styled(self.team_text(), "$text-accent"), id="team-choice")
        elif not self.trusted and status.untrusted_scopes(self.report):
            yield Static(
                Content.styled(
                    _(
                        "This folder is not trusted: Claude Code asks before it uses its .claude "
                        "settings, and claude-setup runs and contacts nothing they name "
                        "(claude-setup status lists them)."
                    ),
                    "$text-warning",
                ),
                id="untrusted",
            )
        if not self.saved:
            return
        yield Static(current_configuration(self.report), id="current")
        yield Static("", id="keyring")
        yield Static(_("Saved profiles"), classes="list-label")
        active = profiles.active_name()
        yield NumberedList(
            choices(
                (
                    saved.name + (" *" if saved.name == active else ""),
                    f"{labels.provider_title(saved.setup.provider)}, "
                    f"{labels.auth_title(saved.setup.auth)}",
                    saved.name,
                )
                for saved in self.saved
            ),
            pick_on_digit=False,
            id="profiles",
        )

    def on_mount(self) -> None:
        if self.saved:
            self.query_one(NumberedList).focus()
            active = profiles.active_name()
            if active and profiles.exists(active):
                self.call_after_refresh(self.look_in_keyring, active)

    @work(thread=True, exclusive=True, exit_on_error=False, group="keyring")
    def look_in_keyring(self, name: str) -> None:
        """Which of the active profile's secrets the keyring really holds (it may be locked).

        Asked the way the key helpers ask (the Secret Service over D-Bus on Linux), which costs
        the wizard neither the time nor the memory of loading ``keyring``."""
        from wizard import engine
        from wizard.secrets import lookup
        from wizard.secrets.store import timeout_seconds

        try:
            kinds = engine.secrets_of(name)
            if not kinds:
                return
            found = [
                (kind, lookup.lookup(name, kind, timeout_seconds()) is not None) for kind in kinds
            ]
        except (WizardError, lookup.LookupError_) as exc:
            self.app.call_from_thread(self.show_keyring, [], str(exc))
            return
        self.app.call_from_thread(self.show_keyring, found, "")

    def show_keyring(self, found: list[tuple[str, bool]], problem: str) -> None:
        lines = [
            Content.styled(
                INDENT
                + (
                    _("keyring: the {what} is stored").format(what=fields.label("secret", kind))
                    if stored
                    else _("keyring: the {what} is missing; run the wizard again").format(
                        what=fields.label("secret", kind)
                    )
                ),
                "" if stored else "$text-error",
            )
            for kind, stored in found
        ]
        if problem:
            lines.append(Content.styled(INDENT + problem, "$text-error"))
        keyring = self.query_one("#keyring", Static)
        keyring.update(Content("\n").join(lines))
        keyring.display = bool(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return False
        if action == "start":
            return not self.saved
        if action == "team_secret":
            return self.team is not None
        if action in ("import_team", "import_team_unlisted"):
            # With a team's choice the footer lists t in place of i, to fit 80 columns.
            return (self.team is None) == (action == "import_team")
        if action in ("edit", "remove", "new", "switch"):
            return bool(self.saved)
        return True

    def action_start(self) -> None:
        self.wizard.start()

    def team_text(self) -> str:
        """What the project's settings choose, and where the credential would go: "this
        project's settings", never "your team", until the user has trusted the folder."""
        assert self.team is not None
        provider = labels.provider_title(self.team["provider"])
        host = self.team.get("base_url")
        at = _(" at {host}").format(host=endpoints.shown(host)) if host else ""
        if self.trusted:
            return _(
                "This project's .claude/settings.json chooses {provider}{at}. Press t to use it "
                "with your own credential, in local scope."
            ).format(provider=provider, at=at)
        return _(
            "This folder's .claude/settings.json chooses {provider}{at}; the folder is not "
            "trusted. Press t to see what it runs and use it with your own credential."
        ).format(provider=provider, at=at)

    def action_team_secret(self) -> None:
        """The project's provider and values stay in the project file: the walk asks only the
        auth method and the user's own credential, written in local scope. An untrusted
        folder is shown first (where the credential would go, what Claude Code would run) and
        used only once the user says yes, which records the trust."""
        if self.team is None:
            return
        if self.trusted:
            self.use_project_choice()
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                self.notice(_("Nothing was changed."))
                return
            try:
                trust.trust()
            except WizardError as exc:
                self.notice(str(exc), "error")
                return
            self.trusted = True
            self.use_project_choice()

        self.app.push_screen(
            ConfirmScreen(
                _("Trust this folder and use its settings with your credential?"),
                trust_details(self.report, self.team),
            ),
            answered,
        )

    def use_project_choice(self) -> None:
        from pathlib import Path

        from wizard.tui.state import WizardState

        assert self.team is not None
        self.wizard.state = WizardState.from_project_choice(self.team, Path.cwd())
        self.wizard.advance("provider")

    def action_import_team(self) -> None:
        from wizard.tui.screens.team_import import ImportScreen

        self.app.push_screen(ImportScreen())

    def action_import_team_unlisted(self) -> None:
        self.action_import_team()

    def selected(self) -> str | None:
        if not self.saved:
            return None
        listing = self.query_one(NumberedList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def action_back(self) -> None:
        return None

    def action_new(self) -> None:
        self.wizard.start()

    def action_switch(self) -> None:
        name = self.selected()
        if name is None:
            self.wizard.start()
            return
        self.notice(_("Preparing the switch to '{name}'…").format(name=name), "busy")
        self.prepare_switch(name)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()

    @work(thread=True, exclusive=True, exit_on_error=False, group="switch")
    def prepare_switch(self, name: str) -> None:
        from wizard import engine

        try:
            plan = engine.prepare_switch(name)
        except WizardError as exc:
            self.app.call_from_thread(self.notice, str(exc), "error")
            return
        self.app.call_from_thread(self.confirm_switch, name, plan)

    def confirm_switch(self, name: str, plan: Plan) -> None:
        self.notice("")

        def answered(yes: bool | None) -> None:
            if yes:
                self.notice(_("Switching…"), "busy")
                self.apply_switch(plan)
            else:
                self.notice(_("Nothing was changed."))

        question = _("Switch to profile '{name}'?").format(name=name)
        from wizard.tui.screens.review import plan_content

        self.app.push_screen(ConfirmScreen(question, plan_content(plan)), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="switch")
    def apply_switch(self, plan: Plan) -> None:
        from wizard import engine

        try:
            outcome = engine.apply_plan(plan)
        except WizardError as exc:
            self.app.call_from_thread(self.notice, str(exc), "error")
            return
        self.app.call_from_thread(self.wizard.finished, outcome)

    def action_edit(self) -> None:
        name = self.selected()
        if name is not None:
            self.wizard.edit(name)

    def action_remove(self) -> None:
        from wizard import engine

        name = self.selected()
        if name is None:
            return
        try:
            kinds = engine.secrets_of(name)
        except WizardError as exc:
            self.notice(str(exc), "error")
            return
        what = ", ".join(fields.label("secret", k) for k in kinds)
        details = (
            (
                _("Its keyring entries are deleted too: {what}.").format(what=what)
                if kinds
                else _("It has no keyring entry.")
            )
            + "\n"
            + _("The settings files stay as they are.")
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.forget(name)

        self.app.push_screen(
            ConfirmScreen(_("Remove profile '{name}'?").format(name=name), details), answered
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="remove")
    def forget(self, name: str) -> None:
        from wizard import engine

        try:
            engine.remove_profile(name)
        except WizardError as exc:
            self.app.call_from_thread(self.notice, str(exc), "error")
            return
        self.app.call_from_thread(self.wizard.removed, name)
