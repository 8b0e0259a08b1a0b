"""Small modal dialogs: a one-line prompt (go to), a choice among ids, the export form, the mark form."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet

from tui.export import FORMATS

EXPORT_LABELS = dict(zip(FORMATS, ("Markdown", "Citation list (text)", "JSON"), strict=True))


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers, Escape cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt")
            if self.hint:
                yield Label(self.hint, classes="dialog-hint")

    @on(Input.Submitted, "#prompt")
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of several ids (an ambiguous citation)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*self.choices, id="choices")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Choose a format and a file path; answers (format, path) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, what: str, filenames: dict[str, str], labels: dict[str, str] | None = None) -> None:
        super().__init__()
        self.what = what
        self.filenames = filenames  # format -> default file name
        self.labels = labels or EXPORT_LABELS  # format -> its name in the form, in order
        self.format = next(iter(self.labels))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Export {self.what}", classes="dialog-title")
            with RadioSet(id="format"):
                for index, (fmt, label) in enumerate(self.labels.items()):
                    yield RadioButton(label, value=index == 0, name=fmt)
            yield Label("File (relative to the current folder):", classes="dialog-hint")
            yield Input(value=self.filenames[self.format], id="path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="ok", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed, "#format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        path = self.query_one("#path", Input)
        untouched = path.value == self.filenames[self.format]
        self.format = event.pressed.name or self.format
        if untouched:  # follow the format only while the user has not typed a name
            path.value = self.filenames[self.format]

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        self.dismiss((self.format, path) if path else None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class MarkScreen(ModalScreen[tuple[str, str, str] | None]):
    """Tags and a note for a mark: answers ("save", tags, note), ("remove", "", "") or None (cancel)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, what: str, tags: list[str], note: str, marked: bool) -> None:
        super().__init__()
        self.what = what
        self.tags = tags
        self.note = note
        self.marked = marked  # already marked: offer to remove the mark

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="mark-dialog"):
            yield Label(f"{'Edit the mark of' if self.marked else 'Mark'} {self.what}", classes="dialog-title")
            yield Label("Tags (separated by commas or spaces):", classes="dialog-hint")
            yield Input(value=", ".join(self.tags), placeholder="peru-mil, sofa", id="mark-tags")
            yield Label("Note:", classes="dialog-hint")
            yield Input(value=self.note, placeholder="why it matters", id="mark-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="mark-save", compact=True)
                if self.marked:
                    yield Button("Remove mark", variant="error", id="mark-remove", compact=True)
                yield Button("Cancel", id="mark-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#mark-tags", Input).focus()

    @on(Input.Submitted, "#mark-tags")
    def _next(self) -> None:
        self.query_one("#mark-note", Input).focus()

    @on(Input.Submitted, "#mark-note")
    @on(Button.Pressed, "#mark-save")
    def _save(self) -> None:
        self.dismiss(("save", self.query_one("#mark-tags", Input).value, self.query_one("#mark-note", Input).value))

    @on(Button.Pressed, "#mark-remove")
    def _remove(self) -> None:
        self.dismiss(("remove", "", ""))

    @on(Button.Pressed, "#mark-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
