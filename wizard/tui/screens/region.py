"""The region: only regions that serve the provider; Bedrock's fast model region apart."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.widgets import Input, OptionList, Static

from wizard.i18n import _
from wizard.tui import fields, flow
from wizard.tui.flow import Step
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.choices import NumberedList, choices
from wizard.tui.widgets.field import Field

FALLBACK_REGIONS: dict[str, tuple[str, ...]] = {
    "bedrock": (
        "us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-3",
        "eu-north-1", "ap-northeast-1", "ap-southeast-2", "ap-south-1", "ca-central-1",
    ),
    "vertex": ("global", "us-east5", "europe-west1", "europe-west4", "asia-southeast1"),
    "anthropic-aws": (
        "us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-3",
        "eu-north-1", "ap-northeast-1", "ap-southeast-2", "ap-south-1", "ca-central-1",
    ),
    "mantle": (
        "us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2",
        "eu-north-1", "ap-northeast-1", "ap-south-1",
    ),
    "anthropic-google-cloud": ("global",),
}  # fmt: skip
"""Offered when discovery fails; any other region can still be typed."""

AWS_KINDS = frozenset({"bedrock", "anthropic-aws", "mantle"})
"""Whose region is an AWS region (the field's example is then one of them)."""


def region_kind(values: dict[str, object]) -> str:
    """Whose regions are offered: the provider's own (a gateway's: the API it speaks)."""
    provider = values.get("provider")
    if provider == "gateway":
        return flow.gateway_api(values)
    return str(provider)


class RegionScreen(StepScreen):
    step: ClassVar[Step | None] = "region"

    def title_text(self) -> str:
        return _("Which region?")

    def body(self) -> ComposeResult:
        kind = region_kind(self.state.values)
        yield NumberedList([], id="choices", classes="short")
        yield Field(
            "region",
            fields.label("region"),
            self.state.draft("region"),
            lambda text: fields.check("region", text, self.state.values),
            placeholder="us-east-1" if kind in AWS_KINDS else "global",
        )
        if self.state.values.get("provider") == "bedrock":
            yield Field(
                "fast_model_region",
                fields.label("fast_model_region"),
                self.state.draft("fast_model_region"),
                lambda text: fields.check("fast_model_region", text, self.state.values),
                placeholder=_("optional: the same as the region"),
            )
        yield Static("", id="region-help", classes="hint")

    def on_mount(self) -> None:
        for name, reason in self.state.errors.items():
            for field in self.query(Field):
                if field.field_name == name:
                    field.show_reason(reason)
        self.show_regions(list(FALLBACK_REGIONS.get(region_kind(self.state.values), ())))
        self.query_one(NumberedList).focus()
        self.notice(_("Looking for regions…"), "busy")
        self.find_regions(region_kind(self.state.values))

    @work(thread=True, exclusive=True, exit_on_error=False, group="regions")
    def find_regions(self, kind: str) -> None:
        try:
            found = self.wizard.discovery.regions(kind)
        except Exception as exc:  # noqa: BLE001 - one sentence, the built-in list stays
            self.failed_in_worker(exc, _("{reason} — pick from the usual regions or type one."))
            return
        self.app.call_from_thread(self.show_regions, found)
        self.app.call_from_thread(self.notice, "")

    def show_regions(self, regions: list[str]) -> None:
        listing = self.query_one(NumberedList)
        listing.clear_options()
        listing.add_options(choices((r, "", r) for r in regions))
        current = self.state.values.get("region")
        listing.highlight_id(current if current in regions else None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#field-region", Field).input.value = event.option.id or ""
        self.submit()

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("input-")
        self.state.drafts[name] = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        region = self.query_one("#field-region", Field)
        reason = region.refresh_reason()
        if not reason and not region.text.strip():
            reason = _("is required")
            region.show_reason(reason)
        found = {"region": region.text.strip()}
        for fast in self.query("#field-fast_model_region").results(Field):
            reason = fast.refresh_reason() or reason
            found["fast_model_region"] = fast.text.strip()
        if reason:
            self.notice(_("Fix the fields marked in red first."), "error")
            return
        self.next(**found)
