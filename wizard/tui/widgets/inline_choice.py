"""A labelled choice of a few short values on one line, lined up with the fields (no margin
above: it sits right under the field it goes with)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, RadioButton, RadioSet, Static


class InlineChoice(Static):
    """``Label  (•) first  ( ) second …``: Left/Right move, Space or Enter picks.

    ``options`` are ``(value, text)``; the value ``""`` stands for "not set". A saved value
    that is not among them is added as it is, chosen. ``hint`` is what the screen says of the
    choice while it has the focus (one line would not fit under it)."""

    DEFAULT_CSS = """
    InlineChoice { height: auto; margin: 0; }
    InlineChoice > Horizontal { height: 1; }
    InlineChoice Label.field-label { width: 22; padding: 0 1 0 0; text-align: right; }
    InlineChoice RadioSet { layout: horizontal; border: none; padding: 0; height: 1;
        width: 1fr; background: $boost; }
    InlineChoice RadioSet:focus { border: none; background: $primary 25%; }
    InlineChoice RadioSet > RadioButton { width: auto; padding: 0; margin: 0 2 0 0; }
    """

    def __init__(
        self,
        name: str,
        label: str,
        options: Sequence[tuple[str, str]],
        selected: str = "",
        *,
        hint: str = "",
    ) -> None:
        super().__init__(id=f"choice-{name}")
        self.field_name = name
        self.label_text = label
        self.options = list(options)
        if selected not in (value for value, _text in self.options):
            self.options.append((selected, selected))
        self.selected = selected
        self.hint_text = hint

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label_text, classes="field-label")
            with RadioSet(id=f"radios-{self.field_name}"):
                for value, text in self.options:
                    yield RadioButton(text, value == self.selected, name=value)

    @property
    def value(self) -> str:
        """The chosen value (``""``: not set)."""
        pressed = self.query_one(RadioSet).pressed_button
        return (pressed.name or "") if pressed is not None else self.selected
