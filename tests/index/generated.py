"""Generated cable texts for ingest tests: many small, distinct, parseable cables."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """\
VZCZCXYZ{n:04d}
O 201658Z NOV 09
FM AMEMBASSY LIMA
TO RUEHC/SECSTATE WASHDC IMMEDIATE

C O N F I D E N T I A L LIMA {serial:06d}

SIPDIS

E.O. 12958: DECL: 2019/11/20
TAGS: PREL PE
SUBJECT: PERU: GENERATED REPORT NUMBER {n}

1. (U) This is generated report number {n} about the security dialogue.

2. (C) {extra}

MCKINLEY
"""


def cable_text(n: int, extra: str = "Nothing further to report.") -> str:
    return TEMPLATE.format(n=n, serial=2000 + n, extra=extra)


def cable_id(n: int) -> str:
    return f"09LIMA{2000 + n}"


def write_cables(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"cable-{n:05d}.txt"
        path.write_text(cable_text(n), encoding="utf-8")
        paths.append(path)
    return paths
