"""Helpers for driving the app headless with Pilot."""

from __future__ import annotations

from textual.pilot import Pilot


async def until(pilot: Pilot, condition, tries: int = 200) -> None:
    """Let the app work (debounce timer, worker threads, messages) until the condition holds."""
    for _ in range(tries):
        await pilot.pause(0.02)
        if condition():
            return
    raise AssertionError("the app never reached the expected state")
