"""Progress on stderr (ingest, batch search): a bar with rate and ETA on a terminal, a plain line
every few seconds when stderr is a file or a pipe (a log, CI)."""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 24
EVERY = 5.0  # seconds between lines when not a terminal


class Progress:
    """Called with index.ingest.IngestProgress; ``finish()`` ends the bar's line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.drawn = False

    def __call__(self, p) -> None:  # noqa: ANN001 - index.ingest.IngestProgress
        self.draw(p.done, p.total, "files", f"new {p.new} upd {p.updated} same {p.unchanged} rej {p.rejected}")

    def draw(self, done: int, total: int | None, unit: str, counts: str = "", *, what: str = "ingest") -> None:
        """``done`` of ``total`` ``unit`` (files, queries) so far, with ``counts`` after the rate."""
        now = time.monotonic()
        rate = done / max(now - self.start, 1e-6)
        if total:
            frac = min(done / total, 1.0)
            eta = (total - done) / rate if rate > 0 else 0
            where = f"{done}/{total} {frac:4.0%}"
            eta_text = f" ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        else:
            frac, where, eta_text = None, f"{done}", ""
        if self.tty:
            bar = ""
            if frac is not None:
                filled = int(frac * BAR_WIDTH)
                bar = "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "] "
            self.stream.write(f"\r{bar}{where} {unit} {rate:.0f}/s{eta_text}  {counts}\x1b[K")
            self.stream.flush()
            self.drawn = True
        elif now - self.last >= EVERY:
            self.last = now
            self.stream.write(f"{what}: {where} {unit}, {rate:.0f}/s{eta_text}{', ' + counts if counts else ''}\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
