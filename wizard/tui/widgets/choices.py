"""A list of choices where a digit picks one, as do Up/Down and Enter."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wizard.i18n import N_
from wizard.safetext import one_line


def choices(rows: Iterable[tuple[str, str, str | None]]) -> list[Option]:
    """Numbered lines ``(title, detail, id)``, their details starting in one column."""
    listed = list(rows)
    width = max((cell_len(one_line(title)) for title, _detail, _id in listed), default=0)
    return [
        choice(number, title, detail, option_id, width)
        for number, (title, detail, option_id) in enumerate(listed, 1)
    ]


def choice(
    number: int, title: str, detail: str = "", option_id: str | None = None, title_width: int = 0
) -> Option:
    """One numbered line: ``1  Title  detail``; numbers beyond 9 are picked with the arrows.

    A detail too long for the line wraps under itself, not under the number. A title or detail
    read from a file or a server (an AWS profile, an account name) is shown, never obeyed."""
    title, detail = one_line(title), one_line(detail)
    prompt = Table.grid(padding=(0, 2, 0, 0))
    prompt.add_column(no_wrap=True, min_width=1)
    prompt.add_column(no_wrap=True, min_width=title_width)
    prompt.add_column(ratio=1)
    prompt.add_row(
        Text(f"{number}" if number <= 9 else "", style="bold"),
        Text(title, style="bold"),
        Text(detail, style="dim"),
    )
    return Option(prompt, id=option_id)


class NumberedList(OptionList):
    """``OptionList`` whose options are picked by their number.

    With ``pick_on_digit`` a digit selects at once (the screen moves on); without, it only
    highlights, for lists where Enter and other keys then say what to do with the choice.
    """

    BINDINGS = [
        Binding(
            str(n), f"pick({n - 1})", N_("Pick"), id=f"pick-{n}", show=n == 1, key_display="1-9"
        )
        for n in range(1, 10)
    ]

    def __init__(
        self,
        options: Iterable[Option] = (),
        *,
        pick_on_digit: bool = True,
        id: str | None = None,  # noqa: A002 - Textual's own name
        classes: str | None = None,
    ) -> None:
        super().__init__(*options, id=id, classes=classes)
        self.pick_on_digit = pick_on_digit

    def action_pick(self, index: int) -> None:
        if index >= self.option_count or self.get_option_at_index(index).disabled:
            return
        self.highlighted = index
        if self.pick_on_digit:
            self.action_select()

    def highlight_id(self, option_id: str | None) -> None:
        if option_id is None:
            return
        try:
            index = self.get_option_index(option_id)
        except Exception:  # noqa: BLE001 - an old value no longer offered: keep the first
            index = 0
        if not self.get_option_at_index(index).disabled:
            self.highlighted = index
