"""First run without an index: offer to build one from the bundled sample documents."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, ProgressBar, Static


class FirstRunScreen(Screen):
    class Progressed(Message):
        def __init__(self, done: int, total: int | None, current: str) -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.current = current

    class Built(Message):
        def __init__(self, summary: str, error: str = "") -> None:
            super().__init__()
            self.summary = summary
            self.error = error

    def __init__(self, index_dir: Path, reason: str = "") -> None:
        super().__init__()
        self.index_dir = index_dir
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="firstrun", classes="dialog"):
            yield Static(Content.styled("No cable index yet", "bold $text-primary"), classes="dialog-title")
            yield Static(self._explanation(), id="firstrun-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Build sample index", variant="primary", id="build", compact=True)
                yield Button("Quit", id="quit", compact=True)
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static("", id="firstrun-status")
        yield Footer()

    def _explanation(self) -> Content:
        lines = [
            Content.assemble("There is no index at ", (str(self.index_dir), "bold")),
            Content(""),
            Content("Build one now from the 5 sample documents shipped with cablesearch"),
            Content("(two Embassy Lima cables and three OAS security documents),"),
            Content("or quit and index your own files with:"),
            Content.styled("    cables ingest PATH…   (or: cables ingest --sample)", "$text-accent"),
        ]
        if self.reason:
            lines += [Content(""), Content.styled(self.reason, "italic dim")]
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#build").focus()

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit()

    @on(Button.Pressed, "#build")
    def _build(self) -> None:
        self.query_one("#build", Button).disabled = True
        self.query_one("#progress").display = True
        self.query_one("#firstrun-status", Static).update("reading the sample documents…")
        self.build()

    @work(thread=True, exclusive=True, group="ingest")
    def build(self) -> None:
        # imported here: ingest pulls in the parsers and Whoosh, which the help screen never needs
        from index.ingest import bundled_samples, ingest

        def progress(p) -> None:
            self.post_message(self.Progressed(p.done, p.total, p.current))

        try:
            report = ingest(bundled_samples(), self.index_dir, workers=1, progress=progress)
        except Exception as error:  # noqa: BLE001 — shown on screen, the user can retry or quit
            self.post_message(self.Built("", f"could not build the index: {error}"))
            return
        summary = f"{report.new + report.updated + report.unchanged} documents indexed"
        if report.rejected:
            summary += f", {report.rejected} rejected"
        self.post_message(self.Built(summary))

    def on_first_run_screen_progressed(self, message: Progressed) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=message.total, progress=message.done)
        self.query_one("#firstrun-status", Static).update(f"{message.done} read · {message.current}")

    def on_first_run_screen_built(self, message: Built) -> None:
        status = self.query_one("#firstrun-status", Static)
        if message.error:
            status.update(Content.styled(message.error, "bold $text-error"))
            self.query_one("#build", Button).disabled = False
            return
        status.update(message.summary)
        self.app.index_built(message.summary)
