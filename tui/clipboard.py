"""Copying text out of the terminal.

Textual's App.copy_to_clipboard sends OSC 52, which most terminals honour (also over ssh);
the app keeps the text too (App.clipboard), and we show it in a notification because some
terminals silently ignore OSC 52.
"""

from __future__ import annotations

from textual.app import App


def copy(app: App, text: str, what: str = "citation") -> None:
    app.copy_to_clipboard(text)
    app.notify(text, title=f"Copied {what}", timeout=6)
