"""AWS SSO device sign-in in a dialog: the code and address, a countdown, Cancel; then the
account and role to use, and the new profile is written to ``~/.aws/config``."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from wizard.errors import WizardError
from wizard.i18n import N_, _
from wizard.safetext import one_line, visible
from wizard.tui import fields
from wizard.tui.discovery import AccountRoleChoice, Discovery, SignIn
from wizard.tui.screens.base import reason_of
from wizard.tui.widgets.choices import NumberedList, choices
from wizard.tui.widgets.field import Field
from wizard.tui.widgets.footer import WizardFooter
from wizard.validation import check_aws_profile_name


class SignInCancelled(Exception):
    """Raised from the countdown callback to stop waiting for the approval."""


def check_start_url(text: str) -> str | None:
    if text.strip() and not text.strip().startswith("https://"):
        return _("the start URL begins with https://")
    return None


def check_sso_region(text: str) -> str | None:
    return fields.check("fast_model_region", text, {})


def check_profile(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        check_aws_profile_name("aws_profile", text.strip())
    except WizardError as exc:
        return getattr(exc, "reason", str(exc))
    return None


@dataclass(frozen=True)
class TeamSignIn:
    """A team's SSO values: the dialog opens filled in and picks the team's account and role."""

    start_url: str
    sso_region: str
    account_id: str
    role_name: str
    profile: str
    region: str = ""
    """The region the profile calls AWS in (the setup's); empty: the SSO region."""


class SsoSignInScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
    ]

    def __init__(self, discovery: Discovery, team: TeamSignIn | None = None) -> None:
        super().__init__()
        self.discovery = discovery
        self.team = team
        self.cancelled = threading.Event()
        self.sign_in: SignIn | None = None
        self.token: Any = None
        self.choices: list[AccountRoleChoice] = []
        self.picked: AccountRoleChoice | None = None
        """The team's account and role (or the one picked): the apply writes the profile."""

    def compose(self) -> ComposeResult:
        team = self.team
        with Vertical(id="dialog"):
            yield Static(
                _("Your team's AWS SSO: sign in") if team else _("New AWS SSO profile"),
                id="question",
            )
            yield Field(
                "start_url",
                _("Start URL"),
                team.start_url if team else "",
                check_start_url,
                placeholder="https://my-org.awsapps.com/start",
            )
            yield Field(
                "sso_region",
                _("SSO region"),
                team.sso_region if team else "",
                check_sso_region,
                placeholder="us-east-1",
            )
            yield Field(
                "profile_name",
                _("Profile name"),
                team.profile if team else "",
                check_profile,
                placeholder="claude",
            )
            yield Static("", id="code")
            yield NumberedList([], id="roles", classes="short")
            yield Static(_("Enter: sign in    Escape: cancel"), id="answers")
        yield WizardFooter()

    def on_mount(self) -> None:
        self.query_one("#roles").display = False
        self.query_one("#code").display = False
        if self.team is not None:  # filled in: Enter signs in
            self.query(Field).last(Field).input.focus()
        else:
            self.query_one(Field).input.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        found = list(self.query(Field))
        if event.input is not found[-1].input:
            self.focus_next()
            return
        bad = [f for f in found if f.refresh_reason() or not f.text.strip()]
        for f in bad:
            if not f.text.strip():
                f.show_reason(_("is required"))
        if bad:
            return
        if not self.keeps_own_profile(found):
            return
        for field in found:
            field.input.disabled = True
        self.say(_("Starting the sign-in…"))
        self.query_one("#answers", Static).update(_("Escape: cancel the sign-in"))
        self.run_sign_in(found[0].text.strip(), found[1].text.strip(), found[2].text.strip())

    def keeps_own_profile(self, found: list[Field]) -> bool:
        """A profile of that name that signs in elsewhere, or one with keys in
        ``~/.aws/credentials``, is the person's own: not replaced (the reason beside the name);
        one that signs in the same way is reused. A team's profile is checked whole: never
        ``default``, and an ``[sso-session]`` of that name must sign in the same way."""
        from wizard import engine

        team = self.team
        name = found[2].text.strip()
        try:
            if team is None:
                sso = {"start_url": found[0].text.strip(), "sso_region": found[1].text.strip()}
                engine.check_existing_aws_profile(name, sso)
            else:
                sso = {
                    "start_url": team.start_url,
                    "sso_region": team.sso_region,
                    "account_id": team.account_id,
                    "role_name": team.role_name,
                }
                profile = engine.sso_profile_for(name, sso, team.region or None)
                engine.check_team_sso_profile(profile)
        except WizardError as exc:
            found[2].show_reason(str(exc))
            return False
        return True

    def say(self, text: str | Content, style: str = "") -> None:
        code = self.query_one("#code", Static)
        code.display = True
        if isinstance(text, str):
            text = Content.styled(visible(text), style)  # a server's words: plain, escaped
        code.update(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sso")
    def run_sign_in(self, start_url: str, sso_region: str, profile: str) -> None:
        try:
            sign_in = self.discovery.sso_start(start_url, sso_region, profile)
            self.sign_in = sign_in
            self.app.call_from_thread(self.show_code, sign_in, float(sign_in.expires_in))

            def tick(left: float) -> None:
                if self.cancelled.is_set():
                    raise SignInCancelled
                self.app.call_from_thread(self.show_code, sign_in, left)

            self.token = self.discovery.sso_wait(sign_in, tick)
            self.choices = self.discovery.sso_accounts(self.token)
        except SignInCancelled:
            return
        except Exception as exc:  # noqa: BLE001 - one sentence in place
            reason = reason_of(exc, _("the sign-in failed"))
            self.app.call_from_thread(self.say, reason, "$text-error")
            self.app.call_from_thread(self.allow_retry)
            return
        self.app.call_from_thread(self.show_roles, profile, sso_region)

    def allow_retry(self) -> None:
        for field in self.query(Field):
            field.input.disabled = False
        self.query(Field).last(Field).input.focus()

    def show_code(self, sign_in: SignIn, left: float) -> None:
        minutes, seconds = divmod(int(left), 60)
        self.say(
            Content.assemble(
                _("Open "),
                (one_line(sign_in.url), "bold"),
                "\n",
                _("and check that it shows the code "),
                (one_line(sign_in.user_code), "bold $accent"),
                "\n",
                (_("Waiting for approval: {m}:{s:02d} left").format(m=minutes, s=seconds), "dim"),
            )
        )

    def show_roles(self, profile: str, region: str) -> None:
        self.profile, self.aws_region = profile, region
        team = self.team
        if team is not None:
            self.aws_region = team.region or region
            for choice in self.choices:
                if (choice.account_id, choice.role_name) == (team.account_id, team.role_name):
                    self.say(_("Signed in."))
                    self.write(choice)
                    return
        roles = self.query_one("#roles", NumberedList)
        roles.display = True
        roles.add_options(
            choices(
                (f"{c.account_name or c.account_id} / {c.role_name}", c.account_id, None)
                for c in self.choices
            )
        )
        if team is not None:
            self.say(
                _(
                    "Signed in, but the team's role {role} in account {account} is not open "
                    "to you. Pick the account and role:"
                ).format(role=team.role_name, account=team.account_id),
                "$text-warning",
            )
        else:
            self.say(_("Signed in. Pick the account and role:"))
        roles.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        picked = self.choices[event.option_index]
        self.write(picked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sso")
    def write(self, picked: AccountRoleChoice) -> None:
        """Write the new profile; a team's is only kept for the apply, which writes it with
        the settings (one change, one ``undo``)."""
        assert self.sign_in is not None
        try:
            if self.team is not None:
                self.discovery.sso_keep_sign_in(self.token)
                self.picked = picked
            else:
                self.discovery.sso_write_profile(
                    self.profile, self.sign_in, self.token, picked, self.aws_region
                )
        except Exception as exc:  # noqa: BLE001
            reason = reason_of(exc, _("writing the profile failed"))
            if getattr(exc, "code", None) == "profile_exists":  # its account or role differs
                self.app.call_from_thread(self.refuse_name, reason)
                return
            self.app.call_from_thread(self.say, reason, "$text-error")
            return
        self.app.call_from_thread(self.dismiss, self.profile)

    def refuse_name(self, reason: str) -> None:
        """The name is taken by a profile with other settings: say so beside it, to retype."""
        roles = self.query_one("#roles", NumberedList)
        roles.clear_options()
        roles.display = False
        self.query_one("#code").display = False
        self.query_one("#answers", Static).update(_("Enter: sign in    Escape: cancel"))
        self.allow_retry()
        self.query(Field).last(Field).show_reason(reason)

    def on_unmount(self) -> None:
        self.cancelled.set()  # quitting the app must not wait for an approval

    def action_cancel(self) -> None:
        self.cancelled.set()
        self.dismiss(None)
