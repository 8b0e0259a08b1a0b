"""Header and signature fields read from real cables: the cases in data/cable_fields.tsv.

Each row quotes a cable of the 6,712 WikiLeaks pages verbatim (its header from the
classification line, a REF line, or its last lines) and says what a reader sees in it: the
references it cites, its id as Cablegate writes it, its subject, its TAGS, the person who
classified it, who signed it.  The rows are the kinds of header the parser used to misread:
REF lists over lines or repeated, misspelt stations, EFTO ids, subjects after a bare label or
run on into the SBU notice, classifiers with their titles, TAGS lines with text run on.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from corpus.cable import parse_cable_text
from corpus.cable.body import parse_body
from corpus.ids import canonical_id, id_year
from corpus.refs import parse_references

CASES = Path(__file__).with_name("data") / "cable_fields.tsv"


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _cases() -> list[pytest.param]:
    with open(CASES, encoding="utf-8", newline="") as f:
        rows = [row for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if row and not row[0].startswith("#")]
    return [pytest.param(field, cable, _unescape(text), expected, id=f"{field}-{cable}-{why}")
            for field, cable, text, expected, why in rows]


def _cable(cable: str, text: str):  # noqa: ANN202 - a Cable
    # The quoted header has no date line; the page's own year stands in, as a WikiLeaks page gives it.
    return parse_cable_text(text, source=cable, default_date=datetime(id_year(cable) or 2000, 1, 1))


def read(field: str, cable: str, text: str) -> str:
    """What the parser reads for ``field`` in ``text``, written as the data file writes it."""
    if field == "written_id":
        return canonical_id(text) or ""
    if field == "ref_line":
        refs = parse_references(text, year=id_year(cable), self_id=cable)
        return " ".join(i for r in refs for i in r.ids)
    if field == "signer":
        return parse_body(text).signer or ""
    parsed = _cable(cable, text)
    if field == "references":
        return " ".join(i for r in parsed.references for i in r.ids)
    if field == "id":
        return parsed.id
    if field == "subject":
        return parsed.subject
    if field == "classified_by":
        return parsed.classified_by or ""
    if field == "tags":
        codes = [t.code for t in parsed.tags if t.kind != "other"]
        free = [t.code for t in parsed.tags if t.kind == "other"]
        return "|".join([" ".join(codes), *free])
    raise AssertionError(f"unknown field {field!r} in {CASES.name}")


@pytest.mark.parametrize("field, cable, text, expected", _cases())
def test_the_field_reads_as_the_cable_writes_it(field: str, cable: str, text: str, expected: str) -> None:
    assert read(field, cable, text) == expected


def test_every_kind_of_field_has_cases_from_real_cables() -> None:
    fields = {p.values[0] for p in _cases()}
    assert fields == {"references", "ref_line", "id", "written_id", "signer", "subject", "classified_by", "tags"}
    assert all(p.values[1][:2].isdigit() for p in _cases())  # each names the cable it quotes


def test_the_classifier_text_keeps_what_the_cable_says() -> None:
    # 09PANAMA881: "CLASSIFIED BY: GILMOUR, David, DCM, State, Embassy Panama; REASON:\n1.4(B), (D)"
    row = next(p for p in _cases() if p.values[0] == "classified_by" and p.values[1] == "09PANAMA881")
    cable = _cable("09PANAMA881", row.values[2])
    assert cable.classified_by == "David Gilmour"
    assert cable.classified_by_text.startswith("GILMOUR, David, DCM, State, Embassy Panama; REASON:")
    assert cable.reasons == "1.4(b), (d)"
