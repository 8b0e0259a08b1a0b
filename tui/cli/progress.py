"""Ingest progress on stderr: a bar with rate and ETA on a terminal, a plain line every few
seconds when stderr is a file or a pipe (a log, CI)."""

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
        now = time.monotonic()
        rate = p.done / max(now - self.start, 1e-6)
        if p.total:
            frac = min(p.done / p.total, 1.0)
            eta = (p.total - p.done) / rate if rate > 0 else 0
            where = f"{p.done}/{p.total} {frac:4.0%}"
            eta_text = f" ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        else:
            frac, where, eta_text = None, f"{p.done}", ""
        counts = f"new {p.new} upd {p.updated} same {p.unchanged} rej {p.rejected}"
        if self.tty:
            bar = ""
            if frac is not None:
                filled = int(frac * BAR_WIDTH)
                bar = "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "] "
            self.stream.write(f"\r{bar}{where} files {rate:.0f}/s{eta_text}  {counts}\x1b[K")
            self.stream.flush()
            self.drawn = True
        elif now - self.last >= EVERY:
            self.last = now
            self.stream.write(f"ingest: {where} files, {rate:.0f}/s{eta_text}, {counts}\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
