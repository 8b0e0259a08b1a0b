"""The Library is safe to call from many threads at once (the TUI's workers take no lock of their own)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


def test_searches_citations_and_reads_from_eight_threads_give_what_one_thread_gets(library):
    calls = [
        lambda: [h.id for h in library.search('"security dialogue"').hits],
        lambda: [h.id for h in library.search("peru", sort="newest").hits],
        lambda: library.cite("07 LIMA 2313 ¶7").found.citation,
        lambda: library.get("09LIMA1661").paragraph("2").marking,
        lambda: library.cited_by("09STATE112900"),
    ] * 8
    alone = [call() for call in calls]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda call: call(), calls))
    assert together == alone
    assert alone[0] == ["09LIMA1661"] and alone[3] == "SBU"
